// Read side of follow-up: a unit's (or a worker's) worklist — due today, overdue, upcoming, case
// files without a plan, case files without contact for N days — and the alerts that reach one user
// at an instant. The SQL mirrors the pure rules of domain/followups.ts and domain/alerts.ts (the
// tests compare them as a clock moves forward).
import { APPROVER_ROLE, CHILD_ABSCONDING_ROLES, FLAG_ALERT_DAYS, type AlertKind } from '../../domain/alerts.ts';
import { addDays } from '../../domain/calendar.ts';
import { CO_SIGNED_PURPOSES } from '../../domain/consents.ts';
import { decodeWorklistCursor, encodeWorklistCursor, UPCOMING_DAYS, WORKLIST_LISTS, type WorklistList } from '../../domain/followups.ts';
import { RE_REFER_HOURS } from '../../domain/referrals.ts';
import { SAFETY_EXITS } from '../../domain/shelter.ts';
import { displayName } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import { openPersonRow, type KeyColumns, type PersonRow } from '../actions/store.ts';
import type { Queryable } from '../db/database.ts';
import { caseFilePolicy } from '../policies/case-files.ts';

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

/** Something proposed for approval (four eyes) that this user may decide: it waits on her. */
export interface WorklistProposal {
  /** A supervised move of the case file (§8.1), a reintegration plan to approve (§6.10), or a consent to a public image or testimony to co-sign (§10.2). */
  kind: 'CASE_MOVE' | 'PLAN' | 'CONSENT_COSIGN';
  /** The case file, the plan, or the consent. */
  entityId: string;
  caseFileId: string;
  caseCode: string;
  caseState: string;
  personName?: string | undefined;
  /** The state proposed: CERRADO, CERRADO_DERIVADO, DESCARTADO or EN_REINTEGRACION; APROBADO for a plan; the consent's purpose. */
  to: string;
  proposedBy: string | null;
  proposedAt: string;
}

export interface Worklist {
  today: string;
  scope: 'unit' | 'mine';
  counts: { overdue: number; today: number; upcoming: number; withoutPlan: number; withoutContact: number; proposals: number };
  overdue: WorklistFollowUp[];
  dueToday: WorklistFollowUp[];
  upcoming: WorklistFollowUp[];
  withoutPlan: WorklistCase[];
  withoutContact: WorklistCase[];
  /** Proposals waiting for her decision, oldest first (at most `limit`; `counts.proposals` says how many). */
  proposals: WorklistProposal[];
  /** For each list with more items than shown, the cursor of its next page (`?list=…&after=…`). */
  next: Partial<Record<WorklistList, string>>;
  noContactDays: number;
}

export interface WorklistOptions {
  scope: 'unit' | 'mine';
  today: string;
  noContactDays: number;
  limit: number;
  /** Only this list, from after `after` (a cursor of `next`). */
  list?: WorklistList | undefined;
  after?: string | undefined;
}

interface PersonColumns {
  /** The person's row, only for the actor's own agency's case files (names stay within it). */
  person: (PersonRow & KeyColumns) | null;
}

interface ItemRow extends PersonColumns {
  list: WorklistList;
  id: string;
  case_file_id: string;
  code: string;
  case_state: string;
  due_on: string | null;
  modality: string | null;
  attempt: number | null;
  assigned_user_id: string | null;
  assigned_to: string | null;
  version: number | null;
  last_contact_on: string | null;
  sort_day: string | null;
  sort_code: string | null;
}

interface CountRow {
  overdue: number;
  today: number;
  upcoming: number;
  without_plan: number;
  without_contact: number;
}

function nameOf(db: Queryable, row: PersonColumns): string | undefined {
  if (!row.person) return undefined;
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64') : null);
  return displayName(openPersonRow(db, { ...row.person, sealed: bytes(row.person.sealed), key_wrapped: bytes(row.person.key_wrapped) }));
}

/** The person's row and key as one JSON column (`p` and `k` joined), for `nameOf`. */
const PERSON_JSON = `json_build_object('id', p.id, 'owner_agency_id', p.owner_agency_id, 'version', p.version, 'data', p.data,
              'sealed', encode(p.sealed, 'base64'), 'created_at', p.created_at, 'updated_at', p.updated_at, 'key_wrapped', encode(k.wrapped, 'base64'), 'key_master', k.master_key_id)`;

