// Read side of follow-up: a unit's (or a worker's) worklist — due today, overdue, upcoming, case
// files without a plan, case files without contact for N days — and the alerts that reach one user
// at an instant. The SQL mirrors the pure rules of domain/followups.ts and domain/alerts.ts (the
// tests compare them as a clock moves forward).
import { ACTIVE_STATES } from '../../domain/case-lifecycle.ts';
import { FLAG_ALERT_DAYS, type AlertKind } from '../../domain/alerts.ts';
import { addDays } from '../../domain/calendar.ts';
import { UPCOMING_DAYS } from '../../domain/followups.ts';
import { FINISHED_PLAN_STATES } from '../../domain/care-plan.ts';
import { RE_REFER_HOURS } from '../../domain/referrals.ts';
import { displayName } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import { openPersonRow, type KeyColumns, type PersonRow } from '../actions/store.ts';
import type { Queryable } from '../db/database.ts';

export interface WorklistFollowUp {
  id: string;
  caseFileId: string;
  caseCode: string;
  caseState: string;
  personName?: string | undefined;
  dueOn: string;
  modality: string;
  attempt: number;
  assignedUserId: string | null;
  assignedTo: string | null;
  version: number;
}

export interface WorklistCase {
  caseFileId: string;
  caseCode: string;
  caseState: string;
  personName?: string | undefined;
  lastContactOn: string | null;
}

export interface Worklist {
  today: string;
  scope: 'unit' | 'mine';
  counts: { overdue: number; today: number; upcoming: number; withoutPlan: number; withoutContact: number };
  overdue: WorklistFollowUp[];
  dueToday: WorklistFollowUp[];
  upcoming: WorklistFollowUp[];
  withoutPlan: WorklistCase[];
  withoutContact: WorklistCase[];
  noContactDays: number;
}

interface PersonColumns {
  /** The person's row, only for the actor's own agency's case files (names stay within it). */
  person: (PersonRow & KeyColumns) | null;
}

interface FollowUpRow extends PersonColumns {
  id: string;
  case_file_id: string;
  code: string;
  case_state: string;
  due_on: string;
  modality: string;
  attempt: number;
  assigned_user_id: string | null;
  assigned_to: string | null;
  version: number;
  bucket: 'overdue' | 'today' | 'upcoming';
  total: number;
}

interface CaseRow extends PersonColumns {
  id: string;
  code: string;
  state: string;
  last_contact_on: string | null;
  list: 'plan' | 'contact';
  total: number;
}

/** The person columns of a case file's row, sealed as stored, for the reader's own agency only. */
const PERSON_JSON = `CASE WHEN c.owner_agency_id = $AGENCY THEN json_build_object('id', p.id, 'owner_agency_id', p.owner_agency_id, 'version', p.version, 'data', p.data,
    'sealed', encode(p.sealed, 'base64'), 'created_at', p.created_at, 'updated_at', p.updated_at, 'key_wrapped', encode(k.wrapped, 'base64'), 'key_master', k.master_key_id) END AS person`;
const PERSON_JOINS = 'LEFT JOIN persons p ON p.id = c.person_id LEFT JOIN person_keys k ON k.person_id = c.person_id';

function nameOf(db: Queryable, row: PersonColumns): string | undefined {
  if (!row.person) return undefined;
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64') : null);
  return displayName(openPersonRow(db, { ...row.person, sealed: bytes(row.person.sealed), key_wrapped: bytes(row.person.key_wrapped) }));
}

/**
 * One query per half (the follow-ups due, the unit's case files), run side by side, each returning
 * the first `limit` items of every list with the list's full count.
 */
