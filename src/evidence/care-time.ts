// Indicator B5 (domain-spec §11.2): time to first care — for the persons (linked, counted once)
// detected, the days from her first detection to the first service any agency delivered to her,
// by sex and child/adult. Read from the open columns of case files (detection date) and services
// (day delivered). Pure.
import type { PersonFacts } from './facts.ts';
import { medianOf } from './referrals.ts';
import { dayNumber as dayOf, PersonTallies, type BrokenDown, type PersonWhere } from './breakdown.ts';

/** One person (linkage group): her first detection and her first service, as days YYYY-MM-DD. */
export interface CareTimeFact {
  groupId: string;
  firstDetectedOn: string;
  firstServiceOn?: string | undefined;
}

export interface CareTimeFacts {
  size: number;
  person: Int32Array;
  /** Days from detection to the first service (0 when the same day or before); -1 when none yet. */
  days: Int32Array;
}


export function careTimeFacts(list: Iterable<CareTimeFact>, persons: PersonFacts): CareTimeFacts {
  const rows = [...list];
  const out: CareTimeFacts = { size: rows.length, person: new Int32Array(rows.length), days: new Int32Array(rows.length) };
  rows.forEach((r, i) => {
    out.person[i] = persons.groups?.get(r.groupId) ?? -1;
    out.days[i] = r.firstServiceOn ? Math.max(0, dayOf(r.firstServiceOn) - dayOf(r.firstDetectedOn)) : -1;
  });
  return out;
}

export interface CareTimeCounts {
  /** Persons detected (in the filter). */
  persons: number;
  /** Of them, persons who received a service. */
  cared: number;
  /** Persons whose first service came within 1 and 7 days of detection. */
  within1: number;
  within7: number;
  medianDays: number | null;
}

export type CareTimeSummary = CareTimeCounts & BrokenDown<CareTimeCounts>;

export type CareTimeWhere = PersonWhere;

/**
 * Es: días desde la detección hasta la primera atención, por sexo y NNA/adulto (personas únicas).
 * En: days from detection to first care, by sex and child/adult (unique persons).
 */
export function careTimeSummary(facts: CareTimeFacts, persons: PersonFacts, where: CareTimeWhere = {}): CareTimeSummary {
  const tallies = new PersonTallies(persons, where, () => ({ persons: 0, days: [] as number[] }));
  for (let i = 0; i < facts.size; i++) {
    const p = facts.person[i] as number;
    if (p < 0) continue;
    const d = facts.days[i] as number;
    for (const t of tallies.of(p)) {
      t.persons++;
      if (d >= 0) t.days.push(d);
    }
  }
  return tallies.summary((t) => ({
    persons: t.persons,
    cared: t.days.length,
    within1: t.days.filter((d) => d <= 1).length,
    within7: t.days.filter((d) => d <= 7).length,
    medianDays: medianOf(t.days),
  }));
}
