// The administrator's writes take an Idempotency-Key like every other form's (the web app resends a
// submission whose answer was lost with the connection): sent again with its key, each answers as
// the first time and changes nothing more; the same key with another request is refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { policeStationProfile } from '../helpers/profiles.ts';

let t: TestApp;
let admin: Client;
const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params))[0]?.n ?? 0);
const key = (k: string) => ({ 'idempotency-key': k });

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  admin = await t.signIn('adminpnp');
});
after(() => t.close());

test('an account\'s roles and blocking sent twice with their key: the first answer again, one change', async () => {
  await createUser(t.db, { unitId: t.units.pnp, username: 'reintento', displayName: 'Agente reintento (sintético)', password: PASSWORD, roles: ['PNP_REGISTRO'], mustChangePassword: false });
  const [{ id } = { id: '' }] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'reintento'");
  const first = await admin.request('PUT', `/api/users/${id}/roles`, { roles: ['PNP_INVESTIGADOR'] }, key('roles-retry-0001'));
  assert.equal(first.statusCode, 200, first.body);
  // Meanwhile another change; the resend of the first must not undo it.
  assert.equal((await admin.request('PUT', `/api/users/${id}/roles`, { roles: ['SUPERVISOR'] })).statusCode, 200);
  const again = await admin.request('PUT', `/api/users/${id}/roles`, { roles: ['PNP_INVESTIGADOR'] }, key('roles-retry-0001'));
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual(again.json(), first.json());
  assert.deepEqual((await t.db.query<{ roles: string[] }>('SELECT roles FROM users WHERE id = $1', [id]))[0]?.roles, ['SUPERVISOR']);
  const other = await admin.request('PUT', `/api/users/${id}/roles`, { roles: ['PNP_REGISTRO'] }, { ...key('roles-retry-0001'), 'accept-language': 'en' });
  assert.equal(other.statusCode, 422, 'the same key with another request is refused');

  const blocked = await admin.request('POST', `/api/users/${id}/block`, undefined, key('block-retry-0001'));
  assert.equal(blocked.statusCode, 200, blocked.body);
  assert.equal((await admin.request('POST', `/api/users/${id}/unblock`)).statusCode, 200);
  const blockedAgain = await admin.request('POST', `/api/users/${id}/block`, undefined, key('block-retry-0001'));
  assert.equal(blockedAgain.statusCode, 200);
  assert.deepEqual(blockedAgain.json(), blocked.json());
  assert.equal(await count('users WHERE id = $1 AND active', [id]), 1, 'the resend blocked nobody again: the unblock after it stands');
});

test('an API client created twice with its key is one client, its secret answered again; revoking twice answers the same', async () => {
  const before = await count('api_clients');
  const body = { name: 'Sistema reintentado (sintético)', roles: ['PNP_INVESTIGADOR'] };
  const first = await admin.request('POST', '/api/api-clients', body, key('client-retry-0001'));
  assert.equal(first.statusCode, 201, first.body);
  const again = await admin.request('POST', '/api/api-clients', body, key('client-retry-0001'));
  assert.equal(again.statusCode, 201);
  const created = first.json() as { clientId: string; clientSecret: string };
  assert.deepEqual(again.json(), created);
  assert.equal(await count('api_clients'), before + 1);
  assert.equal((await admin.request('POST', '/api/api-clients', { ...body, name: 'Otro sistema' }, key('client-retry-0001'))).statusCode, 422, 'the same key with another request is refused');

  const [{ id } = { id: '' }] = await t.db.query<{ id: string }>('SELECT id FROM api_clients ORDER BY created_at DESC LIMIT 1');
  const revoked = await admin.request('POST', `/api/api-clients/${id}/revoke`, undefined, key('revoke-retry-0001'));
  assert.equal(revoked.statusCode, 200, revoked.body);
  const revokedAgain = await admin.request('POST', `/api/api-clients/${id}/revoke`, undefined, key('revoke-retry-0001'));
  assert.deepEqual(revokedAgain.json(), revoked.json());
  assert.equal((await admin.request('POST', `/api/api-clients/${crypto.randomUUID()}/revoke`, undefined, key('revoke-missing-0001'))).statusCode, 404);
  assert.equal((await admin.request('POST', `/api/api-clients/${crypto.randomUUID()}/revoke`, undefined, key('revoke-missing-0001'))).statusCode, 404, 'a refusal is not kept: the key stays free');
});

test('an import profile saved and retired twice with their keys: the first answers again, not "taken" nor "not found"', async () => {
  const profile = policeStationProfile('reintento-ejemplo', { es: 'Perfil reintentado (SINTÉTICO)', en: 'Retried profile (SYNTHETIC)' });
  const saved = await admin.request('POST', '/api/import-profiles', { profile }, key('profile-retry-0001'));
  assert.equal(saved.statusCode, 201, saved.body);
  const savedAgain = await admin.request('POST', '/api/import-profiles', { profile }, key('profile-retry-0001'));
  assert.equal(savedAgain.statusCode, 201, savedAgain.body);
  assert.deepEqual(savedAgain.json(), saved.json());
  assert.equal((await admin.request('POST', '/api/import-profiles', { profile })).statusCode, 409, 'without the key it is a second save');
  assert.equal(await count("import_profiles WHERE id = 'reintento-ejemplo'"), 1);

  assert.equal((await admin.request('POST', '/api/import-profiles/reintento-ejemplo/retire', undefined, key('retire-retry-0001'))).statusCode, 204);
  assert.equal((await admin.request('POST', '/api/import-profiles/reintento-ejemplo/retire', undefined, key('retire-retry-0001'))).statusCode, 204);
  assert.equal((await admin.request('POST', '/api/import-profiles/reintento-ejemplo/retire')).statusCode, 404, 'without the key it is a second retirement');
});
