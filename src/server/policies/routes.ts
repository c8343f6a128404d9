// The first axis checked at the door: every /api route declares who may call it, in its options
// (`config: { policy: 'case.read' }`), and a hook enforces it before the body is validated. Which
// records and which fields the caller reaches is then the route's business, through the record
// policies (case-files.ts). A route that declares nothing is refused to everyone, and the
// per-route permission test fails for it (docs/ACCESS.md).
import type { FastifyRequest } from 'fastify';
import { Problem } from '../errors.ts';
import { hasPermission, type Permission } from './roles.ts';

/**
 * `public`: anyone, signed in or not (health, reference data, sign-in);
 * `session`: any signed-in user with her password in order (a permission of no role);
 * `session:pending`: signed in, even before a required password change or second-factor enrolment;
 * `session:signing-in`: also between the password and the TOTP code (give the code, me, sign out);
 * a permission: signed in, and one of her roles grants it;
 * a list of permissions: signed in, and her roles grant at least one of them;
 * `client:<scope>`: an agency's system with a bearer token holding the scope (OAuth2 client
 * credentials); a person's session never passes (403), no token is 401.
 */
export type ClientPolicy = `client:${string}`;
export type RoutePolicy = 'public' | 'session' | 'session:pending' | 'session:signing-in' | ClientPolicy | Permission | readonly Permission[];

/** Whether the actor passes the door of a route (the record policies decide the rest). */
export function passesRoutePolicy(actor: Parameters<typeof hasPermission>[0] | undefined, policy: RoutePolicy): boolean {
  if (policy === 'public') return true;
  if (!actor) return false;
  if (policy === 'session' || policy === 'session:pending' || policy === 'session:signing-in') return true;
  if (typeof policy === 'string' && policy.startsWith('client:')) return false;
  return typeof policy === 'string' ? hasPermission(actor, policy as Permission) : policy.some((p) => hasPermission(actor, p));
}

export interface RouteEntry {
  method: string;
  url: string;
  policy: RoutePolicy | undefined;
}

type RequireSession = (request: FastifyRequest, options?: { allowPasswordChange?: boolean; allowSecondFactorPending?: boolean }) => Promise<void>;

/** Authenticates the bearer token of an API client for the scope; throws 401/403 problems. */
export type RequireClient = (request: FastifyRequest, scope: string) => Promise<void>;

export async function enforceRoutePolicy(request: FastifyRequest, requireSession: RequireSession, requireClient?: RequireClient): Promise<void> {
  const url = request.routeOptions.url;
  if (!url || !url.startsWith('/api')) return;
  const policy = request.routeOptions.config.policy;
  if (policy === 'public') return;
  if (policy === undefined) {
    request.log.error({ url, method: request.method }, 'route without an access policy refused');
    throw new Problem(403, 'problem.forbidden');
  }
  if (typeof policy === 'string' && policy.startsWith('client:')) {
    if (/^bearer\s/i.test(request.headers.authorization ?? '') && requireClient) return requireClient(request, policy.slice('client:'.length));
    // A person signed in is refused (403); nobody at all is asked to authenticate (401).
    await requireSession(request);
    throw new Problem(403, 'problem.apiClientOnly');
  }
  await requireSession(request, { allowPasswordChange: policy === 'session:pending' || policy === 'session:signing-in', allowSecondFactorPending: policy === 'session:signing-in' });
  if (!passesRoutePolicy(request.session?.actor, policy)) throw new Problem(403, 'problem.forbidden');
}
