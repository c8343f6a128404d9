// Frequency tables as cells plus additive relations (total = Σ parts). One model covers 1-D tables,
// 2-D tables with margins, n-way cubes with all their margins, and linked tables sharing margins.
import type { Coordinates } from './types.ts';

export interface TableCell {
  key: string;
  coords: Coordinates;
  value: number;
}

/** value(total) = Σ value(parts). */
export interface Relation {
  total: string;
  parts: readonly string[];
}

export interface LinkedTable {
  cells: ReadonlyMap<string, TableCell>;
  relations: readonly Relation[];
}

export interface Dimension {
  name: string;
  values: readonly string[];
}

export interface CountCell {
  coords: Coordinates;
  count: number;
}

/** Es: clave canónica de una celda a partir de sus coordenadas. En: canonical key of a cell from its coordinates. */
export function cellKey(coords: Coordinates): string {
  const entries = Object.entries(coords).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? 'TOTAL' : JSON.stringify(entries);
}

/**
 * Es: construye una tabla de n dimensiones con todos sus márgenes a partir de los conteos más finos.
 * En: builds an n-way table with all its margins from the finest counts.
 *
 * Combinations missing from `counts` are zeros. Every subset of dimensions gives a margin table, and
 * each margin cell is related to its breakdown along every dimension it omits.
 */
export function tableFromCounts(dimensions: readonly Dimension[], counts: readonly CountCell[]): LinkedTable {
  const names = dimensions.map((d) => d.name);
  if (new Set(names).size !== names.length) throw new Error('duplicate dimension names');
  const known = dimensions.map((d) => new Set(d.values));
  const cells = new Map<string, TableCell>();
  // Every cell of every margin, zeros included, so that zeros take part in the relations.
  const masks = 1 << dimensions.length;
  for (let mask = 0; mask < masks; mask++) {
    for (const coords of assignments(dimensions, mask)) {
      const key = cellKey(coords);
      cells.set(key, { key, coords, value: 0 });
    }
  }
  for (const cell of counts) {
    if (!Number.isInteger(cell.count) || cell.count < 0) throw new RangeError(`counts must be non-negative integers, got ${cell.count}`);
    dimensions.forEach((d, i) => {
      const v = cell.coords[d.name];
      if (v === undefined || !known[i]!.has(v)) throw new Error(`cell ${JSON.stringify(cell.coords)} lacks a known value of ${d.name}`);
    });
    for (let mask = 0; mask < masks; mask++) {
      const coords: Record<string, string> = {};
      dimensions.forEach((d, i) => {
        if (mask & (1 << i)) coords[d.name] = cell.coords[d.name]!;
      });
      const target = cells.get(cellKey(coords))!;
      target.value += cell.count;
    }
  }
  const relations: Relation[] = [];
  for (let mask = 0; mask < masks; mask++) {
    for (const coords of assignments(dimensions, mask)) {
      dimensions.forEach((d, i) => {
        if (mask & (1 << i)) return;
        relations.push({ total: cellKey(coords), parts: d.values.map((v) => cellKey({ ...coords, [d.name]: v })) });
      });
    }
  }
  return { cells, relations };
}

function assignments(dimensions: readonly Dimension[], mask: number): Coordinates[] {
  let out: Record<string, string>[] = [{}];
  dimensions.forEach((d, i) => {
    if (!(mask & (1 << i))) return;
    out = out.flatMap((c) => d.values.map((v) => ({ ...c, [d.name]: v })));
  });
  return out;
}

/** Es: tabla de una dimensión con su total. En: one-way table with its total. */
export function oneWayTable(dimension: string, counts: Readonly<Record<string, number>>): LinkedTable {
  const values = Object.keys(counts);
  return tableFromCounts([{ name: dimension, values }], values.map((v) => ({ coords: { [dimension]: v }, count: counts[v]! })));
}

