// Which data each screen reads first, exactly as it asks for it. The server sends these answers
// with the page itself (src/server/web-document.ts), and the app asks for them at start-up while
// its code loads (prefetch.ts) when the page came without them: on a 2-second round trip that is
// one wait instead of three. Only the first page of a screen, with its default filters. No React
// and no browser here: the server imports it.
import type { Route } from './routes.ts';

export const CASE_LIST_PAGE_SIZE = 25;

/** Where each role lands: a linkage reviewer on the review queue, a case worker on her case files. */
export function isLinkageReviewer(roles: readonly string[]): boolean {
  return roles.includes('VINCULADOR') && !roles.some((r) => r !== 'VINCULADOR' && r !== 'SUPERVISOR');
}

/** Screens whose forms or labels need the code lists (public reference data). */
const NEEDS_CODE_LISTS = new Set<Route['name']>(['list', 'register', 'case']);

/**
 * The requests the screen at this address makes as soon as it opens. `roles` unknown: not at '/',
 * where a linkage reviewer lands on another screen (her refused read would be audited).
 */
export function firstReadsOf(route: Route, pathname: string, roles: readonly string[] | undefined): { personal: string[]; reference: string[] } {
  const reference = NEEDS_CODE_LISTS.has(route.name) ? ['/api/code-lists'] : route.name === 'publicStatistics' ? ['/api/public/indicators'] : [];
  const atRoot = pathname.replace(/\/+$/, '') === '';
  if (atRoot && (roles === undefined || isLinkageReviewer(roles))) return { personal: [], reference };
  switch (route.name) {
    case 'list':
      return { personal: [`/api/case-files?${new URLSearchParams({ page: '1', pageSize: String(CASE_LIST_PAGE_SIZE) }).toString()}`], reference };
    case 'case':
      return { personal: [`/api/case-files/${route.id}`, `/api/case-files/${route.id}/history`], reference };
    case 'person':
      return { personal: [`/api/persons/${route.id}/group`], reference };
    default:
      return { personal: [], reference };
  }
}
