// What the case lifecycle's care rules need to know of a case file (domain/case-lifecycle-care.ts),
// read in one round trip in the transaction that moves the file; and the closure record (§6.15)
// a closing move carries (domain/case-closure.ts).
import { achievedShare } from '../../domain/care-plan.ts';
import { closureProblems, type CaseClosure, type ClosureInput } from '../../domain/case-closure.ts';
import { careTransitionProblems } from '../../domain/case-lifecycle-care.ts';
import type { CaseState } from '../../domain/case-lifecycle.ts';
import type { PlanRecord } from '../../domain/followup-records.ts';
import type { CaseFileRecord } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import { loadAreaRecordsOfCase } from '../actions/followup-store.ts';
import type { Queryable } from '../db/database.ts';
import { Problem } from '../errors.ts';
import { todayAt } from './care-context.ts';
import { openPlanOf } from './followups.ts';

/** Refuses (422) a move of the case file that the care rules of §8.1 do not allow. */
export async function assertCareRules(tx: Queryable, current: CaseFileRecord, to: CaseState, reason: string | undefined): Promise<void> {
  const [facts] = await tx.query<{ mimp: boolean; awaiting: boolean; staying: boolean; lead_accepted: boolean }>(
    `SELECT (SELECT a.entity = 'MIMP' FROM agencies a WHERE a.id = $2)
              OR EXISTS (SELECT 1 FROM referrals r JOIN agencies a ON a.id = r.to_agency_id WHERE r.case_file_id = $1 AND a.entity = 'MIMP' AND r.state IN ('ACEPTADA', 'EN_CURSO', 'COMPLETADA')) AS mimp,
            EXISTS (SELECT 1 FROM referrals r WHERE r.case_file_id = $1 AND r.state = 'ENVIADA') AS awaiting,
            EXISTS (SELECT 1 FROM shelter_stays s WHERE s.case_file_id = $1 AND s.state <> 'EGRESO') AS staying,
            EXISTS (SELECT 1 FROM referrals r WHERE r.case_file_id = $1 AND r.transfers_lead AND r.state IN ('ACEPTADA', 'EN_CURSO', 'COMPLETADA')) AS lead_accepted`,
    [current.id, current.ownerAgencyId],
  );
  const needsPlan = to === 'EN_REINTEGRACION' || to === 'EN_SEGUIMIENTO';
  const plan: PlanRecord | undefined = needsPlan ? await openPlanOf(tx, current.id) : undefined;
  const problems = careTransitionProblems({
    from: current.state,
    to,
    reason,
    minor: current.minorAtDetection ?? 'DESCONOCIDO',
    linkedToChildProtection: facts?.mimp ?? false,
    plan: plan ? { state: plan.state, participation: plan.content.participation, goals: plan.content.goals } : undefined,
    referralAwaitingAnswer: facts?.awaiting ?? false,
    activeShelterStay: facts?.staying ?? false,
    leadReferralAccepted: facts?.lead_accepted ?? false,
  });
  if (problems.length > 0) {
    const [first] = problems;
    throw new Problem(422, first?.key ?? 'problem.transitionNotAllowed', { from: current.state, to }, problems, { allowed: false });
  }
}

/**
 * The closure record a move of the case file carries (§6.15), checked against its rules: none
 * for a move that does not close; required to close (CERRADO); closing for lost contact only
 * after the failed attempts and the period of §8.1. Refuses (422) what the rules refuse.
 */
export async function closureRecord(tx: Queryable, current: CaseFileRecord, to: CaseState, closure: ClosureInput | undefined, actor: Actor, now: Date): Promise<CaseClosure | undefined> {
  if (!closure && to !== 'CERRADO') return undefined;
  // The contact attempts that failed since the last one that reached the person.
  const failed =
    closure?.motive === 'PERDIDA_DE_CONTACTO'
      ? await tx.query<{ done_on: string }>(
          `SELECT f.done_on::text AS done_on FROM followups f
            WHERE f.case_file_id = $1 AND f.state = 'NO_CONTACTADO'
              AND f.done_on > coalesce((SELECT max(r.done_on) FROM followups r WHERE r.case_file_id = $1 AND r.state = 'REALIZADO'), DATE '1900-01-01')
            ORDER BY f.done_on`,
          [current.id],
        )
      : [];
  const problems = closureProblems({ to, closure, today: todayAt(now), failedContacts: failed.map((r) => r.done_on) });
  if (problems.length > 0) {
    const [first] = problems;
    throw new Problem(422, first?.key ?? 'closure.required', { from: current.state, to }, problems, { allowed: false });
  }
  if (!closure) return undefined;
  const plans = await loadAreaRecordsOfCase<PlanRecord>(tx, 'care_plan', current.id, current.personId);
  const plan = plans.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return {
    ...closure,
    closedBy: actor.userId,
    ...(plan && plan.content.goals.length > 0 ? { achievedShare: Math.round(achievedShare(plan.content.goals) * 100) / 100 } : {}),
    ...(closure.motive === 'PERDIDA_DE_CONTACTO' ? { failedAttempts: failed.length } : {}),
  };
}