/** Es: tabla de doble entrada con totales de fila, de columna y general. En: two-way table with row, column and grand totals. */
export function twoWayTable(rows: Dimension, columns: Dimension, matrix: readonly (readonly number[])[]): LinkedTable {
  if (matrix.length !== rows.values.length) throw new Error('matrix rows do not match the row dimension');
  const counts: CountCell[] = [];
  rows.values.forEach((r, i) => {
    const line = matrix[i]!;
    if (line.length !== columns.values.length) throw new Error(`row ${r} does not match the column dimension`);
    columns.values.forEach((c, j) => counts.push({ coords: { [rows.name]: r, [columns.name]: c }, count: line[j]! }));
  });
  return tableFromCounts([rows, columns], counts);
}

/**
 * Es: une tablas publicadas juntas que comparten márgenes (p. ej. departamento × sexo y departamento × edad).
 * En: links tables published together that share margins (e.g. department × sex and department × age band).
 *
 * Cells with the same coordinates are the same cell and must hold the same count.
 */
export function linkTables(...tables: readonly LinkedTable[]): LinkedTable {
  const cells = new Map<string, TableCell>();
  const relations: Relation[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    for (const cell of table.cells.values()) {
      const existing = cells.get(cell.key);
      if (existing && existing.value !== cell.value) throw new Error(`linked tables disagree on ${cell.key}: ${existing.value} vs ${cell.value}`);
      if (!existing) cells.set(cell.key, { ...cell });
    }
    for (const relation of table.relations) {
      const signature = `${relation.total}=${[...relation.parts].sort().join('+')}`;
      if (seen.has(signature)) continue;
      seen.add(signature);
      relations.push(relation);
    }
  }
  return { cells, relations };
}

/**
 * Es: anida una geografía (u otra jerarquía): cada celda del cuadro grueso es la suma de sus hijas del cuadro fino.
 * En: nests a geography (or another hierarchy): each cell of the coarse table is the sum of its children in the fine table.
 *
 * E.g. department × sex (coarse, `dimension` holding department codes) and province × sex (fine,
 * province codes) published together: Lima = Σ provinces of Lima, for every sex and for the total.
 * Both tables must name the nested dimension the same; `parentOf` maps a fine value to its parent.
 */
export function nestTables(coarse: LinkedTable, fine: LinkedTable, dimension: string, parentOf: (child: string) => string): LinkedTable {
  const linked = linkTables(coarse, fine);
  const children = new Map<string, string[]>();
  for (const cell of fine.cells.values()) {
    const child = cell.coords[dimension];
    if (child === undefined) continue;
    const rest = Object.fromEntries(Object.entries(cell.coords).filter(([d]) => d !== dimension));
    const parentKey = cellKey({ ...rest, [dimension]: parentOf(child) });
    if (!children.has(parentKey)) children.set(parentKey, []);
    children.get(parentKey)!.push(cell.key);
  }
  const relations = [...linked.relations];
  for (const [parentKey, parts] of children) {
    if (!coarse.cells.has(parentKey)) throw new Error(`the coarse table has no cell ${parentKey}`);
    relations.push({ total: parentKey, parts });
  }
  const nested = { cells: linked.cells, relations };
  const wrong = inconsistentRelations(nested);
  if (wrong.length > 0) throw new Error(`nested tables disagree at ${wrong[0]!.total}`);
  return nested;
}

/** Es: comprueba que cada total sea la suma de sus partes. En: checks that every total is the sum of its parts. */
export function inconsistentRelations(table: LinkedTable): Relation[] {
  return table.relations.filter((r) => {
    const sum = r.parts.reduce((s, p) => s + valueOf(table, p), 0);
    return sum !== valueOf(table, r.total);
  });
}

function valueOf(table: LinkedTable, key: string): number {
  const cell = table.cells.get(key);
  if (!cell) throw new Error(`relation names an unknown cell ${key}`);
  return cell.value;
}
