// Indicator C12 (domain-spec §11.2): civil reparation ordered against paid, and victims constituted
// civil party, on the linked persons (each counted once across agencies and proceedings), by sex
// and child/adult. Read from the proceedings' open columns (where the reparation stands, whether
// the victim is civil party), written when a reparation or the civil party is recorded; the amounts
// stay sealed. Proceedings recorded before those columns existed say nothing (NULL) until changed
// again or rebuilt (`enlace rebuild-projections`). Pure.
import type { ReparationState } from '../domain/criminal-process.ts';
import { PersonTallies, type BrokenDown, type PersonWhere } from './breakdown.ts';
import type { PersonFacts } from './facts.ts';

export interface ReparationFact {
  groupId: string;
  reparation?: ReparationState | undefined;
  civilParty?: boolean | undefined;
}

export interface ReparationFacts {
  size: number;
  person: Int32Array;
  /** 0 none recorded, 1 ordered (nothing paid), 2 paid in part, 3 paid. */
  reparation: Uint8Array;
  civilParty: Uint8Array;
}

const LEVEL: Record<ReparationState, number> = { ORDENADA: 1, PAGADA_PARCIALMENTE: 2, PAGADA: 3 };

export function reparationFacts(rows: Iterable<ReparationFact>, persons: PersonFacts): ReparationFacts {
  const list = [...rows];
  const out: ReparationFacts = { size: list.length, person: new Int32Array(list.length), reparation: new Uint8Array(list.length), civilParty: new Uint8Array(list.length) };
  list.forEach((r, i) => {
    out.person[i] = persons.groups?.get(r.groupId) ?? -1;
    out.reparation[i] = r.reparation ? LEVEL[r.reparation] : 0;
    out.civilParty[i] = r.civilParty ? 1 : 0;
  });
  return out;
}

export interface ReparationCounts {
  /** Proceedings, and those with a reparation ordered. */
  proceedings: number;
  proceedingsWithReparation: number;
  /** Victims (unique persons) with a proceeding. */
  persons: number;
  /** Victims with a reparation ordered in any of their proceedings… */
  ordered: number;
  /** …of whom paid in full in one at least, and paid in part only. */
  paid: number;
  paidInPart: number;
  /** Victims constituted civil party in any proceeding. */
  civilParty: number;
}

export type ReparationSummary = ReparationCounts & BrokenDown<ReparationCounts>;

/**
 * Es: reparación civil ordenada frente a pagada, y víctimas constituidas en actor civil.
 * En: civil reparation ordered against paid, and victims constituted civil party.
 * A victim counts once, at the furthest her reparations reached (paid over paid in part over ordered).
 */
export function reparationSummary(facts: ReparationFacts, persons: PersonFacts, where: PersonWhere = {}): ReparationSummary {
  // Per person: her furthest reparation, whether civil party, and that she has a proceeding (bit 8).
  const best = new Uint8Array(persons.size);
  const tallies = new PersonTallies(persons, where, () => new Int32Array(7));
  for (let i = 0; i < facts.size; i++) {
    const p = facts.person[i] as number;
    const counted = tallies.of(p);
    for (const t of counted) {
      t[0]!++;
      if ((facts.reparation[i] as number) > 0) t[1]!++;
    }
    if (p < 0 || counted.length === 0) continue;
    const b = best[p] as number;
    best[p] = Math.max(b & 7, facts.reparation[i] as number) | (b & 16) | (facts.civilParty[i] ? 16 : 0) | 8;
  }
  for (let p = 0; p < persons.size; p++) {
    const b = best[p] as number;
    if (b === 0) continue;
    const level = b & 7;
    for (const t of tallies.of(p)) {
      t[2]!++;
      if (level >= 1) t[3]!++;
      if (level === 3) t[4]!++;
      if (level === 2) t[5]!++;
      if (b & 16) t[6]!++;
    }
  }
  return tallies.summary((t) => ({ proceedings: t[0] as number, proceedingsWithReparation: t[1] as number, persons: t[2] as number, ordered: t[3] as number, paid: t[4] as number, paidInPart: t[5] as number, civilParty: t[6] as number }));
}
