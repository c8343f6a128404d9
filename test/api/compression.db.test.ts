// JSON answers compressed when the browser accepts it (src/server/compress.ts): the same answer,
// a fraction of the bytes on a slow link; small answers and clients that do not ask stay plain.
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { sampleRegistration, startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

test('JSON of 1 KB or more comes compressed with brotli or gzip when accepted, the same answer; otherwise plain', async () => {
  const plain = await t.app.inject({ method: 'GET', url: '/api/public/indicators' });
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(plain.rawPayload.length >= 1024);
  assert.match(String(plain.headers.vary), /Accept-Encoding/);

  const br = await t.app.inject({ method: 'GET', url: '/api/public/indicators', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(Number(br.headers['content-length']), br.rawPayload.length);
  assert.ok(br.rawPayload.length < plain.rawPayload.length / 3, `${br.rawPayload.length} of ${plain.rawPayload.length} bytes`);
  assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8')), plain.json());

  // Her case list, signed in, with gzip only.
  const police = await t.signIn('policia');
  for (let i = 0; i < 5; i++) await police.request('POST', '/api/case-files', sampleRegistration());
  const list = await t.app.inject({ method: 'GET', url: '/api/case-files?page=1&pageSize=25', headers: { cookie: police.cookie, 'accept-encoding': 'gzip' } });
  assert.equal(list.statusCode, 200);
  assert.equal(list.headers['content-encoding'], 'gzip');
  const items = (JSON.parse(gunzipSync(list.rawPayload).toString('utf8')) as { items: unknown[] }).items;
  assert.equal(items.length, 5);

  // A small answer stays as it is.
  const small = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: police.cookie, 'accept-encoding': 'br' } });
  assert.equal(small.statusCode, 200);
  if (small.rawPayload.length < 1024) assert.equal(small.headers['content-encoding'], undefined);
});
