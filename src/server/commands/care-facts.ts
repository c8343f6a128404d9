// What the case lifecycle's care rules need to know of a case file (domain/case-lifecycle-care.ts),
// read in one round trip in the transaction that moves the file.
import { careTransitionProblems } from '../../domain/case-lifecycle-care.ts';
import type { CaseState } from '../../domain/case-lifecycle.ts';
import type { PlanRecord } from '../../domain/followup-records.ts';
import type { CaseFileRecord } from '../../domain/records.ts';
import type { Queryable } from '../db/database.ts';
import { Problem } from '../errors.ts';
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
