// npm run bench:soak — load held: mixed traffic (reads, lists, searches, writes, and whatever
// follow-up and dashboard routes the server offers) at a fixed rate, open loop, on loopback,
// against a PostgreSQL-backed server: first a short run, then a long one (30 minutes by default).
// Prints, per minute, requests, errors, p50/p99 and the server's resident memory; at the end the
// long run's p99 against the short run's, the memory trend, and the verdict of issue 9:
// no error, memory flat (growth after warm-up ≤ 10 % or ≤ 64 MB, whichever is larger), p99 within 2× of the short run.
//
// The routes: the fixed core (case files read, listed, searched, registered) plus every GET route
// of /api/openapi.json whose path names follow-ups or dashboards/indicators/statistics — with no
// parameter, or an `:id` taken as a case file id — that answers 2xx to the bench user once before
// the run. New routes of that kind are picked up without touching this script.
//
// The traffic comes from BENCH_USERS signed-in users (240), spread over the four demo agencies, each
// reading and searching her own agency's case files: one user cannot send a service's worth of
// searches (the search limit is per user, 120 a minute). Before the runs, each kind of request is
// sent alone for a few seconds (after the short run, before the long one) and its CPU cost (server,
// database) is measured: the mix's cost per request and the rate two cores could carry are printed.
//
// BENCH_RATE (3500 req/s: the foundation benchmark's floor, 3000 reads + 500 writes),
// BENCH_SECONDS (1800), BENCH_SHORT_SECONDS (60), BENCH_WARM_SECONDS (60, before the short run, not judged), BENCH_CASES (20000), BENCH_MAX_IN_FLIGHT (256),
// BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local server), BENCH_REUSE=1 (keep the
// database of an earlier run), BENCH_DB_NAME (`enlace_soak`), BENCH_PORT (3901), BENCH_WORKERS (2: the server's processes), BENCH_DB_POOL (20 connections a
// process: with the server's default of 4, the searches and lists held the registrations back; at 400 req/s, p50 317 ms and
// 3,107 skipped against 33 ms and none with 20), BENCH_CALIBRATION_SECONDS (4), BENCH_NODE_FLAGS (the server's node flags),
// BENCH_TCP=1 (the server reaches a local PostgreSQL over TCP, not its Unix socket: bench/unix-socket.ts),
// BENCH_WRITES (`registrations`: new persons, the registry grows; `followups`: follow-ups scheduled on
// open case files, the registry keeps its size, so that memory can be judged flat).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { hashPassword } from '../src/server/auth/passwords.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../src/server/commands/seed.ts';
import { openVault } from '../src/server/crypto/keys.ts';
import { MasterKey } from '../src/server/crypto/vault.ts';
import { openPostgres } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { settleAfterLoad, settleReused } from './settle.ts';
import { cpuTicks, overTree, untilEveryProcessReady } from './server-processes.ts';
import { describeMachine } from './machine.ts';
import { slowWindows } from './paced.ts';
import { serverDatabaseUrl } from './unix-socket.ts';
import { generateSyntheticRegistry, toRegistration } from '../src/synthetic/index.ts';
import { todayInPeru } from '../src/domain/dates.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rate = Number(process.env.BENCH_RATE ?? 3500);
const longSeconds = Number(process.env.BENCH_SECONDS ?? 1800);
const shortSeconds = Number(process.env.BENCH_SHORT_SECONDS ?? 60);
const warmSeconds = Number(process.env.BENCH_WARM_SECONDS ?? 60);
const targetCases = Number(process.env.BENCH_CASES ?? 20_000);
const maxInFlight = Number(process.env.BENCH_MAX_IN_FLIGHT ?? 256);
const port = Number(process.env.BENCH_PORT ?? 3901);
/** Server processes (enlace serve --workers): one Node.js process serves requests on one core. */
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const PASSWORD = 'Bench-Sintetico-2026';
const users = Number(process.env.BENCH_USERS ?? 240);
const calibrationSeconds = Number(process.env.BENCH_CALIBRATION_SECONDS ?? 4);
/**
 * The writes: `registrations` (new persons: the registry grows through the run, and each process
 * keeps something per person by design, so memory grows with it) or `followups` (follow-ups
 * scheduled on existing case files: the registry keeps its size, and memory must stay flat).
 */
