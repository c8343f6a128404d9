// npm run bench:worklist — issue 6's target: with 100,000 case files and 1,000,000 follow-ups in a
// PostgreSQL server, a unit's worklist (due today, overdue, upcoming, case files without a plan,
// case files without contact for 30 days) answers in p99 ≤ 100 ms. The server runs as in
// production (audit on) on loopback; the worklist of the busiest units is asked for, one request
// at a time and then by several clients at once. Prints p50/p99 for each.
//
// BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
// names a server where the database `enlace_bench_worklist` (BENCH_DB to name another) may be
// created and dropped.
// BENCH_CASES (100000), BENCH_FOLLOWUPS_PER_CASE (10), BENCH_REQUESTS (400), BENCH_CONNECTIONS (8),
// BENCH_SECONDS (10) change the run; BENCH_REUSE=1 keeps the database of an earlier run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { peruDay } from '../src/domain/calendar.ts';
import { hashPassword } from '../src/server/auth/passwords.ts';
import { openVault } from '../src/server/crypto/keys.ts';
import { MasterKey } from '../src/server/crypto/vault.ts';
import { openPostgres } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../src/server/commands/seed.ts';
import { loadSyntheticFollowUps } from '../src/server/commands/seed-followups.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const targetCases = Number(process.env.BENCH_CASES ?? 100_000);
const perCase = Number(process.env.BENCH_FOLLOWUPS_PER_CASE ?? 10);
const sequential = Number(process.env.BENCH_REQUESTS ?? 400);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const port = Number(process.env.BENCH_PORT ?? 3901);
const PASSWORD = 'Bench-Sintetico-2026';
const DB = process.env.BENCH_DB ?? 'enlace_bench_worklist';
if (!/^[a-z_][a-z0-9_]*$/.test(DB)) throw new Error('BENCH_DB: a plain lower-case database name');

