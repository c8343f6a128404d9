// The restricted indicators read from records other than the case files (referrals, proceedings,
// stays, plans…) as additive tables, protected once: every count of a row is broken down by the
// person's sex × child/adult with all its margins (the total, the rows by sex, the rows by
// child/adult, and the crossings a filtered answer shows), counts of one row that add up
// (sent = accepted + rejected + pending + cancelled) are tied by a relation, and further rows
// (referrals by pair of agencies, proceedings by stage, goals by dimension), published for all
// persons only, are tied to the total where they add up to it. Primary (1–9) and secondary suppression of the whole system by `suppressTable`, so no
// withheld count can be recovered by subtracting published ones, whatever filter is asked. Pure.
import { cellKey, linkTables, suppressTable, tableFromCounts, type LinkedTable, type ProtectedTable, type Relation, type SpecialCells, type TableCell } from '../disclosure/index.ts';

/** Counts of one row by name (only those protected: additive over persons' sex and child/adult). */
export type RowCounts = Readonly<Record<string, number>>;

/** What one crossing of sex × child/adult holds: its total row and the rows of each further group. */
export interface CrossingCounts {
  total: RowCounts;
  groups?: Readonly<Record<string, ReadonlyMap<string, RowCounts>>>;
}

export interface RecordsProtectionPlan {
  /** The counts protected (each a count of records or of persons, additive over sex and child/adult). */
  counts: readonly string[];
  /**
   * Counts of one row that add up: total = Σ parts (a relation is kept only where it holds). With
   * `rest`, the parts are a subset of the total (12 due, 10 of them on time) and the rest (2 late),
   * never shown, is a withheld cell of the system: protected like a published count of 1–9 would be,
   * so no difference of two published counts, one containing the other, gives a count of 1–9.
   */
  sums?: readonly { total: string; parts: readonly string[]; rest?: string }[];
  /** Further groups of rows, with the counts whose rows add up to the total row's (where they do). */
  groups?: Readonly<Record<string, { counts?: readonly string[]; additive: readonly string[] }>>;
}

export interface RecordsFilter {
  sex?: string | undefined;
  childAdult?: string | undefined;
}

/** Published counts of one row: null when withheld. */
export type PublishedRow = Record<string, number | null>;

export interface ProtectedRecords {
  /** The system protected (cells and relations), with each cell's published value (null: withheld). */
  table: LinkedTable;
  published: ReadonlyMap<string, number | null>;
  /** The total row for a filter. */
  total(filter: RecordsFilter): PublishedRow;
  /** A row by sex (`sex`) or child/adult (`childAdult`) under a filter; zeros outside the filter. */
  by(dimension: 'sex' | 'childAdult', value: string, filter: RecordsFilter): PublishedRow;
  /** A row of a further group: for all persons (zeros when the group has no such row); withheld under a filter. */
  group(name: string, key: string, filter: RecordsFilter): PublishedRow;
}

const TOTAL_SCOPE = 'total';
/** The key of the cell of all persons (no sex nor child/adult given). */
const ALL = cellKey({});
const scopeOf = (group: string, key: string) => `${group}:${key}`;
const cellOf = (scope: string, count: string, inner: string) => `${scope}\u0000${count}\u0000${inner}`;

/**
 * Es: protege como un solo sistema de cuadros aditivos los conteos restringidos de un indicador (sexo × NNA/adulto con sus márgenes).
 * En: protects a restricted indicator's counts as one system of additive tables (sex × child/adult with its margins).
 *
 * `crossing(sex, childAdult)` gives the counts of the records of persons of that sex and
 * child/adult status (every value of both, unknown included): the finest cells, from which every
 * margin is summed, so that the total, the rows by sex and by child/adult and every filtered answer
 * come from one protected table.
 */
export function protectRecordCounts(
  sexValues: readonly string[],
  childValues: readonly string[],
  crossing: (sex: string, childAdult: string) => CrossingCounts,
  plan: RecordsProtectionPlan,
): ProtectedRecords {
  const system = recordCountsSystem(sexValues, childValues, crossing, plan);
  return system.read(suppressTable(system.table, {}, system.special));
}

