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
}

/** A page of the case-file list. */
export interface CaseList {
  items: CaseSummary[];
  total: number;
  page: number;
  pageSize: number;
}
