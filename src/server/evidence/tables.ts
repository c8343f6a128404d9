// A public or restricted table as the reader gets it — labels in her language, the disclosure note —
// and as CSV or XLSX, for the statistics routes and for `enlace report --table`.
import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../../domain/code-lists.ts';
import { answerView, INDICATORS, publicView, REPORT_TEXT, type DimensionName, type Indicator, type PersonFacts, type ViewAnswer } from '../../evidence/index.ts';
import { neutraliseFormula } from '../../importers/index.ts';
import { tableXlsx } from '../exports/xlsx.ts';
import { Problem } from '../errors.ts';
import type { StatisticsScope } from '../policies/statistics.ts';
import type { RegionPlans } from './region-plans.ts';
import { computedIndicator, type Audience, type EvidenceService, type Snapshot } from './service.ts';

/** Marks every suppressed figure the same way (never saying whether primary or secondary). */
export const SUPPRESSED_MARK = 'x';

/** A table answer with the labels of its values in the reader's language. */
export function present(answer: ViewAnswer, facts: PersonFacts, lang: Lang, snapshot: Snapshot, indicator: Indicator, year: string, audience: Audience) {
  return {
    indicator: { id: indicator.id, ref: indicator.ref, name: indicator.name[lang], definition: indicator.definition[lang] },
    year,
    view: answer.view,
    audience,
    dimensions: answer.dimensions.map((d) => ({ name: d, label: facts.dimensions[d][lang], values: facts.dimensions[d].values.map((v) => ({ code: v.code, label: v[lang] })) })),
    figures: answer.figures,
    disclosure: { note: answer.summary.note[lang], rules: answer.summary.rulesApplied, suppressedMark: SUPPRESSED_MARK },
    dataAsOf: snapshot.readAt,
  };
}

export type TableAnswer = ReturnType<typeof present> & { scope?: ScopeView };

/** The scope a restricted answer is for, as the screen states it ("Región: Loreto"): its parts labelled. */
export function scopeView(scope: StatisticsScope, facts: PersonFacts, lang: Lang) {
  if (scope.national) return { national: true as const, parts: [] };
  const label = (d: 'detectionDept' | 'agency', code: string) => ({ code, label: facts.dimensions[d].values.find((v) => v.code === code)?.[lang] ?? code });
  return {
    national: false as const,
    parts: scope.parts.map((p) => ({ ...(p.department === undefined ? {} : { department: label('detectionDept', p.department) }), ...(p.agency === undefined ? {} : { agency: label('agency', p.agency) }) })),
  };
}
export type ScopeView = ReturnType<typeof scopeView>;

const SCOPE_TEXT = {
  es: { scope: 'Ámbito', national: 'nacional', none: 'ninguno', region: 'región', agency: 'institución', rule: 'víctimas detectadas o registradas primero en la región; de la institución: con un expediente suyo' },
  en: { scope: 'Scope', national: 'national', none: 'none', region: 'region', agency: 'agency', rule: 'victims first detected or registered in the region; of the agency: with a case file of it' },
} as const;

/** Es: el ámbito de un cuadro restringido, dicho bajo él. En: the scope of a restricted table, said under it. */
export function scopeNote(scope: ScopeView, lang: Lang): string {
  const t = SCOPE_TEXT[lang];
  if (scope.national) return `${t.scope}: ${t.national}`;
  if (scope.parts.length === 0) return `${t.scope}: ${t.none}`;
  const parts = scope.parts.map((p) => [p.department ? `${t.region} ${p.department.label}` : '', p.agency ? `${t.agency} ${p.agency.label}` : ''].filter((x) => x !== '').join(', '));
  return `${t.scope}: ${parts.join('; ')} (${t.rule})`;
}

/** A table as rows: the headers, then one row per figure (labels, then the count or the suppressed mark). */
export function tableRows(answer: TableAnswer): (string | number)[][] {
  const header = [...answer.dimensions.map((d) => d.label), answer.indicator.name];
  const label = (d: (typeof answer.dimensions)[number], code: string | undefined) => (code === undefined ? 'Total' : (d.values.find((v) => v.code === code)?.label ?? code));
  return [header, ...answer.figures.map((f) => [...answer.dimensions.map((d) => label(d, f.coords[d.name])), f.value === null ? SUPPRESSED_MARK : f.value])];
}