const writes = process.env.BENCH_WRITES ?? 'registrations';
if (writes !== 'registrations' && writes !== 'followups') throw new Error(`BENCH_WRITES must be registrations or followups: ${writes}`);
const AGENCIES = ['PNP', 'MP', 'MIMP', 'ONG'] as const;
const DB_NAME = process.env.BENCH_DB_NAME ?? 'enlace_soak';
if (!/^[a-z_][a-z0-9_]*$/.test(DB_NAME)) throw new Error(`BENCH_DB_NAME must be a plain lower-case identifier: ${DB_NAME}`);
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${DB_NAME}` }).toString();

const keyFile = new URL('./out/soak.master.key', import.meta.url);
if (!existsSync(keyFile)) {
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
}
const masterKey = readFileSync(keyFile, 'utf8').trim();

async function prepareDatabase(): Promise<void> {
  const admin = await openPostgres(adminUrl, 1);
  const [exists] = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [DB_NAME]);
  if (process.env.BENCH_REUSE === '1' && exists?.n) {
    await admin.close();
    console.log(`database: reusing ${DB_NAME}`);
    const db = await openPostgres(dbUrl, 1);
    await settleReused(db);
    await db.close();
    return;
  }
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.close();
  const db = await openPostgres(dbUrl, 4);
  await migrate(db);
  await openVault(db, { current: new MasterKey(Buffer.from(masterKey, 'base64')), previous: [] });
  const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
  let loaded = 0;
  for (let seed = 1; loaded < targetCases; seed++) loaded += await loadSyntheticCases(db, directory, { persons: Math.ceil((targetCases - loaded) / 2.2), seed, batchSize: 5_000 });
  await db.query('UPDATE users SET password_hash = $1, must_change_password = false', [await hashPassword(PASSWORD)]);
  await settleAfterLoad(db);
  await db.close();
  console.log(`database: ${loaded} synthetic case files`);
}

/**
 * The soak's users: copies of each demo agency's demo user (same unit, roles and second-factor
 * state), `soak.<agency>.<n>`, made once per database.
 */
async function ensureSoakUsers(): Promise<void> {
  const db = await openPostgres(dbUrl, 1);
  try {
    const columns = (
      await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND table_schema = current_schema() AND column_name NOT IN ('id', 'username', 'display_name') ORDER BY ordinal_position")
    ).map((r) => r.column_name);
    const list = columns.join(', ');
    for (let n = 0; n < users; n++) {
      const agency = AGENCIES[n % AGENCIES.length] as string;
      const username = `soak.${agency.toLowerCase()}.${String(Math.floor(n / AGENCIES.length) + 1).padStart(3, '0')}`;
      await db.query(
        `INSERT INTO users (id, username, display_name, ${list}) SELECT gen_random_uuid(), $1, 'Usuario sintético de carga / synthetic soak user', ${list} FROM users WHERE username = $2 ON CONFLICT (username) DO NOTHING`,
        [username, `${agency.toLowerCase()}.demo`],
      );
    }
  } finally {
    await db.close();
  }
}

async function startServer(): Promise<ChildProcess> {
  const databaseUrl = await serverDatabaseUrl(dbUrl);
  console.log(`server → PostgreSQL: ${databaseUrl.includes('?host=') ? 'Unix socket' : 'TCP'}`);
  // BENCH_NODE_FLAGS are given to the server's node (e.g. --cpu-prof --cpu-prof-dir=dir, --trace-gc).
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, 'bin/enlace', 'serve', '--port', String(port), '--workers', String(workers)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, ENLACE_MASTER_KEY: masterKey, ENLACE_DB_POOL: process.env.BENCH_DB_POOL ?? '20', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Ready in every process (the linkage index is built in the background).
  if (await untilEveryProcessReady(port, '/api/health/ready', workers)) return child;
  throw new Error('server did not start');
}

/** Resident memory of the server: its process and, with several, every worker (all that a leak would grow). */
function rssOf(pid: number): number {
  return overTree(pid, (one) => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${one}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      return 0; // gone
    }
  });
}

// fifo: each request takes the socket idle longest, so the requests spread over all of them, as
// those of many clients would (the default, lifo, keeps reusing the few used last). One pair at
// 300 req/s, 2 min: p50 51 ms and 5 skipped with fifo, 66 ms and 741 skipped with lifo. It does
// not even out the two server processes: over 10 s they still used 58 % and 26 % of a core.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'fifo' });

function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')));
    req.end(body);
  });
}

/** One signed-in user and the case files of her agency. */
interface Session {
  username: string;
  cookie: string;
  csrf: string;
  caseIds: string[];
}

interface Kind {
  name: string;
  weight: number;
  make: (session: Session) => { method: string; path: string; body?: string };
  /** Who sends it instead of the user in turn (a follow-up is scheduled by care agencies' users: the police may not). */
  sender?: (inTurn: Session) => Session;
}

async function trafficMix(probe: Session, surnames: string[], sessions: readonly Session[]): Promise<{ kinds: Kind[]; excluded: string[] }> {
  let i = 0;
  const carers = sessions.filter((s) => /^soak\.(mimp|ong)\./.test(s.username));
  let carer = 0;
  const caseId = (session: Session) => session.caseIds[i++ % session.caseIds.length] as string;
  const kinds: Kind[] = [
    { name: 'read case file', weight: 0.5, make: (u) => ({ method: 'GET', path: `/api/case-files/${caseId(u)}` }) },
    { name: 'list case files', weight: 0.08, make: () => ({ method: 'GET', path: `/api/case-files?page=${1 + (i++ % 20)}` }) },
    { name: 'search by name', weight: 0.1, make: () => ({ method: 'GET', path: `/api/case-files?q=${encodeURIComponent(surnames[i++ % surnames.length] as string)}` }) },
    { name: 'case history', weight: 0.04, make: (u) => ({ method: 'GET', path: `/api/case-files/${caseId(u)}/history` }) },
    // 500 of 3500 req/s: the foundation benchmark's write floor.
    writes === 'followups'
      ? { name: 'schedule follow-up', weight: 500 / 3500, make: (u) => ({ method: 'POST', path: `/api/case-files/${caseId(u)}/followups`, body: followUp() }), sender: () => carers[carer++ % carers.length] as Session }
      : { name: 'register case', weight: 500 / 3500, make: () => ({ method: 'POST', path: '/api/case-files', body: registration() }) },
  ];
  // Follow-up and dashboard routes, from the server's own route list.
  const spec = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const candidates = Object.entries(spec.paths)
    .filter(([path, ops]) => 'get' in ops && /follow|seguim|dashboard|indicator|statistic|stats|summary|report|alert/i.test(path))
    .map(([path]) => path.replace(/\{(\w+)\}/g, ':$1'))
    .filter((path) => (path.match(/:\w+/g) ?? []).every((p) => p === ':id'));
  const extra: string[] = [];
  const excluded: string[] = [];
  for (const path of candidates) {
    const res = await request('GET', path.replace(':id', probe.caseIds[0] as string), { cookie: probe.cookie });
    if (res.status >= 200 && res.status < 300) extra.push(path);
    else excluded.push(`${path} (${res.status})`);
  }
  const share = 1 - kinds.reduce((a, k) => a + k.weight, 0);
  for (const path of extra) kinds.push({ name: `GET ${path}`, weight: share / extra.length, make: (u) => ({ method: 'GET', path: path.replace(':id', caseId(u)) }) });
  if (extra.length === 0) (kinds[0] as Kind).weight += share;
  return { kinds, excluded };
}

/** Sends one request of `kind` as `session`. */
function send(kind: Kind, inTurn: Session): Promise<{ status: number; text: string }> {
  const session = kind.sender?.(inTurn) ?? inTurn;
  const { method, path, body } = kind.make(session);
  return request(method, path, method === 'GET' ? { cookie: session.cookie } : { cookie: session.cookie, 'x-csrf-token': session.csrf }, body);
}


/** CPU ticks of each backend of the soak's database now, by process id. */
async function databaseTicks(): Promise<Map<number, number>> {
  const db = await openPostgres(dbUrl, 1);
  try {
    const rows = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [DB_NAME]);
    return new Map(rows.map((r) => [r.pid, cpuTicks(r.pid)]));
  } finally {
    await db.close();
  }
}

/** Ticks spent between two readings: backends that came and went are counted from their start (a pool closes idle connections). */
function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of after) sum += ticks - (before.get(pid) ?? 0);
  return sum;
}

/**
 * What each kind of request costs on its own: sent alone, eight at a time, for a few seconds; the
 * CPU of the server's processes and of the database's backends divided by the requests answered.
 * CPU, unlike requests per second, stays meaningful on a busy machine.
 */
async function calibrate(kinds: Kind[], sessions: Session[], serverPid: number): Promise<Map<string, { server: number; database: number; errors: number }>> {
  const costs = new Map<string, { server: number; database: number; errors: number }>();
  let next = 0;
  for (const kind of kinds) {
    const before = { server: overTree(serverPid, cpuTicks), database: await databaseTicks() };
    const end = performance.now() + calibrationSeconds * 1000;
    let answered = 0;
    let errors = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < end) {
          const res = await send(kind, sessions[next++ % sessions.length] as Session).catch(() => ({ status: 0, text: '' }));
          answered++;
          if (res.status < 200 || res.status >= 300) errors++;
        }
      }),
    );
    const server = overTree(serverPid, cpuTicks) - before.server;
    const database = ticksBetween(before.database, await databaseTicks());
    costs.set(kind.name, { server: (server * 10) / Math.max(1, answered), database: (database * 10) / Math.max(1, answered), errors });
  }
  return costs;
}

// Distinct synthetic persons, as case workers would register them, made as they are sent: a run
// never registers the same record twice (a list of 44,000 sent round and round made every later
// copy link to all the earlier ones, 4 links a registration by the third pass, and the groups and
// the tails grew through the run). A reused database gets persons of a new seed, as in bench:api.
const registrationSource = generateSyntheticRegistry({ seed: process.env.BENCH_REUSE === '1' ? Date.now() % 1_000_000_000 : 20_261_128, persons: Number.MAX_SAFE_INTEGER });
function registration(): string {
  const next = registrationSource.next();
  if (next.done) throw new Error('the synthetic registry ran out');
  return JSON.stringify(toRegistration(next.value));
}

/** A follow-up a month ahead (never in the past, whatever the day the run starts). */
function followUp(): string {
  const due = new Date(`${todayInPeru()}T12:00:00Z`);
  due.setUTCDate(due.getUTCDate() + 30);
  return JSON.stringify({ dueOn: due.toISOString().slice(0, 10), modality: 'TELEFONICA' });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Window {
  minute: number;
  latencies: number[];
  errors: number;
  skipped: number;
  rss: number;
}

interface RunResult {
  seconds: number;
  sent: number;
  errors: number;
  skipped: number;
  p50: number;
  p99: number;
  windows: Window[];
  perKind: Map<string, number[]>;
  examples: string[];
  /** With BENCH_TRACE=1: when each request was due (ms from the start) and its latency. */
  trace: { dueAt: number[]; latencies: number[] };
}

async function run(label: string, seconds: number, kinds: Kind[], sessions: Session[], serverPid: number): Promise<RunResult> {
  const total = kinds.reduce((a, k) => a + k.weight, 0);
  const pick = () => {
    let r = Math.random() * total;
    for (const k of kinds) if ((r -= k.weight) <= 0) return k;
    return kinds[0] as Kind;
  };
  const windows: Window[] = [];
  const perKind = new Map<string, number[]>();
  const examples: string[] = [];
  const trace = { dueAt: [] as number[], latencies: [] as number[] };
  const tracing = process.env.BENCH_TRACE === '1';
  let window: Window = { minute: 0, latencies: [], errors: 0, skipped: 0, rss: rssOf(serverPid) };
  windows.push(window);
  let inFlight = 0;
  let sent = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const pending = new Set<Promise<void>>();
  // Open loop: requests leave on schedule whether or not earlier ones have come back; beyond
  // BENCH_MAX_IN_FLIGHT they are counted as skipped (the server is not keeping up) instead of piling up.
  const tickMs = 10;
  // Requests leave by the clock (the n-th is due n / rate seconds after the start), not by counting
  // ticks: a tick of the event loop takes longer than tickMs, and counting them sent about 8 % too
  // few. Each latency runs from when its request was due, so a late load generator shows too.
  let scheduled = 0;
  let lastPrint = started;
  while (performance.now() < end) {
    const now = performance.now();
    const minute = Math.floor((now - started) / 60_000);
    if (minute !== window.minute) {
      window = { minute, latencies: [], errors: 0, skipped: 0, rss: rssOf(serverPid) };
      windows.push(window);
    }
    for (const dueNow = Math.floor(((now - started) * rate) / 1000); scheduled < dueNow; scheduled++) {
      if (inFlight >= maxInFlight) {
        window.skipped++;
        continue;
      }
      const kind = pick();
      const w = window;
      const dueAt = started + (scheduled * 1000) / rate;
      inFlight++;
      sent++;
      const p = send(kind, sessions[sent % sessions.length] as Session)
        .then(
          (res) => {
            const ms = performance.now() - dueAt;
            w.latencies.push(ms);
            if (tracing) {
              trace.dueAt.push(dueAt - started);
              trace.latencies.push(ms);
            }
            let list = perKind.get(kind.name);
            if (!list) perKind.set(kind.name, (list = []));
            list.push(ms);
            if (res.status < 200 || res.status >= 300) {
              w.errors++;
              if (examples.length < 5) examples.push(`${kind.name}: ${res.status} ${res.text.slice(0, 160)}`);
            }
          },
          (error: Error) => {
            w.errors++;
            if (examples.length < 5) examples.push(`${kind.name}: ${error.message}`);
          },
        )
        .finally(() => {
          inFlight--;
          pending.delete(p);
        });
      pending.add(p);
    }
    if (now - lastPrint >= 60_000) {
      lastPrint = now;
      const prev = windows.at(-2);
      if (prev) printWindow(label, prev);
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(pending);
  const last = windows.at(-1);
  if (last) {
    last.rss = Math.max(last.rss, rssOf(serverPid));
    printWindow(label, last);
  }
  const all = windows.flatMap((x) => x.latencies).sort((a, b) => a - b);
  return {
    seconds,
    sent,
    errors: windows.reduce((a, x) => a + x.errors, 0),
    skipped: windows.reduce((a, x) => a + x.skipped, 0),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    windows,
    perKind,
    examples,
    trace,
  };
}

function printWindow(label: string, w: Window): void {
  const sorted = [...w.latencies].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(6)} min ${String(w.minute + 1).padStart(3)}  ${String(w.latencies.length).padStart(7)} req  ${String(w.errors).padStart(5)} err  ${String(w.skipped).padStart(6)} skipped  p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(7)} ms  rss ${(w.rss / 1048576).toFixed(0).padStart(5)} MB`,
  );
}

