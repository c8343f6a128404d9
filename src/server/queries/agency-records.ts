// The read side of the system-to-system API (docs/AGENCY-API.md §4–5): an agency's system reads
// the case files its client may see — exactly as a person with the client's roles would: her
// agency's within the roles' reach, other agencies' only through a share in force (consent,
// referral, mandate), the person's identity only where the share covers it — page by page, and
// then follows the change feed to stay in sync.
//
// The feed reads record_changes (migration 0028) in (xid, seq) order and hands out only changes
// whose transaction is older than the oldest transaction still running: a transaction that wrote
// its change earlier but commits later holds the feed back until it commits, so a cursor never
// moves past a change yet to appear. Cursors are opaque, stable and resumable; an erasure is an
// entry with the case file's id and nothing else.
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { Problem } from '../errors.ts';
import { abilities, caseFilePolicy, type CaseTarget } from '../policies/case-files.ts';
import { ownReachConditions } from './case-files.ts';
import { loadReachableCaseFile, sharedWithActor } from './reach.ts';

export interface AgencyRecord {
  id: string;
  code: string;
  /** The agency holding the record (its key). */
  ownerAgency: string;
  /** Another agency's record, shared with the client's agency. */
  shared: boolean;
  /** Whether the person's identity (G1) is included. */
  identity: boolean;
  caseFile: CaseFileRecord;
  person?: PersonRecord;
  /** The client's agency's own ids for the record (from its imports and pushes). */
  sources: { source: string; recordId: string }[];
}

export type FeedEntry =
  | { position: string; type: 'changed'; id: string; changedAt: string; record: AgencyRecord }
  /** The person's identity was destroyed (right of cancellation): forget her data. */
  | { position: string; type: 'erased'; id: string; changedAt: string }
  /** A share to the client's agency ended: the record is no longer hers to keep. */
  | { position: string; type: 'withdrawn'; id: string; changedAt: string };

export interface Page<T> {
  items: T[];
  /** Where to continue: give it back as `cursor` (it is returned even when nothing is new). */
  cursor: string;
  /** More is waiting right now: ask again at once. */
  more: boolean;
}

const invalidCursor = () => new Problem(400, 'problem.invalidCursor', {}, [{ path: 'cursor', key: 'problem.invalidCursor' }]);

/** Cursors are opaque to clients: `l.` for the pull list, `f.` for the feed, base64url inside. */
function encode(kind: 'l' | 'f', parts: readonly string[]): string {
  return `${kind}.${Buffer.from(parts.join(':')).toString('base64url')}`;
}

function decode(kind: 'l' | 'f', cursor: string | undefined, count: number): string[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (!cursor.startsWith(`${kind}.`)) throw invalidCursor();
  const parts = Buffer.from(cursor.slice(2), 'base64url').toString('utf8').split(':');
  if (parts.length !== count) throw invalidCursor();
  return parts;
}

async function agencyKeys(db: Database): Promise<Map<string, string>> {
  return new Map((await db.query<{ id: string; key: string }>('SELECT id, key FROM agencies')).map((a) => [a.id, a.key] as const));
}

/** The records as the actor may read them, in the order of `ids`; those she may not are left out. */
async function readable(db: Database, actor: Actor, ids: readonly string[]): Promise<Map<string, { caseFile: CaseFileRecord; person: (PersonRecord & { erased?: true }) | undefined; target: CaseTarget }>> {
  const found = new Map<string, { caseFile: CaseFileRecord; person: (PersonRecord & { erased?: true }) | undefined; target: CaseTarget }>();
  for (const id of ids) {
    const record = await loadReachableCaseFile(db, actor, id);
    if (record && caseFilePolicy.can(actor, 'read', record.target)) found.set(id, record);
  }
  return found;
}

async function present(db: Database, actor: Actor, records: Map<string, { caseFile: CaseFileRecord; person: (PersonRecord & { erased?: true }) | undefined; target: CaseTarget }>): Promise<Map<string, AgencyRecord>> {
  const keys = await agencyKeys(db);
  const personIds = [...records.values()].filter((r) => r.caseFile.ownerAgencyId === actor.agencyId).map((r) => r.caseFile.personId);
  const sources = new Map<string, { source: string; recordId: string }[]>();
  if (personIds.length > 0) {
    const rows = await db.query<{ case_file_id: string | null; source_system: string; record_key: string }>(
      `SELECT case_file_id, source_system, record_key FROM import_records WHERE agency_id = $1 AND person_id = ANY($2::uuid[]) AND record_key NOT LIKE '#%' ORDER BY source_system, record_key`,
      [actor.agencyId, personIds],
    );
    for (const r of rows) if (r.case_file_id) sources.set(r.case_file_id, [...(sources.get(r.case_file_id) ?? []), { source: r.source_system, recordId: r.record_key }]);
  }
  const out = new Map<string, AgencyRecord>();
  for (const [id, { caseFile, person, target }] of records) {
    const identity = abilities(actor, target).readIdentity && person !== undefined && !person.erased;
    out.set(id, {
      id,
      code: caseFile.code,
      ownerAgency: keys.get(caseFile.ownerAgencyId) ?? '',
      shared: caseFile.ownerAgencyId !== actor.agencyId,
      identity,
      caseFile,
      ...(identity && person ? { person } : {}),
      sources: sources.get(id) ?? [],
    });
  }
  return out;
}

