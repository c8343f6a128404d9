// Indicator C11 (domain-spec §11.2): criminal proceedings by the procedural stage they stand at,
// and the victims (linked persons, counted once) with a proceeding at each stage, by sex and
// child/adult. Read from the proceeding's open columns (stage and its date) only; its sentences
// (outcome, time to sentence) are counted in sentences.ts. Pure.
import { PROCEDURAL_STAGES } from '../domain/criminal-process.ts';
import type { PersonFacts } from './facts.ts';
import { PersonTallies, type BrokenDown, type PersonWhere } from './breakdown.ts';

export interface ProceedingFact {
  /** Linkage group of the victim (her own person id when linked to nobody). */
  groupId: string;
  stage: string;
}

export interface ProceedingFacts {
  size: number;
  /** Index of the person in the PersonFacts read with them; -1 when unknown. */
  person: Int32Array;
  stage: Uint8Array;
}

export function proceedingFacts(proceedings: Iterable<ProceedingFact>, persons: PersonFacts): ProceedingFacts {
  const list = [...proceedings];
  const out: ProceedingFacts = { size: list.length, person: new Int32Array(list.length), stage: new Uint8Array(list.length) };
  list.forEach((p, i) => {
    out.person[i] = persons.groups?.get(p.groupId) ?? -1;
    const s = (PROCEDURAL_STAGES as readonly string[]).indexOf(p.stage);
    if (s < 0) throw new RangeError(`unknown procedural stage ${p.stage}`);
    out.stage[i] = s;
  });
  return out;
}

export interface StageCounts {
  proceedings: number;
  /** Unique (linked) victims with a proceeding. */
  persons: number;
}

export type JusticeSummary = StageCounts & BrokenDown<StageCounts> & { byStage: ({ stage: string } & StageCounts)[] };

export type JusticeWhere = PersonWhere;

class StageTally {
  proceedings = 0;
  readonly persons = new Set<number>();
  add(person: number): void {
    this.proceedings++;
    if (person >= 0) this.persons.add(person);
  }
  counts(): StageCounts {
    return { proceedings: this.proceedings, persons: this.persons.size };
  }
}

/**
 * Es: procesos penales por etapa procesal, y víctimas (personas únicas) con proceso, por sexo y NNA/adulto.
 * En: criminal proceedings by procedural stage, and victims (unique persons) with one, by sex and child/adult.
 */
export function justiceSummary(proceedings: ProceedingFacts, persons: PersonFacts, where: JusticeWhere = {}): JusticeSummary {
  const tallies = new PersonTallies(persons, where, () => new StageTally());
  const byStage = PROCEDURAL_STAGES.map(() => new StageTally());
  for (let i = 0; i < proceedings.size; i++) {
    const p = proceedings.person[i] as number;
    const counted = tallies.of(p);
    if (counted.length === 0) continue;
    for (const t of counted) t.add(p);
    byStage[proceedings.stage[i] as number]?.add(p);
  }
  return { ...tallies.summary((t) => t.counts()), byStage: PROCEDURAL_STAGES.map((stage, k) => ({ stage, ...(byStage[k] as StageTally).counts() })) };
}
