// How records and actions are written with their identity sealed, and read back. The open part
// stays queryable; names, documents, exact birth dates and free-text notes are sealed under the
// person's data key, and found again only through blind indexes.
import { normaliseDocumentNumber } from '../../domain/documents.ts';
import { hasSecrets, joinCaseSecrets, splitCaseSecrets, splitIdentity, type CaseSecrets } from '../../domain/identity.ts';
import { displayName, nameTokens, type CaseFileAction, type CaseFileRecord, type PersonAction, type PersonData, type PersonRecord } from '../../domain/records.ts';
import type { MatchAction } from '../../domain/matches.ts';
import { entityTypeOf, type FollowUpAreaAction } from '../../domain/followup-records.ts';
import type { Vault } from '../crypto/vault.ts';

export type AnyAction = PersonAction | CaseFileAction | MatchAction | FollowUpAreaAction;

const PERSON_META = new Set(['id', 'version', 'ownerAgencyId', 'createdAt', 'updatedAt']);
const CASE_META = new Set(['id', 'code', 'personId', 'version', 'ownerAgencyId', 'registeringUnitId', 'createdAt', 'updatedAt', 'state']);
const ACTION_META = new Set(['type', 'entityId', 'version', 'at', 'actorUserId', 'actorUnitId', 'agencyId', 'reason']);

const CASE_REGISTRATION_META = new Set([...CASE_META, 'stateBeforeSuspension', 'reviewDate', 'careStartedOn']);

/** The record without `keys` (a plain loop: an import strips six records a row). Records are plain objects: no inherited keys. */
function strip(record: object, keys: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = record as Record<string, unknown>;
  for (const k in fields) if (!keys.has(k)) out[k] = fields[k];
  return out;
}

/** What a registration action carries: the record without its bookkeeping (ids, versions, state). */
export function registrationData(record: PersonRecord): PersonData;
export function registrationData(record: CaseFileRecord): CaseFileRecord;
export function registrationData(record: PersonRecord | CaseFileRecord): object {
  return 'code' in record ? strip(record, CASE_REGISTRATION_META) : strip(record, PERSON_META);
}

/** A keyed hash of a normalised value (Vault.blindIndex, or a memo of it). */
export type BlindIndex = (kind: string, value: string) => string;

/**
 * Vault.blindIndex remembering what it computed, for one bulk write: the names of a file repeat
 * (a few thousand given names and surnames across 100,000 rows), and each HMAC costs ~10 µs.
 * Held only as long as the caller keeps the function.
 */
export function blindIndexMemo(vault: Vault): BlindIndex {
  const memo = new Map<string, string>();
  return (kind, value) => {
    const key = `${kind}\u0000${value}`;
    let hash = memo.get(key);
    if (hash === undefined) {
      hash = vault.blindIndex(kind, value);
      memo.set(key, hash);
    }
    return hash;
  };
}

/** Search tokens of a name, as keyed hashes: the same name gives the same tokens, and nothing else. */
export function blindNameTokens(vault: Vault, person: Partial<PersonData>, blind: BlindIndex = (kind, value) => vault.blindIndex(kind, value)): string[] {
  return nameTokens(person).map((t) => blind('name', t));
}

export function blindDocuments(vault: Vault, person: Partial<PersonData>, blind: BlindIndex = (kind, value) => vault.blindIndex(kind, value)): string[] {
  return (person.documents ?? []).filter((d) => d.number).map((d) => blind('document', normaliseDocumentNumber(d.number ?? '')));
}

export function blindDocumentNumber(vault: Vault, number: string): string {
  return vault.blindIndex('document', normaliseDocumentNumber(number));
}

export interface PersonColumns {
  data: Record<string, unknown>;
  sealed: Buffer;
  nameTokens: string[];
  documentIndex: string[];
  birthYear: number | null;
}

export function personColumns(vault: Vault, key: Buffer, p: PersonRecord, blind?: BlindIndex): PersonColumns {
  const { open, sealed } = splitIdentity(strip(p, PERSON_META));
  return {
    data: open,
    sealed: vault.sealJson(key, sealed, `person:${p.id}`),
    nameTokens: blindNameTokens(vault, p, blind),
    documentIndex: blindDocuments(vault, p, blind),
    birthYear: birthYearOf(p),
  };
}

/** The year of a person's birth date, kept in clear for the age statistics (null without one). */
export function birthYearOf(p: PersonRecord): number | null {
  return p.birthDate ? Number(p.birthDate.slice(0, 4)) : null;
}

/** The sealed identity of a person's row; undefined without her key (erased). */
export function openIdentity(vault: Vault, key: Buffer | undefined, row: { id: string; sealed: Buffer | Uint8Array | null }): Record<string, unknown> | undefined {
  return key && row.sealed ? vault.openJson<Record<string, unknown>>(key, Buffer.from(row.sealed), `person:${row.id}`) : undefined;
}