/** Any table to export: its rows (the headers first), the notes said under it, and the date of its data. */
export interface ExportGrid {
  sheet: string;
  rows: (string | number)[][];
  notes: string[];
  dataAsOf: string;
}

/** Es: un cuadro en CSV (fórmulas neutralizadas), con sus notas. En: a table as CSV (formulas neutralised), with its notes. */
export function gridCsv(grid: ExportGrid): string {
  const csv = stringify(grid.rows.map((l) => l.map((v) => neutraliseFormula(String(v)))));
  return `${csv}${grid.notes.map((n) => `# ${n.replace(/\n/g, ' ')}\n`).join('')}# ${grid.dataAsOf}\n`;
}

/** Es: un cuadro en XLSX (texto siempre como texto, nunca fórmula). En: a table as XLSX (text always as text, never a formula). */
export function gridWorkbook(grid: ExportGrid): Buffer {
  return tableXlsx(grid.sheet, [...grid.rows, [], ...grid.notes.map((n) => [n]), [grid.dataAsOf]]);
}

/** The body and content type of a table exported as CSV or XLSX. */
export function gridFile(grid: ExportGrid, format: 'csv' | 'xlsx'): { type: string; body: string | Buffer } {
  return format === 'csv' ? { type: 'text/csv; charset=utf-8', body: gridCsv(grid) } : { type: XLSX_TYPE, body: gridWorkbook(grid) };
}

const tableGrid = (answer: TableAnswer, lang?: Lang): ExportGrid => ({
  sheet: `${answer.indicator.id} ${answer.year}`,
  rows: tableRows(answer),
  notes: [...(answer.scope && lang ? [scopeNote(answer.scope, lang)] : []), answer.disclosure.note],
  dataAsOf: answer.dataAsOf,
});

/** Es: el cuadro en CSV, con la nota de confidencialidad. En: the table as CSV, with the disclosure note. */
export function tableCsv(answer: TableAnswer, lang?: Lang): string {
  return gridCsv(tableGrid(answer, lang));
}

/** Es: el cuadro en XLSX. En: the table as XLSX. */
export function tableWorkbook(answer: TableAnswer, lang?: Lang): Buffer {
  return gridWorkbook(tableGrid(answer, lang));
}

export const tableFileName = (answer: TableAnswer, extension: string) => `${answer.indicator.id}-${answer.year}-${answer.view}${answer.audience === 'public' ? '' : '-restringido'}.${extension}`;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PublicTableRequest {
  indicator: string;
  view: string;
  /** Default: the latest year with data. */
  year?: string | undefined;
  lang: Lang;
}

/**
 * Es: un cuadro público completo (todas las dimensiones de la vista), como lo sirve la ruta pública.
 * En: a whole public table (every dimension of the view), as the public route serves it; bad input is a 400/404 Problem.
 */
export async function publicTable(service: EvidenceService, request: PublicTableRequest): Promise<TableAnswer> {
  const snapshot = await service.current();
  const indicator = computedIndicator(request.indicator);
  if (!indicator) throw new Problem(400, 'problem.unknownIndicator', { indicator: request.indicator });
  const view = publicView(request.view);
  if (!view) throw new Problem(400, 'problem.unknownView', { view: request.view });
  if (snapshot.years.length === 0) throw new Problem(404, 'problem.noStatistics');
  const year = request.year ?? (snapshot.years[snapshot.years.length - 1] as string);
  if (!snapshot.years.includes(year)) throw new Problem(400, 'problem.unknownYear', { year });
  const release = await service.release(snapshot, indicator, year, 'public');
  return present(answerView(release, view.id, {}, view.dimensions), snapshot.facts, request.lang, snapshot, indicator, year, 'public');
}

/**
 * Es: la tendencia pública: el total de cada año leído de la publicación de ese año (coincide con sus cuadros).
 * En: the public trend: each year's total read from that year's release, so it agrees with the year's tables.
 */
