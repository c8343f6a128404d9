// The append-only action log and the projections derived from it. Appending an action and
// updating its projection always happen in the caller's transaction, together.
import {
  applyCaseFileAction,
  applyPersonAction,
  applyRecordImported,
  displayName,
  type RecordImportedAction,
  type CaseFileAction,
  type CaseFileRecord,
  type DomainAction,
  type PersonAction,
  type PersonRecord,
} from '../../domain/records.ts';
import type { MatchAction } from '../../domain/matches.ts';
import { entityTypeOf, type FollowUpAreaAction } from '../../domain/followup-records.ts';
import { AREA_TABLES, rebuildAreaProjections } from './followup-store.ts';
import { createPersonKey, newPersonKey, personKeys, vaultOf } from '../crypto/keys.ts';
import type { Vault } from '../crypto/vault.ts';
import type { Database, Queryable } from '../db/database.ts';
import { newRecordId } from '../db/ids.ts';
import { placeholders } from '../db/placeholders.ts';
import { Problem } from '../errors.ts';
import { rebuildMatches } from './matches.ts';
import { newWorklistRow, refreshWorklistCases } from './worklist-cases.ts';
import {
  actionColumns,
  birthYearOf,
  blindDocuments,
  blindNameTokens,
  caseColumns,
  caseFromColumns,
  caseRegisteredColumns,
  openAction,
  openIdentity,
  personColumns,
  personFromColumns,
  personRegisteredColumns,
  type AnyAction,
} from './sealing.ts';

export interface Statement {
  sql: string;
  params: unknown[];
}

const ACTION_COLUMNS = 'id, entity_type, entity_id, entity_version, action_type, payload, sealed, reason, actor_user_id, actor_unit_id, agency_id, created_at';

/**
 * An action to append, with the key that seals it; a registration's own actions may come with
 * their columns already made (personRegisteredColumns: no reason of a person's own).
 */
type LoggedAction = readonly [AnyAction, Buffer | undefined, { payload: string; sealed: Buffer | null }?];

function actionRow(tx: Queryable, [action, key, made]: LoggedAction): unknown[] {
  const entityType = action.type.startsWith('person.') ? 'person' : action.type.startsWith('match.') ? 'match' : (entityTypeOf(action.type) ?? 'case_file');
  if (made) return [newRecordId(), entityType, action.entityId, action.version, action.type, made.payload, made.sealed, action.reason ?? null, action.actorUserId, action.actorUnitId, action.agencyId, action.at];
  const { payload, sealed, reason } = actionColumns(vaultOf(tx), key, action);
  return [newRecordId(), entityType, action.entityId, action.version, action.type, JSON.stringify(payload), sealed, reason, action.actorUserId, action.actorUnitId, action.agencyId, action.at];
}

function actionInsert(tx: Queryable, action: AnyAction, key: Buffer | undefined, offset = 0): Statement {
  return actionsInsert(tx, [[action, key]], offset);
}

/** `VALUES (…), (…)` for these rows, placeholders numbered from `offset + 1`, and their params. */
export function valuesOf(rows: readonly (readonly unknown[])[], offset: number): Statement {
  let next = offset;
  const sql = rows.map((row) => `(${placeholders(row.length, (next += row.length) - row.length)})`).join(', ');
  return { sql: `VALUES ${sql}`, params: rows.flat() };
}

const PERSON_INSERT = 'INSERT INTO persons (id, owner_agency_id, version, data, sealed, name_tokens, document_index, sex, birth_year, created_at, updated_at)';
const CASE_INSERT =
  'INSERT INTO case_files (id, code, person_id, owner_agency_id, registering_unit_id, state, trafficking_status, detection_date, detection_ubigeo, version, data, sealed, created_at, updated_at)';

/** A person's row; `data` is the open part already serialised. */
function personValues(p: PersonRecord, c: { data: string; sealed: Buffer | null; nameTokens: string[]; documentIndex: string[]; birthYear: number | null }): unknown[] {
  return [p.id, p.ownerAgencyId, p.version, c.data, c.sealed, c.nameTokens, c.documentIndex, p.sex, c.birthYear, p.createdAt, p.updatedAt];
}

