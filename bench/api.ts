// npm run bench:api — the foundation's floor: with 100,000 synthetic case files in a PostgreSQL
// server, autocannon (loopback, bounded in time) reads and creates case files as a signed-in user.
// Prints requests/s and p50/p99 latency for each. Floor: read ≥ 3,000 req/s, create ≥ 500 req/s,
// p99 ≤ 50 ms at 50 connections. Each route runs twice: flat out with autocannon (the most it
// serves), then at a steady floor rate over at most 50 connections (bench/paced.ts: the latency a
// user sees at that rate, pauses included). Flat out, 50 connections queue by construction (mean
// latency = 50 / rate: 100 ms at 500 req/s), so its p99 says how deep the queue is.
//
// BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
// names a server where the database BENCH_DB_NAME (`enlace_bench`) may be created and dropped.
// BENCH_CASES (100000), BENCH_SECONDS (10), BENCH_CONNECTIONS (50) change the run; BENCH_REUSE=1
// keeps the database of an earlier run; BENCH_ONLY=read|create runs one of the two; BENCH_TRACE=1
// prints, for each steady run, the 100 ms windows whose slowest request passed its p99 (where the tail is).
// Each steady run is preceded by BENCH_WARM_SECONDS (1) at the same rate, not counted: its first
// second opened the 50 connections at once and held the run's slowest windows (read p99 80 -> 40 ms).
// Nor is its CPU: the CPU columns count the measured requests only (before, a steady run's CPU per
// request included its warm-up's, 10 % too much with the default second).
// BENCH_READ_RATE / BENCH_CREATE_RATE set the steady runs' rates (the floor is judged only at the
// floors' rates); BENCH_SKIP_FLAT=1 leaves out the flat-out runs (to profile below the ceiling).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { paced, type PacedRequest } from './paced.ts';
import { serverDatabaseUrl } from './unix-socket.ts';
import { settleAfterLoad, settleReused } from './settle.ts';
import { cpuTicks, overTree, untilEveryProcessReady } from './server-processes.ts';
import { describeMachine } from './machine.ts';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { openVault } from '../src/server/crypto/keys.ts';
import { MasterKey } from '../src/server/crypto/vault.ts';
import { openPostgres } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { hashPassword } from '../src/server/auth/passwords.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../src/server/commands/seed.ts';
import { generateSyntheticRegistry, toRegistration } from '../src/synthetic/index.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const targetCases = Number(process.env.BENCH_CASES ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const port = Number(process.env.BENCH_PORT ?? 3900);
/** Server processes (enlace serve --workers): one Node.js process serves requests on one core. */
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const PASSWORD = 'Bench-Sintetico-2026';
const READ_FLOOR = 3000;
const CREATE_FLOOR = 500;
const READ_RATE = Number(process.env.BENCH_READ_RATE ?? READ_FLOOR);
const CREATE_RATE = Number(process.env.BENCH_CREATE_RATE ?? CREATE_FLOOR);

// One master key for the loader and the server it starts, kept in bench/out/ so that BENCH_REUSE
// can open the database of an earlier run (a throwaway key for a throwaway database).
const keyFile = new URL('./out/bench.master.key', import.meta.url);
if (!existsSync(keyFile)) {
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
}
const masterKey = process.env.ENLACE_MASTER_KEY ?? readFileSync(keyFile, 'utf8').trim();
const dbUrl = new URL(adminUrl);
/** Its own name per user of a shared server: two runs on one database would measure each other. */
const DB_NAME = process.env.BENCH_DB_NAME ?? 'enlace_bench';
if (!/^[a-z_][a-z0-9_]*$/.test(DB_NAME)) throw new Error(`BENCH_DB_NAME must be a plain lower-case identifier: ${DB_NAME}`);
dbUrl.pathname = `/${DB_NAME}`;

