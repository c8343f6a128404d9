// The statistics dashboards: public (no sign-in, every figure protected and rounded) and internal
// (statistics.read: not rounded, with the agencies' overlap). Pictures first, numbers on demand:
// each chart is drawn in SVG with a one-sentence summary for screen readers, and its table (with
// CSV and XLSX downloads) is one click away. Filters update the figures in place.
import { useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/statistics.ts';
import { api, ApiError } from '../lib/api.ts';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';
import { SessionContext } from '../lib/session.tsx';
import { RowCells } from '../components/RowCells.tsx';
import { defaultFilters, initialRegion, tableQuery, TABLES, trendQuery, type Filters, type TableName } from '../lib/statistics-reads.ts';

type Audience = 'public' | 'restricted';

interface DimensionInfo {
  name: string;
  label: string;
  values: { code: string; label: string }[];
}

interface Catalogue {
  indicators: { id: string; name: string; definition: string; computed: boolean }[];
  dimensions: DimensionInfo[];
  years: string[];
  dataAsOf: string;
}

interface Figure {
  coords: Record<string, string>;
  value: number | null;
  margin: boolean;
}

/** Whose persons a restricted answer counts (the user's statistical scope): the nation, or departments and/or agencies. */
interface Scope {
  national: boolean;
  parts: { department?: { code: string; label: string }; agency?: { code: string; label: string } }[];
}

interface TableAnswer {
  indicator: { id: string; name: string; definition: string };
  /** Restricted answers only. */
  scope?: Scope;
  year: string;
  view: string;
  dimensions: DimensionInfo[];
  figures: Figure[];
  disclosure: { note: string; suppressedMark: string };
  dataAsOf: string;
}

interface Trend {
  points: { year: string; value: number | null }[];
}

interface MapPaths {
  width: number;
  height: number;
  departments: { code: string; d: string }[];
}

interface Agencies {
  persons: number | null;
  records: number | null;
  sumOfAgencyCounts: number | null;
  perAgency: { agency: string; label: string; persons: number | null }[];
  knownTo: { agencies: string; persons: number | null }[];
}

interface ReferralCounts {
  sent: number | null;
  accepted: number | null;
  rejected: number | null;
  pending: number | null;
  persons: number | null;
  medianHoursToAcceptance: number | null;
}

interface Referrals extends ReferralCounts, BrokenDown<ReferralCounts> {
  pairs: (ReferralCounts & { from: string; to: string; fromLabel: string; toLabel: string })[];
}

interface StageCounts {
  proceedings: number | null;
  persons: number | null;
}

interface SentenceCounts {
  sentenced: number | null;
  personsSentenced: number | null;
  withinYear: number | null;
  years1to2: number | null;
  years2to3: number | null;
  over3Years: number | null;
  medianDaysToSentence: number | null;
  percentWithinYear: number | null;
  percentYears1to2: number | null;
  percentYears2to3: number | null;
  percentOver3Years: number | null;
}

interface Justice extends StageCounts, SentenceCounts, BrokenDown<StageCounts & SentenceCounts> {
  byStage: (StageCounts & { stage: string; label: string })[];
  byOutcome: { outcome: string; label: string; sentenced: number | null }[];
}

interface StayCounts {
  admissions: number | null;
  persons: number | null;
  bedDays: number | null;
  exits: number | null;
  medianStayDays: number | null;
}

interface Shelter extends StayCounts, BrokenDown<StayCounts> {
  byKind: (StayCounts & { kind: string; label: string })[];
  exitsByReason: { reason: string; label: string; exits: number | null }[];
}

interface FollowUpCounts {
  active: number | null;
  within30: number | null;
  within90: number | null;
  lostContact: number | null;
  percent30: number | null;
  percent90: number | null;
}

interface FollowUps extends FollowUpCounts, BrokenDown<FollowUpCounts> {
  asOf: string;
}

interface CareTimeCounts {
  persons: number | null;
  cared: number | null;
  within1: number | null;
  within7: number | null;
  medianDays: number | null;
}

type CareTime = CareTimeCounts & BrokenDown<CareTimeCounts>;

interface PlanCounts {
  inCare: number | null;
  due: number | null;
  onTime: number | null;
  percentOnTime: number | null;
  withPlan: number | null;
  goalsMet: number | null;
}

interface GoalCounts {
  dimension: string;
  label: string;
  goals: number | null;
  achieved: number | null;
  partly: number | null;
  notAchieved: number | null;
  open: number | null;
  dropped: number | null;
  percentAchieved: number | null;
}

interface Plans extends PlanCounts, BrokenDown<PlanCounts> {
  asOf: string;
  goalsByDimension: GoalCounts[];
}

interface ReintegrationCounts {
  persons: number | null;
  assisted: number | null;
  reintegrated: number | null;
  assistedAndReintegrated: number | null;
  percent: number | null;
}

type Reintegration = ReintegrationCounts & BrokenDown<ReintegrationCounts>;

interface ReparationCounts {
  proceedings: number | null;
  persons: number | null;
  ordered: number | null;
  paid: number | null;
  paidInPart: number | null;
  civilParty: number | null;
}

type Reparation = ReparationCounts & BrokenDown<ReparationCounts>;

/** The restricted indicators read from other records, by the path of their route under /api/statistics/. */
interface RecordsAnswers {
  referrals?: Referrals;
  justice?: Justice;
  shelter?: Shelter;
  followUps?: FollowUps;
  careTime?: CareTime;
  plans?: Plans;
  reintegration?: Reintegration;
  reparation?: Reparation;
}
const RECORDS_ROUTES: Record<keyof RecordsAnswers, string> = {
  referrals: 'referrals',
  justice: 'justice',
  shelter: 'shelter',
  followUps: 'followups',
  careTime: 'time-to-care',
  plans: 'plans',
  reintegration: 'reintegration',
  reparation: 'reparation',
};


/** A scoped trend whose releases are still being protected (503) is asked again this often, this many times. */
const TREND_RETRY_MS = 5_000;
const TREND_RETRIES = 12;
const SHADES = ['#f6e3ea', '#e7a9bf', '#cc6a8c', '#8c1a4d'];
const SUPPRESSED_FILL = '#d0d0d0';

export default function StatisticsScreen({ audience }: { audience: Audience }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const base = audience === 'public' ? '/api/public/statistics' : '/api/statistics';
  const [catalogue, setCatalogue] = useState<Catalogue | undefined>();
  const [filters, setFilters] = useState<Filters | undefined>();
  const [tables, setTables] = useState<Partial<Record<TableName, TableAnswer>>>({});
  const [trend, setTrend] = useState<Trend | undefined>();
  const [map, setMap] = useState<MapPaths | undefined>();
  const [agencies, setAgencies] = useState<Agencies | undefined>();
  const [records, setRecords] = useState<RecordsAnswers>({});
  // The filters the figures on screen answer: until the answer to new filters is in, the screen
  // says it is updating (a flag set by an effect would leave one drawing announcing old figures as new).
  const [answeredFor, setAnsweredFor] = useState<Filters | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const title = t(audience === 'public' ? 'statistics.publicTitle' : 'statistics.internalTitle');
  // Whoever registers her region's plans and investment finds them from here.
  const managesPlans = useContext(SessionContext)?.session.permissions?.includes('plans.manage') === true;

  useEffect(() => {
    document.title = `${title} · Enlace`;
  }, [title]);

  const failed = (error: unknown) => setProblem(error instanceof ApiError ? error.title : t('statistics.loadFailed'));

  useEffect(() => {
    api<Catalogue>('GET', '/api/public/indicators').then((c) => {
      setCatalogue(c);
      setFilters((f) => f ?? defaultFilters(c));
    }, failed);
    api<MapPaths>('GET', '/api/public/map', { cacheable: true }).then(setMap, failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  useEffect(() => {
    if (!filters?.year) return;
    let current = true;
    setProblem(undefined);
    const names = Object.keys(TABLES) as TableName[];
    const trendParams = trendQuery(filters);
    // The indicators read from other records (referrals, proceedings) take the year and the sex and child/adult filters.
    const records = new URLSearchParams(trendParams);
    records.delete('indicator');
    records.set('year', filters.year);
    const recordsQuery = records.toString();
    Promise.all([
      Promise.all(names.map((name) => api<TableAnswer>('GET', `${base}?${tableQuery(name, filters)}`).then((answer) => [name, answer] as const))),
      // Restricted: the trend within the user's scope (her region's…), not rounded. Its releases of
      // every year may still be being protected (503): the rest of the dashboard shows without it.
      audience === 'public'
        ? api<Trend>('GET', `/api/public/statistics/trend?${trendParams.toString()}`)
        : api<Trend>('GET', `/api/statistics/trend?${trendParams.toString()}`).catch((error: unknown) => {
            // Asked again while the screen is shown, until its releases are ready (a few tries).
            const retry = (attempt: number) =>
              setTimeout(() => {
                if (!current) return;
                api<Trend>('GET', `/api/statistics/trend?${trendParams.toString()}`).then(
                  (answer) => current && setTrend(answer),
                  (again: unknown) => again instanceof ApiError && again.status === 503 && attempt < TREND_RETRIES && retry(attempt + 1),
                );
              }, TREND_RETRY_MS);
            if (error instanceof ApiError && error.status === 503) retry(1);
            return undefined;
          }),
      audience === 'restricted' ? api<Agencies>('GET', `/api/statistics/agencies?indicator=${filters.indicator}&year=${filters.year}`) : Promise.resolve(undefined),
      audience === 'restricted'
        ? Promise.all(Object.entries(RECORDS_ROUTES).map(([name, route]) => api<unknown>('GET', `/api/statistics/${route}?${recordsQuery}`).then((answer) => [name, answer] as const)))
        : Promise.resolve([]),
    ]).then(
      ([answers, trendAnswer, agencyAnswer, recordAnswers]) => {
        if (!current) return;
        setTables(Object.fromEntries(answers));
        setTrend(trendAnswer);
        setAgencies(agencyAnswer);
        setRecords(Object.fromEntries(recordAnswers) as RecordsAnswers);
        setAnsweredFor(filters);
      },
      (error: unknown) => {
        if (!current) return;
        failed(error);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters, base, audience, lang]);

  const dimension = (name: string) => catalogue?.dimensions.find((d) => d.name === name);
  const indicator = catalogue?.indicators.find((i) => i.id === filters?.indicator);
  const fmt = (v: number | null) => (v === null ? t('statistics.suppressed') : formatNumber(v, lang));
  const update = (change: Partial<Filters>) => setFilters((f) => (f ? { ...f, ...change } : f));
  const grand = tables.detectionDept?.figures.find((f) => Object.keys(f.coords).length === 0);
  const scope = audience === 'restricted' ? tables.detectionDept?.scope : undefined;

  return (
    <section className="page statistics">
      <h1>{title}</h1>
      <p className="lead">{t(audience === 'public' ? 'statistics.publicLead' : 'statistics.internalLead')}</p>
      {scope && (
        <p className="stats-scope" data-testid="stats-scope">
          <strong>{t('statistics.scopeLabel')}:</strong> {scopeText(scope, t)}
        </p>
      )}
      {managesPlans && (
        <p>
          <Link to={paths.regionalPlans}>{t('statistics.managePlans')}</Link>
        </p>
      )}
      {problem && (
        <div className="alert" role="alert">
          {problem}
        </div>
      )}
      {catalogue && filters && (
        <form className="card stats-filters" aria-label={t('statistics.filters')} onSubmit={(e) => e.preventDefault()}>
          <Select id="stats-indicator" label={t('statistics.indicator')} value={filters.indicator} onChange={(indicator) => update({ indicator })} options={catalogue.indicators.filter((i) => i.computed).map((i) => ({ code: i.id, label: i.name }))} />
          <Select id="stats-year" label={t('statistics.year')} value={filters.year} onChange={(year) => update({ year })} options={[...catalogue.years].reverse().map((y) => ({ code: y, label: y }))} />
          <Select id="stats-sex" label={t('statistics.sex')} value={filters.sex} onChange={(sex) => update({ sex })} options={[{ code: '', label: t('statistics.all') }, ...(dimension('sex')?.values ?? [])]} />
          <Select id="stats-child" label={t('statistics.childAdult')} value={filters.childAdult} onChange={(childAdult) => update({ childAdult })} options={[{ code: '', label: t('statistics.all') }, ...(dimension('childAdult')?.values ?? [])]} />
        </form>
      )}
      <p className="status-text" role="status" aria-live="polite">
        {filters && answeredFor !== filters
          ? problem
            ? ''
            : t('statistics.updating')
          : filters && indicator && tables.detectionDept
            ? t('statistics.updated', { indicator: indicator.name, year: filters.year })
            : ''}
      </p>
      {filters && tables.detectionDept && (
        <>
          <div className="figures">
            <div className="card stats-key">
              <span className="stats-key-value">{fmt(grand?.value ?? null)}</span> {t('statistics.persons')}
              <div className="hint">{t('statistics.total', { year: filters.year })}</div>
            </div>
          </div>
          {indicator && (
            <p>
              <strong>{t('statistics.definition')}:</strong> {indicator.definition}
            </p>
          )}
          <p className="hint">
            {t('statistics.suppressedNote')} {t('statistics.dataAsOf', { date: formatDateTime(tables.detectionDept.dataAsOf, lang) })}
          </p>
          <MapSection map={map} detection={tables.detectionDept} flows={tables.flows} fmt={fmt} exportBase={base} filters={filters} />
          {tables.flows && <FlowsSection flows={tables.flows} fmt={fmt} exportLink={<Exports base={base} query={tableQuery('flows', filters)} />} />}
          {trend && (
            <TrendSection trend={trend} fmt={fmt} exportLink={<Exports base={`${base}/trend`} query={trendQuery(filters).toString()} />} />
          )}
          <div className="stats-grid">
            {(['sex', 'ageBand', 'nationality', 'exploitation', 'gender'] as const).map((name) => {
              const answer = tables[name];
              return answer ? <BarSection key={name} answer={answer} fmt={fmt} exportLink={<Exports base={base} query={tableQuery(name, filters)} />} /> : null;
            })}
          </div>
          {agencies && <AgenciesSection agencies={agencies} fmt={fmt} />}
          <RecordsSections records={records} fmt={fmt} />
          {audience === 'public' && catalogue && <ReportLink year={filters.year} years={catalogue.years} indicator={filters.indicator} indicatorNames={new Map(catalogue.indicators.map((i) => [i.id, i.name]))} regions={dimension('detectionDept')?.values.filter((v) => /^\d{2}$/.test(v.code)) ?? []} />}
          <p className="hint">{tables.detectionDept.disclosure.note}</p>
        </>
      )}
    </section>
  );
}

function Select({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (value: string) => void; options: { code: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Exports({ base, query }: { base: string; query: string }) {
  const { t, i18n } = useTranslation();
  // The file's headings and labels in the app's language, not the browser's.
  const withLang = `?${query ? `${query}&` : ''}lang=${i18n.language === 'en' ? 'en' : 'es'}`;
  return (
    <p className="stats-exports">
      {t('statistics.download')} <a href={`${base}.csv${withLang}`}>{t('statistics.csv')}</a> · <a href={`${base}.xlsx${withLang}`}>{t('statistics.xlsx')}</a>
    </p>
  );
}

/** A chart with its caption, a sentence for screen readers, and its table on demand. */
function ChartFigure({ id, title, summary, chart, headers, rows, exportLink }: { id: string; title: string; summary: string; chart: ReactNode; headers: string[]; rows: (string | number)[][]; exportLink?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <figure className="card stats-figure" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="stats-figure-title">
        {title}
      </figcaption>
      <div role="img" aria-label={summary}>
        {chart}
      </div>
      <details>
        <summary>{t('statistics.showTable')}</summary>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {headers.map((h, i) => (
                  <th key={h} scope="col" className={i === headers.length - 1 ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.join('|')}>
                  <RowCells cells={row} numeric={(i) => i === row.length - 1} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {exportLink}
      </details>
    </figure>
  );
}

const labelOf = (answer: TableAnswer, dimension: string, code: string) => answer.dimensions.find((d) => d.name === dimension)?.values.find((v) => v.code === code)?.label ?? code;

/** Horizontal bars, one per category; a protected figure is a grey stub marked x. */
function Bars({ items, fmt }: { items: { label: string; value: number | null }[]; fmt: (v: number | null) => string }) {
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const row = 22;
  return (
    <svg className="stats-bars" viewBox={`0 0 480 ${items.length * row + 4}`} width="100%" style={{ maxWidth: '40rem' }} aria-hidden="true" focusable="false">
      {items.map((item, i) => {
        const width = item.value === null ? 12 : Math.max(item.value > 0 ? 2 : 0, (item.value / max) * 180);
        return (
          <g key={item.label} transform={`translate(0 ${i * row + 2})`}>
            <text x="236" y="15" textAnchor="end" fontSize="12">
              {item.label.length > 38 ? `${item.label.slice(0, 37)}…` : item.label}
            </text>
            <rect x="242" y="3" height="15" width={width} fill={item.value === null ? SUPPRESSED_FILL : SHADES[3]} />
            <text x={246 + width} y="15" fontSize="12">
              {fmt(item.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function BarSection({ answer, fmt, exportLink }: { answer: TableAnswer; fmt: (v: number | null) => string; exportLink: ReactNode }) {
  const { t } = useTranslation();
  const dims = answer.dimensions.map((d) => d.name);
  const [first] = dims;
  // The finest cells (every dimension of the breakdown given), not the margins.
  const cells = answer.figures.filter((f) => !f.margin && (f.value === null || f.value > 0));
  const label = (f: Figure) => dims.filter((d) => f.coords[d] !== undefined).map((d) => labelOf(answer, d, f.coords[d] as string)).join(' · ');
  const items = cells.map((f) => ({ label: label(f), value: f.value }));
  const top = [...items].filter((i) => i.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0))[0];
  const title = answer.dimensions.map((d) => d.label).join(' × ');
  return (
    <ChartFigure
      id={`stats-${answer.view}-${first ?? ''}`}
      title={title}
      summary={top ? t('statistics.barSummary', { title, top: `${top.label} (${fmt(top.value)})` }) : t('statistics.noFigures')}
      chart={items.length > 0 ? <Bars items={items} fmt={fmt} /> : <p>{t('statistics.noFigures')}</p>}
      headers={[...answer.dimensions.map((d) => d.label), t('statistics.value')]}
      rows={answer.figures.map((f) => [...dims.map((d) => (f.coords[d] === undefined ? 'Total' : labelOf(answer, d, f.coords[d] as string))), fmt(f.value)])}
      exportLink={exportLink}
    />
  );
}

type MapOf = 'detectionDept' | 'recruitmentDept' | 'exploitationDept';

function MapSection({ map, detection, flows, fmt, exportBase, filters }: { map: MapPaths | undefined; detection: TableAnswer; flows: TableAnswer | undefined; fmt: (v: number | null) => string; exportBase: string; filters: Filters }) {
  const { t } = useTranslation();
  const [of, setOf] = useState<MapOf>('detectionDept');
  const source = of === 'detectionDept' ? detection : flows;
  const values = useMemo(() => {
    const out = new Map<string, number | null>();
    for (const f of source?.figures ?? []) {
      const keys = Object.keys(f.coords);
      if (keys.length === 1 && keys[0] === of) out.set(f.coords[of] as string, f.value);
    }
    return out;
  }, [source, of]);
  const known = [...values.values()].filter((v): v is number => v !== null && v > 0).sort((a, b) => a - b);
  const breaks = [0.25, 0.5, 0.75].map((q) => known[Math.floor(q * (known.length - 1))] ?? 0);
  const fill = (v: number | null | undefined) => (v === null ? SUPPRESSED_FILL : !v ? '#ffffff' : (SHADES[breaks.filter((b) => v > b).length] as string));
  const departments = detection.dimensions.find((d) => d.name === 'detectionDept')?.values.filter((v) => /^\d{2}$/.test(v.code)) ?? [];
  const rows = departments.map((d) => [d.label, fmt(values.get(d.code) ?? 0)]);
  const top = departments.map((d) => ({ label: d.label, value: values.get(d.code) ?? 0 })).filter((d) => d.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0))[0];
  const which = t(`statistics.${of}`);
  const legend: [string, string][] = [
    ['#ffffff', t('statistics.zero')],
    ...SHADES.map((s, i): [string, string] => [s, i === 0 ? `1–${breaks[0]}` : i === 3 ? `> ${breaks[2]}` : `${(breaks[i - 1] ?? 0) + 1}–${breaks[i]}`]),
    [SUPPRESSED_FILL, t('statistics.suppressed')],
  ];
  return (
    <section aria-labelledby="stats-map-heading">
      <h2 id="stats-map-heading">{t('statistics.mapTitle')}</h2>
      <fieldset className="stats-map-of">
        <legend>{t('statistics.mapOf')}</legend>
        {(['detectionDept', 'recruitmentDept', 'exploitationDept'] as const).map((m) => (
          <label key={m} className="choice">
            <input type="radio" name="stats-map-of" value={m} checked={of === m} onChange={() => setOf(m)} /> {t(`statistics.${m}`)}
          </label>
        ))}
      </fieldset>
      <ChartFigure
        id="stats-map"
        title={`${t('statistics.mapTitle')} ${which}`}
        summary={t('statistics.mapSummary', { which, top: top ? `${top.label} (${fmt(top.value)})` : '—' })}
        chart={
          <div className="stats-map">
            {map && (
              <svg viewBox={`0 0 ${map.width} ${map.height}`} width="100%" style={{ maxWidth: '28rem' }} aria-hidden="true" focusable="false" data-testid="stats-map">
                {map.departments.map((d) => (
                  <path key={d.code} d={d.d} fill={fill(values.get(d.code))} stroke="#555" strokeWidth="0.6" data-department={d.code}>
                    <title>{`${departments.find((x) => x.code === d.code)?.label ?? d.code}: ${fmt(values.get(d.code) ?? 0)}`}</title>
                  </path>
                ))}
              </svg>
            )}
            <ul className="stats-legend" aria-label={t('statistics.legend')}>
              {legend.map(([colour, text]) => (
                <li key={text}>
                  <span className="stats-swatch" style={{ background: colour }} /> {text}
                </li>
              ))}
            </ul>
          </div>
        }
        headers={[t('statistics.region'), t('statistics.value')]}
        rows={rows}
        exportLink={<Exports base={exportBase} query={tableQuery(of === 'detectionDept' ? 'detectionDept' : 'flows', filters)} />}
      />
    </section>
  );
}

function FlowsSection({ flows, fmt, exportLink }: { flows: TableAnswer; fmt: (v: number | null) => string; exportLink: ReactNode }) {
  const { t } = useTranslation();
  const pairs = flows.figures
    .filter((f) => f.coords.recruitmentDept !== undefined && f.coords.exploitationDept !== undefined && f.value !== null && f.value > 0)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const label = (f: Figure) => `${labelOf(flows, 'recruitmentDept', f.coords.recruitmentDept as string)} → ${labelOf(flows, 'exploitationDept', f.coords.exploitationDept as string)}`;
  const top = pairs.slice(0, 12);
  return (
    <section aria-labelledby="stats-flows-heading">
      <h2 id="stats-flows-heading">{t('statistics.flowsTitle')}</h2>
      <p className="hint">{t('statistics.flowsLead')}</p>
      <ChartFigure
        id="stats-flows"
        title={t('statistics.flowsTitle')}
        summary={top[0] ? t('statistics.barSummary', { title: t('statistics.flowsTitle'), top: `${label(top[0])} (${fmt(top[0].value)})` }) : t('statistics.noFigures')}
        chart={top.length > 0 ? <Bars items={top.map((f) => ({ label: label(f), value: f.value }))} fmt={fmt} /> : <p>{t('statistics.noFigures')}</p>}
        headers={[t('statistics.from'), t('statistics.to'), t('statistics.value')]}
        rows={flows.figures
          .filter((f) => f.value !== 0)
          .map((f) => [
            f.coords.recruitmentDept === undefined ? 'Total' : labelOf(flows, 'recruitmentDept', f.coords.recruitmentDept),
            f.coords.exploitationDept === undefined ? 'Total' : labelOf(flows, 'exploitationDept', f.coords.exploitationDept),
            fmt(f.value),
          ])}
        exportLink={exportLink}
      />
    </section>
  );
}

/** "Región: Loreto", "Institución: PNP", "Institución: MP en la región Lima", joined; "Nacional"; nobody. */
function scopeText(scope: Scope, t: (key: string, options?: Record<string, string>) => string): string {
  if (scope.national) return t('statistics.scopeNational');
  if (scope.parts.length === 0) return t('statistics.scopeNone');
  return scope.parts
    .map((p) =>
      p.department && p.agency
        ? t('statistics.scopeAgencyInRegion', { agency: p.agency.label, region: p.department.label })
        : p.department
          ? t('statistics.scopeRegion', { region: p.department.label })
          : t('statistics.scopeAgency', { agency: p.agency?.label ?? '' }),
    )
    .join('; ');
}

function TrendSection({ trend, fmt, exportLink }: { trend: Trend; fmt: (v: number | null) => string; exportLink: ReactNode }) {
  const { t } = useTranslation();
  const points = trend.points;
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const step = 400 / Math.max(1, points.length);
  return (
    <section aria-labelledby="stats-trend-heading">
      <h2 id="stats-trend-heading">{t('statistics.trendTitle')}</h2>
      <ChartFigure
        id="stats-trend"
        title={t('statistics.trendTitle')}
        summary={t('statistics.trendSummary', { first: points[0]?.year ?? '', last: points[points.length - 1]?.year ?? '' }) + ' ' + points.map((p) => `${p.year}: ${fmt(p.value)}`).join(', ')}
        chart={
          <svg viewBox="0 0 400 170" width="100%" style={{ maxWidth: '40rem' }} aria-hidden="true" focusable="false">
            <line x1="0" y1="140" x2="400" y2="140" stroke="#555" />
            {points.map((p, i) => {
              const height = p.value === null ? 8 : (p.value / max) * 120;
              return (
                <g key={p.year} transform={`translate(${i * step} 0)`}>
                  <rect x={step * 0.15} y={140 - height} width={step * 0.7} height={height} fill={p.value === null ? SUPPRESSED_FILL : SHADES[2]} />
                  <text x={step / 2} y={136 - height} textAnchor="middle" fontSize="11">
                    {fmt(p.value)}
                  </text>
                  <text x={step / 2} y="156" textAnchor="middle" fontSize="11">
                    {p.year}
                  </text>
                </g>
              );
            })}
          </svg>
        }
        headers={[t('statistics.year'), t('statistics.value')]}
        rows={points.map((p) => [p.year, fmt(p.value)])}
        exportLink={exportLink}
      />
    </section>
  );
}

function AgenciesSection({ agencies, fmt }: { agencies: Agencies; fmt: (v: number | null) => string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="stats-agencies-heading">
      <h2 id="stats-agencies-heading">{t('statistics.agenciesTitle')}</h2>
      <ChartFigure
        id="stats-agencies"
        title={t('statistics.agenciesTitle')}
        summary={`${t('statistics.uniquePersons')}: ${fmt(agencies.persons)}; ${t('statistics.sumOfAgencies')}: ${fmt(agencies.sumOfAgencyCounts)}`}
        chart={<Bars items={[{ label: t('statistics.uniquePersons'), value: agencies.persons }, { label: t('statistics.sumOfAgencies'), value: agencies.sumOfAgencyCounts }, ...agencies.perAgency.map((a) => ({ label: a.label, value: a.persons }))]} fmt={fmt} />}
        headers={[t('statistics.agency'), t('statistics.value')]}
        rows={[
          [t('statistics.uniquePersons'), fmt(agencies.persons)],
          [t('statistics.records'), fmt(agencies.records)],
          [t('statistics.sumOfAgencies'), fmt(agencies.sumOfAgencyCounts)],
          ...agencies.perAgency.map((a) => [a.label, fmt(a.persons)]),
          ...agencies.knownTo.map((k) => [t('statistics.knownTo', { n: k.agencies }), fmt(k.persons)]),
        ]}
      />
    </section>
  );
}

type Fmt = (v: number | null) => string;

/** What every restricted indicator answer breaks down by sex and child/adult. */
interface BrokenDown<C> {
  bySex: (C & { sex: string; label: string })[];
  byChildAdult: (C & { childAdult: string; label: string })[];
}

/**
 * A restricted indicator read from records other than the case files (counts of 1–9 withheld):
 * its chart, its table (the total, any further rows, then by sex and by child/adult), its note.
 * Its texts are `statistics.<name>Title`, `<name>Total`, `<name>Note` and the columns named.
 */
function RecordsSection<C>({ id, name, answer, columns, cells, groups = [], extraRows = [], chart, summary, noteParams, fmt }: { fmt: Fmt; id: string; name: string; answer: C & BrokenDown<C>; columns: readonly string[]; cells: (c: C) => string[]; groups?: readonly { label: string; counts: C }[]; extraRows?: string[][]; chart: { label: string; value: number | null }[]; summary: string; noteParams?: Record<string, string> }) {
  const { t } = useTranslation();
  const title = t(`statistics.${name}Title`);
  const rows = [[t(`statistics.${name}Total`), ...cells(answer)], ...[...groups, ...[...answer.bySex, ...answer.byChildAdult].map((c) => ({ label: c.label, counts: c as C }))].map((g) => [g.label, ...cells(g.counts)]), ...extraRows];
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <ChartFigure id={id} title={title} summary={summary} chart={<Bars items={chart} fmt={fmt} />} headers={columns.map((c) => t(`statistics.${c}`))} rows={rows} />
      <p className="hint">{t(`statistics.${name}Note`, noteParams)}</p>
    </section>
  );
}

const days = (v: number | null) => (v === null ? '—' : String(v));
const percent = (v: number | null) => (v === null ? '—' : `${v} %`);

/** The restricted indicators' sections, in the order the dashboard shows them. */
function RecordsSections({ records, fmt }: { records: RecordsAnswers; fmt: Fmt }) {
  const { t } = useTranslation();
  const { referrals, justice, shelter, careTime, followUps, plans, reintegration, reparation } = records;
  const dimensions = plans?.goalsByDimension.filter((g) => g.goals !== 0) ?? [];
  const pair = (p: Referrals['pairs'][number]) => `${p.fromLabel} → ${p.toLabel}`;
  const reached = justice?.byStage.filter((c) => c.proceedings !== 0) ?? [];
  const outcomes = justice?.byOutcome.filter((c) => c.sentenced !== 0) ?? [];
  // A span of years: its count, and its share of the sentences when shown.
  const span = (n: number | null, share: number | null) => (share === null ? fmt(n) : `${fmt(n)} (${percent(share)})`);
  return (
    <>
      {referrals && (
        // D14: referrals by pair of agencies, sex and child/adult.
        <RecordsSection
          id="stats-referrals"
          name="referrals"
          fmt={fmt}
          answer={referrals}
          columns={['referralsPair', 'referralsSent', 'referralsAccepted', 'referralsRejected', 'referralsPending', 'referralsPersons', 'referralsMedianHours']}
          cells={(c: ReferralCounts) => [fmt(c.sent), fmt(c.accepted), fmt(c.rejected), fmt(c.pending), fmt(c.persons), days(c.medianHoursToAcceptance)]}
          groups={referrals.pairs.map((p) => ({ label: pair(p), counts: p }))}
          chart={referrals.pairs.map((p) => ({ label: pair(p), value: p.sent }))}
          summary={`${t('statistics.referralsSent')}: ${fmt(referrals.sent)}; ${t('statistics.referralsAccepted')}: ${fmt(referrals.accepted)}`}
        />
      )}
      {justice && (
        // C11: criminal proceedings by the stage they stand at, and victims with one.
        <RecordsSection
          id="stats-justice"
          name="justice"
          fmt={fmt}
          answer={justice}
          columns={['justiceStage', 'justiceProceedings', 'justicePersons']}
          cells={(c: StageCounts) => [fmt(c.proceedings), fmt(c.persons)]}
          groups={reached.map((c) => ({ label: c.label, counts: c }))}
          chart={reached.map((c) => ({ label: c.label, value: c.proceedings }))}
          summary={`${t('statistics.justiceProceedings')}: ${fmt(justice.proceedings)}; ${t('statistics.justicePersons')}: ${fmt(justice.persons)}`}
        />
      )}
      {justice && (
        // C11: proceedings with a sentence by outcome, victims with one, time from detection to sentence.
        <RecordsSection
          id="stats-sentences"
          name="sentences"
          fmt={fmt}
          answer={justice}
          columns={['sentencesGroup', 'sentencesSentenced', 'sentencesPersons', 'sentencesWithinYear', 'sentencesYears1to2', 'sentencesYears2to3', 'sentencesOver3Years', 'sentencesMedian']}
          cells={(c: SentenceCounts) => [
            fmt(c.sentenced),
            fmt(c.personsSentenced),
            span(c.withinYear, c.percentWithinYear),
            span(c.years1to2, c.percentYears1to2),
            span(c.years2to3, c.percentYears2to3),
            span(c.over3Years, c.percentOver3Years),
            days(c.medianDaysToSentence),
          ]}
          extraRows={outcomes.map((c) => [t('statistics.sentencesOutcome', { outcome: c.label }), fmt(c.sentenced), '—', '—', '—', '—', '—', '—'])}
          chart={outcomes.map((c) => ({ label: c.label, value: c.sentenced }))}
          summary={`${t('statistics.sentencesSentenced')}: ${fmt(justice.sentenced)}; ${t('statistics.sentencesMedian')}: ${days(justice.medianDaysToSentence)}`}
        />
      )}
      {shelter && (
        // B6: shelter admissions, persons, bed-days, length of stay and exits by reason.
        <RecordsSection
          id="stats-shelter"
          name="shelter"
          fmt={fmt}
          answer={shelter}
          columns={['shelterGroup', 'shelterAdmissions', 'shelterPersons', 'shelterBedDays', 'shelterExits', 'shelterMedianDays']}
          cells={(c: StayCounts) => [fmt(c.admissions), fmt(c.persons), days(c.bedDays), fmt(c.exits), days(c.medianStayDays)]}
          groups={shelter.byKind.map((c) => ({ label: c.label, counts: c }))}
          extraRows={shelter.exitsByReason.map((c) => [t('statistics.shelterExitReason', { reason: c.label }), '—', '—', '—', fmt(c.exits), '—'])}
          chart={shelter.exitsByReason.map((c) => ({ label: c.label, value: c.exits }))}
          summary={`${t('statistics.shelterAdmissions')}: ${fmt(shelter.admissions)}; ${t('statistics.shelterBedDays')}: ${days(shelter.bedDays)}`}
        />
      )}
      {careTime && (
        // B5: days from detection to the first service, by sex and child/adult.
        <RecordsSection
          id="stats-care-time"
          name="careTime"
          fmt={fmt}
          answer={careTime}
          columns={['careTimeGroup', 'careTimePersons', 'careTimeCared', 'careTimeWithin1', 'careTimeWithin7', 'careTimeMedian']}
          cells={(c: CareTimeCounts) => [fmt(c.persons), fmt(c.cared), fmt(c.within1), fmt(c.within7), days(c.medianDays)]}
          chart={[...careTime.bySex, ...careTime.byChildAdult].map((c) => ({ label: c.label, value: c.cared }))}
          summary={`${t('statistics.careTimeCared')}: ${fmt(careTime.cared)}; ${t('statistics.careTimeMedian')}: ${days(careTime.medianDays)}`}
        />
      )}
      {followUps && (
        // B8: persons with an active case file followed up in the last 30 and 90 days.
        <RecordsSection
          id="stats-followups"
          name="followUps"
          fmt={fmt}
          answer={followUps}
          columns={['followUpsGroup', 'followUpsActive', 'followUpsWithin30', 'followUpsPercent30', 'followUpsWithin90', 'followUpsPercent90', 'followUpsLost']}
          cells={(c: FollowUpCounts) => [fmt(c.active), fmt(c.within30), percent(c.percent30), fmt(c.within90), percent(c.percent90), fmt(c.lostContact)]}
          chart={[
            { label: t('statistics.followUpsActive'), value: followUps.active },
            { label: t('statistics.followUpsWithin30'), value: followUps.within30 },
            { label: t('statistics.followUpsWithin90'), value: followUps.within90 },
            { label: t('statistics.followUpsLost'), value: followUps.lostContact },
          ]}
          summary={`${t('statistics.followUpsPercent30')}: ${percent(followUps.percent30)}; ${t('statistics.followUpsPercent90')}: ${percent(followUps.percent90)}`}
          noteParams={{ asOf: followUps.asOf }}
        />
      )}
      {plans && (
        // B7: persons in care with a PRI approved within 30 days of entering care.
        <RecordsSection
          id="stats-plans"
          name="plans"
          fmt={fmt}
          answer={plans}
          columns={['plansGroup', 'plansInCare', 'plansDue', 'plansOnTime', 'plansPercentOnTime', 'plansWithPlan', 'plansGoalsMet']}
          cells={(c: PlanCounts) => [fmt(c.inCare), fmt(c.due), fmt(c.onTime), percent(c.percentOnTime), fmt(c.withPlan), fmt(c.goalsMet)]}
          chart={[
            { label: t('statistics.plansInCare'), value: plans.inCare },
            { label: t('statistics.plansDue'), value: plans.due },
            { label: t('statistics.plansOnTime'), value: plans.onTime },
            { label: t('statistics.plansWithPlan'), value: plans.withPlan },
            { label: t('statistics.plansGoalsMet'), value: plans.goalsMet },
          ]}
          summary={`${t('statistics.plansPercentOnTime')}: ${percent(plans.percentOnTime)}; ${t('statistics.plansWithPlan')}: ${fmt(plans.withPlan)}`}
          noteParams={{ asOf: plans.asOf }}
        />
      )}
      {plans && (
        // B7: the approved plans' goals by dimension and status.
        <section aria-labelledby="stats-goals-heading">
          <h2 id="stats-goals-heading">{t('statistics.goalsTitle')}</h2>
          <ChartFigure
            id="stats-goals"
            title={t('statistics.goalsTitle')}
            summary={dimensions.map((g) => `${g.label}: ${percent(g.percentAchieved)}`).join('; ') || t('statistics.goalsCount') + ': 0'}
            chart={<Bars items={dimensions.map((g) => ({ label: g.label, value: g.achieved }))} fmt={fmt} />}
            headers={['goalsDimension', 'goalsCount', 'goalsAchieved', 'goalsPartly', 'goalsNotAchieved', 'goalsOpen', 'goalsDropped', 'goalsPercent'].map((c) => t(`statistics.${c}`))}
            rows={dimensions.map((g) => [g.label, fmt(g.goals), fmt(g.achieved), fmt(g.partly), fmt(g.notAchieved), fmt(g.open), fmt(g.dropped), percent(g.percentAchieved)])}
          />
          <p className="hint">{t('statistics.goalsNote')}</p>
        </section>
      )}
      {reintegration && (
        // B4: victims assisted within 30 days and reintegrated.
        <RecordsSection
          id="stats-reintegration"
          name="reintegration"
          fmt={fmt}
          answer={reintegration}
          columns={['reintegrationGroup', 'reintegrationPersons', 'reintegrationAssisted', 'reintegrationReintegrated', 'reintegrationBoth', 'reintegrationPercent']}
          cells={(c: ReintegrationCounts) => [fmt(c.persons), fmt(c.assisted), fmt(c.reintegrated), fmt(c.assistedAndReintegrated), percent(c.percent)]}
          chart={[...reintegration.bySex, ...reintegration.byChildAdult].map((c) => ({ label: c.label, value: c.assistedAndReintegrated }))}
          summary={`${t('statistics.reintegrationPercent')}: ${percent(reintegration.percent)}`}
        />
      )}
      {reparation && (
        // C12: victims by where their civil reparation stands, and civil parties.
        <RecordsSection
          id="stats-reparation"
          name="reparation"
          fmt={fmt}
          answer={reparation}
          columns={['reparationGroup', 'reparationProceedings', 'reparationPersons', 'reparationOrdered', 'reparationPaid', 'reparationPaidInPart', 'reparationCivilParty']}
          cells={(c: ReparationCounts) => [fmt(c.proceedings), fmt(c.persons), fmt(c.ordered), fmt(c.paid), fmt(c.paidInPart), fmt(c.civilParty)]}
          chart={[
            { label: t('statistics.reparationOrdered'), value: reparation.ordered },
            { label: t('statistics.reparationPaid'), value: reparation.paid },
            { label: t('statistics.reparationPaidInPart'), value: reparation.paidInPart },
            { label: t('statistics.reparationCivilParty'), value: reparation.civilParty },
          ]}
          summary={`${t('statistics.reparationOrdered')}: ${fmt(reparation.ordered)}; ${t('statistics.reparationPaid')}: ${fmt(reparation.paid)}`}
        />
      )}
    </>
  );
}

interface RegionPlans {
  plans: { id: string; title: string; periodFrom: number; periodTo: number; objectives: { text: string }[]; progress: { indicator: string; year: number; target: number; actual: number | null; met: boolean | null }[] }[];
  projects: { code: string; municipality: string; name: string; purpose: string; year: number; budget: number; executed: number; status: string }[];
  investment: { year: number; purpose: string; projects: number; budget: number; executed: number; victimsIdentified: number | null }[];
}

/** A region: its PDF report, its plan's targets against its figures, and its investment beside its cases. */
function ReportLink({ year, years, indicator, regions, indicatorNames }: { year: string; years: readonly string[]; indicator: string; regions: { code: string; label: string }[]; indicatorNames: ReadonlyMap<string, string> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // A link may name the region (/estadisticas?region=08, from the plans screen); Lima otherwise.
  const [region, setRegion] = useState(() => initialRegion(window.location.search));
  // The report's period, from year to year: the dashboard's year alone until the reader widens it.
  // Each list offers only the years that keep the period in order, so it never reads backwards.
  const [period, setPeriod] = useState({ from: year, to: year });
  useEffect(() => setPeriod({ from: year, to: year }), [year]);
  const sorted = [...years].sort();
  const yearOptions = (keep: (y: string) => boolean) => sorted.filter(keep).reverse().map((y) => ({ code: y, label: y }));
  const [plans, setPlans] = useState<RegionPlans | undefined>();
  useEffect(() => {
    let current = true;
    api<RegionPlans>('GET', `/api/public/regions/${region}/plans`).then(
      (answer) => current && setPlans(answer),
      () => current && setPlans(undefined),
    );
    return () => {
      current = false;
    };
  }, [region, lang]);
  const fmt = (v: number | null) => (v === null ? t('statistics.suppressed') : formatNumber(v, lang));
  const money = (v: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-PE', { style: 'currency', currency: 'PEN', maximumFractionDigits: 0 }).format(v);
  return (
    <section aria-labelledby="stats-region-heading" className="card">
      <h2 id="stats-region-heading">{t('statistics.regionTitle')}</h2>
      <div className="inline-add">
        <Select id="stats-region" label={t('statistics.region')} value={region} onChange={setRegion} options={regions} />
        <Select id="stats-report-from" label={t('statistics.periodFrom')} value={period.from} onChange={(from) => setPeriod((p) => ({ ...p, from }))} options={yearOptions((y) => y <= period.to)} />
        <Select id="stats-report-to" label={t('statistics.periodTo')} value={period.to} onChange={(to) => setPeriod((p) => ({ ...p, to }))} options={yearOptions((y) => y >= period.from)} />
        <a className="button-link" href={`/api/public/reports/region/${region}.pdf?year=${period.to}${period.from === period.to ? '' : `&from=${period.from}`}&indicator=${indicator}&lang=${lang === 'en' ? 'en' : 'es'}`}>
          {t('statistics.openPdf')}
        </a>
      </div>
      <h3>{t('statistics.planTitle')}</h3>
      {plans && plans.plans.length === 0 && <p>{t('statistics.noPlan')}</p>}
      {plans?.plans.map((plan) => (
        <div key={plan.id} className="table-wrap">
          <table>
            <caption>{`${plan.title} (${plan.periodFrom}–${plan.periodTo})`}</caption>
            <thead>
              <tr>
                <th scope="col">{t('statistics.year')}</th>
                <th scope="col">{t('statistics.indicator')}</th>
                <th scope="col" className="num">{t('statistics.target')}</th>
                <th scope="col" className="num">{t('statistics.actual')}</th>
                <th scope="col">{t('statistics.met')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.progress.map((row) => (
                <tr key={`${row.indicator}|${row.year}`}>
                  <th scope="row">{row.year}</th>
                  <td>{indicatorNames.get(row.indicator) ?? row.indicator}</td>
                  <td className="num">{formatNumber(row.target, lang)}</td>
                  <td className="num">{fmt(row.actual)}</td>
                  <td>{row.met === null ? '—' : row.met ? t('common.yes') : t('common.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {plans && plans.plans.length > 0 && <Exports base={`/api/public/regions/${region}/plans`} query="" />}
      <h3>{t('statistics.investmentTitle')}</h3>
      {plans && plans.investment.length === 0 ? (
        <p>{t('statistics.noInvestment')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('statistics.investmentTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('statistics.year')}</th>
                <th scope="col">{t('statistics.purpose')}</th>
                <th scope="col" className="num">{t('statistics.projects')}</th>
                <th scope="col" className="num">{t('statistics.budget')}</th>
                <th scope="col" className="num">{t('statistics.executed')}</th>
                <th scope="col" className="num">{t('statistics.victimsBeside')}</th>
              </tr>
            </thead>
            <tbody>
              {plans?.investment.map((row) => (
                <tr key={`${row.year}|${row.purpose}`}>
                  <th scope="row">{row.year}</th>
                  <td>{t(`statistics.purposes.${row.purpose}`)}</td>
                  <td className="num">{row.projects}</td>
                  <td className="num">{money(row.budget)}</td>
                  <td className="num">{money(row.executed)}</td>
                  <td className="num">{fmt(row.victimsIdentified)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plans && plans.investment.length > 0 && <Exports base={`/api/public/regions/${region}/investment`} query="" />}
    </section>
  );
}