function caseValues(c: CaseFileRecord, cols: { data: string; sealed: Buffer | null }): unknown[] {
  return [c.id, c.code, c.personId, c.ownerAgencyId, c.registeringUnitId, c.state, c.traffickingStatus, c.detectionDate, c.detectionUbigeo, c.version, cols.data, cols.sealed, c.createdAt, c.updatedAt];
}

function personUpsert(tx: Queryable, p: PersonRecord, key: Buffer | undefined, offset = 0): Statement {
  const c = key ? personColumns(vaultOf(tx), key, p) : { data: personColumns.open(p), sealed: null, nameTokens: [], documentIndex: [], birthYear: null };
  return {
    sql: `${PERSON_INSERT}
     VALUES (${placeholders(11, offset)})
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, sealed = EXCLUDED.sealed, name_tokens = EXCLUDED.name_tokens,
       document_index = EXCLUDED.document_index, sex = EXCLUDED.sex, birth_year = EXCLUDED.birth_year, updated_at = EXCLUDED.updated_at`,
    params: personValues(p, { ...c, data: JSON.stringify(c.data) }),
  };
}

function caseUpsert(tx: Queryable, c: CaseFileRecord, key: Buffer | undefined, offset = 0): Statement {
  const cols = caseColumns(vaultOf(tx), key, c);
  return {
    sql: `${CASE_INSERT}
     VALUES (${placeholders(14, offset)})
     ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, trafficking_status = EXCLUDED.trafficking_status, detection_date = EXCLUDED.detection_date,
       detection_ubigeo = EXCLUDED.detection_ubigeo, version = EXCLUDED.version, data = EXCLUDED.data, sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at`,
    params: caseValues(c, { data: JSON.stringify(cols.data), sealed: cols.sealed }),
  };
}

export async function appendAction(tx: Queryable, action: AnyAction, key?: Buffer): Promise<void> {
  const { sql, params } = actionInsert(tx, action, key);
  await tx.query(sql, params);
}

/** Writes the projection; without a key (an erased person) the identity columns stay empty. */
export async function savePerson(tx: Queryable, p: PersonRecord, key: Buffer | undefined): Promise<void> {
  const { sql, params } = personUpsert(tx, p, key);
  await tx.query(sql, params);
}

export async function saveCaseFile(tx: Queryable, c: CaseFileRecord, key: Buffer | undefined): Promise<void> {
  const { sql, params } = caseUpsert(tx, c, key);
  await tx.query(sql, params);
}

/** The action and the projection it produces, in one statement: one round trip, not two. */
async function appendAndProject(tx: Queryable, action: AnyAction, key: Buffer, projection: (offset: number) => Statement): Promise<void> {
  const append = actionInsert(tx, action, key);
  const project = projection(append.params.length);
  await tx.query(`WITH appended AS (${append.sql} RETURNING 1) ${project.sql}`, [...append.params, ...project.params]);
}

/** The wrapped data key that travels with a row (LEFT JOIN person_keys k). */
interface KeyColumns {
  key_wrapped: Buffer | Uint8Array | null;
  key_master: string | null;
}

const KEY_JOIN = 'LEFT JOIN person_keys k ON k.person_id = ';
const KEY_COLUMNS = 'k.wrapped AS key_wrapped, k.master_key_id AS key_master';

function keyOf(vault: Vault, personId: string, row: KeyColumns): Buffer | undefined {
  return row.key_wrapped && row.key_master ? vault.unwrapKept({ masterKeyId: row.key_master, wrapped: Buffer.from(row.key_wrapped) }, `person:${personId}`) : undefined;
}

interface PersonRow {
  id: string;
  owner_agency_id: string;
  version: number;
  data: Record<string, unknown>;
  sealed: Buffer | Uint8Array | null;
  created_at: Date | string;
  updated_at: Date | string;
}

