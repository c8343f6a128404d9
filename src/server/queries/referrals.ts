// Read side of referrals: a unit's inbox (sent to it) and outbox (sent by it) with deadlines and
// time to answer, one referral as each side may see it, and the units a referral can go to.
import type { ReferralRecord } from '../../domain/followup-records.ts';
import { isAnswerOverdue, referralMovesFor, type ReferralSide, type ReferralState } from '../../domain/referrals.ts';
import type { Actor } from '../actor.ts';
import { loadAreaRecord } from '../actions/followup-store.ts';
import type { Queryable } from '../db/database.ts';

export interface ReferralSummary {
  id: string;
  caseFileId: string;
  caseCode: string;
  state: ReferralState;
  motive: string;
  urgency: string;
  services: string[];
  transfersLead: boolean;
  sharedGroups: string[];
  fromUnit: string;
  fromAgency: string;
  toUnit: string;
  toAgency: string;
  sentAt: string | null;
  dueAt: string | null;
  answeredAt: string | null;
  /** Hours from sending to the answer (accepted or rejected), when answered. */
  hoursToAnswer: number | null;
  overdue: boolean;
  version: number;
}

interface SummaryRow {
  id: string;
  case_file_id: string;
  code: string;
  state: ReferralState;
  motive: string;
  urgency: string;
  services: string[];
  transfers_lead: boolean;
  shared_groups: string[];
  from_unit: string;
  from_agency: string;
  to_unit: string;
  to_agency: string;
  sent_at: Date | null;
  due_at: Date | null;
  answered_at: Date | null;
  version: number;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function summary(r: SummaryRow, now: Date): ReferralSummary {
  const sentAt = iso(r.sent_at);
  const answeredAt = iso(r.answered_at);
  return {
    id: r.id,
    caseFileId: r.case_file_id,
    caseCode: r.code,
    state: r.state,
    motive: r.motive,
    urgency: r.urgency,
    services: r.services,
    transfersLead: r.transfers_lead,
    sharedGroups: r.shared_groups,
    fromUnit: r.from_unit,
    fromAgency: r.from_agency,
    toUnit: r.to_unit,
    toAgency: r.to_agency,
    sentAt,
    dueAt: iso(r.due_at),
    answeredAt,
    hoursToAnswer: sentAt && answeredAt ? Math.round(((Date.parse(answeredAt) - Date.parse(sentAt)) / 3_600_000) * 10) / 10 : null,
    overdue: isAnswerOverdue(r.state, iso(r.due_at) ?? undefined, now),
    version: r.version,
  };
}

const SUMMARY_SELECT = `SELECT r.id, r.case_file_id, c.code, r.state, r.motive, r.urgency, r.services, r.transfers_lead, r.shared_groups,
        fu.name AS from_unit, fa.name AS from_agency, tu.name AS to_unit, ta.name AS to_agency, r.sent_at, r.due_at, r.answered_at, r.version
   FROM referrals r JOIN case_files c ON c.id = r.case_file_id
   JOIN units fu ON fu.id = r.from_unit_id JOIN agencies fa ON fa.id = r.from_agency_id
   JOIN units tu ON tu.id = r.to_unit_id JOIN agencies ta ON ta.id = r.to_agency_id`;

/** Inbox: what was sent to the actor's unit (never drafts). Outbox: what her unit sent or drafted. */
export async function listReferrals(db: Queryable, actor: Actor, box: 'inbox' | 'outbox', state: string | undefined, now: Date): Promise<{ items: ReferralSummary[]; medianHoursToAnswer: number | null }> {
  const where = box === 'inbox' ? "r.to_unit_id = $1 AND r.state <> 'BORRADOR'" : 'r.from_unit_id = $1';
  const rows = await db.query<SummaryRow>(
    `${SUMMARY_SELECT} WHERE ${where} ${state ? 'AND r.state = $2' : ''} ORDER BY (r.state = 'ENVIADA') DESC, coalesce(r.sent_at, r.created_at) DESC LIMIT 200`,
    state ? [actor.unitId, state] : [actor.unitId],
  );
  const items = rows.map((r) => summary(r, now));
  const answered = items.map((i) => i.hoursToAnswer).filter((h): h is number => h !== null).sort((a, b) => a - b);
  return { items, medianHoursToAnswer: answered.length ? (answered[Math.floor((answered.length - 1) / 2)] ?? null) : null };
}

/** The referrals of one case file that the actor may know of: all for its owner, those to her agency otherwise. */
export async function referralsOfCase(db: Queryable, actor: Actor, caseFileId: string, owner: boolean, now: Date): Promise<ReferralSummary[]> {
  const rows = await db.query<SummaryRow>(
    `${SUMMARY_SELECT} WHERE r.case_file_id = $1 ${owner ? '' : "AND r.to_agency_id = $2 AND r.state <> 'BORRADOR'"} ORDER BY r.created_at`,
    owner ? [caseFileId] : [caseFileId, actor.agencyId],
  );
  return rows.map((r) => summary(r, now));
}

export interface ReferralView {
  referral: ReferralRecord;
  summary: ReferralSummary;
  side: ReferralSide;
  moves: ReferralState[];
  /** What the receiver sees of the case to decide: no names, no notes. */
  caseSummary: { code: string; state: string; minor: string; sex: string; legalPurposes: string[]; exploitationTypes: string[] };
}

export async function referralView(db: Queryable, actor: Actor, id: string, now: Date): Promise<ReferralView | undefined> {
  const referral = await loadAreaRecord<ReferralRecord>(db, 'referral', id);
  if (!referral) return undefined;
  const side: ReferralSide | undefined =
    actor.unitId === referral.fromUnitId || (actor.agencyId === referral.ownerAgencyId && actor.roles.includes('SUPERVISOR')) ? 'sender' : actor.unitId === referral.toUnitId && referral.state !== 'BORRADOR' ? 'receiver' : undefined;
  if (!side) return undefined;
  const [row] = await db.query<SummaryRow>(`${SUMMARY_SELECT} WHERE r.id = $1`, [id]);
  const [c] = await db.query<{ code: string; state: string; minor: string | null; sex: string; legal: string[] | null; types: string[] | null }>(
    `SELECT c.code, c.state, c.data->>'minorAtDetection' AS minor, p.sex,
            ARRAY(SELECT jsonb_array_elements_text(c.data->'legalPurposes')) AS legal, ARRAY(SELECT jsonb_array_elements_text(c.data->'exploitationTypes')) AS types
       FROM case_files c JOIN persons p ON p.id = c.person_id WHERE c.id = $1`,
    [referral.caseFileId],
  );
  if (!row || !c) return undefined;
  // The consent form's details stay with the sender; the receiver learns that there is a basis.
  const shown = side === 'sender' ? referral : { ...referral, content: { ...referral.content, consent: undefined } };
  return {
    referral: shown,
    summary: summary(row, now),
    side,
    moves: referralMovesFor(referral.state, side),
    caseSummary: { code: c.code, state: c.state, minor: c.minor ?? 'DESCONOCIDO', sex: c.sex, legalPurposes: c.legal ?? [], exploitationTypes: c.types ?? [] },
  };
}

export interface UnitChoice {
  id: string;
  name: string;
  agencyId: string;
  agency: string;
  entity: string;
  isShelter: boolean;
}

/** Units a referral may go to: every unit of every agency but the system's own. */
export async function referralUnits(db: Queryable): Promise<UnitChoice[]> {
  const rows = await db.query<{ id: string; name: string; agency_id: string; agency: string; entity: string; is_shelter: boolean }>(
    `SELECT u.id, u.name, a.id AS agency_id, a.name AS agency, a.entity, u.is_shelter FROM units u JOIN agencies a ON a.id = u.agency_id WHERE a.key <> 'SISTEMA' ORDER BY a.name, u.name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, agencyId: r.agency_id, agency: r.agency, entity: r.entity, isShelter: r.is_shelter }));
}
