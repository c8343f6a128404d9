// A fresh, migrated database per test file, on the engine the runner chose: PGlite in memory
// (cloned from a migrated template, which is much faster than a new instance), or a throwaway
// database on the PostgreSQL server of TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openVault } from '../../src/server/crypto/keys.ts';
import { MasterKey } from '../../src/server/crypto/vault.ts';

/** Every test database gets its own random master key, as a deployment would. */
async function unlock<T extends Database>(db: T, masterKey: Buffer = randomBytes(32)): Promise<T> {
  await openVault(db, { current: new MasterKey(masterKey), previous: [] });
  return db;
}

export const engine = process.env.ENLACE_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

let template: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  const db = await openPglite(undefined);
  await migrate(db);
  const dump = await (db as Database & { pglite: PGlite }).pglite.dumpDataDir('none');
  await db.close();
  return dump;
}

export interface TestDatabase extends Database {
  /** Closes the connection and removes the database. */
  destroy(): Promise<void>;
  url?: string;
}

/** A master key may be given when another process (a CLI run by the test) must open the database too. */
export async function freshDatabase(masterKey?: Buffer): Promise<TestDatabase> {
  if (engine === 'pglite') {
    template ??= pgliteTemplate();
    const db = await unlock(await openPglite(undefined, await template), masterKey);
    return Object.assign(db, { destroy: () => db.close() });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `enlace_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(adminUrl, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 5);
  await migrate(db);
  await unlock(db, masterKey);
  return Object.assign(db, {
    url: url.toString(),
    async destroy() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  });
}
