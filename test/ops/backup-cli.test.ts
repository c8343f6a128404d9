// The documented restore drill, through `bin/enlace` as an operator runs it (docs/OPERATIONS.md):
// a key, a backup, the database destroyed, a restore, `audit verify`. Also: a backup of an
// embedded database in use is refused, a restore without the master key is refused, and a
// backup onto a full disk fails clearly and leaves no file.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AuditWriter } from '../../src/server/audit/writer.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../../src/server/commands/seed.ts';
import { openPostgres } from '../../src/server/db/database.ts';
import { openEnlaceDatabase } from '../../src/server/db/open.ts';
import { tableDigests } from '../helpers/digests.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'enlace-backup-cli-'));
const dataDir = join(dir, 'db');
const masterKeyFile = join(dir, 'master.key');
const backupKeyFile = join(dir, 'backup.key');
const env = { ...process.env, ENLACE_DATA_DIR: dataDir, ENLACE_MASTER_KEY_FILE: masterKeyFile, DATABASE_URL: '' };
let digests: Record<string, string>;

function enlace(args: string[], extraEnv: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/enlace', ...args], { cwd: root, env: { ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function seed(config: Parameters<typeof openEnlaceDatabase>[0], extraEnv: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const db = await openEnlaceDatabase(config, { ...env, ...extraEnv }, () => undefined);
  try {
    const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
    await loadSyntheticCases(db, directory, { persons: 30, seed: 11 });
    const writer = new AuditWriter(db);
    for (let i = 0; i < 5; i++) {
      await writer.record({ at: new Date().toISOString(), userId: null, username: 'prueba', agencyId: null, unitId: null, ip: '127.0.0.1', action: 'GET /api/case-files/:id', entityType: 'case_file', entityId: null, fieldGroups: ['G2'], purpose: null, outcome: 'ok' });
    }
    return await tableDigests(db);
  } finally {
    await db.close();
  }
}

before(async () => {
  writeFileSync(masterKeyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  digests = await seed({ engine: 'pglite', dataDir }, {});
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the drill through bin/enlace on the embedded engine: key, backup, destroy, restore, audit verify', async () => {
  const key = await enlace(['backup', '--new-key', backupKeyFile]);
  assert.equal(key.status, 0, key.stderr);
  assert.equal((await enlace(['backup', '--new-key', backupKeyFile])).status, 2, 'an existing key is never overwritten');

  const file = join(dir, 'enlace-1.backup');
  const backup = await enlace(['backup', '--out', file, '--key-file', backupKeyFile]);
  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /backup written and checked/);
  assert.equal((await enlace(['backup', '--out', file, '--key-file', backupKeyFile])).status, 2, 'an existing backup is never overwritten');

  rmSync(dataDir, { recursive: true });
  const noMaster = await enlace(['restore', file, '--key-file', backupKeyFile], { ENLACE_MASTER_KEY_FILE: '' });
  assert.equal(noMaster.status, 2);
  assert.match(noMaster.stderr, /master key is needed/);
  assert.equal(existsSync(dataDir), false, 'a refused restore writes nothing');
  const noKey = await enlace(['restore', file]);
  assert.equal(noKey.status, 2);
  assert.match(noKey.stderr, /no backup key/);

  const restore = await enlace(['restore', file, '--key-file', backupKeyFile]);
  assert.equal(restore.status, 0, restore.stderr);
  assert.match(restore.stdout, /restored and checked.*audit intact/);
  const verify = await enlace(['audit', 'verify']);
  assert.equal(verify.status, 0, verify.stdout);
  const db = await openEnlaceDatabase({ engine: 'pglite', dataDir }, env, () => undefined);
  try {
    assert.deepEqual(await tableDigests(db), digests);
    // While the folder is open here, a backup must not read it half-written.
    const busy = await enlace(['backup', '--out', join(dir, 'busy.backup'), '--key-file', backupKeyFile]);
    assert.equal(busy.status, 2);
    assert.match(busy.stderr, /in use by process/);
  } finally {
    await db.close();
  }
});

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

test('a backup onto a full disk fails clearly and leaves no file', { skip: !canMount && 'needs root to mount a small tmpfs' }, async () => {
  const small = join(dir, 'small');
  mkdirSync(small);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]);
  if (mounted.status !== 0) return; // a container without the right to mount: nothing to show here
  try {
    const full = await enlace(['backup', '--out', join(small, 'enlace.backup'), '--key-file', backupKeyFile]);
    assert.equal(full.status, 1, full.stderr);
    assert.match(full.stderr, /disk full, no backup was written/);
    assert.deepEqual(readdirSync(small), []);
  } finally {
    spawnSync('umount', [small]);
  }
});

test('the drill through bin/enlace on PostgreSQL', { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL not set' }, async () => {
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const names = [`enlace_cli_${randomBytes(4).toString('hex')}`, `enlace_cli_${randomBytes(4).toString('hex')}`];
  const admin = await openPostgres(adminUrl, 1);
  const urlOf = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  try {
    for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
    const master = { ENLACE_MASTER_KEY: randomBytes(32).toString('base64'), ENLACE_MASTER_KEY_FILE: '' };
    const before_ = await seed({ engine: 'postgres', url: urlOf(names[0] as string) }, master);
    const file = join(dir, 'enlace-pg.backup');
    const pgKeyFile = join(dir, 'backup-pg.key');
    writeFileSync(pgKeyFile, randomBytes(32).toString('base64'));
    const backup = await enlace(['backup', '--out', file, '--key-file', pgKeyFile], { ...master, DATABASE_URL: urlOf(names[0] as string) });
    assert.equal(backup.status, 0, backup.stderr);
    await admin.query(`DROP DATABASE ${names[0]} WITH (FORCE)`);
    const restore = await enlace(['restore', file, '--key-file', pgKeyFile], { ...master, DATABASE_URL: urlOf(names[1] as string) });
    assert.equal(restore.status, 0, restore.stderr);
    const db = await openPostgres(urlOf(names[1] as string), 1);
    try {
      assert.deepEqual(await tableDigests(db), before_);
    } finally {
      await db.close();
    }
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
});
