// Statistics over HTTP. Public (no sign-in): the indicator catalogue, each indicator's protected
// tables for a year (rounded), the trend over the years, CSV of any table. Restricted
// ('statistics.read'): the same tables unrounded, and the agencies' separate counts beside the
// unique count. Microdata ('export'): persons k-anonymised (k = 11). Every figure comes from the
// protected release of its year (src/evidence/publish.ts), never from a query of its own.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { labelOf, type Lang } from '../../domain/code-lists.ts';
import { todayInPeru } from '../../domain/dates.ts';
import { categoricalHierarchy, checkKAnonymity, flatHierarchy, kAnonymise, PERU_MACROREGIONS, type MicrodataRecord } from '../../disclosure/index.ts';
import {
  ABROAD,
  agencySets,
  answerView,
  DIMENSION_NAMES,
  indicatorById,
  INDICATORS,
  justiceSummary,
  narrow,
  referralSummary,
  shelterSummary,
  followUpSummary,
  careTimeSummary,
  planSummary,
  reintegrationSummary,
  reparationSummary,
  sentenceSummary,
  justiceWithSentences,
  outcomeLabel,
  type SentenceCounts,
  type CareTimeCounts,
  type PlanCounts,
  type ReintegrationCounts,
  type ReparationCounts,
  type FollowUpCounts,
  protectAgencyComparison,
  PUBLIC_VIEWS,
  publicView,
  valueLabel,
  departmentPaths,
  type DimensionName,
  type Indicator,
  type PersonFacts,
  type ReferralCounts,
  recordCountsSystem,
  publishedShare,
  type PublishedRow,
  type RecordsProtectionPlan,
  type RowCounts,
  type StageCounts,
  type StayCounts,
  UNKNOWN,
} from '../../evidence/index.ts';
import { neutraliseFormula } from '../../importers/index.ts';
import { readDepartmentShapes, regionReportPdf } from '../evidence/report.ts';
import { gridFile, present, publicTrend, scopeView, SUPPRESSED_MARK, tableCsv, tableFileName, tableWorkbook, trendFileName, trendGrid, XLSX_TYPE } from '../evidence/tables.ts';

export { SUPPRESSED_MARK };
import { planRoutes } from './plans.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { scopeFilter, scopeKey, statisticsScope } from '../policies/statistics.ts';
import { Problem } from '../errors.ts';
import { computedIndicator, EvidenceService, narrowSnapshot, type Audience, type Snapshot } from '../evidence/service.ts';
import { snapshotThreadFor } from '../evidence/snapshot-thread.ts';

const TableQuery = z
  .object({
    indicator: z.string().max(60).default('victims-identified'),
    year: z.string().regex(/^\d{4}$/, { error: 'invalid.value' }).optional(),
    view: z.string().max(40).default('detectionDept'),
    sex: z.string().max(40).optional(),
    childAdult: z.string().max(40).optional(),
    /** Dimensions of the view broken down, comma-separated (default: the view's first). */
    breakdown: z.string().max(80).optional(),
    /** The language of a download, which a link cannot send as Accept-Language (app.ts reads it). */
    lang: z.enum(['es', 'en']).optional(),
  })
  .strict();
type TableQuery = z.infer<typeof TableQuery>;

function breakdownOf(query: Pick<TableQuery, 'breakdown'>, viewId: string): DimensionName[] | undefined {
  if (query.breakdown === undefined) return undefined;
  const view = publicView(viewId);
  const names = query.breakdown.split(',').filter((d) => d !== '');
  for (const d of names) if (!view?.dimensions.includes(d as DimensionName)) throw new Problem(400, 'problem.filterNotInView', { view: viewId, dimension: d });
  if (new Set(names).size !== names.length) throw new Problem(400, 'problem.filterNotInView', { view: viewId, dimension: query.breakdown });
  return names as DimensionName[];
}

const TrendQuery = TableQuery.pick({ indicator: true, sex: true, childAdult: true, lang: true }).strict();
const ReportParams = z.object({ region: z.string().regex(/^\d{2}$/, { error: 'invalid.ubigeo' }) });
const ReportQuery = z.object({ indicator: TableQuery.shape.indicator, year: TableQuery.shape.year, from: TableQuery.shape.year, lang: z.enum(['es', 'en']).optional() }).strict();
/** The agencies' comparison: by indicator and year only (see its route). */
const AgenciesQuery = TableQuery.pick({ indicator: true, year: true }).strict();
const ReferralQuery = TableQuery.pick({ year: true, sex: true, childAdult: true }).strict();
const MicrodataQuery = z.object({ year: z.string().regex(/^\d{4}$/, { error: 'invalid.value' }).optional() }).strict();

/**
 * Statistics read a snapshot of the data at most this old (ENLACE_STATISTICS_MAX_AGE_MS; tests set
 * 0 to see each write). Five minutes: each new snapshot is read, protected and narrowed again in
 * every process, and under steady writes that came back every minute and made the worst tails of
 * every other request (bench:soak, 120 req/s at 100,000 case files: long-run p99 548 ms with five
 * minutes against 758 ms with one; short run 210 against 1,115 ms). Figures for decision makers
 * need no fresher, and each answer says when its data were read.
 */
const maxAgeMs = () => Number(process.env.ENLACE_STATISTICS_MAX_AGE_MS ?? 300_000);