async function prepareDatabase(): Promise<void> {
  const admin = await openPostgres(adminUrl, 1);
  if (process.env.BENCH_REUSE === '1') {
    // Keep a database loaded by an earlier run (its case files are still synthetic and ≥ the target).
    const [exists] = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (exists?.n) {
      const db = await openPostgres(dbUrl.toString(), 1);
      const [cases] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
      const reusable = (cases?.n ?? 0) >= targetCases;
      if (reusable) await settleReused(db);
      await db.close();
      if (reusable) {
        await admin.close();
        console.log(`database: reusing ${DB_NAME} with ${cases?.n} case files`);
        return;
      }
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.close();
  const db = await openPostgres(dbUrl.toString(), 4);
  await migrate(db);
  await openVault(db, { current: new MasterKey(Buffer.from(masterKey, 'base64')), previous: [] });
  const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
  const started = Date.now();
  let loaded = 0;
  let seed = 1;
  while (loaded < targetCases) {
    // About 2.3 case files per synthetic person (the same person in several agencies).
    loaded += await loadSyntheticCases(db, directory, { persons: Math.ceil((targetCases - loaded) / 2.2), seed: seed++, batchSize: 5_000 });
  }
  await db.query('UPDATE users SET password_hash = $1, must_change_password = false', [await hashPassword(PASSWORD)]);
  await settleAfterLoad(db);
  console.log(`database: ${loaded} synthetic case files loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.close();
}

async function startServer(audit: boolean) {
  const databaseUrl = await serverDatabaseUrl(dbUrl.toString());
  console.log(`server → PostgreSQL: ${databaseUrl.includes('?host=') ? 'Unix socket' : 'TCP'}`);
  // BENCH_PROFILE_DIR=dir writes the server's CPU profile there (node --cpu-prof) when it stops.
  const profile = [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []), ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...profile, 'bin/enlace', 'serve', '--port', String(port), '--workers', String(workers)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, ENLACE_MASTER_KEY: masterKey, ...(process.env.BENCH_DB_POOL ? { ENLACE_DB_POOL: process.env.BENCH_DB_POOL } : {}), LOG_LEVEL: 'error', ...(audit ? {} : { ENLACE_BENCH_AUDIT_OFF: '1' }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server's log (errors only) goes to a file: read, so a full pipe never stalls the server.
  child.stdout?.pipe(createWriteStream(new URL('./out/server.log', import.meta.url), { flags: 'a' }));
  // Measured once the server is up and its linkage index is built (it builds in the background), in every process.
  if (await untilEveryProcessReady(port, '/api/health', workers)) return child;
  throw new Error('server did not start');
}

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'pnp.demo', password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

// What case workers would register: distinct synthetic persons (some of them registered by more
// than one agency, as in life), not one name over and over, which would make every new record a
// candidate match of all the others. A reused database gets new persons on every run: the
// persons of an earlier run would otherwise all be matches. Likewise no record is registered
// twice within a run: the run without audit once registered again the very records of the run
// with audit, every one of them then a near-certain match of its own copy (and of the copies of
// its person's other records), which cost twice the server's CPU a request (3 ms against 1.5).
// Enough for both passes flat out at 1,000 a second and the steady run (about 40,000 records,
// made before the runs: making them during one would load the machine it measures).
const registrations = [...generateSyntheticRegistry({ seed: process.env.BENCH_REUSE === '1' ? Date.now() % 1_000_000_000 : 20_261_127, persons: 18_000 })].map((r) => JSON.stringify(toRegistration(r)));
let registered = 0;
function nextRegistration(): string {
  if (registered === registrations.length) console.log(`create: all ${registrations.length} prepared records registered; registering them again (matches of their own copies)`);
  return registrations[registered++ % registrations.length] as string;
}

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU milliseconds per request spent by the server, the database backends and the load generator. */
  cpu: { server: number; database: number; loadGenerator: number } | undefined;
}

// CPU time is the figure that stays meaningful on a busy machine: requests/s moves with whatever
// else runs, the CPU a request costs does not. Read from /proc, so only where the database is local.
const TICKS_PER_MS = 100 / 1000;

async function backendPids(): Promise<number[]> {
  const db = await openPostgres(dbUrl.toString(), 1);
  const rows = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [DB_NAME]);
  await db.close();
  return rows.map((r) => r.pid);
}

/** Starts counting the CPU of the server's processes, its database backends and this process; `stop` gives it per request. */
async function startMeter(serverPid: number | undefined): Promise<{ stop: (requests: number) => Promise<Figures['cpu']> }> {
  const pids = await backendPids();
  const before = { server: serverPid ? overTree(serverPid, cpuTicks) : 0, database: pids.reduce((sum, pid) => sum + cpuTicks(pid), 0), self: process.cpuUsage() };
  return {
    stop: async (total) => {
      const self = process.cpuUsage(before.self);
      const database = (await backendPids()).reduce((sum, pid) => sum + cpuTicks(pid), 0) - before.database;
      const requests = total || 1;
      const local = existsSync('/proc/self/stat') && serverPid !== undefined;
      return local
        ? { server: (overTree(serverPid, cpuTicks) - before.server) / TICKS_PER_MS / requests, database: database / TICKS_PER_MS / requests, loadGenerator: (self.user + self.system) / 1000 / requests }
        : undefined;
    },
  };
}

/** The CPU a measured run cost the server, the database and this process, per request. */
async function metered<T extends { total: number }>(serverPid: number | undefined, work: () => Promise<T>): Promise<{ result: T; cpu: Figures['cpu'] }> {
  const meter = await startMeter(serverPid);
  const result = await work();
  return { result, cpu: await meter.stop(result.total) };
}

async function run(name: string, serverPid: number | undefined, options: autocannon.Options): Promise<Figures> {
  const { result, cpu } = await metered(serverPid, async () => {
    const r = await autocannon({ connections, duration: seconds, ...options });
    return Object.assign(r, { total: r.requests.total });
  });
  if (result.non2xx > 0) {
    // Which answers were not 2xx, so a failure is named rather than counted.
    const codes = Object.entries((result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2'));
    console.log(`${name}: non-2xx answers ${codes.map(([code, { count }]) => `${code} × ${count}`).join(', ')}`);
  }
  return { name, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx, cpu };
}

/** A steady `rate` of requests (bench/paced.ts), at most `connections` at a time. */
async function runPaced(name: string, serverPid: number | undefined, url: string, rate: number, next: () => PacedRequest): Promise<Figures> {
  // Counted from the end of the warm-up: its CPU is not the measured requests'.
  let meter: Awaited<ReturnType<typeof startMeter>> | undefined;
  const result = await paced({ url, rate, seconds, connections, warmSeconds: Number(process.env.BENCH_WARM_SECONDS ?? 1), next, beforeRun: async () => void (meter = await startMeter(serverPid)) });
  const cpu = await meter?.stop(result.total);
  if (result.slowWindows !== undefined) console.log(`${name}: slow windows (due at, slowest): ${result.slowWindows || 'none'}`);
  return { name, requestsPerSecond: result.requestsPerSecond, p50: result.p50, p99: result.p99, errors: result.errors, non2xx: result.non2xx, cpu };
}

async function measure(audit: boolean): Promise<Figures[]> {
  const server = await startServer(audit);
  try {
    const { cookie, csrf } = await signIn();
    const db = await openPostgres(dbUrl.toString(), 1);
    const ids = (await db.query<{ id: string }>(
      "SELECT c.id FROM case_files c JOIN agencies a ON a.id = c.owner_agency_id WHERE a.key = 'PNP' ORDER BY random() LIMIT 20000",
    )).map((r) => r.id);
    await db.close();
    const url = `http://127.0.0.1:${port}`;
    let n = 0;
    const only = process.env.BENCH_ONLY;
    // BENCH_SKIP_FLAT=1: only the steady runs (a profile of the server below its ceiling).
    const flatOut = process.env.BENCH_SKIP_FLAT !== '1';
    const skipped = (name: string): Figures => ({ name: `${name} (skipped)`, requestsPerSecond: 0, p50: 0, p99: 0, errors: 0, non2xx: 0, cpu: undefined });
    const suffix = audit ? '' : ' (no audit)';
    const reading: autocannon.Options = {
      url,
      headers: { cookie },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/case-files/${ids[n++ % ids.length]}` }) }],
    };
    const creating: autocannon.Options = {
      url,
      requests: [
        {
          method: 'POST',
          path: '/api/case-files',
          headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: nextRegistration() }),
        },
      ],
    };
    const figures: Figures[] = [];
    if (only !== 'create') {
      figures.push(flatOut ? await run(`read case file${suffix}`, server.pid, reading) : skipped(`read case file${suffix}`));
      if (audit) figures.push(await runPaced(`read at ${READ_RATE}/s, steady`, server.pid, url, READ_RATE, () => ({ method: 'GET', path: `/api/case-files/${ids[n++ % ids.length]}`, headers: { cookie } })));
    } else figures.push(skipped('read case file'), skipped(`read at ${READ_RATE}/s, steady`));
    if (only !== 'read') {
      figures.push(flatOut ? await run(`create case file${suffix}`, server.pid, creating) : skipped(`create case file${suffix}`));
      if (audit) {
        figures.push(
          await runPaced(`create at ${CREATE_RATE}/s, steady`, server.pid, url, CREATE_RATE, () => ({
            method: 'POST',
            path: '/api/case-files',
            headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
            body: nextRegistration(),
          })),
        );
      }
    } else figures.push(skipped('create case file'), skipped(`create at ${CREATE_RATE}/s, steady`));
    return figures;
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

async function main() {
  console.log(describeMachine());
  await prepareDatabase();
  const withAudit = await measure(true);
  const withoutAudit = process.env.BENCH_SKIP_NO_AUDIT === '1' ? [] : await measure(false);
  console.log(`\nbench:api — ${targetCases.toLocaleString('en')} case files on PostgreSQL, ${connections} connections, ${seconds} s each, loopback`);
  console.log('route                           req/s    p50 ms   p99 ms   errors  non-2xx   CPU ms/request: server  database  load gen  → 2-core ceiling req/s');
  for (const f of [...withAudit, ...withoutAudit]) {
    const cpu = f.cpu ? `${f.cpu.server.toFixed(3).padStart(23)} ${f.cpu.database.toFixed(3).padStart(9)} ${f.cpu.loadGenerator.toFixed(3).padStart(9)} ${(2000 / (f.cpu.server + f.cpu.database + f.cpu.loadGenerator)).toFixed(0).padStart(12)}` : '';
    console.log(`${f.name.padEnd(31)} ${f.requestsPerSecond.toFixed(0).padStart(7)} ${String(f.p50).padStart(9)} ${String(f.p99).padStart(8)} ${String(f.errors).padStart(8)} ${String(f.non2xx).padStart(8)} ${cpu}`);
  }
  console.log(`machine load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (the CPU columns stay meaningful on a busy machine; req/s do not)`);
  const [read, readPaced, create, createPaced] = withAudit as [Figures, Figures, Figures, Figures];
  console.log(`flat out: autocannon, 50 connections, closed loop; steady: open loop after ${process.env.BENCH_WARM_SECONDS ?? 1} s of warm-up at the same rate (not counted), latency from when each request was due`);
  const clean = withAudit.every((f) => f.errors + f.non2xx === 0);
  // A paced run must also have kept its pace (autocannon sends no faster than asked).
  const floor =
    read.requestsPerSecond >= READ_FLOOR &&
    create.requestsPerSecond >= CREATE_FLOOR &&
    READ_RATE >= READ_FLOOR &&
    CREATE_RATE >= CREATE_FLOOR &&
    readPaced.requestsPerSecond >= 0.97 * READ_RATE &&
    createPaced.requestsPerSecond >= 0.97 * CREATE_RATE &&
    readPaced.p99 <= 50 &&
    createPaced.p99 <= 50 &&
    clean;
  console.log(`floor, with audit (read ≥ ${READ_FLOOR} req/s, create ≥ ${CREATE_FLOOR} req/s flat out; p99 ≤ 50 ms at those rates; no errors): ${floor ? 'met' : 'NOT met'}`);
}

await main();