export async function publicTrend(service: EvidenceService, snapshot: Snapshot, indicator: Indicator, filters: Partial<Record<DimensionName, string>>, lang: Lang, audience: Audience = 'public') {
  return service.answer(snapshot, `trend|${audience}|${lang}|${indicator.id}|${filters.sex ?? ''}|${filters.childAdult ?? ''}`, async () => {
    const releases = await Promise.all(snapshot.years.map((year) => service.release(snapshot, indicator, year, audience)));
    const points = releases.map((release) => {
      const grand = answerView(release, 'sex', filters, []).figures.find((f) => Object.keys(f.coords).length === Object.keys(filters).length);
      return { year: release.year, value: grand?.value ?? null };
    });
    return { indicator: { id: indicator.id, name: indicator.name[lang] }, filters, points, dataAsOf: snapshot.readAt };
  });
}

const TREND_NOTE = {
  es: 'Cada cifra es el total del año en la publicación protegida de ese año (no se publican conteos de 1 a 9 ni los que permitirían recalcularlos), así que coincide con los cuadros del año.',
  en: "Each figure is the year's total in that year's protected release (counts of 1 to 9 are not published, nor those that would let them be recalculated), so it agrees with the year's tables.",
} as const;

/** Es: la tendencia como cuadro: año y cifra, los filtros y la nota de confidencialidad. En: the trend as a table: year and figure, its filters and the disclosure note. */
export async function trendGrid(service: EvidenceService, snapshot: Snapshot, indicator: Indicator, filters: Partial<Record<DimensionName, string>>, lang: Lang, scope?: ScopeView): Promise<ExportGrid> {
  const trend = await publicTrend(service, snapshot, indicator, filters, lang, scope ? 'restricted' : 'public');
  const note = TREND_NOTE[lang];
  const filterNotes = Object.entries(filters).map(([d, code]) => {
    const dimension = snapshot.facts.dimensions[d as DimensionName];
    return `${dimension[lang]}: ${dimension.values.find((v) => v.code === code)?.[lang] ?? code}`;
  });
  return {
    sheet: `${indicator.id}`,
    rows: [[REPORT_TEXT[lang].year, trend.indicator.name], ...trend.points.map((p) => [p.year, p.value === null ? SUPPRESSED_MARK : p.value])],
    notes: [...(scope ? [scopeNote(scope, lang)] : []), ...filterNotes, note, REPORT_TEXT[lang].suppressed],
    dataAsOf: trend.dataAsOf,
  };
}

export const trendFileName = (indicator: Indicator, filters: Partial<Record<DimensionName, string>>, extension: string) =>
  `${[indicator.id, 'tendencia', filters.sex, filters.childAdult].filter((x) => x !== undefined).join('-')}.${extension}`;

/** Es: las metas de los planes de una región frente a sus cifras publicadas. En: a region's plan targets against its published figures. */
export function plansGrid(answer: Pick<RegionPlans, 'plans'>, region: string, lang: Lang, dataAsOf: string): ExportGrid {
  const t = REPORT_TEXT[lang];
  const indicatorName = (id: string) => INDICATORS.find((i) => i.id === id)?.name[lang] ?? id;
  const figure = (v: number | null) => (v === null ? SUPPRESSED_MARK : v);
  return {
    sheet: `${region} plan`,
    rows: [
      [t.plan.split(':')[0] as string, t.year, t.indicator, t.target, t.actual, t.met],
      ...answer.plans.flatMap((p) => p.progress.map((r) => [`${p.title} (${p.periodFrom}–${p.periodTo})`, r.year, indicatorName(r.indicator), r.target, figure(r.actual), r.met === null ? '—' : r.met ? t.yes : t.no])),
    ],
    notes: [t.planNote, t.suppressed],
    dataAsOf,
  };
}

/** Es: la inversión pública de una región por año y finalidad, junto a sus víctimas identificadas (cifra publicada). En: a region's public investment per year and purpose, beside its victims identified (published figure). */
export function investmentGrid(answer: Pick<RegionPlans, 'investment'>, region: string, lang: Lang, dataAsOf: string): ExportGrid {
  const t = REPORT_TEXT[lang];
  return {
    sheet: `${region} inversion`,
    rows: [
      [t.year, t.purpose, t.projects, t.budget, t.executed, t.victims],
      ...answer.investment.map((r) => [r.year, t.purposes[r.purpose] ?? r.purpose, r.projects, r.budget, r.executed, r.victimsIdentified === null ? SUPPRESSED_MARK : r.victimsIdentified]),
    ],
    notes: [t.investmentNote, t.suppressed],
    dataAsOf,
  };
}
