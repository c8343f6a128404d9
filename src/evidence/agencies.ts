// The agencies' separate counts beside the unique count, and the overlap between agencies, made
// publishable (issue 7 item 2, for the regional report). One year and one population (a region's
// victims of that year) at a time:
//
// - the figures (unique persons, the sum of the agencies' own counts, each agency's count, persons
//   known to 1/2/3/4+ agencies, persons known to both agencies of each pair) are all sums of the
//   same "atoms" — persons by the exact set of agencies that know them — so they form one additive
//   system: unique = Σ atoms = Σ known-to, each agency = Σ atoms holding it, each pair = Σ atoms
//   holding both, the sum of the agencies' counts = Σ agencies. It is protected as ONE linked table
//   (cells of 1–9 suppressed, secondary suppression until the LP auditor accepts every suppressed
//   cell's interval ≥ 10 wide). The atoms are not printed, but the table is protected as if they
//   were: the attacker is assumed to know more than the report shows, which is conservative.
// - the unique count is also the region's cell of the year's public release, so it is known
//   whatever this table says: when the release withholds it, the year's comparison is withheld
//   whole; when the release publishes it, the audit is re-run with it known.
// - the system is not a network matrix, so the auditor's bounds are those of the linear relaxation
//   (the integer bounds may be a little tighter; the required width of 10 keeps the gap harmless).
// - several years: each figure is the sum of the years' published figures, withheld when any of
//   them is (like `periodView`): years are protected separately and never differenced.
// Pure.
import {
  cellKey,
  roundProtectedTable,
  suppressTable,
  type DisclosureRules,
  type LinkedTable,
  type ProtectedTable,
  type Relation,
  type RoundingOptions,
  type TableCell,
} from '../disclosure/index.ts';
import { agencySets, type Where } from './count.ts';
import { popcount, type PersonFacts } from './facts.ts';

/** The comparison as published: a null figure is withheld (shown as "x"). */
export interface PublishedAgencyComparison {
  persons: number | null;
  sumOfAgencyCounts: number | null;
  perAgency: { agency: string; persons: number | null }[];
  knownTo: { agencies: string; persons: number | null }[];
  pairs: { a: string; b: string; persons: number | null }[];
  /** Whether the figures are rounded (public) or exact outside suppression (restricted). */
  rounded: boolean;
}

export interface AgencyProtectionOptions {
  rules?: Partial<DisclosureRules>;
  /** Rounding after suppression; `false` for restricted audiences (default: floor to 5 below 100). */
  rounding?: RoundingOptions | false;
  /**
   * Whether the unique count is published elsewhere in the same output (the region's cell of the
   * year's release). False withholds the whole comparison; true makes the audit treat it as known.
   */
  totalPublished: boolean;
}

const KNOWN_TO = ['1', '2', '3', '4+'] as const;
const TOTAL = cellKey({});
const SUM = cellKey({ sumOfAgencies: 'all' });
const atomKey = (mask: number) => cellKey({ agencySet: String(mask) });
const agencyKey = (agency: string) => cellKey({ agency });
const knownKey = (k: string) => cellKey({ knownTo: k });
const pairKey = (a: string, b: string) => cellKey({ agencyA: a, agencyB: b });
const knownLabel = (mask: number) => KNOWN_TO[Math.min(popcount(mask), 4) - 1] as string;

/**
 * Es: el sistema aditivo de la comparación entre instituciones (átomos = personas por conjunto exacto de instituciones).
 * En: the additive system of the agency comparison (atoms = persons by the exact set of agencies that know them).
 */
export function agencyComparisonTable(facts: PersonFacts, where: Where = {}): LinkedTable {
  const agencies = facts.dimensions.agency.values.map((v) => v.code);
  const atoms = agencySets(facts, where).perMask;
  atoms.delete(0);
  const cells = new Map<string, TableCell>();
  const put = (key: string, coords: Record<string, string>, value: number) => cells.set(key, { key, coords, value });
  const relations: Relation[] = [];
  const relate = (total: string, parts: string[]) => {
    if (parts.length > 0) relations.push({ total, parts });
  };
  const masks = [...atoms.keys()].sort((a, b) => a - b);
  for (const m of masks) put(atomKey(m), { agencySet: String(m) }, atoms.get(m) as number);
  const sum = (test: (m: number) => boolean) => masks.filter(test).reduce((s, m) => s + (atoms.get(m) as number), 0);
  put(TOTAL, {}, sum(() => true));
  relate(TOTAL, masks.map(atomKey));
  for (const k of KNOWN_TO) {
    put(knownKey(k), { knownTo: k }, sum((m) => knownLabel(m) === k));
    relate(knownKey(k), masks.filter((m) => knownLabel(m) === k).map(atomKey));
  }
  relate(TOTAL, KNOWN_TO.map(knownKey));
  agencies.forEach((a, i) => {
    const holds = (m: number) => (m & (1 << i)) !== 0;
    put(agencyKey(a), { agency: a }, sum(holds));
    relate(agencyKey(a), masks.filter(holds).map(atomKey));
  });
  put(SUM, { sumOfAgencies: 'all' }, agencies.reduce((s, a) => s + (cells.get(agencyKey(a)) as TableCell).value, 0));
  relate(SUM, agencies.map(agencyKey));
  agencies.forEach((a, i) => agencies.forEach((b, j) => {
    if (j <= i) return;
    const both = (m: number) => (m & (1 << i)) !== 0 && (m & (1 << j)) !== 0;
    put(pairKey(a, b), { agencyA: a, agencyB: b }, sum(both));
    relate(pairKey(a, b), masks.filter(both).map(atomKey));
  }));
  return { cells, relations };
}