/** A consent to a public image or testimony that holds only once a head of unit co-signs it (§10.2). */
const AWAITING_COSIGNATURE = `k.granted AND k.withdrawn_at IS NULL AND k.cosigned_at IS NULL AND k.purpose IN (${[...CO_SIGNED_PURPOSES].map((p) => `'${p}'`).join(', ')})`;

/** Whether she approves or returns what others propose (§8.1): a head of her unit who may close. */
/**
 * Which of her unit's proposals she may decide, as the case-file policy says for a case file of
 * her unit proposed by someone else: supervised moves (decideClosure), plans (a supervisor who
 * reads care, G5) and consents to co-sign (coSignConsent). A custom supervisor role without
 * case.close still co-signs consents and approves plans, so those still reach her worklist.
 */
export function proposalsDecided(actor: Actor): { moves: boolean; plans: boolean; coSignatures: boolean } {
  const ofHerUnit = { ownerAgencyId: actor.agencyId, registeringUnitId: actor.unitId, closureProposal: { proposedBy: '' } };
  return {
    moves: caseFilePolicy.can(actor, 'decideClosure', ofHerUnit),
    plans: actor.roles.includes(APPROVER_ROLE) && caseFilePolicy.can(actor, 'readCare', ofHerUnit),
    coSignatures: caseFilePolicy.can(actor, 'coSignConsent', ofHerUnit),
  };
}

interface ProposalRow extends PersonColumns {
  kind: WorklistProposal['kind'];
  entity_id: string;
  case_file_id: string;
  code: string;
  state: string;
  to: string;
  proposed_by: string | null;
  proposed_at: string;
  total: number;
}

/**
 * What waits on her in her unit, proposed by someone else (she may not approve her own): the
 * case files' supervised moves, the plans sent for approval and the consents to a public image or
 * testimony waiting for a second signature. Read from partial indexes of what waits, so the cost
 * follows how many wait, not the unit's size.
 */
async function pendingProposals(db: Queryable, actor: Actor, limit: number): Promise<{ items: WorklistProposal[]; count: number }> {
  const decides = proposalsDecided(actor);
  if (!decides.moves && !decides.plans && !decides.coSignatures) return { items: [], count: 0 };
  const rows = await db.query<ProposalRow>(
    `SELECT w.kind, w.entity_id, w.case_file_id, w.code, w.state, w.to, u.display_name AS proposed_by, w.proposed_at, count(*) OVER ()::int AS total, ${PERSON_JSON} AS person
       FROM (SELECT 'CASE_MOVE' AS kind, c.id AS entity_id, c.id AS case_file_id, c.person_id, c.owner_agency_id, c.code, c.state,
                    coalesce(c.data->'closureProposal'->>'to', 'CERRADO') AS to, c.data->'closureProposal'->>'proposedBy' AS proposer_id, c.data->'closureProposal'->>'proposedAt' AS proposed_at
               FROM case_files c
              WHERE $5 AND c.registering_unit_id = $1 AND c.owner_agency_id = $2 AND c.data ? 'closureProposal' AND c.data->'closureProposal'->>'proposedBy' IS DISTINCT FROM $3
             UNION ALL
             SELECT 'PLAN', pl.id, c.id, c.person_id, c.owner_agency_id, c.code, c.state, 'APROBADO', pl.author_user_id::text,
                    to_char(pl.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
               FROM care_plans pl JOIN case_files c ON c.id = pl.case_file_id
              WHERE $6 AND pl.unit_id = $1 AND pl.owner_agency_id = $2 AND pl.state = 'EN_VALIDACION_CON_LA_PERSONA' AND pl.author_user_id::text IS DISTINCT FROM $3
             UNION ALL
             SELECT 'CONSENT_COSIGN', k.id, c.id, c.person_id, c.owner_agency_id, c.code, c.state, k.purpose, k.taken_by::text,
                    to_char(k.taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
               FROM consents k JOIN case_files c ON c.id = k.case_file_id
              WHERE $7 AND k.owner_agency_id = $2 AND ${AWAITING_COSIGNATURE} AND c.registering_unit_id = $1 AND k.taken_by::text IS DISTINCT FROM $3) w
       LEFT JOIN users u ON u.id::text = w.proposer_id
       LEFT JOIN persons p ON p.id = w.person_id AND p.owner_agency_id = w.owner_agency_id
       LEFT JOIN person_keys k ON k.person_id = w.person_id
      ORDER BY w.proposed_at, w.entity_id LIMIT $4`,
    [actor.unitId, actor.agencyId, actor.userId, limit, decides.moves, decides.plans, decides.coSignatures],
  );
  const items = rows.map((r) => ({
    kind: r.kind,
    entityId: r.entity_id,
    caseFileId: r.case_file_id,
    caseCode: r.code,
    caseState: r.state,
    personName: nameOf(db, r),
    to: r.to,
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
  }));
  return { items, count: rows[0]?.total ?? 0 };
}

