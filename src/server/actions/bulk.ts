// Registering many records at once (the demo seed, imports of agency files). The records go
// through the same reducers as a registration over the API and their actions are appended like
// any others, so the projections are still derived from the log; only the round trips are batched.
// The rows go to the database in the binary COPY format (db/copy.ts), one COPY per table.
import { randomUUID } from 'node:crypto';
import { ACTIVE_STATES } from '../../domain/case-lifecycle.ts';
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import { vaultOf } from '../crypto/keys.ts';
import { Vault } from '../crypto/vault.ts';
import { copyInto, CopyRows, type CopyColumn } from '../db/copy.ts';
import type { Queryable } from '../db/database.ts';
import { actionColumns, birthYearOf, type BlindIndex, blindDocuments, blindIndexMemo, blindNameTokens, caseColumns, caseRegistrationColumns, importedRecordColumns, isSystemReason, personColumns, personRegistrationColumns, registrationData } from './sealing.ts';

export interface BulkRegistration {
  /** A new person (version 1), as `applyPersonAction` made her. */
  person: PersonRecord;
  /** Her first case file (version 1), its code still empty: codes are given here, in place. */
  caseFile?: CaseFileRecord | undefined;
  userId: string;
  unitId: string;
  /** Kept with both actions (e.g. the import batch they came from). */
  reason?: string | undefined;
  /**
   * A row of an agency's file: the person and her case file are logged as one `record.imported`
   * action naming the batch and the row (its reason must be the system's own, `import:<batch>`),
   * with the row's extra values sealed in it.
   */
  imported?: { batchId: string; rowNumber: number; extra?: object | undefined } | undefined;
}

/**
 * Appends `person.registered` (and `case.registered`) for each row and writes their projections,
 * in the caller's transaction. Returns each person's new data key, in row order.
 */
export async function appendRegistrations(tx: Queryable, rows: BulkRegistration[]): Promise<Buffer[]> {
  if (rows.length === 0) return [];
  giveCodes(rows, await reserveCaseCodes(tx, rows.filter((r) => r.caseFile !== undefined).length));
  const { keys, tables } = encodeRegistrations(vaultOf(tx), rows);
  for (const { table, rows: data } of tables) await copyInto(tx, table, data);
  return keys;
}

/**
 * Numbers for `count` new case files' codes, from their sequence. A sequence is outside every
 * transaction: numbers reserved for a chunk that then rolls back are never used (a gap, as a
 * registration refused at the last moment leaves).
 */
export async function reserveCaseCodes(q: Queryable, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await q.query<{ n: number }>("SELECT nextval('case_file_code_seq')::int AS n FROM generate_series(1, $1)", [count]);
  return rows.map((r) => r.n);
}

/** Gives the rows' case files their codes (TP-<year of detection>-<number>), in row order; returns how many numbers it used. */
export function giveCodes(rows: readonly BulkRegistration[], numbers: readonly number[]): number {
  let i = 0;
  for (const row of rows) {
    if (!row.caseFile) continue;
    const n = numbers[i++];
    if (n === undefined) throw new Error('fewer case-file codes than case files');
    row.caseFile.code = `TP-${row.caseFile.detectionDate.slice(0, 4)}-${String(n).padStart(6, '0')}`;
  }
  return i;
}

/**
 * The COPY data of the rows' keys, actions and projections (their codes given), in the order of
 * the foreign keys, and each person's new data key. Pure: it can run in a thread of its own.
 */
export function encodeRegistrations(vault: Vault, rows: readonly BulkRegistration[]): { keys: Buffer[]; tables: { table: string; rows: CopyRows }[] } {
  const encoder = new RegistrationEncoder(vault);
  const keys = encoder.add(rows);
  return { keys, tables: encoder.tables() };
}

/**
 * encodeRegistrations a few rows at a time into the same COPY data: a caller that builds the
 * records of a chunk slice by slice lets each slice's objects die young.
 */
export class RegistrationEncoder {
  private readonly blind: BlindIndex;
  private readonly keyRows = new CopyRows(PERSON_KEY_COLUMNS);
  private readonly personRows = new CopyRows(PERSON_COLUMNS);
  private readonly personActions = new CopyRows(ACTION_COLUMNS);
  private readonly caseRows = new CopyRows(CASE_COLUMNS);
  private readonly caseActions = new CopyRows(ACTION_COLUMNS);
  private readonly worklistRows = new CopyRows(WORKLIST_COLUMNS);

