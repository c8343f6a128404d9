// Rounding of published counts (domain-spec §11.3: "floor to multiples of 5 for n < 100" by
// default). Rounding comes after suppression and never touches a suppressed cell; the auditor runs
// on the unrounded values, which is conservative because rounding only widens what an attacker knows.
import { summarise } from './suppress.ts';
import type { ProtectedCell, ProtectedTable } from './suppress.ts';

export type RoundingMode = 'nearest' | 'floor';

export interface RoundingOptions {
  /** Multiple to round to (default 5; 3 and 10 are common too). */
  base?: number;
  /** 'floor' (default, as CTDC's aggregates) or 'nearest' (halves go up). */
  mode?: RoundingMode;
  /** Round only counts below this (default 100: larger counts are published exactly). Infinity rounds all. */
  below?: number;
}

/** Es: redondea un conteo a un múltiplo de la base (hacia abajo o al más cercano). En: rounds a count to a multiple of the base (down or to the nearest). */
export function roundCount(value: number, base = 5, mode: RoundingMode = 'floor'): number {
  if (!Number.isInteger(base) || base < 1) throw new RangeError(`base must be a positive integer, got ${base}`);
  return mode === 'floor' ? Math.floor(value / base) * base : Math.floor((value + base / 2) / base) * base;
}

/**
 * Es: redondeo controlado de un cuadro de una dimensión: cada parte va a un múltiplo adyacente y las partes suman el total redondeado.
 * En: controlled rounding of a one-way table: each part moves to an adjacent multiple and the parts add up to the rounded total.
 *
 * The total is rounded to the nearest multiple; then the parts with the largest remainders are rounded
 * up and the others down (largest-remainder method), which is always possible because the sum of the
 * floors and the sum of the ceilings bracket the rounded total. Exact multiples (zero among them) stay.
 */
export function controlledRound(parts: readonly number[], base = 5): { parts: number[]; total: number } {
  const total = parts.reduce((s, p) => s + p, 0);
  const roundedTotal = roundCount(total, base, 'nearest');
  const floors = parts.map((p) => roundCount(p, base, 'floor'));
  let ups = (roundedTotal - floors.reduce((s, p) => s + p, 0)) / base;
  const order = parts
    .map((p, i) => ({ i, remainder: p - floors[i]! }))
    .filter((x) => x.remainder > 0)
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  const rounded = floors.slice();
  for (const { i } of order) {
    if (ups <= 0) break;
    rounded[i] = floors[i]! + base;
    ups--;
  }
  return { parts: rounded, total: roundedTotal };
}

/**
 * Es: redondea las celdas publicadas de un cuadro protegido; las suprimidas siguen suprimidas.
 * En: rounds the published cells of a protected table; suppressed cells stay suppressed.
 *
 * Each published cell is rounded on its own, so totals may not equal the sum of their rounded parts;
 * the disclosure note says so.
 */
export function roundProtectedTable(table: ProtectedTable, options: RoundingOptions = {}): ProtectedTable {
  const base = options.base ?? 5;
  const mode = options.mode ?? 'floor';
  const below = options.below ?? 100;
  const cells: ProtectedCell[] = table.cells.map((c) =>
    c.suppressed === false && c.value < below ? { ...c, value: roundCount(c.value, base, mode) } : c,
  );
  const extra = [...table.summary.rulesApplied.filter((r) => !r.startsWith('threshold:') && !r.startsWith('secondary:') && r !== 'zero-sensitive'), `round:${base}:${mode}${Number.isFinite(below) ? `:<${below}` : ''}`];
  return { ...table, cells, summary: summarise(cells, table.rules, extra) };
}
