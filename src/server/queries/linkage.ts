// Read side of linkage: the review queue with both records side by side, a person across
// agencies, and the counts of persons (not records) with the overlap between agencies.
import { displayName, type PersonData } from '../../domain/records.ts';
import type { MatchRecord } from '../../domain/matches.ts';
import type { Actor } from '../actor.ts';
import { matchFromRow } from '../actions/matches.ts';
import { openPersonRow, PERSON_KEY_JOIN, PERSON_WITH_KEY, type KeyColumns, type PersonRow } from '../actions/store.ts';
import type { Queryable } from '../db/database.ts';
import { openAction } from '../actions/sealing.ts';
import { vaultOf } from '../crypto/keys.ts';

interface SideRow {
  id: string;
  data: PersonData;
  agency_key: string;
  agency_name: string;
  created_at: Date | string;
}

/** Both records of a pair, identity opened: what a linkage reviewer needs side by side. */
async function sides(db: Queryable, ids: string[]): Promise<Map<string, SideRow>> {
  const rows = await db.query<PersonRow & KeyColumns & { agency_key: string; agency_name: string }>(
    `SELECT ${PERSON_WITH_KEY}, a.key AS agency_key, a.name AS agency_name FROM persons p JOIN agencies a ON a.id = p.owner_agency_id ${PERSON_KEY_JOIN} WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, data: openPersonRow(db, r), agency_key: r.agency_key, agency_name: r.agency_name, created_at: r.created_at }]));
}

function side(row: SideRow | undefined) {
  if (!row) return undefined;
  const p = row.data;
  return {
    personId: row.id,
    agency: { key: row.agency_key, name: row.agency_name },
    registeredAt: new Date(row.created_at).toISOString(),
    name: displayName(p),
    givenNames: p.givenNames,
    paternalSurname: p.paternalSurname,
    maternalSurname: p.maternalSurname,
    fullName: p.fullName,
    sex: p.sex,
    birthDate: p.birthDate,
    estimatedAge: p.estimatedAge,
    nationalities: p.nationalities,
    documents: p.documents,
  };
}

export async function matchQueue(db: Queryable, status: string, page: number, pageSize: number) {
  const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM matches WHERE status = $1', [status]);
  const rows = await db.query<Parameters<typeof matchFromRow>[0]>('SELECT * FROM matches WHERE status = $1 ORDER BY probability DESC, id LIMIT $2 OFFSET $3', [status, pageSize, (page - 1) * pageSize]);
  const matches = rows.map(matchFromRow);
  const people = await sides(db, matches.flatMap((m) => [m.personA, m.personB]));
  return {
    items: matches.map((m) => ({ ...m, a: side(people.get(m.personA)), b: side(people.get(m.personB)) })),
    total: count?.n ?? 0,
    page,
    pageSize,
  };
}

export async function matchDetail(db: Queryable, id: string) {
  const [row] = await db.query<Parameters<typeof matchFromRow>[0]>('SELECT * FROM matches WHERE id = $1', [id]);
  if (!row) return undefined;
  const match: MatchRecord = matchFromRow(row);
  const people = await sides(db, [match.personA, match.personB]);
  const history = await db.query<{ entity_id: string; entity_version: number; action_type: string; payload: Record<string, unknown>; reason: string | null; display_name: string | null; created_at: Date | string }>(
    "SELECT a.entity_id, a.entity_version, a.action_type, a.payload, a.reason, u.display_name, a.created_at FROM actions a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.entity_type = 'match' AND a.entity_id = $1 ORDER BY a.seq DESC",
    [id],
  );
  return {
    ...match,
    a: side(people.get(match.personA)),
    b: side(people.get(match.personB)),
    history: history.map((h) => ({ type: h.action_type, decision: h.payload.decision ?? h.payload.status, reason: openAction(vaultOf(db), undefined, { ...h, sealed: null }).reason, actor: h.display_name, at: new Date(h.created_at).toISOString() })),
  };
}

/**
 * Every agency's record of the person the viewer opened, side by side. Her own agency's records
 * show their content; another agency's show only where they are and what stage the case is at
 * (what she may see of them is decided by the access-control rules).
 */
export async function personGroup(db: Queryable, actor: Actor, personId: string) {
  const [group] = await db.query<{ group_id: string }>('SELECT coalesce((SELECT group_id FROM person_groups WHERE person_id = $1), $1) AS group_id', [personId]);
  const groupId = group?.group_id ?? personId;
  const rows = await db.query<PersonRow & KeyColumns & { agency_key: string; agency_name: string }>(
    `SELECT ${PERSON_WITH_KEY}, a.key AS agency_key, a.name AS agency_name
       FROM persons p JOIN agencies a ON a.id = p.owner_agency_id ${PERSON_KEY_JOIN}
      WHERE p.id = $1 OR p.id IN (SELECT person_id FROM person_groups WHERE group_id = $2)
      ORDER BY p.created_at`,
    [personId, groupId],
  );
  // Only the viewer's own agency's records are opened: another agency's identity stays sealed.
  const members = rows.map((r) => ({ ...r, data: (r.owner_agency_id === actor.agencyId ? openPersonRow(db, r) : r.data) as PersonData }));
  const ids = members.map((m) => m.id);
  const cases = await db.query<{ id: string; person_id: string; code: string; state: string; detection_date: string; unit_name: string }>(
    'SELECT c.id, c.person_id, c.code, c.state, c.detection_date, u.name AS unit_name FROM case_files c JOIN units u ON u.id = c.registering_unit_id WHERE c.person_id = ANY($1::uuid[]) ORDER BY c.detection_date',
    [ids],
  );
  const links = await db.query<Parameters<typeof matchFromRow>[0]>(
    "SELECT * FROM matches WHERE status IN ('LINKED_AUTO', 'CONFIRMED') AND person_a = ANY($1::uuid[]) AND person_b = ANY($1::uuid[])",
    [ids],
  );
  return {
    groupId,
    records: members.map((m) => {
      const own = m.owner_agency_id === actor.agencyId;
      return {
        personId: m.id,
        agency: { key: m.agency_key, name: m.agency_name },
        registeredAt: new Date(m.created_at).toISOString(),
        own,
        // Identity of another agency's record stays with that agency.
        identity: own ? { name: displayName(m.data), sex: m.data.sex, birthDate: m.data.birthDate, estimatedAge: m.data.estimatedAge, nationalities: m.data.nationalities } : null,
        caseFiles: cases
          .filter((c) => c.person_id === m.id)
          .map((c) => ({ id: own ? c.id : null, code: own ? c.code : null, state: c.state, detectionDate: c.detection_date, unit: c.unit_name })),
      };
    }),
    links: links.map(matchFromRow).map((l) => ({ id: l.id, personA: l.personA, personB: l.personB, status: l.status, probability: l.explanation.probability })),
  };
}

type SummaryRow = { kind: 'agency' | 'total' | 'overlap'; a: string | null; b: string | null; name: string | null; records: number | null; persons: number };

/**
 * Unique persons (groups of linked records) against records, per agency and in total, and the
 * overlap between agencies: read from the counts kept as records and groups change (migration
 * 0045), a few rows whatever the registry's size (and the matches awaiting review, likewise), once
 * the groups changed since the last summary are counted again. Counting
 * them on each request walked every person: 30 ms of database CPU at 20,000 case files (bench:soak).
 */
export async function linkageSummary(db: Queryable) {
  // The groups changed since the last summary are counted first (migration 0045: writes only note them).
  await db.query('SELECT enlace_linkage_fold()');
  // A record without a group is a person of her own: persons = records − records in groups + groups.
  const rows = await db.query<SummaryRow>(
    `WITH per_agency AS MATERIALIZED (
       SELECT agency_id, sum(records)::int AS records FROM linkage_agency_records GROUP BY 1 HAVING sum(records) > 0),
     every_group AS (
       SELECT records, groups FROM linkage_group_counts WHERE agency_a = '00000000-0000-0000-0000-000000000000' AND agency_b = agency_a)
     SELECT 'agency' AS kind, a.key AS a, NULL AS b, a.name, pa.records, (pa.records - coalesce(g.records, 0) + coalesce(g.groups, 0))::int AS persons
       FROM per_agency pa JOIN agencies a ON a.id = pa.agency_id LEFT JOIN linkage_group_counts g ON g.agency_a = pa.agency_id AND g.agency_b = pa.agency_id
     UNION ALL
     SELECT 'total', NULL, NULL, NULL, (SELECT coalesce(sum(records), 0)::int FROM per_agency),
            ((SELECT coalesce(sum(records), 0) FROM per_agency) - coalesce((SELECT records FROM every_group), 0) + coalesce((SELECT groups FROM every_group), 0))::int
     UNION ALL
     SELECT 'overlap', least(ax.key, ay.key), greatest(ax.key, ay.key), NULL, NULL, g.groups
       FROM linkage_group_counts g JOIN agencies ax ON ax.id = g.agency_a JOIN agencies ay ON ay.id = g.agency_b
      WHERE g.agency_a <> g.agency_b AND g.groups > 0`,
  );
  const [queue] = await db.query<{ n: number }>('SELECT coalesce(sum(matches), 0)::int AS n FROM linkage_review_counts');
  return summaryOf(rows, queue?.n);
}

/**
 * The same summary counted from scratch over every person and group: what the kept counts must
 * always equal (the tests hold them to it), and a check of them on a live database.
 */
export async function linkageSummaryFromScratch(db: Queryable) {
  const rows = await db.query<SummaryRow>(
    `WITH grouped AS MATERIALIZED (
       SELECT g.group_id AS gid, p.owner_agency_id AS agency_id, count(*)::int AS records
         FROM person_groups g JOIN persons p ON p.id = g.person_id
        GROUP BY 1, 2),
     per_agency AS MATERIALIZED (
       SELECT r.agency_id, r.records, r.records - coalesce(x.records, 0) + coalesce(x.groups, 0) AS persons
         FROM (SELECT owner_agency_id AS agency_id, count(*)::int AS records FROM persons GROUP BY 1) AS r
         LEFT JOIN (SELECT agency_id, sum(records)::int AS records, count(*)::int AS groups FROM grouped GROUP BY 1) AS x USING (agency_id))
     SELECT 'agency' AS kind, a.key AS a, NULL AS b, a.name, pa.records, pa.persons::int AS persons FROM per_agency pa JOIN agencies a ON a.id = pa.agency_id
     UNION ALL
     SELECT 'total', NULL, NULL, NULL, (SELECT coalesce(sum(records), 0)::int FROM per_agency),
            ((SELECT coalesce(sum(records), 0) FROM per_agency) - (SELECT coalesce(sum(records), 0) FROM grouped) + (SELECT count(DISTINCT gid) FROM grouped))::int
     UNION ALL
     SELECT 'overlap', ax.key, ay.key, NULL, NULL, count(*)::int
       FROM grouped x JOIN grouped y ON y.gid = x.gid JOIN agencies ax ON ax.id = x.agency_id JOIN agencies ay ON ay.id = y.agency_id
      WHERE ax.key < ay.key GROUP BY ax.key, ay.key`,
  );
  const [queue] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM matches WHERE status IN ('PENDING_REVIEW', 'UNSURE')");
  return summaryOf(rows, queue?.n);
}

function summaryOf(rows: SummaryRow[], pendingReview: number | undefined) {
  const byKey = (r: { a: string | null; b: string | null }, s: { a: string | null; b: string | null }) => (r.a ?? '').localeCompare(s.a ?? '') || (r.b ?? '').localeCompare(s.b ?? '');
  const perAgency = rows
    .filter((r) => r.kind === 'agency')
    .sort(byKey)
    .map((r) => ({ key: r.a ?? '', name: r.name ?? '', records: r.records ?? 0, persons: r.persons }));
  const total = rows.find((r) => r.kind === 'total');
  const overlap = rows
    .filter((r) => r.kind === 'overlap')
    .sort(byKey)
    .map((r) => ({ a: r.a ?? '', b: r.b ?? '', persons: r.persons }));
  return { records: total?.records ?? 0, persons: total?.persons ?? 0, perAgency, overlap, pendingReview: pendingReview ?? 0 };
}