  constructor(private readonly vault: Vault) {
    this.blind = blindIndexMemo(vault);
  }

  /** Encodes the rows; returns each person's new data key, in row order. */
  add(rows: readonly BulkRegistration[]): Buffer[] {
    const { vault, blind, keyRows, personRows, personActions, caseActions } = this;
    // Each person gets her own data key, wrapped by the master key, as a registration over the API does.
    return rows.map((r) => {
      const key = Vault.newDataKey();
      const { person, caseFile } = r;
      const meta = { version: 1, at: person.createdAt, actorUserId: r.userId, actorUnitId: r.unitId, agencyId: person.ownerAgencyId, reason: r.reason };
      const wrapped = vault.wrap(key, `person:${person.id}`);
      keyRows.add([person.id, wrapped.wrapped, wrapped.masterKeyId]);
      // The record is split and serialised once for its action and its row (a reason of a person's
      // own, sealed inside the action, takes the general path).
      const once = r.reason === undefined || isSystemReason(r.reason);
      const reason = r.reason ?? null;
      if (r.imported) {
        if (!isSystemReason(r.reason) || (caseFile && (caseFile.personId !== person.id || caseFile.registeringUnitId !== r.unitId))) throw new Error(`imported row ${r.imported.rowNumber}: not a plain import`);
        const cols = importedRecordColumns(vault, key, person, caseFile, r.imported, r.imported.extra);
        personActions.add([randomUUID(), 'person', person.id, 1, 'record.imported', cols.payload, cols.actionSealed, reason, r.userId, r.unitId, person.ownerAgencyId, person.createdAt]);
        personRows.add([person.id, person.ownerAgencyId, 1, cols.person.data, cols.person.sealed, blindNameTokens(vault, person, blind), blindDocuments(vault, person, blind), person.sex, birthYearOf(person), person.createdAt, person.createdAt]);
        if (caseFile && cols.caseFile) this.addCase(caseFile, cols.caseFile, person.id, r.unitId);
        return key;
      }
      const personed = once ? personRegistrationColumns(vault, key, person) : undefined;
      const action = personed ? { payload: personed.payload, sealed: personed.actionSealed, reason } : actionColumns(vault, key, { type: 'person.registered', data: registrationData(person), entityId: person.id, ...meta });
      personActions.add([randomUUID(), 'person', person.id, 1, 'person.registered', action.payload, action.sealed, action.reason, r.userId, r.unitId, person.ownerAgencyId, person.createdAt]);
      const columns = personed
        ? { data: personed.data, sealed: personed.sealed, nameTokens: blindNameTokens(vault, person, blind), documentIndex: blindDocuments(vault, person, blind), birthYear: birthYearOf(person) }
        : personColumns(vault, key, person, blind);
      personRows.add([person.id, person.ownerAgencyId, 1, columns.data, columns.sealed, columns.nameTokens, columns.documentIndex, person.sex, columns.birthYear, person.createdAt, person.createdAt]);
      if (!caseFile) return key;
      const cased = once && caseFile.personId === person.id && caseFile.registeringUnitId === r.unitId ? caseRegistrationColumns(vault, key, caseFile) : undefined;
      const caseAction = cased
        ? { payload: cased.payload, sealed: cased.actionSealed, reason }
        : actionColumns(vault, key, {
            type: 'case.registered',
            data: registrationData(caseFile),
            code: caseFile.code,
            personId: person.id,
            registeringUnitId: r.unitId,
            entityId: caseFile.id,
            ...meta,
          });
      caseActions.add([randomUUID(), 'case_file', caseFile.id, 1, 'case.registered', caseAction.payload, caseAction.sealed, caseAction.reason, r.userId, r.unitId, person.ownerAgencyId, person.createdAt]);
      this.addCase(caseFile, cased ? { data: cased.data, sealed: cased.sealed } : caseColumns(vault, key, caseFile), person.id, r.unitId);
      return key;
    });
  }

