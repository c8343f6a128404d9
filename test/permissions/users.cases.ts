// How to call the account routes for the per-route permission test: an account that does not
// exist (or lies outside the administrator's scope) answers 404 to whoever may manage accounts.
import type { RouteCase } from './world.ts';

const NOBODY = '00000000-0000-4000-8000-00000000beef';

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/users', ok: 200, call: () => ({ url: '/api/users' }) },
  { method: 'PUT', url: '/api/users/:id/roles', ok: 404, call: () => ({ url: `/api/users/${NOBODY}/roles`, body: { roles: ['PNP_REGISTRO'] } }) },
  { method: 'POST', url: '/api/users/:id/block', ok: 404, call: () => ({ url: `/api/users/${NOBODY}/block` }) },
  { method: 'POST', url: '/api/users/:id/unblock', ok: 404, call: () => ({ url: `/api/users/${NOBODY}/unblock` }) },
];