export async function worklist(db: Queryable, actor: Actor, options: { scope: 'unit' | 'mine'; today: string; noContactDays: number; limit: number }): Promise<Worklist> {
  const { today, limit } = options;
  const horizon = addDays(today, UPCOMING_DAYS);
  const who = options.scope === 'mine' ? 'f.assigned_user_id = $1' : 'f.unit_id = $1';
  const whoId = options.scope === 'mine' ? actor.userId : actor.unitId;
  const bucket = (name: string, where: string, order: string) => `(SELECT * FROM (
      SELECT f.id, f.case_file_id, c.code, c.state AS case_state, f.due_on, f.modality, f.attempt, f.assigned_user_id, u.display_name AS assigned_to, f.version,
             '${name}' AS bucket, count(*) OVER ()::int AS total, row_number() OVER (ORDER BY ${order}) AS n, c.person_id, c.owner_agency_id
        FROM followups f JOIN case_files c ON c.id = f.case_file_id LEFT JOIN users u ON u.id = f.assigned_user_id
       WHERE ${who} AND f.state = 'PROGRAMADO' AND ${where}) b WHERE n <= $4)`;
  const followUpsQuery = db.query<FollowUpRow>(
    `WITH due AS (${bucket('overdue', 'f.due_on < $2', 'f.due_on, f.id')} UNION ALL ${bucket('today', 'f.due_on = $2', 'f.id')} UNION ALL ${bucket('upcoming', 'f.due_on > $2 AND f.due_on <= $3', 'f.due_on, f.id')})
     SELECT d.*, ${PERSON_JSON.replace('$AGENCY', '$5')} FROM due d JOIN case_files c ON c.id = d.case_file_id ${PERSON_JOINS} ORDER BY d.bucket, d.n`,
    [whoId, today, horizon, limit, actor.agencyId],
  );
  const [rows, cases] = await Promise.all([followUpsQuery, unitCases(db, actor, today, options.noContactDays, limit)]);
  const total = (list: readonly { total: number }[]) => list[0]?.total ?? 0;
  const item = (r: FollowUpRow): WorklistFollowUp => ({
    id: r.id,
    caseFileId: r.case_file_id,
    caseCode: r.code,
    caseState: r.case_state,
    personName: nameOf(db, r),
    dueOn: r.due_on,
    modality: r.modality,
    attempt: r.attempt,
    assignedUserId: r.assigned_user_id,
    assignedTo: r.assigned_to,
    version: r.version,
  });
  const caseItem = (r: CaseRow): WorklistCase => ({ caseFileId: r.id, caseCode: r.code, caseState: r.state, personName: nameOf(db, r), lastContactOn: r.last_contact_on });
  const overdue = rows.filter((r) => r.bucket === 'overdue');
  const dueToday = rows.filter((r) => r.bucket === 'today');
  const upcoming = rows.filter((r) => r.bucket === 'upcoming');
  const withoutPlan = cases.filter((r) => r.list === 'plan');
  const withoutContact = cases.filter((r) => r.list === 'contact');
  return {
    today,
    scope: options.scope,
    counts: { overdue: total(overdue), today: total(dueToday), upcoming: total(upcoming), withoutPlan: total(withoutPlan), withoutContact: total(withoutContact) },
    overdue: overdue.map(item),
    dueToday: dueToday.map(item),
    upcoming: upcoming.map(item),
    withoutPlan: withoutPlan.map(caseItem),
    withoutContact: withoutContact.map(caseItem),
    noContactDays: options.noContactDays,
  };
}

const FINISHED = FINISHED_PLAN_STATES.map((s) => `'${s}'`).join(', ');

/**
 * The unit's active case files — those it registered, unless the lead of care moved elsewhere, and
 * those whose lead it took by an accepted referral — that have no plan in force (in care, where a
 * plan is due) or no contact for `noContactDays` (counted from detection when never reached).
 */
async function unitCases(db: Queryable, actor: Actor, today: string, noContactDays: number, limit: number): Promise<CaseRow[]> {
  return db.query<CaseRow>(
    `WITH mine AS MATERIALIZED (
      SELECT c.id FROM case_files c
       WHERE c.registering_unit_id = $1 AND c.state = ANY($2::text[]) AND NOT EXISTS (SELECT 1 FROM care_leads l WHERE l.case_file_id = c.id)
      UNION ALL
      SELECT c.id FROM care_leads l JOIN case_files c ON c.id = l.case_file_id WHERE l.unit_id = $1 AND c.state = ANY($2::text[])
    ), flagged AS MATERIALIZED (
      SELECT c.id, c.code, c.state, c.detection_date, cc.last_contact_on,
             c.state = 'EN_ATENCION' AND NOT EXISTS (SELECT 1 FROM care_plans p WHERE p.case_file_id = c.id AND p.state NOT IN (${FINISHED})) AS without_plan,
             coalesce(cc.last_contact_on, c.detection_date) < $3 AS without_contact
        FROM mine m JOIN case_files c ON c.id = m.id LEFT JOIN case_contacts cc ON cc.case_file_id = m.id
    ), listed AS (
      SELECT * FROM (SELECT id, 'plan' AS list, count(*) OVER ()::int AS total, row_number() OVER (ORDER BY code) AS n FROM flagged WHERE without_plan) a WHERE n <= $4
      UNION ALL
      SELECT * FROM (SELECT id, 'contact' AS list, count(*) OVER ()::int AS total, row_number() OVER (ORDER BY coalesce(last_contact_on, detection_date), code) AS n FROM flagged WHERE without_contact) b WHERE n <= $4
    )
    SELECT c.id, c.code, c.state, f.last_contact_on, l.list, l.total, ${PERSON_JSON.replace('$AGENCY', '$5')}
      FROM listed l JOIN flagged f ON f.id = l.id JOIN case_files c ON c.id = l.id ${PERSON_JOINS}
     ORDER BY l.list, l.n`,
    [actor.unitId, ACTIVE_STATES, addDays(today, -noContactDays), limit, actor.agencyId],
  );
}