/**
 * The person from her row. Without her key (erased under the right of cancellation) the identity
 * is gone and `erased` says so; everything else is still there.
 */
export function personFromColumns(
  vault: Vault,
  key: Buffer | undefined,
  row: { id: string; owner_agency_id: string; version: number; data: Record<string, unknown>; sealed: Buffer | Uint8Array | null; created_at: Date | string; updated_at: Date | string },
): PersonRecord & { erased?: true } {
  const identity = openIdentity(vault, key, row);
  return {
    ...(row.data as Omit<PersonRecord, 'id'>),
    ...identity,
    id: row.id,
    version: row.version,
    ownerAgencyId: row.owner_agency_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    ...(identity ? {} : { erased: true as const }),
  };
}

/** The readable part of a person, for one whose key is gone. */
personColumns.open = (p: PersonRecord): Record<string, unknown> => splitIdentity(strip(p, PERSON_META)).open;

export function caseColumns(vault: Vault, key: Buffer | undefined, c: CaseFileRecord): { data: Record<string, unknown>; sealed: Buffer | null } {
  const { open, secrets } = splitCaseSecrets(strip(c, CASE_META));
  return { data: open, sealed: key && hasSecrets(secrets) ? vault.sealJson(key, secrets, `case:${c.id}`) : null };
}

