// Follow-ups and reintegration plans: schedule a contact, record what happened at it (and the next
// one), cancel it; draw up a plan, revise it, move it through its lifecycle, record goal progress.
// Each runs in the caller's transaction, checks the domain's rules and appends its actions.
import { randomUUID } from 'node:crypto';
import { goalsEditable, openGoals, planMoveProblems, progressRecordable, type PlanState } from '../../domain/care-plan.ts';
import type { FollowUpRecord, PlanGoal, PlanRecord } from '../../domain/followup-records.ts';
import { nextRiskReview, planRiskProblems, type LatestRisk, type RiskKind, type RiskLevel } from '../../domain/risk.ts';
import { cancelProblems, recordProblems, scheduleProblems, suggestNextDueOn } from '../../domain/followups.ts';
import type { CancelFollowUpRequest, PlanContentInput, RecordFollowUpRequest, ScheduleFollowUpRequest } from '../../domain/schemas-followup.ts';
import type { Actor } from '../actor.ts';
import { loadAreaRecord, recordAreaAction } from '../actions/followup-store.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem, versionConflict } from '../errors.ts';
import { actionMeta, assertUserInUnit, caseInReach, refuse, todayAt, type CaseFacts } from './care-context.ts';

export async function scheduleFollowUp(tx: Queryable, actor: Actor, caseFileId: string, request: ScheduleFollowUpRequest, now: Date): Promise<FollowUpRecord> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'writeCare');
  const problems = scheduleProblems({ caseState: caseFile.state, dueOn: request.dueOn, today: todayAt(now) });
  if (problems.length > 0) refuse(problems);
  await assertUserInUnit(tx, request.assignedUserId, actor.unitId, 'assignedUserId');
  return scheduleNext(tx, actor, caseFile, { dueOn: request.dueOn, modality: request.modality, assignedUserId: request.assignedUserId ?? actor.userId, attempt: 1, purpose: request.purpose }, now);
}

async function scheduleNext(
  tx: Queryable,
  actor: Actor,
  caseFile: CaseFacts,
  next: { dueOn: string; modality: string; assignedUserId?: string | undefined; attempt: number; purpose?: string | undefined },
  now: Date,
): Promise<FollowUpRecord> {
  return recordAreaAction<FollowUpRecord>(tx, undefined, {
    type: 'followup.scheduled',
    caseFileId: caseFile.id,
    personId: caseFile.personId,
    unitId: actor.unitId,
    assignedUserId: next.assignedUserId,
    dueOn: next.dueOn,
    modality: next.modality,
    attempt: next.attempt,
    content: next.purpose ? { purpose: next.purpose } : {},
    ...actionMeta(actor, now, randomUUID(), 1),
  });
}

/** A follow-up of the actor's own agency, locked, at the version she saw. */
async function ownFollowUp(tx: Queryable, actor: Actor, id: string, version: number): Promise<FollowUpRecord> {
  const current = await loadAreaRecord<FollowUpRecord>(tx, 'followup', id, true);
  if (!current || current.ownerAgencyId !== actor.agencyId) throw notFound();
  await caseInReach(tx, actor, current.caseFileId, 'writeCare');
  if (current.version !== version) throw versionConflict(current.version);
  return current;
}

export async function recordFollowUp(tx: Queryable, actor: Actor, id: string, request: RecordFollowUpRequest, now: Date): Promise<{ followUp: FollowUpRecord; next?: FollowUpRecord }> {
  const current = await ownFollowUp(tx, actor, id, request.version);
  const { caseFile } = await caseInReach(tx, actor, current.caseFileId, 'writeCare');
  const problems = recordProblems({
    state: current.state,
    outcome: request.outcome,
    caseState: caseFile.state,
    today: todayAt(now),
    doneOn: request.doneOn,
    noContactReason: request.noContactReason,
    nextDueOn: request.nextDueOn,
  });
  if (problems.length > 0) refuse(problems);
  const followUp = await recordAreaAction<FollowUpRecord>(tx, current, {
    type: 'followup.recorded',
    outcome: request.outcome,
    doneOn: request.doneOn,
    modality: request.modality ?? current.modality,
    alertType: request.alert,
    content: { ...request.content, ...(request.noContactReason ? { noContactReason: request.noContactReason } : {}) },
    ...actionMeta(actor, now, id, current.version + 1),
  });
  // Progress on the plan's goals told at the contact is recorded on the plan too.
  if (request.content.goalProgress?.length) await recordGoalProgressFromContact(tx, actor, caseFile, request.content.goalProgress, now);
  if (!request.nextDueOn) return { followUp };
  const next = await scheduleNext(
    tx,
    actor,
    caseFile,
    {
      dueOn: request.nextDueOn,
      modality: request.nextModality ?? followUp.modality,
      assignedUserId: current.assignedUserId,
      // A failed attempt is followed by the next attempt; a contact made starts the count again.
      attempt: request.outcome === 'NO_CONTACTADO' ? current.attempt + 1 : 1,
    },
    now,
  );
  return { followUp, next };
}