export interface AlertItem {
  kind: AlertKind;
  entityId: string;
  caseFileId: string;
  caseCode: string;
  /** The day or instant the alert is about: the due day, the answer deadline, the review day. */
  due: string;
  detail?: string | undefined;
}

/** The alerts that reach this user now (see domain/alerts.ts for who is reached by what). */
export async function alertsFor(db: Queryable, actor: Actor, now: Date, today: string): Promise<AlertItem[]> {
  const supervisor = actor.roles.includes('SUPERVISOR');
  const rows = await db.query<{ kind: AlertKind; entity_id: string; case_file_id: string; code: string; due: string; detail: string | null }>(
    `(SELECT 'FOLLOWUP_OVERDUE' AS kind, f.id AS entity_id, f.case_file_id, c.code, f.due_on::text AS due, f.modality AS detail
        FROM followups f JOIN case_files c ON c.id = f.case_file_id
       WHERE f.unit_id = $1 AND f.state = 'PROGRAMADO' AND f.due_on < $4 AND (f.assigned_user_id IS NULL OR f.assigned_user_id = $2 OR $3)
       ORDER BY f.due_on LIMIT 100)
     UNION ALL
     (SELECT 'REFERRAL_UNANSWERED', r.id, r.case_file_id, c.code, to_char(r.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), r.urgency
        FROM referrals r JOIN case_files c ON c.id = r.case_file_id
       WHERE r.state = 'ENVIADA' AND r.due_at <= $5 AND (r.to_unit_id = $1 OR (r.from_unit_id = $1 AND (r.from_user_id = $2 OR $3)))
       ORDER BY r.due_at LIMIT 100)
     UNION ALL
     (SELECT 'REFERRAL_REREFER', r.id, r.case_file_id, c.code, to_char((r.answered_at + make_interval(hours => $6)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), r.state
        FROM referrals r JOIN case_files c ON c.id = r.case_file_id
       WHERE r.from_unit_id = $1 AND r.transfers_lead AND r.state IN ('RECHAZADA', 'CANCELADA') AND r.answered_at + make_interval(hours => $6) <= $5
         AND NOT EXISTS (SELECT 1 FROM referrals later WHERE later.case_file_id = r.case_file_id AND later.transfers_lead AND later.created_at > r.answered_at)
       ORDER BY r.answered_at LIMIT 100)
     UNION ALL
     (SELECT 'PLAN_REVIEW_OVERDUE', p.id, p.case_file_id, c.code, p.review_due_on::text, p.state
        FROM care_plans p JOIN case_files c ON c.id = p.case_file_id
       WHERE p.unit_id = $1 AND p.state IN ('APROBADO', 'EN_EJECUCION') AND p.review_due_on < $4
       ORDER BY p.review_due_on LIMIT 100)
     UNION ALL
     (SELECT 'FOLLOWUP_FLAG', f.id, f.case_file_id, c.code, f.done_on::text, f.alert_type
        FROM followups f JOIN case_files c ON c.id = f.case_file_id
       WHERE f.unit_id = $1 AND f.alert_type IS NOT NULL AND f.done_on >= $7 AND (f.assigned_user_id = $2 OR f.assigned_user_id IS NULL OR $3)
       ORDER BY f.done_on DESC LIMIT 100)`,
    [actor.unitId, actor.userId, supervisor, today, now.toISOString(), RE_REFER_HOURS, addDays(today, -FLAG_ALERT_DAYS)],
  );
  return rows.map((r) => ({ kind: r.kind, entityId: r.entity_id, caseFileId: r.case_file_id, caseCode: r.code, due: r.due, ...(r.detail ? { detail: r.detail } : {}) }));
}