async function main() {
  console.log(describeMachine());
  await prepareDatabase();
  await ensureSoakUsers();
  const server = await startServer();
  const pid = server.pid as number;
  try {
    const db = await openPostgres(dbUrl, 1);
    const caseIdsOf = new Map<string, string[]>();
    for (const agency of AGENCIES) {
      // Follow-ups are scheduled on open case files only (domain/followups.ts): with BENCH_WRITES=followups every user's files are open ones.
      const open = writes === 'followups' ? "AND c.state NOT IN ('CERRADO', 'CERRADO_DERIVADO', 'DESCARTADO')" : '';
      caseIdsOf.set(agency, (await db.query<{ id: string }>(`SELECT c.id FROM case_files c JOIN agencies a ON a.id = c.owner_agency_id WHERE a.key = $1 ${open} ORDER BY random() LIMIT 5000`, [agency])).map((r) => r.id));
    }
    const usernames = (await db.query<{ username: string }>("SELECT username FROM users WHERE username LIKE 'soak.%' ORDER BY username LIMIT $1", [users])).map((r) => r.username);
    await db.close();
    const sessions: Session[] = [];
    for (const username of usernames) {
      const signIn = await fetch(`http://127.0.0.1:${port}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      if (!signIn.ok) throw new Error(`sign-in of ${username} failed: ${signIn.status}`);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      const agency = (username.split('.')[1] ?? '').toUpperCase();
      sessions.push({ username, cookie, csrf: csrfToken, caseIds: caseIdsOf.get(agency) ?? [] });
    }
    const surnames = ['quispe', 'mamani', 'flores', 'huaman', 'rojas', 'garcia', 'torres', 'chavez', 'ramos', 'vargas'];
    const { kinds, excluded } = await trafficMix(sessions[0] as Session, surnames, sessions);
    console.log(`\nbench:soak — ${rate} req/s open loop, loopback, PostgreSQL, ${sessions.length} users of ${AGENCIES.length} agencies; warm-up ${warmSeconds} s, short run ${shortSeconds} s, long run ${longSeconds} s`);
    console.log(`writes: ${writes === 'followups' ? 'follow-ups scheduled on open case files (the registry keeps its size)' : 'new persons registered (the registry grows through the run, and memory with it)'}`);
    console.log(`traffic: ${kinds.map((k) => `${k.name} ${(k.weight * 100).toFixed(1)}%`).join(', ')}`);
    if (excluded.length > 0) console.log(`routes found but left out (not 2xx for the bench user): ${excluded.join(', ')}`);

    // A warm-up at the same rate first, not judged: right after starting, the server finishes its
    // linkage index and collects the garbage of building it, and a short run that met that had the
    // worst minute of all (a reference that made "within 2×" mean nothing).
    if (warmSeconds > 0) await run('warm', warmSeconds, kinds, sessions, pid);
    const short = await run('short', shortSeconds, kinds, sessions, pid);
    // After the short run, so that what the server does once after starting (its first
    // statistics, warm caches) is not charged to the first kinds measured.
    const costs = await calibrate(kinds, sessions, pid);
    console.log(`\nCPU per request, each kind sent alone (${calibrationSeconds} s, 8 at a time)   server ms  database ms  share of the mix`);
    let mixServer = 0;
    let mixDatabase = 0;
    const totalWeight = kinds.reduce((a, k) => a + k.weight, 0);
    for (const kind of kinds) {
      const cost = costs.get(kind.name) ?? { server: 0, database: 0, errors: 0 };
      const share = kind.weight / totalWeight;
      mixServer += share * cost.server;
      mixDatabase += share * cost.database;
      const cpuShare = share * (cost.server + cost.database);
      console.log(`${kind.name.padEnd(60)} ${cost.server.toFixed(3).padStart(9)} ${cost.database.toFixed(3).padStart(12)}   ${(100 * share).toFixed(1).padStart(5)} % of requests${cost.errors > 0 ? `  (${cost.errors} not 2xx)` : ''}  cpu ${cpuShare.toFixed(3)}`);
    }
    const perRequest = mixServer + mixDatabase;
    console.log(`the mix: ${mixServer.toFixed(3)} ms server + ${mixDatabase.toFixed(3)} ms database = ${perRequest.toFixed(3)} ms CPU a request → two cores carry at most ${Math.round(2000 / perRequest)} req/s of it (before the load generator), against ${rate} asked`);

    const long = await run('long', longSeconds, kinds, sessions, pid);
    if (process.env.BENCH_TRACE === '1') console.log(`long run: slow windows (due at, slowest): ${slowWindows(long.trace.dueAt, long.trace.latencies, long.p99)}`);

    console.log('\nper route (long run)              count     p50 ms    p99 ms');
    for (const [name, list] of long.perKind) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(`${name.padEnd(32)} ${String(list.length).padStart(7)} ${percentile(sorted, 50).toFixed(1).padStart(10)} ${percentile(sorted, 99).toFixed(1).padStart(9)}`);
    }
    // Memory after warm-up (the long run's second minute, or its first) against its last minute.
    const warm = (long.windows[1] ?? long.windows[0]) as Window;
    const final = long.windows.at(-1) as Window;
    const growth = final.rss - warm.rss;
    const memoryFlat = growth <= Math.max(0.1 * warm.rss, 64 * 1048576);
    const p99Held = long.p99 <= 2 * short.p99;
    console.log(`\n          sent      errors  skipped   p50 ms   p99 ms`);
    for (const [name, r] of [['short', short], ['long', long]] as const) {
      console.log(`${name.padEnd(6)} ${String(r.sent).padStart(9)} ${String(r.errors).padStart(9)} ${String(r.skipped).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)}`);
    }
    console.log(`memory: ${(warm.rss / 1048576).toFixed(0)} MB after warm-up → ${(final.rss / 1048576).toFixed(0)} MB at the end (${growth >= 0 ? '+' : ''}${(growth / 1048576).toFixed(0)} MB)`);
    for (const e of [...short.examples, ...long.examples].slice(0, 5)) console.log(`error example: ${e}`);
    const ok = short.errors + long.errors === 0 && long.skipped === 0 && memoryFlat && p99Held;
    console.log(
      `verdict: errors ${short.errors + long.errors === 0 ? 'none' : short.errors + long.errors}; rate held ${long.skipped === 0 ? 'yes' : `no (${long.skipped} skipped)`}; memory ${memoryFlat ? 'flat' : 'GROWING'}; p99 ${long.p99.toFixed(1)} ms vs short ${short.p99.toFixed(1)} ms ${p99Held ? '(within 2×)' : '(MORE than 2×)'} → ${ok ? 'HELD' : 'NOT held'}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    server.kill('SIGTERM');
    agent.destroy();
  }
}

await main();
