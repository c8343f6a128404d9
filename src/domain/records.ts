// Persons and case files as they are derived from their actions (the OpenCRVS model): state is
// never written directly, only by folding the append-only actions through these reducers.
import type { CaseClosure, ClosureProposal } from './case-closure.ts';
import type { CaseState } from './case-lifecycle.ts';
import { ageRange, parsePartialDate, todayInPeru } from './dates.ts';
import type { CaseFileChanges, CaseFileInput, PersonChanges, PersonInput } from './schemas.ts';

export type PersonData = PersonInput;
export type CaseFileData = CaseFileInput;

export interface PersonRecord extends PersonData {
  id: string;
  version: number;
  ownerAgencyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface CaseFileRecord extends CaseFileData {
  id: string;
  code: string;
  personId: string;
  state: CaseState;
  stateBeforeSuspension?: CaseState;
  reviewDate?: string;
  /** Day (in Lima) the file first entered care (EN_ATENCION): what indicator B7 measures the plan against. */
  careStartedOn?: string;
  /** §6.15 Why, when and by whom the file was closed; kept while it stays closed. */
  closure?: CaseClosure;
  /** §8.1 A closure proposed and waiting for a supervisor's approval; the file keeps its state meanwhile. */
  closureProposal?: ClosureProposal;
  version: number;
  ownerAgencyId: string;
  registeringUnitId: string;
  createdAt: string;
  updatedAt: string;
}

/** What every action carries besides its own content. */
export interface ActionMeta {
  entityId: string;
  /** The version of the entity this action produces: 1 for the first. */
  version: number;
  at: string;
  actorUserId: string | null;
  actorUnitId: string | null;
  agencyId: string;
  reason?: string | undefined;
}

export type PersonAction =
  | (ActionMeta & { type: 'person.registered'; data: PersonData })
  | (ActionMeta & { type: 'person.updated'; changes: PersonChanges });

export type CaseFileAction =
  | (ActionMeta & { type: 'case.registered'; data: CaseFileData; code: string; personId: string; registeringUnitId: string })
  | (ActionMeta & { type: 'case.updated'; changes: CaseFileChanges })
  | (ActionMeta & { type: 'case.transitioned'; from: CaseState; to: CaseState; reviewDate?: string | undefined; closure?: CaseClosure | undefined; proposedBy?: string | undefined })
  /**
   * A case worker proposes a supervised move (§8.1: closing with this record, discarding, closing by
   * referral, moving to reintegration); a supervisor decides. Without `to` it is a closure (CERRADO).
   */
  | (ActionMeta & { type: 'case.closureProposed'; to?: CaseState | undefined; closure?: CaseClosure | undefined })
  /** A supervisor returns the proposal (the reason says why): the file stays open. */
  | (ActionMeta & { type: 'case.closureReturned'; to?: CaseState | undefined });

export type DomainAction = PersonAction | CaseFileAction;

/**
 * A row of an agency's file imported as one action: a new person and, when the row holds case
 * data, her first case file, registered together. Logged on the person (entity version 1); the
 * case file's own actions follow from its version 2. It derives exactly what `person.registered`
 * and `case.registered` would (applyRecordImported), and names the import and the row it came from.
 * `extra`: what the row held that our records have no field for (sealed with the identity).
 */
export type RecordImportedAction = ActionMeta & {
  type: 'record.imported';
  data: PersonData;
  caseFile?: { id: string; code: string; registeringUnitId: string; data: CaseFileData } | undefined;
  import: { batchId: string; rowNumber: number };
  extra?: Record<string, unknown> | undefined;
};

/** The two registrations an imported row stands for (what a rebuild and a history show). */
export function registrationsOfImport(action: RecordImportedAction): { person: PersonAction; caseFile?: CaseFileAction } {
  const meta = { version: 1, at: action.at, actorUserId: action.actorUserId, actorUnitId: action.actorUnitId, agencyId: action.agencyId, ...(action.reason !== undefined ? { reason: action.reason } : {}) };
  const person: PersonAction = { type: 'person.registered', data: action.data, entityId: action.entityId, ...meta };
  if (!action.caseFile) return { person };
  const { id, code, registeringUnitId, data } = action.caseFile;
  return { person, caseFile: { type: 'case.registered', data, code, personId: action.entityId, registeringUnitId, entityId: id, ...meta } };
}

/** The person and case file an imported row registers: what its two registrations would make. */
export function applyRecordImported(action: RecordImportedAction): { person: PersonRecord; caseFile?: CaseFileRecord } {
  if (action.version !== 1) throw new Error(`record.imported of ${action.entityId} at version ${action.version}`);
  const { person, caseFile } = registrationsOfImport(action);
  return { person: applyPersonAction(undefined, person), ...(caseFile ? { caseFile: applyCaseFileAction(undefined, caseFile) } : {}) };
}

/** Applies changes where `null` clears a field and `undefined` leaves it alone. */
function withChanges<T extends object>(state: T, changes: object): T {
  const next = { ...state } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

/**
 * `{ ...data, ...fields }`, the same object with its keys in the same order: V8 (Node 20) adds
 * each property that follows a spread slowly, about 1 µs each, and an import registers two
 * records a row. An own `__proto__` key (JSON.parse makes one) takes the spread itself.
 */
function withFields<T extends object, U extends object>(data: T, fields: U): T & U {
  if (Object.hasOwn(data, '__proto__')) return { ...data, ...fields };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) out[key] = (data as Record<string, unknown>)[key];
  for (const key of Object.keys(fields)) out[key] = (fields as Record<string, unknown>)[key];
  return out as T & U;
}

function expectVersion(current: { version: number } | undefined, action: ActionMeta): void {
  const expected = (current?.version ?? 0) + 1;
  if (action.version !== expected) throw new Error(`action version ${action.version} does not follow ${expected - 1} for ${action.entityId}`);
}

export function applyPersonAction(state: PersonRecord | undefined, action: PersonAction): PersonRecord {
  expectVersion(state, action);
  switch (action.type) {
    case 'person.registered':
      if (state) throw new Error(`person ${action.entityId} registered twice`);
      return withFields(action.data, { id: action.entityId, version: 1 as const, ownerAgencyId: action.agencyId, createdAt: action.at, updatedAt: action.at });
    case 'person.updated':
      if (!state) throw new Error(`person ${action.entityId} updated before it was registered`);
      return { ...withChanges(state, action.changes), version: action.version, updatedAt: action.at };
  }
}

export function applyCaseFileAction(state: CaseFileRecord | undefined, action: CaseFileAction): CaseFileRecord {
  expectVersion(state, action);
  if (action.type === 'case.registered') {
    if (state) throw new Error(`case file ${action.entityId} registered twice`);
    return withFields(action.data, {
      id: action.entityId,
      code: action.code,
      personId: action.personId,
      state: 'DETECTADO' as const,
      version: 1,
      ownerAgencyId: action.agencyId,
      registeringUnitId: action.registeringUnitId,
      createdAt: action.at,
      updatedAt: action.at,
    });
  }
  if (!state) throw new Error(`case file ${action.entityId} changed before it was registered`);
  const touched = { version: action.version, updatedAt: action.at };
  if (action.type === 'case.updated') return { ...withChanges(state, action.changes), ...touched };
  if (action.type === 'case.closureProposed') {
    return { ...state, ...touched, closureProposal: { to: action.to ?? 'CERRADO', ...(action.closure ? { closure: action.closure } : {}), reason: action.reason ?? '', proposedBy: action.actorUserId ?? '', proposedAt: action.at } };
  }
  if (action.type === 'case.closureReturned') {
    const { closureProposal: _returned, ...rest } = state;
    return { ...rest, ...touched };
  }
  // Any move settles a pending proposal: an approval closes the file, another move leaves it behind.
  const { closureProposal: _settled, ...moved } = state;
  const next: CaseFileRecord = { ...moved, ...touched, state: action.to };
  if (action.to === 'EN_ATENCION' && !next.careStartedOn) next.careStartedOn = todayInPeru(new Date(action.at));
  if (action.to === 'SUSPENDIDO') {
    next.stateBeforeSuspension = action.from;
    if (action.reviewDate) next.reviewDate = action.reviewDate;
  } else {
    delete next.stateBeforeSuspension;
    delete next.reviewDate;
  }
  if (action.closure) next.closure = action.closure;
  else if (action.to !== 'CERRADO' && action.to !== 'CERRADO_DERIVADO') delete next.closure;
  return next;
}

/**
 * Whether the person was a child (NNA) at detection, from her birth date or estimated age when
 * they settle it; otherwise what was recorded. Returns `conflict` when the record contradicts them.
 */
export function minorAtDetection(
  person: Pick<PersonData, 'birthDate' | 'estimatedAge'>,
  detectionDate: string,
  recorded: string,
): { value: string; conflict: boolean } {
  let derived: 'SI' | 'NO' | undefined;
  const birth = person.birthDate ? parsePartialDate(person.birthDate) : undefined;
  if (birth) {
    const [min, max] = ageRange(birth, detectionDate);
    if (max < 18) derived = 'SI';
    else if (min >= 18) derived = 'NO';
  } else if (person.estimatedAge !== undefined) {
    derived = person.estimatedAge < 18 ? 'SI' : 'NO';
  }
  if (derived === undefined) return { value: recorded, conflict: false };
  const conflict = (recorded === 'SI' || recorded === 'NO') && recorded !== derived && person.estimatedAge === undefined;
  return { value: derived, conflict };
}

/**
 * Normalised name tokens used to search for a person: lower case, no accents, and ñ as n, since
 * many keyboards and registries write "Nahui" for "Ñahui".
 */
export function nameTokens(person: Pick<PersonData, 'givenNames' | 'paternalSurname' | 'maternalSurname' | 'fullName' | 'socialName' | 'aliases'>): string[] {
  const text = [person.givenNames, person.paternalSurname, person.maternalSurname, person.fullName, person.socialName, ...(person.aliases ?? [])]
    .filter(Boolean)
    .join(' ');
  return searchTokens(text);
}

export function searchTokens(text: string): string[] {
  return [...new Set(foldForSearch(text).replace(/ñ/g, 'n').split(/[^a-z0-9]+/).filter((t) => t.length > 0))];
}

/** Lower case without accents, keeping ñ: "María Ñahui" → "maria ñahui". */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/ñ/g, '\u0000')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0000/g, 'ñ');
}

/** The name to show for a person in lists: social name first, as she wants to be called. */
export function displayName(person: Pick<PersonData, 'givenNames' | 'paternalSurname' | 'maternalSurname' | 'fullName' | 'socialName' | 'aliases' | 'identificationDescription'>): string {
  if (person.socialName) return person.socialName;
  const parts = [person.givenNames, person.paternalSurname, person.maternalSurname].filter(Boolean);
  if (parts.length > 0) return parts.join(' ');
  return person.fullName ?? person.aliases?.[0] ?? person.identificationDescription ?? '';
}