/** A figure beside a protected table (case files beside the unique count): a count of 1–9 withheld. */
const hide = (n: number) => (n > 0 && n < 10 ? null : n);

/** What every restricted indicator summary breaks its counts down by. */
interface Breakdowns<C> {
  bySex: (C & { sex: string })[];
  byChildAdult: (C & { childAdult: string })[];
}

type RecordsWhere = { year?: string | undefined; sex?: string | undefined; childAdult?: string | undefined };

/** The protected counts of a row, by name. */
function rowCounts(c: object, counts: readonly string[]): RowCounts {
  const values = new Map(Object.entries(c));
  return Object.fromEntries(counts.map((k) => [k, Number(values.get(k) ?? 0)]));
}

/** Rows of a further group by their key, with their protected counts. */
function keyed<R extends object>(rows: readonly R[], key: (r: R) => string, counts: readonly string[]): Map<string, RowCounts> {
  return new Map(rows.map((r) => [key(r), rowCounts(r, counts)]));
}


function indicatorOf(id: string): Indicator {
  const indicator = computedIndicator(id);
  if (!indicator) throw new Problem(400, 'problem.unknownIndicator', { indicator: id });
  return indicator;
}

/** The year a table shows: the one asked for, else the latest with data. */
function yearOf(snapshot: Snapshot, year: string | undefined): string {
  const available = snapshot.years;
  if (available.length === 0) throw new Problem(404, 'problem.noStatistics');
  const chosen = year ?? (available[available.length - 1] as string);
  if (!available.includes(chosen)) throw new Problem(400, 'problem.unknownYear', { year: chosen });
  return chosen;
}

function filtersOf(query: Pick<TableQuery, 'sex' | 'childAdult'>, viewId: string, facts: PersonFacts): Partial<Record<DimensionName, string>> {
  const view = publicView(viewId);
  if (!view) throw new Problem(400, 'problem.unknownView', { view: viewId });
  const filters: Partial<Record<DimensionName, string>> = {};
  for (const d of ['sex', 'childAdult'] as const) {
    const value = query[d];
    if (value === undefined) continue;
    if (!view.dimensions.includes(d)) throw new Problem(400, 'problem.filterNotInView', { view: viewId, dimension: d });
    if (!facts.dimensions[d].values.some((v) => v.code === value)) throw new Problem(400, 'problem.unknownValue', { value, dimension: d });
    filters[d] = value;
  }
  return filters;
}