interface CaseRow {
  id: string;
  code: string;
  person_id: string;
  owner_agency_id: string;
  registering_unit_id: string;
  state: string;
  version: number;
  data: Record<string, unknown>;
  sealed: Buffer | Uint8Array | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A person of the given agency, locked for update when asked; undefined when out of reach. */
export async function loadPerson(tx: Queryable, id: string, agencyId: string, lock = false): Promise<PersonRecord | undefined> {
  const rows = await tx.query<PersonRow & KeyColumns>(`SELECT p.*, ${KEY_COLUMNS} FROM persons p ${KEY_JOIN}p.id WHERE p.id = $1 AND p.owner_agency_id = $2${lock ? ' FOR UPDATE OF p' : ''}`, [id, agencyId]);
  const row = rows[0];
  return row ? personFromColumns(vaultOf(tx), keyOf(vaultOf(tx), row.id, row), row) : undefined;
}

export async function loadCaseFile(tx: Queryable, id: string, agencyId: string, lock = false): Promise<CaseFileRecord | undefined> {
  const rows = await tx.query<CaseRow & KeyColumns>(`SELECT c.*, ${KEY_COLUMNS} FROM case_files c ${KEY_JOIN}c.person_id WHERE c.id = $1 AND c.owner_agency_id = $2${lock ? ' FOR UPDATE OF c' : ''}`, [id, agencyId]);
  const row = rows[0];
  return row ? caseFromColumns(vaultOf(tx), keyOf(vaultOf(tx), row.person_id, row), row) : undefined;
}

/** The data key of a person, for sealing a new action. */
export async function keyOfPerson(tx: Queryable, personId: string): Promise<Buffer | undefined> {
  return (await personKeys(tx, [personId])).get(personId);
}

type CaseWithPersonRow = CaseRow & KeyColumns & { p: (Omit<PersonRow, 'sealed'> & { sealed: string | null }) | null };

const CASE_WITH_PERSON_COLUMNS = `c.*, ${KEY_COLUMNS}, CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'owner_agency_id', p.owner_agency_id, 'version', p.version, 'data', p.data,
            'sealed', encode(p.sealed, 'base64'), 'created_at', p.created_at, 'updated_at', p.updated_at) END AS p`;
const CASE_WITH_PERSON_JOINS = `LEFT JOIN persons p ON p.id = c.person_id AND p.owner_agency_id = c.owner_agency_id ${KEY_JOIN}c.person_id`;

function caseWithPersonFromRow(db: Queryable, row: CaseWithPersonRow): { caseFile: CaseFileRecord; person: PersonRecord | undefined } {
  const vault = vaultOf(db);
  const key = keyOf(vault, row.person_id, row);
  const person = row.p ? personFromColumns(vault, key, { ...row.p, sealed: row.p.sealed ? Buffer.from(row.p.sealed, 'base64') : null }) : undefined;
  const caseFile = caseFromColumns(vault, key, row);
  keysReadWith.set(caseFile, key ?? null);
  return { caseFile, person };
}

// The data key each case file read with its person was opened with (null: her key is destroyed),
// for a caller that opens more under it (the history opened its actions with a second look-up of
// the key). Kept beside the record, never in it: a record travels into responses, a key never does.
const keysReadWith = new WeakMap<CaseFileRecord, Buffer | null>();

/** The data key of the case file's person, as read with it (loadCaseFileWithPerson and the like), else looked up. */
export async function keyOfCaseFilePerson(q: Queryable, caseFile: CaseFileRecord): Promise<Buffer | undefined> {
  const read = keysReadWith.get(caseFile);
  if (read !== undefined) return read ?? undefined;
  return keyOfPerson(q, caseFile.personId);
}

/** A case file with its person in one round trip (the case-file page reads both). */
export async function loadCaseFileWithPerson(db: Queryable, id: string, agencyId: string): Promise<{ caseFile: CaseFileRecord; person: PersonRecord | undefined } | undefined> {
  const rows = await db.query<CaseWithPersonRow>(`SELECT ${CASE_WITH_PERSON_COLUMNS} FROM case_files c ${CASE_WITH_PERSON_JOINS} WHERE c.id = $1 AND c.owner_agency_id = $2`, [id, agencyId]);
  const row = rows[0];
  return row ? caseWithPersonFromRow(db, row) : undefined;
}

/** The fewest ids a batched read sends (see CaseFileReadBatcher.send). */
const PLANNED_FOR = 16;

interface WaitingRead {
  id: string;
  agencyId: string;
  done: (row: CaseWithPersonRow | undefined) => void;
  failed: (error: unknown) => void;
}

/**
 * Reads of single case files, outside any transaction, gathered into one query while earlier ones
 * are in flight (as DataLoader does). Each read to the database wakes a server process, and on a
 * busy server that costs more than the query itself; gathered, fifty readers cost one wake-up.
 * A new read waits only for the end of this turn of the event loop (setImmediate), which gathers
 * the requests that arrived together: sent at once, the first of them went alone.
 */
class CaseFileReadBatcher {
  private waiting: WaitingRead[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly db: Queryable,
    private readonly maxInFlight: number,
  ) {}

