// Follow-up contacts (domain-spec §6.14, §9.2): their small lifecycle, the schedule that follows the
// stage of the case and its plan, and where each one stands on a given day (due today, overdue,
// upcoming). Pure: the server, the worklist query's tests and the web app all ask these functions.
import { ACTIVE_STATES, type CaseState } from './case-lifecycle.ts';
import { addDays, daysBetween, minDay } from './calendar.ts';
import type { Machine, RuleProblem } from './state-machine.ts';

export const FOLLOWUP_STATES = ['PROGRAMADO', 'REALIZADO', 'NO_CONTACTADO', 'CANCELADO'] as const;
export type FollowUpState = (typeof FOLLOWUP_STATES)[number];

/** A scheduled follow-up is done, attempted without contact, or cancelled; each of those is final. */
export const FOLLOWUP_TRANSITIONS: Machine<FollowUpState> = {
  PROGRAMADO: ['REALIZADO', 'NO_CONTACTADO', 'CANCELADO'],
  REALIZADO: [],
  NO_CONTACTADO: [],
  CANCELADO: [],
};

export type FollowUpOutcome = 'REALIZADO' | 'NO_CONTACTADO';

/**
 * Longest gap between two contacts, in days, by stage of the case (§9.2 defaults): weekly during
 * immediate assistance and care, at least monthly during reintegration, quarterly in follow-up.
 * A suspended file has a review date instead; a closed one is not followed.
 */
export const DEFAULT_CADENCE_DAYS: Readonly<Partial<Record<CaseState, number>>> = {
  DETECTADO: 7,
  EN_IDENTIFICACION: 7,
  ATENCION_INMEDIATA: 7,
  DERIVADO_PENDIENTE: 7,
  EN_ATENCION: 7,
  EN_REINTEGRACION: 30,
  EN_SEGUIMIENTO: 90,
};

export type Cadence = Readonly<Partial<Record<CaseState, number>>>;

export function cadenceDays(state: CaseState, cadence: Cadence = DEFAULT_CADENCE_DAYS): number | undefined {
  return cadence[state];
}

/** While a case is active, every contact must say when the next one is (§9.2 "next steps"). */
export function nextFollowUpRequired(state: CaseState): boolean {
  return ACTIVE_STATES.includes(state);
}

/** Follow-ups may be scheduled on any file that is not closed or discarded (a suspended one too). */
export function followUpsAllowed(state: CaseState): boolean {
  return state !== 'CERRADO' && state !== 'CERRADO_DERIVADO' && state !== 'DESCARTADO';
}

export interface ScheduleFacts {
  caseState: CaseState;
  today: string;
  /** Day of the last contact made (not attempts); none yet: counts from today. */
  lastContactOn?: string | undefined;
  /** Target dates of the plan's open goals: a contact is due by each. */
  openGoalDates?: readonly string[];
  /** Day the plan must next be reviewed. */
  planReviewDueOn?: string | undefined;
  cadence?: Cadence;
}

/**
 * The day the next follow-up should be: the stage's cadence after the last contact, brought forward
 * to the next goal target date or plan review that falls before it, never before today.
 * Undefined for a file that is not followed (closed, or suspended with a review date instead).
 */
export function suggestNextDueOn(facts: ScheduleFacts): string | undefined {
  const days = cadenceDays(facts.caseState, facts.cadence);
  if (days === undefined) return undefined;
  const byCadence = addDays(facts.lastContactOn ?? facts.today, days);
  const ahead = (d: string | undefined) => (d !== undefined && d >= facts.today ? d : undefined);
  const earliest = minDay([byCadence, ...(facts.openGoalDates ?? []).map(ahead), ahead(facts.planReviewDueOn)]) ?? byCadence;
  return earliest < facts.today ? facts.today : earliest;
}

export interface ScheduleRequestFacts {
  caseState: CaseState;
  dueOn: string;
  today: string;
}

export function scheduleProblems(facts: ScheduleRequestFacts): RuleProblem[] {
  if (!followUpsAllowed(facts.caseState)) return [{ path: 'dueOn', key: 'followup.caseNotFollowed' }];
  if (facts.dueOn < facts.today) return [{ path: 'dueOn', key: 'followup.dueInPast' }];
  return [];
}