/**
 * The system of tables `protectRecordCounts` protects, before the suppression search (`special`
 * are the cells it is told of), and how its answers are read from the protected table: the search
 * can then run elsewhere (a server runs it off the request thread).
 */
export interface RecordCountsSystem {
  table: LinkedTable;
  special: SpecialCells;
  read(protectedTable: ProtectedTable): ProtectedRecords;
}

export function recordCountsSystem(
  sexValues: readonly string[],
  childValues: readonly string[],
  crossing: (sex: string, childAdult: string) => CrossingCounts,
  plan: RecordsProtectionPlan,
): RecordCountsSystem {
  const dimensions = [
    { name: 'sex', values: sexValues },
    { name: 'childAdult', values: childValues },
  ];
  const finest = sexValues.flatMap((sex) => childValues.map((childAdult) => ({ sex, childAdult, counts: withRests(crossing(sex, childAdult), plan) })));
  // Scopes: the total row, and each row of each further group seen in any crossing.
  const groupKeys = new Map<string, Set<string>>();
  for (const name of Object.keys(plan.groups ?? {})) groupKeys.set(name, new Set());
  for (const f of finest) for (const [name, rows] of Object.entries(f.counts.groups ?? {})) for (const key of rows.keys()) groupKeys.get(name)?.add(key);
  // The further rows are published for all persons only (not by sex nor child/adult): a 3-way table
  // (pair × sex × child/adult) costs the auditor minutes with a few dozen pairs; under a filter
  // they are withheld.
  const scopes: { scope: string; counts: readonly string[]; broken: boolean; row: (c: CrossingCounts) => RowCounts | undefined }[] = [{ scope: TOTAL_SCOPE, counts: plan.counts, broken: true, row: (c) => c.total }];
  const countsOf = (name: string) => plan.groups?.[name]?.counts ?? plan.counts;
  for (const [name, keys] of groupKeys) for (const key of [...keys].sort()) scopes.push({ scope: scopeOf(name, key), counts: countsOf(name), broken: false, row: (c) => c.groups?.[name]?.get(key) });

  const parts: LinkedTable[] = [];
  // A rest is counted in a scope only where every crossing has its total and parts and it is never negative.
  // A rest may be the total or a part of a later sum (persons = assisted + not assisted; not assisted = reintegrated only + neither).
  const restsOf = (counts: readonly string[], row: (c: CrossingCounts) => RowCounts | undefined) => {
    const available = new Set(counts);
    const rests: string[] = [];
    for (const sum of plan.sums ?? []) {
      if (sum.rest === undefined || ![sum.total, ...sum.parts].every((c) => available.has(c))) continue;
      if (!finest.every((f) => (row(f.counts)?.[sum.rest!] ?? 0) >= 0)) continue;
      available.add(sum.rest);
      rests.push(sum.rest);
    }
    return rests;
  };
  const hidden: string[] = [];
  for (const { scope, counts: shown, broken, row } of scopes) {
    const rests = restsOf(shown, row);
    for (const count of [...shown, ...rests]) {
      const table = tableFromCounts(
        broken ? dimensions : [],
        finest.map((f) => ({ coords: { sex: f.sex, childAdult: f.childAdult }, count: row(f.counts)?.[count] ?? 0 })),
      );
      parts.push(prefixed(table, (key) => cellOf(scope, count, key)));
      if (rests.includes(count)) hidden.push(...[...table.cells.keys()].map((key) => cellOf(scope, count, key)));
    }
  }
  const linked = linkTables(...parts);
  const inner = [...tableFromCounts(dimensions, []).cells.keys()];
  const relations: Relation[] = [...linked.relations];
  const holds = (r: Relation) => r.parts.every((p) => linked.cells.has(p)) && linked.cells.has(r.total) && linked.cells.get(r.total)!.value === r.parts.reduce((s, p) => s + linked.cells.get(p)!.value, 0);
  for (const { scope, broken } of scopes) {
    for (const sum of plan.sums ?? []) {
      for (const k of broken ? inner : [ALL]) {
        const r = { total: cellOf(scope, sum.total, k), parts: [...sum.parts, ...(sum.rest === undefined ? [] : [sum.rest])].map((p) => cellOf(scope, p, k)) };
        if (holds(r)) relations.push(r);
      }
    }
  }
  for (const [name, { additive }] of Object.entries(plan.groups ?? {})) {
    const keys = [...(groupKeys.get(name) ?? [])];
    if (keys.length === 0) continue;
    for (const count of additive) {
      for (const k of [ALL]) {
        const r = { total: cellOf(TOTAL_SCOPE, count, k), parts: keys.map((key) => cellOf(scopeOf(name, key), count, k)) };
        if (holds(r)) relations.push(r);
      }
    }
  }
  const table: LinkedTable = { cells: linked.cells, relations };
  // Rests are never shown (hidden); with them, only the withheld counts of 1–9 need an interval of
  // 10 ('sensitive'): a rest of 10 or more may be worked out, it is no small count.
  const special: SpecialCells = hidden.length === 0 ? {} : { hidden, audit: 'sensitive' };
  return { table, special, read: (protectedTable) => readRecords(table, protectedTable, plan) };
}