  load(id: string, agencyId: string): Promise<CaseWithPersonRow | undefined> {
    return new Promise((done, failed) => {
      this.waiting.push({ id, agencyId, done, failed });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, 500);
      this.inFlight += 1;
      this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async send(batch: WaitingRead[]): Promise<void> {
    try {
      const ids: (string | null)[] = batch.map((r) => r.id);
      const agencies: (string | null)[] = batch.map((r) => r.agencyId);
      // Padded with nulls (which match nothing) to PLANNED_FOR ids. The statement is prepared, and
      // PostgreSQL keeps planning a prepared statement afresh on every call while its plans for
      // the values given look cheaper than its generic plan: for fewer than about ten ids they did
      // (it costs the ids an array holds), so a server at a few reads per batch planned this
      // four-table join each time, 0.3-0.5 ms of the database's CPU, more than running it. Padded,
      // the generic plan wins after the first five calls and is reused (EXPLAIN: planning
      // 0.5 → 0.04 ms; a batch of 5: 0.7 → 0.27 ms of the backend's CPU, loaded machine).
      while (ids.length < PLANNED_FOR) {
        ids.push(null);
        agencies.push(null);
      }
      const rows = await this.db.query<CaseWithPersonRow>(
        `SELECT ${CASE_WITH_PERSON_COLUMNS}
           FROM unnest($1::uuid[], $2::uuid[]) AS w(id, agency_id) JOIN case_files c ON c.id = w.id AND c.owner_agency_id = w.agency_id ${CASE_WITH_PERSON_JOINS}`,
        [ids, agencies],
      );
      const found = new Map(rows.map((r) => [`${r.id}/${r.owner_agency_id}`, r]));
      for (const read of batch) read.done(found.get(`${read.id}/${read.agencyId}`));
    } catch (error) {
      for (const read of batch) read.failed(error);
    }
  }
}

const batchers = new WeakMap<Database, CaseFileReadBatcher>();

/**
 * `loadCaseFileWithPerson` for the pool (not a transaction): concurrent reads share a query.
 * Two batches may be in flight at once, so one slow batch does not hold every reader.
 */
export async function readCaseFileWithPerson(db: Database, id: string, agencyId: string): Promise<{ caseFile: CaseFileRecord; person: PersonRecord | undefined } | undefined> {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new CaseFileReadBatcher(db, 2)));
  const row = await batcher.load(id, agencyId);
  return row ? caseWithPersonFromRow(db, row) : undefined;
}

/** Appends the action and writes the state it produces; a new person gets her data key here. */
export async function recordPersonAction(tx: Queryable, state: PersonRecord | undefined, action: PersonAction): Promise<PersonRecord> {
  const next = applyPersonAction(state, action);
  const key = state ? await keyOfPerson(tx, action.entityId) : await createPersonKey(tx, action.entityId);
  if (!key) throw new Problem(409, 'problem.personErased');
  await appendAndProject(tx, action, key, (offset) => personUpsert(tx, next, key, offset));
  return next;
}

/**
 * A registration in one statement: the new person's data key, her action and the case file's (one
 * insert, so the log keeps them in that order), both projections and the worklist's row. Each
 * statement sent wakes a database process; on a 2-core server that cost more than the writes.
 * `person` is the new person (with her action) or the agency's existing one.
 */
export async function recordRegistration(
  tx: Queryable,
  person: { action: PersonAction } | { existing: PersonRecord },
  caseAction: CaseFileAction,
  extras?: RegistrationExtras,
): Promise<{ person: PersonRecord; caseFile: CaseFileRecord }> {
  const parts: ((offset: number) => Statement)[] = [];
  const vault = vaultOf(tx);
  let key: Buffer;
  let record: PersonRecord;
  const logged: LoggedAction[] = [];
  // A new person's row, made from the same split of her record as her action's columns.
  let personRow: unknown[] | undefined;
  if ('action' in person) {
    record = applyPersonAction(undefined, person.action);
    const created = newPersonKey(tx, record.id);
    key = created.key;
    parts.push(created.insertAt);
    const made = personRegisteredColumns(vault, key, person.action, record);
    logged.push([person.action, key, made && { payload: made.payload, sealed: made.actionSealed }]);
    if (made) personRow = personValues(record, { data: made.data, sealed: made.sealed, nameTokens: blindNameTokens(vault, record), documentIndex: blindDocuments(vault, record), birthYear: birthYearOf(record) });
    else {
      const columns = personColumns(vault, key, record);
      personRow = personValues(record, { ...columns, data: JSON.stringify(columns.data) });
    }
  } else {
    record = person.existing;
    const existing = await keyOfPerson(tx, record.id);
    if (!existing) throw new Problem(409, 'problem.personErased');
    key = existing;
  }
  const caseFile = applyCaseFileAction(undefined, caseAction);
  const caseMade = caseRegisteredColumns(vault, key, caseAction, caseFile);
  logged.push([caseAction, key, caseMade && { payload: caseMade.payload, sealed: caseMade.actionSealed }]);
  if (extras) logged.push(...extras.actions);
  parts.push((offset) => actionsInsert(tx, logged, offset));
  // The new records are plain inserts (their ids are new): an upsert would also fire the tables'
  // statement-level UPDATE triggers (the change feed), for no row.
  // A new person's row is written first of all (RETURNING): the statement's last SELECT may read from it.
  let personWritten: string | undefined;
  if (personRow) {
    const values = personRow;
    parts.push((offset) => ({ sql: `${PERSON_INSERT} VALUES (${placeholders(values.length, offset)}) RETURNING id`, params: values }));
    personWritten = `s${parts.length}`;
  }
  let caseRow: unknown[];
  if (caseMade) caseRow = caseValues(caseFile, caseMade);
  else {
    const columns = caseColumns(vault, key, caseFile);
    caseRow = caseValues(caseFile, { data: JSON.stringify(columns.data), sealed: columns.sealed });
  }
  parts.push((offset) => ({ sql: `${CASE_INSERT} VALUES (${placeholders(caseRow.length, offset)})`, params: caseRow }));
  const worklistRow = newWorklistRow(caseFile);
  if (worklistRow) parts.push((offset) => worklistRow(offset));
  if (extras) parts.push(...extras.projections);
  const last = extras?.last;
  if (last && !personWritten) throw new Error('a registration with a last SELECT of its own registers a new person');
  const { sql, params } = joined(parts, last && personWritten ? (offset) => last(offset, personWritten) : undefined);
  await tx.query(sql, params);
  return { person: record, caseFile };
}

/**
 * What else a registration writes in its one statement: actions logged after hers (the new
 * person's match proposals), the statements projecting them, and the statement's last SELECT
 * instead of `SELECT 1`: it runs once the new person's row is written, read from the CTE named
 * `person` (which returns her id), and ends the registration's work (her groups joined).
 */
export interface RegistrationExtras {
  actions: readonly [AnyAction, Buffer | undefined][];
  projections: readonly ((offset: number) => Statement)[];
  last?: ((offset: number, person: string) => Statement) | undefined;
}

/** Appends actions (one insert, in order) and runs the statements that project them, all in one. */
export async function appendActionsWith(tx: Queryable, actions: readonly [AnyAction, Buffer | undefined][], projections: readonly ((offset: number) => Statement)[]): Promise<void> {
  if (actions.length === 0) return;
  const { sql, params } = joined([(offset) => actionsInsert(tx, actions, offset), ...projections]);
  await tx.query(sql, params);
}

/** Several actions in one insert, in the given order (their sequence numbers follow it). */
function actionsInsert(tx: Queryable, actions: readonly LoggedAction[], offset: number): Statement {
  const values = valuesOf(actions.map((logged) => actionRow(tx, logged)), offset);
  return { sql: `INSERT INTO actions (${ACTION_COLUMNS}) ${values.sql}`, params: values.params };
}

/**
 * Data-modifying statements joined into one (`WITH s1 AS (…), s2 AS (…) SELECT 1`): each runs to
 * completion, on one snapshot, and foreign keys are checked when all are done.
 */
function joined(parts: readonly ((offset: number) => Statement)[], last?: (offset: number) => Statement): Statement {
  const sqls: string[] = [];
  const params: unknown[] = [];
  for (const part of parts) {
    const statement = part(params.length);
    sqls.push(statement.sql);
    params.push(...statement.params);
  }
  const final = last ? last(params.length) : { sql: 'SELECT 1', params: [] };
  params.push(...final.params);
  return { sql: `WITH ${sqls.map((sql, i) => `s${i + 1} AS (${sql})`).join(', ')} ${final.sql}`, params };
}

export async function recordCaseFileAction(tx: Queryable, state: CaseFileRecord | undefined, action: CaseFileAction): Promise<CaseFileRecord> {
  const next = applyCaseFileAction(state, action);
  const key = await keyOfPerson(tx, next.personId);
  if (!key) throw new Problem(409, 'problem.personErased');
  await appendAndProject(tx, action, key, (offset) => caseUpsert(tx, next, key, offset));
  // The worklist's row follows the file's state and detection day (its code never changes).
  if (!state || state.state !== next.state || state.detectionDate !== next.detectionDate) await refreshWorklistCases(tx, [next.id]);
  return next;
}

interface ActionRow {
  seq: number;
  entity_type: 'person' | 'case_file' | 'match';
  entity_id: string;
  entity_version: number;
  action_type: string;
  payload: Record<string, unknown>;
  sealed: Buffer | Uint8Array | null;
  reason: string | null;
  actor_user_id: string | null;
  actor_unit_id: string | null;
  agency_id: string;
  created_at: Date | string;
}

/** An action as it was appended; its sealed part (and reason) opened with the vault and, when given, the person's key. */
export function actionFromRow(row: ActionRow, vault: Vault, key?: Buffer): DomainAction {
  const { payload, reason } = openAction(vault, key, row);
  return {
    ...payload,
    type: row.action_type,
    entityId: row.entity_id,
    version: row.entity_version,
    at: new Date(row.created_at).toISOString(),
    actorUserId: row.actor_user_id,
    actorUnitId: row.actor_unit_id,
    agencyId: row.agency_id,
    ...(reason ? { reason } : {}),
  } as DomainAction;
}

/** Rebuilds every projection from the action log, in log order. Returns how many entities. */
export async function rebuildProjections(tx: Queryable, batchSize = 5_000): Promise<{ persons: number; caseFiles: number; matches: number; followUpRecords: number }> {
  // The linkage summary's counts (migration 0045) once at the end, not at each of the records
  // written one by one: each would update the same rows again in this one transaction.
  await tx.query("SELECT set_config('enlace.linkage_counts', 'later', true)");
  for (const table of AREA_TABLES) await tx.query(`DELETE FROM ${table}`);
  await tx.query('DELETE FROM person_groups');
  await tx.query('DELETE FROM matches');
  await tx.query('DELETE FROM case_files');
  await tx.query('DELETE FROM persons');
  const vault = vaultOf(tx);
  const keys = new Map<string, Buffer>();
  for (const row of await tx.query<{ person_id: string; wrapped: Buffer; master_key_id: string }>('SELECT person_id, wrapped, master_key_id FROM person_keys')) {
    keys.set(row.person_id, vault.unwrap({ masterKeyId: row.master_key_id, wrapped: Buffer.from(row.wrapped) }, `person:${row.person_id}`));
  }
  const persons = new Map<string, PersonRecord>();
  const cases = new Map<string, CaseFileRecord>();
  const personOfCase = new Map<string, string>();
  const matchActions: MatchAction[] = [];
  const areaActions: FollowUpAreaAction[] = [];
  const personOfArea = new Map<string, string>();
  let after = 0;
  for (;;) {
    const rows = await tx.query<ActionRow>('SELECT * FROM actions WHERE seq > $1 ORDER BY seq LIMIT $2', [after, batchSize]);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.seq;
      if (row.entity_type === 'match') {
        matchActions.push(actionFromRow(row, vault) as unknown as MatchAction);
        continue;
      }
      if (entityTypeOf(row.action_type)) {
        // Follow-ups, referrals, plans…: their first action names the person whose key seals them.
        if (typeof row.payload.personId === 'string') personOfArea.set(row.entity_id, row.payload.personId);
        const areaPerson = personOfArea.get(row.entity_id);
        areaActions.push(actionFromRow(row, vault, areaPerson ? keys.get(areaPerson) : undefined) as unknown as FollowUpAreaAction);
        continue;
      }
      if (row.action_type === 'record.imported') {
        // An imported row: her registration and her case file's, in one action.
        const { person, caseFile } = applyRecordImported(actionFromRow(row, vault, keys.get(row.entity_id)) as unknown as RecordImportedAction);
        if (persons.has(person.id) || (caseFile && cases.has(caseFile.id))) throw new Error(`record.imported of ${person.id}: already registered`);
        persons.set(person.id, person);
        if (caseFile) {
          cases.set(caseFile.id, caseFile);
          personOfCase.set(caseFile.id, person.id);
        }
        continue;
      }
      if (row.action_type === 'case.registered') personOfCase.set(row.entity_id, String(row.payload.personId));
      const personId = row.entity_type === 'person' ? row.entity_id : personOfCase.get(row.entity_id);
      const action = actionFromRow(row, vault, personId ? keys.get(personId) : undefined);
      if (row.entity_type === 'person') persons.set(row.entity_id, applyPersonAction(persons.get(row.entity_id), action as PersonAction));
      else cases.set(row.entity_id, applyCaseFileAction(cases.get(row.entity_id), action as CaseFileAction));
    }
  }
  for (const p of persons.values()) await savePerson(tx, p, keys.get(p.id));
  for (const c of cases.values()) await saveCaseFile(tx, c, keys.get(c.personId));
  const matches = await rebuildMatches(tx, matchActions);
  const followUpRecords = await rebuildAreaProjections(tx, areaActions, keys);
  await tx.query('SELECT enlace_linkage_count_all()');
  return { persons: persons.size, caseFiles: cases.size, matches, followUpRecords };
}

