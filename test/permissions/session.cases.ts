// Session, reference data and documentation routes for the per-route permission test.
import type { RouteCase } from './world.ts';

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/health', ok: 200, call: () => ({ url: '/api/health' }) },
  { method: 'GET', url: '/api/code-lists', ok: 200, call: () => ({ url: '/api/code-lists' }) },
  { method: 'GET', url: '/api/openapi.json', ok: 200, call: () => ({ url: '/api/openapi.json' }) },
  // Wrong credentials on purpose: a public route, refused for what it says, not for who asks.
  { method: 'POST', url: '/api/session', ok: 401, call: () => ({ url: '/api/session', body: { username: 'nadie', password: 'no-es-la-clave-1A' } }) },
  { method: 'DELETE', url: '/api/session', ok: 204, freshSession: true, call: () => ({ url: '/api/session' }) },
  { method: 'GET', url: '/api/me', ok: 200, call: () => ({ url: '/api/me' }) },
  { method: 'POST', url: '/api/me/password', ok: 400, call: () => ({ url: '/api/me/password', body: { currentPassword: 'no-es-la-actual', newPassword: 'Otra-Clave-Larga-2026' } }) },
];
