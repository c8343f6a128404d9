// The auditor plays the attacker: from the published cells and the additive relations it computes,
// by linear programming, the tightest interval each suppressed cell can be placed in.
import { variableBounds } from './linear-program.ts';
import type { Relation } from './table.ts';
import type { Coordinates, SuppressionKind } from './types.ts';
import { DEFAULT_RULES } from './types.ts';

export interface PublishedCell {
  key: string;
  coords: Coordinates;
  /** null when suppressed. */
  value: number | null;
  suppressed: false | SuppressionKind;
}

export interface PublishedTable {
  cells: readonly PublishedCell[];
  relations: readonly Relation[];
}

export interface CellInterval {
  key: string;
  coords: Coordinates;
  /** What an attacker can prove about the suppressed count: lower ≤ value ≤ upper. */
  lower: number;
  upper: number;
  /** lower === upper: the value is recovered exactly. */
  exact: boolean;
}

export interface AuditReport {
  /** True when no suppressed cell is exposed. */
  safe: boolean;
  /** Suppressed cells pinned down exactly or into an interval narrower than the rule. */
  exposed: CellInterval[];
  /** The attacker's interval for every suppressed cell. */
  intervals: CellInterval[];
}

export interface AuditOptions {
  /** Required width upper − lower of every suppressed cell's interval (default 10). */
  minIntervalWidth?: number;
  /** Audit every suppressed cell (default) or only the primary ones. */
  scope?: 'all' | 'primary';
  /**
   * The output shows which cells are primary (e.g. "<10" for them, "—" for the others), so the
   * attacker also knows each primary cell lies in [1, threshold − 1]. A primary cell is then exposed
   * when the attacker can narrow that range at all. Default false: kinds are not shown (`toPublicCells`).
   */
  attackerKnowsPrimary?: { threshold: number; zeroIsSensitive?: boolean };
}

/**
 * Es: audita una tabla publicada: devuelve las celdas suprimidas que un atacante puede acotar (exacta o estrechamente).
 * En: audits a published table: returns the suppressed cells an attacker can pin down (exactly or too narrowly).
 *
 * The attacker knows every published value, every relation (total = Σ parts) and that counts are
 * non-negative; not which suppressed cells are primary. Bounds are those of the linear relaxation,
 * rounded inwards to integers; for 2-D tables with margins and for tables linked through shared
 * margins the constraint matrix is a network matrix, so these are also the exact integer bounds.
 */
export function auditTable(published: PublishedTable, options: AuditOptions = {}): AuditReport {
  const width = options.minIntervalWidth ?? DEFAULT_RULES.minIntervalWidth;
  const values = new Map<string, number | null>();
  const byKey = new Map<string, PublishedCell>();
  for (const cell of published.cells) {
    values.set(cell.key, cell.value);
    byKey.set(cell.key, cell);
  }
  const known = options.attackerKnowsPrimary;
  const labelRange = known ? { lower: known.zeroIsSensitive ? 0 : 1, upper: known.threshold - 1 } : undefined;
  const labelled = new Map<string, { lower: number; upper: number }>();
  if (labelRange) for (const cell of published.cells) if (cell.suppressed === 'primary') labelled.set(cell.key, labelRange);
  const bounds = suppressedBounds(values, published.relations, labelled);
  const intervals: CellInterval[] = [];
  for (const cell of published.cells) {
    if (cell.value !== null) continue;
    const b = bounds.get(cell.key) ?? { lower: 0, upper: Infinity };
    intervals.push({ key: cell.key, coords: cell.coords, lower: b.lower, upper: b.upper, exact: b.lower === b.upper });
  }
  const exposed = intervals.filter((i) => {
    const primary = byKey.get(i.key)?.suppressed === 'primary';
    if (options.scope === 'primary' && !primary) return false;
    if (labelRange && primary) return i.lower > labelRange.lower || i.upper < labelRange.upper;
    return i.upper - i.lower < width;
  });
  return { safe: exposed.length === 0, exposed, intervals };
}

