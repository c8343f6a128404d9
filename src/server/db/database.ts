// One SQL, two engines (DESIGN §2.5): an embedded PostgreSQL (PGlite) by default, a PostgreSQL
// server when DATABASE_URL is set. Everything above this file sees only `Database`.
import { availableParallelism } from 'node:os';
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import type { Vault } from '../crypto/vault.ts';
import { lockDataDir } from './lock.ts';
import { copyStatement, type CopyRows } from './copy.ts';
import { retryTransient } from './retry.ts';

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The identity vault of this database, once opened (see crypto/keys.ts). */
  readonly vault?: Vault | undefined;
  /** Writes rows built in the binary COPY format (copy.ts) into `table`: bulk writes, inside a transaction. */
  copyRows?(table: string, rows: CopyRows): Promise<void>;
}

export interface Database extends Queryable {
  vault?: Vault | undefined;
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: all of it is committed, or none of it. A transaction that
   * collides with another (serialization failure, deadlock) is run again from the start, `work`
   * included (retry.ts): `work` does only database work, and whatever it must do outside the
   * database (the linkage index, caches, the relay) it does after this resolves.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Connections to a PostgreSQL server: open, idle, requests waiting for one, the most allowed;
   * and the lanes' (outside the pool): open, busy, queries queued on them.
   */
  poolStats?(): { total: number; idle: number; waiting: number; max: number; lanes: { open: number; busy: number; waiting: number } };
  /**
   * A connection of its own, outside the pool, for one writer that every request waits for (the
   * audit writer): it never queues behind the pool's slow queries, which otherwise held every
   * answer of a process back, cached ones too (bench:soak). Closed with the database. PGlite has
   * one connection, so it has no lane.
   */
  lane?(): Queryable;
  /** A PostgreSQL server's address: a thread of this process opens its own connection with it (the statistics snapshot). */
  readonly url?: string;
}

export type DatabaseConfig = { engine: 'pglite'; dataDir: string | undefined } | { engine: 'postgres'; url: string; poolSize?: number };

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.engine === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url, config.poolSize ?? 10);
}

