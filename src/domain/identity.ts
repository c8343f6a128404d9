// Which fields identify a person or must stay secret, and how records split into an open part
// (queryable, counted in statistics) and a sealed part (kept only in the identity vault). Pure.
import type { CaseFileData, PersonData } from './records.ts';

export const IDENTITY_FIELDS = [
  'givenNames',
  'paternalSurname',
  'maternalSurname',
  'fullName',
  'socialName',
  'aliases',
  'identificationDescription',
  'birthDate',
  'documents',
] as const;

const IDENTITY = new Set<string>(IDENTITY_FIELDS);

export type Identity = Partial<Pick<PersonData, (typeof IDENTITY_FIELDS)[number]>>;

/** Splits person data or changes into what may be stored readable and what must be sealed. */
export function splitIdentity<T extends object>(data: T): { open: Record<string, unknown>; sealed: Record<string, unknown> } {
  const open: Record<string, unknown> = {};
  const sealed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) (IDENTITY.has(k) ? sealed : open)[k] = v;
  return { open, sealed };
}

/** Free text of a case file that may name people or places: sealed with the person's key. */
export interface CaseSecrets {
  confidentialNotes?: string | null;
  recruitmentPlaceDescription?: string | null;
  exploitationPlaceDescriptions?: (string | null)[];
  /** The reason of a proposed closure or supervised move: the proposer's words may name people. */
  closureProposalReason?: string;
}

type Proposal = { reason?: string | undefined } & Record<string, unknown>;

type Place = { country: string; ubigeo?: string | undefined; description?: string | undefined };

export function splitCaseSecrets<T extends Partial<CaseFileData>>(data: T): { open: T; secrets: CaseSecrets } {
  const open = { ...data } as T & Record<string, unknown>;
  const secrets: CaseSecrets = {};
  if ('confidentialNotes' in data) {
    secrets.confidentialNotes = (data as { confidentialNotes?: string | null }).confidentialNotes ?? null;
    delete open.confidentialNotes;
  }
  const recruitment = data.recruitmentPlace as Place | undefined;
  if (recruitment?.description !== undefined) {
    secrets.recruitmentPlaceDescription = recruitment.description;
    const { description: _d, ...rest } = recruitment;
    open.recruitmentPlace = rest;
  }
  const places = data.exploitationPlaces as Place[] | undefined;
  if (places?.some((p) => p.description !== undefined)) {
    secrets.exploitationPlaceDescriptions = places.map((p) => p.description ?? null);
    open.exploitationPlaces = places.map(({ description: _d, ...rest }) => rest);
  }
  const proposal = (data as { closureProposal?: Proposal }).closureProposal;
  if (proposal?.reason) {
    secrets.closureProposalReason = proposal.reason;
    const { reason: _r, ...rest } = proposal;
    (open as Record<string, unknown>).closureProposal = rest;
  }
  return { open, secrets };
}

export function joinCaseSecrets<T extends Partial<CaseFileData>>(open: T, secrets: CaseSecrets | undefined): T {
  if (!secrets) return open;
  const joined = { ...open } as T & Record<string, unknown>;
  if (secrets.confidentialNotes) joined.confidentialNotes = secrets.confidentialNotes;
  else if (secrets.confidentialNotes === null) delete joined.confidentialNotes;
  if (secrets.recruitmentPlaceDescription && joined.recruitmentPlace) joined.recruitmentPlace = { ...(joined.recruitmentPlace as Place), description: secrets.recruitmentPlaceDescription };
  if (secrets.exploitationPlaceDescriptions && Array.isArray(joined.exploitationPlaces)) {
    joined.exploitationPlaces = (joined.exploitationPlaces as Place[]).map((p, i) => {
      const d = secrets.exploitationPlaceDescriptions?.[i];
      return d ? { ...p, description: d } : p;
    });
  }
  const withProposal = joined as Record<string, unknown>;
  if (secrets.closureProposalReason && withProposal.closureProposal) withProposal.closureProposal = { ...(withProposal.closureProposal as Proposal), reason: secrets.closureProposalReason };
  return joined;
}

export function hasSecrets(secrets: CaseSecrets): boolean {
  return Object.keys(secrets).length > 0;
}
