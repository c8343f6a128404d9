// The system-to-system API: an agency's administrator creates an API client for its system, the
// system takes a token with its client credentials (OAuth2) and pushes its records in batches; the
// answer says what became of each record. The agency's own record id makes a push idempotent, a
// changed record updates its person (an action), and a record that fails validation is
// quarantined with its reasons and changes nothing. People's sessions cannot use it; a revoked
// client's tokens stop working; its service account never signs in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let admin: Client;
let police: Client;

const record = (id: string, overrides: Record<string, unknown> = {}) => ({ source: 'PNP-RETA', record_id: id, given_names: 'Rosa Elena', paternal_surname: 'Huamán', maternal_surname: 'Quispe', sex: 'MUJER', birth_date: '2006-04-03', nationality: 'PER', ...overrides });
const token = async (clientId: string, clientSecret: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` }, payload: 'grant_type=client_credentials&scope=records.push' });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { access_token: string }).access_token;
};
const push = (bearer: string, records: unknown[], lang = 'es') => t.app.inject({ method: 'POST', url: '/api/agency-records', headers: { authorization: `Bearer ${bearer}`, 'accept-language': lang }, payload: { records } });
type PushAnswer = { batchId: string; counts: Record<string, number>; results: { index: number; recordId: string | null; status: string; personId?: string; problems?: { field: string; es: string; en: string }[] }[] };

let credentials: { clientId: string; clientSecret: string };

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  admin = await t.signIn('adminpnp');
  police = await t.signIn('policia');
  const created = await admin.request('POST', '/api/api-clients', { name: 'RETA (sintético)', roles: ['PNP_INVESTIGADOR'] });
  assert.equal(created.statusCode, 201, created.body);
  credentials = created.json() as typeof credentials;
});
after(() => t.close());

test('an administrator creates a client for her agency; roles reserved to people, or none that imports, are refused', async () => {
  assert.match(credentials.clientSecret, /^[\w-]{40,}$/);
  const listed = (await admin.request('GET', '/api/api-clients')).json() as { items: { id: string; roles: string[]; scopes: string[] }[] };
  assert.deepEqual(listed.items.map((c) => [c.id, c.roles, c.scopes]), [[credentials.clientId, ['PNP_INVESTIGADOR'], ['records.push']]]);
  assert.ok(!JSON.stringify(listed).includes(credentials.clientSecret));
  const people = await admin.request('POST', '/api/api-clients', { name: 'x', roles: ['ADMIN'] }, { 'accept-language': 'en' });
  assert.equal(people.statusCode, 400);
  assert.match(JSON.stringify(people.json()), /people do/);
  const noImport = await admin.request('POST', '/api/api-clients', { name: 'x', roles: ['ALBERGUE'] });
  assert.equal(noImport.statusCode, 400);
  assert.match(JSON.stringify(noImport.json()), /importar/);
  assert.equal((await police.request('POST', '/api/api-clients', { name: 'x', roles: ['PNP_INVESTIGADOR'] })).statusCode, 403);
  // The service account cannot sign in, whatever its password would be.
  const [account] = await t.db.query<{ username: string }>('SELECT u.username FROM users u JOIN api_clients c ON c.user_id = u.id');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: account?.username, password: '!' } })).statusCode, 401);
});

test('client credentials give a token (OAuth2 §4.4); wrong ones do not', async () => {
  const json = await t.app.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret } });
  assert.equal(json.statusCode, 200, json.body);
  assert.deepEqual(Object.keys(json.json() as object).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
  const wrong = await t.app.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: 'no' } });
  assert.equal(wrong.statusCode, 401);
  assert.deepEqual(wrong.json(), { error: 'invalid_client' });
  const grant = await t.app.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'password', client_id: credentials.clientId, client_secret: credentials.clientSecret } });
  assert.deepEqual([grant.statusCode, grant.json()], [400, { error: 'unsupported_grant_type' }]);
  const scope = await t.app.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: 'records.delete' } });
  assert.deepEqual([scope.statusCode, scope.json()], [400, { error: 'invalid_scope' }]);
});

test('a batch is answered per record; the same records again change nothing; a changed one updates; a bad one is quarantined and changes nothing', async () => {
  const bearer = await token(credentials.clientId, credentials.clientSecret);
  const first = await push(bearer, [record('R-1'), record('R-2', { given_names: 'Luz', birth_date: '2004-11-02' }), record('R-3', { birth_date: '31/02/2004' }), {}]);
  assert.equal(first.statusCode, 200, first.body);
  const answer = first.json() as PushAnswer;
  assert.deepEqual(answer.counts, { received: 4, imported: 2, updated: 0, unchanged: 0, quarantined: 1, empty: 1 });
  assert.deepEqual(answer.results.map((r) => [r.index, r.recordId, r.status]), [[0, 'R-1', 'imported'], [1, 'R-2', 'imported'], [2, 'R-3', 'quarantined'], [3, undefined, 'empty']]);
  assert.equal(answer.results[2]?.problems?.[0]?.field, 'person.birthDate');
  assert.ok(answer.results[2]?.problems?.every((p) => p.es !== '' && p.en !== '' && p.es !== p.en));
  const personId = answer.results[0]?.personId as string;
  const [batch] = await t.db.query<{ user_id: string; file_name: string }>('SELECT user_id, file_name FROM import_batches WHERE id = $1', [answer.batchId]);
  const [client] = await t.db.query<{ user_id: string }>('SELECT user_id FROM api_clients WHERE id = $1', [credentials.clientId]);
  assert.equal(batch?.user_id, client?.user_id);
  assert.equal(batch?.file_name, 'api:RETA (sintético)');

  const again = (await push(bearer, [record('R-1'), record('R-2', { given_names: 'Luz', birth_date: '2004-11-02' })])).json() as PushAnswer;
  assert.deepEqual(again.results.map((r) => [r.status, r.personId]), [['unchanged', personId], ['unchanged', answer.results[1]?.personId]]);

  const changed = (await push(bearer, [record('R-1', { birth_date: '2006-04-13' })])).json() as PushAnswer;
  assert.deepEqual(changed.results.map((r) => [r.status, r.personId]), [['updated', personId]]);
  const actions = await t.db.query<{ type: string }>("SELECT action_type AS type FROM actions WHERE entity_id = $1 ORDER BY seq", [personId]);
  assert.deepEqual(actions.map((a) => a.type), ['record.imported', 'person.updated']);

  const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM actions');
  const refused = (await push(bearer, [record('R-1', { birth_date: '2006-04-13', sex: 'X' })], 'en')).json() as PushAnswer;
  assert.equal(refused.results[0]?.status, 'quarantined');
  assert.equal(refused.results[0]?.problems?.[0]?.field, 'person.sex');
  assert.deepEqual(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM actions'), before);
  const open = await t.db.query<{ record_id: string }>("SELECT record_id FROM import_quarantine WHERE status = 'OPEN' ORDER BY record_id");
  assert.deepEqual(open.map((q) => q.record_id), ['R-1', 'R-3']);
});

test('no token is 401, a person\'s session is 403, a revoked client\'s token stops working; the API is in the OpenAPI document', async () => {
  const bearer = await token(credentials.clientId, credentials.clientSecret);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/agency-records', payload: { records: [record('R-9')] } })).statusCode, 401);
  assert.equal((await push('not-a-token', [record('R-9')])).statusCode, 401);
  assert.equal((await police.request('POST', '/api/agency-records', { records: [record('R-9')] })).statusCode, 403);
  const bad = await push(bearer, []);
  assert.equal(bad.statusCode, 400);
  const revoked = await admin.request('POST', `/api/api-clients/${credentials.clientId}/revoke`);
  assert.equal(revoked.statusCode, 200, revoked.body);
  assert.equal((await push(bearer, [record('R-9')])).statusCode, 401);
  const again = await t.app.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret } });
  assert.equal(again.statusCode, 401);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, { post?: { security?: unknown } }>; components: { securitySchemes: Record<string, { type: string }> } };
  assert.equal(doc.components.securitySchemes.agencyClient?.type, 'oauth2');
  assert.deepEqual(doc.paths['/api/agency-records']?.post?.security, [{ agencyClient: ['records.push'] }]);
  assert.ok(doc.paths['/api/oauth/token']);
});
