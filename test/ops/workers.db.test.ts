// enlace serve --workers N: several server processes on one port over one PostgreSQL database.
// Migrations and the first administrator happen once; every process answers; a process that dies
// is replaced while the others go on serving; SIGTERM stops them all. The embedded database
// refuses more than one process.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { get, request, type IncomingHttpHeaders } from 'node:http';
import { after, test } from 'node:test';
import { engine, freshDatabase, type TestDatabase } from '../helpers/db.ts';

const root = new URL('../..', import.meta.url).pathname;
let db: TestDatabase | undefined;
after(async () => db?.destroy());

/**
 * GET on a connection of its own (the primary hands each new connection to the next process);
 * 0 when it fails or is not answered within 3 s (a connection handed to a process as it dies is
 * never answered: clients time out and try again).
 */
function freshGet(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path, agent: false, timeout: 3000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

test('the embedded database refuses several processes, in Spanish and English', () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const run = spawnSync(process.execPath, ['bin/enlace', 'serve', '--workers', '2'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /varios procesos necesitan un servidor PostgreSQL/);
  assert.match(run.stderr, /several processes need a PostgreSQL server/);
  const bad = spawnSync(process.execPath, ['bin/enlace', 'serve', '--workers', 'dos'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /entero entre 1 y 64.*whole number from 1 to 64/);
});

test('two server processes on one port: set up once, both answer, one replaced when it dies, all stopped by SIGTERM', { skip: engine !== 'postgres' && 'needs a PostgreSQL server' }, async () => {
  const masterKey = randomBytes(32);
  db = await freshDatabase(masterKey);
  const port = 47_000 + Math.floor(Math.random() * 900);
  // Not NODE_TEST_CONTEXT: a server started from a test file must not report to the test runner.
  const { NODE_TEST_CONTEXT: _context, ...inherited } = process.env;
  const child = spawn(process.execPath, ['bin/enlace', 'serve', '--port', String(port), '--workers', '2'], {
    cwd: root,
    env: { ...inherited, DATABASE_URL: db.url, ENLACE_MASTER_KEY: masterKey.toString('base64'), ENLACE_DB_POOL: '3', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit');
  try {
    for (let i = 0; i < 600 && !stdout.includes('listening'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(stdout, /listening on http:\/\/127\.0\.0\.1:\d+ \(2 procesos \/ processes\)/, stderr);
    // The administrator was created once, by the primary, and her one-time password shown once.
    assert.equal(stdout.split('administrador / First start').length - 1, 1, stdout);
    const [admins] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE username = 'admin'");
    assert.equal(admins?.n, 1);

    const workers = childrenOf(child.pid as number);
    assert.equal(workers.length, 2, 'two worker processes');
    const answers = await Promise.all(Array.from({ length: 12 }, () => freshGet(port, '/api/health')));
    assert.deepEqual(answers, Array(12).fill(200));

    // A worker killed outright is replaced; the other goes on answering meanwhile.
    process.kill(workers[0] as number, 'SIGKILL');
    let replaced: number[] = [];
    for (let i = 0; i < 300; i++) {
      replaced = childrenOf(child.pid as number);
      if (replaced.length === 2 && !replaced.includes(workers[0] as number)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(replaced.length, 2, 'a new process took the place of the one that died');
    assert.ok(!replaced.includes(workers[0] as number));
    assert.match(stderr, /terminó.*se inicia otro.*ended.*starting another/);
    for (let i = 0; i < 100 && (await freshGet(port, '/api/health')) !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    const again = await Promise.all(Array.from({ length: 8 }, () => freshGet(port, '/api/health')));
    assert.deepEqual(again, Array(8).fill(200));

    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0, stderr);
    for (const pid of replaced) assert.throws(() => process.kill(pid, 0), 'every worker stopped');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

/** A request on a connection of its own (so to the next process), with its status and body. */
function freshRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

test('a record registered through one process is a candidate in the other at once, without its look at the database', { skip: engine !== 'postgres' && 'needs a PostgreSQL server' }, async () => {
  const masterKey = randomBytes(32);
  const local = await freshDatabase(masterKey);
  const port = 47_000 + Math.floor(Math.random() * 900);
  const { createAgency, createUnit, createUser } = await import('../../src/server/commands/directory.ts');
  const { sampleRegistration, PASSWORD } = await import('../helpers/app.ts');
  const unit = await createUnit(local, { agencyId: await createAgency(local, { key: 'ONG', name: 'ONG de ejemplo (sintética)', orgType: 'ONG', entity: 'ONG' }), name: 'Centro', ubigeo: '160101' });
  await createUser(local, { unitId: unit, username: 'gestora', displayName: 'Gestora de prueba', password: PASSWORD, roles: ['ONG_GESTOR'], mustChangePassword: false });
  const { NODE_TEST_CONTEXT: _context, ...inherited } = process.env;
  // Neither process looks at the database for the other's records during the test.
  const child = spawn(process.execPath, ['bin/enlace', 'serve', '--port', String(port), '--workers', '2'], {
    cwd: root,
    env: { ...inherited, DATABASE_URL: local.url, ENLACE_MASTER_KEY: masterKey.toString('base64'), ENLACE_DB_POOL: '3', LOG_LEVEL: 'error', ENLACE_LINKAGE_RELAYED_REFRESH_MS: '600000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const { untilEveryProcessReady } = await import('../../bench/server-processes.ts');
    assert.ok(await untilEveryProcessReady(port, '/api/health', 2), stderr);
    const session = await freshRequest(port, 'POST', '/api/session', {}, { username: 'gestora', password: PASSWORD });
    assert.equal(session.status, 200, session.body);
    const headers = { cookie: String(session.headers['set-cookie']?.[0]).split(';')[0] ?? '', 'x-csrf-token': (JSON.parse(session.body) as { csrfToken: string }).csrfToken };
    const person = { givenNames: 'Teófila Irma', paternalSurname: 'Quispe', maternalSurname: 'Larico', birthDate: '1992-05-14', documents: [{ type: 'DNI', number: '44556071' }] };
    const first = await freshRequest(port, 'POST', '/api/case-files', headers, sampleRegistration({ person }));
    assert.equal(first.status, 201, first.body);
    const firstId = (JSON.parse(first.body) as { person: { id: string } }).person.id;
    // The relay takes milliseconds (a look at the database would take ten minutes here).
    await new Promise((r) => setTimeout(r, 300));
    // Connections go to the processes in turn: of four, two reach the process that did not register her.
    const unmatched: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await freshRequest(port, 'POST', '/api/case-files', headers, sampleRegistration({ person: { ...person, givenNames: 'Teófila' } }));
      assert.equal(res.status, 201, res.body);
      const id = (JSON.parse(res.body) as { person: { id: string } }).person.id;
      const [match] = await local.query<{ status: string }>('SELECT status FROM matches WHERE (person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1)', [firstId, id]);
      if (!match) unmatched.push(i);
    }
    assert.deepEqual(unmatched, [], 'every later record, in either process, is matched with the first');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await local.destroy();
  }
});