/** Collects the parameters of one statement and names each `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * A unit's (or one worker's) worklist: every list's size, and a page of each (or the next page of
 * one). Every list is read from an index in its own order — the follow-ups due from followups'
 * (unit or worker, day, id), the case files from the worklist_cases projection — and only the
 * page's rows are joined to their case file and person, so the cost follows the page, not the
 * unit's size. Two statements, side by side: the counts, and the pages.
 */
export async function worklist(db: Queryable, actor: Actor, options: WorklistOptions): Promise<Worklist> {
  const { today, limit } = options;
  const horizon = addDays(today, UPCOMING_DAYS);
  const contactBefore = addDays(today, -options.noContactDays);
  const mine = options.scope === 'mine';
  const whoId = mine ? actor.userId : actor.unitId;
  const who = mine ? 'f.assigned_user_id' : 'f.unit_id';

  const counts = db.query<CountRow>(
    `SELECT count(*) FILTER (WHERE f.due_on < $2)::int AS overdue, count(*) FILTER (WHERE f.due_on = $2)::int AS today, count(*) FILTER (WHERE f.due_on > $2)::int AS upcoming,
            (SELECT count(*) FROM worklist_cases w WHERE w.lead_unit_id = $4 AND w.needs_plan)::int AS without_plan,
            (SELECT count(*) FROM worklist_cases w WHERE w.lead_unit_id = $4 AND w.contact_since < $5)::int AS without_contact
       FROM followups f WHERE ${who} = $1 AND f.state = 'PROGRAMADO' AND f.due_on <= $3`,
    [whoId, today, horizon, actor.unitId, contactBefore],
  );

  const params = new Params();
  const agency = params.add(actor.agencyId);
  const pageSize = params.add(limit + 1);
  const lists = options.list ? [options.list] : WORKLIST_LISTS;
  const cursor = options.list && options.after ? decodeWorklistCursor(options.list, options.after) : undefined;
  const pieces = lists.map((list) => {
    if (list === 'withoutPlan' || list === 'withoutContact') {
      const unit = params.add(actor.unitId);
      const [where, order] =
        list === 'withoutPlan'
          ? ['w.needs_plan', 'w.code, w.case_file_id']
          : [`w.contact_since < ${params.add(contactBefore)}`, 'w.contact_since, w.code, w.case_file_id'];
      const types = list === 'withoutPlan' ? ['text', 'uuid'] : ['date', 'text', 'uuid'];
      const after = cursor ? ` AND (${order}) > (${cursor.map((part, i) => `${params.add(part)}::${types[i]}`).join(', ')})` : '';
      return `(SELECT '${list}' AS list, w.case_file_id AS id, w.case_file_id, w.person_id, w.owner_agency_id, w.code, w.state AS case_state, NULL::date AS due_on, NULL AS modality,
                      NULL::int AS attempt, NULL::uuid AS assigned_user_id, NULL::int AS version, w.last_contact_on, ${list === 'withoutContact' ? 'w.contact_since' : 'NULL::date'} AS sort_day, w.code AS sort_code
                 FROM worklist_cases w WHERE w.lead_unit_id = ${unit} AND ${where}${after} ORDER BY ${order} LIMIT ${pageSize})`;
    }
    const day = params.add(today);
    const range = list === 'overdue' ? `f.due_on < ${day}` : list === 'today' ? `f.due_on = ${day}` : `f.due_on > ${day} AND f.due_on <= ${params.add(horizon)}`;
    const after = cursor ? ` AND (f.due_on, f.id) > (${params.add(cursor[0])}::date, ${params.add(cursor[1])}::uuid)` : '';
    return `(SELECT '${list}' AS list, f.id, f.case_file_id, f.person_id, f.owner_agency_id, NULL AS code, NULL AS case_state, f.due_on, f.modality,
                    f.attempt, f.assigned_user_id, f.version, NULL::date AS last_contact_on, f.due_on AS sort_day, NULL::text AS sort_code
               FROM followups f WHERE ${who} = ${params.add(whoId)} AND f.state = 'PROGRAMADO' AND ${range}${after} ORDER BY f.due_on, f.id LIMIT ${pageSize})`;
  });
  // Only the page's rows are joined: the follow-ups to their case file's code and state, every
  // row to its person (whose name is shown to her own agency only) and her key.
  const pages = db.query<ItemRow>(
    `WITH page AS (${pieces.join(' UNION ALL ')})
     SELECT page.list, page.id, page.case_file_id, coalesce(page.code, c.code) AS code, coalesce(page.case_state, c.state) AS case_state, page.due_on::text AS due_on,
            page.modality, page.attempt, page.assigned_user_id, u.display_name AS assigned_to, page.version, page.last_contact_on::text AS last_contact_on,
            page.sort_day::text AS sort_day, page.sort_code,
            CASE WHEN page.owner_agency_id = ${agency} THEN ${PERSON_JSON} END AS person
       FROM page
       LEFT JOIN case_files c ON c.id = page.case_file_id AND page.code IS NULL
       LEFT JOIN users u ON u.id = page.assigned_user_id
       LEFT JOIN persons p ON p.id = page.person_id AND page.owner_agency_id = ${agency}
       LEFT JOIN person_keys k ON k.person_id = page.person_id AND page.owner_agency_id = ${agency}
      ORDER BY page.list, page.sort_day, page.sort_code, page.id`,
    params.values,
  );
  const [[count], rows, waiting] = await Promise.all([counts, pages, pendingProposals(db, actor, limit)]);

  const byList = new Map<WorklistList, ItemRow[]>(WORKLIST_LISTS.map((l) => [l, []]));
  for (const row of rows) byList.get(row.list)?.push(row);
  const next: Partial<Record<WorklistList, string>> = {};
  const page = (list: WorklistList): ItemRow[] => {
    const all = byList.get(list) ?? [];
    if (all.length <= limit) return all;
    const shown = all.slice(0, limit);
    const last = shown[shown.length - 1];
    if (last) next[list] = encodeWorklistCursor(cursorOf(list, last));
    return shown;
  };
  const item = (r: ItemRow): WorklistFollowUp => ({
    id: r.id,
    caseFileId: r.case_file_id,
    caseCode: r.code,
    caseState: r.case_state,
    personName: nameOf(db, r),
    dueOn: r.due_on ?? '',
    modality: r.modality ?? '',
    attempt: r.attempt ?? 1,
    assignedUserId: r.assigned_user_id,
    assignedTo: r.assigned_to,
    version: r.version ?? 1,
  });
  const caseItem = (r: ItemRow): WorklistCase => ({ caseFileId: r.case_file_id, caseCode: r.code, caseState: r.case_state, personName: nameOf(db, r), lastContactOn: r.last_contact_on });
  return {
    today,
    scope: options.scope,
    counts: {
      overdue: count?.overdue ?? 0,
      today: count?.today ?? 0,
      upcoming: count?.upcoming ?? 0,
      withoutPlan: count?.without_plan ?? 0,
      withoutContact: count?.without_contact ?? 0,
      proposals: waiting.count,
    },
    overdue: page('overdue').map(item),
    dueToday: page('today').map(item),
    upcoming: page('upcoming').map(item),
    withoutPlan: page('withoutPlan').map(caseItem),
    withoutContact: page('withoutContact').map(caseItem),
    proposals: waiting.items,
    next,
    noContactDays: options.noContactDays,
  };
}

