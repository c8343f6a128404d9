// Operations routes for the per-route permission test: public at the door; the metrics decide by
// address or token themselves (the test's requests come from the loopback).
import type { RouteCase } from './world.ts';

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/health/live', ok: 200, call: () => ({ url: '/api/health/live' }) },
  { method: 'GET', url: '/api/health/ready', ok: 200, call: () => ({ url: '/api/health/ready' }) },
  { method: 'GET', url: '/api/metrics', ok: 200, call: () => ({ url: '/api/metrics' }) },
];
