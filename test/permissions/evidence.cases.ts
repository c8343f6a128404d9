// How to call each statistics route for the per-route permission test. With no case file in the
// world yet, a table answers 404 (no statistics); the catalogue and the policy check still show.
import type { RouteCase } from './world.ts';

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/public/indicators', ok: 200, call: () => ({ url: '/api/public/indicators' }) },
  { method: 'GET', url: '/api/public/statistics', ok: 200, call: () => ({ url: '/api/public/statistics' }) },
  { method: 'GET', url: '/api/public/statistics.csv', ok: 200, call: () => ({ url: '/api/public/statistics.csv' }) },
  { method: 'GET', url: '/api/public/statistics/trend', ok: 200, call: () => ({ url: '/api/public/statistics/trend' }) },
  ...['csv', 'xlsx'].map((format) => ({ method: 'GET', url: `/api/public/statistics/trend.${format}`, ok: 200, call: () => ({ url: `/api/public/statistics/trend.${format}` }) })),
  // The trend within the user's statistical scope.
  ...['', '.csv', '.xlsx'].map((ext) => ({ method: 'GET', url: `/api/statistics/trend${ext}`, ok: 200, call: () => ({ url: `/api/statistics/trend${ext}` }) })),
  { method: 'GET', url: '/api/statistics', ok: 200, call: () => ({ url: '/api/statistics' }) },
  { method: 'GET', url: '/api/statistics/agencies', ok: 200, call: () => ({ url: '/api/statistics/agencies' }) },
  { method: 'GET', url: '/api/statistics/microdata.csv', ok: 200, call: () => ({ url: '/api/statistics/microdata.csv' }) },
  // Indicators read from follow-up records (restricted: counts of 1-9 withheld).
  ...['referrals', 'justice', 'shelter', 'followups', 'time-to-care', 'plans', 'reintegration', 'reparation'].map((name) => ({ method: 'GET', url: `/api/statistics/${name}`, ok: 200, call: () => ({ url: `/api/statistics/${name}` }) })),
];
cases.push({ method: 'GET', url: '/api/public/reports/region/:region.pdf', ok: 200, call: () => ({ url: '/api/public/reports/region/15.pdf' }) });
cases.push(
  { method: 'GET', url: '/api/public/statistics.xlsx', ok: 200, call: () => ({ url: '/api/public/statistics.xlsx' }) },
  { method: 'GET', url: '/api/public/map', ok: 200, call: () => ({ url: '/api/public/map' }) },
  { method: 'GET', url: '/api/statistics.csv', ok: 200, call: () => ({ url: '/api/statistics.csv' }) },
  { method: 'GET', url: '/api/statistics.xlsx', ok: 200, call: () => ({ url: '/api/statistics.xlsx' }) },
);