  /** A new case file's row, and its row in the worklist. */
  private addCase(caseFile: CaseFileRecord, sealedCase: { data: unknown; sealed: Buffer | null }, personId: string, unitId: string): void {
    this.caseRows.add([
      caseFile.id,
      caseFile.code,
      personId,
      caseFile.ownerAgencyId,
      unitId,
      caseFile.state,
      caseFile.traffickingStatus,
      caseFile.detectionDate,
      caseFile.detectionUbigeo,
      1,
      sealedCase.data,
      sealedCase.sealed,
      caseFile.createdAt,
      caseFile.createdAt,
    ]);
    // The worklist's row of a new case file, from the record alone (as newWorklistRow derives it):
    // nothing else (a lead, a plan, a contact) names the case file yet.
    if ((ACTIVE_STATES as readonly string[]).includes(caseFile.state)) {
      this.worklistRows.add([caseFile.id, unitId, caseFile.ownerAgencyId, personId, caseFile.code, caseFile.state, null, caseFile.detectionDate, caseFile.state === 'EN_ATENCION']);
    }
  }

  /** The COPY data so far, in the order of the foreign keys: keys and persons before the case files that name them. */
  tables(): { table: string; rows: CopyRows }[] {
    const tables = [
      { table: 'person_keys', rows: this.keyRows },
      { table: 'actions', rows: this.personActions },
      { table: 'persons', rows: this.personRows },
      { table: 'actions', rows: this.caseActions },
      { table: 'case_files', rows: this.caseRows },
      { table: 'worklist_cases', rows: this.worklistRows },
    ];
    return tables.filter((t) => t.rows.rows > 0);
  }
}

const column = (name: string, type: CopyColumn['type']): CopyColumn => ({ name, type });
const PERSON_KEY_COLUMNS = [column('person_id', 'uuid'), column('wrapped', 'bytea'), column('master_key_id', 'text')];
const ACTION_COLUMNS = [
  column('id', 'uuid'),
  column('entity_type', 'text'),
  column('entity_id', 'uuid'),
  column('entity_version', 'int4'),
  column('action_type', 'text'),
  column('payload', 'jsonb'),
  column('sealed', 'bytea'),
  column('reason', 'text'),
  column('actor_user_id', 'uuid'),
  column('actor_unit_id', 'uuid'),
  column('agency_id', 'uuid'),
  column('created_at', 'timestamptz'),
];
const PERSON_COLUMNS = [
  column('id', 'uuid'),
  column('owner_agency_id', 'uuid'),
  column('version', 'int4'),
  column('data', 'jsonb'),
  column('sealed', 'bytea'),
  column('name_tokens', 'text[]'),
  column('document_index', 'text[]'),
  column('sex', 'text'),
  column('birth_year', 'int4'),
  column('created_at', 'timestamptz'),
  column('updated_at', 'timestamptz'),
];
const CASE_COLUMNS = [
  column('id', 'uuid'),
  column('code', 'text'),
  column('person_id', 'uuid'),
  column('owner_agency_id', 'uuid'),
  column('registering_unit_id', 'uuid'),
  column('state', 'text'),
  column('trafficking_status', 'text'),
  column('detection_date', 'date'),
  column('detection_ubigeo', 'text'),
  column('version', 'int4'),
  column('data', 'jsonb'),
  column('sealed', 'bytea'),
  column('created_at', 'timestamptz'),
  column('updated_at', 'timestamptz'),
];
const WORKLIST_COLUMNS = [
  column('case_file_id', 'uuid'),
  column('lead_unit_id', 'uuid'),
  column('owner_agency_id', 'uuid'),
  column('person_id', 'uuid'),
  column('code', 'text'),
  column('state', 'text'),
  column('last_contact_on', 'date'),
  column('contact_since', 'date'),
  column('needs_plan', 'bool'),
];

/** The columns of each table encodeRegistrations writes (to write COPY data built elsewhere). */
export const REGISTRATION_COLUMNS: Readonly<Record<string, readonly CopyColumn[]>> = {
  person_keys: PERSON_KEY_COLUMNS,
  actions: ACTION_COLUMNS,
  persons: PERSON_COLUMNS,
  case_files: CASE_COLUMNS,
  worklist_cases: WORKLIST_COLUMNS,
};
