// Migrations: from every earlier schema version, with data in it, to the current one; a failing
// migration leaves nothing behind (it runs in one transaction); and a start on a database newer
// than the code is refused before anything is touched.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { verifyAuditLog, AuditWriter } from '../../src/server/audit/writer.ts';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.ts';
import { appliedVersion, DatabaseNewerThanCodeError, loadMigrations, migrate } from '../../src/server/db/migrate.ts';
import { openEnlaceDatabase } from '../../src/server/db/open.ts';
import { engine } from '../helpers/db.ts';

/** An empty database of this run's engine, dropped by the returned function. */
async function emptyDatabase(): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined);
    return { db, drop: () => db.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const name = `enlace_mig_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(adminUrl, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const db = await openPostgres(url, 2);
  return {
    db,
    url,
    drop: async () => {
      await db.close().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

const all = loadMigrations();

test('migration numbers are unique and in order (two branches taking the same number would skip one)', () => {
  const versions = all.map((m) => m.version);
  assert.deepEqual(versions, [...new Set(versions)].sort((a, b) => a - b));
});

test('from every earlier schema version, with data, to the current one', async () => {
  // Version 0 is a new installation; 1 … n-1 are the schemas earlier code left behind.
  for (let version = 0; version < all.length; version++) {
    const { db, drop } = await emptyDatabase();
    try {
      await migrate(db, all.slice(0, version));
      assert.equal(await appliedVersion(db), all[version - 1]?.version ?? 0);
      let userId: string | undefined;
      if (version >= 1) {
        // The directory exists since the first migration; written with that version's SQL, as
        // code of that time would have: an agency, a unit and a user in it.
        const [agency, unit, user] = [randomUUID(), randomUUID(), randomUUID()];
        await db.query("INSERT INTO agencies (id, key, name, org_type, entity) VALUES ($1, 'PNP', 'Policía (sintética)', 'POLICIA', 'PNP')", [agency]);
        await db.query("INSERT INTO units (id, agency_id, name, ubigeo) VALUES ($1, $2, 'Unidad antigua', '150101')", [unit, agency]);
        await db.query("INSERT INTO users (id, unit_id, username, display_name, password_hash, roles) VALUES ($1, $2, 'antigua', 'Usuaria de antes', 'x', '{PNP_INVESTIGADOR}')", [user, unit]);
        userId = user;
      }
      const applied = await migrate(db);
      assert.deepEqual(applied, all.slice(version).map((m) => m.version), `from version ${version}`);
      assert.equal(await appliedVersion(db), all.at(-1)?.version);
      if (userId) {
        const [user] = await db.query<{ username: string; unit: string }>('SELECT u.username, n.name AS unit FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1', [userId]);
        assert.deepEqual(user, { username: 'antigua', unit: 'Unidad antigua' }, `data written at version ${version} survives`);
      }
      // And the upgraded database works: an audit entry is chained and verifies.
      const writer = new AuditWriter(db);
      await writer.record({ at: new Date().toISOString(), userId: userId ?? null, username: 'antigua', agencyId: null, unitId: null, ip: '127.0.0.1', action: 'LIST', entityType: 'case_file', entityId: null, fieldGroups: ['G2'], purpose: null, outcome: 'ok' });
      assert.deepEqual((await verifyAuditLog(db)).problems, []);
    } finally {
      await drop();
    }
  }
});

test('a failing migration leaves nothing behind, and the next start tries it again', async () => {
  const { db, drop } = await emptyDatabase();
  try {
    const broken = { version: 9001, name: 'broken', sql: 'CREATE TABLE half_done (x int); INSERT INTO half_done VALUES (1); SELECT no_such_function();' };
    await assert.rejects(migrate(db, [...all, broken]), /no_such_function/);
    assert.equal(await appliedVersion(db), all.at(-1)?.version, 'the good migrations before it are kept');
    const [table] = await db.query<{ present: boolean }>("SELECT to_regclass('public.half_done') IS NOT NULL AS present");
    assert.equal(table?.present, false, 'nothing of the failed migration is there');
    const fixed = { ...broken, sql: 'CREATE TABLE half_done (x int)' };
    assert.deepEqual(await migrate(db, [...all, fixed]), [9001]);
  } finally {
    await drop();
  }
});

test('a migration numbered below one already applied (landed later from parallel work) is still applied, once', async () => {
  const { db, drop } = await emptyDatabase();
  try {
    const later = { version: 9003, name: 'later', sql: 'CREATE TABLE landed_first (x int)' };
    assert.deepEqual(await migrate(db, [...all, later]), [...all.map((m) => m.version), 9003]);
    const earlier = { version: 9002, name: 'earlier', sql: 'CREATE TABLE landed_second (x int)' };
    assert.deepEqual(await migrate(db, [...all, earlier, later]), [9002]);
    const [table] = await db.query<{ present: boolean }>("SELECT to_regclass('public.landed_second') IS NOT NULL AS present");
    assert.equal(table?.present, true);
    assert.deepEqual(await migrate(db, [...all, earlier, later]), [], 'nothing is applied twice');
  } finally {
    await drop();
  }
});

test('a database newer than the code is refused at start, and left as it was', async () => {
  const { db, url, drop } = await emptyDatabase();
  try {
    await migrate(db);
    await db.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_a_newer_release')");
    await assert.rejects(migrate(db), DatabaseNewerThanCodeError);
    if (engine === 'postgres') {
      // The server's own opening path (what `enlace serve` runs) refuses too.
      await assert.rejects(openEnlaceDatabase({ engine: 'postgres', url: url as string }, { ENLACE_MASTER_KEY: randomBytes(32).toString('base64') }, () => undefined), /newer than this code/);
    }
    assert.equal(await appliedVersion(db), 9999);
  } finally {
    await drop();
  }
});