export async function evidenceRoutes(base: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, audit } = deps;
  const app = base.withTypeProvider<ZodTypeProvider>();
  // On a PostgreSQL server the snapshot is read in a thread of its own, from a replica if one is named.
  const snapshotThread = snapshotThreadFor(db);
  base.addHook('onClose', () => snapshotThread?.close());
  const service = new EvidenceService(db, {
    reader: snapshotThread && (() => snapshotThread.read()),
    maxAgeMs: maxAgeMs(),
    protectionLimitMs: Number(process.env.ENLACE_PROTECTION_LIMIT_MS ?? 120_000),
    requestWaitMs: Number(process.env.ENLACE_STATISTICS_WAIT_MS ?? 20_000),
    precompute: process.env.ENLACE_STATISTICS_PRECOMPUTE !== '0',
  });
  base.addHook('onClose', () => service.close());
  await planRoutes(base, deps, service);
  // A table still being protected (or that could not be) says when to come back.
  base.addHook('onError', async (_request, reply, error) => {
    const seconds = error instanceof Problem ? error.extra.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') reply.header('Retry-After', String(seconds));
  });

  /**
   * The snapshot a restricted route answers from: the persons within the user's statistical scope
   * (src/server/policies/statistics.ts) — the nation for a national analyst, her region, her
   * agency — kept per snapshot and scope, so its releases and answers are protected and kept for
   * that scope alone. Every restricted route reads through here; the public ones never do.
   */
  const narrowed = new WeakMap<Snapshot, Map<string, Snapshot>>();
  const scoped = async (request: FastifyRequest): Promise<{ snapshot: Snapshot; scope: ReturnType<typeof scopeView> }> => {
    const national = await service.current();
    const scope = statisticsScope(actorOf(request));
    let snapshot = national;
    if (!scope.national) {
      // Built at once (no await between the look-up and the keeping), so concurrent requests share it and its protected releases.
      let byScope = narrowed.get(national);
      if (!byScope) narrowed.set(national, (byScope = new Map()));
      const key = scopeKey(scope);
      snapshot = byScope.get(key) ?? narrowSnapshot(national, scopeFilter(scope, national.facts) as Uint8Array);
      byScope.set(key, snapshot);
    }
    return { snapshot, scope: scopeView(scope, snapshot.facts, request.lang) };
  };

  const table = async (request: FastifyRequest, query: TableQuery, audience: Audience) => {
    const { snapshot, scope } = audience === 'public' ? { snapshot: await service.current(), scope: undefined } : await scoped(request);
    const indicator = indicatorOf(query.indicator);
    const year = yearOf(snapshot, query.year);
    const filters = filtersOf(query, query.view, snapshot.facts);
    const breakdown = breakdownOf(query, query.view);
    const lang = request.lang;
    const key = `table|${audience}|${lang}|${indicator.id}|${year}|${query.view}|${filters.sex ?? ''}|${filters.childAdult ?? ''}|${breakdown?.join(',') ?? ''}`;
    const answer = await service.answer(snapshot, key, async () =>
      present(answerView(await service.release(snapshot, indicator, year, audience), query.view, filters, breakdown), snapshot.facts, lang, snapshot, indicator, year, audience),
    );
    return { snapshot, answer: scope === undefined ? answer : { ...answer, scope }, lang };
  };

  app.get('/api/public/indicators', { schema: { summary: 'Catálogo de indicadores / indicator catalogue', tags: ['statistics'], security: [] }, config: { policy: 'public' } }, async (request) => {
    const snapshot = await service.current();
    const lang = request.lang;
    return service.answer(snapshot, `catalogue|${lang}`, () => ({
      indicators: INDICATORS.map((i) => ({
        id: i.id,
        ref: i.ref,
        name: i.name[lang],
        definition: i.definition[lang],
        numerator: i.numerator[lang],
        denominator: i.denominator?.[lang],
        unit: i.unit,
        disaggregations: i.disaggregations,
        computed: i.population !== undefined,
        // Computed from other records for signed-in analysts only (referrals…), not published.
        restricted: i.source !== undefined,
        awaiting: i.awaiting?.[lang],
      })),
      views: PUBLIC_VIEWS,
      dimensions: DIMENSION_NAMES.map((d) => ({ name: d, label: snapshot.facts.dimensions[d][lang], values: snapshot.facts.dimensions[d].values.map((v) => ({ code: v.code, label: v[lang] })) })),
      years: snapshot.years,
      dataAsOf: snapshot.readAt,
    }));
  });

  app.get('/api/public/statistics', { schema: { summary: 'Cuadro público protegido / protected public table', tags: ['statistics'], security: [], querystring: TableQuery }, config: { policy: 'public' } }, async (request) => {
    return (await table(request, request.query, 'public')).answer;
  });

  app.get('/api/public/statistics.csv', { schema: { summary: 'Cuadro público en CSV / public table as CSV', tags: ['statistics'], security: [], querystring: TableQuery }, config: { policy: 'public' } }, async (request, reply) => {
    const { answer, snapshot } = await table(request, request.query, 'public');
    const csv = await service.answer(snapshot, `csv|${request.lang}|${JSON.stringify(request.query)}`, () => tableCsv(answer));
    return sendFile(reply, 'text/csv; charset=utf-8', csv, tableFileName(answer, 'csv'));
  });

  app.get('/api/public/statistics.xlsx', { schema: { summary: 'Cuadro público en XLSX / public table as XLSX', tags: ['statistics'], security: [], querystring: TableQuery }, config: { policy: 'public' } }, async (request, reply) => {
    const { answer, snapshot } = await table(request, request.query, 'public');
    const workbook = await service.answer(snapshot, `xlsx|${request.lang}|${JSON.stringify(request.query)}`, () => tableWorkbook(answer));
    return sendFile(reply, XLSX_TYPE, workbook, tableFileName(answer, 'xlsx'));
  });

  // The department outlines for the dashboard's map: a few kilobytes of SVG paths, drawn once.
  let mapPaths: ReturnType<typeof departmentPaths> | undefined;
  app.get('/api/public/map', { schema: { summary: 'Mapa de departamentos (SVG) / department map (SVG paths)', tags: ['statistics'], security: [] }, config: { policy: 'public' } }, async (_request, reply) => {
    mapPaths ??= departmentPaths(readDepartmentShapes(), 400);
    return reply.header('Cache-Control', 'public, max-age=86400').send(mapPaths);
  });

  app.get('/api/public/statistics/trend', { schema: { summary: 'Tendencia por año / trend over the years', tags: ['statistics'], security: [], querystring: TrendQuery }, config: { policy: 'public' } }, async (request) => {
    const snapshot = await service.current();
    const indicator = indicatorOf(request.query.indicator);
    const filters = filtersOf(request.query, 'sex', snapshot.facts);
    return publicTrend(service, snapshot, indicator, filters, request.lang);
  });

  // The trend as CSV or XLSX, beside its chart on the dashboard.
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/api/public/statistics/trend.${format}`, { schema: { summary: `Tendencia en ${format.toUpperCase()} / trend as ${format.toUpperCase()}`, tags: ['statistics'], security: [], querystring: TrendQuery }, config: { policy: 'public' } }, async (request, reply) => {
      const snapshot = await service.current();
      const indicator = indicatorOf(request.query.indicator);
      const filters = filtersOf(request.query, 'sex', snapshot.facts);
      const { type, body } = gridFile(await trendGrid(service, snapshot, indicator, filters, request.lang), format);
      return sendFile(reply, type, body, trendFileName(indicator, filters, format));
    });
  }

  // The trend within the user's statistical scope (her region's, her agency's, the nation's), not rounded, and as CSV or XLSX.
  app.get('/api/statistics/trend', { schema: { summary: 'Tendencia por año en su ámbito / trend over the years within one\'s scope', tags: ['statistics'], querystring: TrendQuery }, config: { policy: 'statistics.read' } }, async (request) => {
    const { snapshot, scope } = await scoped(request);
    const indicator = indicatorOf(request.query.indicator);
    const filters = filtersOf(request.query, 'sex', snapshot.facts);
    const trend = await publicTrend(service, snapshot, indicator, filters, request.lang, 'restricted');
    await audit(request, { action: 'STATISTICS', groups: [], purpose: `${indicator.id} trend` });
    return { ...trend, scope };
  });
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/api/statistics/trend.${format}`, { schema: { summary: `Tendencia en su ámbito en ${format.toUpperCase()} / trend within one's scope as ${format.toUpperCase()}`, tags: ['statistics'], querystring: TrendQuery }, config: { policy: 'statistics.read' } }, async (request, reply) => {
      const { snapshot, scope } = await scoped(request);
      const indicator = indicatorOf(request.query.indicator);
      const filters = filtersOf(request.query, 'sex', snapshot.facts);
      const { type, body } = gridFile(await trendGrid(service, snapshot, indicator, filters, request.lang, scope), format);
      await audit(request, { action: 'EXPORT', entityType: 'statistics', groups: [], purpose: `${indicator.id} trend ${format}` });
      return sendFile(reply, type, body, trendFileName(indicator, filters, format).replace(`.${format}`, `-restringido.${format}`));
    });
  }

  app.get('/api/public/reports/region/:region.pdf', { schema: { summary: 'Informe regional en PDF / regional PDF report', tags: ['statistics'], security: [], params: ReportParams, querystring: ReportQuery }, config: { policy: 'public' } }, async (request, reply) => {
    const { pdf, filename } = await regionReportPdf(db, service, {
      region: request.params.region,
      indicator: request.query.indicator,
      from: request.query.from,
      to: request.query.year,
      lang: request.query.lang ?? request.lang,
    });
    return reply.type('application/pdf').header('Content-Disposition', `inline; filename="${filename}"`).send(pdf);
  });

  app.get('/api/statistics', { schema: { summary: 'Cuadro restringido (sin redondeo) / restricted table (not rounded)', tags: ['statistics'], querystring: TableQuery }, config: { policy: 'statistics.read' } }, async (request) => {
    const { answer } = await table(request, request.query, 'restricted');
    await audit(request, { action: 'STATISTICS', groups: [], purpose: `${answer.indicator.id} ${answer.year} ${answer.view}` });
    return answer;
  });

  app.get('/api/statistics.csv', { schema: { summary: 'Cuadro restringido en CSV / restricted table as CSV', tags: ['statistics'], querystring: TableQuery }, config: { policy: 'statistics.read' } }, async (request, reply) => {
    const { answer } = await table(request, request.query, 'restricted');
    await audit(request, { action: 'EXPORT', entityType: 'statistics', groups: [], purpose: `${answer.indicator.id} ${answer.year} ${answer.view} csv` });
    return sendFile(reply, 'text/csv; charset=utf-8', tableCsv(answer, request.lang), tableFileName(answer, 'csv'));
  });

  app.get('/api/statistics.xlsx', { schema: { summary: 'Cuadro restringido en XLSX / restricted table as XLSX', tags: ['statistics'], querystring: TableQuery }, config: { policy: 'statistics.read' } }, async (request, reply) => {
    const { answer } = await table(request, request.query, 'restricted');
    await audit(request, { action: 'EXPORT', entityType: 'statistics', groups: [], purpose: `${answer.indicator.id} ${answer.year} ${answer.view} xlsx` });
    return sendFile(reply, XLSX_TYPE, tableWorkbook(answer, request.lang), tableFileName(answer, 'xlsx'));
  });

  app.get('/api/statistics/agencies', { schema: { summary: 'Personas únicas frente a conteos por institución / unique persons against per-agency counts', tags: ['statistics'], querystring: AgenciesQuery }, config: { policy: 'statistics.read' } }, async (request) => {
    const { snapshot, scope } = await scoped(request);
    const indicator = indicatorOf(request.query.indicator);
    const year = yearOf(snapshot, request.query.year);
    const where = narrow(indicator.population ?? {}, { year: [year] });
    // The figures add up to one another in several ways (by agency, by number of agencies, by pair):
    // protected as one table (src/evidence/agencies.ts), not each figure on its own — withholding each
    // 1–9 alone let a small group (known to exactly two agencies, say) be worked out. The unique count
    // is the year's total in the restricted release: published with it, withheld with it. By year
    // only: answers filtered by sex or child/adult, each protected on its own, could be subtracted
    // from the unfiltered one (ONG 25 in all, 20 women: 5 others), so the route takes no such filter.
    const release = await service.release(snapshot, indicator, year, 'restricted');
    const grand = answerView(release, 'sex', {}, []).figures.find((f) => Object.keys(f.coords).length === 0);
    const comparison = await service.answer(snapshot, `agencies|${JSON.stringify(where)}`, () =>
      protectAgencyComparison(snapshot.facts, where, { totalPublished: grand !== undefined && grand.value !== null, rounding: false }),
    );
    const records = comparison.persons === null ? null : hide(agencySets(snapshot.facts, where).records);
    await audit(request, { action: 'STATISTICS', groups: [], purpose: `${indicator.id} ${year} agencies` });
    return {
      indicator: { id: indicator.id, name: indicator.name[request.lang] },
      year,
      scope,
      persons: comparison.persons,
      records,
      sumOfAgencyCounts: comparison.sumOfAgencyCounts,
      perAgency: comparison.perAgency.map((a) => ({ agency: a.agency, label: valueLabel(snapshot.facts.dimensions.agency, a.agency, request.lang), persons: a.persons })),
      knownTo: comparison.knownTo,
      pairs: comparison.pairs,
      dataAsOf: snapshot.readAt,
    };
  });

  /**
   * An indicator computed from records other than the case files (referrals, proceedings, stays…),
   * for analysts: its summary for the year and the sex and child/adult filters. Its counts are
   * protected once per snapshot and year as one system of additive tables (src/evidence/restricted.ts):
   * each count by sex × child/adult with all its margins, the counts of a row that add up, and the
   * further rows (by pair, stage, kind…) that add up to the total — primary (1–9) and secondary
   * suppression, so neither a row of one answer nor a filtered answer can be subtracted from
   * published figures to give a withheld one. Every answer is read from that protected system.
   * Medians and shares only over published counts of 10 or more (`derived`).
   */
  const restrictedIndicator = <C extends object, S extends C & Breakdowns<C>>(spec: {
    path: string;
    summary: string;
    indicator: string;
    /** The day the counts are measured against, when they depend on one (it is in the answer). */
    asOf?: (snapshot: Snapshot) => string;
    compute: (snapshot: Snapshot, where: RecordsWhere, asOf: string | undefined) => S;
    /** The counts protected and how they add up. */
    protect: RecordsProtectionPlan;
    /** The rows of the further groups (by pair, by stage…) by key, as the protection reads them. */
    groups?: (summary: S) => Record<string, ReadonlyMap<string, RowCounts>>;
    /** What a row shows besides its counts (medians, shares), from its own counts and the published ones. */
    derived?: (raw: C, shown: PublishedRow) => Record<string, number | null>;
    /** Whether a row by sex or child/adult counts anything (empty rows are left out). */
    counts: (c: C) => boolean;
    /** Further tables of the indicator (by pair of agencies, by stage…), their counts as published. */
    extra?: (summary: S, published: (group: string, key: string) => PublishedRow, lang: Lang, snapshot: Snapshot) => Record<string, unknown>;
  }) =>
    app.get(spec.path, { schema: { summary: spec.summary, tags: ['statistics'], querystring: ReferralQuery }, config: { policy: 'statistics.read' } }, async (request) => {
      const { snapshot, scope } = await scoped(request);
      const filters = filtersOf(request.query, 'sex', snapshot.facts);
      const year = request.query.year;
      const where = { year, ...filters };
      const asOf = spec.asOf?.(snapshot);
      const summary = await service.answer(snapshot, `${spec.indicator}|${asOf ?? ''}|${JSON.stringify(where)}`, () => spec.compute(snapshot, where, asOf));
      const protectedKey = `${spec.indicator}|protected|${asOf ?? ''}|${year ?? ''}`;
      const protectedCounts = await service.answer(snapshot, protectedKey, () =>
        service.protectRecords(
          `${spec.indicator} ${year ?? 'all years'}`,
          recordCountsSystem(
            snapshot.facts.dimensions.sex.values.map((v) => v.code),
            snapshot.facts.dimensions.childAdult.values.map((v) => v.code),
            (sex, childAdult) => {
              const crossing = spec.compute(snapshot, { year, sex, childAdult }, asOf);
              return { total: rowCounts(crossing, spec.protect.counts), ...(spec.groups ? { groups: spec.groups(crossing) } : {}) };
            },
            spec.protect,
          ),
        ),
      );
      const shown = (raw: C, published: PublishedRow) => ({ ...published, ...spec.derived?.(raw, published) });
      const indicator = indicatorById(spec.indicator) as Indicator;
      const lang = request.lang;
      await audit(request, { action: 'STATISTICS', groups: [], purpose: `${indicator.id} ${year ?? 'all'}` });
      return {
        indicator: { id: indicator.id, name: indicator.name[lang], definition: indicator.definition[lang] },
        year: year ?? null,
        filters,
        scope,
        ...(asOf === undefined ? {} : { asOf }),
        ...shown(summary, protectedCounts.total(filters)),
        ...spec.extra?.(summary, (group, key) => protectedCounts.group(group, key, filters), lang, snapshot),
        bySex: summary.bySex.filter(spec.counts).map((c) => ({ sex: c.sex, label: valueLabel(snapshot.facts.dimensions.sex, c.sex, lang), ...shown(c, protectedCounts.by('sex', c.sex, filters)) })),
        byChildAdult: summary.byChildAdult
          .filter(spec.counts)
          .map((c) => ({ childAdult: c.childAdult, label: valueLabel(snapshot.facts.dimensions.childAdult, c.childAdult, lang), ...shown(c, protectedCounts.by('childAdult', c.childAdult, filters)) })),
        dataAsOf: snapshot.readAt,
      };
    });

  /** A median or a bed-day sum only over a published count of 10 or more. */
  const over = (value: number | null, n: number | null | undefined) => (n !== null && n !== undefined && n >= 10 ? value : null);

  // D14: referrals sent add up to those accepted, rejected, pending and cancelled, and by pair of
  // agencies to the total (the persons do not: one may be referred between several pairs).
  const REFERRAL_STATES_COUNTS = ['accepted', 'rejected', 'pending', 'cancelled'] as const;
  const referralMedian = (c: ReferralCounts, shown: PublishedRow) => ({ medianHoursToAcceptance: over(c.medianHoursToAcceptance, shown.accepted) });
  restrictedIndicator({
    path: '/api/statistics/referrals',
    summary: 'Derivaciones entre instituciones (D14) / referrals between agencies (D14)',
    indicator: 'referrals',
    compute: (snapshot, where) => referralSummary(snapshot.referrals, snapshot.facts, where),
    protect: {
      counts: ['sent', ...REFERRAL_STATES_COUNTS, 'persons'],
      sums: [{ total: 'sent', parts: REFERRAL_STATES_COUNTS }],
      groups: { pairs: { additive: ['sent', ...REFERRAL_STATES_COUNTS] } },
    },
    groups: (s) => ({ pairs: keyed(s.pairs, (p) => `${p.from}>${p.to}`, ['sent', ...REFERRAL_STATES_COUNTS, 'persons']) }),
    derived: referralMedian,
    counts: (c) => c.sent > 0,
    extra: (summary, published, lang, snapshot) => {
      const agency = (key: string) => valueLabel(snapshot.facts.dimensions.agency, key, lang);
      return {
        pairs: summary.pairs.map((p) => {
          const shown = published('pairs', `${p.from}>${p.to}`);
          return { from: p.from, to: p.to, fromLabel: agency(p.from), toLabel: agency(p.to), ...shown, ...referralMedian(p, shown) };
        }),
      };
    },
  });

  // C11: proceedings by stage add up to the total (the persons do not: one may have several); the
  // sentenced are among them (the rest never shown), by outcome and by time to sentence adding up to
  // the sentenced; the median only over 10 sentences or more, each share over published counts.
  const SENTENCE_TIMES = ['withinYear', 'years1to2', 'years2to3', 'over3Years'] as const;
  const sentenceDerived = (c: SentenceCounts, shown: PublishedRow) => ({
    medianDaysToSentence: over(c.medianDays, shown.sentenced),
    ...Object.fromEntries(SENTENCE_TIMES.map((k) => [`percent${k[0]?.toUpperCase()}${k.slice(1)}`, publishedShare(c.sentenced > 0 ? (100 * c[k]) / c.sentenced : null, shown[k] ?? null, shown.sentenced ?? null)])),
  });
  restrictedIndicator({
    path: '/api/statistics/justice',
    summary: 'Casos por etapa procesal, sentencias y tiempo hasta la sentencia (C11) / cases by procedural stage, sentences and time to sentence (C11)',
    indicator: 'justice-stages',
    compute: (snapshot, where) => justiceWithSentences(justiceSummary(snapshot.proceedings, snapshot.facts, where), sentenceSummary(snapshot.sentences, snapshot.facts, where)),
    protect: {
      counts: ['proceedings', 'persons', 'sentenced', 'personsSentenced', ...SENTENCE_TIMES],
      sums: [
        { total: 'proceedings', parts: ['sentenced'], rest: 'notSentenced' },
        { total: 'persons', parts: ['personsSentenced'], rest: 'personsNotSentenced' },
        { total: 'sentenced', parts: SENTENCE_TIMES },
      ],
      groups: { byStage: { additive: ['proceedings'] }, byOutcome: { counts: ['sentenced'], additive: ['sentenced'] } },
    },
    groups: (s) => ({ byStage: keyed(s.byStage, (c) => c.stage, ['proceedings', 'persons']), byOutcome: keyed(s.byOutcome, (c) => c.outcome, ['sentenced']) }),
    derived: (c: StageCounts & SentenceCounts, shown) => sentenceDerived(c, shown),
    counts: (c) => c.proceedings > 0,
    extra: (summary, published, lang) => ({
      byStage: summary.byStage.map((c) => ({ stage: c.stage, label: labelOf('etapaProcesal', c.stage, lang), ...published('byStage', c.stage) })),
      byOutcome: summary.byOutcome.map((c) => ({ outcome: c.outcome, label: outcomeLabel(c.outcome, lang), sentenced: published('byOutcome', c.outcome).sentenced ?? null })),
    }),
  });

  // B6: bed-days and the median only over 10 stays or more; stays still running end on the day the
  // data were read. Admissions and exits add up by kind of shelter, exits by reason.
  const stayDerived = (c: StayCounts, shown: PublishedRow) => ({ bedDays: over(c.bedDays, shown.admissions), medianStayDays: over(c.medianStayDays, shown.exits) });
  restrictedIndicator({
    path: '/api/statistics/shelter',
    summary: 'Albergue (B6) / shelter (B6)',
    indicator: 'shelter',
    asOf: (snapshot) => todayInPeru(new Date(snapshot.readAt)),
    compute: (snapshot, where, asOf) => shelterSummary(snapshot.shelterStays, snapshot.facts, asOf as string, where),
    protect: { counts: ['admissions', 'persons', 'exits'], sums: [{ total: 'admissions', parts: ['exits'], rest: 'staying' }], groups: { byKind: { additive: ['admissions', 'exits'] }, exitsByReason: { counts: ['exits'], additive: ['exits'] } } },
    groups: (s) => ({ byKind: keyed(s.byKind, (c) => c.kind, ['admissions', 'persons', 'exits']), exitsByReason: keyed(s.exitsByReason, (c) => c.reason, ['exits']) }),
    derived: stayDerived,
    counts: (c) => c.admissions > 0,
    extra: (summary, published, lang) => ({
      byKind: summary.byKind.map((c) => {
        const shown = published('byKind', c.kind);
        return { kind: c.kind, label: labelOf('tipoAlojamiento', c.kind, lang), ...shown, ...stayDerived(c, shown) };
      }),
      exitsByReason: summary.exitsByReason.map((c) => ({ reason: c.reason, label: labelOf('motivoEgreso', c.reason, lang), exits: published('exitsByReason', c.reason).exits ?? null })),
    }),
  });

  // B8: the contacts are measured against the server's today (follow-ups are as fresh as the
  // snapshot); a share only over 10 persons or more, both counts published.
  restrictedIndicator({
    path: '/api/statistics/followups',
    summary: 'Seguimientos a tiempo (B8) / follow-ups on time (B8)',
    indicator: 'follow-ups-on-time',
    asOf: () => todayInPeru(deps.config.now()),
    compute: (snapshot, where, asOf) => followUpSummary(snapshot.followUps, snapshot.facts, asOf as string, where),
    protect: {
      counts: ['active', 'within30', 'within90', 'lostContact'],
      sums: [
        { total: 'active', parts: ['within90'], rest: 'notWithin90' },
        { total: 'within90', parts: ['within30'], rest: 'within31to90' },
        { total: 'active', parts: ['lostContact'], rest: 'notLost' },
      ],
    },
    derived: (c: FollowUpCounts, shown) => ({ percent30: publishedShare(c.percent30, shown.within30 ?? null, shown.active ?? null), percent90: publishedShare(c.percent90, shown.within90 ?? null, shown.active ?? null) }),
    counts: (c) => c.active > 0,
  });

  // B5: the median only over 10 persons cared for or more.
  restrictedIndicator({
    path: '/api/statistics/time-to-care',
    summary: 'Tiempo hasta la primera atención (B5) / time to first care (B5)',
    indicator: 'time-to-care',
    compute: (snapshot, where) => careTimeSummary(snapshot.careTimes, snapshot.facts, where),
    protect: {
      counts: ['persons', 'cared', 'within1', 'within7'],
      sums: [
        { total: 'persons', parts: ['cared'], rest: 'notCared' },
        { total: 'cared', parts: ['within7'], rest: 'after7' },
        { total: 'within7', parts: ['within1'], rest: 'within2to7' },
      ],
    },
    derived: (c: CareTimeCounts, shown) => ({ medianDays: over(c.medianDays, shown.cared) }),
    counts: (c) => c.persons > 0,
  });

  // B7: a plan on time measured against the server's today (a person in care for less than 30 days
  // without a plan is not late yet). The goals of a dimension add up by status; the counts contained
  // in another (due in care, on time in due) leave a rest never shown and protected (12 due, 10 on
  // time would give the 2 late); a share only over 10 or more, both counts published.
  const GOAL_STATUSES = ['achieved', 'partly', 'notAchieved', 'open', 'dropped'] as const;
  restrictedIndicator({
    path: '/api/statistics/plans',
    summary: 'PRI a tiempo y objetivos por dimensión (B7) / PRI on time and goals by dimension (B7)',
    indicator: 'pri-on-time',
    asOf: () => todayInPeru(deps.config.now()),
    compute: (snapshot, where, asOf) => planSummary(snapshot.plans, snapshot.facts, asOf as string, where),
    protect: {
      counts: ['inCare', 'due', 'onTime', 'withPlan', 'goalsMet'],
      sums: [
        { total: 'goals', parts: GOAL_STATUSES },
        { total: 'inCare', parts: ['due'], rest: 'notDue' },
        { total: 'due', parts: ['onTime'], rest: 'late' },
        { total: 'withPlan', parts: ['goalsMet'], rest: 'goalsNotMet' },
      ],
      groups: { goalsByDimension: { counts: ['goals', ...GOAL_STATUSES], additive: [] } },
    },
    groups: (s) => ({ goalsByDimension: keyed(s.goalsByDimension, (g) => g.dimension, ['goals', ...GOAL_STATUSES]) }),
    derived: (c: PlanCounts, shown) => ({ percentOnTime: publishedShare(c.percentOnTime, shown.onTime ?? null, shown.due ?? null) }),
    counts: (c) => c.inCare > 0 || c.withPlan > 0,
    extra: (summary, published, lang) => ({
      goalsByDimension: summary.goalsByDimension.map((g) => {
        const shown = published('goalsByDimension', g.dimension);
        // Over the goals kept: shown only when the goals and those dropped are published too.
        const kept = shown.goals === null || shown.goals === undefined || shown.dropped === null || shown.dropped === undefined ? null : shown.goals - shown.dropped;
        return { dimension: g.dimension, label: labelOf('dimensionReintegracion', g.dimension, lang), ...shown, percentAchieved: publishedShare(g.percentAchieved, shown.achieved ?? null, kept) };
      }),
    }),
  });

  // B4: of the victims identified, those assisted within 30 days and reintegrated.
  restrictedIndicator({
    path: '/api/statistics/reintegration',
    summary: 'Víctimas atendidas y reintegradas (B4) / victims assisted and reintegrated (B4)',
    indicator: 'assisted-reintegrated',
    compute: (snapshot, where) => reintegrationSummary(snapshot.plans, snapshot.careTimes, snapshot.facts, where),
    protect: {
      counts: ['persons', 'assisted', 'reintegrated', 'assistedAndReintegrated'],
      sums: [
        { total: 'persons', parts: ['assisted'], rest: 'notAssisted' },
        { total: 'assisted', parts: ['assistedAndReintegrated'], rest: 'assistedOnly' },
        { total: 'reintegrated', parts: ['assistedAndReintegrated'], rest: 'reintegratedOnly' },
        { total: 'notAssisted', parts: ['reintegratedOnly'], rest: 'neither' },
      ],
    },
    derived: (c: ReintegrationCounts, shown) => ({ percent: publishedShare(c.percent, shown.assistedAndReintegrated ?? null, shown.persons ?? null) }),
    counts: (c) => c.persons > 0,
  });

  // C12: where the victims' civil reparation stands (the amounts stay sealed), and civil parties.
  restrictedIndicator({
    path: '/api/statistics/reparation',
    summary: 'Reparación civil (C12) / civil reparation (C12)',
    indicator: 'reparation',
    compute: (snapshot, where) => reparationSummary(snapshot.reparations, snapshot.facts, where),
    protect: {
      counts: ['proceedings', 'proceedingsWithReparation', 'persons', 'ordered', 'paid', 'paidInPart', 'civilParty'],
      sums: [
        { total: 'proceedings', parts: ['proceedingsWithReparation'], rest: 'withoutReparation' },
        { total: 'persons', parts: ['ordered'], rest: 'notOrdered' },
        { total: 'ordered', parts: ['paid', 'paidInPart'], rest: 'unpaid' },
        { total: 'persons', parts: ['civilParty'], rest: 'notCivilParty' },
      ],
    },
    counts: (c: ReparationCounts) => c.proceedings > 0,
  });

  app.get('/api/statistics/microdata.csv', { schema: { summary: 'Microdatos k-anonimizados (k = 11) / k-anonymised microdata', tags: ['statistics'], querystring: MicrodataQuery }, config: { policy: 'export' } }, async (request, reply) => {
    const { snapshot } = await scoped(request);
    const year = yearOf(snapshot, request.query.year);
    const { records, report, generalisation, fields } = microdata(snapshot.facts, year);
    if (!checkKAnonymity(records, fields, 11).ok) throw new Error('k-anonymity check failed');
    await audit(request, { action: 'EXPORT', entityType: 'microdata', groups: ['G2'], purpose: `microdata ${year}` });
    reply.header('X-Enlace-Generalisation', generalisation.map((g) => `${g.field}=${g.levelName}`).join(', '));
    const lines = [fields, ...records.map((r) => fields.map((f) => String(r[f] ?? '')))];
    const note = request.lang === 'en' ? report.en : report.es;
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="microdatos-${year}.csv"`)
      .send(`${stringify(lines.map((l) => l.map(neutraliseFormula)))}# ${note.replace(/\n/g, ' ')}\n`);
  });
}




