// How to call the access routes (shares, break the glass) for the per-route permission test.
import { randomUUID } from 'node:crypto';
import type { RouteCase } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

export const cases: RouteCase[] = [
  { method: 'POST', url: '/api/case-files/:id/shares', record: 'refer', ok: 201, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/shares`, body: { agency: 'NAC', basis: 'MANDATE', groups: ['G1', 'G2'], reason: 'requerimiento fiscal del 2026-11-20' } }) },
  { method: 'GET', url: '/api/case-files/:id/shares', record: 'read', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/shares` }) },
  // A share that does not exist: whoever may revoke gets 404 from the share, not from the record.
  { method: 'DELETE', url: '/api/case-files/:id/shares/:shareId', record: 'refer', ok: 404, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/shares/${randomUUID()}` }) },
  {
    method: 'POST',
    url: '/api/case-files/:id/break-glass',
    ok: 201,
    call: async (w) => {
      // Its own record: once the glass is broken, the record is open to the caller.
      const r = await w.record('otherAgency');
      w.spend(r);
      return { url: `/api/case-files/${r.caseId}/break-glass`, body: { reason: 'riesgo vital: la persona fue reportada desaparecida hoy' } };
    },
  },
  { method: 'GET', url: '/api/break-glass', ok: 200, call: () => ({ url: '/api/break-glass' }) },
];
