// Referrals between agencies (derivaciones, domain-spec §6.8, §8.4, §10.2–§10.3): the referral's
// lifecycle and which side may take each step, the answer deadline by urgency, the consent or legal
// basis a referral needs, and what the receiving unit may see at each state. Pure.
import type { CaseState } from './case-lifecycle.ts';
import { addHours, addWorkingDays } from './calendar.ts';
import { adultOn } from './consents.ts';
import type { Machine, RuleProblem } from './state-machine.ts';

export const REFERRAL_STATES = ['BORRADOR', 'ENVIADA', 'ACEPTADA', 'RECHAZADA', 'CANCELADA', 'EN_CURSO', 'COMPLETADA', 'NO_CONCRETADA', 'REVOCADA'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export const REFERRAL_TRANSITIONS: Machine<ReferralState> = {
  BORRADOR: ['ENVIADA', 'CANCELADA'],
  ENVIADA: ['ACEPTADA', 'RECHAZADA', 'CANCELADA'],
  ACEPTADA: ['EN_CURSO', 'NO_CONCRETADA', 'REVOCADA'],
  EN_CURSO: ['COMPLETADA', 'NO_CONCRETADA', 'REVOCADA'],
  RECHAZADA: [],
  CANCELADA: [],
  COMPLETADA: [],
  NO_CONCRETADA: [],
  REVOCADA: [],
};

export type ReferralSide = 'sender' | 'receiver';

/** The sender sends, cancels and revokes; the receiver answers and carries the referral out. */
export function sideOfMove(to: ReferralState): ReferralSide {
  return to === 'ENVIADA' || to === 'CANCELADA' || to === 'REVOCADA' ? 'sender' : 'receiver';
}

/** Moves that must say why: a rejection names its reason from the list, the others in words. */
const NEEDS_REASON: ReadonlySet<ReferralState> = new Set(['CANCELADA', 'NO_CONCRETADA', 'REVOCADA']);

export interface ReferralMoveFacts {
  from: ReferralState;
  to: ReferralState;
  side: ReferralSide;
  rejectionReason?: string | undefined;
  reason?: string | undefined;
}

export function referralMoveProblems(facts: ReferralMoveFacts): RuleProblem[] {
  if (!REFERRAL_TRANSITIONS[facts.from].includes(facts.to)) return [{ path: 'to', key: 'problem.transitionNotAllowed' }];
  if (sideOfMove(facts.to) !== facts.side) return [{ path: 'to', key: facts.side === 'sender' ? 'referral.receiverMove' : 'referral.senderMove' }];
  if (facts.to === 'RECHAZADA' && !facts.rejectionReason) return [{ path: 'rejectionReason', key: 'invalid.required' }];
  if (NEEDS_REASON.has(facts.to) && !facts.reason?.trim()) return [{ path: 'reason', key: 'invalid.required' }];
  return [];
}

/** The moves one side may offer now. */
export function referralMovesFor(from: ReferralState, side: ReferralSide): ReferralState[] {
  return REFERRAL_TRANSITIONS[from].filter((to) => sideOfMove(to) === side);
}

export type Urgency = 'INMEDIATA' | 'PRIORITARIA' | 'REGULAR';

/** When a sent referral must have been answered (§8.4): 24 h, 72 h, or 10 working days. */
export function answerDeadline(sentAt: string, urgency: Urgency): string {
  switch (urgency) {
    case 'INMEDIATA':
      return addHours(sentAt, 24);
    case 'PRIORITARIA':
      return addHours(sentAt, 72);
    case 'REGULAR':
      return addWorkingDays(sentAt, 10);
  }
}

/** After a lead referral is rejected or cancelled, the sender must refer again within 72 h (§8.1). */
export const RE_REFER_HOURS = 72;

export function isAnswerOverdue(state: ReferralState, dueAt: string | undefined, now: Date): boolean {
  return state === 'ENVIADA' && dueAt !== undefined && now.getTime() >= Date.parse(dueAt);
}

/**
 * What the receiving unit may see of the case while the referral is in this state: a summary to
 * decide on it while it waits, the shared data groups once accepted, nothing before or after.
 */
export function receiverAccess(state: ReferralState): 'none' | 'summary' | 'shared' {
  if (state === 'ENVIADA') return 'summary';
  return state === 'ACEPTADA' || state === 'EN_CURSO' ? 'shared' : 'none';
}

export interface Consent {
  givenOn: string;
  form: string;
  givenBy: string;
  /** The consent names the destination agency: no blanket "share with all" (§10.2). */
  coversDestination: boolean;
  /** The recorded consent (to share with the destination agency) it rests on: withdrawing it stops the referral's sharing. */
  consentId?: string | undefined;
}

export interface ReferralCreationFacts {
  /** Child at detection: SI, NO, or unknown. */
  minor: string;
  /** Of age today (from her birth date or stated age): a child at detection who has since come of age is referred as an adult (§10.3). */
  adultToday?: boolean | undefined;
  /** Of age on the day the consent was given: she gave it herself, whatever she was at detection (§10.3). */
  adultWhenConsented?: boolean | undefined;
  caseState: CaseState;
  fromUnitId: string;
  toUnitId: string;
  /** Institution of the destination agency (MIMP, MINISTERIO_PUBLICO, ONG…). */
  toEntity: string;
  transfersLead: boolean;
  basis: string;
  consent?: Consent | undefined;
  sharedGroups: readonly string[];
  today: string;
}

const SENSITIVE_GROUPS = new Set(['G1', 'G3_INFORME']);

/**
 * Whether a child at detection is of age today and was on the day she consented, from her birth
 * date or the age stated when she was registered (`estimatedOn`); unknown ages count as a child's.
 */
export function comingOfAge(person: Parameters<typeof adultOn>[0] | undefined, today: string, consentGivenOn: string | undefined): Pick<ReferralCreationFacts, 'adultToday' | 'adultWhenConsented'> {
  if (!person) return { adultToday: false, adultWhenConsented: false };
  return { adultToday: adultOn(person, today), adultWhenConsented: consentGivenOn ? adultOn(person, consentGivenOn) : false };
}

/** States from which a file can be handed to another lead agency. */
const LEAD_FROM: readonly CaseState[] = ['DETECTADO', 'EN_IDENTIFICACION', 'ATENCION_INMEDIATA', 'EN_ATENCION', 'EN_REINTEGRACION', 'EN_SEGUIMIENTO', 'SUSPENDIDO'];

/** Why this referral cannot be made; empty when it can. */
export function referralCreationProblems(f: ReferralCreationFacts): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (f.fromUnitId === f.toUnitId) problems.push({ path: 'toUnitId', key: 'referral.sameUnit' });
  // A child at detection stays one for these rules until she is known to be of age: the consent
  // is judged by her age on the day she gave it, the child-protection basis and the lead to MIMP
  // by her age today (consentProblems judges a consent being recorded the same way).
  const child = f.minor === 'SI' && !f.adultToday;
  const childWhenConsented = f.minor === 'SI' && !f.adultWhenConsented;
  if (f.basis === 'CONSENTIMIENTO') {
    // §10.2: sharing rests on a consent recorded per receiving agency, so that its withdrawal stops it.
    if (!f.consent?.consentId) problems.push({ path: 'consent.consentId', key: 'referral.consentNotRecorded' });
    if (f.consent) {
      if (!f.consent.coversDestination) problems.push({ path: 'consent.coversDestination', key: 'referral.consentMustCoverDestination' });
      if (f.consent.givenOn > f.today) problems.push({ path: 'consent.givenOn', key: 'invalid.dateInFuture' });
      if (f.consent.form === 'VERBAL_REGISTRADA' && f.sharedGroups.some((g) => SENSITIVE_GROUPS.has(g))) {
        problems.push({ path: 'consent.form', key: 'referral.verbalConsentNotForSensitive' });
      }
      if (childWhenConsented && f.consent.givenBy === 'TITULAR') problems.push({ path: 'consent.givenBy', key: 'referral.childConsentByRepresentative' });
    }
  } else if (f.basis === 'PROTECCION_NNA' && !child) {
    problems.push({ path: 'basis', key: 'referral.childProtectionOnlyForChildren' });
  }
  if (f.transfersLead) {
    if (!LEAD_FROM.includes(f.caseState)) problems.push({ path: 'transfersLead', key: 'referral.caseNotActive' });
    // §8.1: every child victim is referred to the MIMP protection unit.
    if (child && f.toEntity !== 'MIMP') problems.push({ path: 'toUnitId', key: 'referral.childLeadToMimp' });
  }
  return problems;
}

/** The case file's own move when a lead referral is sent, answered or withdrawn (§8.1). */
export function caseStateAfterReferral(caseState: CaseState, transfersLead: boolean, referralState: ReferralState): CaseState | undefined {
  if (!transfersLead) return undefined;
  if (referralState === 'ENVIADA' && (caseState === 'DETECTADO' || caseState === 'EN_IDENTIFICACION' || caseState === 'ATENCION_INMEDIATA')) return 'DERIVADO_PENDIENTE';
  if (caseState !== 'DERIVADO_PENDIENTE') return undefined;
  if (referralState === 'ACEPTADA') return 'EN_ATENCION';
  if (referralState === 'RECHAZADA' || referralState === 'CANCELADA') return 'ATENCION_INMEDIATA';
  return undefined;
}
