// How to call each linkage route for the per-route permission test. Match routes name a match
// that does not exist: a reviewer gets 404, anyone else 403 before the id is looked at.
import { randomUUID } from 'node:crypto';
import type { RouteCase } from './world.ts';

const matchId = randomUUID();

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/matches', ok: 200, call: () => ({ url: '/api/matches' }) },
  { method: 'GET', url: '/api/matches/:id', ok: 404, call: () => ({ url: `/api/matches/${matchId}` }) },
  { method: 'POST', url: '/api/matches/:id/decision', ok: 404, call: () => ({ url: `/api/matches/${matchId}/decision`, body: { version: 1, decision: 'UNSURE' } }) },
  { method: 'POST', url: '/api/matches/:id/unlink', ok: 404, call: () => ({ url: `/api/matches/${matchId}/unlink`, body: { version: 1, reason: 'prueba' } }) },
  { method: 'POST', url: '/api/matches/:id/reopen', ok: 404, call: () => ({ url: `/api/matches/${matchId}/reopen`, body: { version: 1, reason: 'prueba' } }) },
  { method: 'POST', url: '/api/persons/:id/detach', ok: 200, call: (_w, r) => ({ url: `/api/persons/${r?.personId ?? randomUUID()}/detach`, body: { reason: 'prueba de permisos' } }) },
  { method: 'GET', url: '/api/persons/:id/group', record: 'readIdentity', ok: 200, call: (_w, r) => ({ url: `/api/persons/${r?.personId ?? ''}/group` }) },
  { method: 'GET', url: '/api/linkage/summary', ok: 200, call: () => ({ url: '/api/linkage/summary' }) },
];
