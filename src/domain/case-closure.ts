// The closure record of a case file (domain-spec §6.15, HTCDS cas_ReasonForCaseClosure): why it
// is closed, on which day, by whom, the share of plan goals achieved, the final evaluation per
// dimension and whether the person accepts later check-ins. A file is not closed (CERRADO)
// without it, and not closed for lost contact before the failed contact attempts and the period
// §8.1 asks for. Pure: the server gathers the facts, this says what is refused.
import { addDays } from './calendar.ts';
import type { CaseState } from './case-lifecycle.ts';
import type { RuleProblem } from './state-machine.ts';

/** §6.15 [D]: lost contact means no contact after this many attempts… */
export const LOST_CONTACT_ATTEMPTS = 3;
/** …over at least this many days (three months) since the first of them. */
export const LOST_CONTACT_DAYS = 90;

/** Reasons that say another agency (or country) took over: they close by referral, not plainly. */
const BY_REFERRAL = new Set(['DERIVADO_Y_ACEPTADO_POR_OTRA_ENTIDAD', 'RETORNO_A_PAIS_DE_ORIGEN_CON_DERIVACION']);

export interface ClosureInput {
  closedOn: string;
  motive: string;
  /** The person agrees to be contacted after closure (check-ins), §6.15. */
  acceptsLaterContact: boolean;
  /** The outcome of the follow-up, dimension by dimension. */
  finalEvaluation: readonly { dimension: string; result: string }[];
}

/** What the case file keeps of its closure. */
export interface CaseClosure extends ClosureInput {
  /** The case worker who proposed the closure. */
  closedBy: string | null;
  /** The supervisor of the unit who approved it (four eyes, §8.1): never the one who proposed it. */
  approvedBy?: string | undefined;
  /** Share of plan goals achieved at closure (0–1), when there was a plan. */
  achievedShare?: number | undefined;
  /** Failed contact attempts since the last contact, when closed for lost contact. */
  failedAttempts?: number | undefined;
}

/**
 * A closure a case worker proposed (§8.1: "case worker + SUPERVISOR approval"): the file stays in
 * its state until a supervisor of the unit holding it, not the proposer, approves it — then it is
 * closed with this record — or returns it with a reason, and the proposal is gone.
 */
export interface ClosureProposal {
  /** The state proposed (CERRADO, CERRADO_DERIVADO, DESCARTADO or EN_REINTEGRACION, §8.1); CERRADO when absent (older proposals). */
  to?: CaseState | undefined;
  /** The closure record, when the move is a closure (CERRADO). */
  closure?: CaseClosure | undefined;
  /** Why the file is to be closed (the reason of the move). */
  reason: string;
  proposedBy: string;
  proposedAt: string;
}

/** The closure record as the case worker filled it in, without what the server derived. */
export function closureInputOf(c: ClosureInput): ClosureInput {
  return { closedOn: c.closedOn, motive: c.motive, acceptsLaterContact: c.acceptsLaterContact, finalEvaluation: c.finalEvaluation };
}

export interface ClosureFacts {
  to: CaseState;
  closure?: ClosureInput | undefined;
  today: string;
  /** Days of the contact attempts that failed since the last successful contact, oldest first. */
  failedContacts: readonly string[];
}

export function closureProblems(f: ClosureFacts): RuleProblem[] {
  const closing = f.to === 'CERRADO' || f.to === 'CERRADO_DERIVADO';
  if (!f.closure) return f.to === 'CERRADO' ? [{ path: 'closure', key: 'closure.required' }] : [];
  if (!closing) return [{ path: 'closure', key: 'closure.onlyWhenClosing' }];
  const c = f.closure;
  const problems: RuleProblem[] = [];
  if (c.closedOn > f.today) problems.push({ path: 'closure.closedOn', key: 'invalid.dateInFuture' });
  if (f.to === 'CERRADO' && BY_REFERRAL.has(c.motive)) problems.push({ path: 'closure.motive', key: 'closure.useClosedByReferral' });
  if (f.to === 'CERRADO_DERIVADO' && !BY_REFERRAL.has(c.motive)) problems.push({ path: 'closure.motive', key: 'closure.byReferralMotive' });
  if (c.motive === 'PERDIDA_DE_CONTACTO') {
    if (f.failedContacts.length < LOST_CONTACT_ATTEMPTS) problems.push({ path: 'closure.motive', key: `closure.lostContactAttempts:${LOST_CONTACT_ATTEMPTS}` });
    else if ((f.failedContacts[0] ?? f.today) > addDays(c.closedOn, -LOST_CONTACT_DAYS)) problems.push({ path: 'closure.motive', key: `closure.lostContactPeriod:${LOST_CONTACT_DAYS}` });
  }
  const dimensions = c.finalEvaluation.map((e) => e.dimension);
  if (new Set(dimensions).size !== dimensions.length) problems.push({ path: 'closure.finalEvaluation', key: 'closure.dimensionTwice' });
  return problems;
}
