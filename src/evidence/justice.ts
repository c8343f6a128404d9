// Indicator C11 (domain-spec §11.2): criminal proceedings by the procedural stage they stand at,
// and the victims (linked persons, counted once) with a proceeding at each stage, by sex and
// child/adult. Read from the proceeding's open columns (stage and its date) only: outcomes and
// milestone dates are sealed, so sentences by outcome and time between stages are not computed
// here. Pure.
import { PROCEDURAL_STAGES } from '../domain/criminal-process.ts';
import type { PersonFacts } from './facts.ts';

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

export interface JusticeSummary extends StageCounts {
  byStage: ({ stage: string } & StageCounts)[];
  bySex: ({ sex: string } & StageCounts)[];
  byChildAdult: ({ childAdult: string } & StageCounts)[];
}

export interface JusticeWhere {
  /** Year of first detection of the victim. */
  year?: string | undefined;
  sex?: string | undefined;
  childAdult?: string | undefined;
}

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
  const dimension = (name: 'sex' | 'childAdult' | 'year') => persons.dimensions[name].values.map((v) => v.code);
  const sexValues = dimension('sex');
  const childValues = dimension('childAdult');
  const years = dimension('year');
  const total = new StageTally();
  const byStage = PROCEDURAL_STAGES.map(() => new StageTally());
  const bySex = sexValues.map(() => new StageTally());
  const byChild = childValues.map(() => new StageTally());
  for (let i = 0; i < proceedings.size; i++) {
    const p = proceedings.person[i] as number;
    const sex = p >= 0 ? (persons.codes.sex[p] as number) : sexValues.indexOf('DESCONOCIDO');
    const child = p >= 0 ? (persons.codes.childAdult[p] as number) : childValues.indexOf('DESCONOCIDO');
    if (where.year !== undefined && (p < 0 || years[persons.codes.year[p] as number] !== where.year)) continue;
    if (where.sex !== undefined && sexValues[sex] !== where.sex) continue;
    if (where.childAdult !== undefined && childValues[child] !== where.childAdult) continue;
    total.add(p);
    byStage[proceedings.stage[i] as number]?.add(p);
    bySex[sex]?.add(p);
    byChild[child]?.add(p);
  }
  return {
    ...total.counts(),
    byStage: PROCEDURAL_STAGES.map((stage, k) => ({ stage, ...(byStage[k] as StageTally).counts() })),
    bySex: sexValues.map((sex, k) => ({ sex, ...(bySex[k] as StageTally).counts() })),
    byChildAdult: childValues.map((childAdult, k) => ({ childAdult, ...(byChild[k] as StageTally).counts() })),
  };
}
