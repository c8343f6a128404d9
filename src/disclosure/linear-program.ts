// The attacker's view of a suppressed table is a linear system: unknown cells x ≥ 0 with A·x = b.
// The tightest interval each unknown can take is min/max of x_j over that polytope: a small dense
// two-phase simplex (Bland's rule, so it cannot cycle) solves it. Tables are small, this is enough.

const EPS = 1e-9;

export interface VariableBounds {
  lower: number[];
  /** Infinity when the system leaves the variable unbounded above. */
  upper: number[];
}

/**
 * Es: intervalo factible [mín, máx] de cada incógnita de { x ≥ 0 : A·x = b }, o null si no hay solución.
 * En: feasible interval [min, max] of every unknown of { x ≥ 0 : A·x = b }, or null when there is no solution.
 *
 * Only the first `wanted` unknowns are bounded (the others are slacks the caller does not need).
 */
export function variableBounds(
  matrix: readonly (readonly number[])[],
  rhs: readonly number[],
  variables: number,
  wanted = variables,
  enoughWidth = Infinity,
): VariableBounds | null {
  const feasible = feasibleTableau(matrix, rhs, variables);
  if (!feasible) return null;
  // Every vertex met is a feasible point: the range of values seen so far is inside the true
  // interval. With `enoughWidth`, a variable already seen to span that much needs no program of its
  // own (its reported bounds are then the seen ones, an inner approximation).
  const seenLow = new Float64Array(wanted).fill(Infinity);
  const seenHigh = new Float64Array(wanted).fill(-Infinity);
  const see = (tableau: Tableau) => {
    const point = new Float64Array(tableau.columns);
    tableau.basis.forEach((j, i) => {
      point[j] = tableau.rows[i]![tableau.columns]!;
    });
    for (let j = 0; j < wanted; j++) {
      if (point[j]! < seenLow[j]!) seenLow[j] = point[j]!;
      if (point[j]! > seenHigh[j]!) seenHigh[j] = point[j]!;
    }
  };
  see(feasible);
  const lower: number[] = [];
  const upper: number[] = [];
  for (let k = 0; k < wanted; k++) {
    if (seenHigh[k]! - seenLow[k]! >= enoughWidth) {
      lower.push(seenLow[k]!);
      upper.push(seenHigh[k]!);
      continue;
    }
    const basicRow = feasible.basis.indexOf(k);
    // A non-basic unknown sits at 0 in a feasible vertex, and 0 is its floor.
    lower.push(basicRow < 0 ? 0 : optimise(feasible, k, 1, see));
    upper.push(-optimise(feasible, k, -1, see));
  }
  return { lower, upper };
}

interface Tableau {
  rows: Float64Array[]; // each: coefficients of the columns, then the right-hand side
  basis: number[];
  columns: number;
}

function feasibleTableau(matrix: readonly (readonly number[])[], rhs: readonly number[], n: number): Tableau | null {
  const m = matrix.length;
  const columns = n + m;
  const rows: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(columns + 1);
    const sign = rhs[i]! < 0 ? -1 : 1;
    const source = matrix[i]!;
    for (let j = 0; j < n; j++) row[j] = sign * (source[j] ?? 0);
    row[n + i] = 1;
    row[columns] = sign * rhs[i]!;
    rows.push(row);
  }
  const tableau: Tableau = { rows, basis: rows.map((_, i) => n + i), columns };
  const cost = new Float64Array(columns);
  for (let i = 0; i < m; i++) cost[n + i] = 1;
  const result = simplex(tableau, cost, columns);
  if (result === 'unbounded' || result > 1e-7) return null;
  // Drive artificial unknowns out of the basis; a row where that is impossible is redundant.
  const kept: Float64Array[] = [];
  const keptBasis: number[] = [];
  for (let i = 0; i < tableau.rows.length; i++) {
    if (tableau.basis[i]! >= n) {
      const row = tableau.rows[i]!;
      let entering = -1;
      for (let j = 0; j < n; j++) if (Math.abs(row[j]!) > EPS) { entering = j; break; }
      if (entering < 0) continue;
      pivot(tableau, i, entering, null);
    }
    kept.push(tableau.rows[i]!);
    keptBasis.push(tableau.basis[i]!);
  }
  // Keep only the real unknowns: artificial columns never enter again.
  const compact = kept.map((row) => {
    const out = new Float64Array(n + 1);
    out.set(row.subarray(0, n));
    out[n] = row[columns]!;
    return out;
  });
  return { rows: compact, basis: keptBasis, columns: n };
}

/** min (direction 1) or min of −x (direction −1) of x_k from the feasible tableau; −Infinity when unbounded. */
function optimise(start: Tableau, k: number, direction: 1 | -1, see: (t: Tableau) => void): number {
  const tableau: Tableau = { rows: start.rows.map((r) => r.slice()), basis: start.basis.slice(), columns: start.columns };
  const cost = new Float64Array(start.columns);
  cost[k] = direction;
  const result = simplex(tableau, cost, start.columns);
  if (result === 'unbounded') return -Infinity;
  see(tableau);
  return result;
}

/** Minimises cost·x from a feasible basis; returns the optimum or 'unbounded'. */
function simplex(tableau: Tableau, cost: Float64Array, enterable: number): number | 'unbounded' {
  const { rows, basis, columns } = tableau;
  const reduced = new Float64Array(columns + 1);
  reduced.set(cost);
  for (let i = 0; i < rows.length; i++) {
    const c = cost[basis[i]!]!;
    if (c === 0) continue;
    const row = rows[i]!;
    for (let j = 0; j <= columns; j++) reduced[j]! -= c * row[j]!;
  }
  for (;;) {
    let entering = -1;
    for (let j = 0; j < enterable; j++) if (reduced[j]! < -EPS) { entering = j; break; }
    if (entering < 0) return -reduced[columns]!;
    let leaving = -1;
    let best = Infinity;
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i]![entering]!;
      if (a <= EPS) continue;
      const ratio = rows[i]![columns]! / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i]! < basis[leaving]!)) {
        best = ratio;
        leaving = i;
      }
    }
    if (leaving < 0) return 'unbounded';
    pivot(tableau, leaving, entering, reduced);
  }
}

function pivot(tableau: Tableau, r: number, j: number, reduced: Float64Array | null): void {
  const { rows, columns } = tableau;
  const pivotRow = rows[r]!;
  const p = pivotRow[j]!;
  for (let c = 0; c <= columns; c++) pivotRow[c]! /= p;
  for (let i = 0; i < rows.length; i++) {
    if (i === r) continue;
    const row = rows[i]!;
    const f = row[j]!;
    if (f === 0) continue;
    for (let c = 0; c <= columns; c++) row[c]! -= f * pivotRow[c]!;
  }
  if (reduced) {
    const f = reduced[j]!;
    if (f !== 0) for (let c = 0; c <= columns; c++) reduced[c]! -= f * pivotRow[c]!;
  }
  tableau.basis[r] = j;
}
