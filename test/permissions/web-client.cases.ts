// The web app's settings (idle time, draft key) for the per-route permission test.
import type { RouteCase } from './world.ts';

export const cases: RouteCase[] = [{ method: 'GET', url: '/api/me/web', ok: 200, call: () => ({ url: '/api/me/web' }) }];
