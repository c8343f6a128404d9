// The rules of the case lifecycle (domain-spec §8.1) that depend on the follow-up area: the plan a
// file needs to enter reintegration, the goals achieved to move to follow-up only, what keeps a
// file from being closed (a referral waiting for an answer, a person still in a shelter), the
// accepted lead referral a "closed by referral" needs, and a child's link to the Ministry of
// Women's protection unit. Pure: the server gathers the facts, this says what is refused.
import { achievedShare, FOLLOW_UP_THRESHOLD, type GoalFacts } from './care-plan.ts';
import type { CaseState } from './case-lifecycle.ts';
import type { RuleProblem } from './state-machine.ts';

export interface CareFacts {
  from: CaseState;
  to: CaseState;
  reason?: string | undefined;
  /** Child at detection: SI, NO or unknown. */
  minor: string;
  /** The file is held by the Ministry of Women, or an accepted referral links it to one of its units. */
  linkedToChildProtection: boolean;
  /** The plan in force, if any. */
  plan?: { state: string; participation?: string | undefined; goals: readonly GoalFacts[] } | undefined;
  /** A referral of this file sent and not answered yet. */
  referralAwaitingAnswer: boolean;
  /** A shelter stay not ended (requested, admitted or staying). */
  activeShelterStay: boolean;
  /** A lead referral accepted by the new lead agency. */
  leadReferralAccepted: boolean;
}

/** States of care from which a child must be linked to child protection (§8.1 invariant). */
const IN_CARE: readonly CaseState[] = ['EN_ATENCION', 'EN_REINTEGRACION', 'EN_SEGUIMIENTO'];
const PLAN_AGREED = new Set(['APROBADO', 'EN_EJECUCION', 'EN_REVISION']);

export function careTransitionProblems(f: CareFacts): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (IN_CARE.includes(f.to) && f.minor === 'SI' && !f.linkedToChildProtection) problems.push({ path: 'to', key: 'case.childNeedsProtectionUnit' });
  if (f.to === 'EN_REINTEGRACION' && f.from === 'EN_ATENCION') {
    if (!f.plan || !PLAN_AGREED.has(f.plan.state)) problems.push({ path: 'to', key: 'case.reintegrationNeedsPlan' });
    else if (f.plan.participation === 'SIN_PARTICIPACION') problems.push({ path: 'to', key: 'case.planWithoutPerson' });
  }
  // Follow-up only: most goals achieved, or the person's own decision, said as the reason.
  if (f.to === 'EN_SEGUIMIENTO' && f.from === 'EN_REINTEGRACION') {
    const share = f.plan ? achievedShare(f.plan.goals) : 0;
    if (share < FOLLOW_UP_THRESHOLD && !f.reason?.trim()) problems.push({ path: 'reason', key: 'case.followUpNeedsGoalsOrDecision' });
  }
  if (f.to === 'CERRADO' || f.to === 'CERRADO_DERIVADO') {
    if (f.referralAwaitingAnswer) problems.push({ path: 'to', key: 'case.closeWithReferralPending' });
    if (f.activeShelterStay) problems.push({ path: 'to', key: 'case.closeWithShelterStay' });
  }
  if (f.to === 'CERRADO_DERIVADO' && !f.leadReferralAccepted) problems.push({ path: 'to', key: 'case.closedByReferralNeedsAcceptance' });
  return problems;
}
