// The public release: for one indicator and one year, a fixed set of tables (each at most three
// dimensions, the department as finest geography) protected TOGETHER — they share the sex ×
// child/adult margins and the department totals, and tables sharing cells must be suppressed and
// audited as one system (src/disclosure README). Every public answer is read from this release,
// so no combination of filters can difference a small count out of it. Years are separate
// releases over disjoint persons (a person belongs to the year of her first detection); no table
// spans several years, so no year can be recovered by subtracting one release from another. Pure.
import {
  answerQuery,
  linkTables,
  roundProtectedTable,
  suppressTable,
  tableFromCounts,
  toPublicCells,
  type DisclosureRules,
  type DisclosureSummary,
  type ProtectedTable,
  type RoundingOptions,
  type CountCell,
  type Dimension,
} from '../disclosure/index.ts';
import { crossCounts, type Where } from './count.ts';
import type { DimensionName } from './dimensions.ts';
import type { PersonFacts } from './facts.ts';
import type { Indicator } from './indicators.ts';

export interface PublicView {
  id: string;
  dimensions: readonly DimensionName[];
}

/**
 * The public tables of a release; the first dimension is what the view is "by". One-way tables
 * and two small two-way ones: they share only the grand total (and the flows share their own
 * margins), so their joint protection stays cheap. Three-way tables (department × sex ×
 * child/adult) linked through their sex × child/adult margins made the suppression search run
 * for minutes on small years, so they are not published (the time limit of the protection thread,
 * src/server/evidence/protection.ts, is the guard should one be added).
 */
export const PUBLIC_VIEWS: readonly PublicView[] = [
  { id: 'detectionDept', dimensions: ['detectionDept'] },
  { id: 'exploitation', dimensions: ['exploitation'] },
  { id: 'nationality', dimensions: ['nationality'] },
  { id: 'ageBand', dimensions: ['ageBand'] },
  { id: 'gender', dimensions: ['gender'] },
  { id: 'sex', dimensions: ['sex', 'childAdult'] },
  // Recruitment and exploitation by department are the margins of the flows between them: one
  // table, so that its cells and its margins are protected as one.
  { id: 'flows', dimensions: ['recruitmentDept', 'exploitationDept'] },
];

export function publicView(id: string): PublicView | undefined {
  return PUBLIC_VIEWS.find((v) => v.id === id);
}

export interface Release {
  indicator: string;
  year: string;
  table: ProtectedTable;
  /** Published with rounding (public) or exact outside suppression (restricted audiences). */
  rounded: boolean;
  /** The values of every dimension of the views, in their order. */
  values: Partial<Record<DimensionName, string[]>>;
}

export interface ReleaseOptions {
  rules?: Partial<DisclosureRules>;
  /** Rounding after suppression; `false` for restricted audiences (default: floor to 5 below 100). */
  rounding?: RoundingOptions | false;
}

/** What a release protects: the finest counts of every public view, before any protection. */
export interface ReleaseCounts {
  indicator: string;
  year: string;
  views: { dimensions: Dimension[]; cells: CountCell[] }[];
}

/**
 * Tables larger than this are refused rather than protected: the suppression search grows much
 * faster than the table (linked three-way tables ran for minutes), and a request must not wait on it.
 */
export const MAX_RELEASE_CELLS = 5_000;

/** Es: los conteos de las vistas públicas de un indicador en un año. En: the counts of an indicator's public views for one year. */
export function releaseCounts(facts: PersonFacts, indicator: Indicator, year: string): ReleaseCounts {
  if (!indicator.population) throw new Error(`indicator ${indicator.id} is not computed yet`);
  const where: Where = { ...indicator.population, year: [year] };
  return {
    indicator: indicator.id,
    year,
    views: PUBLIC_VIEWS.map((view) => ({
      dimensions: view.dimensions.map((d) => ({ name: d, values: facts.dimensions[d].values.map((v) => v.code) })),
      cells: crossCounts(facts, view.dimensions, where),
    })),
  };
}

/**
 * Es: protege juntas todas las tablas públicas de un indicador en un año (lo que corre en el hilo de protección).
 * En: protects all public tables of an indicator for one year, together (what the protection thread runs).
 */
export function protectCounts(counts: ReleaseCounts, options: ReleaseOptions = {}): Release {
  const tables = counts.views.map((view) => tableFromCounts(view.dimensions, view.cells));
  const linked = linkTables(...tables);
  if (linked.cells.size > MAX_RELEASE_CELLS) throw new RangeError(`a release of ${linked.cells.size} cells is larger than ${MAX_RELEASE_CELLS}`);
  const suppressed = suppressTable(linked, options.rules ?? {});
  const rounding = options.rounding ?? {};
  const values: Partial<Record<DimensionName, string[]>> = {};
  for (const view of counts.views) for (const d of view.dimensions) values[d.name as DimensionName] = [...d.values];
  return { indicator: counts.indicator, year: counts.year, table: rounding === false ? suppressed : roundProtectedTable(suppressed, rounding), rounded: rounding !== false, values };
}

/** Es: protege juntas todas las tablas públicas de un indicador en un año. En: protects all public tables of an indicator for one year, together. */
export function protectRelease(facts: PersonFacts, indicator: Indicator, year: string, options: ReleaseOptions = {}): Release {
  return protectCounts(releaseCounts(facts, indicator, year), options);
}

export interface PublicFigure {
  coords: Record<string, string>;
  /** Null when suppressed; every suppressed figure looks the same (primary or secondary). */
  value: number | null;
  margin: boolean;
}

export interface ViewAnswer {
  view: string;
  dimensions: readonly DimensionName[];
  figures: PublicFigure[];
  summary: DisclosureSummary;
}

/**
 * Es: una vista de la publicación, con filtros de un solo valor por dimensión de la vista.
 * En: one view of the release, filtered to one value per dimension of the view.
 *
 * Filters hold one value each so that every figure is one cell of the release, never a sum of
 * rounded cells. The view's first dimension is broken down; the others are filtered or totalled.
 */
export function answerView(release: Release, viewId: string, filters: Partial<Record<DimensionName, string>> = {}, breakdown?: readonly DimensionName[]): ViewAnswer {
  const view = publicView(viewId);
  if (!view) throw new RangeError(`unknown view ${viewId}`);
  for (const d of Object.keys(filters)) if (!view.dimensions.includes(d as DimensionName)) throw new RangeError(`the ${viewId} view has no ${d} dimension`);
  const groupBy = breakdown ?? [view.dimensions[0] as DimensionName];
  for (const d of groupBy) if (!view.dimensions.includes(d)) throw new RangeError(`the ${viewId} view has no ${d} dimension`);
  const dimensions = view.dimensions.map((d) => ({ name: d, values: release.values[d] ?? [] }));
  const fixed = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, string>;
  for (const [d, v] of Object.entries(filters)) if (v !== undefined && !release.values[d as DimensionName]?.includes(v)) throw new RangeError(`unknown value ${v} of ${d}`);
  const answer = answerQuery(release.table, dimensions, {
    filters: Object.fromEntries(Object.entries(fixed).map(([d, v]) => [d, [v]])),
    groupBy,
  });
  return {
    view: viewId,
    dimensions: view.dimensions,
    // Each figure names its whole population: the filters as well as its breakdown.
    figures: toPublicCells(answer.cells).map((c) => ({ coords: { ...fixed, ...c.coords }, value: c.value, margin: c.margin })),
    summary: release.table.summary,
  };
}