/** The pull: every case file the actor may read, by id, `limit` at a time. */
export async function listAgencyRecords(db: Database, actor: Actor, cursor: string | undefined, limit: number): Promise<Page<AgencyRecord>> {
  const [after] = decode('l', cursor, 1) ?? [];
  if (after !== undefined && !/^[0-9a-f-]{36}$/.test(after)) throw invalidCursor();
  const params: unknown[] = [];
  const own = ownReachConditions(actor, params);
  const shared = [...(await sharedWithActor(db, actor))].filter(([, target]) => caseFilePolicy.can(actor, 'read', target)).map(([id]) => id);
  params.push(shared, after ?? null, limit + 1);
  const n = params.length;
  const rows = await db.query<{ id: string }>(
    `SELECT c.id FROM case_files c WHERE ((${own.join(' AND ')}) OR c.id = ANY($${n - 2}::uuid[])) AND ($${n - 1}::uuid IS NULL OR c.id > $${n - 1}::uuid) ORDER BY c.id LIMIT $${n}`,
    params,
  );
  const page = rows.slice(0, limit).map((r) => r.id);
  const records = await present(db, actor, await readable(db, actor, page));
  const last = page[page.length - 1];
  return {
    items: page.flatMap((id) => records.get(id) ?? []),
    cursor: last ? encode('l', [last]) : (cursor ?? ''),
    more: rows.length > limit,
  };
}

/** One case file the actor may read; undefined otherwise (not found, like any read). */
export async function readAgencyRecord(db: Database, actor: Actor, id: string): Promise<AgencyRecord | undefined> {
  return (await present(db, actor, await readable(db, actor, [id]))).get(id);
}

interface ChangeRow {
  xid: string;
  seq: string;
  case_file_id: string;
  kind: 'data' | 'access' | 'erased';
  audience_agency_id: string | null;
  changed_at: Date | string;
}

/**
 * The changes after `cursor` that the actor may see, the latest state of each record once per
 * page. Only changes of transactions older than every transaction still running are handed out.
 */
export async function readChanges(db: Database, actor: Actor, cursor: string | undefined, limit: number): Promise<Page<FeedEntry>> {
  const [xid, seq] = decode('f', cursor, 2) ?? ['0', '0'];
  if (!/^\d{1,20}$/.test(xid ?? '') || !/^\d{1,20}$/.test(seq ?? '')) throw invalidCursor();
  const shared = [...(await sharedWithActor(db, actor)).keys()];
  const rows = await db.query<ChangeRow>(
    `SELECT xid::text AS xid, seq::text AS seq, case_file_id, kind, audience_agency_id, changed_at FROM record_changes
      WHERE (xid, seq) > ($1::text::xid8, $2::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
        AND (owner_agency_id = $3 OR audience_agency_id = $3 OR case_file_id = ANY($4::uuid[]))
      ORDER BY xid, seq LIMIT $5`,
    [xid, seq, actor.agencyId, shared, limit + 1],
  );
  const page = rows.slice(0, limit);
  // The last change of each record in the page stands for all of them: the record is given as it is now.
  const lastOf = new Map<string, ChangeRow>();
  const withdrawable = new Set<string>();
  for (const row of page) {
    lastOf.delete(row.case_file_id);
    lastOf.set(row.case_file_id, row);
    if (row.kind === 'access' && row.audience_agency_id === actor.agencyId) withdrawable.add(row.case_file_id);
  }
  const found = await readable(db, actor, [...lastOf.keys()]);
  const records = await present(db, actor, new Map([...found].filter(([, r]) => !r.person?.erased)));
  const items: FeedEntry[] = [];
  for (const [id, row] of lastOf) {
    const position = encode('f', [row.xid, row.seq]);
    const changedAt = new Date(row.changed_at).toISOString();
    const record = records.get(id);
    if (record) items.push({ position, type: 'changed', id, changedAt, record });
    else if (found.has(id)) items.push({ position, type: 'erased', id, changedAt });
    else if (withdrawable.has(id)) items.push({ position, type: 'withdrawn', id, changedAt });
  }
  const last = page[page.length - 1];
  return { items, cursor: last ? encode('f', [last.xid, last.seq]) : encode('f', [xid ?? '0', seq ?? '0']), more: rows.length > limit };
}