export async function cancelFollowUp(tx: Queryable, actor: Actor, id: string, request: CancelFollowUpRequest, now: Date): Promise<FollowUpRecord> {
  const current = await ownFollowUp(tx, actor, id, request.version);
  const problems = cancelProblems(current.state, request.reason);
  if (problems.length > 0) refuse(problems);
  return recordAreaAction<FollowUpRecord>(tx, current, { type: 'followup.cancelled', ...actionMeta(actor, now, id, current.version + 1, request.reason) });
}

/** The latest risk assessment of each kind on a case file: its current risk. */
export async function currentRisks(tx: Queryable, caseFileId: string): Promise<LatestRisk[]> {
  const rows = await tx.query<{ kind: RiskKind; level: RiskLevel; assessed_on: string; next_review_on: string; created_at: Date | string }>(
    'SELECT DISTINCT ON (kind) kind, level, assessed_on::text, next_review_on::text, created_at FROM risk_assessments WHERE case_file_id = $1 ORDER BY kind, assessed_on DESC, created_at DESC',
    [caseFileId],
  );
  return rows.map((r) => ({ kind: r.kind, level: r.level, assessedOn: r.assessed_on, nextReviewOn: r.next_review_on }));
}

/** The plan in force on a case file (not finished), if any. */
export async function openPlanOf(tx: Queryable, caseFileId: string, lock = false): Promise<PlanRecord | undefined> {
  const [row] = await tx.query<{ id: string }>("SELECT id FROM care_plans WHERE case_file_id = $1 AND state NOT IN ('CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO')", [caseFileId]);
  return row ? loadAreaRecord<PlanRecord>(tx, 'care_plan', row.id, lock) : undefined;
}

async function recordGoalProgressFromContact(tx: Queryable, actor: Actor, caseFile: CaseFacts, progress: readonly { goalId: string; status: string; comment?: string | undefined }[], now: Date): Promise<void> {
  let plan = await openPlanOf(tx, caseFile.id, true);
  if (!plan || !progressRecordable(plan.state)) throw new Problem(422, 'plan.notRunning', {}, [{ path: 'content.goalProgress', key: 'plan.notRunning' }]);
  for (const p of progress) {
    if (!plan.content.goals.some((g) => g.id === p.goalId)) throw new Problem(400, 'problem.validation', {}, [{ path: 'content.goalProgress', key: 'plan.unknownGoal' }]);
    plan = await recordAreaAction<PlanRecord>(tx, plan, { type: 'plan.progress', content: p, ...actionMeta(actor, now, plan.id, plan.version + 1) });
  }
}

/** When the next follow-up of a case should be, from its stage, its last contact and its plan. */
export async function suggestedNextFollowUp(tx: Queryable, caseFile: CaseFacts, now: Date): Promise<string | undefined> {
  const [contact] = await tx.query<{ last_contact_on: string }>('SELECT last_contact_on FROM case_contacts WHERE case_file_id = $1', [caseFile.id]);
  const plan = await openPlanOf(tx, caseFile.id);
  const riskReview = nextRiskReview(await currentRisks(tx, caseFile.id));
  return suggestNextDueOn({
    caseState: caseFile.state,
    today: todayAt(now),
    lastContactOn: contact?.last_contact_on,
    // A contact is due by each open goal's date and by the day the risk must be assessed again.
    openGoalDates: [...(plan ? openGoals(plan.content.goals).flatMap((g) => (g.targetDate ? [g.targetDate] : [])) : []), ...(riskReview ? [riskReview] : [])],
    planReviewDueOn: plan?.reviewDueOn,
  });
}

