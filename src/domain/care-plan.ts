// The individual care and reintegration plan (PRI, domain-spec §6.13, §8.3): its lifecycle, the
// approval rule (a supervisor other than its author), reviews at least every three months that
// open a new version, and the share of goals achieved that lets a case move to follow-up. Pure.
import { addDays } from './calendar.ts';
import type { Machine, RuleProblem } from './state-machine.ts';

export const PLAN_STATES = ['BORRADOR', 'EN_VALIDACION_CON_LA_PERSONA', 'APROBADO', 'EN_EJECUCION', 'EN_REVISION', 'CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/**
 * §8.3, plus two moves it implies: a draft returns from validation when the person asks for
 * changes, and a plan in execution can be interrupted (lost contact, re-trafficking) without
 * waiting for its review.
 */
export const PLAN_TRANSITIONS: Machine<PlanState> = {
  BORRADOR: ['EN_VALIDACION_CON_LA_PERSONA'],
  EN_VALIDACION_CON_LA_PERSONA: ['BORRADOR', 'APROBADO'],
  APROBADO: ['EN_EJECUCION'],
  EN_EJECUCION: ['EN_REVISION', 'INTERRUMPIDO'],
  EN_REVISION: ['EN_EJECUCION', 'CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO'],
  CUMPLIDO: [],
  CUMPLIDO_PARCIALMENTE: [],
  INTERRUMPIDO: [],
};

export const FINISHED_PLAN_STATES: readonly PlanState[] = ['CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO'];

/** A plan's goals may be rewritten while it is drafted or reviewed; their progress while it runs. */
export function goalsEditable(state: PlanState): boolean {
  return state === 'BORRADOR' || state === 'EN_VALIDACION_CON_LA_PERSONA' || state === 'EN_REVISION';
}

export function progressRecordable(state: PlanState): boolean {
  return state === 'EN_EJECUCION' || state === 'EN_REVISION';
}

/** Reviews at least every three months (§8.3). */
export const PLAN_REVIEW_DAYS = 90;

export type GoalStatus = 'PENDIENTE' | 'EN_PROCESO' | 'LOGRADO' | 'LOGRADO_PARCIALMENTE' | 'NO_LOGRADO' | 'DESCARTADO_POR_LA_PERSONA';

export interface GoalFacts {
  status: string;
  targetDate?: string | undefined;
}

const OPEN_GOAL = new Set(['PENDIENTE', 'EN_PROCESO']);

export function openGoals<G extends GoalFacts>(goals: readonly G[]): G[] {
  return goals.filter((g) => OPEN_GOAL.has(g.status));
}

/** Share of goals achieved, among those the person kept (a dropped goal counts neither way). */
export function achievedShare(goals: readonly GoalFacts[]): number {
  const kept = goals.filter((g) => g.status !== 'DESCARTADO_POR_LA_PERSONA');
  if (kept.length === 0) return 0;
  return kept.filter((g) => g.status === 'LOGRADO').length / kept.length;
}

/** §8.1 default: a case moves from reintegration to follow-up once 70 % of the goals are achieved. */
export const FOLLOW_UP_THRESHOLD = 0.7;

export interface PlanMoveFacts {
  from: PlanState;
  to: PlanState;
  goals: readonly GoalFacts[];
  participation?: string | undefined;
  participationJustification?: string | undefined;
  reason?: string | undefined;
  actorRoles: readonly string[];
  actorUserId: string;
  authorUserId: string;
}

export function planMoveProblems(f: PlanMoveFacts): RuleProblem[] {
  if (!PLAN_TRANSITIONS[f.from].includes(f.to)) return [{ path: 'to', key: 'problem.transitionNotAllowed' }];
  const problems: RuleProblem[] = [];
  if (f.to === 'EN_VALIDACION_CON_LA_PERSONA' || f.to === 'APROBADO') {
    if (f.goals.length === 0) problems.push({ path: 'goals', key: 'plan.needsGoal' });
    if (!f.participation) problems.push({ path: 'participation', key: 'invalid.required' });
    else if (f.participation === 'SIN_PARTICIPACION' && !f.participationJustification?.trim()) problems.push({ path: 'participationJustification', key: 'plan.justifyNoParticipation' });
  }
  if (f.to === 'APROBADO') {
    // Four eyes: a supervisor approves, and not a plan she wrote herself.
    if (!f.actorRoles.includes('SUPERVISOR')) problems.push({ path: 'to', key: 'plan.supervisorApproves' });
    else if (f.actorUserId === f.authorUserId) problems.push({ path: 'to', key: 'plan.noSelfApproval' });
  }
  if (f.to === 'CUMPLIDO' && f.goals.some((g) => g.status !== 'LOGRADO' && g.status !== 'DESCARTADO_POR_LA_PERSONA')) problems.push({ path: 'to', key: 'plan.goalsNotAchieved' });
  if (f.to === 'CUMPLIDO_PARCIALMENTE' && !f.goals.some((g) => g.status === 'LOGRADO' || g.status === 'LOGRADO_PARCIALMENTE')) problems.push({ path: 'to', key: 'plan.noGoalAchieved' });
  if ((f.to === 'INTERRUMPIDO' || f.to === 'BORRADOR') && !f.reason?.trim()) problems.push({ path: 'reason', key: 'problem.reasonRequired' });
  return problems;
}

/** Review date set when a plan starts running, and again at each new version. */
export function reviewDueAfter(day: string): string {
  return addDays(day, PLAN_REVIEW_DAYS);
}

/** Leaving a review for execution opens a new version of the plan (§8.3: revised, never overwritten). */
export function opensNewVersion(from: PlanState, to: PlanState): boolean {
  return from === 'EN_REVISION' && to === 'EN_EJECUCION';
}

export function planNextStates(from: PlanState): readonly PlanState[] {
  return PLAN_TRANSITIONS[from];
}