/** The same rows as the CSV, then the disclosure note and the date of the data below a blank row. */


function sendFile(reply: FastifyReply, type: string, body: string | Buffer, filename: string) {
  return reply.type(type).header('Content-Disposition', `attachment; filename="${filename}"`).send(body);
}


/** One row per person of the year (a victim identified), all columns quasi-identifiers (CTDC). */
function microdata(facts: PersonFacts, year: string) {
  const fields = ['sex', 'gender', 'ageBand', 'nationality', 'exploitation', 'detectionDept', 'recruitmentDept', 'exploitationDept', 'status'] as const;
  const yearCode = facts.dimensions.year.values.findIndex((v) => v.code === year);
  const rows: MicrodataRecord[] = [];
  for (let i = 0; i < facts.size; i++) {
    if (facts.codes.year[i] !== yearCode) continue;
    rows.push(Object.fromEntries(fields.map((f) => [f, facts.dimensions[f].values[facts.codes[f][i] as number]?.code ?? ''])));
  }
  // Department → macro-region (abroad and unknown stay themselves) → withheld.
  const departments = (d: 'detectionDept' | 'recruitmentDept' | 'exploitationDept') => ({ field: d, hierarchy: categoricalHierarchy({ groups: PERU_MACROREGIONS, keep: [ABROAD, UNKNOWN] }) });
  const result = kAnonymise(rows, [
    { field: 'sex', hierarchy: flatHierarchy() },
    { field: 'gender', hierarchy: flatHierarchy() },
    { field: 'ageBand', hierarchy: categoricalHierarchy({ groups: { '0-17': 'NNA', '18-29': 'ADULTO', '30-59': 'ADULTO', '60+': 'ADULTO' } }) },
    { field: 'nationality', hierarchy: categoricalHierarchy({ groups: { PER: 'PER' }, other: 'EXTRANJERA' }) },
    { field: 'exploitation', hierarchy: flatHierarchy() },
    departments('detectionDept'),
    departments('recruitmentDept'),
    departments('exploitationDept'),
    { field: 'status', hierarchy: flatHierarchy() },
  ]);
  return { ...result, fields: [...fields] as string[] };
}
