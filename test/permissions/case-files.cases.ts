// How to call each case-file and person route for the per-route permission test.
import type { RouteCase } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/case-files', ok: 200, call: () => ({ url: '/api/case-files?q=prueba' }) },
  { method: 'POST', url: '/api/case-files', ok: 201, call: () => ({ url: '/api/case-files', body: { person: { givenNames: 'Nueva', sex: 'MUJER', nationalities: ['PER'] }, caseFile: { detectionDate: '2026-10-02', detectionSource: 'OPERATIVO_POLICIAL', detectionUbigeo: '150101', legalPurposes: ['EXPLOTACION_SEXUAL'], exploitationTypes: ['SEXUAL'] } } }) },
  { method: 'GET', url: '/api/case-files/:id', record: 'read', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}` }) },
  { method: 'GET', url: '/api/case-files/:id/history', record: 'history', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/history` }) },
  { method: 'PATCH', url: '/api/case-files/:id', record: 'update', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}`, body: { version: need(r).version, changes: { meansOfControl: ['AMENAZAS'] }, reason: 'prueba de permisos' } }) },
  { method: 'POST', url: '/api/case-files/:id/transitions', record: 'transition', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/transitions`, body: { version: need(r).version, to: 'EN_IDENTIFICACION' } }) },
  { method: 'PATCH', url: '/api/persons/:id', record: 'updatePerson', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}`, body: { version: need(r).personVersion, changes: { motherTongue: 'spa' }, reason: 'prueba de permisos' } }) },
];
