// The append-only action log and the projections derived from it. Appending an action and
// updating its projection always happen in the caller's transaction, together.
import { randomUUID } from 'node:crypto';
import {
  applyCaseFileAction,
  applyPersonAction,
  displayName,
  nameTokens,
  type CaseFileAction,
  type CaseFileRecord,
  type DomainAction,
  type PersonAction,
  type PersonRecord,
} from '../../domain/records.ts';
import type { MatchAction } from '../../domain/matches.ts';
import { rebuildMatches } from './matches.ts';
import type { Queryable } from '../db/database.ts';

const META_KEYS = new Set(['type', 'entityId', 'version', 'at', 'actorUserId', 'actorUnitId', 'agencyId', 'reason']);

type AnyAction = DomainAction | MatchAction;

function payloadOf(action: AnyAction): Record<string, unknown> {
  return Object.fromEntries(Object.entries(action).filter(([k]) => !META_KEYS.has(k)));
}

export async function appendAction(tx: Queryable, action: AnyAction): Promise<void> {
  const entityType = action.type.startsWith('person.') ? 'person' : action.type.startsWith('match.') ? 'match' : 'case_file';
  await tx.query(
    `INSERT INTO actions (id, entity_type, entity_id, entity_version, action_type, payload, reason, actor_user_id, actor_unit_id, agency_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [randomUUID(), entityType, action.entityId, action.version, action.type, JSON.stringify(payloadOf(action)), action.reason ?? null, action.actorUserId, action.actorUnitId, action.agencyId, action.at],
  );
}

const PERSON_META = new Set(['id', 'version', 'ownerAgencyId', 'createdAt', 'updatedAt']);
const CASE_META = new Set(['id', 'code', 'personId', 'version', 'ownerAgencyId', 'registeringUnitId', 'createdAt', 'updatedAt', 'state']);

const strip = (record: object, keys: Set<string>) => Object.fromEntries(Object.entries(record).filter(([k]) => !keys.has(k)));

export async function savePerson(tx: Queryable, p: PersonRecord): Promise<void> {
  await tx.query(
    `INSERT INTO persons (id, owner_agency_id, version, data, display_name, name_tokens, sex, birth_date, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, display_name = EXCLUDED.display_name,
       name_tokens = EXCLUDED.name_tokens, sex = EXCLUDED.sex, birth_date = EXCLUDED.birth_date, updated_at = EXCLUDED.updated_at`,
    [p.id, p.ownerAgencyId, p.version, JSON.stringify(strip(p, PERSON_META)), displayName(p), nameTokens(p), p.sex, p.birthDate ?? null, p.createdAt, p.updatedAt],
  );
}

export async function saveCaseFile(tx: Queryable, c: CaseFileRecord): Promise<void> {
  await tx.query(
    `INSERT INTO case_files (id, code, person_id, owner_agency_id, registering_unit_id, state, trafficking_status, detection_date, detection_ubigeo, version, data, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, trafficking_status = EXCLUDED.trafficking_status, detection_date = EXCLUDED.detection_date,
       detection_ubigeo = EXCLUDED.detection_ubigeo, version = EXCLUDED.version, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
    [c.id, c.code, c.personId, c.ownerAgencyId, c.registeringUnitId, c.state, c.traffickingStatus, c.detectionDate, c.detectionUbigeo, c.version, JSON.stringify(strip(c, CASE_META)), c.createdAt, c.updatedAt],
  );
}

interface PersonRow {
  id: string;
  owner_agency_id: string;
  version: number;
  data: Record<string, unknown>;
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
  created_at: Date | string;
  updated_at: Date | string;
}

export function personFromRow(row: PersonRow): PersonRecord {
  return {
    ...(row.data as Omit<PersonRecord, 'id'>),
    id: row.id,
    version: row.version,
    ownerAgencyId: row.owner_agency_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function caseFileFromRow(row: CaseRow): CaseFileRecord {
  return {
    ...(row.data as Omit<CaseFileRecord, 'id'>),
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

/** A person of the given agency, locked for update when asked; undefined when out of reach. */
export async function loadPerson(tx: Queryable, id: string, agencyId: string, lock = false): Promise<PersonRecord | undefined> {
  const rows = await tx.query<PersonRow>(`SELECT * FROM persons WHERE id = $1 AND owner_agency_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, agencyId]);
  return rows[0] ? personFromRow(rows[0]) : undefined;
}

export async function loadCaseFile(tx: Queryable, id: string, agencyId: string, lock = false): Promise<CaseFileRecord | undefined> {
  const rows = await tx.query<CaseRow>(`SELECT * FROM case_files WHERE id = $1 AND owner_agency_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, agencyId]);
  return rows[0] ? caseFileFromRow(rows[0]) : undefined;
}

/** A case file with its person in one round trip (the case-file page reads both). */
export async function loadCaseFileWithPerson(db: Queryable, id: string, agencyId: string): Promise<{ caseFile: CaseFileRecord; person: PersonRecord | undefined } | undefined> {
  const rows = await db.query<CaseRow & { p: PersonRow | null }>(
    `SELECT c.*, CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'owner_agency_id', p.owner_agency_id, 'version', p.version, 'data', p.data, 'created_at', p.created_at, 'updated_at', p.updated_at) END AS p
       FROM case_files c LEFT JOIN persons p ON p.id = c.person_id AND p.owner_agency_id = c.owner_agency_id
      WHERE c.id = $1 AND c.owner_agency_id = $2`,
    [id, agencyId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { caseFile: caseFileFromRow(row), person: row.p ? personFromRow(row.p) : undefined };
}

/** Appends the action and writes the state it produces. */
export async function recordPersonAction(tx: Queryable, state: PersonRecord | undefined, action: PersonAction): Promise<PersonRecord> {
  const next = applyPersonAction(state, action);
  await appendAction(tx, action);
  await savePerson(tx, next);
  return next;
}

export async function recordCaseFileAction(tx: Queryable, state: CaseFileRecord | undefined, action: CaseFileAction): Promise<CaseFileRecord> {
  const next = applyCaseFileAction(state, action);
  await appendAction(tx, action);
  await saveCaseFile(tx, next);
  return next;
}

interface ActionRow {
  seq: number;
  entity_type: 'person' | 'case_file' | 'match';
  entity_id: string;
  entity_version: number;
  action_type: string;
  payload: Record<string, unknown>;
  reason: string | null;
  actor_user_id: string | null;
  actor_unit_id: string | null;
  agency_id: string;
  created_at: Date | string;
}

export function actionFromRow(row: ActionRow): DomainAction {
  return {
    ...row.payload,
    type: row.action_type,
    entityId: row.entity_id,
    version: row.entity_version,
    at: new Date(row.created_at).toISOString(),
    actorUserId: row.actor_user_id,
    actorUnitId: row.actor_unit_id,
    agencyId: row.agency_id,
    ...(row.reason ? { reason: row.reason } : {}),
  } as DomainAction;
}

/** Rebuilds every projection from the action log, in log order. Returns how many entities. */
export async function rebuildProjections(tx: Queryable, batchSize = 5_000): Promise<{ persons: number; caseFiles: number; matches: number }> {
  await tx.query('DELETE FROM person_groups');
  await tx.query('DELETE FROM matches');
  await tx.query('DELETE FROM case_files');
  await tx.query('DELETE FROM persons');
  const persons = new Map<string, PersonRecord>();
  const cases = new Map<string, CaseFileRecord>();
  const matchActions: MatchAction[] = [];
  let after = 0;
  for (;;) {
    const rows = await tx.query<ActionRow>('SELECT * FROM actions WHERE seq > $1 ORDER BY seq LIMIT $2', [after, batchSize]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const action = actionFromRow(row);
      if (row.entity_type === 'person') persons.set(row.entity_id, applyPersonAction(persons.get(row.entity_id), action as PersonAction));
      else if (row.entity_type === 'case_file') cases.set(row.entity_id, applyCaseFileAction(cases.get(row.entity_id), action as CaseFileAction));
      else matchActions.push(action as unknown as MatchAction);
      after = row.seq;
    }
  }
  for (const p of persons.values()) await savePerson(tx, p);
  for (const c of cases.values()) await saveCaseFile(tx, c);
  const matches = await rebuildMatches(tx, matchActions);
  return { persons: persons.size, caseFiles: cases.size, matches };
}