export function caseFromColumns(
  vault: Vault,
  key: Buffer | undefined,
  row: { id: string; code: string; person_id: string; owner_agency_id: string; registering_unit_id: string; state: string; version: number; data: Record<string, unknown>; sealed: Buffer | Uint8Array | null; created_at: Date | string; updated_at: Date | string },
): CaseFileRecord {
  const secrets = key && row.sealed ? vault.openJson<CaseSecrets>(key, Buffer.from(row.sealed), `case:${row.id}`) : undefined;
  return {
    ...(joinCaseSecrets(row.data, secrets) as Omit<CaseFileRecord, 'id'>),
    id: row.id,
    code: row.code,
    personId: row.person_id,
    ownerAgencyId: row.owner_agency_id,
    registeringUnitId: row.registering_unit_id,
    state: row.state as CaseFileRecord['state'],
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * How `actions.reason` holds a reason: the reason of an edit, a move, a decision may name the
 * person or tell her story, so it is sealed like the rest. `sealed:p` — inside the action's sealed
 * part, under the person's key (erasing her destroys it too); `sealed:s:<base64>` — for an action
 * without a person's key (a linkage decision), under the service key of the action log. Older rows
 * hold it in clear and are read as they are.
 */
const REASON_IN_PAYLOAD = 'sealed:p';
/** A reason the system writes itself: `import:<batch id>`. */
const SYSTEM_REASON = /^import:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REASON_SEALED_BY_SERVICE = /^sealed:s:([A-Za-z0-9+/=]+)$/;
const reasonAad = (entityId: string, version: number) => `action-reason:${entityId}:${version}`;

/** Marks a reason whose key is gone (the person was erased) or that the reader is not given. */
export const REASON_WITHHELD = '[motivo reservado / reason withheld]';

/** An action's payload split into the readable part and the part sealed under the person's key; its reason sealed. */
export function actionColumns(vault: Vault, key: Buffer | undefined, action: AnyAction): { payload: Record<string, unknown>; sealed: Buffer | null; reason: string | null } {
  const payload = strip(action, ACTION_META);
  let secret: Record<string, unknown> | undefined;
  if (action.type === 'person.registered' || action.type === 'person.updated') {
    const field = action.type === 'person.registered' ? 'data' : 'changes';
    const { open, sealed } = splitIdentity(payload[field] as object);
    payload[field] = open;
    if (Object.keys(sealed).length > 0) secret = { [field]: sealed };
  } else if (action.type === 'case.registered' || action.type === 'case.updated') {
    const field = action.type === 'case.registered' ? 'data' : 'changes';
    const { open, secrets } = splitCaseSecrets(payload[field] as object);
    payload[field] = open;
    if (hasSecrets(secrets)) secret = { [field]: secrets };
  } else if (entityTypeOf(action.type) && 'content' in payload) {
    // Follow-ups, referrals, plans…: what was said and planned is sealed whole; the rest stays queryable.
    secret = { content: payload.content };
    delete payload.content;
  }
  let reason: string | null = null;
  if (action.reason && SYSTEM_REASON.test(action.reason)) {
    // Written by the system, not by a person (the import batch a row came from): nothing personal,
    // and it must stay searchable (which actions did this import make?).
    reason = action.reason;
  } else if (action.reason && key) {
    secret = { ...secret, reason: action.reason };
    reason = REASON_IN_PAYLOAD;
  } else if (action.reason) {
    reason = `sealed:s:${vault.sealJson(vault.serviceKey('actions'), action.reason, reasonAad(action.entityId, action.version)).toString('base64')}`;
  }
  if (!secret) return { payload, sealed: null, reason };
  if (!key) throw new Error(`no data key to seal ${action.type} of ${action.entityId}`);
  return { payload, sealed: vault.sealJson(key, secret, `action:${action.entityId}:${action.version}`), reason };
}

/** True for a reason the system writes itself (an import batch): it stays in clear, unsealed. */
export function isSystemReason(reason: string | undefined): boolean {
  return reason !== undefined && SYSTEM_REASON.test(reason);
}

/** The columns of a new record's registration action and of its row, from one split of the record. */
export interface RegistrationColumns {
  /** The record's row: its open part as JSON text, and its sealed part. */
  data: string;
  sealed: Buffer | null;
  /** Its `*.registered` action: the payload as JSON text, and its sealed part. */
  payload: string;
  actionSealed: Buffer | null;
}

/**
 * A new person's `person.registered` action and her row, as actionColumns and personColumns
 * write them, with her record split once and each part serialised once: the open part is the same
 * text in both, and her identity one JSON text sealed twice (under the action's AAD and the row's).
 * For a registration without a reason or with the system's own (bulk writes: imports, the seed).
 */
export function personRegistrationColumns(vault: Vault, key: Buffer, p: PersonRecord): RegistrationColumns {
  const { open, sealed } = splitIdentity(strip(p, PERSON_META));
  const data = JSON.stringify(open);
  const identity = JSON.stringify(sealed);
  const hasIdentity = Object.keys(sealed).length > 0;
  return {
    data,
    sealed: vault.sealText(key, identity, `person:${p.id}`),
    payload: `{"data":${data}}`,
    actionSealed: hasIdentity ? vault.sealText(key, `{"data":${identity}}`, `action:${p.id}:1`) : null,
  };
}

/** The same for a new case file and its `case.registered` action (which carries its code, person and unit). */
export function caseRegistrationColumns(vault: Vault, key: Buffer, c: CaseFileRecord): RegistrationColumns {
  const row = strip(c, CASE_META);
  const { open, secrets } = splitCaseSecrets(row);
  const data = JSON.stringify(open);
  const secret = hasSecrets(secrets) ? JSON.stringify(secrets) : undefined;
  // The action leaves out what only a later move sets (registrationData); a new record has none of it.
  const actionData = Object.keys(row).some((k) => CASE_REGISTRATION_META.has(k)) ? JSON.stringify(splitCaseSecrets(strip(c, CASE_REGISTRATION_META)).open) : data;
  return {
    data,
    sealed: secret === undefined ? null : vault.sealText(key, secret, `case:${c.id}`),
    payload: `{"data":${actionData},"code":${JSON.stringify(c.code)},"personId":${JSON.stringify(c.personId)},"registeringUnitId":${JSON.stringify(c.registeringUnitId)}}`,
    actionSealed: secret === undefined ? null : vault.sealText(key, `{"data":${secret}}`, `action:${c.id}:1`),
  };
}

/**
 * personRegistrationColumns and caseRegistrationColumns for a registration's own actions, when
 * they hold exactly what the general path (actionColumns, personColumns, caseColumns) writes: the
 * action carries no reason of a person's own (that is sealed inside the action) and its data no
 * bookkeeping key (which the record's columns leave out). Undefined otherwise: take the general path.
 */
export function personRegisteredColumns(vault: Vault, key: Buffer, action: PersonAction, record: PersonRecord): RegistrationColumns | undefined {
  if (action.type !== 'person.registered' || (action.reason !== undefined && !isSystemReason(action.reason)) || hasAnyKey(action.data, PERSON_META)) return undefined;
  return personRegistrationColumns(vault, key, record);
}

export function caseRegisteredColumns(vault: Vault, key: Buffer, action: CaseFileAction, record: CaseFileRecord): RegistrationColumns | undefined {
  if (action.type !== 'case.registered' || (action.reason !== undefined && !isSystemReason(action.reason)) || hasAnyKey(action.data, CASE_REGISTRATION_META)) return undefined;
  return caseRegistrationColumns(vault, key, record);
}

function hasAnyKey(record: object, keys: Set<string>): boolean {
  for (const k in record) if (keys.has(k)) return true;
  return false;
}

/** The columns of an imported row: its person's row, her case file's, and their one `record.imported` action. */
export interface ImportedRecordColumns {
  person: { data: string; sealed: Buffer };
  caseFile?: { data: string; sealed: Buffer | null } | undefined;
  /** The action's payload as JSON text, and its one sealed part (identity, case secrets, extra). */
  payload: string;
  actionSealed: Buffer | null;
}

/**
 * A new person and her first case file, from one row of an agency's file: the rows as
 * personRegistrationColumns and caseRegistrationColumns write them, and one `record.imported`
 * action carrying both (what `person.registered` and `case.registered` would carry), the import it
 * came from, and the row's extra values. Everything of the action that must be sealed — her
 * identity, the case file's secrets, the extra values — goes in one envelope under her key.
 */
export function importedRecordColumns(vault: Vault, key: Buffer, p: PersonRecord, c: CaseFileRecord | undefined, origin: { batchId: string; rowNumber: number }, extra?: object): ImportedRecordColumns {
  const { open, sealed } = splitIdentity(strip(p, PERSON_META));
  const data = JSON.stringify(open);
  const identity = JSON.stringify(sealed);
  const secret: string[] = Object.keys(sealed).length > 0 ? [`"data":${identity}`] : [];
  let payload = `{"data":${data}`;
  let caseFile: ImportedRecordColumns['caseFile'];
  if (c) {
    const row = strip(c, CASE_META);
    const split = splitCaseSecrets(row);
    const caseData = JSON.stringify(split.open);
    const caseSecret = hasSecrets(split.secrets) ? JSON.stringify(split.secrets) : undefined;
    // What case.registered carries leaves out what only a later move sets; a new record has none of it.
    const actionData = Object.keys(row).some((k) => CASE_REGISTRATION_META.has(k)) ? JSON.stringify(splitCaseSecrets(strip(c, CASE_REGISTRATION_META)).open) : caseData;
    caseFile = { data: caseData, sealed: caseSecret === undefined ? null : vault.sealText(key, caseSecret, `case:${c.id}`) };
    payload += `,"caseFile":{"id":${JSON.stringify(c.id)},"code":${JSON.stringify(c.code)},"registeringUnitId":${JSON.stringify(c.registeringUnitId)},"data":${actionData}}`;
    if (caseSecret !== undefined) secret.push(`"caseFile":{"data":${caseSecret}}`);
  }
  payload += `,"import":{"batchId":${JSON.stringify(origin.batchId)},"rowNumber":${Number(origin.rowNumber)}}}`;
  if (extra !== undefined) secret.push(`"extra":${JSON.stringify(extra)}`);
  return {
    person: { data, sealed: vault.sealText(key, identity, `person:${p.id}`) },
    caseFile,
    payload,
    actionSealed: secret.length > 0 ? vault.sealText(key, `{${secret.join(',')}}`, `action:${p.id}:1`) : null,
  };
}

interface StoredAction {
  entity_id: string;
  entity_version: number;
  action_type: string;
  payload: Record<string, unknown>;
  sealed: Buffer | Uint8Array | null;
  reason?: string | null;
}

/**
 * The action as it was — payload and reason — when the person's key still exists; without it, the
 * readable part only, and a sealed reason as REASON_WITHHELD.
 */
export function openAction(vault: Vault, key: Buffer | undefined, row: StoredAction): { payload: Record<string, unknown>; reason: string | null } {
  const secret = row.sealed && key ? vault.openJson<Record<string, unknown>>(key, Buffer.from(row.sealed), `action:${row.entity_id}:${row.entity_version}`) : undefined;
  const payload = { ...row.payload };
  for (const [field, value] of Object.entries(secret ?? {})) {
    if (field === 'reason') continue;
    const open = (payload[field] ?? {}) as Record<string, unknown>;
    if (row.action_type === 'record.imported' && field === 'caseFile') {
      // An imported row's case file: its secrets join its data, as in case.registered.
      payload[field] = { ...open, data: joinCaseSecrets((open.data ?? {}) as Record<string, unknown>, (value as { data?: CaseSecrets }).data) };
    } else if (row.action_type === 'record.imported' && field === 'extra') payload[field] = value;
    else payload[field] = row.action_type.startsWith('case.') ? joinCaseSecrets(open, value as CaseSecrets) : { ...open, ...(value as object) };
  }
  return { payload, reason: openReason(vault, row.reason ?? null, secret, row) };
}

function openReason(vault: Vault, stored: string | null, secret: Record<string, unknown> | undefined, row: StoredAction): string | null {
  if (stored === null) return null;
  if (stored === REASON_IN_PAYLOAD) return typeof secret?.reason === 'string' ? secret.reason : REASON_WITHHELD;
  const byService = REASON_SEALED_BY_SERVICE.exec(stored);
  if (!byService) return stored;
  try {
    return vault.openJson<string>(vault.serviceKey('actions'), Buffer.from(byService[1] ?? '', 'base64'), reasonAad(row.entity_id, row.entity_version));
  } catch {
    return REASON_WITHHELD;
  }
}

/** The payload as it was, when the person's key still exists; without it, the readable part only. */
export function openActionPayload(vault: Vault, key: Buffer | undefined, row: StoredAction): Record<string, unknown> {
  return openAction(vault, key, row).payload;
}

export { displayName };
