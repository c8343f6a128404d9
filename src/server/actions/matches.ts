// Matches between person records: their action log, their projection, and the groups of linked
// records (one group per person across agencies) derived from the links in force.
import { applyMatchAction, groupsOf, LINKING_STATUSES, type MatchAction, type MatchRecord } from '../../domain/matches.ts';
import type { Queryable } from '../db/database.ts';
import { appendAction, appendActionsWith, valuesOf, type Statement } from './store.ts';

interface MatchRow {
  id: string;
  person_a: string;
  person_b: string;
  status: MatchRecord['status'];
  explanation: MatchRecord['explanation'];
  version: number;
  decided_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export function matchFromRow(row: MatchRow): MatchRecord {
  return {
    id: row.id,
    personA: row.person_a,
    personB: row.person_b,
    status: row.status,
    explanation: row.explanation,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
  };
}

const MATCH_COLUMNS = 'id, person_a, person_b, status, probability, explanation, version, decided_by, created_at, updated_at';
const matchRow = (m: MatchRecord): unknown[] => [m.id, m.personA, m.personB, m.status, m.explanation.probability, JSON.stringify(m.explanation), m.version, m.decidedBy ?? null, m.createdAt, m.updatedAt];

export async function saveMatch(tx: Queryable, m: MatchRecord): Promise<void> {
  const values = valuesOf([matchRow(m)], 0);
  await tx.query(
    `INSERT INTO matches (${MATCH_COLUMNS}) ${values.sql}
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, decided_by = EXCLUDED.decided_by, updated_at = EXCLUDED.updated_at`,
    values.params,
  );
}

export async function loadMatch(tx: Queryable, id: string, lock = false): Promise<MatchRecord | undefined> {
  const rows = await tx.query<MatchRow>(`SELECT * FROM matches WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? matchFromRow(rows[0]) : undefined;
}

/**
 * New match proposals (a record arriving with several candidates) in one statement: their actions
 * and their rows together, rather than two round trips each.
 */
export async function recordMatchProposals(tx: Queryable, actions: readonly MatchAction[]): Promise<MatchRecord[]> {
  const parts = matchProposalParts(actions);
  await appendActionsWith(tx, parts.actions, [parts.projection]);
  return parts.records;
}

/**
 * New match proposals as parts of one statement (`recordMatchProposals`, or a new person's
 * registration): their actions to log, and the insert of their rows.
 */
export function matchProposalParts(actions: readonly MatchAction[]): { records: MatchRecord[]; actions: [MatchAction, undefined][]; projection: (offset: number) => Statement } {
  const records = actions.map((action) => applyMatchAction(undefined, action));
  return {
    records,
    actions: actions.map((action) => [action, undefined]),
    projection: (offset) => {
      const values = valuesOf(records.map(matchRow), offset);
      return { sql: `INSERT INTO matches (${MATCH_COLUMNS}) ${values.sql}`, params: values.params };
    },
  };
}

export async function recordMatchAction(tx: Queryable, state: MatchRecord | undefined, action: MatchAction): Promise<MatchRecord> {
  const next = applyMatchAction(state, action);
  await appendAction(tx, action);
  await saveMatch(tx, next);
  return next;
}

/**
 * The lock `regroup` holds until its transaction ends, as a statement's last SELECT: taken by an
 * earlier statement of the same transaction, it spares regroup a round trip. Every statement
 * after it reads a snapshot taken once it was held.
 */
export const REGROUP_LOCK = "SELECT pg_advisory_xact_lock(hashtext('enlace.regroup'))";

/**
 * Recomputes the groups of every record connected to the given ones through links in force.
 * Run after any change of links: splitting a group (unlinking) is covered because both ends are
 * among the starting records.
 */
export async function regroup(tx: Queryable, personIds: readonly string[], options: { locked?: boolean } = {}): Promise<void> {
  // One regrouping at a time, until its transaction ends: two transactions linking into the same
  // group at once would each compute the groups without the other's link, and the second would
  // trip over the rows the first wrote. Waiting here also lets this one read the other's links.
  // `locked`: an earlier statement of the transaction took the lock (REGROUP_LOCK).
  if (!options.locked) await tx.query(REGROUP_LOCK);
  const members = new Set(personIds);
  const links = new Map<string, { personA: string; personB: string }>();
  let frontier = [...members];
  while (frontier.length > 0) {
    // The status is checked on the few matches of these records (OFFSET 0 keeps it outside): a
    // prepared statement's generic plan otherwise also read the status index, every link of the
    // registry, on each call (2 ms of database CPU per registration that links, bench:api).
    const rows = await tx.query<{ id: string; person_a: string; person_b: string }>(
      `SELECT id, person_a, person_b
         FROM (SELECT id, person_a, person_b, status FROM matches WHERE person_a = ANY($1::uuid[]) OR person_b = ANY($1::uuid[]) OFFSET 0) m
        WHERE status = ANY($2::text[])`,
      [frontier, LINKING_STATUSES],
    );
    frontier = [];
    for (const row of rows) {
      links.set(row.id, { personA: row.person_a, personB: row.person_b });
      for (const p of [row.person_a, row.person_b]) {
        if (!members.has(p)) {
          members.add(p);
          frontier.push(p);
        }
      }
    }
  }
  const groups = groupsOf([...members], [...links.values()]);
  const ids = [...groups.keys()];
  // A record alone is its own group: no row needed (queries use coalesce(group_id, person_id)).
  const linked = ids.filter((id) => groups.get(id) !== id || [...links.values()].some((l) => l.personA === id || l.personB === id));
  // One statement: the rows of records now alone go, the others are written (disjoint sets).
  await tx.query(
    `WITH alone AS (DELETE FROM person_groups WHERE person_id = ANY($1::uuid[]) AND NOT (person_id = ANY($2::uuid[])))
     INSERT INTO person_groups (person_id, group_id) SELECT * FROM unnest($2::uuid[], $3::uuid[]) ON CONFLICT (person_id) DO UPDATE SET group_id = excluded.group_id`,
    [ids, linked, linked.map((id) => groups.get(id) as string)],
  );
}

/**
 * The last SELECT of a new person's registration that links her at once (RegistrationExtras.last),
 * read from the CTE that wrote her row: she, every record of the groups of the records she links
 * with and the lone ones among them take the smallest id among them as their group
 * (enlace_join_groups, migration 0044: in one statement instead of regroup's walk over the links;
 * it rests on the groups being whole, as regroup and the batch leave them). The function takes
 * REGROUP_LOCK, held until the registration commits, and joins with a snapshot taken after it.
 */
export function joinGroups(personId: string, linked: readonly string[]): (offset: number, person: string) => Statement {
  return (offset, person) => ({ sql: `SELECT enlace_join_groups($${offset + 1}::uuid, $${offset + 2}::uuid[]) FROM ${person}`, params: [personId, linked] });
}

/** Rebuilds matches and groups from the log (part of rebuilding every projection). */
export async function rebuildMatches(tx: Queryable, actions: Iterable<MatchAction>): Promise<number> {
  await tx.query('DELETE FROM person_groups');
  await tx.query('DELETE FROM matches');
  const matches = new Map<string, MatchRecord>();
  for (const action of actions) matches.set(action.entityId, applyMatchAction(matches.get(action.entityId), action));
  for (const m of matches.values()) await saveMatch(tx, m);
  const links = [...matches.values()].filter((m) => LINKING_STATUSES.includes(m.status));
  const members = [...new Set(links.flatMap((l) => [l.personA, l.personB]))];
  const groups = groupsOf(members, links);
  if (members.length > 0) {
    await tx.query('INSERT INTO person_groups (person_id, group_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])', [members, members.map((id) => groups.get(id) as string)]);
  }
  return matches.size;
}
