// How to call each import route for the per-route permission test. Batch and quarantine routes
// name ids that do not exist: a caller with the 'import' permission gets 404, anyone else 403.
import { randomUUID } from 'node:crypto';
import type { RouteCase } from './world.ts';

const missing = randomUUID();
const file = () => ({ fileName: 'permisos-SINTETICO.csv', content: Buffer.from('source,record_id,given_names,sex\nPERMISOS,P-1,Prueba,MUJER\n').toString('base64'), profileId: 'canonico' });

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/import-profiles', ok: 200, call: () => ({ url: '/api/import-profiles' }) },
  { method: 'POST', url: '/api/import-profiles/test', ok: 200, call: () => ({ url: '/api/import-profiles/test', body: file() }) },
  { method: 'POST', url: '/api/imports', ok: 202, call: () => ({ url: '/api/imports', body: file() }) },
  { method: 'GET', url: '/api/imports', ok: 200, call: () => ({ url: '/api/imports' }) },
  { method: 'GET', url: '/api/imports/:id', ok: 404, call: () => ({ url: `/api/imports/${missing}` }) },
  { method: 'GET', url: '/api/imports/:id/errors.csv', ok: 404, call: () => ({ url: `/api/imports/${missing}/errors.csv` }) },
  { method: 'GET', url: '/api/import-quarantine', ok: 200, call: () => ({ url: '/api/import-quarantine' }) },
  { method: 'POST', url: '/api/import-quarantine/:id/resubmit', ok: 404, call: () => ({ url: `/api/import-quarantine/${missing}/resubmit`, body: { version: 1, values: {} } }) },
  { method: 'POST', url: '/api/import-quarantine/:id/discard', ok: 404, call: () => ({ url: `/api/import-quarantine/${missing}/discard`, body: { version: 1, reason: 'prueba' } }) },
];

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

cases.push({ method: 'POST', url: '/api/exports/htcds', record: 'read', ok: 200, call: (_w, r) => ({ url: '/api/exports/htcds', body: { caseFileIds: [need(r).caseId] } }) });

// The system-to-system API: the token route is public (no credentials: 401), the push route takes
// a client's bearer token only (a person's session: 403), clients are managed with 'admin.users'.
cases.push(
  { method: 'POST', url: '/api/oauth/token', ok: 401, call: () => ({ url: '/api/oauth/token', body: { grant_type: 'client_credentials', client_id: missing, client_secret: 'x' } }) },
  { method: 'POST', url: '/api/agency-records', ok: 200, call: () => ({ url: '/api/agency-records', body: { records: [{ record_id: 'P-1' }] } }) },
  { method: 'GET', url: '/api/api-clients', ok: 200, call: () => ({ url: '/api/api-clients' }) },
  // A role no system may hold: whoever may create clients gets 400, and nothing is created.
  { method: 'POST', url: '/api/api-clients', ok: 400, call: () => ({ url: '/api/api-clients', body: { name: 'Prueba', roles: ['ADMIN'] } }) },
  { method: 'POST', url: '/api/api-clients/:id/revoke', ok: 404, call: () => ({ url: `/api/api-clients/${missing}/revoke` }) },
  // The pull and the change feed take a client's token with records.read only: a person's session is 403.
  { method: 'GET', url: '/api/agency-records', ok: 200, call: () => ({ url: '/api/agency-records' }) },
  { method: 'GET', url: '/api/agency-records/changes', ok: 200, call: () => ({ url: '/api/agency-records/changes' }) },
  { method: 'GET', url: '/api/agency-records/:id', ok: 404, call: () => ({ url: `/api/agency-records/${missing}` }) },
);

// The agency's own mapping profiles: an invalid one is refused (422) to whoever may save, and
// retiring one that does not exist is 404.
cases.push(
  { method: 'POST', url: '/api/import-profiles', ok: 422, call: () => ({ url: '/api/import-profiles', body: { profile: { id: 'permisos' } } }) },
  { method: 'POST', url: '/api/import-profiles/:id/retire', ok: 404, call: () => ({ url: '/api/import-profiles/no-existe/retire' }) },
);
