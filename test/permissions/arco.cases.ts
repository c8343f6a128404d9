// How to call the data-subject rights routes (ARCO) for the per-route permission test.
import type { RouteCase } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/persons/:id/export', record: 'exportPerson', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}/export` }) },
  { method: 'GET', url: '/api/persons/:id/export.pdf', record: 'exportPerson', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}/export.pdf` }) },
  { method: 'GET', url: '/api/persons/:id/export.html', record: 'exportPerson', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}/export.html` }) },
];

// Erasure: the sample records are still in care, so whoever may erase is answered 409 (close the
// case first) and nothing is destroyed; the whole erasure is in test/api/erasure.db.test.ts.
cases.push({ method: 'POST', url: '/api/persons/:id/erasure', record: 'erasePerson', ok: 409, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}/erasure`, body: { requestReference: 'solicitud ARCO 2026-0042 del 2026-11-20' } }) });
