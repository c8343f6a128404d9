// Counting persons (not records) over the columnar facts: any filter, a breakdown by up to three
// dimensions, the agencies' separate counts beside the unique count, and the overlap. Pure.
import type { CountCell } from '../disclosure/index.ts';
import type { DimensionName } from './dimensions.ts';
import { popcount, type PersonFacts } from './facts.ts';

/** Values kept per dimension; a dimension left out is not filtered. */
export type Where = Partial<Record<DimensionName, readonly string[]>>;

interface CompiledWhere {
  columns: Uint8Array[];
  allowed: Uint8Array[];
}

function compile(facts: PersonFacts, where: Where): CompiledWhere {
  const columns: Uint8Array[] = [];
  const allowed: Uint8Array[] = [];
  for (const [name, values] of Object.entries(where) as [DimensionName, readonly string[] | undefined][]) {
    if (!values) continue;
    const dimension = facts.dimensions[name];
    const mask = new Uint8Array(dimension.values.length);
    for (const v of values) {
      const i = dimension.values.findIndex((x) => x.code === v);
      if (i < 0) throw new RangeError(`unknown value ${v} of ${name}`);
      mask[i] = 1;
    }
    columns.push(facts.codes[name]);
    allowed.push(mask);
  }
  return { columns, allowed };
}

function passes(w: CompiledWhere, i: number): boolean {
  for (let f = 0; f < w.columns.length; f++) if ((w.allowed[f] as Uint8Array)[(w.columns[f] as Uint8Array)[i] as number] === 0) return false;
  return true;
}

/** Persons matching `where`. */
export function countPersons(facts: PersonFacts, where: Where = {}): number {
  const w = compile(facts, where);
  let n = 0;
  for (let i = 0; i < facts.size; i++) if (passes(w, i)) n++;
  return n;
}

/**
 * Es: conteos de personas en cada combinación de las dimensiones (las más finas, sin márgenes).
 * En: person counts in every combination of the dimensions (the finest cells, without margins).
 * Empty combinations are left out (they are zeros).
 */
export function crossCounts(facts: PersonFacts, dimensions: readonly DimensionName[], where: Where = {}): CountCell[] {
  const w = compile(facts, where);
  const sizes = dimensions.map((d) => facts.dimensions[d].values.length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const counts = new Int32Array(total);
  const columns = dimensions.map((d) => facts.codes[d]);
  for (let i = 0; i < facts.size; i++) {
    if (!passes(w, i)) continue;
    let index = 0;
    for (let d = 0; d < columns.length; d++) index = index * (sizes[d] as number) + ((columns[d] as Uint8Array)[i] as number);
    counts[index]!++;
  }
  const cells: CountCell[] = [];
  for (let index = 0; index < total; index++) {
    const count = counts[index] as number;
    if (count === 0) continue;
    const coords: Record<string, string> = {};
    let rest = index;
    for (let d = dimensions.length - 1; d >= 0; d--) {
      const size = sizes[d] as number;
      const name = dimensions[d] as DimensionName;
      coords[name] = (facts.dimensions[name].values[rest % size] as { code: string }).code;
      rest = Math.floor(rest / size);
    }
    cells.push({ coords, count });
  }
  return cells;
}

export interface AgencyComparison {
  /** Unique persons (each counted once, whatever the number of agencies that know her). */
  persons: number;
  /** Case files of those persons in all agencies: a count of records. */
  records: number;
  /** What adding up each agency's own count of persons would have said. */
  sumOfAgencyCounts: number;
  perAgency: { agency: string; persons: number }[];
  /** Persons known to exactly 1, 2, 3 and 4+ agencies. */
  knownTo: { agencies: string; persons: number }[];
  /** Persons known to both agencies of each pair. */
  pairs: { a: string; b: string; persons: number }[];
}

/** Es: personas únicas frente a los conteos separados de cada institución, y la superposición. En: unique persons against each agency's separate count, and the overlap. */
export function agencyComparison(facts: PersonFacts, where: Where = {}): AgencyComparison {
  const agencies = facts.dimensions.agency.values.map((v) => v.code);
  const { perMask, persons, records } = agencySets(facts, where);
  const perAgency = agencies.map((agency, a) => ({ agency, persons: sumWhere(perMask, (m) => (m & (1 << a)) !== 0) }));
  const knownTo = ['1', '2', '3', '4+'].map((label, k) => ({ agencies: label, persons: sumWhere(perMask, (m) => (k < 3 ? popcount(m) === k + 1 : popcount(m) >= 4)) }));
  const pairs: AgencyComparison['pairs'] = [];
  agencies.forEach((a, i) => agencies.forEach((b, j) => {
    if (j > i) pairs.push({ a, b, persons: sumWhere(perMask, (m) => (m & (1 << i)) !== 0 && (m & (1 << j)) !== 0) });
  }));
  return { persons, records, sumOfAgencyCounts: perAgency.reduce((s, a) => s + a.persons, 0), perAgency, knownTo, pairs };
}

/**
 * Es: personas por el conjunto exacto de instituciones que las registraron (bit a = institución a).
 * En: persons by the exact set of agencies that registered them (bit a = agency a), with their case files.
 */
export function agencySets(facts: PersonFacts, where: Where = {}): { perMask: Map<number, number>; persons: number; records: number } {
  const w = compile(facts, where);
  const perMask = new Map<number, number>();
  let persons = 0;
  let records = 0;
  for (let i = 0; i < facts.size; i++) {
    if (!passes(w, i)) continue;
    persons++;
    records += facts.records[i] as number;
    const m = facts.agencies[i] as number;
    perMask.set(m, (perMask.get(m) ?? 0) + 1);
  }
  return { perMask, persons, records };
}

function sumWhere(perMask: Map<number, number>, test: (mask: number) => boolean): number {
  let n = 0;
  for (const [m, c] of perMask) if (test(m)) n += c;
  return n;
}
