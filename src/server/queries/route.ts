// The person's route (issue 6): one timeline across every agency her linked records are in —
// detection, the case's stages, referrals, shelter stays, services, follow-up contacts, the
// criminal proceeding's stages, the plan and its goals, risk assessments, closure — showing of
// each case file only what the viewer may see of it: everything her groups open on a case file
// she reaches (her agency's, or one shared with it by a referral, consent or mandate); the
// referrals that concern her own agency; and of any other linked case file only that it exists,
// where and how far it has gone (as the person page already shows). Read from readable columns and
// action payloads: nothing sealed is opened.
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { caseFilePolicy, type CaseFileRecordAction, type CaseTarget } from '../policies/case-files.ts';
import { sharesInForce } from './reach.ts';

export type RouteEventKind =
  | 'DETECTED'
  | 'CASE_STATE'
  | 'REFERRAL'
  | 'SHELTER_ENTRY'
  | 'SHELTER_EXIT'
  | 'SERVICE'
  | 'FOLLOWUP'
  | 'PROCEEDING_STAGE'
  | 'PLAN'
  | 'RISK';

export interface RouteEvent {
  /** The day (or instant) it happened. */
  on: string;
  kind: RouteEventKind;
  /** The agency and unit that recorded it. */
  agency: string;
  unit?: string | undefined;
  /** The case file's code, when the viewer reaches it. */
  caseCode?: string | undefined;
  caseFileId?: string | undefined;
  /** A code of the event's list: the state reached, the service type, the stage, the risk level… */
  code?: string | undefined;
  /** A second code when the event has one (the referral's destination unit, the risk kind, the exit reason). */
  detail?: string | undefined;
}

export interface PersonRoute {
  events: RouteEvent[];
  /** Linked case files the viewer does not reach: where they are and how far they went, nothing more. */
  elsewhere: { agency: string; unit: string; state: string; detectionDate: string }[];
}

interface CaseRow {
  id: string;
  code: string;
  owner_agency_id: string;
  registering_unit_id: string;
  detection_ubigeo: string;
  detection_date: string;
  state: string;
  agency: string;
  unit: string;
}

