// Roles over HTTP: every role with its three axes (defaults and administrator-defined), and the
// administrator's own roles, created and changed within the defaults' ceiling. Audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIELD_GROUPS } from '../../domain/field-groups.ts';
import { freeText } from '../../domain/schemas.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { isDefaultRole, putRolesInForce, saveCustomRole } from '../commands/roles.ts';
import { defaultCeiling, knownRoles, PERMISSIONS, REACH_ORDER, ROLE_CODE, type RoleDefinition } from '../policies/roles.ts';

const Access = z.enum(['RW', 'R', 'S', '-'], { error: 'invalid.value' });
const Groups = z.object(Object.fromEntries(FIELD_GROUPS.map((g) => [g, Access])) as Record<(typeof FIELD_GROUPS)[number], typeof Access>).strict();
const RoleBody = z
  .object({
    label: z.object({ es: freeText(80).pipe(z.string().min(3, { error: 'invalid.required' })), en: freeText(80).pipe(z.string().min(3, { error: 'invalid.required' })) }).strict(),
    permissions: z.array(z.enum(PERMISSIONS, { error: 'invalid.value' })).max(PERMISSIONS.length),
    reach: z.enum(REACH_ORDER as unknown as ['none', 'unit', 'jurisdiction', 'agency'], { error: 'invalid.value' }),
    inReach: Groups,
    shared: Groups,
  })
  .strict();
const CreateBody = RoleBody.extend({ code: z.string().regex(ROLE_CODE, { error: 'role.codeFormat' }) }).strict();
const CodeParams = z.object({ code: z.string().regex(ROLE_CODE, { error: 'role.codeFormat' }) });

const present = (r: RoleDefinition) => ({ ...r, builtIn: isDefaultRole(r.code) });

export async function roleRoutes(base: FastifyInstance, { db, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/api/roles', { schema: { summary: 'Roles: permisos, alcance y grupos de datos / roles: permissions, reach and data groups', tags: ['roles'] }, config: { policy: ['admin.roles', 'admin.users'] } }, async () => ({
    items: knownRoles().map(present),
    ceiling: { inReach: defaultCeiling('inReach'), shared: defaultCeiling('shared') },
  }));

  app.post('/api/roles', { schema: { summary: 'Crear un rol dentro de lo que permiten los roles por defecto / create a role within what the defaults allow', tags: ['roles'], body: CreateBody }, config: { policy: 'admin.roles' } }, async (request, reply) => {
    const actor = actorOf(request);
    const { code, ...rest } = request.body;
    const role = await db.transaction((tx) => saveCustomRole(tx, actor, { code, ...rest }, 'create'));
    await putRolesInForce(db);
    await audit(request, { action: 'ROLE_CREATE', entityType: 'role', groups: [], purpose: JSON.stringify(role) });
    return reply.status(201).send({ role: present(role) });
  });

  app.put('/api/roles/:code', { schema: { summary: 'Cambiar un rol definido por la administración / change an administrator-defined role', tags: ['roles'], params: CodeParams, body: RoleBody }, config: { policy: 'admin.roles' } }, async (request) => {
    const actor = actorOf(request);
    const role = await db.transaction((tx) => saveCustomRole(tx, actor, { code: request.params.code, ...request.body }, 'update'));
    await putRolesInForce(db);
    await audit(request, { action: 'ROLE_UPDATE', entityType: 'role', groups: [], purpose: JSON.stringify(role) });
    return { role: present(role) };
  });
}
