// Forward-only migrations: numbered SQL files, each applied once in its own transaction, the same files
// for PGlite and PostgreSQL. A database newer than this code is refused rather than guessed at.
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
// Any fixed number: serialises concurrent starts of several servers on one database.
const MIGRATION_LOCK = 7_361_204;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file.slice(5, -4), sql: readFileSync(new URL(file, dir), 'utf8') }));
  // Two files with one number: the second would be skipped silently on every database.
  const twice = migrations.find((m, i) => migrations[i - 1]?.version === m.version);
  if (twice) throw new Error(`Dos migraciones con el número ${twice.version} / two migrations numbered ${twice.version}: renumber one`);
  return migrations;
}

export class DatabaseNewerThanCodeError extends Error {
  constructor(readonly databaseVersion: number, readonly codeVersion: number) {
    super(`La base de datos está en la versión ${databaseVersion} y este programa solo conoce hasta la ${codeVersion}: actualice Enlace. / The database is at schema version ${databaseVersion}, newer than this code (${codeVersion}): upgrade Enlace.`);
  }
}

export async function appliedVersion(db: Database): Promise<number> {
  const [exists] = await db.query<{ present: boolean }>("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present");
  if (!exists?.present) return 0;
  const [row] = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return row?.version ?? 0;
}

/** Applies pending migrations; returns the versions applied. */
export async function migrate(db: Database, migrations: Migration[] = loadMigrations()): Promise<number[]> {
  await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  const latest = migrations.at(-1)?.version ?? 0;
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [row] = await tx.query<{ version: number | null; present: boolean }>(
        'SELECT max(version) AS version, bool_or(version = $1) AS present FROM schema_migrations',
        [migration.version],
      );
      const current = row?.version ?? 0;
      if (current > latest) throw new DatabaseNewerThanCodeError(current, latest);
      // By presence, not by the highest number: work developed in parallel may land a lower number
      // after a higher one, and a database that already has the higher must still get the lower.
      if (row?.present) return false;
      await execScript(tx, migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  const current = await appliedVersion(db);
  if (current > latest) throw new DatabaseNewerThanCodeError(current, latest);
  return applied;
}

/** Runs a script of several statements (no parameters) through the extended protocol, one by one. */
async function execScript(tx: { query: Database['query'] }, sql: string): Promise<void> {
  for (const statement of splitStatements(sql)) await tx.query(statement);
}

/** Splits on semicolons outside quotes, comments and dollar-quoted bodies. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (dollar) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      const stop = end === -1 ? sql.length : end + dollar[0].length;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    const ch = sql[i] as string;
    if (ch === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      current += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
    } else current += ch;
    i++;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
