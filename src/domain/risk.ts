// Risk assessments (domain-spec §6.10): made at intake and again whenever circumstances change,
// each with its level and the day it must be reviewed by (sooner the higher the risk). They feed
// the plan: a plan is not agreed or approved while a high safety or re-trafficking risk has no
// safety goal in it, and the next follow-up is brought forward to the review day. Pure.
import { addDays } from './calendar.ts';
import type { RuleProblem } from './state-machine.ts';

export const RISK_LEVELS = ['BAJO', 'MEDIO', 'ALTO', 'CRITICO'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_KINDS = ['SEGURIDAD', 'REVICTIMIZACION', 'SALUD_MENTAL', 'NECESIDADES_INTEGRAL'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

/** Longest time before an assessment is made again, by its level [D]. */
export const RISK_REVIEW_DAYS: Readonly<Record<RiskLevel, number>> = { BAJO: 90, MEDIO: 30, ALTO: 14, CRITICO: 7 };

export function riskReviewDue(level: RiskLevel, assessedOn: string): string {
  return addDays(assessedOn, RISK_REVIEW_DAYS[level]);
}

export interface RiskFacts {
  level: RiskLevel;
  assessedOn: string;
  today: string;
  /** Asked for by the assessor; never later than the level allows. */
  nextReviewOn?: string | undefined;
  /** A high or critical safety risk needs its safety plan written down. */
  kind: RiskKind;
  hasSafetyPlan: boolean;
}

export function riskAssessmentProblems(f: RiskFacts): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (f.assessedOn > f.today) problems.push({ path: 'assessedOn', key: 'invalid.dateInFuture' });
  if (f.nextReviewOn !== undefined) {
    if (f.nextReviewOn <= f.assessedOn) problems.push({ path: 'nextReviewOn', key: 'risk.reviewAfterAssessment' });
    else if (f.nextReviewOn > riskReviewDue(f.level, f.assessedOn)) problems.push({ path: 'nextReviewOn', key: `risk.reviewTooLate:${RISK_REVIEW_DAYS[f.level]}` });
  }
  if (f.kind === 'SEGURIDAD' && (f.level === 'ALTO' || f.level === 'CRITICO') && !f.hasSafetyPlan) problems.push({ path: 'safetyPlan', key: 'risk.safetyPlanRequired' });
  return problems;
}

export interface LatestRisk {
  kind: RiskKind;
  level: RiskLevel;
  assessedOn: string;
  nextReviewOn: string;
}

/** The latest assessment of each kind (the case's current risk), from any list of them. */
export function latestRisks<T extends LatestRisk & { createdAt: string }>(assessments: readonly T[]): T[] {
  const latest = new Map<RiskKind, T>();
  for (const a of assessments) {
    const current = latest.get(a.kind);
    if (!current || a.assessedOn > current.assessedOn || (a.assessedOn === current.assessedOn && a.createdAt > current.createdAt)) latest.set(a.kind, a);
  }
  return RISK_KINDS.flatMap((k) => {
    const a = latest.get(k);
    return a ? [a] : [];
  });
}

const HIGH: ReadonlySet<RiskLevel> = new Set(['ALTO', 'CRITICO']);

/**
 * What the current risk asks of a plan before it is agreed or approved: a high safety or
 * re-trafficking risk needs a goal on safety and protection.
 */
export function planRiskProblems(risks: readonly Pick<LatestRisk, 'kind' | 'level'>[], goalDimensions: readonly string[]): RuleProblem[] {
  const pressing = risks.some((r) => (r.kind === 'SEGURIDAD' || r.kind === 'REVICTIMIZACION') && HIGH.has(r.level));
  return pressing && !goalDimensions.includes('SEGURIDAD_PROTECCION') ? [{ path: 'goals', key: 'plan.riskNeedsSafetyGoal' }] : [];
}

/** The earliest review day among the current assessments (the next follow-up is due by it). */
export function nextRiskReview(risks: readonly Pick<LatestRisk, 'nextReviewOn'>[]): string | undefined {
  return risks.map((r) => r.nextReviewOn).sort()[0];
}
