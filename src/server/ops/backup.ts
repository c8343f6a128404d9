// Backup and restore of Enlace's database, for both engines: PostgreSQL through its own tools
// (pg_dump / pg_restore, custom format, from one consistent snapshot), PGlite through its data
// folder dump. Either way the result is sealed with the operator's backup key (backup-format.ts),
// read back and checked after writing, and a restore is checked end to end before it counts:
// every table's rows, the audit chains and their heads, and every person's data key unwrapped
// with the master key.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { verifyAuditLog } from '../audit/writer.ts';
import { openVault } from '../crypto/keys.ts';
import type { MasterKey } from '../crypto/vault.ts';
import { openPglite, openPostgres, type Database, type DatabaseConfig } from '../db/database.ts';
import { appliedVersion, migrate } from '../db/migrate.ts';
import { BackupFormatError, openBackup, sealBackup, type BackupKey } from './backup-format.ts';

export interface BackupManifest {
  app: 'enlace';
  createdAt: string;
  engine: 'pglite' | 'postgres';
  schemaVersion: number;
  /** Which master key the data keys inside are wrapped with (its public id, not the key). */
  masterKeyId: string | null;
  /** Rows per table at the moment of the backup. */
  tables: Record<string, number>;
  /** The audit chains' heads: a restore must reach each of them exactly. */
  auditHeads: { chain: string; seq: number; hash: string }[];
}

/** A failure the operator can act on (wrong key, engine, target not empty…): exit code 2. */
export class BackupUsageError extends Error {}
/** The backup or the restored database did not check out: exit code 1. */
export class BackupCheckError extends Error {}

type Querier = Pick<Database, 'query'>;

/** What a backup must contain, read in the caller's snapshot. */
export async function inventory(q: Querier): Promise<Pick<BackupManifest, 'schemaVersion' | 'masterKeyId' | 'tables' | 'auditHeads'>> {
  const tables: Record<string, number> = {};
  for (const { name } of await q.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
    const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name.replaceAll('"', '""')}"`);
    tables[name] = row?.n ?? 0;
  }
  const [version] = tables.schema_migrations !== undefined ? await q.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations') : [];
  const [key] = tables.vault_keys !== undefined ? await q.query<{ id: string }>("SELECT master_key_id AS id FROM vault_keys WHERE name = 'index'") : [];
  const heads = tables.audit_chains !== undefined ? await q.query<{ chain: string; seq: number; hash: string }>('SELECT chain, head_seq::int AS seq, head_hash AS hash FROM audit_chains ORDER BY chain') : [];
  return { schemaVersion: version?.v ?? 0, masterKeyId: key?.id ?? null, tables, auditHeads: heads };
}

export type BackupSource = { engine: 'pglite'; db: Database } | { engine: 'postgres'; url: string };

/** Writes an encrypted backup to `out` (through a temporary file: a failed backup leaves no file), then checks it. */
export async function writeBackup(source: BackupSource, out: string, key: BackupKey): Promise<{ manifest: BackupManifest; bytes: number }> {
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  let finish: (() => Promise<void>) | undefined;
  let abort: (() => void) | undefined;
  try {
    let manifest: BackupManifest;
    let payload: AsyncIterable<Uint8Array>;
    if (source.engine === 'pglite') {
      const pglite = pgliteOf(source.db);
      await pglite.query('CHECKPOINT');
      manifest = { app: 'enlace', createdAt: new Date().toISOString(), engine: 'pglite', ...(await inventory(source.db)) };
      payload = Readable.fromWeb((await pglite.dumpDataDir('gzip')).stream() as import('node:stream/web').ReadableStream<Uint8Array>);
    } else {
      const dump = await startPgDump(source.url);
      finish = dump.finish;
      abort = dump.abort;
      manifest = { app: 'enlace', createdAt: new Date().toISOString(), engine: 'postgres', ...dump.inventory };
      payload = dump.stdout;
    }
    const file = createWriteStream(partial, { mode: 0o600 });
    const written = Readable.from(sealBackup(key, manifest, payload)).pipe(file);
    await Promise.all([once(written, 'finish'), finish?.()]);
    await fsyncPath(partial);
    await verifyBackupFile(partial, key);
    renameSync(partial, out);
    await fsyncPath(dirname(out));
    return { manifest, bytes: statSync(out).size };
  } catch (error) {
    abort?.();
    rmSync(partial, { force: true });
    throw error;
  }
}

