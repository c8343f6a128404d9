// Accounts over HTTP for administrators: the accounts of their scope, their roles (given and taken
// away, custom roles included), and blocking or unblocking an account. Every change is audited
// with what it was before and after; nobody changes her own roles or blocks herself. With an
// Idempotency-Key a change sent again (a dropped connection) answers as the first time.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, type RouteDeps } from '../app.ts';
import { forgetSessions } from '../auth/sessions.ts';
import { IdempotencyHeaders, idempotencyOf, runCommand } from '../commands/run.ts';
import { assignRoles, setUserActive, usersInScope } from '../commands/users.ts';
import { ROLE_CODE } from '../policies/roles.ts';
import { IdParams } from './params.ts';

const RolesBody = z
  .object({ roles: z.array(z.string().regex(ROLE_CODE, { error: 'role.codeFormat' })).min(1, { error: 'invalid.required' }).max(20, { error: 'invalid.value' }) })
  .strict();

export async function userRoutes(base: FastifyInstance, { db, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/api/users', { schema: { summary: 'Cuentas de su ámbito con sus roles / the accounts in your scope with their roles', tags: ['users'] }, config: { policy: 'admin.users' } }, async (request) => {
    const items = await usersInScope(db, actorOf(request));
    await audit(request, { action: 'USER_LIST', entityType: 'user', groups: [], recordIds: items.map((u) => u.id) });
    return { items };
  });

  app.put('/api/users/:id/roles', { schema: { summary: 'Asignar o quitar roles a una cuenta (nunca a la propia) / give or take away an account\'s roles (never one\'s own)', tags: ['users'], params: IdParams, body: RolesBody, headers: IdempotencyHeaders }, config: { policy: 'admin.users' } }, async (request) => {
    const actor = actorOf(request);
    const { body } = await runCommand(db, actor, idempotencyOf(request), async (tx) => ({ status: 200, body: await assignRoles(tx, actor, request.params.id, request.body.roles) }));
    const { before, after } = body;
    forgetSessions((s) => s.actor.userId === after.id);
    await audit(request, { action: 'USER_ROLES', entityType: 'user', entityId: after.id, groups: [], purpose: JSON.stringify({ before: before.roles, after: after.roles }) });
    return { user: after };
  });

  for (const [path, active, action] of [['block', false, 'USER_BLOCK'], ['unblock', true, 'USER_UNBLOCK']] as const) {
    app.post(
      `/api/users/:id/${path}`,
      {
        schema: {
          summary: active ? 'Desbloquear una cuenta / unblock an account' : 'Bloquear una cuenta: no inicia sesión y sus sesiones terminan ya / block an account: no sign-in, its sessions end at once',
          tags: ['users'],
          params: IdParams,
          headers: IdempotencyHeaders,
        },
        config: { policy: 'admin.users' },
      },
      async (request) => {
        const actor = actorOf(request);
        const { body: user } = await runCommand(db, actor, idempotencyOf(request), async (tx) => ({ status: 200, body: await setUserActive(tx, actor, request.params.id, active) }));
        forgetSessions((s) => s.actor.userId === user.id);
        await audit(request, { action, entityType: 'user', entityId: user.id, groups: [] });
        return { user };
      },
    );
  }
}
