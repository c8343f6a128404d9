// Accounts managed by an administrator: roles given and taken away (custom roles too) within her
// agency, never her own; an account blocked cannot sign in and its open sessions end at once.
// Every change is in the audit log with what it was before and after.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { splitStatements } from '../../src/server/db/migrate.ts';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { demuna } from '../permissions/roles.cases.ts';

let t: TestApp;
let admin: Client;
const idOf = async (username: string) => (await t.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0]?.id ?? '';
const auditOf = (action: string) => t.db.query<{ entity_id: string; purpose: string | null; username: string; record_ids: string[] | null }>('SELECT entity_id, purpose, username, record_ids FROM audit_log WHERE action = $1 ORDER BY seq', [action]);

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  admin = await t.signIn('adminpnp');
});
after(() => t.close());

test('an administrator lists the accounts of her agency only, and the list names them in the audit log', async () => {
  const res = await admin.request('GET', '/api/users');
  assert.equal(res.statusCode, 200, res.body);
  const items = (res.json() as { items: { id: string; username: string; agency: { key: string }; roles: string[]; active: boolean }[] }).items;
  assert.deepEqual(new Set(items.map((u) => u.agency.key)), new Set(['PNP']));
  assert.ok(items.some((u) => u.username === 'policia' && u.roles.includes('PNP_INVESTIGADOR') && u.active));
  assert.ok(!items.some((u) => u.username === 'gestora'), 'another agency\'s accounts are not hers');
  const [entry] = await auditOf('USER_LIST');
  assert.deepEqual([...(entry?.record_ids ?? [])].sort(), items.map((u) => u.id).sort());
});

test('roles are given and taken away, custom ones too; the holder works with them at once; each change is audited', async () => {
  assert.equal((await admin.request('POST', '/api/roles', demuna('DEMUNA_USU'))).statusCode, 201);
  await createUser(t.db, { unitId: t.units.pnp, username: 'rotante', displayName: 'Agente rotante', password: PASSWORD, roles: ['PNP_REGISTRO'], mustChangePassword: false });
  const id = await idOf('rotante');
  const user = await t.signIn('rotante');
  assert.equal((await user.request('GET', '/api/case-files')).statusCode, 200);

  const changed = await admin.request('PUT', `/api/users/${id}/roles`, { roles: ['DEMUNA_USU', 'SUPERVISOR'] });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.deepEqual((changed.json() as { user: { roles: string[] } }).user.roles, ['DEMUNA_USU', 'SUPERVISOR']);
  // Her session carried the old roles: it ended; signed in again she has the new ones.
  assert.equal((await user.request('GET', '/api/case-files')).statusCode, 401);
  const again = await t.signIn('rotante');
  assert.equal((await again.request('POST', '/api/case-files', {})).statusCode, 403, 'no longer registers');
  assert.deepEqual(((await again.request('GET', '/api/me')).json() as { user: { roles: string[] } }).user.roles, ['DEMUNA_USU', 'SUPERVISOR']);

  const removed = await admin.request('PUT', `/api/users/${id}/roles`, { roles: ['SUPERVISOR'] });
  assert.equal(removed.statusCode, 200, removed.body);
  const entries = await auditOf('USER_ROLES');
  assert.deepEqual(entries.map((e) => [e.entity_id, JSON.parse(e.purpose ?? '{}') as unknown]), [
    [id, { before: ['PNP_REGISTRO'], after: ['DEMUNA_USU', 'SUPERVISOR'] }],
    [id, { before: ['DEMUNA_USU', 'SUPERVISOR'], after: ['SUPERVISOR'] }],
  ]);
});

