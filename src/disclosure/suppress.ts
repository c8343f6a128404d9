// Small-cell suppression with secondary (complementary) suppression, driven by the auditor until
// no suppressed cell can be recovered or narrowed from the published cells and margins.
import { suppressedBounds } from './audit.ts';
import type { PublishedCell } from './audit.ts';
import type { LinkedTable, Relation, TableCell } from './table.ts';
import type { BilingualText, Coordinates, DisclosureRules, DisclosureSummary, SuppressionKind } from './types.ts';
import { isSensitiveCount, resolveRules } from './types.ts';

export type ProtectedCell =
  | { key: string; coords: Coordinates; value: number; suppressed: false }
  | { key: string; coords: Coordinates; value: null; suppressed: SuppressionKind };

/** The clean-up pass costs one audit per secondary cell: only for tables up to this many cells. */
const CLEANUP_CELLS = 400;

/** Cells with a fixed fate (see `suppressTable`). */
export interface SpecialCells {
  known?: Iterable<string>;
  hidden?: Iterable<string>;
  /**
   * Which withheld cells must keep an interval ≥ `minIntervalWidth` (and a partner in each relation):
   * 'all' (default) or only the 'sensitive' ones (1–9, hidden or not). With hidden building blocks,
   * withheld sums of them are often exactly derivable and 'all' cannot be met; 'sensitive' still
   * gives the guarantee that matters: an implied sum of withheld counts of 1–9 would bound each of
   * its counts within 1–9 — a sensitive one among them, caught — so every implied sum is 0 or ≥ 10.
   */
  audit?: 'all' | 'sensitive';
}

export interface ProtectedTable {
  cells: ProtectedCell[];
  relations: readonly Relation[];
  rules: DisclosureRules;
  summary: DisclosureSummary;
}

/**
 * Es: suprime celdas pequeñas (primaria) y las complementarias necesarias (secundaria) hasta que el auditor acepte la tabla.
 * En: suppresses small cells (primary) and the complementary cells needed (secondary) until the auditor accepts the table.
 *
 * Margins are cells like any other: a small total is suppressed too. Complements are chosen to lose
 * the least: inner cells before totals, then the smallest count that gives the needed width. Two
 * passes repeat until stable: (1) every relation holding a suppressed cell holds at least two;
 * (2) every suppressed cell's attacker interval (linear programming) is at least `minIntervalWidth` wide.
 * A final pass (tables up to 400 cells) publishes again any secondary cell that turned out not to be needed.
 *
 * `cells.known`: cells the reader knows from elsewhere (published by another protected output):
 * never suppressed, never chosen as complements. `cells.hidden`: cells never published (the
 * building blocks of a system whose sums are published): withheld from the start, and protected
 * like a primary cell only when sensitive themselves (a hidden count of 10 or more may be derivable).
 * Both come out suppressed (hidden) or published (known) like any other cell. `cells.audit`:
 * 'sensitive' protects only the counts of 1–9 (see `SpecialCells`).
 */
