// Sign in, sign out, who am I, change my password.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ChangePasswordRequest, LoginRequest } from '../../domain/schemas.ts';
import { actorOf, SESSION_COOKIE, type RouteDeps } from '../app.ts';
import { forgetSessions, login, logout, type Session } from '../auth/sessions.ts';
import { changePassword } from '../commands/directory.ts';
import { hasPermission, PERMISSIONS } from '../policies/roles.ts';
import { Problem } from '../errors.ts';
import { RateLimiter } from '../auth/rate-limit.ts';

function me(session: Session) {
  return {
    user: { id: session.actor.userId, username: session.actor.username, displayName: session.displayName, roles: session.actor.roles, unitId: session.actor.unitId, agencyId: session.actor.agencyId },
    csrfToken: session.csrfToken,
    mustChangePassword: session.mustChangePassword,
    /** What her roles allow (roles.ts), so that the web app offers only what the server would do. */
    permissions: PERMISSIONS.filter((p) => hasPermission(session.actor, p)),
    secondFactorPending: session.secondFactorPending,
    mustEnrolSecondFactor: session.mustEnrolSecondFactor,
  };
}

export async function sessionRoutes(base: FastifyInstance, { db, config, requireSession }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  // Password guessing: per account and address, and per address across accounts (on top of the lockout).
  const perAccount = new RateLimiter(20, 60_000);
  const perAddress = new RateLimiter(300, 60_000);
  app.post('/api/session', { schema: { summary: 'Iniciar sesión / sign in', tags: ['session'], security: [], body: LoginRequest }, config: { policy: 'public' } }, async (request, reply) => {
    const wait = Math.max(perAccount.hit(`${request.ip}|${request.body.username.trim().toLowerCase()}`), perAddress.hit(request.ip));
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new Problem(429, 'problem.tooManyRequests');
    }
    const outcome = await login(db, request.body.username, request.body.password, config.session);
    if (!outcome.ok) throw new Problem(outcome.reason === 'locked' ? 429 : 401, outcome.reason === 'locked' ? 'problem.accountLocked' : 'problem.invalidCredentials');
    reply.setCookie(SESSION_COOKIE, outcome.token, { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: '/', maxAge: config.session.absoluteHours * 3600 });
    return me(outcome.session);
  });

  app.delete('/api/session', { schema: { summary: 'Cerrar sesión / sign out', tags: ['session'] }, config: { policy: 'session:signing-in' } }, async (request, reply) => {
    await requireSession(request, { allowPasswordChange: true, allowSecondFactorPending: true });
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/me', { schema: { summary: 'Usuario actual / current user', tags: ['session'] }, config: { policy: 'session:signing-in' } }, async (request) => {
    await requireSession(request, { allowPasswordChange: true, allowSecondFactorPending: true });
    return me(request.session as Session);
  });

  app.post('/api/me/password', { schema: { summary: 'Cambiar la contraseña / change password', tags: ['session'], body: ChangePasswordRequest }, config: { policy: 'session:pending' } }, async (request, reply) => {
    await requireSession(request, { allowPasswordChange: true });
    const userId = actorOf(request).userId;
    await changePassword(db, userId, request.body.currentPassword, request.body.newPassword);
    forgetSessions((s) => s.actor.userId === userId);
    return reply.status(204).send();
  });
}
