// npm run bench:stats — evidence for decision makers at scale: 1,000,000 synthetic case files in a
// PostgreSQL server, then every dashboard request measured warm (p50/p99 over sequential requests
// on loopback) and the full regional PDF report timed. Targets: p99 ≤ 200 ms, PDF ≤ 5 s.
//
// The routes: the public and restricted tables and every other GET /api/statistics/<indicator>
// route the server lists in its OpenAPI document (new indicators are measured without edits).
//
// Loading: BENCH_BASE (100,000) case files go through the demo's bulk loader (sealed, with their
// actions) and are linked in one batch so that persons count once; the projections are then
// copied in SQL, each copy with new ids (new persons, new linkage groups), up to BENCH_CASES.
// The copies' sealed identity cannot be opened (it is bound to the original ids) and they have
// no actions: statistics read only the open columns of the projections, which is what is measured.
//
// BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
// names a server where the database BENCH_DB_NAME (`enlace_bench_stats`) may be created and dropped.
// BENCH_CASES (1000000), BENCH_REQUESTS (200 per route); BENCH_REUSE=1 keeps the database of an
// earlier run (its schema brought up to date first: the server refuses an older one); BENCH_LINK=0
// skips the batch linkage (each record then counts as a person); BENCH_DROP=1 drops the database
// after measuring.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { openVault } from '../src/server/crypto/keys.ts';
import { MasterKey } from '../src/server/crypto/vault.ts';
import { openPostgres, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../src/server/commands/seed.ts';
import { loadSyntheticCareRecords } from '../src/server/commands/seed-care-records.ts';
import { todayInPeru } from '../src/domain/dates.ts';
import { linkAllPersons } from '../src/server/linkage/batch.ts';
import { copyCareSql, loadCareRecords } from './stats-care.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const targetCases = Number(process.env.BENCH_CASES ?? 1_000_000);
const baseCases = Math.min(targetCases, Number(process.env.BENCH_BASE ?? 100_000));
const DB_NAME = process.env.BENCH_DB_NAME ?? 'enlace_bench_stats';
if (!/^enlace_\w+$/.test(DB_NAME)) throw new Error('BENCH_DB_NAME must start with enlace_ and hold only letters, digits and _');

const keyFile = new URL('./out/bench-stats.master.key', import.meta.url);
if (!existsSync(keyFile)) {
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
}
const masterKey = new MasterKey(Buffer.from(process.env.ENLACE_MASTER_KEY ?? readFileSync(keyFile, 'utf8').trim(), 'base64'));
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${DB_NAME}`;

async function reusable(): Promise<boolean> {
  if (process.env.BENCH_REUSE !== '1') return false;
  const admin = await openPostgres(adminUrl, 1);
  try {
    const [exists] = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (!exists?.n) return false;
  } finally {
    await admin.close();
  }
  const db = await openPostgres(dbUrl.toString(), 1);
  try {
    // A database kept from an earlier run may predate this code's migrations.
    const applied = await migrate(db);
    if (applied.length > 0) console.log(`database: ${DB_NAME} migrated (${applied.join(', ')})`);
    const [cases] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
    const [linked] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person_groups');
    const [referrals] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM referrals');
    const [plans] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM care_plans');
    console.log(`database: ${DB_NAME} holds ${cases?.n} case files, ${linked?.n} linked records, ${referrals?.n} referrals`);
    // A database loaded before the care records were part of the bench is loaded again.
    return (cases?.n ?? 0) >= targetCases && (process.env.BENCH_LINK === '0' || (linked?.n ?? 0) > 0) && (referrals?.n ?? 0) > 0 && (plans?.n ?? 0) > 0;
  } finally {
    await db.close();
  }
}

export async function prepareDatabase(): Promise<void> {
  if (await reusable()) return;
  const admin = await openPostgres(adminUrl, 1);
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.close();
  const db = await openPostgres(dbUrl.toString(), 4);
  try {
    await migrate(db);
    await openVault(db, { current: masterKey, previous: [] });
    const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
    let started = Date.now();
    let loaded = 0;
    let seed = 1;
    while (loaded < baseCases) {
      loaded += await loadSyntheticCases(db, directory, { persons: Math.ceil((baseCases - loaded) / 2.2), seed: seed++, batchSize: 5_000 });
    }
    console.log(`database: ${loaded.toLocaleString('en')} synthetic case files loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    started = Date.now();
    // Plans and proceedings through the demo's loader (indicators B7, B4, C12).
    const plans = await loadSyntheticCareRecords(db, { today: todayInPeru(), seed: 5, batchSize: 5_000 });
    console.log(`care: ${plans.inCare.toLocaleString('en')} case files in care, ${plans.plans.toLocaleString('en')} plans, ${plans.proceedings.toLocaleString('en')} proceedings in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (process.env.BENCH_LINK !== '0') {
      started = Date.now();
      const r = await linkAllPersons(db, { onProgress: (m) => process.stderr.write(`  ${m}\n`) });
      console.log(`linkage: ${r.records.toLocaleString('en')} records → ${r.persons.toLocaleString('en')} persons in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    started = Date.now();
    const care = await loadCareRecords(db);
    console.log(`care records: ${Object.entries(care).map(([table, n]) => `${n.toLocaleString('en')} ${table}`).join(', ')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    started = Date.now();
    const copies = Math.ceil(targetCases / loaded) - 1;
    for (let k = 1; k <= copies; k++) {
      const limit = Math.min(loaded, targetCases - loaded * k);
      // A copy's ids are derived from the original's, so its persons, case files and groups line up.
      const id = (column: string) => `md5('${k}:' || ${column}::text)::uuid`;
      await db.transaction(async (tx) => {
        await tx.query(`CREATE TEMP TABLE copy_cases ON COMMIT DROP AS SELECT * FROM case_files WHERE code NOT LIKE '%/%' ORDER BY id LIMIT ${limit}`);
        await tx.query(
          `INSERT INTO persons (id, owner_agency_id, version, data, sealed, name_tokens, document_index, sex, birth_year, created_at, updated_at)
           SELECT ${id('p.id')}, p.owner_agency_id, p.version, p.data, p.sealed, '{}', '{}', p.sex, p.birth_year, p.created_at, p.updated_at
             FROM persons p WHERE p.id IN (SELECT person_id FROM copy_cases)`,
        );
        await tx.query(
          `INSERT INTO case_files (id, code, person_id, owner_agency_id, registering_unit_id, state, trafficking_status, detection_date, detection_ubigeo, version, data, sealed, created_at, updated_at)
           SELECT ${id('c.id')}, c.code || '/${k}', ${id('c.person_id')}, c.owner_agency_id, c.registering_unit_id, c.state, c.trafficking_status, c.detection_date, c.detection_ubigeo, c.version, c.data, c.sealed, c.created_at, c.updated_at
             FROM copy_cases c`,
        );
        await tx.query(
          `INSERT INTO person_groups (person_id, group_id)
           SELECT ${id('g.person_id')}, ${id('g.group_id')} FROM person_groups g WHERE g.person_id IN (SELECT person_id FROM copy_cases)`,
        );
        for (const sql of copyCareSql(id)) await tx.query(sql);
        // Their plans and proceedings (indicators B7, B4, C12) come along, sealed content as it is.
        await tx.query(
          `INSERT INTO care_plans (id, case_file_id, person_id, owner_agency_id, unit_id, author_user_id, state, plan_version, review_due_on, approved_on, goals, version, sealed, created_at, updated_at)
           SELECT ${id('p.id')}, ${id('p.case_file_id')}, ${id('p.person_id')}, p.owner_agency_id, p.unit_id, p.author_user_id, p.state, p.plan_version, p.review_due_on, p.approved_on, p.goals, p.version, p.sealed, p.created_at, p.updated_at
             FROM care_plans p WHERE p.case_file_id IN (SELECT id FROM copy_cases)`,
        );
        await tx.query(
          `INSERT INTO proceedings (id, case_file_id, person_id, owner_agency_id, stage, stage_on, reparation, civil_party, version, sealed, created_at, updated_at)
           SELECT ${id('p.id')}, ${id('p.case_file_id')}, ${id('p.person_id')}, p.owner_agency_id, p.stage, p.stage_on, p.reparation, p.civil_party, p.version, p.sealed, p.created_at, p.updated_at
             FROM proceedings p WHERE p.case_file_id IN (SELECT id FROM copy_cases)`,
        );
      });
      process.stderr.write(`  copy ${k}/${copies}\n`);
    }
    const [total] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
    console.log(`database: ${total?.n.toLocaleString('en')} case files after ${copies} SQL copies (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    await db.query('ANALYZE');
  } finally {
    await db.close();
  }
}

export { dbUrl, masterKey, type Database };

if (process.argv[2] === 'load') await prepareDatabase();

interface Timing {
  route: string;
  cold: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time of this process (every thread, GC included) per request: what contention on a shared machine does not inflate. */
  cpuP99: number;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

async function measure(): Promise<void> {
  const { buildApp } = await import('../src/server/app.ts');
  const { createUser } = await import('../src/server/commands/directory.ts');
  const requests = Number(process.env.BENCH_REQUESTS ?? 200);
  const db = await openPostgres(dbUrl.toString(), 10);
  const password = 'Bench-Estadistica-2026';
  const [unit] = await db.query<{ id: string }>('SELECT id FROM units ORDER BY name LIMIT 1');
  await db.query("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = 'analista.bench')");
  await db.query("DELETE FROM users WHERE username = 'analista.bench'");
  await createUser(db, { unitId: unit?.id ?? '', username: 'analista.bench', displayName: 'Analista (benchmark)', password, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  // Warm means every release already protected: the cold requests protect what they need, and
  // no precomputation runs in the protection thread while the warm requests are measured.
  process.env.ENLACE_STATISTICS_PRECOMPUTE ??= '0';
  const app = await buildApp(db, { linkOnArrival: false, logLevel: 'error', webRoot: '/nonexistent' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const login = await fetch(`${address}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'analista.bench', password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    let started = Date.now();
    const catalogue = (await (await fetch(`${address}/api/public/indicators`)).json()) as { years: string[] };
    const snapshotMs = Date.now() - started;
    const year = catalogue.years[catalogue.years.length - 2] ?? '';
    const [persons] = await db.query<{ n: number }>('SELECT count(DISTINCT coalesce(g.group_id, c.person_id))::int AS n FROM case_files c LEFT JOIN person_groups g ON g.person_id = c.person_id');
    console.log(`\nbench:stats — ${(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files'))[0]?.n.toLocaleString('en')} case files, ${persons?.n.toLocaleString('en')} persons (linkage groups), PostgreSQL, loopback, ${requests} sequential requests per route`);
    console.log(`snapshot of the persons read in ${snapshotMs} ms (first request; then refreshed in the background when data change)`);
    const routes: [string, string, boolean][] = [
      ['catalogue', '/api/public/indicators', false],
      ['public by department', `/api/public/statistics?year=${year}&view=detectionDept`, false],
      ['public by sex, children', `/api/public/statistics?year=${year}&view=sex&childAdult=NNA`, false],
      ['public by exploitation', `/api/public/statistics?year=${year}&view=exploitation`, false],
      ['public by nationality', `/api/public/statistics?year=${year}&view=nationality`, false],
      ['public by age band', `/api/public/statistics?year=${year}&view=ageBand`, false],
      ['public by gender identity', `/api/public/statistics?year=${year}&view=gender`, false],
      ['public flows (map)', `/api/public/statistics?year=${year}&view=flows`, false],
      ['public trend (all years)', '/api/public/statistics/trend', false],
      ['public CSV', `/api/public/statistics.csv?year=${year}&view=detectionDept`, false],
      ['restricted table', `/api/statistics?year=${year}&view=detectionDept`, true],
      ['restricted agencies/overlap', `/api/statistics/agencies?year=${year}`, true],
    ];
    // Every other restricted indicator route the server offers (GET /api/statistics/<name>, no
    // file download): new indicators are measured without touching this list.
    const spec = (await (await fetch(`${address}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] } | undefined>> };
    for (const path of Object.keys(spec.paths).sort()) {
      const name = /^\/api\/statistics\/([a-z-]+)$/.exec(path)?.[1];
      const get = spec.paths[path]?.get;
      if (!name || !get || routes.some(([, measured]) => measured.startsWith(`${path}?`))) continue;
      // The year where the route takes one (a trend spans them all).
      const takesYear = get.parameters?.some((p) => p.in === 'query' && p.name === 'year') ?? false;
      routes.push([`restricted ${name}`, takesYear ? `${path}?year=${year}` : path, true]);
    }
    const timings: Timing[] = [];
    for (const [name, path, signedIn] of routes) {
      const cpu: number[] = [];
      const get = async () => {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const res = await fetch(`${address}${path}`, { headers: signedIn ? { cookie } : {} });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        const c1 = process.cpuUsage(c0);
        cpu.push((c1.user + c1.system) / 1000);
        return performance.now() - t0;
      };
      const cold = await get();
      cpu.length = 0;
      const samples: number[] = [];
      for (let i = 0; i < requests; i++) samples.push(await get());
      samples.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      timings.push({ route: name, cold, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: samples[samples.length - 1] ?? NaN, cpuP99: quantile(cpu, 0.99) });
    }
    started = Date.now();
    const pdf = await fetch(`${address}/api/public/reports/region/15.pdf?year=${year}`);
    const pdfBytes = (await pdf.arrayBuffer()).byteLength;
    const pdfMs = Date.now() - started;
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end (a shared machine inflates wall-clock p99; CPU ms is this process's own work)`);
    console.log('route                              first ms   p50 ms   p99 ms   max ms   CPU p99 ms');
    for (const t of timings) console.log(`${t.route.padEnd(33)} ${t.cold.toFixed(0).padStart(9)} ${t.p50.toFixed(1).padStart(8)} ${t.p99.toFixed(1).padStart(8)} ${t.max.toFixed(1).padStart(8)} ${t.cpuP99.toFixed(1).padStart(12)}`);
    console.log(pdf.ok ? `regional PDF (Lima, ${year}): ${pdfMs} ms, ${pdfBytes.toLocaleString('en')} bytes` : `regional PDF: not available (${pdf.status})`);
    const worst = Math.max(...timings.map((t) => t.p99));
    console.log(`target p99 ≤ 200 ms warm: ${worst <= 200 ? 'met' : 'NOT met'} (worst p99 ${worst.toFixed(1)} ms); PDF ≤ 5 s: ${pdf.ok && pdfMs <= 5000 ? 'met' : 'NOT met'}`);
  } finally {
    await app.close();
    await db.close();
  }
}

async function dropDatabase(): Promise<void> {
  const admin = await openPostgres(adminUrl, 1);
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.close();
  console.log(`database: ${DB_NAME} dropped`);
}

if (process.argv[2] === 'drop') await dropDatabase();
else if (process.argv[2] !== 'load') {
  await prepareDatabase();
  await measure();
  if (process.env.BENCH_DROP === '1') await dropDatabase();
}