/** The persons linked to this one (her records in every agency), herself included. */
async function linkedPersons(db: Queryable, personId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT $1::uuid AS id UNION SELECT g.person_id FROM person_groups g WHERE g.group_id = (SELECT group_id FROM person_groups WHERE person_id = $1)`,
    [personId],
  );
  return rows.map((r) => r.id);
}

/**
 * The route of the person, or undefined when the viewer reaches none of her case files and is
 * not the receiver of a referral of one (to her, the person does not exist).
 */
export async function personRoute(db: Queryable, actor: Actor, personId: string): Promise<PersonRoute | undefined> {
  const persons = await linkedPersons(db, personId);
  const cases = await db.query<CaseRow>(
    `SELECT c.id, c.code, c.owner_agency_id, c.registering_unit_id, c.detection_ubigeo, c.detection_date::text, c.state, a.name AS agency, u.name AS unit
       FROM case_files c JOIN agencies a ON a.id = c.owner_agency_id JOIN units u ON u.id = c.registering_unit_id
      WHERE c.person_id = ANY($1::uuid[]) ORDER BY c.detection_date, c.id`,
    [persons],
  );
  // What the viewer may do on each case file: her own reach, or the shares to her agency.
  const can = new Map<string, (action: CaseFileRecordAction) => boolean>();
  for (const c of cases) {
    const target: CaseTarget = {
      ownerAgencyId: c.owner_agency_id,
      registeringUnitId: c.registering_unit_id,
      detectionUbigeo: c.detection_ubigeo,
      ...(c.owner_agency_id === actor.agencyId ? {} : { shares: (await sharesInForce(db, c.id, actor)).shares }),
    };
    can.set(c.id, (action) => caseFilePolicy.can(actor, action, target));
  }
  const reached = cases.filter((c) => can.get(c.id)?.('read'));
  const ids = cases.map((c) => c.id);
  // Referrals of any of her case files that the viewer's agency sent or received.
  const referrals = await db.query<{ id: string; case_file_id: string; to_agency_id: string; from_agency_id: string; to_unit: string; from_unit: string; to_agency: string; from_agency: string }>(
    `SELECT r.id, r.case_file_id, r.to_agency_id, r.from_agency_id, tu.name AS to_unit, fu.name AS from_unit, ta.name AS to_agency, fa.name AS from_agency
       FROM referrals r JOIN units tu ON tu.id = r.to_unit_id JOIN units fu ON fu.id = r.from_unit_id JOIN agencies ta ON ta.id = r.to_agency_id JOIN agencies fa ON fa.id = r.from_agency_id
      WHERE r.case_file_id = ANY($1::uuid[]) AND r.state <> 'BORRADOR'`,
    [ids],
  );
  const visibleReferrals = referrals.filter((r) => can.get(r.case_file_id)?.('read') || r.to_agency_id === actor.agencyId);
  if (reached.length === 0 && visibleReferrals.length === 0) return undefined;

  const byId = new Map(cases.map((c) => [c.id, c]));
  const events: RouteEvent[] = [];
  const on = (c: CaseRow, event: Omit<RouteEvent, 'agency' | 'caseCode' | 'caseFileId'> & { unit?: string | undefined }) =>
    events.push({ agency: c.agency, caseCode: c.code, caseFileId: c.id, unit: c.unit, ...event });
  const where = (action: CaseFileRecordAction) => reached.filter((c) => can.get(c.id)?.(action)).map((c) => c.id);

  for (const c of reached) on(c, { on: c.detection_date, kind: 'DETECTED' });
  const stateRows = await db.query<{ entity_id: string; to: string; at: string }>(
    `SELECT entity_id, payload->>'to' AS to, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM actions WHERE entity_type = 'case_file' AND entity_id = ANY($1::uuid[]) AND action_type = 'case.transitioned'`,
    [where('read')],
  );
  for (const r of stateRows) {
    const c = byId.get(r.entity_id);
    if (c) on(c, { on: r.at, kind: 'CASE_STATE', code: r.to });
  }

  const referralById = new Map(visibleReferrals.map((r) => [r.id, r]));
  const referralSteps = await db.query<{ entity_id: string; to: string; at: string }>(
    `SELECT entity_id, payload->>'to' AS to, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM actions WHERE entity_type = 'referral' AND entity_id = ANY($1::uuid[]) AND action_type = 'referral.transitioned'`,
    [visibleReferrals.map((r) => r.id)],
  );
  for (const s of referralSteps) {
    const r = referralById.get(s.entity_id);
    const c = r ? byId.get(r.case_file_id) : undefined;
    if (!r || !c) continue;
    const reaches = can.get(c.id)?.('read') ?? false;
    // The sender's acts are the sending unit's; the answer is the receiving unit's.
    const answer = s.to === 'ACEPTADA' || s.to === 'RECHAZADA' || s.to === 'EN_CURSO' || s.to === 'COMPLETADA' || s.to === 'NO_CONCRETADA';
    events.push({
      on: s.at,
      kind: 'REFERRAL',
      agency: answer ? r.to_agency : r.from_agency,
      unit: answer ? r.to_unit : r.from_unit,
      code: s.to,
      detail: `${r.from_unit} → ${r.to_unit}`,
      ...(reaches ? { caseCode: c.code, caseFileId: c.id } : {}),
    });
  }

  const care = where('readCare');
  const [followUps, services, risks, stays, planSteps] = await Promise.all([
    db.query<{ case_file_id: string; done_on: string; modality: string; unit: string }>(
      "SELECT f.case_file_id, f.done_on::text, f.modality, u.name AS unit FROM followups f JOIN units u ON u.id = f.unit_id WHERE f.case_file_id = ANY($1::uuid[]) AND f.state = 'REALIZADO'",
      [care],
    ),
    db.query<{ case_file_id: string; delivered_on: string; kind: string; unit: string }>(
      'SELECT s.case_file_id, s.delivered_on::text, s.kind, u.name AS unit FROM services s JOIN units u ON u.id = s.unit_id WHERE s.case_file_id = ANY($1::uuid[])',
      [care],
    ),
    db.query<{ case_file_id: string; assessed_on: string; kind: string; level: string; unit: string }>(
      'SELECT r.case_file_id, r.assessed_on::text, r.kind, r.level, u.name AS unit FROM risk_assessments r JOIN units u ON u.id = r.unit_id WHERE r.case_file_id = ANY($1::uuid[])',
      [care],
    ),
    db.query<{ case_file_id: string; kind: string; entered_on: string | null; left_on: string | null; exit_reason: string | null; shelter: string | null }>(
      'SELECT s.case_file_id, s.kind, s.entered_on::text, s.left_on::text, s.exit_reason, u.name AS shelter FROM shelter_stays s LEFT JOIN units u ON u.id = s.shelter_unit_id WHERE s.case_file_id = ANY($1::uuid[])',
      [care],
    ),
    db.query<{ case_file_id: string; to: string; on: string }>(
      `SELECT p.case_file_id, a.payload->>'to' AS to, a.payload->>'today' AS on FROM care_plans p JOIN actions a ON a.entity_type = 'care_plan' AND a.entity_id = p.id
        WHERE p.case_file_id = ANY($1::uuid[]) AND a.action_type = 'plan.transitioned'`,
      [care],
    ),
  ]);
  for (const f of followUps) withCase(f.case_file_id, (c) => on(c, { on: f.done_on, kind: 'FOLLOWUP', code: f.modality, unit: f.unit }));
  for (const s of services) withCase(s.case_file_id, (c) => on(c, { on: s.delivered_on, kind: 'SERVICE', code: s.kind, unit: s.unit }));
  for (const r of risks) withCase(r.case_file_id, (c) => on(c, { on: r.assessed_on, kind: 'RISK', code: r.level, detail: r.kind, unit: r.unit }));
  for (const p of planSteps) withCase(p.case_file_id, (c) => on(c, { on: p.on, kind: 'PLAN', code: p.to }));
  for (const s of stays) {
    withCase(s.case_file_id, (c) => {
      // Where the person is lodged (G6) only for those who may read it.
      const shelter = can.get(c.id)?.('readShelter') ? (s.shelter ?? undefined) : undefined;
      if (s.entered_on) on(c, { on: s.entered_on, kind: 'SHELTER_ENTRY', code: s.kind, unit: shelter });
      if (s.left_on) on(c, { on: s.left_on, kind: 'SHELTER_EXIT', code: s.kind, detail: s.exit_reason ?? undefined, unit: shelter });
    });
  }
  // The proceeding's stages: to anyone who reads the case file (care staff prepare the person for hearings).
  const stages = await db.query<{ case_file_id: string; stage: string; on: string }>(
    `SELECT p.case_file_id, coalesce(a.payload->>'to', a.payload->>'stage') AS stage, coalesce(a.payload->>'on', a.payload->>'stageOn') AS on
       FROM proceedings p JOIN actions a ON a.entity_type = 'proceeding' AND a.entity_id = p.id
      WHERE p.case_file_id = ANY($1::uuid[]) AND a.action_type IN ('proceeding.opened', 'proceeding.staged')`,
    [where('read')],
  );
  for (const s of stages) withCase(s.case_file_id, (c) => on(c, { on: s.on, kind: 'PROCEEDING_STAGE', code: s.stage, unit: undefined }));

  function withCase(id: string, f: (c: CaseRow) => void) {
    const c = byId.get(id);
    if (c) f(c);
  }

  events.sort((a, b) => a.on.localeCompare(b.on) || a.kind.localeCompare(b.kind));
  const reachedIds = new Set(reached.map((c) => c.id));
  // That she has records elsewhere is told only to an agency holding one of her own (the person
  // page's rule), not to one that reaches her through a referral alone.
  const holdsOne = cases.some((c) => c.owner_agency_id === actor.agencyId);
  return {
    events,
    elsewhere: holdsOne ? cases.filter((c) => !reachedIds.has(c.id)).map((c) => ({ agency: c.agency, unit: c.unit, state: c.state, detectionDate: c.detection_date })) : [],
  };
}