const keyFile = new URL('./out/bench-worklist.master.key', import.meta.url);
if (!existsSync(keyFile)) {
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
}
const masterKey = readFileSync(keyFile, 'utf8').trim();
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${DB}`;

async function prepareDatabase(): Promise<void> {
  const admin = await openPostgres(adminUrl, 1);
  if (process.env.BENCH_REUSE === '1') {
    const [exists] = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [DB]);
    if (exists?.n) {
      const db = await openPostgres(dbUrl.toString(), 1);
      const [counts] = await db.query<{ cases: number; followups: number }>('SELECT (SELECT count(*) FROM case_files)::int AS cases, (SELECT count(*) FROM followups)::int AS followups');
      await db.close();
      if ((counts?.cases ?? 0) >= targetCases && (counts?.followups ?? 0) > 0) {
        await admin.close();
        // Migrations newer than the loaded database (a projection they fill, an index they build),
        // then the tables settled as autovacuum would have settled them in a running installation.
        const settle = await openPostgres(dbUrl.toString(), 1);
        await migrate(settle);
        await settle.query('VACUUM ANALYZE');
        await settle.close();
        console.log(`database: reusing ${DB} with ${counts?.cases} case files and ${counts?.followups} follow-ups`);
        return;
      }
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.close();
  const db = await openPostgres(dbUrl.toString(), 4);
  await migrate(db);
  await openVault(db, { current: new MasterKey(Buffer.from(masterKey, 'base64')), previous: [] });
  const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
  let started = Date.now();
  let loaded = 0;
  let seed = 1;
  while (loaded < targetCases) {
    // About 2.3 case files per synthetic person (the same person in several agencies); the last
    // round may overshoot a little.
    loaded += await loadSyntheticCases(db, directory, { persons: Math.ceil((targetCases - loaded) / 2.2), seed: seed++, batchSize: 5_000 });
  }
  console.log(`database: ${loaded} synthetic case files loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  const load = await loadSyntheticFollowUps(db, { perCase, today: peruDay(new Date()), seed: 6, batchSize: 2_000 });
  console.log(`database: ${load.followUps} synthetic follow-ups (${load.scheduled} scheduled) on ${load.caseFiles} case files loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.query('UPDATE users SET password_hash = $1, must_change_password = false', [await hashPassword(PASSWORD)]);
  await db.query('VACUUM ANALYZE');
  await db.close();
}

async function startServer() {
  const child = spawn(process.execPath, ['bin/enlace', 'serve', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: dbUrl.toString(), ENLACE_MASTER_KEY: masterKey, ENLACE_DB_POOL: '20', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (let i = 0; i < 3000; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

/** The busiest units by scheduled follow-ups, each with a bench user who supervises and works there. */
async function busiestUnits(count: number): Promise<{ unitId: string; name: string; scheduled: number; cases: number; username: string }[]> {
  const db = await openPostgres(dbUrl.toString(), 1);
  try {
    const units = await db.query<{ unit_id: string; name: string; scheduled: number; cases: number }>(
      `SELECT f.unit_id, u.name, count(*)::int AS scheduled, (SELECT count(*) FROM case_files c WHERE c.registering_unit_id = f.unit_id)::int AS cases
         FROM followups f JOIN units u ON u.id = f.unit_id WHERE f.state = 'PROGRAMADO' GROUP BY f.unit_id, u.name ORDER BY scheduled DESC LIMIT $1`,
      [count],
    );
    const out = [];
    for (const [i, unit] of units.entries()) {
      const username = `bench.worklist.${i}`;
      await db.query(
        `INSERT INTO users (id, unit_id, username, display_name, password_hash, roles, must_change_password)
         VALUES (gen_random_uuid(), $1, $2, 'Benchmark (sintético)', $3, ARRAY['ONG_GESTOR', 'SUPERVISOR'], false)
         ON CONFLICT (username) DO UPDATE SET unit_id = EXCLUDED.unit_id`,
        [unit.unit_id, username, await hashPassword(PASSWORD)],
      );
      out.push({ unitId: unit.unit_id, name: unit.name, scheduled: unit.scheduled, cases: unit.cases, username });
    }
    return out;
  } finally {
    await db.close();
  }
}

async function signIn(username: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function timeSequential(path: string, cookie: string): Promise<{ p50: number; p99: number; max: number; counts: Record<string, number> }> {
  const times: number[] = [];
  let counts: Record<string, number> = {};
  for (let i = 0; i < sequential; i++) {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie } });
    const body = (await res.json()) as { counts: Record<string, number> };
    times.push(performance.now() - started);
    if (!res.ok) throw new Error(`worklist failed: ${res.status} ${JSON.stringify(body)}`);
    counts = body.counts;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? NaN, counts };
}

async function main() {
  await prepareDatabase();
  const units = await busiestUnits(3);
  const server = await startServer();
  const lines: string[] = [];
  let met = true;
  try {
    for (const unit of units) {
      const cookie = await signIn(unit.username);
      // Warm the connection pool and the server's prepared statements.
      await timeSequential('/api/worklist', cookie).catch(() => undefined);
      for (const scope of ['unit', 'mine'] as const) {
        const figures = await timeSequential(`/api/worklist?scope=${scope}`, cookie);
        if (scope === 'unit' && figures.p99 > 100) met = false;
        lines.push(
          `${unit.name.slice(0, 44).padEnd(44)} ${scope.padEnd(5)} ${String(unit.cases).padStart(7)} ${String(unit.scheduled).padStart(7)} ${figures.p50.toFixed(1).padStart(8)} ${figures.p99.toFixed(1).padStart(8)} ${figures.max.toFixed(1).padStart(8)}   overdue ${figures.counts.overdue}, today ${figures.counts.today}, upcoming ${figures.counts.upcoming}, no plan ${figures.counts.withoutPlan}, no contact ${figures.counts.withoutContact}`,
        );
      }
    }
    const busiest = units[0];
    let concurrent = '';
    if (busiest) {
      const cookie = await signIn(busiest.username);
      const result = await autocannon({ url: `http://127.0.0.1:${port}/api/worklist`, headers: { cookie }, connections, duration: seconds });
      concurrent = `busiest unit, ${connections} clients at once for ${seconds} s: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`;
    }
    const db = await openPostgres(dbUrl.toString(), 1);
    const [totals] = await db.query<{ cases: number; followups: number }>('SELECT (SELECT count(*) FROM case_files)::int AS cases, (SELECT count(*) FROM followups)::int AS followups');
    await db.close();
    console.log(`\nbench:worklist — ${totals?.cases.toLocaleString('en')} case files, ${totals?.followups.toLocaleString('en')} follow-ups on PostgreSQL; GET /api/worklist over loopback, audit on, ${sequential} requests one at a time per line`);
    console.log(`${'unit'.padEnd(44)} scope   cases  sched.  p50 ms   p99 ms   max ms`);
    for (const line of lines) console.log(line);
    if (concurrent) console.log(concurrent);
    console.log(`target (a unit's worklist p99 ≤ 100 ms, one request at a time): ${met ? 'met' : 'NOT met'}`);
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

await main();
