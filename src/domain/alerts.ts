// Alerts derived from the clock (domain-spec §8.1, §8.4, §9.2): a follow-up not made by its day, a
// referral not answered by its deadline, a rejected lead referral not sent again within 72 hours,
// a plan past its review date. Nothing is stored: an alert is what these rules say at an instant,
// so moving a test clock forward makes them appear exactly when they should. Pure.
import { addDays, addHours, startOfPeruDay } from './calendar.ts';
import { RE_REFER_HOURS, type ReferralState } from './referrals.ts';

export type AlertKind = 'FOLLOWUP_OVERDUE' | 'REFERRAL_UNANSWERED' | 'REFERRAL_REREFER' | 'PLAN_REVIEW_OVERDUE' | 'FOLLOWUP_FLAG' | 'SHELTER_SAFETY_EXIT' | 'CONSENT_RENEWAL';

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
