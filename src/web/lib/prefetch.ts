// A screen's first data asked for at start-up together with the session, when the page did not
// bring it (the app started from the service worker's copy): see first-reads.ts.
import { forgetPrefetched, prefetch } from './api.ts';
import { firstReadsOf } from './first-reads.ts';
import { onForget } from './forget.ts';
import type { Route } from './routes.ts';

export function prefetchScreenData(route: Route, pathname: string): void {
  const { personal, reference } = firstReadsOf(route, pathname, undefined);
  for (const path of personal) prefetch(path);
  for (const path of reference) prefetch(path, { cacheable: true });
}

onForget(forgetPrefetched);