test('nobody raises her own privileges; unknown roles and empty lists are refused, in Spanish and English, and change nothing', async () => {
  const adminId = await idOf('adminpnp');
  const own = await admin.request('PUT', `/api/users/${adminId}/roles`, { roles: ['ADMIN', 'PNP_INVESTIGADOR'] });
  assert.equal(own.statusCode, 403);
  assert.match(own.json<{ title: string }>().title, /propios roles/);
  const ownEn = await admin.request('PUT', `/api/users/${adminId}/roles`, { roles: ['ADMIN', 'FISCAL'] }, { 'accept-language': 'en' });
  assert.match(ownEn.json<{ title: string }>().title, /her own roles/);
  assert.equal((await admin.request('POST', `/api/users/${adminId}/block`)).statusCode, 403);

  const police = await idOf('policia');
  const unknown = await admin.request('PUT', `/api/users/${police}/roles`, { roles: ['NO_EXISTE'] });
  assert.equal(unknown.statusCode, 422);
  assert.deepEqual(unknown.json<{ errors: { path: string }[] }>().errors.map((e) => e.path), ['roles.0']);
  assert.equal((await admin.request('PUT', `/api/users/${police}/roles`, { roles: [] })).statusCode, 400);
  assert.equal((await admin.request('PUT', `/api/users/${police}/roles`, { roles: ['fiscal'] })).statusCode, 400);
  const [row] = await t.db.query<{ roles: string[] }>('SELECT roles FROM users WHERE id = ANY($1::uuid[]) ORDER BY username', [[adminId]]);
  assert.deepEqual(row?.roles, ['ADMIN']);
  assert.deepEqual((await t.db.query<{ roles: string[] }>('SELECT roles FROM users WHERE id = $1', [police]))[0]?.roles, ['PNP_INVESTIGADOR']);

  // A case worker with no administration permission cannot give herself anything either.
  const worker = await t.signIn('policia');
  assert.equal((await worker.request('PUT', `/api/users/${police}/roles`, { roles: ['ADMIN'] })).statusCode, 403);
});

test('another agency\'s accounts do not exist for an agency administrator; the system administration reaches them all', async () => {
  const ngoUser = await idOf('gestora');
  for (const [method, url, body] of [['PUT', `/api/users/${ngoUser}/roles`, { roles: ['ONG_ABOGADO'] }], ['POST', `/api/users/${ngoUser}/block`, undefined], ['POST', `/api/users/${ngoUser}/password-reset`, {}]] as const) {
    const res = await admin.request(method, url, body);
    assert.equal(res.statusCode, 404, `${method} ${url}`);
  }
  const system = await createUnit(t.db, { agencyId: await createAgency(t.db, { key: 'SISTEMA', name: 'Administración de Enlace', orgType: 'OTRO', entity: 'OTRA' }), name: 'Administración', ubigeo: '150101' });
  await createUser(t.db, { unitId: system, username: 'sysadmin', displayName: 'Administración central', password: PASSWORD, roles: ['ADMIN'], mustChangePassword: false });
  const central = await t.signIn('sysadmin');
  const all = (await central.request('GET', '/api/users')).json() as { items: { agency: { key: string } }[] };
  assert.ok(['PNP', 'ONG', 'NAC', 'SISTEMA'].every((k) => all.items.some((u) => u.agency.key === k)));
  const res = await central.request('PUT', `/api/users/${ngoUser}/roles`, { roles: ['ONG_GESTOR', 'ONG_ABOGADO'] });
  assert.equal(res.statusCode, 200, res.body);
});

