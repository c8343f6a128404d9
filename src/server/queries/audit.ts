// Reading the audit log back: the search of administrators and data-protection officers (by user,
// record, time, action; newest first, a page at a time) and a record's own "who has seen it".
// An agency's officer sees what her agency's users did and what anyone did to her agency's
// records: another agency's log is that agency's to read.
// A list or search names the records it returned (`record_ids`): a record's log shows those too.
// Reasons sealed in an entry (audit/reasons.ts) are opened for the data-protection officer and
// for the holding agency on its own record's log; an administrator sees that there was one.
import type { Queryable } from '../db/database.ts';
import { openPurposes } from '../audit/reasons.ts';

export interface AuditLogEntry {
  seq: string;
  at: string;
  user: string | null;
  agency: { key: string; name: string } | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  groups: string[];
  purpose: string | null;
  outcome: string;
  /** The records a list or search returned. */
  recordIds: string[];
}

export interface AuditSearch {
  user?: string | undefined;
  /** A case file or a person: a person's entries include her case files', and a case file's its person's. */
  record?: string | undefined;
  action?: string | undefined;
  outcome?: 'ok' | 'denied' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** The page after this entry (its `seq`), for paging back in time. */
  before?: string | undefined;
  limit: number;
}

interface Row {
  seq: string | number;
  at: Date | string;
  username: string | null;
  agency_key: string | null;
  agency_name: string | null;
  ip: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  field_groups: string[];
  purpose: string | null;
  outcome: string;
  record_ids: string[] | null;
}

const COLUMNS = `l.seq, l.at, l.username, a.key AS agency_key, a.name AS agency_name, l.ip, l.action, l.entity_type, l.entity_id, l.field_groups, l.purpose, l.outcome, l.record_ids`;

function present(r: Row): AuditLogEntry {
  return {
    seq: String(r.seq),
    at: new Date(r.at).toISOString(),
    user: r.username,
    agency: r.agency_key && r.agency_name ? { key: r.agency_key, name: r.agency_name } : null,
    ip: r.ip,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    groups: r.field_groups,
    purpose: r.purpose,
    outcome: r.outcome,
    recordIds: r.record_ids ?? [],
  };
}

/** The ids that stand for one record: the record, and its person or her case files. */
async function recordIds(q: Queryable, record: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT $1::uuid AS id UNION SELECT id FROM case_files WHERE person_id = $1 UNION SELECT person_id FROM case_files WHERE id = $1`,
    [record],
  );
  return rows.map((r) => r.id);
}

async function page(q: Queryable, rows: Row[], limit: number, openReasons: boolean): Promise<{ items: AuditLogEntry[]; next: string | null }> {
  const items = (await openPurposes(q, rows.slice(0, limit), openReasons)).map(present);
  return { items, next: rows.length > limit ? (items[items.length - 1]?.seq ?? null) : null };
}

export async function searchAuditLog(q: Queryable, agencyId: string, search: AuditSearch, openReasons: boolean): Promise<{ items: AuditLogEntry[]; next: string | null }> {
  const ids = search.record ? await recordIds(q, search.record) : null;
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM audit_log l LEFT JOIN agencies a ON a.id = l.agency_id
      WHERE (l.agency_id = $1
             OR EXISTS (SELECT 1 FROM case_files c WHERE c.id = l.entity_id AND c.owner_agency_id = $1)
             OR EXISTS (SELECT 1 FROM persons p WHERE p.id = l.entity_id AND p.owner_agency_id = $1))
        AND ($2::text IS NULL OR lower(l.username) = lower($2))
        AND ($3::uuid[] IS NULL OR l.entity_id = ANY($3::uuid[]) OR l.record_ids && $3::uuid[])
        AND ($4::text IS NULL OR l.action = $4)
        AND ($5::text IS NULL OR l.outcome = $5)
        AND ($6::timestamptz IS NULL OR l.at >= $6)
        AND ($7::timestamptz IS NULL OR l.at < $7)
        AND ($8::bigint IS NULL OR l.seq < $8)
      ORDER BY l.seq DESC LIMIT $9`,
    [agencyId, search.user ?? null, ids, search.action ?? null, search.outcome ?? null, search.from ?? null, search.to ?? null, search.before ?? null, search.limit + 1],
  );
  return page(q, rows, search.limit, openReasons);
}

/** Who read or changed this case file or its person, newest first; and each user once, with how often and when last. */
export async function recordAccessLog(
  q: Queryable,
  caseFileId: string,
  options: { before?: string | undefined; limit: number },
): Promise<{ viewers: { user: string | null; agency: { key: string; name: string } | null; times: number; lastAt: string }[]; items: AuditLogEntry[]; next: string | null }> {
  const ids = await recordIds(q, caseFileId);
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM audit_log l LEFT JOIN agencies a ON a.id = l.agency_id
      WHERE (l.entity_id = ANY($1::uuid[]) OR l.record_ids && $1::uuid[]) AND ($2::bigint IS NULL OR l.seq < $2) ORDER BY l.seq DESC LIMIT $3`,
    [ids, options.before ?? null, options.limit + 1],
  );
  const viewers = await q.query<{ username: string | null; agency_key: string | null; agency_name: string | null; times: string | number; last_at: Date | string }>(
    `SELECT l.username, a.key AS agency_key, a.name AS agency_name, count(*) AS times, max(l.at) AS last_at
       FROM audit_log l LEFT JOIN agencies a ON a.id = l.agency_id
      WHERE (l.entity_id = ANY($1::uuid[]) OR l.record_ids && $1::uuid[]) AND l.outcome = 'ok'
      GROUP BY l.username, a.key, a.name ORDER BY max(l.at) DESC LIMIT 200`,
    [ids],
  );
  return {
    viewers: viewers.map((v) => ({ user: v.username, agency: v.agency_key && v.agency_name ? { key: v.agency_key, name: v.agency_name } : null, times: Number(v.times), lastAt: new Date(v.last_at).toISOString() })),
    ...(await page(q, rows, options.limit, true)),
  };
}
