// The second factor (TOTP): the code at sign-in, enrolment, signing out everywhere, and an
// administrator's reset of an account.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE, type RouteDeps } from '../app.ts';
import { forgetSessions, logoutEverywhere } from '../auth/sessions.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { confirmEnrolment, resetAccount, startEnrolment, verifySignInCode } from '../commands/second-factor.ts';
import { personAccountInScope } from '../commands/users.ts';
import { Problem } from '../errors.ts';
import { IdParams } from './params.ts';

const CodeBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, { error: 'problem.invalidCode' }) }).strict();
const ResetBody = z.object({ secondFactor: z.boolean().default(false) }).strict();

export async function secondFactorRoutes(base: FastifyInstance, { db, config, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // Six-digit codes are guessable in bulk: a few tries per account and minute, on top of the lockout.
  const codeLimit = new RateLimiter(5, 60_000);

  app.post('/api/session/second-factor', { schema: { summary: 'Código del segundo factor al iniciar sesión / second-factor code at sign-in', tags: ['session'], body: CodeBody }, config: { policy: 'session:signing-in' } }, async (request, reply) => {
    const actor = actorOf(request);
    const wait = codeLimit.hit(actor.userId);
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new Problem(429, 'problem.tooManyRequests');
    }
    const token = request.cookies[SESSION_COOKIE] ?? '';
    const outcome = await db.transaction((tx) => verifySignInCode(tx, actor.userId, token, request.body.code, config.session));
    await audit(request, { action: outcome === 'ok' ? 'SIGN_IN_SECOND_FACTOR' : 'SIGN_IN_SECOND_FACTOR_FAILED', entityType: 'user', entityId: actor.userId, groups: [], outcome: outcome === 'ok' ? 'ok' : 'denied' });
    if (outcome === 'locked') throw new Problem(429, 'problem.accountLocked');
    if (outcome === 'invalid') throw new Problem(401, 'problem.invalidCode');
    return reply.status(204).send();
  });

  app.post('/api/me/second-factor', { schema: { summary: 'Empezar a usar un segundo factor (TOTP) / enrol a second factor (TOTP)', tags: ['session'] }, config: { policy: 'session:pending' } }, async (request) => {
    const actor = actorOf(request);
    return db.transaction((tx) => startEnrolment(tx, actor.userId, actor.username));
  });

  app.post('/api/me/second-factor/confirm', { schema: { summary: 'Confirmar el segundo factor con un primer código / confirm the second factor with a first code', tags: ['session'], body: CodeBody }, config: { policy: 'session:pending' } }, async (request, reply) => {
    const actor = actorOf(request);
    const wait = codeLimit.hit(actor.userId);
    if (wait > 0) throw new Problem(429, 'problem.tooManyRequests');
    await db.transaction((tx) => confirmEnrolment(tx, actor.userId, request.body.code));
    // The first code proved the factor: this session goes on without asking again.
    forgetSessions((s) => s.actor.userId === actor.userId);
    await audit(request, { action: 'SECOND_FACTOR_ENROLLED', entityType: 'user', entityId: actor.userId, groups: [] });
    return reply.status(204).send();
  });

  app.delete('/api/me/sessions', { schema: { summary: 'Cerrar sesión en todos los dispositivos / sign out everywhere', tags: ['session'] }, config: { policy: 'session:pending' } }, async (request, reply) => {
    const actor = actorOf(request);
    await logoutEverywhere(db, actor.userId);
    await audit(request, { action: 'SIGN_OUT_EVERYWHERE', entityType: 'user', entityId: actor.userId, groups: [] });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.post('/api/users/:id/password-reset', { schema: { summary: 'Restablecer la contraseña de una cuenta (obliga a cambiarla) / reset an account\'s password (forces a change)', tags: ['users'], params: IdParams, body: ResetBody }, config: { policy: 'admin.users' } }, async (request) => {
    const actor = actorOf(request);
    // Only an account within the administrator's scope: another agency's does not exist for her.
    const result = await db.transaction(async (tx) => {
      await personAccountInScope(tx, actor, request.params.id, 'password');
      return resetAccount(tx, request.params.id, { secondFactor: request.body.secondFactor });
    });
    await audit(request, { action: 'PASSWORD_RESET', entityType: 'user', entityId: request.params.id, groups: [], purpose: request.body.secondFactor ? 'password and second factor' : 'password' });
    return { password: result.password, mustChangePassword: true };
  });
}
