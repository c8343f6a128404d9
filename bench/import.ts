// npm run bench:import — issue 5's floor: a 100,000-row synthetic agency file (the invented
// police-registry layout, CSV) imported into a PostgreSQL server, every row validated, registered
// as a person and a case file through the action log and projected, record linkage off.
// Floor: ≥ 10,000 rows/s. Prints rows/s, the time of each phase and the peak memory.
//
// BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
// names a server where the database `enlace_bench_import` may be created and dropped.
// BENCH_ROWS (100000) and BENCH_CHUNK (rows per transaction, 5000) change the run; BENCH_THREAD=1
// prepares the rows in a thread of their own (ImportRequest.thread) while the chunk before is stored;
// BENCH_THREADS=n has n threads prepare chunks in turn with the main thread (ImportRequest.threads).
// BENCH_PROFILE_DIR=dir writes this process's CPU profile there (node --cpu-prof), import only.
// Where the time went: the awaited time of each kind of statement and its server process's CPU,
// the CPU time (in all and per row) of this process and of the PostgreSQL server's processes
// (when the server runs on this machine), the WAL written and the checkpoints meanwhile.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { shippedProfile } from '../src/importers/index.ts';
import { openVault } from '../src/server/crypto/keys.ts';
import { MasterKey } from '../src/server/crypto/vault.ts';
import { openPostgres, type Database, type Queryable } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { ensureDemoDirectory } from '../src/server/commands/seed.ts';
import { importFile } from '../src/server/imports/engine.ts';
import { policeRegistryCsv } from '../src/synthetic/index.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const chunkSize = Number(process.env.BENCH_CHUNK ?? 5_000);
// BENCH_DB_NAME names the database instead, so that two runs on one server do not collide.
const NAME = process.env.BENCH_DB_NAME ?? 'enlace_bench_import';
if (!/^[a-z_][a-z0-9_]*$/.test(NAME)) throw new Error(`BENCH_DB_NAME: not a plain identifier: ${NAME}`);

// Where the database time went: each statement's awaited time, by its first words, and the CPU
// its server process spent on it (when the server runs on this machine: /proc of its backend).
const statements = new Map<string, { ms: number; n: number; serverCpu: number }>();
function processCpu(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN; // not on this machine, or gone meanwhile
  }
}
function timedQuery(q: Queryable, backend?: number): Queryable {
  const note = (key: string, t0: number, cpu0: number) => {
    const entry = statements.get(key) ?? { ms: 0, n: 0, serverCpu: 0 };
    entry.ms += performance.now() - t0;
    entry.serverCpu += processCpu(backend) - cpu0;
    entry.n++;
    statements.set(key, entry);
  };
  const copyRows = q.copyRows;
  return {
    ...q,
    ...(copyRows
      ? {
          async copyRows(table, rows) {
            const t0 = performance.now();
            const cpu0 = processCpu(backend);
            try {
              await copyRows(table, rows);
            } finally {
              note(`COPY ${table}`, t0, cpu0);
            }
          },
        }
      : {}),
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      const t0 = performance.now();
      const cpu0 = processCpu(backend);
      try {
        return await q.query<Row>(sql, params);
      } finally {
        note(sql.replace(/\s+/g, ' ').trim().slice(0, 70), t0, cpu0);
      }
    },
  };
}
/** The server's WAL position, the WAL written since `from`, and its checkpoints so far (PostgreSQL 15/16 count them in pg_stat_bgwriter, 17 in pg_stat_checkpointer). */
async function walState(q: Queryable, from?: string): Promise<{ lsn: string; bytes: number; checkpoints: number }> {
  const [wal] = await q.query<{ lsn: string; bytes: number }>('SELECT pg_current_wal_lsn()::text AS lsn, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn), 0)::float8 AS bytes', [from ?? null]);
  const checkpoints = await q
    .query<{ n: number }>('SELECT (checkpoints_req + checkpoints_timed)::int AS n FROM pg_stat_bgwriter')
    .catch(() => q.query<{ n: number }>('SELECT (num_requested + num_timed)::int AS n FROM pg_stat_checkpointer'))
    .then((rows) => rows[0]?.n ?? 0);
  return { lsn: wal?.lsn ?? '0/0', bytes: wal?.bytes ?? 0, checkpoints };
}

/** CPU seconds used so far by each server process of this database, when the server runs on this machine. */
async function backendCpu(q: Queryable, database?: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const { pid } of await q.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = coalesce($1, current_database())', [database ?? null])) {
    const cpu = processCpu(pid);
    if (!Number.isNaN(cpu)) out.set(pid, cpu);
  }
  return out;
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return session;
}

