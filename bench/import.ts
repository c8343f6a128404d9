// npm run bench:import — issue 5's floor: a 100,000-row synthetic agency file (the invented
// police-registry layout, CSV) imported into a PostgreSQL server, every row validated, registered
// as a person and a case file through the action log and projected, record linkage off.
// Floor: ≥ 10,000 rows/s. Prints rows/s, the time of each phase and the peak memory.
//
// BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
// names a server where the database `enlace_bench_import` may be created and dropped.
// BENCH_ROWS (100000) and BENCH_CHUNK (rows per transaction, 5000) change the run.
import { randomBytes } from 'node:crypto';
import { shippedProfile } from '../src/importers/index.ts';
import { openVault } from '../src/server/crypto/keys.ts';
import { MasterKey } from '../src/server/crypto/vault.ts';
import { openPostgres } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { ensureDemoDirectory } from '../src/server/commands/seed.ts';
import { importFile } from '../src/server/imports/engine.ts';
import { policeRegistryCsv } from '../src/synthetic/index.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const chunkSize = Number(process.env.BENCH_CHUNK ?? 5_000);
const NAME = 'enlace_bench_import';

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

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  started = Date.now();
  let firstChunkAt = 0;
  const summary = await importFile(db, actor, {
    fileName: 'reta-pnp-SINTETICO-100k.csv',
    bytes,
    profile,
    linkage: 'off',
    chunkSize,
    onProgress: () => (firstChunkAt ||= Date.now()),
  });
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const [stored] = await db.query<{ cases: number; persons: number; actions: number }>(
    'SELECT (SELECT count(*)::int FROM case_files) AS cases, (SELECT count(*)::int FROM persons) AS persons, (SELECT count(*)::int FROM actions) AS actions',
  );
  console.log(`read ${summary.read}, imported ${summary.imported}, quarantined ${summary.quarantined}; stored: ${stored?.persons} persons, ${stored?.cases} case files, ${stored?.actions} actions`);
  console.log(`import: ${seconds.toFixed(2)} s → ${Math.round(summary.read / seconds).toLocaleString('en')} rows/s (floor 10,000); first chunk committed after ${((firstChunkAt - started) / 1000).toFixed(2)} s`);
  console.log(`peak memory: ${(peakRss / 1024 / 1024).toFixed(0)} MB RSS (sampled every 100 ms; process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`);
  const replay = Date.now();
  const again = await importFile(db, actor, { fileName: 'reta-pnp-SINTETICO-100k.csv', bytes, profile, linkage: 'off', chunkSize });
  console.log(`same file again: ${again.unchanged} unchanged, ${again.imported} imported in ${((Date.now() - replay) / 1000).toFixed(2)} s`);
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.close();
}