function pgliteOf(db: Database): PGlite {
  const pglite = (db as Database & { pglite?: PGlite }).pglite;
  if (!pglite) throw new BackupUsageError('not an embedded database');
  return pglite;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await openFile(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Starts pg_dump on a snapshot exported by a transaction of our own, and takes the inventory in
 * that same snapshot: the counts in the manifest are exactly the rows in the dump, whatever is
 * written meanwhile.
 */
async function startPgDump(url: string): Promise<{ inventory: Awaited<ReturnType<typeof inventory>>; stdout: Readable; finish: () => Promise<void>; abort: () => void }> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = ((await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0] as { id: string }).id;
    const counted = await inventory({ query: async <Row,>(sql: string) => (await client.query(sql)).rows as Row[] });
    const child = spawn('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--dbname=${url}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const errors = collect(child);
    const finish = async () => {
      try {
        const [code] = (await once(child, 'close')) as [number | null];
        if (code !== 0) throw new BackupCheckError(`pg_dump falló / failed (${String(code)}): ${(await errors).trim()}`);
      } finally {
        await client.query('COMMIT').catch(() => undefined);
        await client.end();
      }
    };
    child.on('error', () => undefined);
    return { inventory: counted, stdout: child.stdout as Readable, finish, abort: () => child.kill('SIGKILL') };
  } catch (error) {
    await client.end();
    throw error;
  }
}

/**
 * The child's exit code, listened for from its start: a child that stops reading early may be gone
 * before its input is all read (null when it could not start; its error is in `collect`'s text).
 */
function exitCodeOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('close', (code: number | null) => resolve(code));
    child.once('error', () => resolve(null));
  });
}

function collect(child: ChildProcess): Promise<string> {
  let text = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (text.length < 10_000) text += d.toString();
  });
  return new Promise((resolve) => child.on('close', () => resolve(text)));
}

/**
 * Reads a backup through: every frame authenticated, the payload's hash checked, and the payload
 * itself opened (PGlite: loaded into a scratch in-memory database and counted; PostgreSQL: its
 * archive listed by pg_restore). Returns the manifest.
 */
export async function verifyBackupFile(path: string, key: BackupKey): Promise<BackupManifest> {
  const { manifest, payload } = await openBackupFile(path, key);
  if (manifest.engine === 'pglite') {
    const scratch = await openPglite(undefined, await collectBlob(payload));
    try {
      await expectCounts(await inventory(scratch), manifest);
    } finally {
      await scratch.close();
    }
  } else {
    const child = spawn('pg_restore', ['--list'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = exitCodeOf(child);
    let listing = '';
    child.stdout.on('data', (d: Buffer) => (listing += d.toString()));
    const errors = collect(child);
    await pipeInto(payload, child, { readAll: true });
    const code = await exited;
    if (code !== 0) throw new BackupCheckError(`pg_restore --list: ${(await errors).trim()}`);
    const dumped = new Set([...listing.matchAll(/TABLE DATA public (\S+)/g)].map((m) => m[1]));
    const missing = Object.keys(manifest.tables).filter((t) => !dumped.has(t));
    if (missing.length > 0) throw new BackupCheckError(`faltan tablas en la copia / tables missing from the backup: ${missing.join(', ')}`);
  }
  return manifest;
}

async function openBackupFile(path: string, key: BackupKey) {
  if (!existsSync(path)) throw new BackupUsageError(`No existe el archivo / file not found: ${path}`);
  try {
    return await openBackup<BackupManifest>(key, createReadStream(path));
  } catch (error) {
    throw error instanceof BackupFormatError && error.problem !== 'wrong-key' && error.problem !== 'not-a-backup' ? new BackupCheckError(error.message) : new BackupUsageError((error as Error).message);
  }
}

/** Consumes the payload (and so checks the whole file) without keeping it. */
async function drain(payload: AsyncIterable<Buffer>): Promise<void> {
  try {
    for await (const _chunk of payload) {
      // reading is the check
    }
  } catch (error) {
    throw error instanceof BackupFormatError ? new BackupCheckError(error.message) : error;
  }
}

async function collectBlob(payload: AsyncIterable<Buffer>): Promise<Blob> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of payload) chunks.push(chunk);
  } catch (error) {
    throw error instanceof BackupFormatError ? new BackupCheckError(error.message) : error;
  }
  return new Blob([new Uint8Array(Buffer.concat(chunks))], { type: 'application/x-gzip' });
}