/**
 * Es: la comparación entre instituciones de una población en un año, protegida como un solo cuadro aditivo.
 * En: the agency comparison of one population in one year, protected as one additive table.
 */
export function protectAgencyComparison(facts: PersonFacts, where: Where, options: AgencyProtectionOptions): PublishedAgencyComparison {
  const agencies = facts.dimensions.agency.values.map((v) => v.code);
  const rounded = options.rounding !== false;
  if (!options.totalPublished) return withheld(agencies, rounded);
  const table = agencyComparisonTable(facts, where);
  const atoms = [...table.cells.values()].filter((c) => c.coords.agencySet !== undefined).map((c) => c.key);
  let protectedTable: ProtectedTable;
  try {
    protectedTable = suppressTable(table, options.rules ?? {}, { known: [TOTAL], hidden: atoms, audit: 'sensitive' });
  } catch (error) {
    // The known unique count leaves no pattern that protects the rest (never seen): show none of it.
    if (error instanceof Error && error.message.startsWith('the known cells leave no way')) return withheld(agencies, rounded);
    throw error;
  }
  if (options.rounding !== false) protectedTable = roundProtectedTable(protectedTable, options.rounding ?? {});
  const value = (key: string) => {
    const c = protectedTable.cells.find((x) => x.key === key);
    return c ? c.value : 0;
  };
  return {
    persons: value(TOTAL),
    sumOfAgencyCounts: value(SUM),
    perAgency: agencies.map((agency) => ({ agency, persons: value(agencyKey(agency)) })),
    knownTo: KNOWN_TO.map((k) => ({ agencies: k, persons: value(knownKey(k)) })),
    pairs: agencies.flatMap((a, i) => agencies.slice(i + 1).map((b) => ({ a, b, persons: value(pairKey(a, b)) }))),
    rounded,
  };
}

function withheld(agencies: readonly string[], rounded: boolean): PublishedAgencyComparison {
  return {
    persons: null,
    sumOfAgencyCounts: null,
    perAgency: agencies.map((agency) => ({ agency, persons: null })),
    knownTo: KNOWN_TO.map((k) => ({ agencies: k, persons: null })),
    pairs: agencies.flatMap((a, i) => agencies.slice(i + 1).map((b) => ({ a, b, persons: null }))),
    rounded,
  };
}

/**
 * Es: la comparación de un periodo: cada cifra es la suma de las cifras publicadas de cada año, protegida si alguna lo está.
 * En: the comparison over a period: each figure the sum of the years' published figures, withheld when any of them is.
 */
export function sumAgencyComparisons(years: readonly PublishedAgencyComparison[]): PublishedAgencyComparison | undefined {
  const [first, ...rest] = years;
  if (!first) return undefined;
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  return rest.reduce<PublishedAgencyComparison>(
    (acc, y) => ({
      persons: add(acc.persons, y.persons),
      sumOfAgencyCounts: add(acc.sumOfAgencyCounts, y.sumOfAgencyCounts),
      perAgency: acc.perAgency.map((a, i) => ({ agency: a.agency, persons: add(a.persons, y.perAgency[i]?.persons ?? null) })),
      knownTo: acc.knownTo.map((k, i) => ({ agencies: k.agencies, persons: add(k.persons, y.knownTo[i]?.persons ?? null) })),
      pairs: acc.pairs.map((p, i) => ({ a: p.a, b: p.b, persons: add(p.persons, y.pairs[i]?.persons ?? null) })),
      rounded: acc.rounded || y.rounded,
    }),
    { ...first, perAgency: [...first.perAgency], knownTo: [...first.knownTo], pairs: [...first.pairs] },
  );
}
