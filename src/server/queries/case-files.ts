// Read side: lists, search and history, always within the reader's agency.
import { searchTokens } from '../../domain/records.ts';
import { PERSON_KEY_JOIN, personNameOfRow, type KeyColumns, type PersonRow } from '../actions/store.ts';
import { blindDocumentNumber } from '../actions/sealing.ts';
import { vaultOf } from '../crypto/keys.ts';
import { openAction } from '../actions/sealing.ts';
import type { ListCasesQuery } from '../../domain/schemas.ts';
import type { CaseList, CaseSummary, HistoryEntry } from '../../domain/api-types.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { caseFilePolicy, type CaseTarget } from '../policies/case-files.ts';
import { reachOf } from '../policies/roles.ts';
import { sharedWithActor, sharedWithActorCondition } from './reach.ts';

export type { CaseSummary };

const CASE_CODE = /^TP-\d{4}-\d{1,9}$/i;
/** How many matches past the end of the page asked a list counts before it answers "at least". */
export const COUNT_AHEAD = 1_000;
/**
 * The same for a search by name: a common surname (Quispe, Mamani) matches thousands of persons in
 * every agency, and counting a thousand of them was most of what such a search cost (soak: 19 ms of
 * CPU per search against 7 ms for a plain list page). Whoever searches by name narrows the search
 * rather than paging past five pages; she is told "more than …".
 */
export const NAME_SEARCH_COUNT_AHEAD = 100;
// A document number typed in the search box: looked up through its blind index, never stored.
const DOCUMENT_NUMBER = /^[A-Za-z0-9]*\d{6,}[A-Za-z0-9]*$/;

/**
 * The actor's own agency's case files within her reach, as SQL conditions on `c` (case_files):
 * the same reach as caseFilePolicy's inReach, as a filter. Its parameters are pushed onto `params`.
 */
export function ownReachConditions(actor: Actor, params: unknown[]): string[] {
  params.push(actor.agencyId);
  const own = [`c.owner_agency_id = $${params.length}`];
  const reach = reachOf(actor);
  if (reach === 'unit' || reach === 'none') {
    params.push(reach === 'unit' ? actor.unitId : null);
    own.push(`c.registering_unit_id = $${params.length}`);
  } else if (reach === 'jurisdiction') {
    params.push(actor.unitId, `${(actor.unitUbigeo ?? '--').slice(0, 2)}%`);
    own.push(`(c.registering_unit_id = $${params.length - 1} OR c.detection_ubigeo LIKE $${params.length})`);
  }
  return own;
}

interface PageRow {
  /** A search's matches, on every row; alone on the one row of a page past the end. */
  n?: number;
  /** Whether any share in force opens another agency's case file to her (when asked). */
  shares?: boolean;
  id: string;
  code: string;
  person_id: string;
  person: PersonRow & KeyColumns;
  sex: string;
  state: string;
  trafficking_status: string;
  detection_date: string;
  detection_ubigeo: string;
  version: number;
  updated_at: Date;
}

