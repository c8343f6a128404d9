// Indicator B6 (domain-spec §11.2): shelter — admissions, the persons admitted (linked persons,
// counted once), bed-days, length of stay and exits by reason, by shelter type, by sex and
// child/adult. Read from the stays' open columns (type, dates, exit reason). Pure.
import type { PersonFacts } from './facts.ts';
import { medianOf } from './referrals.ts';
import { dayNumber as dayOf } from './breakdown.ts';

export interface ShelterStayFact {
  /** Linkage group of the person lodged (her own person id when linked to nobody). */
  groupId: string;
  kind: string;
  /** Day of admission (YYYY-MM-DD); a stay only requested has none and is no admission. */
  enteredOn?: string | undefined;
  leftOn?: string | undefined;
  exitReason?: string | undefined;
}

export interface ShelterFacts {
  size: number;
  kinds: readonly string[];
  reasons: readonly string[];
  person: Int32Array;
  kind: Uint8Array;
  /** Days since 1970-01-01 of admission and exit; -1 when none. */
  entered: Int32Array;
  left: Int32Array;
  /** Index into `reasons`; -1 when none. */
  reason: Int16Array;
}

const DAY = 86_400_000;

export function shelterFacts(stays: Iterable<ShelterStayFact>, persons: PersonFacts): ShelterFacts {
  const list = [...stays];
  const kinds = [...new Set(list.map((s) => s.kind))].sort();
  const reasons = [...new Set(list.flatMap((s) => (s.exitReason ? [s.exitReason] : [])))].sort();
  if (kinds.length > 255) throw new Error('too many shelter types');
  const out: ShelterFacts = { size: list.length, kinds, reasons, person: new Int32Array(list.length), kind: new Uint8Array(list.length), entered: new Int32Array(list.length), left: new Int32Array(list.length), reason: new Int16Array(list.length) };
  list.forEach((s, i) => {
    out.person[i] = persons.groups?.get(s.groupId) ?? -1;
    out.kind[i] = kinds.indexOf(s.kind);
    out.entered[i] = dayOf(s.enteredOn);
    out.left[i] = dayOf(s.leftOn);
    out.reason[i] = s.exitReason ? reasons.indexOf(s.exitReason) : -1;
  });
  return out;
}

export interface StayCounts {
  admissions: number;
  /** Unique (linked) persons admitted. */
  persons: number;
  /** Nights spent, up to the exit or, for a stay still running, the day the data were read. */
  bedDays: number;
  exits: number;
  /** Median nights of the stays that ended; null when none did. */
  medianStayDays: number | null;
}

export interface ShelterSummary extends StayCounts {
  byKind: ({ kind: string } & StayCounts)[];
  exitsByReason: { reason: string; exits: number }[];
  bySex: ({ sex: string } & StayCounts)[];
  byChildAdult: ({ childAdult: string } & StayCounts)[];
}

export interface ShelterWhere {
  /** Year of admission. */
  year?: string | undefined;
  sex?: string | undefined;
  childAdult?: string | undefined;
}

class StayTally {
  admissions = 0;
  bedDays = 0;
  readonly persons = new Set<number>();
  readonly lengths: number[] = [];
  add(person: number, nights: number, ended: boolean): void {
    this.admissions++;
    this.bedDays += nights;
    if (person >= 0) this.persons.add(person);
    if (ended) this.lengths.push(nights);
  }
  counts(): StayCounts {
    return { admissions: this.admissions, persons: this.persons.size, bedDays: this.bedDays, exits: this.lengths.length, medianStayDays: medianOf(this.lengths) };
  }
}

/**
 * Es: ingresos a albergue, personas, días-cama, duración y egresos por motivo, por tipo, sexo y NNA/adulto.
 * En: shelter admissions, persons, bed-days, length of stay and exits by reason, by type, sex and child/adult.
 * `asOf` (YYYY-MM-DD) ends the stays still running, for their bed-days.
 */
export function shelterSummary(stays: ShelterFacts, persons: PersonFacts, asOf: string, where: ShelterWhere = {}): ShelterSummary {
  const sexValues = persons.dimensions.sex.values.map((v) => v.code);
  const childValues = persons.dimensions.childAdult.values.map((v) => v.code);
  const today = dayOf(asOf);
  const total = new StayTally();
  const byKind = stays.kinds.map(() => new StayTally());
  const bySex = sexValues.map(() => new StayTally());
  const byChild = childValues.map(() => new StayTally());
  const exits = new Int32Array(stays.reasons.length);
  for (let i = 0; i < stays.size; i++) {
    const entered = stays.entered[i] as number;
    if (entered < 0) continue;
    if (where.year !== undefined && new Date(entered * DAY).getUTCFullYear() !== Number(where.year)) continue;
    const p = stays.person[i] as number;
    const sex = p >= 0 ? (persons.codes.sex[p] as number) : sexValues.indexOf('DESCONOCIDO');
    const child = p >= 0 ? (persons.codes.childAdult[p] as number) : childValues.indexOf('DESCONOCIDO');
    if (where.sex !== undefined && sexValues[sex] !== where.sex) continue;
    if (where.childAdult !== undefined && childValues[child] !== where.childAdult) continue;
    const left = stays.left[i] as number;
    const nights = Math.max(0, (left >= 0 ? left : today) - entered);
    for (const tally of [total, byKind[stays.kind[i] as number], bySex[sex], byChild[child]]) tally?.add(p, nights, left >= 0);
    const reason = stays.reason[i] as number;
    if (left >= 0 && reason >= 0) exits[reason]!++;
  }
  return {
    ...total.counts(),
    byKind: stays.kinds.map((kind, k) => ({ kind, ...(byKind[k] as StayTally).counts() })),
    exitsByReason: stays.reasons.map((reason, k) => ({ reason, exits: exits[k] as number })),
    bySex: sexValues.map((sex, k) => ({ sex, ...(bySex[k] as StayTally).counts() })),
    byChildAdult: childValues.map((childAdult, k) => ({ childAdult, ...(byChild[k] as StayTally).counts() })),
  };
}
