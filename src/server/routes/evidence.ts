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
  type StageCounts,
  type StayCounts,
  type ViewAnswer,
  UNKNOWN,
} from '../../evidence/index.ts';
import { neutraliseFormula } from '../../importers/index.ts';
import { readDepartmentShapes, regionReportPdf } from '../evidence/report.ts';
import { present, SUPPRESSED_MARK, tableCsv, tableFileName, tableWorkbook, XLSX_TYPE } from '../evidence/tables.ts';

export { SUPPRESSED_MARK };
import { planRoutes } from './plans.ts';
import type { RouteDeps } from '../app.ts';
import { Problem } from '../errors.ts';
import { computedIndicator, EvidenceService, type Audience, type Snapshot } from '../evidence/service.ts';

const TableQuery = z
  .object({
    indicator: z.string().max(60).default('victims-identified'),
    year: z.string().regex(/^\d{4}$/, { error: 'invalid.value' }).optional(),
    view: z.string().max(40).default('detectionDept'),
    sex: z.string().max(40).optional(),
    childAdult: z.string().max(40).optional(),
    /** Dimensions of the view broken down, comma-separated (default: the view's first). */
    breakdown: z.string().max(80).optional(),
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

const TrendQuery = TableQuery.pick({ indicator: true, sex: true, childAdult: true }).strict();
const ReportParams = z.object({ region: z.string().regex(/^\d{2}$/, { error: 'invalid.ubigeo' }) });
const ReportQuery = z.object({ indicator: TableQuery.shape.indicator, year: TableQuery.shape.year, from: TableQuery.shape.year, lang: z.enum(['es', 'en']).optional() }).strict();
/** The agencies' comparison: by indicator and year only (see its route). */
const AgenciesQuery = TableQuery.pick({ indicator: true, year: true }).strict();
const ReferralQuery = TableQuery.pick({ year: true, sex: true, childAdult: true }).strict();
const MicrodataQuery = z.object({ year: z.string().regex(/^\d{4}$/, { error: 'invalid.value' }).optional() }).strict();

/** Statistics read a snapshot of the data at most this old (ENLACE_STATISTICS_MAX_AGE_MS; tests set 0 to see each write). */
const maxAgeMs = () => Number(process.env.ENLACE_STATISTICS_MAX_AGE_MS ?? 60_000);

/** Restricted figures that overlap (not one additive table): each count of 1–9 withheld on its own. */
const hide = (n: number) => (n > 0 && n < 10 ? null : n);

/** What every restricted indicator summary breaks its counts down by. */
interface Breakdowns<C> {
  bySex: (C & { sex: string })[];
  byChildAdult: (C & { childAdult: string })[];
}

type RecordsWhere = { year?: string | undefined; sex?: string | undefined; childAdult?: string | undefined };


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
  const service = new EvidenceService(db, {
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

  const table = async (request: FastifyRequest, query: TableQuery, audience: Audience) => {
    const snapshot = await service.current();
    const indicator = indicatorOf(query.indicator);
    const year = yearOf(snapshot, query.year);
    const filters = filtersOf(query, query.view, snapshot.facts);
    const breakdown = breakdownOf(query, query.view);
    const lang = request.lang;
    const key = `table|${audience}|${lang}|${indicator.id}|${year}|${query.view}|${filters.sex ?? ''}|${filters.childAdult ?? ''}|${breakdown?.join(',') ?? ''}`;
    const answer = await service.answer(snapshot, key, async () =>
      present(answerView(await service.release(snapshot, indicator, year, audience), query.view, filters, breakdown), snapshot.facts, lang, snapshot, indicator, year, audience),
    );
    return { snapshot, answer, lang };
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
    const lang = request.lang;
    return service.answer(snapshot, `trend|${lang}|${indicator.id}|${filters.sex ?? ''}|${filters.childAdult ?? ''}`, async () => {
      // Each year's total is read from that year's release, so it agrees with the year's tables.
      const releases = await Promise.all(snapshot.years.map((year) => service.release(snapshot, indicator, year, 'public')));
      const points = releases.map((release) => {
        const grand = answerView(release, 'sex', filters, []).figures.find((f) => Object.keys(f.coords).length === Object.keys(filters).length);
        return { year: release.year, value: grand?.value ?? null };
      });
      return { indicator: { id: indicator.id, name: indicator.name[lang] }, filters, points, dataAsOf: snapshot.readAt };
    });
  });

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
    return sendFile(reply, 'text/csv; charset=utf-8', tableCsv(answer), tableFileName(answer, 'csv'));
  });

  app.get('/api/statistics.xlsx', { schema: { summary: 'Cuadro restringido en XLSX / restricted table as XLSX', tags: ['statistics'], querystring: TableQuery }, config: { policy: 'statistics.read' } }, async (request, reply) => {
    const { answer } = await table(request, request.query, 'restricted');
    await audit(request, { action: 'EXPORT', entityType: 'statistics', groups: [], purpose: `${answer.indicator.id} ${answer.year} ${answer.view} xlsx` });
    return sendFile(reply, XLSX_TYPE, tableWorkbook(answer), tableFileName(answer, 'xlsx'));
  });

  app.get('/api/statistics/agencies', { schema: { summary: 'Personas únicas frente a conteos por institución / unique persons against per-agency counts', tags: ['statistics'], querystring: AgenciesQuery }, config: { policy: 'statistics.read' } }, async (request) => {
    const snapshot = await service.current();
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
   * for analysts: its summary for the year and the sex and child/adult filters, computed once per
   * snapshot; restricted, and not one additive table (a person may count in several rows), so each
   * count of 1–9 is withheld on its own (`shown` says how, and which derived figures need 10 or more).
   */
  const restrictedIndicator = <C, S extends C & Breakdowns<C>>(spec: {
    path: string;
    summary: string;
    indicator: string;
    /** The day the counts are measured against, when they depend on one (it is in the answer). */
    asOf?: (snapshot: Snapshot) => string;
    compute: (snapshot: Snapshot, where: RecordsWhere, asOf: string | undefined) => S;
    /** The counts as shown: each of 1–9 withheld, a median or share only over enough records. */
    shown: (c: C) => Record<string, number | null>;
    /** Whether a row by sex or child/adult counts anything (empty rows are left out). */
    counts: (c: C) => boolean;
    /** Further tables of the indicator (by pair of agencies, by stage…). */
    extra?: (summary: S, lang: Lang, snapshot: Snapshot) => Record<string, unknown>;
  }) =>
    app.get(spec.path, { schema: { summary: spec.summary, tags: ['statistics'], querystring: ReferralQuery }, config: { policy: 'statistics.read' } }, async (request) => {
      const snapshot = await service.current();
      const filters = filtersOf(request.query, 'sex', snapshot.facts);
      const where = { year: request.query.year, ...filters };
      const asOf = spec.asOf?.(snapshot);
      const summary = await service.answer(snapshot, `${spec.indicator}|${asOf ?? ''}|${JSON.stringify(where)}`, () => spec.compute(snapshot, where, asOf));
      const indicator = indicatorById(spec.indicator) as Indicator;
      const lang = request.lang;
      await audit(request, { action: 'STATISTICS', groups: [], purpose: `${indicator.id} ${request.query.year ?? 'all'}` });
      return {
        indicator: { id: indicator.id, name: indicator.name[lang], definition: indicator.definition[lang] },
        year: request.query.year ?? null,
        filters,
        ...(asOf === undefined ? {} : { asOf }),
        ...spec.shown(summary),
        ...spec.extra?.(summary, lang, snapshot),
        bySex: summary.bySex.filter(spec.counts).map((c) => ({ sex: c.sex, label: valueLabel(snapshot.facts.dimensions.sex, c.sex, lang), ...spec.shown(c) })),
        byChildAdult: summary.byChildAdult.filter(spec.counts).map((c) => ({ childAdult: c.childAdult, label: valueLabel(snapshot.facts.dimensions.childAdult, c.childAdult, lang), ...spec.shown(c) })),
        dataAsOf: snapshot.readAt,
      };
    });

  // D14: a median time over fewer than 10 acceptances is withheld too.
  const referralCounts = (c: ReferralCounts) => ({
    sent: hide(c.sent),
    accepted: hide(c.accepted),
    rejected: hide(c.rejected),
    pending: hide(c.pending),
    cancelled: hide(c.cancelled),
    persons: hide(c.persons),
    medianHoursToAcceptance: c.accepted >= 10 ? c.medianHoursToAcceptance : null,
  });
  restrictedIndicator({
    path: '/api/statistics/referrals',
    summary: 'Derivaciones entre instituciones (D14) / referrals between agencies (D14)',
    indicator: 'referrals',
    compute: (snapshot, where) => referralSummary(snapshot.referrals, snapshot.facts, where),
    shown: referralCounts,
    counts: (c) => c.sent > 0,
    extra: (summary, lang, snapshot) => {
      const agency = (key: string) => valueLabel(snapshot.facts.dimensions.agency, key, lang);
      return { pairs: summary.pairs.map((p) => ({ from: p.from, to: p.to, fromLabel: agency(p.from), toLabel: agency(p.to), ...referralCounts(p) })) };
    },
  });

  const stageCounts = (c: StageCounts) => ({ proceedings: hide(c.proceedings), persons: hide(c.persons) });
  restrictedIndicator({
    path: '/api/statistics/justice',
    summary: 'Casos por etapa procesal (C11) / cases by procedural stage (C11)',
    indicator: 'justice-stages',
    compute: (snapshot, where) => justiceSummary(snapshot.proceedings, snapshot.facts, where),
    shown: stageCounts,
    counts: (c) => c.proceedings > 0,
    extra: (summary, lang) => ({ byStage: summary.byStage.map((c) => ({ stage: c.stage, label: labelOf('etapaProcesal', c.stage, lang), ...stageCounts(c) })) }),
  });

  // B6: bed-days and the median only over 10 stays or more; stays still running end on the day the data were read.
  const stayCounts = (c: StayCounts) => ({ admissions: hide(c.admissions), persons: hide(c.persons), exits: hide(c.exits), bedDays: c.admissions >= 10 ? c.bedDays : null, medianStayDays: c.exits >= 10 ? c.medianStayDays : null });
  restrictedIndicator({
    path: '/api/statistics/shelter',
    summary: 'Albergue (B6) / shelter (B6)',
    indicator: 'shelter',
    asOf: (snapshot) => todayInPeru(new Date(snapshot.readAt)),
    compute: (snapshot, where, asOf) => shelterSummary(snapshot.shelterStays, snapshot.facts, asOf as string, where),
    shown: stayCounts,
    counts: (c) => c.admissions > 0,
    extra: (summary, lang) => ({
      byKind: summary.byKind.map((c) => ({ kind: c.kind, label: labelOf('tipoAlojamiento', c.kind, lang), ...stayCounts(c) })),
      exitsByReason: summary.exitsByReason.map((c) => ({ reason: c.reason, label: labelOf('motivoEgreso', c.reason, lang), exits: hide(c.exits) })),
    }),
  });

  // B8: the contacts are measured against the server's today (follow-ups are as fresh as the
  // snapshot); the shares of fewer than 10 persons are withheld.
  restrictedIndicator({
    path: '/api/statistics/followups',
    summary: 'Seguimientos a tiempo (B8) / follow-ups on time (B8)',
    indicator: 'follow-ups-on-time',
    asOf: () => todayInPeru(deps.config.now()),
    compute: (snapshot, where, asOf) => followUpSummary(snapshot.followUps, snapshot.facts, asOf as string, where),
    shown: (c: FollowUpCounts) => ({ active: hide(c.active), within30: hide(c.within30), within90: hide(c.within90), lostContact: hide(c.lostContact), percent30: c.active >= 10 ? c.percent30 : null, percent90: c.active >= 10 ? c.percent90 : null }),
    counts: (c) => c.active > 0,
  });

  // B5: the median only over 10 persons cared for or more.
  restrictedIndicator({
    path: '/api/statistics/time-to-care',
    summary: 'Tiempo hasta la primera atención (B5) / time to first care (B5)',
    indicator: 'time-to-care',
    compute: (snapshot, where) => careTimeSummary(snapshot.careTimes, snapshot.facts, where),
    shown: (c: CareTimeCounts) => ({ persons: hide(c.persons), cared: hide(c.cared), within1: hide(c.within1), within7: hide(c.within7), medianDays: c.cared >= 10 ? c.medianDays : null }),
    counts: (c) => c.persons > 0,
  });

  // B7: a plan on time measured against the server's today (a person in care for less than 30 days
  // without a plan is not late yet). A share only over 10 persons due or more, and only when its
  // numerator is shown too (a share of a withheld count would give it back).
  const share = (percent: number | null, n: number, of: number) => (of >= 10 && hide(n) !== null ? percent : null);
  restrictedIndicator({
    path: '/api/statistics/plans',
    summary: 'PRI a tiempo y objetivos por dimensión (B7) / PRI on time and goals by dimension (B7)',
    indicator: 'pri-on-time',
    asOf: () => todayInPeru(deps.config.now()),
    compute: (snapshot, where, asOf) => planSummary(snapshot.plans, snapshot.facts, asOf as string, where),
    shown: (c: PlanCounts) => ({ inCare: hide(c.inCare), due: hide(c.due), onTime: hide(c.onTime), percentOnTime: share(c.percentOnTime, c.onTime, c.due), withPlan: hide(c.withPlan), goalsMet: hide(c.goalsMet) }),
    counts: (c) => c.inCare > 0 || c.withPlan > 0,
    extra: (summary, lang) => ({
      goalsByDimension: summary.goalsByDimension.map((g) => ({
        dimension: g.dimension,
        label: labelOf('dimensionReintegracion', g.dimension, lang),
        goals: hide(g.goals),
        achieved: hide(g.achieved),
        partly: hide(g.partly),
        notAchieved: hide(g.notAchieved),
        open: hide(g.open),
        dropped: hide(g.dropped),
        // Over the goals kept: shown only when the goals dropped are shown too (else the share would give them back).
        percentAchieved: hide(g.dropped) === null ? null : share(g.percentAchieved, g.achieved, g.goals - g.dropped),
      })),
    }),
  });

  // B4: of the victims identified, those assisted within 30 days and reintegrated.
  restrictedIndicator({
    path: '/api/statistics/reintegration',
    summary: 'Víctimas atendidas y reintegradas (B4) / victims assisted and reintegrated (B4)',
    indicator: 'assisted-reintegrated',
    compute: (snapshot, where) => reintegrationSummary(snapshot.plans, snapshot.careTimes, snapshot.facts, where),
    shown: (c: ReintegrationCounts) => ({ persons: hide(c.persons), assisted: hide(c.assisted), reintegrated: hide(c.reintegrated), assistedAndReintegrated: hide(c.assistedAndReintegrated), percent: share(c.percent, c.assistedAndReintegrated, c.persons) }),
    counts: (c) => c.persons > 0,
  });

  // C12: where the victims' civil reparation stands (the amounts stay sealed), and civil parties.
  restrictedIndicator({
    path: '/api/statistics/reparation',
    summary: 'Reparación civil (C12) / civil reparation (C12)',
    indicator: 'reparation',
    compute: (snapshot, where) => reparationSummary(snapshot.reparations, snapshot.facts, where),
    shown: (c: ReparationCounts) => ({
      proceedings: hide(c.proceedings),
      proceedingsWithReparation: hide(c.proceedingsWithReparation),
      persons: hide(c.persons),
      ordered: hide(c.ordered),
      paid: hide(c.paid),
      paidInPart: hide(c.paidInPart),
      civilParty: hide(c.civilParty),
    }),
    counts: (c) => c.proceedings > 0,
  });

  app.get('/api/statistics/microdata.csv', { schema: { summary: 'Microdatos k-anonimizados (k = 11) / k-anonymised microdata', tags: ['statistics'], querystring: MicrodataQuery }, config: { policy: 'export' } }, async (request, reply) => {
    const snapshot = await service.current();
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
