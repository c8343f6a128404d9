// Accounts: the TOTP second factor (enrolment, the code at sign-in, replay and window), the
// requirement for roles that read personal data, sign out everywhere, an administrator's reset
// that forces a change, and the rate limit on sign-in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { base32Decode, totp } from '../../src/server/auth/totp.ts';
import { DEFAULT_SESSION_CONFIG, forgetSessions } from '../../src/server/auth/sessions.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ linkOnArrival: false, session: { ...DEFAULT_SESSION_CONFIG, requireSecondFactor: true } });
});
after(() => t.close());

const userId = async (username: string) => (await t.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0]?.id ?? '';

async function enrol(client: Client): Promise<Buffer> {
  const started = await client.request('POST', '/api/me/second-factor');
  assert.equal(started.statusCode, 200, started.body);
  const { secret, uri } = started.json() as { secret: string; uri: string };
  assert.match(uri, /^otpauth:\/\/totp\//);
  const key = base32Decode(secret);
  assert.equal((await client.request('POST', '/api/me/second-factor/confirm', { code: totp(key, Date.now() - 60_000) })).statusCode, 400, 'a code two steps old is refused');
  assert.equal((await client.request('POST', '/api/me/second-factor/confirm', { code: totp(key, Date.now()) })).statusCode, 204);
  assert.equal((await client.request('POST', '/api/me/second-factor')).statusCode, 409, 'enrolled once');
  return key;
}

test('a role that reads personal data must enrol a second factor before anything else', async () => {
  const ngo = await t.signIn('gestora');
  const list = await ngo.request('GET', '/api/case-files');
  assert.equal(list.statusCode, 403);
  assert.match(list.json<{ title: string }>().title, /segundo factor/);
  const me = (await ngo.request('GET', '/api/me')).json() as { mustEnrolSecondFactor: boolean };
  assert.equal(me.mustEnrolSecondFactor, true);
  // A regional analyst reads no personal data: no second factor required of her. An administrator
  // searches the audit log (who read which record), so she must enrol like a case worker.
  await createUser(t.db, { unitId: t.units.pnp, username: 'analista', displayName: 'Analista regional', password: PASSWORD, roles: ['GORE_ANALISTA'], mustChangePassword: false });
  const analyst = await t.signIn('analista');
  assert.equal(((await analyst.request('GET', '/api/me')).json() as { mustEnrolSecondFactor: boolean }).mustEnrolSecondFactor, false);
  const admin = await t.signIn('adminpnp');
  assert.equal(((await admin.request('GET', '/api/me')).json() as { mustEnrolSecondFactor: boolean }).mustEnrolSecondFactor, true);

  await enrol(ngo);
  assert.equal((await ngo.request('GET', '/api/case-files')).statusCode, 200);
});

test('with a second factor, the password alone opens nothing; a code opens the session once, never twice', async () => {
  const first = await t.signIn('policia');
  const key = await enrol(first);

  const second = await t.signIn('policia');
  const me = (await second.request('GET', '/api/me')).json() as { secondFactorPending: boolean };
  assert.equal(me.secondFactorPending, true);
  const blocked = await second.request('GET', '/api/case-files');
  assert.equal(blocked.statusCode, 401);
  assert.equal((await second.request('POST', '/api/me/password', { currentPassword: PASSWORD, newPassword: 'Otra-Clave-Larga-2026' })).statusCode, 401, 'not even a password change');

  assert.equal((await second.request('POST', '/api/session/second-factor', { code: '000000' === totp(key, Date.now()) ? '111111' : '000000' })).statusCode, 401);
  assert.equal((await second.request('POST', '/api/session/second-factor', { code: 'abc' })).statusCode, 400);
  // The enrolment used this step: the next one (within the drift window) is accepted.
  const code = totp(key, Date.now() + 30_000);
  assert.equal((await second.request('POST', '/api/session/second-factor', { code })).statusCode, 204);
  assert.equal((await second.request('GET', '/api/case-files')).statusCode, 200);

  const third = await t.signIn('policia');
  assert.equal((await third.request('POST', '/api/session/second-factor', { code })).statusCode, 401, 'a code is never accepted twice');
  assert.equal((await third.request('GET', '/api/case-files')).statusCode, 401);
  const audited = await t.db.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE action LIKE 'SIGN_IN_SECOND_FACTOR%' AND user_id = $1", [await userId('policia')]);
  assert.deepEqual(audited.map((r) => r.outcome).sort(), ['denied', 'denied', 'ok']);

  // Sign out everywhere closes every session of hers.
  assert.equal((await second.request('DELETE', '/api/me/sessions')).statusCode, 204);
  assert.equal((await first.request('GET', '/api/me')).statusCode, 401);
  assert.equal((await third.request('GET', '/api/me')).statusCode, 401);
});

test('an administrator resets an account: a one-time password, every session closed, a change forced', async () => {
  await createUser(t.db, { unitId: t.units.pnp, username: 'olvido', displayName: 'Usuaria que olvidó', password: PASSWORD, roles: ['ADMIN'], mustChangePassword: false });
  const forgetful = await t.signIn('olvido');
  const admin = await t.signIn('adminpnp');
  await enrol(admin);
  const police = await t.signIn('nueva');
  assert.equal((await police.request('POST', `/api/users/${await userId('olvido')}/password-reset`, {})).statusCode, 403, 'only administrators');
  const reset = await admin.request('POST', `/api/users/${await userId('olvido')}/password-reset`, {});
  assert.equal(reset.statusCode, 200, reset.body);
  const { password } = reset.json() as { password: string };
  assert.equal((await forgetful.request('GET', '/api/me')).statusCode, 401);
  await assert.rejects(t.signIn('olvido'), /401/);
  const again = await t.signIn('olvido', password);
  assert.equal(((await again.request('GET', '/api/me')).json() as { mustChangePassword: boolean }).mustChangePassword, true);
  assert.equal((await again.request('GET', '/api/case-files')).statusCode, 403);
});

test('sign-in is rate-limited per account and address, with Retry-After', async () => {
  let last = 0;
  let retryAfter: string | undefined;
  for (let i = 0; i < 25; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nadie-existe', password: 'Intento-equivocado-1' } });
    last = res.statusCode;
    retryAfter = res.headers['retry-after'] as string | undefined;
  }
  assert.equal(last, 429);
  assert.ok(Number(retryAfter) > 0);
});

test('a session idle longer than the limit is closed, like a forged one', async () => {
  const admin = await t.signIn('adminpnp');
  assert.equal((await admin.request('GET', '/api/me')).statusCode, 200);
  await t.db.query("UPDATE sessions SET last_seen_at = now() - make_interval(mins => $1::int + 1) WHERE revoked_at IS NULL", [DEFAULT_SESSION_CONFIG.idleMinutes]);
  forgetSessions();
  const idle = await admin.request('GET', '/api/me');
  assert.equal(idle.statusCode, 401);
  const forged = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'enlace_session=forjada' } });
  assert.deepEqual(idle.json(), forged.json());
});