async function stopProfile(session: Session): Promise<void> {
  const { profile } = await new Promise<{ profile: object }>((resolve, reject) => session.post('Profiler.stop', (error, result) => (error ? reject(error) : resolve(result))));
  const dir = process.env.BENCH_PROFILE_DIR as string;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `import-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`CPU profile of the import: ${file}`);
}

function timed(database: Database): Database {
  return {
    ...database,
    ...timedQuery(database),
    transaction: (work) =>
      database.transaction(async (tx) => {
        const [backend] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        return work(timedQuery(tx, backend?.pid));
      }),
  } as Database;
}

const admin = await openPostgres(adminUrl, 1);
await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${NAME}`);
const url = new URL(adminUrl);
url.pathname = `/${NAME}`;
const db = await openPostgres(url.toString(), 4);
try {
  await migrate(db);
  await openVault(db, { current: new MasterKey(randomBytes(32)), previous: [] });
  const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
  const pnp = directory.agencies.get('PNP');
  const unitId = pnp ? [...pnp.units.values()][0] : undefined;
  if (!pnp || !unitId) throw new Error('demo directory without PNP');
  const actor = { userId: pnp.userId, unitId, agencyId: pnp.id, agencyKey: 'PNP', roles: ['PNP_REGISTRO'], username: pnp.username };
  const profile = shippedProfile('reta-pnp-sintetico');
  if (!profile) throw new Error('profile reta-pnp-sintetico missing');

  let started = Date.now();
  const bytes = Buffer.from(policeRegistryCsv({ seed: 2026, rows }));
  console.log(`file: ${rows.toLocaleString('en')} synthetic rows, ${(bytes.length / 1e6).toFixed(1)} MB (generated in ${((Date.now() - started) / 1000).toFixed(1)} s, not measured)`);

  const session = process.env.BENCH_PROFILE_DIR ? await startProfile() : undefined;
  const serverCpu0 = await backendCpu(db);
  // Connections of the pool come and go during the import (an idle one closes after 10 s): their
  // processes are looked for every second and their CPU read every 100 ms, so that what a closed
  // one used is counted up to its last reading. One that appears meanwhile started with the run.
  const serverLast = new Map(serverCpu0);
  const serverLookup = setInterval(() => {
    void backendCpu(admin, NAME).catch(() => new Map<number, number>()).then((seen) => {
      for (const [pid, cpu] of seen) if (!serverLast.has(pid) && !serverCpu0.has(pid)) serverLast.set(pid, cpu);
    });
  }, 1_000);
  const serverSampler = setInterval(() => {
    for (const pid of serverLast.keys()) {
      const cpu = processCpu(pid);
      if (!Number.isNaN(cpu)) serverLast.set(pid, cpu);
    }
  }, 100);
  const cpu0 = process.cpuUsage();
  const wal0 = await walState(db);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  started = Date.now();
  let firstChunkAt = 0;
  const summary = await importFile(timed(db), actor, {
    fileName: 'reta-pnp-SINTETICO-100k.csv',
    bytes,
    profile,
    linkage: 'off',
    chunkSize,
    ...(process.env.BENCH_THREAD === '1' ? { thread: true } : {}),
    ...(process.env.BENCH_THREADS ? { threads: Number(process.env.BENCH_THREADS) } : {}),
    onProgress: () => (firstChunkAt ||= Date.now()),
  });
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpu = process.cpuUsage(cpu0);
  clearInterval(serverLookup);
  clearInterval(serverSampler);
  for (const [pid, cpu] of await backendCpu(db)) serverLast.set(pid, cpu);
  const serverCpu = serverLast.size === 0 ? Number.NaN : [...serverLast].reduce((sum, [pid, s]) => sum + s - (serverCpu0.get(pid) ?? 0), 0);
  const wal1 = await walState(db, wal0.lsn);
  if (session) await stopProfile(session);

  const [stored] = await db.query<{ cases: number; persons: number; actions: number }>(
    'SELECT (SELECT count(*)::int FROM case_files) AS cases, (SELECT count(*)::int FROM persons) AS persons, (SELECT count(*)::int FROM actions) AS actions',
  );
  console.log(`read ${summary.read}, imported ${summary.imported}, quarantined ${summary.quarantined}; stored: ${stored?.persons} persons, ${stored?.cases} case files, ${stored?.actions} actions`);
  console.log(`import: ${seconds.toFixed(2)} s → ${Math.round(summary.read / seconds).toLocaleString('en')} rows/s (floor 10,000); first chunk committed after ${((firstChunkAt - started) / 1000).toFixed(2)} s`);
  console.log(
    `CPU: this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${Math.round((100 * (cpu.user + cpu.system)) / 1e6 / seconds)} % of one core), ` +
      `the server's processes for this database ${Number.isNaN(serverCpu) ? 'not measured (server not local)' : `${serverCpu.toFixed(1)} s`}; ` +
      `WAL ${(wal1.bytes / 1e6).toFixed(0)} MB, checkpoints ${wal1.checkpoints - wal0.checkpoints} (whole server)`,
  );
  // CPU per row means something even on a loaded machine, where rows/s does not: the floor of
  // 10,000 rows/s on 2 cores allows ~0.2 ms of CPU per row, this process and the server together.
  const perRow = (s: number) => (Number.isNaN(s) ? '?' : `${((1000 * s) / summary.read).toFixed(3)} ms`);
  console.log(`CPU per row: this process ${perRow((cpu.user + cpu.system) / 1e6)}, the server ${perRow(serverCpu)} (the floor allows ~0.2 ms in all on 2 cores)`);
  console.log(`peak memory: ${(peakRss / 1024 / 1024).toFixed(0)} MB RSS (sampled every 100 ms; process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`);
  const total = [...statements.values()].reduce((a, b) => a + b.ms, 0);
  console.log(`database statements: ${(total / 1000).toFixed(2)} s awaited in all`);
  console.log('  awaited   server CPU  calls  statement');
  for (const [sql, t] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    console.log(`  ${(t.ms / 1000).toFixed(2).padStart(7)} s ${Number.isNaN(t.serverCpu) ? '       ?' : `${t.serverCpu.toFixed(2).padStart(7)} s`} ${String(t.n).padStart(5)}× ${sql}`);
  }
  const replay = Date.now();
  const again = await importFile(db, actor, { fileName: 'reta-pnp-SINTETICO-100k.csv', bytes, profile, linkage: 'off', chunkSize });
  console.log(`same file again: ${again.unchanged} unchanged, ${again.imported} imported in ${((Date.now() - replay) / 1000).toFixed(2)} s`);
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.close();
}
