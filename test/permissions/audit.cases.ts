// How to call the audit-log routes for the per-route permission test.
import type { RouteCase } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/audit', ok: 200, call: () => ({ url: '/api/audit?action=READ&limit=5' }) },
  { method: 'GET', url: '/api/case-files/:id/access-log', record: 'readAccessLog', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/access-log` }) },
];