/** Person rows with their identity opened, for reads of many at once (lists, linkage, review). */
export const PERSON_WITH_KEY = `p.id, p.owner_agency_id, p.version, p.data, p.sealed, p.created_at, p.updated_at, ${KEY_COLUMNS}`;
export const PERSON_KEY_JOIN = `${KEY_JOIN}p.id`;

export function openPersonRow(q: Queryable, row: PersonRow & KeyColumns): PersonRecord & { erased?: true } {
  const vault = vaultOf(q);
  return personFromColumns(vault, keyOf(vault, row.id, row), row);
}

/** The fields displayName reads. */
const NAME_FIELDS = ['socialName', 'givenNames', 'paternalSurname', 'maternalSurname', 'fullName', 'aliases', 'identificationDescription'] as const;

/**
 * displayName(openPersonRow(q, row)), without building the rest of her record (a list page built
 * 25 whole persons, their dates parsed, for their names): each field from the identity when it
 * holds it, else from the open data, as the record has it.
 */
export function personNameOfRow(q: Queryable, row: PersonRow & KeyColumns): string {
  const vault = vaultOf(q);
  const identity = openIdentity(vault, keyOf(vault, row.id, row), row);
  const fields: Record<string, unknown> = {};
  for (const field of NAME_FIELDS) fields[field] = identity && field in identity ? identity[field] : row.data[field];
  return displayName(fields as Parameters<typeof displayName>[0]);
}

export type { KeyColumns, PersonRow };
