// Protection of the public statistics API. Every answer, whatever filters are combined, is read
// from ONE protected table: the cube of the public dimensions with all its margins, suppressed and
// audited once. A query never recomputes a count from the raw data, so two queries cannot be
// differenced into a small count (the "Lima" minus "Lima, women" attack) — see README.
import { summarise, suppressTable } from './suppress.ts';
import type { ProtectedTable } from './suppress.ts';
import { cellKey, tableFromCounts } from './table.ts';
import type { CountCell, Dimension } from './table.ts';
import type { Coordinates, DisclosureRules, DisclosureSummary, SuppressionKind } from './types.ts';
import { resolveRules } from './types.ts';

export interface StatisticsQuery {
  /** Values kept per dimension; a dimension left out (or with every value) is not filtered. */
  filters?: Readonly<Record<string, readonly string[]>>;
  /** Dimensions broken down in the answer, which also carries their totals. */
  groupBy?: readonly string[];
}

export interface QueryOptions extends StatisticsQuery {
  /** The dimensions of the fixed public table, with every value (unknown included, §11.1). */
  dimensions: readonly Dimension[];
  rules?: Partial<DisclosureRules>;
  /** At most this many dimensions in the public table (default 3, §11.3). */
  maxDimensions?: number;
}

export type QueryCell =
  | { coords: Coordinates; margin: boolean; value: number; suppressed: false }
  | { coords: Coordinates; margin: boolean; value: null; suppressed: SuppressionKind };

export interface QueryResult {
  /** Breakdown cells then their totals; a grouped dimension missing from `coords` is totalled. */
  cells: QueryCell[];
  summary: DisclosureSummary;
}

const cubes = new WeakMap<readonly CountCell[], Map<string, ProtectedTable>>();

/**
 * Es: protege (una vez, en caché) el cubo de las dimensiones públicas con todos sus márgenes.
 * En: protects (once, cached) the cube of the public dimensions with all its margins.
 *
 * Cached per `cells` array: pass the same array for the same data, a new one when the data change.
 */
export function protectCube(cells: readonly CountCell[], dimensions: readonly Dimension[], rules: Partial<DisclosureRules> = {}, maxDimensions = 3): ProtectedTable {
  // Public tables combine at most three dimensions (§11.3): more makes every cell small.
  if (dimensions.length > maxDimensions) throw new Error(`a public table combines at most ${maxDimensions} dimensions, got ${dimensions.length}`);
  const resolved = resolveRules(rules);
  const id = JSON.stringify([dimensions, resolved]);
  let byId = cubes.get(cells);
  if (!byId) cubes.set(cells, (byId = new Map()));
  let cube = byId.get(id);
  if (!cube) byId.set(id, (cube = suppressTable(tableFromCounts(dimensions, cells), resolved)));
  return cube;
}

/**
 * Es: responde una consulta (filtros y desagregación) leyendo solo celdas del cubo protegido.
 * En: answers a query (filters and breakdown) reading only cells of the protected cube.
 *
 * A figure is a cube cell when each dimension is either fixed to one value or not filtered; a filter
 * on several values makes it a sum of cube cells, published only when every one of them is.
 */
export function answerQuery(cube: ProtectedTable, dimensions: readonly Dimension[], query: StatisticsQuery): QueryResult {
  const byKey = new Map(cube.cells.map((c) => [c.key, c]));
  const groupBy = query.groupBy ?? [];
  const names = new Set(dimensions.map((d) => d.name));
  for (const g of groupBy) if (!names.has(g)) throw new Error(`unknown dimension ${g}`);
  if (new Set(groupBy).size !== groupBy.length) throw new Error('a dimension is grouped twice');
  for (const [name, values] of Object.entries(query.filters ?? {})) {
    const dimension = dimensions.find((d) => d.name === name);
    if (!dimension) throw new Error(`unknown dimension ${name}`);
    if (values.length === 0) throw new Error(`empty filter on ${name}`);
    for (const v of values) if (!dimension.values.includes(v)) throw new Error(`unknown value ${v} of ${name}`);
  }
  const selected = (d: Dimension) => {
    const filter = query.filters?.[d.name];
    return filter ? d.values.filter((v) => filter.includes(v)) : [...d.values];
  };

  const cells: QueryCell[] = [];
  // Subsets of the grouped dimensions, the full breakdown first and the grand total last.
  const subsets = Array.from({ length: 1 << groupBy.length }, (_, mask) => groupBy.filter((_, i) => mask & (1 << i))).sort((a, b) => b.length - a.length);
  for (const kept of subsets) {
    let assignments: Record<string, string>[] = [{}];
    for (const g of kept) {
      const d = dimensions.find((x) => x.name === g)!;
      assignments = assignments.flatMap((a) => selected(d).map((v) => ({ ...a, [g]: v })));
    }
    for (const coords of assignments) {
      // The cube cells that add up to this figure.
      let addends: Record<string, string>[] = [{}];
      for (const d of dimensions) {
        const fixed = coords[d.name];
        const values = fixed !== undefined ? [fixed] : selected(d);
        if (fixed === undefined && values.length === d.values.length) continue; // the cube's own margin
        addends = addends.flatMap((a) => values.map((v) => ({ ...a, [d.name]: v })));
      }
      const parts = addends.map((a) => byKey.get(cellKey(a))!);
      const margin = kept.length < groupBy.length;
      const hidden = parts.filter((p) => p.value === null);
      if (hidden.length === 0) cells.push({ coords, margin, value: parts.reduce((s, p) => s + (p.value ?? 0), 0), suppressed: false });
      else cells.push({ coords, margin, value: null, suppressed: parts.length === 1 ? hidden[0]!.suppressed || 'secondary' : 'secondary' });
    }
  }
  const summaryCells = cells.map((c, i) => (c.value === null ? { key: String(i), coords: c.coords, value: null, suppressed: c.suppressed } : { key: String(i), coords: c.coords, value: c.value, suppressed: false as const }));
  const summary = summarise(summaryCells, cube.rules, ['consistent-cube']);
  return { cells, summary };
}

/**
 * Es: protege la respuesta de una consulta estadística pública, combine el usuario los filtros que combine.
 * En: protects the answer to a public statistics query, whatever filters the user combined.
 *
 * `cells` are the unfiltered counts of the finest cells of the public table (every dimension fixed);
 * the cube built from them is suppressed and audited once and cached, and the answer is read from it.
 */
export function protectQueryResult(cells: readonly CountCell[], options: QueryOptions): QueryResult {
  const cube = protectCube(cells, options.dimensions, options.rules, options.maxDimensions);
  return answerQuery(cube, options.dimensions, { filters: options.filters, groupBy: options.groupBy });
}