/**
 * Feeds the payload to a child's stdin. The child may stop reading early: pg_restore --list once it
 * has the table of contents, pg_restore when it fails (its exit code says why). With `readAll`, the
 * rest of the payload is still read, so that every frame of the file is authenticated.
 */
async function pipeInto(payload: AsyncIterable<Buffer>, child: ChildProcess, { readAll = false } = {}): Promise<void> {
  const stdin = child.stdin;
  if (!stdin) throw new Error('no stdin');
  let stopped = child.exitCode !== null || child.signalCode !== null;
  const stop = () => {
    stopped = true;
  };
  child.once('exit', stop);
  stdin.once('error', stop);
  // Resolves, never rejects: a write to a child that has gone fails with EPIPE, which only means
  // it stopped reading (a rejecting `once(stdin, 'drain')` left pending crashed the process).
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        stdin.off('drain', done);
        stdin.off('error', done);
        child.off('exit', done);
        resolve();
      };
      stdin.on('drain', done);
      stdin.on('error', done);
      child.on('exit', done);
    });
  try {
    for await (const chunk of payload) {
      if (stopped) {
        if (readAll) continue;
        break;
      }
      if (!stdin.write(chunk)) await writable();
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error instanceof BackupFormatError ? new BackupCheckError(error.message) : error;
  } finally {
    stdin.on('error', () => undefined);
    stdin.end();
  }
}

async function expectCounts(found: Awaited<ReturnType<typeof inventory>>, manifest: BackupManifest): Promise<void> {
  const wrong = Object.entries(manifest.tables).filter(([table, n]) => found.tables[table] !== n);
  if (wrong.length > 0) {
    throw new BackupCheckError(`filas distintas de las de la copia / row counts differ from the backup: ${wrong.map(([t, n]) => `${t} ${String(found.tables[t] ?? 'ausente/absent')} ≠ ${n}`).join(', ')}`);
  }
}

export interface RestoreReport {
  manifest: BackupManifest;
  tables: number;
  rows: number;
  auditEntries: number;
  auditChains: number;
  personKeys: number;
}

/**
 * Restores a backup into an empty target of the same engine and checks the result before it is
 * put in place: PGlite into a temporary folder renamed at the end, PostgreSQL in one transaction.
 */
