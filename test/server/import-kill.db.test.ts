// Issue 5's kill test: a child process importing a file is killed (SIGKILL) at random points ten
// times; after running it again to the end, the database holds exactly the file's rows, once each,
// each a whole person with her case file, her key and the one action that registered both.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { openVault } from '../../src/server/crypto/keys.ts';
import { MasterKey } from '../../src/server/crypto/vault.ts';
import { openPglite, type Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { policeRegistryCsv } from '../../src/synthetic/index.ts';
import { engine, freshDatabase, type TestDatabase } from '../helpers/db.ts';

// 1,000 rows by default (each run starts a process); ENLACE_KILL_TEST_ROWS=100000 for the full size.
const ROWS = Number(process.env.ENLACE_KILL_TEST_ROWS ?? 1_000);
const CHUNK = Math.max(50, Math.round(ROWS / 30));
const KILLS = 10;
const masterKey = randomBytes(32);
const dir = mkdtempSync(join(tmpdir(), 'enlace-kill-'));
const file = join(dir, 'reta-pnp-SINTETICO.csv');
let env: NodeJS.ProcessEnv;
let pg: TestDatabase | undefined;

/** The database, opened by this process only while no child holds it (PGlite has one owner). */
async function open(): Promise<Database> {
  if (pg) return pg;
  const db = await openPglite(join(dir, 'db'));
  await migrate(db);
  await openVault(db, { current: new MasterKey(masterKey), previous: [] });
  return db;
}
const close = async (db: Database) => (db === pg ? undefined : db.close());

before(async () => {
  writeFileSync(file, policeRegistryCsv({ seed: 99, rows: ROWS }));
  if (engine === 'postgres') pg = await freshDatabase(masterKey);
  const db = await open();
  const agency = await createAgency(db, { key: 'PNP', name: 'Policía (sintética)', orgType: 'POLICIA', entity: 'PNP' });
  const unit = await createUnit(db, { agencyId: agency, name: 'Registro', ubigeo: '150101' });
  await createUser(db, { unitId: unit, username: 'registro', displayName: 'Registro (sintético)', password: 'Sintetico-Prueba-2026', roles: ['PNP_REGISTRO'], mustChangePassword: false });
  await createUser(db, { unitId: unit, username: 'adminpnp', displayName: 'Administración (sintética)', password: 'Sintetico-Prueba-2026', roles: ['ADMIN'], mustChangePassword: false });
  await close(db);
  env = { ...process.env, ENLACE_MASTER_KEY: masterKey.toString('base64'), LOG_LEVEL: 'error', ...(pg?.url ? { DATABASE_URL: pg.url } : { ENLACE_DATA_DIR: join(dir, 'db'), DATABASE_URL: '' }) };
});
after(async () => {
  await pg?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the import; with `killAfterChunks`, kills it (SIGKILL) a random moment after that many committed chunks. */
function runImport(killAfterChunks?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; progress: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/enlace', 'import', file, '--source', 'PNP', '--user', 'registro', '--no-link', '--chunk', String(CHUNK)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let progress = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const lines = d.toString().match(/progress \d+\/\d+/g) ?? [];
    progress += lines.length;
    if (killAfterChunks !== undefined && progress >= killAfterChunks && lines.length > 0) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 60));
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, progress, stdout, stderr })));
}

