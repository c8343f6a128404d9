// How to call the data-subject rights routes (ARCO) for the per-route permission test.
import type { RouteCase } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/persons/:id/export', record: 'exportPerson', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}/export` }) },
  { method: 'GET', url: '/api/persons/:id/export.html', record: 'exportPerson', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}/export.html` }) },
];