test('a blocked account cannot sign in and its sessions end at once; unblocked, it signs in again', async () => {
  await createUser(t.db, { unitId: t.units.pnp, username: 'saliente', displayName: 'Agente saliente', password: PASSWORD, roles: ['PNP_REGISTRO'], mustChangePassword: false });
  const id = await idOf('saliente');
  const user = await t.signIn('saliente');
  const other = await t.signIn('saliente');
  assert.equal((await user.request('GET', '/api/me')).statusCode, 200);

  const blocked = await admin.request('POST', `/api/users/${id}/block`);
  assert.equal(blocked.statusCode, 200, blocked.body);
  assert.equal((blocked.json() as { user: { active: boolean } }).user.active, false);
  for (const client of [user, other]) assert.equal((await client.request('GET', '/api/me')).statusCode, 401, 'every open session ended');
  const signIn = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'saliente', password: PASSWORD } });
  assert.equal(signIn.statusCode, 401, 'the right password does not open a blocked account');
  const [revoked] = await t.db.query<{ open: number }>('SELECT count(*)::int AS open FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1 AND s.revoked_at IS NULL', ['saliente']);
  assert.equal(revoked?.open, 0);

  const unblocked = await admin.request('POST', `/api/users/${id}/unblock`);
  assert.equal(unblocked.statusCode, 200, unblocked.body);
  assert.equal((await (await t.signIn('saliente')).request('GET', '/api/me')).statusCode, 200);
  assert.deepEqual((await auditOf('USER_BLOCK')).map((e) => [e.entity_id, e.username]), [[id, 'adminpnp']]);
  assert.deepEqual((await auditOf('USER_UNBLOCK')).map((e) => e.entity_id), [id]);
});

test('separation of duties: administration and case work are never on one account, in Spanish and English; nothing changes', async () => {
  const police = await idOf('policia');
  const combined = await admin.request('PUT', `/api/users/${police}/roles`, { roles: ['PNP_INVESTIGADOR', 'ADMIN'] });
  assert.equal(combined.statusCode, 422, combined.body);
  assert.match(combined.json<{ title: string }>().title, /Separación de funciones/);
  assert.deepEqual(combined.json<{ errors: { path: string; message: string }[] }>().errors.map((e) => e.path), ['roles.0']);
  const en = await admin.request('PUT', `/api/users/${police}/roles`, { roles: ['ADMIN', 'SUPERVISOR'] }, { 'accept-language': 'en' });
  assert.equal(en.statusCode, 422);
  assert.match(en.json<{ title: string }>().title, /Separation of duties/);
  assert.deepEqual((await t.db.query<{ roles: string[] }>('SELECT roles FROM users WHERE id = $1', [police]))[0]?.roles, ['PNP_INVESTIGADOR']);
  // Administration beside a role that reads no case (the statistics analyst's) is fine.
  await createUser(t.db, { unitId: t.units.pnp, username: 'analista2', displayName: 'Analista (sintética)', password: PASSWORD, roles: ['GORE_ANALISTA'], mustChangePassword: false });
  assert.equal((await admin.request('PUT', `/api/users/${await idOf('analista2')}/roles`, { roles: ['GORE_ANALISTA', 'ADMIN'] })).statusCode, 200);
  // Nor can an account be created so, nor a custom role an administrator holds turn into case work.
  await assert.rejects(createUser(t.db, { unitId: t.units.pnp, username: 'doble', displayName: 'Doble', password: PASSWORD, roles: ['ADMIN', 'FISCAL'], mustChangePassword: false }), /user.adminWithCaseRoles/);
  const none = { G1: '-', G2: '-', G3: '-', G4: '-', G5: '-', G6: '-' };
  const stats = { ...demuna('ESTADISTICA_PNP'), permissions: ['statistics.read'], reach: 'none', inReach: none, shared: none };
  assert.equal((await admin.request('POST', '/api/roles', stats)).statusCode, 201);
  assert.equal((await admin.request('PUT', `/api/users/${await idOf('analista2')}/roles`, { roles: ['ESTADISTICA_PNP', 'ADMIN'] })).statusCode, 200);
  const { code: _code, ...body } = demuna('ESTADISTICA_PNP');
  const turned = await admin.request('PUT', '/api/roles/ESTADISTICA_PNP', body);
  assert.equal(turned.statusCode, 422, turned.body);
  assert.equal(turned.json<{ errors: { key?: string; path: string }[] }>().errors[0]?.path, 'permissions');
});