export async function restoreBackup(path: string, key: BackupKey, target: DatabaseConfig, masters: { current: MasterKey; previous: readonly MasterKey[] }): Promise<RestoreReport> {
  // First pass: the whole file authenticates before anything is written.
  const first = await openBackupFile(path, key);
  await drain(first.payload);
  const manifest = first.manifest;
  if (manifest.engine !== target.engine) {
    throw new BackupUsageError(`La copia es de ${manifest.engine} y el destino es ${target.engine}: restaure en el mismo motor. / The backup is of ${manifest.engine} and the target is ${target.engine}: restore to the same engine.`);
  }
  const known = new Set([masters.current, ...masters.previous].map((m) => m.id));
  if (manifest.masterKeyId && !known.has(manifest.masterKeyId)) {
    throw new BackupUsageError(
      `La copia necesita la clave maestra ${manifest.masterKeyId}; la clave dada es ${masters.current.id}. / The backup needs master key ${manifest.masterKeyId}; the key given is ${masters.current.id}.`,
    );
  }
  const { payload } = await openBackupFile(path, key);
  if (target.engine === 'pglite') {
    const dataDir = target.dataDir;
    if (!dataDir) throw new BackupUsageError('ENLACE_DATA_DIR');
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new BackupUsageError(`La carpeta de destino no está vacía / the target folder is not empty: ${dataDir}`);
    }
    const staging = join(dirname(dataDir), `.${basename(dataDir)}.restoring-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    try {
      const loaded = await openPglite(staging, await collectBlob(payload));
      await loaded.close();
      const report = await checkRestored({ engine: 'pglite', dataDir: staging }, manifest, masters);
      rmSync(dataDir, { recursive: true, force: true });
      renameSync(staging, dataDir);
      return report;
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }
  const probe = await openPostgres(target.url, 1);
  try {
    const [tables] = await probe.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    if ((tables?.n ?? 0) > 0) throw new BackupUsageError('La base de datos de destino no está vacía: cree una nueva. / The target database is not empty: create a new one.');
  } finally {
    await probe.close();
  }
  const child = spawn('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${target.url}`], { stdio: ['pipe', 'ignore', 'pipe'] });
  const exited = exitCodeOf(child);
  const errors = collect(child);
  await pipeInto(payload, child);
  const code = await exited;
  if (code !== 0) throw new BackupCheckError(`pg_restore falló, nada se restauró / failed, nothing was restored: ${(await errors).trim()}`);
  return checkRestored(target, manifest, masters);
}

/** Opens the restored database as the server would (migrations, vault) and checks it against the manifest. */
async function checkRestored(config: DatabaseConfig, manifest: BackupManifest, masters: { current: MasterKey; previous: readonly MasterKey[] }): Promise<RestoreReport> {
  const db = config.engine === 'pglite' ? await openPglite(config.dataDir) : await openPostgres(config.url, 2);
  try {
    if ((await appliedVersion(db)) !== manifest.schemaVersion) throw new BackupCheckError('schema version differs from the manifest');
    await expectCounts(await inventory(db), manifest);
    const heads = new Map((await inventory(db)).auditHeads.map((h) => [h.chain, h]));
    const lost = manifest.auditHeads.filter((h) => heads.get(h.chain)?.seq !== h.seq || heads.get(h.chain)?.hash !== h.hash);
    if (lost.length > 0) throw new BackupCheckError(`cabezas de auditoría distintas / audit heads differ: ${lost.map((h) => h.chain).join(', ')}`);
    const audit = await verifyAuditLog(db);
    if (audit.problems.length > 0) throw new BackupCheckError(`la cadena de auditoría no verifica / the audit chain does not verify: ${JSON.stringify(audit.problems.slice(0, 3))}`);
    // A later code version restores an older backup: its pending migrations run now, after the checks.
    await migrate(db);
    const vault = await openVault(db, masters);
    const keys = await db.query<{ person_id: string; wrapped: Buffer; master_key_id: string }>('SELECT person_id, wrapped, master_key_id FROM person_keys');
    for (const k of keys) vault.unwrap({ masterKeyId: k.master_key_id, wrapped: Buffer.from(k.wrapped) }, `person:${k.person_id}`);
    return {
      manifest,
      tables: Object.keys(manifest.tables).length,
      rows: Object.values(manifest.tables).reduce((a, b) => a + b, 0),
      auditEntries: audit.entries,
      auditChains: audit.chains,
      personKeys: keys.length,
    };
  } finally {
    await db.close();
  }
}