test(`a ${ROWS}-row import killed ${KILLS} times, then run again, holds every row exactly once`, { timeout: 1_800_000 }, async () => {
  let killed = 0;
  for (let i = 0; i < KILLS; i++) {
    const run = await runImport(1 + Math.floor(Math.random() * 3));
    if (run.signal === 'SIGKILL') killed++;
    else assert.equal(run.code, 0, run.stderr);
  }
  assert.ok(killed >= KILLS / 2, `most runs were killed mid-import (${killed})`);
  const final = await runImport();
  assert.equal(final.code, 0, final.stderr);
  assert.match(final.stdout, new RegExp(`(read|Leídas / read): ${ROWS};`));

  const db = await open();
  try {
    const [counts] = await db.query<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM import_records) AS records,
      (SELECT count(DISTINCT record_key)::int FROM import_records) AS keys,
      (SELECT count(*)::int FROM persons) AS persons,
      (SELECT count(*)::int FROM case_files) AS cases,
      (SELECT count(*)::int FROM person_keys) AS keys_of_persons,
      (SELECT count(*)::int FROM actions WHERE action_type = 'record.imported') AS imported_actions,
      (SELECT count(*)::int FROM actions WHERE action_type <> 'record.imported') AS other_actions,
      (SELECT count(*)::int FROM import_records r
         JOIN persons p ON p.id = r.person_id JOIN case_files c ON c.id = r.case_file_id AND c.person_id = p.id
         JOIN person_keys k ON k.person_id = p.id
         JOIN actions a ON a.entity_type = 'person' AND a.entity_id = p.id AND a.entity_version = 1 AND a.action_type = 'record.imported'
                       AND a.payload->'caseFile'->>'id' = c.id::text AND a.payload->'caseFile'->>'code' = c.code AND a.reason = 'import:' || (a.payload->'import'->>'batchId')) AS whole,
      (SELECT count(*)::int FROM persons p WHERE NOT EXISTS (SELECT 1 FROM import_records r WHERE r.person_id = p.id)) AS orphans,
      (SELECT count(*)::int FROM import_quarantine) AS quarantined,
      (SELECT count(*)::int FROM linkage_queue) AS queued`);
    assert.deepEqual(counts, { records: ROWS, keys: ROWS, persons: ROWS, cases: ROWS, keys_of_persons: ROWS, imported_actions: ROWS, other_actions: 0, whole: ROWS, orphans: 0, quarantined: 0, queued: ROWS });
    const batches = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM import_batches GROUP BY status ORDER BY status');
    assert.deepEqual(batches.find((b) => b.status === 'RUNNING'), undefined, 'every interrupted run was marked so by the next');
    assert.equal(batches.find((b) => b.status === 'COMPLETED')?.n, KILLS - killed + 1);
  } finally {
    await close(db);
  }
});

test('a profile saved for the agency with the CLI is tried and used by its id', async () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/enlace', 'import', ...args], { env, encoding: 'utf8' });
  const profile = join(dir, 'comisaria.json');
  writeFileSync(profile, JSON.stringify({
    id: 'comisaria-ejemplo',
    name: { es: 'Comisaría de ejemplo (SINTÉTICO)', en: 'Example police station (SYNTHETIC)' },
    synthetic: true,
    source: 'PNP-COMISARIA',
    file: { format: 'csv', delimiter: ';' },
    recordId: 'NRO',
    fields: { fullName: 'NOMBRE', sex: 'SEXO', age: 'EDAD', detectionDate: 'FECHA', detectionPlace: { column: 'DPTO', level: 'department', codes: 'NAME' }, exploitationTypes: 'TIPO' },
    codes: { sex: { '1': 'MUJER', '2': 'HOMBRE' }, exploitationTypes: { TL: 'LABORAL' } },
    defaults: { nationality: 'PER', detectionSource: 'DENUNCIA_DE_TERCERO' },
  }));
  const data = join(dir, 'comisaria-SINTETICO.csv');
  writeFileSync(data, 'NRO;NOMBRE;SEXO;EDAD;FECHA;DPTO;TIPO\nC-1;ROJAS PAZ, ANA;1;17;03/05/2026;Cusco;TL\nC-2;LUNA SOTO, EVA;9;30;04/05/2026;Puno;TL\n');

  const refused = cli(['--save-profile', profile, '--source', 'PNP', '--user', 'registro']);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /import\.profiles/);
  const saved = cli(['--save-profile', profile, '--source', 'PNP', '--user', 'adminpnp']);
  assert.equal(saved.status, 0, saved.stderr);
  assert.match(saved.stdout, /comisaria-ejemplo \(PNP\)/);

  const tried = cli([data, '--source', 'PNP', '--profile', 'comisaria-ejemplo', '--test']);
  assert.equal(tried.status, 0, tried.stderr);
  assert.deepEqual((JSON.parse(tried.stdout) as { counts: { mapped: number; quarantined: number } }).counts, { rows: 2, mapped: 1, quarantined: 1, blankRows: 0 });
  const imported = cli([data, '--source', 'PNP', '--profile', 'comisaria-ejemplo', '--user', 'registro', '--no-link', '--quiet']);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /importadas \/ imported: 1; .* en cuarentena \/ quarantined: 1/);
});

