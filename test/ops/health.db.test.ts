// Liveness, readiness (schema pending or newer than the code) and the Prometheus metrics: what
// they count, that they carry route patterns and never an id or a name, and who may scrape them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let caseId = '';

before(async () => {
  t = await startTestApp();
  police = await t.signIn('policia');
  const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Metrodora' } }));
  assert.equal(res.statusCode, 201, res.body);
  caseId = (res.json() as { caseFile: { id: string } }).caseFile.id;
  await police.request('GET', `/api/case-files/${caseId}`);
  await police.request('GET', '/api/case-files?q=metrodora');
});
after(() => t.close());

test('liveness answers; readiness is true on a current schema and false when migrations are pending or the database is newer', async () => {
  assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/health/live' })).json(), { status: 'live' });
  const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
  assert.equal(ready.statusCode, 200, ready.body);
  assert.equal((ready.json() as { migrations: string }).migrations, 'current');

  const [last] = await t.db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1');
  assert.ok(last);
  await t.db.query('DELETE FROM schema_migrations WHERE version = $1', [last.version]);
  const pending = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
  assert.equal(pending.statusCode, 503);
  assert.equal((pending.json() as { migrations: string }).migrations, 'pending');
  await t.db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2), ($3, $4)', [last.version, last.name, 9999, 'from_the_future']);
  const newer = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
  assert.equal(newer.statusCode, 503);
  assert.equal((newer.json() as { migrations: string }).migrations, 'newer-than-code');
  await t.db.query('DELETE FROM schema_migrations WHERE version = 9999');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode, 200);
});

test('metrics count requests by route pattern and status, with latencies, and say nothing personal', async () => {
  await t.app.inject({ method: 'GET', url: '/api/case-files/00000000-0000-4000-8000-000000000000', headers: { cookie: police.cookie } });
  const res = await t.app.inject({ method: 'GET', url: '/api/metrics' });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const text = res.body;
  assert.match(text, /^enlace_http_requests_total\{method="POST",route="\/api\/case-files",status="201"\} 1$/m);
  assert.match(text, /^enlace_http_requests_total\{method="GET",route="\/api\/case-files\/:id",status="200"\} 1$/m);
  assert.match(text, /^enlace_http_requests_total\{method="GET",route="\/api\/case-files\/:id",status="404"\} 1$/m);
  assert.match(text, /^enlace_http_request_duration_seconds_bucket\{method="GET",route="\/api\/case-files\/:id",le="\+Inf"\} 2$/m);
  assert.match(text, /^enlace_linkage_queue_length 0$/m);
  assert.match(text, /^enlace_db_up 1$/m);
  assert.match(text, /^enlace_ready 1$/m);
  assert.match(text, /^enlace_process_resident_memory_bytes \d+$/m);
  if (t.db.engine === 'postgres') {
    assert.match(text, /^enlace_db_pool_connections\{state="max"\} \d+$/m);
    // The audit writer has written on its own connection: it is open, and counted.
    assert.match(text, /^enlace_db_lane_connections\{state="open"\} 1$/m);
    assert.match(text, /^enlace_db_lane_waiting_queries 0$/m);
  }
  for (const secret of ['Metrodora', 'metrodora', caseId, '00000000-0000-4000-8000-000000000000', 'q=']) assert.equal(text.includes(secret), false, secret);
  // Every line is a comment or a sample: the format Prometheus parses.
  for (const line of text.trim().split('\n')) assert.match(line, /^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+-]+|\w+(\{[^}]*\})? NaN)$/, line);
});

test('metrics are for the loopback, or for whoever holds ENLACE_METRICS_TOKEN', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/metrics', remoteAddress: '10.0.0.8' })).statusCode, 403);
  process.env.ENLACE_METRICS_TOKEN = 'token-de-prueba-sintetico';
  try {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/metrics' })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/metrics', remoteAddress: '10.0.0.8', headers: { authorization: 'Bearer token-de-prueba-sintetico' } })).statusCode, 200);
  } finally {
    delete process.env.ENLACE_METRICS_TOKEN;
  }
});