/** A data dir of `undefined` keeps the database in memory (tests). */
export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  // Dates stay `YYYY-MM-DD` strings (a JS Date would shift them by the time zone); counts are numbers.
  const parsers = { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => Number(v) };
  let db: PGlite;
  try {
    db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}), parsers });
  } catch (error) {
    unlock();
    throw error;
  }
  const query = async <Row,>(runner: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]): Promise<Row[]> =>
    (await runner.query<Row>(sql, params as unknown[] | undefined)).rows;
  const database: Database & { pglite: PGlite } = {
    engine: 'pglite',
    // One connection never collides with another; retried all the same, as on a server (retry.ts).
    query: (sql, params) => retryTransient(() => query(db, sql, params)),
    transaction: (work) =>
      retryTransient(() =>
        db.transaction((tx) =>
          work({
            query: (sql, params) => query(tx, sql, params),
            vault: database.vault,
            // PGlite reads COPY data from a blob it names /dev/blob.
            copyRows: async (table, rows) => {
              await tx.query(copyStatement(table, rows.columns, "'/dev/blob'"), [], { blob: new Blob([rows.finish() as Uint8Array<ArrayBuffer>]) });
            },
          }),
        ),
      ),
    close: () => db.close().finally(unlock),
    // Exposed for test snapshots (PGlite's fast clone from a migrated template) and data-dir dumps.
    pglite: db,
  };
  return database;
}

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pg = (await import('pg')).default;
  pg.types.setTypeParser(DATE_OID, (v: string) => v);
  pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));
  pg.types.setTypeParser(NUMERIC_OID, (v: string) => Number(v));
  // Idle connections are kept five minutes, not pg's ten seconds: under a load that comes and
  // goes, a connection closed after ten idle seconds was opened again moments later, a new server
  // process that planned each prepared statement afresh (five custom plans before the generic one).
  const openPool = (max: number): Pool => {
    const opened: Pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 5 * 60_000 });
    // An idle client that loses its server (restart) must not crash the process.
    opened.on('error', () => undefined);
    // Nor one in use when the server goes away (its query fails with the error; a client without an
    // 'error' listener would throw it again as an uncaught exception and stop the whole process).
    opened.on('connect', (client) => client.on('error', () => undefined));
    return opened;
  };
  const pool = openPool(poolSize);
  const lanes: Pool[] = [];
  // Statements with parameters are prepared once per connection and reused: the server skips
  // parsing and planning on every call after the first.
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      name = `q${names.size + 1}`;
      names.set(sql, name);
    }
    return name;
  };
  const query = async <Row,>(client: Pool | PoolClient, sql: string, params?: readonly unknown[]): Promise<Row[]> =>
    (params && params.length > 0 && names.size < 2_000
      ? await client.query({ name: nameOf(sql), text: sql, values: params as unknown[] })
      : await client.query(sql, params as unknown[] | undefined)
    ).rows as Row[];
  /** One attempt of a transaction, on a connection of its own (a retry takes a fresh one). */
  const attempt = async <T,>(work: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    // A connection that cannot even roll back is dead (the server went away): it is dropped
    // from the pool instead of being handed to the next request.
    let dead = false;
    try {
      await client.query('BEGIN');
      const result = await work({ query: (sql, params) => query(client, sql, params), vault: database.vault, copyRows: (table, rows) => copyIn(pg.Query, client, table, rows) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      dead = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      throw error;
    } finally {
      client.release(dead);
    }
  };
  const database: Database = {
    engine: 'postgres',
    url,
    // A statement on its own is a transaction of its own (a registration is one): retried the same way.
    query: (sql, params) => retryTransient(() => query(pool, sql, params)),
    // A serialization failure or deadlock, even at COMMIT, left nothing: the whole of `work` runs again.
    transaction: (work) => retryTransient(() => attempt(work)),
    close: async () => {
      await Promise.all([pool, ...lanes.splice(0)].map((p) => p.end()));
    },
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: poolSize,
      lanes: lanes.reduce((sum, lane) => ({ open: sum.open + lane.totalCount, busy: sum.busy + lane.totalCount - lane.idleCount, waiting: sum.waiting + lane.waitingCount }), { open: 0, busy: 0, waiting: 0 }),
    }),
    lane: () => {
      // A pool of one: a connection lost with its server is opened again by the next query.
      const own = openPool(1);
      lanes.push(own);
      return {
        query: (sql, params) => retryTransient(() => query(own, sql, params)),
        get vault() {
          return database.vault;
        },
      };
    },
  };
  return database;
}

const COPY_MESSAGE_BYTES = 1 << 20;

/** COPY … FROM STDIN on a server connection: the rows are sent whole once the server asks for them. */
function copyIn(Query: typeof import('pg').Query, client: PoolClient, table: string, rows: CopyRows): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const copy = new Query(copyStatement(table, rows.columns, 'STDIN'), undefined, (error: Error | undefined) => (error ? reject(error) : resolve()));
    const data = rows.finish();
    Object.assign(copy, {
      handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }) {
        // In messages of 1 MB: the server reads a whole message into memory before it stores any of it.
        for (let at = 0; at < data.length; at += COPY_MESSAGE_BYTES) connection.sendCopyFromChunk(data.subarray(at, at + COPY_MESSAGE_BYTES));
        connection.endCopyFrom();
      },
    });
    void client.query(copy);
  });
}

/** Engine from the environment: DATABASE_URL for a server, else PGlite in ENLACE_DATA_DIR or ./data/db. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  // Twice the cores by default: more connections than that only take turns on the same CPUs, and
  // on a 2-core machine 4 connections served more requests than 10 or 20 (bench:api).
  if (env.DATABASE_URL) return { engine: 'postgres', url: env.DATABASE_URL, poolSize: Number(env.ENLACE_DB_POOL ?? Math.max(4, 2 * availableParallelism())) };
  return { engine: 'pglite', dataDir: env.ENLACE_DATA_DIR ?? 'data/db' };
}
