// Indicator B8 (domain-spec §11.2): follow-ups on time — of the persons (linked, counted once)
// with an active case file, how many had a follow-up contact in the last 30 and 90 days, and with
// how many contact was lost (the latest recorded attempt found nobody), by sex and child/adult.
// Read from the open columns of case files (state) and follow-ups (state, day done). Pure.
import type { PersonFacts } from './facts.ts';
import { dayNumber as dayOf, PersonTallies, type BrokenDown, type PersonWhere } from './breakdown.ts';

/** One case file with what its follow-ups say. */
export interface FollowUpFact {
  groupId: string;
  caseState: string;
  /** Day (YYYY-MM-DD) of the latest follow-up that reached the person. */
  lastDoneOn?: string | undefined;
  /** The latest recorded attempt did not reach her. */
  lostContact: boolean;
}

/** Case files no longer followed. */
export const INACTIVE_CASE_STATES: ReadonlySet<string> = new Set(['CERRADO', 'CERRADO_DERIVADO', 'DESCARTADO']);

export interface FollowUpFacts {
  size: number;
  person: Int32Array;
  active: Uint8Array;
  /** Days since 1970-01-01 of the latest contact; -1 when none. */
  lastDone: Int32Array;
  lost: Uint8Array;
}


export function followUpFacts(cases: Iterable<FollowUpFact>, persons: PersonFacts): FollowUpFacts {
  const list = [...cases];
  const out: FollowUpFacts = { size: list.length, person: new Int32Array(list.length), active: new Uint8Array(list.length), lastDone: new Int32Array(list.length), lost: new Uint8Array(list.length) };
  list.forEach((c, i) => {
    out.person[i] = persons.groups?.get(c.groupId) ?? -1;
    out.active[i] = INACTIVE_CASE_STATES.has(c.caseState) ? 0 : 1;
    out.lastDone[i] = c.lastDoneOn ? dayOf(c.lastDoneOn) : -1;
    out.lost[i] = c.lostContact ? 1 : 0;
  });
  return out;
}

export interface FollowUpCounts {
  /** Persons with at least one active case file. */
  active: number;
  within30: number;
  within90: number;
  lostContact: number;
  /** Shares of `active`, in percent with one decimal; null when no one is active. */
  percent30: number | null;
  percent90: number | null;
}

export type FollowUpSummary = FollowUpCounts & BrokenDown<FollowUpCounts>;

export type FollowUpWhere = PersonWhere;

/**
 * Es: personas con expediente activo, con seguimiento en los últimos 30/90 días y con pérdida de contacto.
 * En: persons with an active case file, with a follow-up in the last 30/90 days, and with lost contact.
 * A person is followed when any of her active case files (in any agency) was; `asOf` is the day of the data.
 */
export function followUpSummary(cases: FollowUpFacts, persons: PersonFacts, asOf: string, where: FollowUpWhere = {}): FollowUpSummary {
  const today = dayOf(asOf);
  // Per person: 1 active, 2 within 90, 4 within 30, 8 lost contact.
  const flags = new Uint8Array(persons.size);
  for (let i = 0; i < cases.size; i++) {
    const p = cases.person[i] as number;
    if (p < 0 || cases.active[i] === 0) continue;
    const last = cases.lastDone[i] as number;
    let f = 1;
    if (last >= 0 && today - last <= 90) f |= 2;
    if (last >= 0 && today - last <= 30) f |= 4;
    if (cases.lost[i] === 1) f |= 8;
    flags[p] = (flags[p] as number) | f;
  }
  const tallies = new PersonTallies(persons, where, () => new Int32Array(4));
  for (let p = 0; p < persons.size; p++) {
    const f = flags[p] as number;
    if (f === 0) continue;
    for (const t of tallies.of(p)) {
      t[0]!++;
      if (f & 4) t[1]!++;
      if (f & 2) t[2]!++;
      if (f & 8) t[3]!++;
    }
  }
  return tallies.summary((t) => {
    const active = t[0] as number;
    const share = (n: number) => (active === 0 ? null : Math.round((n / active) * 1000) / 10);
    return { active, within30: t[1] as number, within90: t[2] as number, lostContact: t[3] as number, percent30: share(t[1] as number), percent90: share(t[2] as number) };
  });
}