function withGoalIds(content: PlanContentInput, previous: readonly PlanGoal[] = []): PlanRecord['content'] {
  const known = new Map(previous.map((g) => [g.id, g]));
  return {
    ...content,
    goals: content.goals.map((g) => {
      const before = g.id ? known.get(g.id) : undefined;
      if (g.id && !before) throw new Problem(400, 'problem.validation', {}, [{ path: 'content.goals', key: 'plan.unknownGoal' }]);
      return { ...g, id: g.id ?? randomUUID(), ...(before?.comment ? { comment: before.comment } : {}) };
    }),
  };
}

export async function createPlan(tx: Queryable, actor: Actor, caseFileId: string, content: PlanContentInput, now: Date): Promise<PlanRecord> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'writeCare');
  if (caseFile.state === 'CERRADO' || caseFile.state === 'CERRADO_DERIVADO' || caseFile.state === 'DESCARTADO') refuse([{ path: '', key: 'followup.caseNotFollowed' }]);
  if (await openPlanOf(tx, caseFileId)) throw new Problem(409, 'plan.alreadyOpen');
  return recordAreaAction<PlanRecord>(tx, undefined, {
    type: 'plan.created',
    caseFileId,
    personId: caseFile.personId,
    unitId: actor.unitId,
    content: withGoalIds(content),
    ...actionMeta(actor, now, randomUUID(), 1),
  });
}

/** A plan of the actor's own agency on a case file she reaches for this action, locked, at the version she saw. */
async function ownPlan(tx: Queryable, actor: Actor, id: string, version: number, action: 'readCare' | 'writeCare' = 'writeCare'): Promise<PlanRecord> {
  const current = await loadAreaRecord<PlanRecord>(tx, 'care_plan', id, true);
  if (!current || current.ownerAgencyId !== actor.agencyId) throw notFound();
  await caseInReach(tx, actor, current.caseFileId, action);
  if (current.version !== version) throw versionConflict(current.version);
  return current;
}

export async function updatePlan(tx: Queryable, actor: Actor, id: string, version: number, content: PlanContentInput, now: Date): Promise<PlanRecord> {
  const current = await ownPlan(tx, actor, id, version);
  if (!goalsEditable(current.state)) refuse([{ path: 'content', key: 'plan.notEditable' }]);
  return recordAreaAction<PlanRecord>(tx, current, { type: 'plan.updated', content: withGoalIds(content, current.content.goals), ...actionMeta(actor, now, id, current.version + 1) });
}

export async function transitionPlan(tx: Queryable, actor: Actor, id: string, request: { version: number; to: string; reason?: string | undefined }, now: Date): Promise<PlanRecord> {
  // A supervisor approves with read access to the plan; every other move writes it.
  const current = await ownPlan(tx, actor, id, request.version, request.to === 'APROBADO' ? 'readCare' : 'writeCare');
  const to = request.to as PlanState;
  const problems = planMoveProblems({
    from: current.state,
    to,
    goals: current.content.goals,
    participation: current.content.participation,
    participationJustification: current.content.participationJustification,
    reason: request.reason,
    actorRoles: actor.roles,
    actorUserId: actor.userId,
    authorUserId: current.authorUserId ?? '',
  });
  // The plan answers the person's current risk before it is agreed or approved (§6.10).
  if (to === 'EN_VALIDACION_CON_LA_PERSONA' || to === 'APROBADO') problems.push(...planRiskProblems(await currentRisks(tx, current.caseFileId), current.content.goals.map((g) => g.dimension)));
  if (problems.length > 0) refuse(problems, { from: current.state, to });
  return recordAreaAction<PlanRecord>(tx, current, { type: 'plan.transitioned', from: current.state, to, today: todayAt(now), ...actionMeta(actor, now, id, current.version + 1, request.reason) });
}

export async function recordGoalProgress(tx: Queryable, actor: Actor, id: string, request: { version: number; goalId: string; status: string; comment?: string | undefined }, now: Date): Promise<PlanRecord> {
  const current = await ownPlan(tx, actor, id, request.version);
  if (!progressRecordable(current.state)) refuse([{ path: 'status', key: 'plan.notRunning' }]);
  if (!current.content.goals.some((g) => g.id === request.goalId)) throw new Problem(400, 'problem.validation', {}, [{ path: 'goalId', key: 'plan.unknownGoal' }]);
  const { version: _v, ...content } = request;
  return recordAreaAction<PlanRecord>(tx, current, { type: 'plan.progress', content, ...actionMeta(actor, now, id, current.version + 1) });
}
