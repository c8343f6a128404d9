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
  // No second factor enrolled: the code is refused for what it is.
  { method: 'POST', url: '/api/session/second-factor', ok: 401, call: () => ({ url: '/api/session/second-factor', body: { code: '123456' } }) },
  { method: 'POST', url: '/api/me/second-factor', ok: 200, call: () => ({ url: '/api/me/second-factor' }) },
  { method: 'POST', url: '/api/me/second-factor/confirm', ok: 400, call: () => ({ url: '/api/me/second-factor/confirm', body: { code: '000000' } }) },
  { method: 'DELETE', url: '/api/me/sessions', ok: 204, freshSession: true, call: () => ({ url: '/api/me/sessions' }) },
  { method: 'POST', url: '/api/users/:id/password-reset', ok: 404, call: () => ({ url: '/api/users/00000000-0000-4000-8000-00000000dead/password-reset', body: {} }) },
  { method: 'POST', url: '/api/me/password', ok: 400, call: () => ({ url: '/api/me/password', body: { currentPassword: 'no-es-la-actual', newPassword: 'Otra-Clave-Larga-2026' } }) },
];
