// GET /api/me/web: the idle time and the key of the web app's encrypted drafts. The key is the
// same for a user in every session (she finds her draft after signing in again), differs between
// users (another user of the computer cannot read it), and is given to no one signed out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WebClientSettings } from '../../src/domain/web-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;

before(async () => {
  t = await startTestApp({ session: { idleMinutes: 20, absoluteHours: 12, maxFailedLogins: 5 } });
});
after(() => t.close());

async function settingsOf(username: string): Promise<WebClientSettings> {
  const res = await (await t.signIn(username)).request('GET', '/api/me/web');
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as WebClientSettings;
}

test('a signed-in user gets the idle time and a 256-bit draft key of her own, the same in every session', async () => {
  const first = await settingsOf('policia');
  assert.equal(first.idleMinutes, 20);
  assert.equal(Buffer.from(first.draftKey, 'base64url').length, 32);
  assert.equal((await settingsOf('policia')).draftKey, first.draftKey, 'same key in a new session');
  assert.notEqual((await settingsOf('gestora')).draftKey, first.draftKey, 'another user, another key');
});

test('a user who must still change her password gets it too (her form may wait), nobody signed out does', async () => {
  assert.equal(Buffer.from((await settingsOf('nueva')).draftKey, 'base64url').length, 32);
  const anonymous = await t.app.inject({ method: 'GET', url: '/api/me/web' });
  assert.equal(anonymous.statusCode, 401);
  assert.doesNotMatch(anonymous.body, /draftKey/);
});