/** The answers of a protected system of record counts. */
function readRecords(table: LinkedTable, protectedTable: ProtectedTable, plan: RecordsProtectionPlan): ProtectedRecords {
  const published = new Map(protectedTable.cells.map((c) => [c.key, c.value]));
  const countsOf = (name: string) => plan.groups?.[name]?.counts ?? plan.counts;

  const read = (scope: string, counts: readonly string[], coords: Record<string, string>): PublishedRow => {
    const k = cellKey(coords);
    return Object.fromEntries(counts.map((count) => [count, published.has(cellOf(scope, count, k)) ? published.get(cellOf(scope, count, k))! : 0]));
  };
  const coordsOf = (filter: RecordsFilter): Record<string, string> => ({
    ...(filter.sex === undefined ? {} : { sex: filter.sex }),
    ...(filter.childAdult === undefined ? {} : { childAdult: filter.childAdult }),
  });
  const zeros = (counts: readonly string[]): PublishedRow => Object.fromEntries(counts.map((c) => [c, 0]));
  return {
    table,
    published,
    total: (filter) => read(TOTAL_SCOPE, plan.counts, coordsOf(filter)),
    by: (dimension, value, filter) => {
      if (filter[dimension] !== undefined && filter[dimension] !== value) return zeros(plan.counts);
      return read(TOTAL_SCOPE, plan.counts, { ...coordsOf(filter), [dimension]: value });
    },
    group: (name, key, filter) =>
      filter.sex === undefined && filter.childAdult === undefined ? read(scopeOf(name, key), countsOf(name), {}) : Object.fromEntries(countsOf(name).map((c) => [c, null])),
  };
}

/** The crossing's rows with each rest counted: total − Σ parts (negative when the parts are not a subset: then not used). */
function withRests(c: CrossingCounts, plan: RecordsProtectionPlan): CrossingCounts {
  const rests = (plan.sums ?? []).filter((sum) => sum.rest !== undefined);
  if (rests.length === 0) return c;
  const add = (row: RowCounts): RowCounts => {
    const out: Record<string, number> = { ...row };
    for (const sum of rests) if (out[sum.total] !== undefined && sum.parts.every((p) => out[p] !== undefined)) out[sum.rest!] = out[sum.total]! - sum.parts.reduce((t, p) => t + out[p]!, 0);
    return out;
  };
  const groups = c.groups === undefined ? undefined : Object.fromEntries(Object.entries(c.groups).map(([name, rows]) => [name, new Map([...rows].map(([k, row]) => [k, add(row)]))]));
  return { total: add(c.total), ...(groups === undefined ? {} : { groups }) };
}

function prefixed(table: LinkedTable, rename: (key: string) => string): LinkedTable {
  const cells = new Map<string, TableCell>();
  for (const cell of table.cells.values()) cells.set(rename(cell.key), { ...cell, key: rename(cell.key) });
  return { cells, relations: table.relations.map((r) => ({ total: rename(r.total), parts: r.parts.map(rename) })) };
}

/**
 * Es: porcentaje publicable de conteos protegidos: ambos publicados y el denominador de 10 o más.
 * En: a share of protected counts shown only when both are published and the denominator is 10 or more.
 */
export function publishedShare(percent: number | null, numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null || denominator < 10 ? null : percent;
}
