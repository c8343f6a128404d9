// Alerts derived from the clock (domain-spec §8.1, §8.4, §9.2): a follow-up not made by its day, a
// referral not answered by its deadline, a rejected lead referral not sent again within 72 hours,
// a plan past its review date, a person (and, for a child, beyond the case team) leaving a shelter,
// a move proposed for a second person's approval (§8.1 four eyes). Nothing is stored: an alert is what these rules say at an instant,
// so moving a test clock forward makes them appear exactly when they should. Pure.
import { addDays, addHours, startOfPeruDay } from './calendar.ts';
import { RE_REFER_HOURS, type ReferralState } from './referrals.ts';
import { isSafetyExit } from './shelter.ts';

export type AlertKind = 'FOLLOWUP_OVERDUE' | 'REFERRAL_UNANSWERED' | 'REFERRAL_REREFER' | 'PLAN_REVIEW_OVERDUE' | 'FOLLOWUP_FLAG' | 'SHELTER_SAFETY_EXIT' | 'CONSENT_RENEWAL' | 'SHELTER_CHILD_ABSCONDED' | 'PROPOSAL_PENDING';

/** How long an alert raised at a follow-up (safety, mental health…) stays on the supervisor's list. */
export const FLAG_ALERT_DAYS = 14;

export function isFlagAlertActive(alertType: string | undefined, doneOn: string | undefined, today: string): boolean {
  return alertType !== undefined && doneOn !== undefined && doneOn >= addDays(today, -FLAG_ALERT_DAYS);
}

/** Instant from which a follow-up due on `dueOn` is overdue: the start of the next day in Lima. */
export function followUpOverdueFrom(dueOn: string): string {
  return startOfPeruDay(addDays(dueOn, 1));
}

export function isFollowUpOverdue(state: string, dueOn: string, now: Date): boolean {
  return state === 'PROGRAMADO' && now.getTime() >= Date.parse(followUpOverdueFrom(dueOn));
}

/** Instant from which a rejected or cancelled lead referral needs a new one. */
export function reReferFrom(answeredAt: string): string {
  return addHours(answeredAt, RE_REFER_HOURS);
}

export function needsReReferral(r: { state: ReferralState; transfersLead: boolean; answeredAt?: string | undefined; referredAgainSince: boolean }, now: Date): boolean {
  if (!r.transfersLead || (r.state !== 'RECHAZADA' && r.state !== 'CANCELADA') || !r.answeredAt || r.referredAgainSince) return false;
  return now.getTime() >= Date.parse(reReferFrom(r.answeredAt));
}

export function isPlanReviewOverdue(state: string, reviewDueOn: string | undefined, now: Date): boolean {
  return (state === 'EN_EJECUCION' || state === 'APROBADO') && reviewDueOn !== undefined && now.getTime() >= Date.parse(followUpOverdueFrom(reviewDueOn));
}

export interface Recipient {
  userId: string;
  unitId: string;
  roles: readonly string[];
}

/**
 * Who an overdue follow-up alerts: the worker it is assigned to and the supervisors of its unit;
 * an unassigned one alerts the whole unit, since no one in particular holds it.
 */
export function followUpAlertReaches(f: { unitId: string; assignedUserId?: string | null | undefined }, user: Recipient): boolean {
  if (user.unitId !== f.unitId) return false;
  if (!f.assignedUserId) return true;
  return f.assignedUserId === user.userId || user.roles.includes('SUPERVISOR');
}

/** An unanswered referral alerts the receiving unit (it must answer) and the sender with her supervisors. */
export function referralAlertReaches(r: { toUnitId: string; fromUnitId: string; fromUserId: string }, user: Recipient): boolean {
  if (user.unitId === r.toUnitId) return true;
  return user.unitId === r.fromUnitId && (user.userId === r.fromUserId || user.roles.includes('SUPERVISOR'));
}

/** A lead referral to send again is the sending unit's task. */
export function reReferralAlertReaches(r: { fromUnitId: string }, user: Recipient): boolean {
  return user.unitId === r.fromUnitId;
}

/** Roles alerted when a child leaves a shelter of her or his own accord or absconds (§8.5). */
export const CHILD_ABSCONDING_ROLES: readonly string[] = ['MIMP_UPE', 'FISCAL'];

export interface ChildExit {
  /** Child at detection: SI, NO or unknown. */
  minor: string;
  exitReason?: string | undefined;
  /** Department (two-digit ubigeo) where it happened: the shelter's, else where the child was detected. */
  department: string;
  /** The unit leading the child's care: it has the case team's own alert (SHELTER_SAFETY_EXIT). */
  caseTeamUnitId: string;
  /** Units of the Ministry of Women that took the case by an accepted referral. */
  protectionUnitIds: readonly string[];
}

/**
 * §8.5: when a child leaves a shelter of her or his own accord or absconds, the alert goes beyond
 * the case team to the child protection unit (UPE) and the prosecutor: the Ministry of Women's
 * unit that took the case by referral, and the UPE and prosecutors of the department where it
 * happened. An adult's exit, or an ordinary one, reaches no one outside the case team.
 */
export function childAbscondingAlertReaches(exit: ChildExit, user: Recipient & { unitUbigeo?: string | undefined }): boolean {
  if (exit.minor !== 'SI' || !isSafetyExit(exit.exitReason) || user.unitId === exit.caseTeamUnitId) return false;
  if (exit.protectionUnitIds.includes(user.unitId)) return true;
  return user.roles.some((r) => CHILD_ABSCONDING_ROLES.includes(r)) && (user.unitUbigeo ?? '').slice(0, 2) === exit.department;
}

/** Who approves or returns a proposed move (§8.1, "case worker + SUPERVISOR approval"). */
export const APPROVER_ROLE = 'SUPERVISOR';

/**
 * A move proposed for approval (a closure, a discard, a closure by referral, reintegration) waits
 * on the heads of the unit holding the case file: it is on their worklist and alerts them until
 * one decides. Never the one who proposed it — she may not approve her own proposal.
 */
export function proposalAlertReaches(p: { unitId: string; proposedBy: string }, user: Recipient): boolean {
  return user.unitId === p.unitId && user.roles.includes(APPROVER_ROLE) && user.userId !== p.proposedBy;
}
