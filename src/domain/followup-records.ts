// Follow-ups, referrals, plans, shelter stays, services and procedural steps as they are derived
// from their actions: state is never written directly, only folded from the append-only log.
// Each action's `content` is what gets sealed under the person's key. Pure.
import type { PlanState } from './care-plan.ts';
import { opensNewVersion, reviewDueAfter } from './care-plan.ts';
import { isSentenceStage, type ProceduralStage } from './criminal-process.ts';
import type { FollowUpOutcome, FollowUpState } from './followups.ts';
import type { ActionMeta } from './records.ts';
import type { ReferralState, Urgency } from './referrals.ts';
import type { Consent } from './referrals.ts';
import type { FollowUpContent, PlanContentInput, PlanGoalInput } from './schemas-followup.ts';
import type { StayState } from './shelter.ts';
import type { RiskKind, RiskLevel } from './risk.ts';

/** What every record of this area carries: which case file, whose person, which agency holds it. */
export interface AttachedRecord {
  id: string;
  caseFileId: string;
  personId: string;
  ownerAgencyId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface FollowUpRecord extends AttachedRecord {
  unitId: string;
  assignedUserId?: string | undefined;
  state: FollowUpState;
  dueOn: string;
  modality: string;
  attempt: number;
  content: FollowUpContent & { purpose?: string | undefined; noContactReason?: string | undefined; cancelReason?: string | undefined };
  doneOn?: string | undefined;
  doneBy?: string | undefined;
  alertType?: string | undefined;
}

export interface ReferralRecord extends AttachedRecord {
  fromUnitId: string;
  fromUserId?: string | undefined;
  toAgencyId: string;
  toUnitId: string;
  toUserId?: string | undefined;
  state: ReferralState;
  motive: string;
  urgency: Urgency;
  services: string[];
  transfersLead: boolean;
  basis: string;
  sharedGroups: string[];
  rejectionReason?: string | undefined;
  sentAt?: string | undefined;
  dueAt?: string | undefined;
  answeredAt?: string | undefined;
  content: { consent?: Consent | undefined; note?: string | undefined; history: { to: ReferralState; at: string; by: string | null; reason?: string | undefined }[] };
}

export interface PlanGoal extends PlanGoalInput {
  id: string;
  comment?: string | undefined;
}

export interface PlanRecord extends AttachedRecord {
  unitId: string;
  authorUserId?: string | undefined;
  state: PlanState;
  planVersion: number;
  reviewDueOn?: string | undefined;
  content: Omit<PlanContentInput, 'goals'> & { goals: PlanGoal[]; approvedOn?: string | undefined; approvedBy?: string | undefined; endReason?: string | undefined };
}

export interface ShelterStayRecord extends AttachedRecord {
  shelterUnitId?: string | undefined;
  kind: string;
  state: StayState;
  enteredOn?: string | undefined;
  leftOn?: string | undefined;
  exitReason?: string | undefined;
  content: { legalBasis?: string | undefined; note?: string | undefined };
}

export interface ServiceRecord extends AttachedRecord {
  unitId: string;
  kind: string;
  deliveredOn: string;
  content: { modality: string; durationMinutes?: number | undefined; provider?: string | undefined; fundingSource?: string | undefined; note?: string | undefined };
}

export interface ProceedingRecord extends AttachedRecord {
  stage: ProceduralStage;
  stageOn: string;
  /** The first day the proceeding reached a sentence stage (SENTENCE_STAGES): what indicator C11 measures the time to sentence to. */
  sentencedOn?: string | undefined;
  content: {
    policeReportNumber?: string | undefined;
    prosecutorFileNumber?: string | undefined;
    courtFileNumber?: string | undefined;
    protectionMeasures: string[];
    victimIsCivilParty?: boolean | undefined;
    outcome?: string | undefined;
    reparationOrderedPen?: number | undefined;
    reparationPaidPen?: number | undefined;
    steps: { stage: ProceduralStage; on: string; victimParticipated?: boolean | undefined; note?: string | undefined }[];
  };
}

export interface RiskAssessmentRecord extends AttachedRecord {
  unitId: string;
  kind: RiskKind;
  level: RiskLevel;
  occasion: string;
  assessedOn: string;
  nextReviewOn: string;
  content: { factors: { factor: string; value: string }[]; safetyPlan?: string | undefined; note?: string | undefined };
}

/** Where a new record of this area hangs. */
interface Attach {
  caseFileId: string;
  personId: string;
}

export type FollowUpAction =
  | (ActionMeta & Attach & { type: 'followup.scheduled'; unitId: string; assignedUserId?: string | undefined; dueOn: string; modality: string; attempt: number; content: { purpose?: string | undefined } })
  | (ActionMeta & { type: 'followup.recorded'; outcome: FollowUpOutcome; doneOn: string; modality: string; alertType?: string | undefined; content: FollowUpContent & { noContactReason?: string | undefined } })
  | (ActionMeta & { type: 'followup.cancelled' });

export type ReferralAction =
  | (ActionMeta &
      Attach & {
        type: 'referral.created';
        fromUnitId: string;
        toAgencyId: string;
        toUnitId: string;
        toUserId?: string | undefined;
        motive: string;
        urgency: Urgency;
        services: string[];
        transfersLead: boolean;
        basis: string;
        sharedGroups: string[];
        content: { consent?: Consent | undefined; note?: string | undefined };
      })
  | (ActionMeta & { type: 'referral.transitioned'; from: ReferralState; to: ReferralState; rejectionReason?: string | undefined; dueAt?: string | undefined; toUserId?: string | undefined });

export type PlanAction =
  | (ActionMeta & Attach & { type: 'plan.created'; unitId: string; content: Omit<PlanContentInput, 'goals'> & { goals: PlanGoal[] } })
  | (ActionMeta & { type: 'plan.updated'; content: Omit<PlanContentInput, 'goals'> & { goals: PlanGoal[] } })
  | (ActionMeta & { type: 'plan.transitioned'; from: PlanState; to: PlanState; today: string })
  | (ActionMeta & { type: 'plan.progress'; content: { goalId: string; status: string; comment?: string | undefined } });

export type ShelterStayAction =
  | (ActionMeta & Attach & { type: 'shelter.requested'; kind: string; shelterUnitId?: string | undefined; content: { legalBasis?: string | undefined; note?: string | undefined } })
  | (ActionMeta & { type: 'shelter.transitioned'; from: StayState; to: StayState; on: string; exitReason?: string | undefined });

export type ServiceAction = ActionMeta & Attach & { type: 'service.recorded'; unitId: string; kind: string; deliveredOn: string; content: ServiceRecord['content'] };

export type ProceedingAction =
  | (ActionMeta & Attach & { type: 'proceeding.opened'; stage: ProceduralStage; stageOn: string; content: Omit<ProceedingRecord['content'], 'steps'> })
  | (ActionMeta & {
      type: 'proceeding.staged';
      from: ProceduralStage;
      to: ProceduralStage;
      on: string;
      content: { outcome?: string | undefined; victimParticipated?: boolean | undefined; reparationOrderedPen?: number | undefined; reparationPaidPen?: number | undefined; protectionMeasures?: string[] | undefined; note?: string | undefined };
    })
  | (ActionMeta & { type: 'proceeding.updated'; content: ProceedingFacts });

/** What may be recorded about a proceeding besides its stage: its file numbers, measures, the victim's part, reparation. */
export type ProceedingFacts = Partial<Omit<ProceedingRecord['content'], 'steps'>>;

export type RiskAssessmentAction = ActionMeta &
  Attach & { type: 'risk.assessed'; unitId: string; kind: RiskKind; level: RiskLevel; occasion: string; assessedOn: string; nextReviewOn: string; content: RiskAssessmentRecord['content'] };

export type FollowUpAreaAction = FollowUpAction | ReferralAction | PlanAction | ShelterStayAction | ServiceAction | ProceedingAction | RiskAssessmentAction;

/** The action log's entity type of each action of this area, by its prefix. */
export const ENTITY_OF_PREFIX = {
  followup: 'followup',
  referral: 'referral',
  plan: 'care_plan',
  shelter: 'shelter_stay',
  service: 'service',
  proceeding: 'proceeding',
  risk: 'risk_assessment',
} as const;

export function entityTypeOf(actionType: string): (typeof ENTITY_OF_PREFIX)[keyof typeof ENTITY_OF_PREFIX] | undefined {
  const prefix = actionType.slice(0, actionType.indexOf('.'));
  return prefix in ENTITY_OF_PREFIX ? ENTITY_OF_PREFIX[prefix as keyof typeof ENTITY_OF_PREFIX] : undefined;
}

function follows(current: { version: number } | undefined, action: ActionMeta): void {
  const expected = (current?.version ?? 0) + 1;
  if (action.version !== expected) throw new Error(`action version ${action.version} does not follow ${expected - 1} for ${action.entityId}`);
}

function created(action: ActionMeta & Attach) {
  return { id: action.entityId, caseFileId: action.caseFileId, personId: action.personId, ownerAgencyId: action.agencyId, version: 1, createdAt: action.at, updatedAt: action.at };
}

function existing<T>(state: T | undefined, action: ActionMeta): T {
  if (!state) throw new Error(`${action.entityId} changed before it was created`);
  return state;
}

const touch = (action: ActionMeta) => ({ version: action.version, updatedAt: action.at });

export function applyFollowUpAction(state: FollowUpRecord | undefined, action: FollowUpAction): FollowUpRecord {
  follows(state, action);
  switch (action.type) {
    case 'followup.scheduled':
      return { ...created(action), unitId: action.unitId, assignedUserId: action.assignedUserId, state: 'PROGRAMADO', dueOn: action.dueOn, modality: action.modality, attempt: action.attempt, content: { ...action.content } };
    case 'followup.recorded': {
      const s = existing(state, action);
      return { ...s, ...touch(action), state: action.outcome, doneOn: action.doneOn, doneBy: action.actorUserId ?? undefined, modality: action.modality, alertType: action.alertType, content: { ...s.content, ...action.content } };
    }
    case 'followup.cancelled': {
      const s = existing(state, action);
      return { ...s, ...touch(action), state: 'CANCELADO', content: { ...s.content, cancelReason: action.reason } };
    }
  }
}

export function applyReferralAction(state: ReferralRecord | undefined, action: ReferralAction): ReferralRecord {
  follows(state, action);
  if (action.type === 'referral.created') {
    return {
      ...created(action),
      fromUnitId: action.fromUnitId,
      fromUserId: action.actorUserId ?? undefined,
      toAgencyId: action.toAgencyId,
      toUnitId: action.toUnitId,
      toUserId: action.toUserId,
      state: 'BORRADOR',
      motive: action.motive,
      urgency: action.urgency,
      services: action.services,
      transfersLead: action.transfersLead,
      basis: action.basis,
      sharedGroups: action.sharedGroups,
      content: { ...action.content, history: [{ to: 'BORRADOR', at: action.at, by: action.actorUserId }] },
    };
  }
  const s = existing(state, action);
  const next: ReferralRecord = {
    ...s,
    ...touch(action),
    state: action.to,
    content: { ...s.content, history: [...s.content.history, { to: action.to, at: action.at, by: action.actorUserId, ...(action.reason ? { reason: action.reason } : {}) }] },
  };
  if (action.to === 'ENVIADA') {
    next.sentAt = action.at;
    next.dueAt = action.dueAt;
  }
  if (action.to === 'ACEPTADA' || action.to === 'RECHAZADA' || (action.to === 'CANCELADA' && s.state === 'ENVIADA')) next.answeredAt = action.at;
  if (action.rejectionReason) next.rejectionReason = action.rejectionReason;
  if (action.toUserId) next.toUserId = action.toUserId;
  return next;
}

export function applyPlanAction(state: PlanRecord | undefined, action: PlanAction): PlanRecord {
  follows(state, action);
  switch (action.type) {
    case 'plan.created':
      return { ...created(action), unitId: action.unitId, authorUserId: action.actorUserId ?? undefined, state: 'BORRADOR', planVersion: 1, content: action.content };
    case 'plan.updated': {
      const s = existing(state, action);
      return { ...s, ...touch(action), content: { ...s.content, ...action.content } };
    }
    case 'plan.progress': {
      const s = existing(state, action);
      const goals = s.content.goals.map((g) => (g.id === action.content.goalId ? { ...g, status: action.content.status, ...(action.content.comment ? { comment: action.content.comment } : {}) } : g));
      return { ...s, ...touch(action), content: { ...s.content, goals } };
    }
    case 'plan.transitioned': {
      const s = existing(state, action);
      const next: PlanRecord = { ...s, ...touch(action), state: action.to };
      if (action.to === 'APROBADO') next.content = { ...s.content, approvedOn: action.today, approvedBy: action.actorUserId ?? undefined };
      if (action.to === 'EN_EJECUCION') next.reviewDueOn = reviewDueAfter(action.today);
      if (opensNewVersion(action.from, action.to)) next.planVersion = s.planVersion + 1;
      if (action.to === 'INTERRUMPIDO' || action.to === 'BORRADOR') next.content = { ...next.content, endReason: action.reason };
      if (action.to === 'CUMPLIDO' || action.to === 'CUMPLIDO_PARCIALMENTE' || action.to === 'INTERRUMPIDO') delete next.reviewDueOn;
      return next;
    }
  }
}

export function applyShelterStayAction(state: ShelterStayRecord | undefined, action: ShelterStayAction): ShelterStayRecord {
  follows(state, action);
  if (action.type === 'shelter.requested') return { ...created(action), kind: action.kind, shelterUnitId: action.shelterUnitId, state: 'SOLICITADO', content: action.content };
  const s = existing(state, action);
  const next: ShelterStayRecord = { ...s, ...touch(action), state: action.to };
  if (action.to === 'INGRESO') next.enteredOn = action.on;
  if (action.to === 'EGRESO') {
    next.leftOn = action.on;
    next.exitReason = action.exitReason;
  }
  return next;
}

export function applyServiceAction(state: ServiceRecord | undefined, action: ServiceAction): ServiceRecord {
  follows(state, action);
  return { ...created(action), unitId: action.unitId, kind: action.kind, deliveredOn: action.deliveredOn, content: action.content };
}

export function applyProceedingAction(state: ProceedingRecord | undefined, action: ProceedingAction): ProceedingRecord {
  follows(state, action);
  if (action.type === 'proceeding.updated') {
    const s = existing(state, action);
    return { ...s, ...touch(action), content: { ...s.content, ...definedOnly(action.content) } };
  }
  if (action.type === 'proceeding.opened') {
    return {
      ...created(action),
      stage: action.stage,
      stageOn: action.stageOn,
      ...(isSentenceStage(action.stage) ? { sentencedOn: action.stageOn } : {}),
      content: { ...action.content, steps: [{ stage: action.stage, on: action.stageOn }] },
    };
  }
  const s = existing(state, action);
  const { note, victimParticipated, protectionMeasures, ...facts } = action.content;
  return {
    ...s,
    ...touch(action),
    stage: action.to,
    stageOn: action.on,
    // The first sentence stays the day the proceeding was sentenced (a retrial after appeal does not move it).
    ...(!s.sentencedOn && isSentenceStage(action.to) ? { sentencedOn: action.on } : {}),
    content: {
      ...s.content,
      ...facts,
      protectionMeasures: protectionMeasures ?? s.content.protectionMeasures,
      steps: [...s.content.steps, { stage: action.to, on: action.on, ...(victimParticipated !== undefined ? { victimParticipated } : {}), ...(note ? { note } : {}) }],
    },
  };
}

export function applyRiskAssessmentAction(state: RiskAssessmentRecord | undefined, action: RiskAssessmentAction): RiskAssessmentRecord {
  follows(state, action);
  return { ...created(action), unitId: action.unitId, kind: action.kind, level: action.level, occasion: action.occasion, assessedOn: action.assessedOn, nextReviewOn: action.nextReviewOn, content: action.content };
}

/** The fields given, without those left out (an update changes only what it names). */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type AreaRecord = FollowUpRecord | ReferralRecord | PlanRecord | ShelterStayRecord | ServiceRecord | ProceedingRecord | RiskAssessmentRecord;

/** Folds any action of this area onto the record it belongs to. */
export function applyAreaAction(state: AreaRecord | undefined, action: FollowUpAreaAction): AreaRecord {
  switch (entityTypeOf(action.type)) {
    case 'followup':
      return applyFollowUpAction(state as FollowUpRecord | undefined, action as FollowUpAction);
    case 'referral':
      return applyReferralAction(state as ReferralRecord | undefined, action as ReferralAction);
    case 'care_plan':
      return applyPlanAction(state as PlanRecord | undefined, action as PlanAction);
    case 'shelter_stay':
      return applyShelterStayAction(state as ShelterStayRecord | undefined, action as ShelterStayAction);
    case 'service':
      return applyServiceAction(state as ServiceRecord | undefined, action as ServiceAction);
    case 'proceeding':
      return applyProceedingAction(state as ProceedingRecord | undefined, action as ProceedingAction);
    case 'risk_assessment':
      return applyRiskAssessmentAction(state as RiskAssessmentRecord | undefined, action as RiskAssessmentAction);
    default:
      throw new Error(`not an action of the follow-up area: ${action.type}`);
  }
}
