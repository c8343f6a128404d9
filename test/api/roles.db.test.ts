// Roles an administrator defines: stored, within the defaults' ceiling, in force at once, and kept
// across a restart (loaded when the server starts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/server/app.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { hasPermission, useRoles } from '../../src/server/policies/roles.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { collideOnInsert } from '../helpers/collide.ts';
import { demuna } from '../permissions/roles.cases.ts';

let t: TestApp;
let admin: Client;

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  admin = await t.signIn('adminpnp');
});
after(() => t.close());

const { code: _code, ...body } = demuna('X');

test('an administrator creates a role within the defaults and a user holding it works with it at once', async () => {
  const created = await admin.request('POST', '/api/roles', demuna('DEMUNA'));
  assert.equal(created.statusCode, 201, created.body);
  assert.equal((await admin.request('POST', '/api/roles', demuna('DEMUNA'))).statusCode, 409);
  await createUser(t.db, { unitId: t.units.pnp, username: 'demuna', displayName: 'DEMUNA (sintética)', password: PASSWORD, roles: ['DEMUNA'], mustChangePassword: false });
  const police = await t.signIn('policia');
  const registered = await police.request('POST', '/api/case-files', sampleRegistration({ person: { documents: [] } }));
  const caseId = (registered.json() as { caseFile: { id: string } }).caseFile.id;
  const user = await t.signIn('demuna');
  const view = await user.request('GET', `/api/case-files/${caseId}`);
  assert.equal(view.statusCode, 200, view.body);
  assert.equal((view.json() as { abilities: { update: boolean } }).abilities.update, false);
  assert.equal((await user.request('POST', '/api/case-files', sampleRegistration())).statusCode, 403, 'it may not register');

  // Changed: without case.read she reads nothing, at once.
  const escalated = await admin.request('PUT', '/api/roles/DEMUNA', { ...body, permissions: ['case.list', 'case.read', 'breakGlass'] });
  assert.equal(escalated.statusCode, 422, 'a change is held to the same ceiling');
  const fixed = await admin.request('PUT', '/api/roles/DEMUNA', { ...body, permissions: ['consent.record'] });
  assert.equal(fixed.statusCode, 200, fixed.body);
  assert.equal((await user.request('GET', `/api/case-files/${caseId}`)).statusCode, 403);
  const listed = (await admin.request('GET', '/api/roles')).json() as { items: { code: string; builtIn: boolean }[] };
  assert.deepEqual(listed.items.filter((r) => !r.builtIn).map((r) => r.code), ['DEMUNA']);

  // A restart loads it again.
  useRoles([]);
  assert.equal(hasPermission({ roles: ['DEMUNA'] }, 'consent.record'), false);
  const again = await buildApp(t.db, { webRoot: '/nonexistent', linkOnArrival: false });
  assert.equal(hasPermission({ roles: ['DEMUNA'] }, 'consent.record'), true);
  await again.close();
});

test('a role beyond the defaults, with a reserved permission or a default code is refused and nothing is stored', async () => {
  const refused: [unknown, string][] = [
    [{ ...demuna('ROL_A'), shared: { ...body.shared, G6: 'R' } }, 'shared.G6'],
    [{ ...demuna('ROL_B'), shared: { ...body.shared, G3: 'RW' } }, 'shared.G3'],
    [{ ...demuna('ROL_C'), permissions: ['case.read', 'audit.read'] }, 'permissions'],
    [{ ...demuna('PNP_REGISTRO') }, 'code'],
  ];
  for (const [role, path] of refused) {
    const res = await admin.request('POST', '/api/roles', role, { 'accept-language': 'en' });
    assert.equal(res.statusCode, 422, res.body);
    assert.ok((res.json() as { errors: { path: string; message: string }[] }).errors.some((e) => e.path === path && e.message.length > 10), res.body);
  }
  assert.equal((await admin.request('POST', '/api/roles', { ...demuna('ROL_D'), permissions: ['todo'] })).statusCode, 400);
  assert.equal((await admin.request('POST', '/api/roles', { ...demuna('rol minúsculas') })).statusCode, 400);
  assert.equal((await admin.request('PUT', '/api/roles/PNP_REGISTRO', body)).statusCode, 422, 'a default role is not changed');
  const police = await t.signIn('policia');
  assert.equal((await police.request('POST', '/api/roles', demuna('ROL_E'))).statusCode, 403);
  assert.equal((await t.db.query("SELECT 1 FROM custom_roles WHERE code LIKE 'ROL_%'")).length, 0);
});

test('a role is in force only once stored: not when its transaction fails at COMMIT, even after it ran whole', async () => {
  // Every attempt collides at COMMIT (a real 40001 from a deferred trigger), after the role was saved.
  const collision = await collideOnInsert(t.db, 'custom_roles', 1_000, { atCommit: true });
  try {
    const refused = await admin.request('POST', '/api/roles', demuna('ROL_NO_GUARDADO'));
    assert.equal(refused.statusCode, 503, refused.body);
  } finally {
    await collision.stop();
  }
  assert.equal(hasPermission({ roles: ['ROL_NO_GUARDADO'] }, 'consent.record'), false, 'not in force');
  const listed = (await admin.request('GET', '/api/roles')).json() as { items: { code: string }[] };
  assert.equal(listed.items.filter((r) => r.code === 'ROL_NO_GUARDADO').length, 0);
  assert.equal((await admin.request('POST', '/api/roles', demuna('ROL_NO_GUARDADO'))).statusCode, 201, 'nothing was stored: the code is free');
  assert.equal(hasPermission({ roles: ['ROL_NO_GUARDADO'] }, 'consent.record'), true);
});