export function suppressTable(table: LinkedTable, rules: Partial<DisclosureRules> = {}, special: SpecialCells = {}): ProtectedTable {
  const resolved = resolveRules(rules);
  const cells = [...table.cells.values()];
  const known = new Set(special.known ?? []);
  const hidden = new Set(special.hidden ?? []);
  for (const k of [...known, ...hidden]) if (!table.cells.has(k)) throw new Error(`no cell ${k} in the table`);
  for (const k of known) if (hidden.has(k)) throw new Error(`cell ${k} cannot be both known and hidden`);
  const kinds = new Map<string, SuppressionKind>();
  for (const cell of cells) if (!known.has(cell.key) && isSensitiveCount(cell.value, resolved)) kinds.set(cell.key, 'primary');
  /** Withheld from the reader: suppressed, or hidden (whose value need not be protected unless sensitive). */
  const withheld = (k: string) => kinds.has(k) || hidden.has(k);
  /** Withheld and to be protected. */
  const guarded = special.audit === 'sensitive' ? (k: string) => kinds.get(k) === 'primary' : (k: string) => kinds.has(k);

  const relationsOf = new Map<string, Relation[]>();
  const totals = new Set<string>();
  for (const r of table.relations) {
    totals.add(r.total);
    for (const k of [r.total, ...r.parts]) {
      if (!table.cells.has(k)) throw new Error(`relation names an unknown cell ${k}`);
      if (!relationsOf.has(k)) relationsOf.set(k, []);
      relationsOf.get(k)!.push(r);
    }
  }
  const valueOf = (k: string) => table.cells.get(k)!.value;
  const members = (r: Relation) => [r.total, ...r.parts];

  /** Best unsuppressed member of the relations to complement, for a needed width. */
  const chooseComplement = (relations: readonly Relation[], need: number): string | undefined => {
    let best: string | undefined;
    let bestScore: number[] = [];
    for (const r of relations) {
      for (const k of members(r)) {
        if (withheld(k) || known.has(k)) continue;
        const v = valueOf(k);
        const enough = v >= need;
        // A zero adds nothing to any sum, so it comes last; inner cells before totals; then enough
        // width first, the smallest such count (or the largest when none is enough); the key breaks
        // ties so that results are reproducible.
        const score = [v === 0 ? 1 : 0, totals.has(k) ? 1 : 0, enough ? 0 : 1, enough ? v : -v];
        if (best === undefined || lexLess(score, bestScore) || (lexEqual(score, bestScore) && k < best)) {
          best = k;
          bestScore = score;
        }
      }
    }
    return best;
  };

  const enforcePairs = () => {
    const queue = [...table.relations];
    while (queue.length > 0) {
      const r = queue.pop()!;
      const suppressed = members(r).filter(withheld);
      if (suppressed.length !== 1 || !guarded(suppressed[0]!)) continue;
      const lone = suppressed[0]!;
      const need = resolved.minIntervalWidth - (lone === r.total ? 0 : valueOf(lone));
      const complement = chooseComplement([r], need);
      if (complement === undefined) continue;
      kinds.set(complement, 'secondary');
      queue.push(...relationsOf.get(complement)!);
    }
  };

  for (let round = 0; ; round++) {
    enforcePairs();
    const exposed = exposedCells(cells, kinds, hidden, guarded, table.relations, resolved.minIntervalWidth);
    if (exposed.length === 0) break;
    if (round > cells.length) throw new Error('secondary suppression did not converge');
    const touched = new Set<Relation>();
    let added = 0;
    for (const { key, width } of exposed) {
      const own = relationsOf.get(key) ?? [];
      if (own.some((r) => touched.has(r))) continue;
      let complement = chooseComplement(own, resolved.minIntervalWidth - width);
      // All its relations fully suppressed yet still narrow: widen through the neighbours' relations.
      if (complement === undefined) complement = chooseComplement(neighbourRelations(key, relationsOf, kinds), resolved.minIntervalWidth - width);
      if (complement === undefined) continue;
      kinds.set(complement, 'secondary');
      for (const r of relationsOf.get(complement)!) touched.add(r);
      added++;
    }
    if (added === 0) {
      // Last resort, never expected: suppress every remaining cell of the table.
      let more = 0;
      for (const cell of cells) {
        if (withheld(cell.key) || known.has(cell.key)) continue;
        kinds.set(cell.key, 'secondary');
        more++;
      }
      if (more === 0) throw new Error('the known cells leave no way to protect the table');
    }
  }

  // Clean-up: complements added greedily may have become unnecessary once later ones were added.
  // Try publishing each secondary cell again, largest count first (it carries the most
  // information), and keep it published when the pair rule and the auditor still hold.
  const secondaries = [...kinds].filter(([, kind]) => kind === 'secondary').map(([key]) => key);
  if (cells.length <= CLEANUP_CELLS) {
    secondaries.sort((a, b) => valueOf(b) - valueOf(a) || (a < b ? -1 : 1));
    for (const key of secondaries) {
      kinds.delete(key);
      const pairsHold = (relationsOf.get(key) ?? []).every((r) => {
        const out = members(r).filter(withheld);
        return out.length !== 1 || !guarded(out[0]!);
      });
      if (pairsHold && exposedCells(cells, kinds, hidden, guarded, table.relations, resolved.minIntervalWidth).length === 0) continue;
      kinds.set(key, 'secondary');
    }
  }

  const protectedCells: ProtectedCell[] = cells.map((cell) => {
    const kind = kinds.get(cell.key) ?? (hidden.has(cell.key) ? 'secondary' : undefined);
    return kind ? { key: cell.key, coords: cell.coords, value: null, suppressed: kind } : { key: cell.key, coords: cell.coords, value: cell.value, suppressed: false };
  });
  return { cells: protectedCells, relations: table.relations, rules: resolved, summary: summarise(protectedCells, resolved, []) };
}

/** A cell as the public sees it: suppressed or not, never why. */
export type PublicCell<T extends { value: number | null; suppressed: false | SuppressionKind }> = Omit<T, 'suppressed'> & { suppressed: boolean };

