// Requests whose transaction collides with another (PostgreSQL's serialization failure or deadlock)
// are run again by the database layer (db/retry.ts): the client sees its answer, the write done
// once and audited once. Only when every attempt collides does it get a 503 it may retry, in
// Spanish or English, with Retry-After: never a 500, never part of a write.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { TRANSIENT_RETRIES } from '../../src/server/db/retry.ts';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { collideOnInsert } from '../helpers/collide.ts';
import { engine } from '../helpers/db.ts';

let t: TestApp;
let police: Client;

before(async () => {
  t = await startTestApp();
  police = await t.signIn('policia');
});
after(() => t.close());

const count = async (from: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params))[0]?.n ?? 0;

async function register(headers: Record<string, string> = {}, person?: Record<string, unknown>): Promise<{ caseFile: { id: string; version: number }; person: { id: string } }> {
  const res = await police.request('POST', '/api/case-files', sampleRegistration(person ? { person } : {}), headers);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { caseFile: { id: string; version: number }; person: { id: string } };
}

/** A collision counter of /api/metrics (enlace_db_collisions_total), by outcome. */
async function collisionsCounted(outcome: 'retried' | 'given_up'): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: '/api/metrics' });
  return Number(new RegExp(`^enlace_db_collisions_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(res.body)?.[1] ?? 0);
}

/** Audit entries of one action on one record. */
const audited = (action: string, id: string) => count('audit_log WHERE action = $1 AND entity_id = $2', [action, id]);

test('a registration that collides once is registered once, and audited once', async () => {
  // Without an Idempotency-Key a new person's registration is one statement of its own; with one,
  // a transaction (runCommand): both are retried.
  for (const headers of [{}, { 'idempotency-key': 'retry-registration-1' }] as Record<string, string>[]) {
    const collision = await collideOnInsert(t.db, 'case_files', 1);
    const before = { cases: await count('case_files'), persons: await count('persons'), retried: await collisionsCounted('retried') };
    try {
      const { caseFile, person } = await register(headers);
      assert.equal(await collision.attempts(), 2, 'the first attempt collided, the second went through');
      assert.equal(await collisionsCounted('retried'), before.retried + 1, 'the metrics count the run again');
      assert.equal(await count('case_files'), before.cases + 1);
      assert.equal(await count('persons'), before.persons + 1);
      assert.equal(await count('case_files WHERE id = $1', [caseFile.id]), 1);
      assert.equal(await count('persons WHERE id = $1', [person.id]), 1);
      assert.equal(await audited('CREATE', caseFile.id), 1);
    } finally {
      await collision.stop();
    }
  }
  assert.equal(await count("idempotency_keys WHERE key = 'retry-registration-1' AND status_code = 201"), 1);
});

test('a request that collides at every attempt is answered 503 with Retry-After, in Spanish or English, and stores nothing', async () => {
  const collision = await collideOnInsert(t.db, 'case_files', 1_000);
  const before = { cases: await count('case_files'), persons: await count('persons'), keys: await count('idempotency_keys') };
  const givenUp = await collisionsCounted('given_up');
  try {
    const es = await police.request('POST', '/api/case-files', sampleRegistration());
    assert.equal(es.statusCode, 503, es.body);
    assert.equal(es.headers['retry-after'], '1');
    assert.match(String(es.headers['content-type']), /^application\/problem\+json/);
    const body = es.json() as { type: string; title: string; status: number };
    assert.equal(body.type, 'https://enlace.pe/problems/contention');
    assert.equal(body.status, 503);
    assert.match(body.title, /demasiados cambios a la vez.*No se guardó nada/);
    assert.equal(await collision.attempts(), TRANSIENT_RETRIES + 1);

    const en = await police.request('POST', '/api/case-files', sampleRegistration(), { 'accept-language': 'en', 'idempotency-key': 'retry-exhausted-1' });
    assert.equal(en.statusCode, 503, en.body);
    assert.equal(en.headers['retry-after'], '1');
    assert.match((en.json() as { title: string }).title, /too many changes at once.*Nothing was saved/);
    assert.equal(await collision.attempts(), 2 * (TRANSIENT_RETRIES + 1));
    assert.equal(await collisionsCounted('given_up'), givenUp + 2, 'the metrics count each request given up');
  } finally {
    await collision.stop();
  }
  assert.deepEqual({ cases: await count('case_files'), persons: await count('persons'), keys: await count('idempotency_keys') }, before);
});

test('a change whose transaction PostgreSQL aborts in a deadlock is made once, at its second attempt', { skip: engine === 'pglite' ? 'PGlite has one connection: no deadlock' : false }, async () => {
  const { caseFile } = await register();
  const key = 'retry-deadlock-1';
  const [user] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'policia'");
  const other = new pg.Client({ connectionString: t.db.url });
  await other.connect();
  try {
    // The other transaction never looks for a deadlock first: the change's transaction, which
    // waits first, finds it (deadlock_timeout, 1 s) and is the one aborted.
    await other.query("SET deadlock_timeout = '30s'");
    await other.query('BEGIN');
    await other.query('SELECT 1 FROM case_files WHERE id = $1 FOR UPDATE', [caseFile.id]);
    // The change claims its Idempotency-Key (runCommand's first statement), then waits for the case file.
    const changing = police.request('PATCH', `/api/case-files/${caseFile.id}`, { version: 1, changes: { detectionSource: 'LINEA_TELEFONICA' } }, { 'idempotency-key': key });
    for (let i = 0; ; i++) {
      const [waiting] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if ((waiting?.n ?? 0) > 0) break;
      assert.ok(i < 500, 'the change never waited for the case file');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Now the other transaction asks for the key the change holds: each waits for the other.
    // This insert going through shows that the change's transaction was rolled back.
    await other.query('INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response) VALUES ($1, $2, $3, 0, $4)', [user?.id, key, 'other', 'null']);
    await other.query('ROLLBACK');
    const res = await changing;
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as { caseFile: { version: number; detectionSource: string } }).caseFile.version, 2);
  } finally {
    await other.end();
  }
  const [stored] = await t.db.query<{ version: number }>('SELECT version FROM case_files WHERE id = $1', [caseFile.id]);
  assert.equal(stored?.version, 2);
  assert.equal(await count("actions WHERE entity_id = $1 AND action_type = 'case.updated'", [caseFile.id]), 1);
  assert.equal(await count('idempotency_keys WHERE key = $1 AND status_code = 200', [key]), 1);
  assert.equal(await audited('UPDATE', caseFile.id), 1);
});

test('a correction that links, run again after its COMMIT collided, proposes its match once', async () => {
  const dni = { type: 'DNI', number: '40123457' };
  const atPolice = await register({}, { givenNames: 'Rosa Elvira', paternalSurname: 'Condori', maternalSurname: 'Mamani', birthDate: '1998-07-21', documents: [dni] });
  const ngo = await t.signIn('gestora');
  const atNgo = await ngo.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Juana', paternalSurname: 'Flores', maternalSurname: 'Ramos', birthDate: '1985-01-02', documents: [] } }));
  assert.equal(atNgo.statusCode, 201, atNgo.body);
  const theirs = (atNgo.json() as { person: { id: string } }).person.id;
  const between = () => count('matches WHERE (person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1)', [atPolice.person.id, theirs]);
  assert.equal(await between(), 0);
  // The correction is linked inside its transaction (the index scores her, her match is stored);
  // its COMMIT then collides, once: everything runs again.
  const collision = await collideOnInsert(t.db, 'matches', 1, { atCommit: true });
  try {
    const corrected = await ngo.request('PATCH', `/api/persons/${theirs}`, { version: 1, changes: { givenNames: 'Rosa Elvira', paternalSurname: 'Condori', maternalSurname: 'Mamani', birthDate: '1998-07-21', documents: [dni] }, reason: 'Datos del DNI (sintético)' });
    assert.equal(corrected.statusCode, 200, corrected.body);
    assert.equal(await collision.attempts(), 2, 'the first attempt reached COMMIT and collided there');
  } finally {
    await collision.stop();
  }
  assert.equal(await between(), 1);
  assert.equal(await count("actions WHERE action_type = 'match.proposed' AND entity_id IN (SELECT id FROM matches WHERE person_a = ANY($1::uuid[]) AND person_b = ANY($1::uuid[]))", [[atPolice.person.id, theirs]]), 1);
  assert.equal(await count("actions WHERE entity_id = $1 AND action_type = 'person.updated'", [theirs]), 1);
  assert.equal(await audited('UPDATE', theirs), 1);
  // The index holds her as corrected, once: a third record of her is matched with each record once.
  const third = await register({}, { givenNames: 'Rosa Elvira', paternalSurname: 'Condori', maternalSurname: 'Mamani', birthDate: '1998-07-21', documents: [dni] });
  const others = await t.db.query<{ other: string }>('SELECT CASE WHEN person_a = $1 THEN person_b ELSE person_a END AS other FROM matches WHERE $1 IN (person_a, person_b)', [third.person.id]);
  assert.ok(others.some((m) => m.other === theirs), 'matched with her corrected record');
  assert.equal(new Set(others.map((m) => m.other)).size, others.length);
});
