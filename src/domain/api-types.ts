// Shapes of API answers shared by the server that writes them and the web app that reads them.

/** One line of the case-file list. */
export interface CaseSummary {
  id: string;
  code: string;
  personId: string;
  personName: string;
  sex: string;
  state: string;
  traffickingStatus: string;
  detectionDate: string;
  detectionUbigeo: string;
  version: number;
  updatedAt: string;
  /** Another agency's record shared with the reader's: whose, on which basis, and whether identity (G1) came with it. */
  shared?: { ownerAgency: string; bases: string[]; identity: boolean };
}

/** A page of the case-file list. */
export interface CaseList {
  items: CaseSummary[];
  /** How many match: exact, or when `totalAtLeast`, a floor (counting stops a while past the page asked). */
  total: number;
  totalAtLeast: boolean;
  page: number;
  pageSize: number;
}

/** One action in a case file's history (its own and its person's), newest first. */
export interface HistoryEntry {
  at: string;
  entityType: 'person' | 'case_file';
  type: string;
  version: number;
  actor: string | null;
  unit: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}