/** The sort key of an item, in the order its list is read (see WorklistCursor). */
function cursorOf(list: WorklistList, row: ItemRow): string[] {
  if (list === 'withoutPlan') return [row.sort_code ?? '', row.id];
  if (list === 'withoutContact') return [row.sort_day ?? '', row.sort_code ?? '', row.id];
  return [row.sort_day ?? '', row.id];
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
  const decides = proposalsDecided(actor);
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
       ORDER BY f.done_on DESC LIMIT 100)
     UNION ALL
     (SELECT 'SHELTER_SAFETY_EXIT', s.id, s.case_file_id, c.code, s.left_on::text, s.exit_reason
        FROM shelter_stays s JOIN case_files c ON c.id = s.case_file_id LEFT JOIN care_leads l ON l.case_file_id = c.id
       WHERE coalesce(l.unit_id, c.registering_unit_id) = $1 AND s.exit_reason = ANY($8::text[]) AND s.left_on >= $7
       ORDER BY s.left_on DESC LIMIT 100)
     UNION ALL
     (SELECT 'CONSENT_RENEWAL', k.id, k.case_file_id, c.code, to_char(k.lapsed_at AT TIME ZONE 'America/Lima', 'YYYY-MM-DD'), k.purpose
        FROM consents k JOIN case_files c ON c.id = k.case_file_id
       WHERE c.registering_unit_id = $1 AND k.lapsed_at IS NOT NULL AND k.withdrawn_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.case_file_id = k.case_file_id AND n.purpose = k.purpose AND n.agency_id IS NOT DISTINCT FROM k.agency_id
                           AND n.given_by = 'TITULAR' AND n.taken_at > k.taken_at)
       ORDER BY k.lapsed_at LIMIT 100)
     UNION ALL
     (SELECT 'SHELTER_CHILD_ABSCONDED', s.id, s.case_file_id, c.code, s.left_on::text, s.exit_reason
        FROM shelter_stays s JOIN case_files c ON c.id = s.case_file_id LEFT JOIN care_leads l ON l.case_file_id = c.id LEFT JOIN units su ON su.id = s.shelter_unit_id
       WHERE s.exit_reason = ANY($8::text[]) AND s.left_on >= $7 AND c.data->>'minorAtDetection' = 'SI' AND coalesce(l.unit_id, c.registering_unit_id) <> $1
         AND (($9 AND left(coalesce(su.ubigeo, c.detection_ubigeo), 2) = $10)
              OR EXISTS (SELECT 1 FROM referrals r JOIN agencies a ON a.id = r.to_agency_id
                          WHERE r.case_file_id = c.id AND r.to_unit_id = $1 AND a.entity = 'MIMP' AND r.state IN ('ACEPTADA', 'EN_CURSO', 'COMPLETADA')))
       ORDER BY s.left_on DESC LIMIT 100)
     UNION ALL
     (SELECT 'PROPOSAL_PENDING', c.id, c.id, c.code, c.data->'closureProposal'->>'proposedAt', coalesce(c.data->'closureProposal'->>'to', 'CERRADO')
        FROM case_files c
       WHERE $11 AND c.registering_unit_id = $1 AND c.owner_agency_id = $12 AND c.data ? 'closureProposal' AND c.data->'closureProposal'->>'proposedBy' IS DISTINCT FROM $2::text
       ORDER BY c.data->'closureProposal'->>'proposedAt' LIMIT 100)
     UNION ALL
     (SELECT 'PROPOSAL_PENDING', pl.id, c.id, c.code, to_char(pl.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'PLAN'
        FROM care_plans pl JOIN case_files c ON c.id = pl.case_file_id
       WHERE $13 AND pl.unit_id = $1 AND pl.owner_agency_id = $12 AND pl.state = 'EN_VALIDACION_CON_LA_PERSONA' AND pl.author_user_id IS DISTINCT FROM $2
       ORDER BY pl.updated_at LIMIT 100)
     UNION ALL
     (SELECT 'PROPOSAL_PENDING', k.id, c.id, c.code, to_char(k.taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), k.purpose
        FROM consents k JOIN case_files c ON c.id = k.case_file_id
       WHERE $14 AND k.owner_agency_id = $12 AND ${AWAITING_COSIGNATURE} AND c.registering_unit_id = $1 AND k.taken_by IS DISTINCT FROM $2
       ORDER BY k.taken_at LIMIT 100)`,
    [
      actor.unitId,
      actor.userId,
      supervisor,
      today,
      now.toISOString(),
      RE_REFER_HOURS,
      addDays(today, -FLAG_ALERT_DAYS),
      [...SAFETY_EXITS],
      actor.roles.some((r) => CHILD_ABSCONDING_ROLES.includes(r)),
      (actor.unitUbigeo ?? '').slice(0, 2),
      decides.moves,
      actor.agencyId,
      decides.plans,
      decides.coSignatures,
    ],
  );
  return rows.map((r) => ({ kind: r.kind, entityId: r.entity_id, caseFileId: r.case_file_id, caseCode: r.code, due: r.due, ...(r.detail ? { detail: r.detail } : {}) }));
}
