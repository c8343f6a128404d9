// Opening Enlace's database for the server and the CLI: the engine from the environment, the
// migrations applied, and the identity vault unlocked with the master key.
import { basename, dirname, join } from 'node:path';
import { openVault } from '../crypto/keys.ts';
import { masterKeyFromEnv } from '../crypto/vault.ts';
import { configFromEnv, openDatabase, type Database, type DatabaseConfig } from './database.ts';
import { migrate } from './migrate.ts';

/** Where the embedded engine keeps its master key when none is configured: beside its data folder. */
export function defaultKeyFile(config: DatabaseConfig): string | undefined {
  return config.engine === 'pglite' && config.dataDir ? join(dirname(config.dataDir), `${basename(config.dataDir)}.master.key`) : undefined;
}

export async function openEnlaceDatabase(
  config: DatabaseConfig = configFromEnv(),
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<Database> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    await openVault(db, masterKeyFromEnv(env, defaultKeyFile(config), warn));
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