export async function listCaseFiles(db: Queryable, actor: Actor, query: ListCasesQuery, countAhead = COUNT_AHEAD, nameSearchCountAhead = NAME_SEARCH_COUNT_AHEAD): Promise<CaseList> {
  // Most users have nothing of other agencies shared with them: her list is read as if so, its
  // count saying also whether any share is in force; only when one is are the shares read and the
  // list read again with them (soak: three statements a search became one, a list two).
  const limits = { countAhead, nameSearchCountAhead };
  let shared = new Map<string, CaseTarget>();
  let page = await readPage(db, actor, query, shared, limits, true);
  if (page.sharesInForce) {
    shared = await sharedWithActor(db, actor);
    page = await readPage(db, actor, query, shared, limits, false);
  }
  const { rows, counted, countLimit, withIdentity } = page;
  const agencyKeys = shared.size > 0 ? new Map((await db.query<{ id: string; key: string }>('SELECT id, key FROM agencies')).map((a) => [a.id, a.key])) : new Map<string, string>();
  return {
    items: rows.map((r) => {
      const target = shared.get(r.id);
      const sharedHere = target && target.ownerAgencyId !== actor.agencyId;
      const identity = !sharedHere || withIdentity.includes(r.id);
      return {
        id: r.id,
        code: r.code,
        personId: r.person_id,
        // A record shared without identity lists its case, never its name.
        personName: identity ? personNameOfRow(db, fromJson(r.person)) : '',
        ...(sharedHere ? { shared: { ownerAgency: agencyKeys.get(target.ownerAgencyId) ?? '', bases: [...new Set((target.shares ?? []).map((s) => s.basis))], identity } } : {}),
        sex: identity ? r.sex : '',
        state: r.state,
        traffickingStatus: r.trafficking_status,
        detectionDate: r.detection_date,
        detectionUbigeo: r.detection_ubigeo,
        version: r.version,
        updatedAt: new Date(r.updated_at).toISOString(),
      };
    }),
    total: Math.min(counted, countLimit),
    totalAtLeast: counted > countLimit,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * The count and the page of a list or search, in one statement, with the other agencies' case
 * files of `shared` that she may see; `probeShares` asks too whether any share is in force.
 */
async function readPage(
  db: Queryable,
  actor: Actor,
  query: ListCasesQuery,
  shared: Map<string, CaseTarget>,
  limits: { countAhead: number; nameSearchCountAhead: number },
  probeShares: boolean,
): Promise<{ rows: PageRow[]; counted: number; countLimit: number; withIdentity: string[]; sharesInForce: boolean }> {
  const params: unknown[] = [];
  const own = ownReachConditions(actor, params);
  // Other agencies' records shared with hers join the list, each only as far as its share goes:
  // listed when she may read the case (G2), found by name or document only when identity (G1) is shared.
  const listable = [...shared].filter(([, target]) => caseFilePolicy.can(actor, 'read', target)).map(([id]) => id);
  const withIdentity = listable.filter((id) => caseFilePolicy.can(actor, 'readIdentity', shared.get(id) ?? { ownerAgencyId: '' }));
  const reachable = (ids: string[]) => {
    if (ids.length === 0) return `(${own.join(' AND ')})`;
    params.push(ids);
    return `((${own.join(' AND ')}) OR c.id = ANY($${params.length}::uuid[]))`;
  };
  // Conditions on the case file (`c`), and on its person (`p`) when the search looks into persons.
  const where = [reachable(listable)];
  const personWhere: string[] = [];
  if (query.state) {
    params.push(query.state);
    where.push(`c.state = $${params.length}`);
  }
  const q = query.q?.trim();
  let searchesPersons = false;
  let searchesNames = false;
  if (q) {
    const vault = vaultOf(db);
    if (CASE_CODE.test(q)) {
      params.push(q.toUpperCase());
      where.push(`c.code = $${params.length}`);
    } else if (DOCUMENT_NUMBER.test(q)) {
      params.push([blindDocumentNumber(vault, q)]);
      personWhere.push(`p.document_index @> $${params.length}::text[]`);
      searchesPersons = true;
      if (withIdentity.length < listable.length) where.push(reachable(withIdentity));
    } else {
      const tokens = searchTokens(q);
      if (tokens.length > 0) {
        params.push(tokens.map((t) => vault.blindIndex('name', t)));
        personWhere.push(`p.name_tokens @> $${params.length}::text[]`);
        searchesPersons = true;
        searchesNames = true;
        if (withIdentity.length < listable.length) where.push(reachable(withIdentity));
      }
    }
  }
  if (searchesPersons && listable.length === 0) {
    // Her own agency's case files name persons of her own agency (registered or imported by it):
    // said outright, PostgreSQL looks the name up among the agency's persons (both indexes of
    // persons at once) instead of walking every case file of the agency newest first in search of
    // them, which it chose for names it thought common: a given name held by 1,500 persons of
    // 100,000 case files walked 7,700 case files for a page of 25 (EXPLAIN ANALYZE on the bench:api
    // database, interleaved, medians of 3: 70 → 17 ms for the page, 14 → 9 ms for the count).
    params.push(actor.agencyId);
    personWhere.push(`p.owner_agency_id = $${params.length}`);
  }
  const filter = where.join(' AND ');
  // Counting every match costs a walk over all of them, on every page of every list (at 100,000
  // case files an agency's count read 20,000 blocks): the count stops COUNT_AHEAD past the page
  // asked, which is all the pager needs; beyond it the answer says "at least". The persons join is
  // there only when the search looks into persons (every case file has its person).
  const countLimit = query.page * query.pageSize + (searchesNames ? Math.min(limits.countAhead, limits.nameSearchCountAhead) : limits.countAhead);
  /** The columns asking whether a share is in force, with their parameters placed after `taken`. */
  const probe = (taken: number) => (probeShares ? { sql: `, EXISTS (SELECT 1 FROM record_access r WHERE ${sharedWithActorCondition('$1', `$${taken + 1}`)}) AS shares`, params: [actor.userId] } : { sql: '', params: [] });
  // Only the page's rows are joined to their persons and keys: joined before the offset, page 19
  // of a list read and built 475 persons for 25 (3,300 buffers against 700 on the bench:api
  // database).
  const pageColumns = `c.id, c.code, c.person_id, json_build_object('id', p.id, 'owner_agency_id', p.owner_agency_id, 'version', p.version, 'data', p.data,
            'sealed', encode(p.sealed, 'base64'), 'created_at', p.created_at, 'updated_at', p.updated_at, 'key_wrapped', encode(k.wrapped, 'base64'), 'key_master', k.master_key_id) AS person,
            p.sex, c.state, c.trafficking_status, c.detection_date, c.detection_ubigeo, c.version, c.updated_at`;
  const pageJoins = `JOIN case_files c ON c.id = found.id JOIN persons p ON p.id = c.person_id ${PERSON_KEY_JOIN}`;
  const offset = (query.page - 1) * query.pageSize;
  if (searchesPersons) {
    // A search that looks into persons finds its persons first (both indexes of persons at once),
    // then, for a name that few of them bear, each one's case files through their index (a nested
    // loop, said so: for a common surname PostgreSQL would rather read every case file of the
    // agency and hash them), all of them, sorted for the page and counted from the same matches.
    // A name borne by many (Quispe: 675 of 8,700 in an agency of the soak database) cost a look-up
    // for each of them, 2,000 of the search's 2,800 buffers: for such a name the agency's case files
    // are walked newest first instead, each checked against her persons (hashed), until the page is
    // full, and only COUNT_AHEAD matches past it are looked up for the count (Quispe 2,840 → 1,480
    // buffers, Rojas 1,860 → 1,430; a rare name's plan is unchanged). Which is cheaper depends on
    // how many case files the walk passes for a page, and so on the agency's size: decided in the
    // statement, once her persons are counted (a look-up ~3 buffers, a step of the walk ~1.1).
    // Only a reach of the whole agency walks (a unit's case files are a thin slice of the walk).
    // One statement, planned once; a page past the end is one row of the count alone.
    const shares = probe(params.length);
    const walkable = searchesNames && listable.length === 0 && reachOf(actor) === 'agency' ? await agencySize(db, actor.agencyId) : null;
    const all = [...params, ...shares.params, query.pageSize, offset, countLimit + 1, walkable];
    const [limit, skip, cap, size] = [all.length - 3, all.length - 2, all.length - 1, all.length].map((n) => `$${n}`);
    const walk = `(${size}::int IS NOT NULL AND 3 * n > 3 * least(n, ${cap}::int) + 1.1 * (${skip}::int + ${limit}::int) * ${size}::int / greatest(n, 1))`;
    const rows = await db.query<Omit<PageRow, 'id'> & { id: string | null }>(
      `WITH persons_found AS MATERIALIZED (SELECT p.id FROM persons p WHERE ${personWhere.join(' AND ')}),
            decided AS MATERIALIZED (SELECT ${walk} AS walk FROM (SELECT count(*) AS n FROM persons_found) AS found),
            matching AS MATERIALIZED (SELECT c.id, c.updated_at FROM persons_found p
               CROSS JOIN LATERAL (SELECT c.id, c.updated_at FROM case_files c WHERE c.person_id = p.id AND ${filter} OFFSET 0) AS c
              WHERE NOT (SELECT walk FROM decided)),
            capped AS (SELECT count(*) AS n FROM (SELECT 1 FROM persons_found p
               CROSS JOIN LATERAL (SELECT 1 FROM case_files c WHERE c.person_id = p.id AND ${filter} OFFSET 0) AS c
              WHERE (SELECT walk FROM decided) LIMIT ${cap}) AS m),
            found AS ((SELECT id FROM matching ORDER BY updated_at DESC, id LIMIT ${limit} OFFSET ${skip})
               UNION ALL
               (SELECT c.id FROM case_files c WHERE (SELECT walk FROM decided) AND ${filter} AND (c.person_id IN (SELECT id FROM persons_found)) IS TRUE
                 ORDER BY c.updated_at DESC, c.id LIMIT ${limit} OFFSET ${skip}))
       SELECT counted.n${shares.sql}, page.*
         FROM (SELECT ((SELECT count(*) FROM matching) + (SELECT n FROM capped))::int AS n) AS counted
         LEFT JOIN (SELECT ${pageColumns} FROM found ${pageJoins}) AS page ON true
        ORDER BY page.updated_at DESC, page.id`,
      all,
    );
    return { rows: rows.filter((r): r is PageRow => r.id !== null), counted: rows[0]?.n ?? 0, countLimit, withIdentity, sharesInForce: probeShares && rows[0]?.shares === true };
  }
  // A plain list counts, only so far past the page, with the question of shares, and walks the
  // agency's case files newest first to its page, in one statement as a search does (two cost a
  // second round trip: ~0.3 ms of the server's CPU and ~0.1 ms of the database's a list page); a
  // page past the end is one row of the count alone. The page's limit and offset are read from
  // sub-selects: as plain parameters PostgreSQL saw them in each call's own plan, found it cheaper
  // than its generic plan (costed for a tenth of the rows) and planned the statement anew on every
  // call, for the same walk; hidden from both, the generic plan wins after five calls and is kept
  // (EXPLAIN on the soak database: planning 0.6 → 0.01 ms a page).
  const shares = probe(params.length + 3);
  const [cap, limit, skip] = [params.length + 1, params.length + 2, params.length + 3].map((n) => `$${n}`);
  const rows = await db.query<Omit<PageRow, 'id'> & { id: string | null }>(
    `SELECT counted.n${shares.sql}, page.*
       FROM (SELECT count(*)::int AS n FROM (SELECT 1 FROM case_files c WHERE ${filter} LIMIT ${cap}) AS matching) AS counted
       LEFT JOIN (SELECT ${pageColumns}
                    FROM (SELECT c.id FROM case_files c WHERE ${filter} ORDER BY c.updated_at DESC, c.id LIMIT (SELECT ${limit}::int) OFFSET (SELECT ${skip}::int)) AS found ${pageJoins}) AS page ON true
      ORDER BY page.updated_at DESC, page.id`,
    [...params, countLimit + 1, query.pageSize, offset, ...shares.params],
  );
  const sharesInForce = probeShares && rows[0]?.shares === true;
  return { rows: sharesInForce ? [] : rows.filter((r): r is PageRow => r.id !== null), counted: sharesInForce ? 0 : (rows[0]?.n ?? 0), countLimit, withIdentity, sharesInForce };
}

/** How long a count of an agency's case files is kept (by each process): it only sizes the walk of a search. */
const AGENCY_SIZES_KEPT_MS = 10 * 60_000;
const agencySizes = new WeakMap<Queryable, { at: number; sizes: Promise<Map<string, number>> }>();

/** The number of case files of the agency, as counted within the last ten minutes. */
async function agencySize(db: Queryable, agencyId: string): Promise<number> {
  let kept = agencySizes.get(db);
  if (!kept || Date.now() - kept.at > AGENCY_SIZES_KEPT_MS) {
    const sizes = db.query<{ owner_agency_id: string; n: number }>('SELECT owner_agency_id, count(*)::int AS n FROM case_files GROUP BY owner_agency_id').then((rows) => new Map(rows.map((r) => [r.owner_agency_id, r.n])));
    agencySizes.set(db, (kept = { at: Date.now(), sizes }));
    // A failed count is not kept: the next search counts again.
    sizes.catch(() => agencySizes.get(db) === kept && agencySizes.delete(db));
  }
  return (await kept.sizes).get(agencyId) ?? 0;
}

/** A person row that travelled inside json_build_object: its bytes come base64-encoded. */
function fromJson(row: PersonRow & KeyColumns): PersonRow & KeyColumns {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64') : null);
  return { ...row, sealed: bytes(row.sealed), key_wrapped: bytes(row.key_wrapped) };
}

export type { HistoryEntry };

/** The actions on a case file and on its person, newest first, with their sealed parts opened. */
export async function caseFileHistory(db: Queryable, caseId: string, personId: string, personKey: Buffer | undefined): Promise<HistoryEntry[]> {
  const vault = vaultOf(db);
  const rows = await db.query<{
    entity_id: string;
    sealed: Buffer | Uint8Array | null;
    created_at: Date;
    entity_type: 'person' | 'case_file';
    action_type: string;
    entity_version: number;
    display_name: string | null;
    unit_name: string | null;
    reason: string | null;
    payload: Record<string, unknown>;
  }>(
    `SELECT a.entity_id, a.sealed, a.created_at, a.entity_type, a.action_type, a.entity_version, u.display_name, un.name AS unit_name, a.reason, a.payload
       FROM actions a LEFT JOIN users u ON u.id = a.actor_user_id LEFT JOIN units un ON un.id = a.actor_unit_id
      WHERE (a.entity_type = 'case_file' AND a.entity_id = $1) OR (a.entity_type = 'person' AND a.entity_id = $2)
      ORDER BY a.seq DESC`,
    [caseId, personId],
  );
  return rows.flatMap((r): HistoryEntry[] => {
    // The reason is sealed with the rest: opened for whoever may read the history (she has the key).
    const { payload, reason } = openAction(vault, personKey, r);
    const entry = { at: new Date(r.created_at).toISOString(), actor: r.display_name, unit: r.unit_name, reason };
    if (r.action_type === 'record.imported') return importedEntries(payload, caseId, personId, entry);
    return [{ ...entry, entityType: r.entity_type, type: r.action_type, version: r.entity_version, details: payload }];
  });
}

/**
 * An imported row (one `record.imported` action) shows as the registrations it stands for, as
 * `person.registered` and `case.registered` would (newest first): her case file's, when it is the
 * file asked about, then hers. Both name the import and the row they came from.
 */
function importedEntries(payload: Record<string, unknown>, caseId: string, personId: string, entry: Pick<HistoryEntry, 'at' | 'actor' | 'unit' | 'reason'>): HistoryEntry[] {
  const caseFile = payload.caseFile as { id: string; code: string; registeringUnitId: string; data: Record<string, unknown> } | undefined;
  const origin = { import: payload.import };
  const person: HistoryEntry = { ...entry, entityType: 'person', type: 'person.registered', version: 1, details: { data: payload.data, ...origin } };
  if (caseFile?.id !== caseId) return [person];
  const registered = { data: caseFile.data, code: caseFile.code, personId, registeringUnitId: caseFile.registeringUnitId, ...origin };
  return [{ ...entry, entityType: 'case_file', type: 'case.registered', version: 1, details: registered }, person];
}
