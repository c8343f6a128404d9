// How to call the consent routes for the per-route permission test.
import { randomUUID } from 'node:crypto';
import type { RouteCase } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

export const careConsent = {
  purpose: 'ATENCION_Y_SERVICIOS',
  granted: true,
  form: 'ESCRITA_FIRMA',
  givenBy: 'TITULAR',
  givenOn: '2026-11-20',
  checklist: { assent: true, purposeExplained: true, usesExplained: true, researchUse: false, rightToAccess: true, retention: true, howToWithdraw: true },
  language: 'es',
  interpreter: false,
};

export const cases: RouteCase[] = [
  { method: 'POST', url: '/api/case-files/:id/consents', record: 'recordConsent', ok: 201, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/consents`, body: careConsent }) },
  { method: 'GET', url: '/api/case-files/:id/consents', record: 'read', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/consents` }) },
  // A consent that does not exist: whoever may withdraw gets 404 from the consent, not from the record.
  // A consent that does not exist: the head of unit who may co-sign gets 404 from the consent.
  { method: 'POST', url: '/api/case-files/:id/consents/:consentId/co-signature', record: 'coSignConsent', ok: 404, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/consents/${randomUUID()}/co-signature` }) },
  { method: 'GET', url: '/api/consent-renewals', ok: 200, call: () => ({ url: '/api/consent-renewals' }) },
  { method: 'POST', url: '/api/case-files/:id/consents/:consentId/withdrawal', record: 'withdrawConsent', ok: 404, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/consents/${randomUUID()}/withdrawal`, body: { withdrawnOn: '2026-11-21' } }) },
];