/**
 * Es: celdas para publicar: las suprimidas llevan el mismo signo, sin decir si son primarias o secundarias.
 * En: cells for publication: suppressed ones carry one mark, without saying whether primary or secondary.
 *
 * Showing the kind tells the attacker that primary cells lie in 1–9, which the protection rule does
 * not assume: two primary cells known to add up to 18 are then both 9. Works for table and query cells.
 */
export function toPublicCells<T extends { value: number | null; suppressed: false | SuppressionKind }>(cells: readonly T[]): PublicCell<T>[] {
  return cells.map((c) => ({ ...c, suppressed: c.suppressed !== false }));
}

function exposedCells(
  cells: readonly TableCell[],
  kinds: ReadonlyMap<string, SuppressionKind>,
  hidden: ReadonlySet<string>,
  guarded: (key: string) => boolean,
  relations: readonly Relation[],
  width: number,
): { key: string; width: number }[] {
  const values = new Map<string, number | null>();
  for (const c of cells) values.set(c.key, kinds.has(c.key) || hidden.has(c.key) ? null : c.value);
  const bounds = suppressedBounds(values, relations, new Map(), width);
  const out: { key: string; width: number }[] = [];
  for (const [key, b] of bounds) if (guarded(key) && b.upper - b.lower < width) out.push({ key, width: b.upper - b.lower });
  // Primary cells first, then by key, so the choice of complements is reproducible.
  return out.sort((a, b) => Number(kinds.get(b.key) === 'primary') - Number(kinds.get(a.key) === 'primary') || (a.key < b.key ? -1 : 1));
}

function neighbourRelations(key: string, relationsOf: ReadonlyMap<string, Relation[]>, kinds: ReadonlyMap<string, SuppressionKind>): Relation[] {
  const seen = new Set<string>([key]);
  const frontier = [key];
  const out = new Set<Relation>();
  while (frontier.length > 0) {
    const k = frontier.shift()!;
    for (const r of relationsOf.get(k) ?? []) {
      out.add(r);
      for (const m of [r.total, ...r.parts]) {
        if (kinds.has(m) && !seen.has(m)) {
          seen.add(m);
          frontier.push(m);
        }
      }
    }
  }
  return [...out];
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function lexEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.every((v, i) => v === b[i]);
}

/**
 * Es: resumen y nota de confidencialidad (es/en) de un conjunto de celdas protegidas.
 * En: summary and disclosure note (es/en) of a set of protected cells.
 */
export function summarise(cells: readonly PublishedCell[], rules: DisclosureRules, extraRules: readonly string[]): DisclosureSummary {
  const primary = cells.filter((c) => c.suppressed === 'primary').length;
  const secondary = cells.filter((c) => c.suppressed === 'secondary').length;
  const rulesApplied = [`threshold:${rules.threshold}`, ...(rules.zeroIsSensitive ? ['zero-sensitive'] : []), `secondary:lp-audit:${rules.minIntervalWidth}`, ...extraRules];
  return { cells: cells.length, published: cells.length - primary - secondary, primary, secondary, rulesApplied, note: disclosureNote(primary, secondary, rules, extraRules) };
}

function disclosureNote(primary: number, secondary: number, rules: DisclosureRules, extraRules: readonly string[]): BilingualText {
  const low = rules.zeroIsSensitive ? 0 : 1;
  const high = rules.threshold - 1;
  const rounding = extraRules.find((r) => r.startsWith('round:'));
  const base = rounding?.split(':')[1];
  const es = [
    `Para proteger la identidad de las víctimas, no se publican conteos de ${low} a ${high}.`,
    primary + secondary === 0
      ? 'Ninguna celda de este cuadro requirió supresión.'
      : `Se suprimieron ${primary + secondary} celdas (—): ${primary} por tener un conteo bajo y ${secondary} para que no puedan recalcularse a partir de los totales.`,
    ...(base ? [`Las cifras están redondeadas a múltiplos de ${base}; los totales pueden no coincidir con la suma de las partes.`] : []),
  ].join(' ');
  const en = [
    `To protect victims' identities, counts from ${low} to ${high} are not published.`,
    primary + secondary === 0
      ? 'No cell of this table needed suppression.'
      : `${primary + secondary} cells were suppressed (—): ${primary} because their count is small and ${secondary} so that they cannot be recalculated from the totals.`,
    ...(base ? [`Figures are rounded to multiples of ${base}; totals may differ from the sum of their parts.`] : []),
  ].join(' ');
  return { es, en };
}