test('existing accounts that combine administration and case work are split by migration 0029', async () => {
  await createUser(t.db, { unitId: t.units.pnp, username: 'mezcla', displayName: 'Cuenta mixta (sintética)', password: PASSWORD, roles: ['PNP_INVESTIGADOR'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'mezcla2', displayName: 'Otra cuenta mixta (sintética)', password: PASSWORD, roles: ['FISCAL'], mustChangePassword: false });
  const open = await t.signIn('mezcla');
  // As they could be before the rule: written directly.
  await t.db.query("UPDATE users SET roles = roles || ARRAY['ADMIN'] WHERE username IN ('mezcla', 'mezcla2')");
  const sql = readFileSync(new URL('../../src/server/db/migrations/0029_separation_of_duties.sql', import.meta.url), 'utf8');
  await t.db.transaction(async (tx) => {
    for (const statement of splitStatements(sql)) await tx.query(statement);
  });
  const roles = async (u: string) => (await t.db.query<{ roles: string[] }>('SELECT roles FROM users WHERE username = $1', [u]))[0]?.roles;
  // Another account administers alone: they keep their case work and lose ADMIN.
  assert.deepEqual(await roles('mezcla'), ['PNP_INVESTIGADOR']);
  assert.deepEqual(await roles('mezcla2'), ['FISCAL']);
  assert.deepEqual(await roles('adminpnp'), ['ADMIN']);
  assert.equal((await open.request('GET', '/api/me')).statusCode, 401, 'her session ended with the change');

  // The last administrator keeps ADMIN and loses the case roles.
  await t.db.query("UPDATE users SET active = false WHERE 'ADMIN' = ANY(roles)");
  await t.db.query("UPDATE users SET roles = roles || ARRAY['ADMIN'] WHERE username = 'mezcla'");
  await t.db.transaction(async (tx) => {
    for (const statement of splitStatements(sql)) await tx.query(statement);
  });
  assert.deepEqual(await roles('mezcla'), ['ADMIN']);
  await t.db.query("UPDATE users SET active = true WHERE 'ADMIN' = ANY(roles) AND username <> 'mezcla'");
  await t.db.query("UPDATE users SET active = false, roles = ARRAY['PNP_INVESTIGADOR'] WHERE username = 'mezcla'");
});

test('the agency API\'s service accounts are not people: not listed, and their roles, state and password are not changed here', async () => {
  const created = await admin.request('POST', '/api/api-clients', { name: 'Sistema policial (sintético)', roles: ['PNP_INVESTIGADOR'] });
  assert.equal(created.statusCode, 201, created.body);
  const [service] = await t.db.query<{ user_id: string }>('SELECT user_id FROM api_clients ORDER BY created_at DESC LIMIT 1');
  const id = service?.user_id ?? '';
  const listed = (await admin.request('GET', '/api/users')).json() as { items: { id: string }[] };
  assert.ok(listed.items.length > 0 && !listed.items.some((u) => u.id === id), 'the people listing leaves it out');
  for (const [method, url, body] of [['PUT', `/api/users/${id}/roles`, { roles: ['PNP_REGISTRO'] }], ['POST', `/api/users/${id}/block`, undefined], ['POST', `/api/users/${id}/password-reset`, {}]] as const) {
    const res = await admin.request(method, url, body);
    assert.equal(res.statusCode, 409, `${method} ${url}: ${res.body}`);
    assert.match(res.json<{ title: string }>().title, /cuenta de servicio/);
  }
  const en = await admin.request('POST', `/api/users/${id}/block`, undefined, { 'accept-language': 'en' });
  assert.match(en.json<{ title: string }>().title, /service account/);
  const [row] = await t.db.query<{ roles: string[]; active: boolean; password_hash: string | null }>('SELECT roles, active, password_hash FROM users WHERE id = $1', [id]);
  assert.deepEqual([row?.roles, row?.active], [['PNP_INVESTIGADOR'], true]);
});