/**
 * Es: intervalo factible de cada celda suprimida (valor null) dadas las publicadas y las relaciones.
 * En: feasible interval of each suppressed (null) cell given the published ones and the relations.
 *
 * Suppressed cells are grouped into independent components (linked through relations) so that each
 * linear program stays small. With `enoughWidth`, a cell already seen to span that width gets the
 * span seen rather than its exact bounds (enough to decide it is protected, and much faster).
 * Throws when the published values contradict the relations.
 */
export function suppressedBounds(
  values: ReadonlyMap<string, number | null>,
  relations: readonly Relation[],
  knownBounds: ReadonlyMap<string, { lower: number; upper: number }> = new Map(),
  enoughWidth = Infinity,
): Map<string, { lower: number; upper: number }> {
  const unknownsOf = (r: Relation) => [r.total, ...r.parts].filter((k) => values.get(k) === null);
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  for (const [k, v] of values) if (v === null) parent.set(k, k);
  const active: Relation[] = [];
  for (const r of relations) {
    const unknown = unknownsOf(r);
    if (unknown.length === 0) continue;
    active.push(r);
    for (const k of unknown.slice(1)) parent.set(find(k), find(unknown[0]!));
  }
  const components = new Map<string, { unknowns: string[]; relations: Relation[] }>();
  for (const k of parent.keys()) {
    const root = find(k);
    if (!components.has(root)) components.set(root, { unknowns: [], relations: [] });
    components.get(root)!.unknowns.push(k);
  }
  for (const r of active) components.get(find(unknownsOf(r)[0]!))!.relations.push(r);

  const result = new Map<string, { lower: number; upper: number }>();
  for (const { unknowns, relations: rels } of components.values()) {
    const index = new Map(unknowns.map((k, i) => [k, i]));
    const matrix: number[][] = [];
    const rhs: number[] = [];
    for (const r of rels) {
      const row = new Array<number>(unknowns.length).fill(0);
      let constant = 0; // Σ parts − total over published cells; the unknown part must cancel it
      for (const [k, sign] of [[r.total, -1] as const, ...r.parts.map((p) => [p, 1] as const)]) {
        const v = values.get(k);
        if (v === undefined) throw new Error(`relation names an unknown cell ${k}`);
        if (v === null) row[index.get(k)!]! += sign;
        else constant += sign * v;
      }
      matrix.push(row);
      rhs.push(-constant);
    }
    // Bounds the attacker knows besides x ≥ 0 become rows with slack unknowns: x + s = upper, x − s = lower.
    let variables = unknowns.length;
    const boundRows: { at: number; sign: 1 | -1; value: number }[] = [];
    unknowns.forEach((k, i) => {
      const b = knownBounds.get(k);
      if (!b) return;
      boundRows.push({ at: i, sign: 1, value: b.upper }, { at: i, sign: -1, value: b.lower });
    });
    if (boundRows.length > 0 || rels.length > 0) {
      variables += boundRows.length;
      for (const row of matrix) row.push(...new Array<number>(boundRows.length).fill(0));
      boundRows.forEach((b, j) => {
        const row = new Array<number>(variables).fill(0);
        row[b.at] = 1;
        row[unknowns.length + j] = b.sign;
        matrix.push(row);
        rhs.push(b.value);
      });
    }
    const bounds = matrix.length === 0 ? null : variableBounds(matrix, rhs, variables, unknowns.length, enoughWidth);
    if (matrix.length > 0 && !bounds) throw new Error('the published values contradict the table relations');
    unknowns.forEach((k, i) => {
      const lower = bounds ? Math.max(0, Math.ceil(bounds.lower[i]! - 1e-6)) : 0;
      const upper = bounds && Number.isFinite(bounds.upper[i]!) ? Math.floor(bounds.upper[i]! + 1e-6) : Infinity;
      result.set(k, { lower, upper });
    });
  }
  return result;
}