export interface RecordFacts {
  state: FollowUpState;
  outcome: FollowUpOutcome;
  caseState: CaseState;
  today: string;
  doneOn: string;
  noContactReason?: string | undefined;
  nextDueOn?: string | undefined;
  cadence?: Cadence;
}

/** Why recording this follow-up's result is refused; empty when it is accepted. */
export function recordProblems(facts: RecordFacts): RuleProblem[] {
  if (facts.state !== 'PROGRAMADO') return [{ path: 'outcome', key: 'followup.notScheduled' }];
  const problems: RuleProblem[] = [];
  if (facts.doneOn > facts.today) problems.push({ path: 'doneOn', key: 'invalid.dateInFuture' });
  if (facts.outcome === 'NO_CONTACTADO' && !facts.noContactReason) problems.push({ path: 'noContactReason', key: 'invalid.required' });
  if (facts.nextDueOn === undefined) {
    if (nextFollowUpRequired(facts.caseState)) problems.push({ path: 'nextDueOn', key: 'followup.nextRequired' });
    return problems;
  }
  if (facts.nextDueOn <= facts.doneOn) problems.push({ path: 'nextDueOn', key: 'followup.nextAfterContact' });
  const days = cadenceDays(facts.caseState, facts.cadence);
  // A failed attempt is retried within the same gap, counted from the attempt.
  if (days !== undefined && daysBetween(facts.doneOn, facts.nextDueOn) > days) problems.push({ path: 'nextDueOn', key: `followup.nextTooLate:${days}` });
  return problems;
}

export function cancelProblems(state: FollowUpState, reason: string | undefined): RuleProblem[] {
  if (state !== 'PROGRAMADO') return [{ path: 'reason', key: 'followup.notScheduled' }];
  return reason?.trim() ? [] : [{ path: 'reason', key: 'invalid.required' }];
}

export type DueBucket = 'overdue' | 'today' | 'upcoming' | 'later';

/** Days ahead that count as "upcoming" on a worklist. */
export const UPCOMING_DAYS = 7;

/** Where a scheduled follow-up stands on `today`: overdue from the day after it was due. */
export function dueBucket(dueOn: string, today: string, upcomingDays = UPCOMING_DAYS): DueBucket {
  if (dueOn < today) return 'overdue';
  if (dueOn === today) return 'today';
  return dueOn <= addDays(today, upcomingDays) ? 'upcoming' : 'later';
}

/** Default for "cases without contact for N days" on the worklist. */
export const NO_CONTACT_DAYS = 30;

/** The lists of a worklist, each read page by page. */
export const WORKLIST_LISTS = ['overdue', 'today', 'upcoming', 'withoutPlan', 'withoutContact'] as const;
export type WorklistList = (typeof WORKLIST_LISTS)[number];

/**
 * Where the next page of a list starts: the sort key of the last item shown — (day, follow-up id)
 * for the follow-ups due, (code, case id) for case files without a plan, (day of last contact,
 * code, case id) for those without contact — so a page is read from the index after it, however
 * deep (keyset pagination), and items added or done meanwhile do not shift the pages.
 */
export type WorklistCursor = readonly string[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURSOR_SHAPE: Readonly<Record<WorklistList, readonly RegExp[]>> = {
  overdue: [DAY, UUID],
  today: [DAY, UUID],
  upcoming: [DAY, UUID],
  withoutPlan: [/^.{1,100}$/, UUID],
  withoutContact: [DAY, /^.{1,100}$/, UUID],
};

// base64url of the UTF-8 JSON, with what both Node and the browser have (btoa, TextEncoder).
function toBase64Url(text: string): string {
  const binary = Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join('');
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeWorklistCursor(key: WorklistCursor): string {
  return toBase64Url(JSON.stringify(key));
}

/** The cursor's sort key when it is one of this list's; undefined for anything else. */
export function decodeWorklistCursor(list: WorklistList, cursor: string): WorklistCursor | undefined {
  let key: unknown;
  try {
    key = JSON.parse(fromBase64Url(cursor));
  } catch {
    return undefined;
  }
  const shape = CURSOR_SHAPE[list];
  if (!Array.isArray(key) || key.length !== shape.length) return undefined;
  return key.every((part, i) => typeof part === 'string' && shape[i]?.test(part)) ? (key as string[]) : undefined;
}
