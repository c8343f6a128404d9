// The restore drill, on the engine of this run: back up, destroy, restore, and every record,
// action and audit entry is there, the audit chain verifies and the names open with the master key.
// A backup without its key, with a changed byte, cut short, or restored with the wrong master key
// is refused and leaves the target untouched.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/server/app.ts';
import { verifyAuditLog } from '../../src/server/audit/writer.ts';
import { openVault } from '../../src/server/crypto/keys.ts';
import { MasterKey } from '../../src/server/crypto/vault.ts';
import { openPglite, openPostgres, type Database, type DatabaseConfig } from '../../src/server/db/database.ts';
import { BackupKey } from '../../src/server/ops/backup-format.ts';
import { BackupCheckError, BackupUsageError, restoreBackup, verifyBackupFile, writeBackup, type BackupSource } from '../../src/server/ops/backup.ts';
import { PASSWORD, sampleRegistration, startTestApp, type TestApp } from '../helpers/app.ts';
import { engine } from '../helpers/db.ts';
import { tableDigests } from '../helpers/digests.ts';

const dir = mkdtempSync(join(tmpdir(), 'enlace-backup-'));
const key = new BackupKey(randomBytes(32));
const file = join(dir, 'enlace.backup');
let t: TestApp;
let master: MasterKey;
let before_: Record<string, string>;
let caseId = '';
const targets: { config: DatabaseConfig; drop: () => Promise<void> }[] = [];

/** An empty target of this run's engine. */
async function emptyTarget(): Promise<DatabaseConfig> {
  if (engine === 'pglite') {
    const config: DatabaseConfig = { engine: 'pglite', dataDir: join(dir, `restored-${targets.length}`) };
    targets.push({ config, drop: async () => undefined });
    return config;
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const name = `enlace_restore_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(adminUrl, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config: DatabaseConfig = { engine: 'postgres', url: url.toString() };
  targets.push({
    config,
    drop: async () => {
      const a = await openPostgres(adminUrl, 1);
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  });
  return config;
}

async function openTarget(config: DatabaseConfig): Promise<Database> {
  return config.engine === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url, 2);
}

function source(): BackupSource {
  return engine === 'pglite' ? { engine: 'pglite', db: t.db } : { engine: 'postgres', url: t.db.url as string };
}

before(async () => {
  t = await startTestApp();
  master = (t.db.vault as NonNullable<Database['vault']>).current;
  const police = await t.signIn('policia');
  for (let i = 0; i < 3; i++) {
    const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: `Restaurada ${['Ana', 'Bea', 'Cira'][i]}`, documents: [{ type: 'DNI', number: `4012345${i}` }] } }));
    assert.equal(res.statusCode, 201, res.body);
    caseId ||= (res.json() as { caseFile: { id: string } }).caseFile.id;
  }
  assert.equal((await police.request('GET', `/api/case-files/${caseId}`)).statusCode, 200);
  // The server stops before the copy, so that nothing moves between the digest and the backup.
  await t.app.close();
  before_ = await tableDigests(t.db);
  await writeBackup(source(), file, key);
});

after(async () => {
  await t.db.destroy().catch(() => undefined);
  for (const target of targets) await target.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('restore drill: back up, destroy, restore — every row is back, the audit chain verifies, names open', async () => {
  const manifest = await verifyBackupFile(file, key);
  assert.equal(manifest.engine, engine);
  assert.equal(manifest.tables.case_files, 3);
  assert.ok((manifest.tables.audit_log ?? 0) >= 4, 'the registrations and the read were audited');
  assert.equal(manifest.masterKeyId, master.id);

  await t.db.destroy();
  const target = await emptyTarget();
  const report = await restoreBackup(file, key, target, { current: master, previous: [] });
  assert.equal(report.personKeys, 3);
  assert.equal(report.auditEntries, manifest.tables.audit_log);

  const restored = await openTarget(target);
  try {
    assert.deepEqual(await tableDigests(restored), before_, 'every table holds exactly the rows it held');
    assert.deepEqual((await verifyAuditLog(restored)).problems, []);
    await openVault(restored, { current: master, previous: [] });
    const app = await buildApp(restored, { webRoot: '/nonexistent', linkOnArrival: false });
    try {
      const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'policia', password: PASSWORD } });
      assert.equal(signIn.statusCode, 200, signIn.body);
      const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
      const read = await app.inject({ method: 'GET', url: `/api/case-files/${caseId}`, headers: { cookie } });
      assert.equal(read.statusCode, 200, read.body);
      assert.equal((read.json() as { person: { givenNames: string } }).person.givenNames, 'Restaurada Ana');
    } finally {
      await app.close();
    }
  } finally {
    await restored.close();
  }
});

test('without its key a backup is useless; a changed byte or a cut tail is found', async () => {
  await assert.rejects(verifyBackupFile(file, new BackupKey(randomBytes(32))), (e: Error) => e instanceof BackupUsageError && /backup key does not match/.test(e.message));
  const bytes = readFileSync(file);
  // Nothing readable inside: no table name (a plain pg_dump archive lists them all), no name.
  for (const word of ['case_files', 'audit_log', 'Restaurada', 'schema_migrations']) assert.equal(bytes.includes(Buffer.from(word)), false, word);

  const changed = Buffer.from(bytes);
  const at = Math.floor(changed.length / 2);
  changed[at] = (changed[at] ?? 0) ^ 0x01;
  writeFileSync(join(dir, 'changed.backup'), changed);
  await assert.rejects(verifyBackupFile(join(dir, 'changed.backup'), key), (e: Error) => e instanceof BackupCheckError && /damaged or was altered/.test(e.message));
  // Near the end too: pg_restore --list stops reading after the table of contents, and the check
  // must still read (and so authenticate) the rest of the file.
  const changedLate = Buffer.from(bytes);
  changedLate[changedLate.length - 100] = (changedLate[changedLate.length - 100] ?? 0) ^ 0x01;
  writeFileSync(join(dir, 'changed-late.backup'), changedLate);
  await assert.rejects(verifyBackupFile(join(dir, 'changed-late.backup'), key), (e: Error) => e instanceof BackupCheckError && /damaged or was altered/.test(e.message));

  writeFileSync(join(dir, 'cut.backup'), bytes.subarray(0, bytes.length - 40));
  await assert.rejects(verifyBackupFile(join(dir, 'cut.backup'), key), BackupCheckError);

  writeFileSync(join(dir, 'other.backup'), 'no es una copia\n');
  await assert.rejects(verifyBackupFile(join(dir, 'other.backup'), key), /not an Enlace backup/);
});

test('a restore with the wrong master key, or onto a database that is not empty, is refused and changes nothing', async () => {
  const target = await emptyTarget();
  const wrong = new MasterKey(randomBytes(32));
  await assert.rejects(restoreBackup(file, key, target, { current: wrong, previous: [] }), (e: Error) => e instanceof BackupUsageError && e.message.includes(master.id));
  if (target.engine === 'pglite') assert.equal(existsSync(target.dataDir as string), false);
  const untouched = await openTarget(target);
  try {
    assert.deepEqual(await untouched.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"), []);
    await untouched.query('CREATE TABLE someone_elses (x int)');
  } finally {
    await untouched.close();
  }
  await assert.rejects(restoreBackup(file, key, target, { current: master, previous: [] }), (e: Error) => e instanceof BackupUsageError && /not empty/.test(e.message));
  assert.ok(statSync(file).size > 0);
});
