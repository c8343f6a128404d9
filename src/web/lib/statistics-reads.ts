// What the statistics dashboard asks for with its first filters (screens/Statistics.tsx), written
// once so that the server can send the public dashboard's answers with the page
// (src/server/web-document.ts): on a slow link its nine requests cost two more round trips after
// the code has come. No React and no browser here: the server imports it.

export interface Filters {
  indicator: string;
  year: string;
  sex: string;
  childAdult: string;
}

/** The tables the dashboard shows: the view and the breakdown asked for. */
export const TABLES = {
  detectionDept: { view: 'detectionDept' },
  flows: { view: 'flows', breakdown: 'recruitmentDept,exploitationDept' },
  sex: { view: 'sex', breakdown: 'sex,childAdult' },
  ageBand: { view: 'ageBand' },
  nationality: { view: 'nationality' },
  exploitation: { view: 'exploitation' },
  gender: { view: 'gender' },
} as const;
export type TableName = keyof typeof TABLES;

export function tableQuery(name: TableName, filters: Filters): string {
  const spec: { view: string; breakdown?: string } = TABLES[name];
  const params = new URLSearchParams({ indicator: filters.indicator, year: filters.year, view: spec.view });
  if (spec.breakdown) params.set('breakdown', spec.breakdown);
  if (name === 'sex') {
    if (filters.sex) params.set('sex', filters.sex);
    if (filters.childAdult) params.set('childAdult', filters.childAdult);
  }
  return params.toString();
}

/** The trend's query: the indicator, and the sex and child/adult filters. */
export function trendQuery(filters: Filters): URLSearchParams {
  const params = new URLSearchParams({ indicator: filters.indicator });
  if (filters.sex) params.set('sex', filters.sex);
  if (filters.childAdult) params.set('childAdult', filters.childAdult);
  return params;
}

/** The filters the dashboard opens with: the first computed indicator, the latest year. */
export function defaultFilters(catalogue: { indicators: readonly { id: string; computed: boolean }[]; years: readonly string[] }): Filters {
  return { indicator: catalogue.indicators.find((i) => i.computed)?.id ?? 'victims-identified', year: catalogue.years[catalogue.years.length - 1] ?? '', sex: '', childAdult: '' };
}

/** The region whose report, plans and investment the dashboard shows first: named in the address (?region=08, from the plans screen), Lima otherwise. */
export function initialRegion(search: string): string {
  return /^\d{2}$/.exec(new URLSearchParams(search).get('region') ?? '')?.[0] ?? '15';
}

/** The public dashboard's reads once its catalogue (GET /api/public/indicators) is known; `search`: the address's query. */
export function publicStatisticsReads(catalogue: Parameters<typeof defaultFilters>[0], search = ''): string[] {
  const filters = defaultFilters(catalogue);
  if (!filters.year) return ['/api/public/map'];
  return [
    '/api/public/map',
    ...(Object.keys(TABLES) as TableName[]).map((name) => `/api/public/statistics?${tableQuery(name, filters)}`),
    `/api/public/statistics/trend?${trendQuery(filters).toString()}`,
    `/api/public/regions/${initialRegion(search)}/plans`,
  ];
}
