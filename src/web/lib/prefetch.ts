// Which data each screen reads first, asked for at start-up together with the session (see
// `prefetch` in api.ts) and its code loaded at the same time: on a 2-second round trip that is one
// wait instead of three. Only the first page of a screen, with its default filters.
import { forgetPrefetched, prefetch } from './api.ts';
import { onForget } from './forget.ts';
import type { Route } from './router.tsx';

export const CASE_LIST_PAGE_SIZE = 25;

/** The requests a screen makes as soon as it opens, exactly as it makes them. */
export function firstReadsOf(route: Route): string[] {
  switch (route.name) {
    case 'list':
      return [`/api/case-files?${new URLSearchParams({ page: '1', pageSize: String(CASE_LIST_PAGE_SIZE) }).toString()}`];
    case 'case':
      return [`/api/case-files/${route.id}`, `/api/case-files/${route.id}/history`];
    case 'person':
      return [`/api/persons/${route.id}/group`];
    default:
      return [];
  }
}

/** Screens whose forms or labels need the code lists (public reference data). */
const NEEDS_CODE_LISTS = new Set<Route['name']>(['list', 'register', 'case']);

export function prefetchScreenData(route: Route): void {
  for (const path of firstReadsOf(route)) prefetch(path);
  if (NEEDS_CODE_LISTS.has(route.name)) prefetch('/api/code-lists', { cacheable: true });
}

onForget(forgetPrefetched);
