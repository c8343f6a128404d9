// Indicator D14 (domain-spec §11.2): referrals between agencies — sent, accepted and rejected by
// pair of agencies, and the time from sending to acceptance — broken down by the sex and
// child/adult status of the person referred, who is the linked person (her linkage group), so a
// woman referred by two agencies counts as one person referred. Columnar, like the persons. Pure.
import { REFERRAL_STATES } from '../domain/referrals.ts';
import type { PersonFacts } from './facts.ts';

/** What the open columns of one referral say. */
export interface ReferralFact {
  /** Linkage group of the person referred (her own person id when linked to nobody). */
  groupId: string;
  fromAgency: string;
  toAgency: string;
  state: string;
  /** ISO instants; a draft has not been sent, an unanswered referral has no answer. */
  sentAt?: string | undefined;
  answeredAt?: string | undefined;
}

export interface ReferralFacts {
  size: number;
  agencies: readonly string[];
  /** Index of the person in the PersonFacts the referrals were read against; -1 when unknown. */
  person: Int32Array;
  from: Uint8Array;
  to: Uint8Array;
  state: Uint8Array;
  /** Year the referral was sent (0 for a draft). */
  year: Uint16Array;
  /** Hours from sending to the answer; NaN when not answered. */
  hoursToAnswer: Float32Array;
}

/** States reached only through an acceptance. */
const ACCEPTED = new Set(['ACEPTADA', 'EN_CURSO', 'COMPLETADA', 'NO_CONCRETADA', 'REVOCADA']);

export function referralFacts(referrals: Iterable<ReferralFact>, persons: PersonFacts): ReferralFacts {
  const list = [...referrals];
  const agencies = [...new Set(list.flatMap((r) => [r.fromAgency, r.toAgency]))].sort();
  if (agencies.length > 255) throw new Error('too many agencies');
  const agencyIndex = new Map(agencies.map((a, i) => [a, i]));
  const out: ReferralFacts = {
    size: list.length,
    agencies,
    person: new Int32Array(list.length),
    from: new Uint8Array(list.length),
    to: new Uint8Array(list.length),
    state: new Uint8Array(list.length),
    year: new Uint16Array(list.length),
    hoursToAnswer: new Float32Array(list.length),
  };
  list.forEach((r, i) => {
    out.person[i] = persons.groups?.get(r.groupId) ?? -1;
    out.from[i] = agencyIndex.get(r.fromAgency) as number;
    out.to[i] = agencyIndex.get(r.toAgency) as number;
    const s = (REFERRAL_STATES as readonly string[]).indexOf(r.state);
    if (s < 0) throw new RangeError(`unknown referral state ${r.state}`);
    out.state[i] = s;
    out.year[i] = r.sentAt ? Number(r.sentAt.slice(0, 4)) : 0;
    out.hoursToAnswer[i] = r.sentAt && r.answeredAt ? (Date.parse(r.answeredAt) - Date.parse(r.sentAt)) / 3_600_000 : Number.NaN;
  });
  return out;
}

export interface ReferralCounts {
  /** Referrals sent (drafts are not referrals yet). */
  sent: number;
  accepted: number;
  rejected: number;
  /** Sent, still waiting for an answer. */
  pending: number;
  /** Withdrawn by the sender before an answer. */
  cancelled: number;
  /** Unique (linked) persons referred. */
  persons: number;
  /** Median hours from sending to acceptance, over the accepted referrals; null when none. */
  medianHoursToAcceptance: number | null;
}

export interface ReferralSummary extends ReferralCounts {
  pairs: ({ from: string; to: string } & ReferralCounts)[];
  bySex: ({ sex: string } & ReferralCounts)[];
  byChildAdult: ({ childAdult: string } & ReferralCounts)[];
}

export interface ReferralWhere {
  /** Year the referral was sent. */
  year?: string | undefined;
  sex?: string | undefined;
  childAdult?: string | undefined;
}

/** The median of some numbers; null when there are none. */
export function medianOf(values: readonly number[]): number | null {
  const h = [...values].sort((a, b) => a - b);
  const mid = h.length >> 1;
  return h.length === 0 ? null : h.length % 2 ? (h[mid] as number) : ((h[mid - 1] as number) + (h[mid] as number)) / 2;
}

class Tally {
  sent = 0;
  accepted = 0;
  rejected = 0;
  pending = 0;
  cancelled = 0;
  readonly persons = new Set<number>();
  readonly hours: number[] = [];

  add(state: string, person: number, hours: number): void {
    this.sent++;
    if (person >= 0) this.persons.add(person);
    if (ACCEPTED.has(state)) {
      this.accepted++;
      if (!Number.isNaN(hours)) this.hours.push(hours);
    } else if (state === 'RECHAZADA') this.rejected++;
    else if (state === 'ENVIADA') this.pending++;
    else if (state === 'CANCELADA') this.cancelled++;
  }

  counts(): ReferralCounts {
    const median = medianOf(this.hours);
    return { sent: this.sent, accepted: this.accepted, rejected: this.rejected, pending: this.pending, cancelled: this.cancelled, persons: this.persons.size, medianHoursToAcceptance: median === null ? null : Math.round(median * 10) / 10 };
  }
}

/**
 * Es: derivaciones enviadas, aceptadas y rechazadas por par de instituciones, por sexo y NNA/adulto.
 * En: referrals sent, accepted and rejected by pair of agencies, by sex and child/adult.
 * The sex and child/adult status are those of the linked person (what every agency knew of her).
 */
export function referralSummary(referrals: ReferralFacts, persons: PersonFacts, where: ReferralWhere = {}): ReferralSummary {
  const sexValues = persons.dimensions.sex.values.map((v) => v.code);
  const childValues = persons.dimensions.childAdult.values.map((v) => v.code);
  const unknownSex = sexValues.indexOf('DESCONOCIDO');
  const unknownChild = childValues.indexOf('DESCONOCIDO');
  const total = new Tally();
  const pairs = new Map<number, Tally>();
  const bySex = sexValues.map(() => new Tally());
  const byChild = childValues.map(() => new Tally());
  const year = where.year === undefined ? undefined : Number(where.year);
  for (let i = 0; i < referrals.size; i++) {
    const s = REFERRAL_STATES[referrals.state[i] as number] as string;
    if (s === 'BORRADOR') continue;
    if (year !== undefined && referrals.year[i] !== year) continue;
    const p = referrals.person[i] as number;
    const sex = p >= 0 ? (persons.codes.sex[p] as number) : unknownSex;
    const child = p >= 0 ? (persons.codes.childAdult[p] as number) : unknownChild;
    if (where.sex !== undefined && sexValues[sex] !== where.sex) continue;
    if (where.childAdult !== undefined && childValues[child] !== where.childAdult) continue;
    const hours = referrals.hoursToAnswer[i] as number;
    total.add(s, p, hours);
    const key = (referrals.from[i] as number) * 256 + (referrals.to[i] as number);
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = new Tally()));
    pair.add(s, p, hours);
    bySex[sex]?.add(s, p, hours);
    byChild[child]?.add(s, p, hours);
  }
  return {
    ...total.counts(),
    pairs: [...pairs.entries()]
      .sort(([a], [b]) => a - b)
      .map(([key, tally]) => ({ from: referrals.agencies[key >> 8] as string, to: referrals.agencies[key & 255] as string, ...tally.counts() })),
    bySex: sexValues.map((sex, k) => ({ sex, ...(bySex[k] as Tally).counts() })),
    byChildAdult: childValues.map((childAdult, k) => ({ childAdult, ...(byChild[k] as Tally).counts() })),
  };
}
