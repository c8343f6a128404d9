// Database.lane(): a connection outside the pool, for the audit writer that every request waits
// for. With the pool's connections all taken by slow work, the lane still answers at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPostgres } from '../../src/server/db/database.ts';
import { engine, freshDatabase, type TestDatabase } from '../helpers/db.ts';

const onServer = { skip: engine === 'pglite' ? 'PGlite has one connection and no lane' : false };

let db: TestDatabase;
before(async () => {
  db = await freshDatabase();
});
after(() => db.destroy());

test('PGlite offers no lane (its one connection is the lane)', { skip: engine === 'pglite' ? false : 'on a server' }, () => {
  assert.equal(db.lane, undefined);
});

test('a lane answers while every pooled connection is held', onServer, async () => {
  const lane = db.lane?.();
  assert.ok(lane);
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const max = db.poolStats?.().max ?? 0;
  assert.ok(max > 0);
  const held = Array.from({ length: max }, () =>
    db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await gate;
    }),
  );
  // Every connection of the pool is taken: a query on the pool now waits.
  for (let i = 0; i < 100 && (db.poolStats?.().idle !== 0 || db.poolStats?.().total !== max); i++) await new Promise((r) => setTimeout(r, 10));
  let pooledAnswered = false;
  const pooled = db.query('SELECT 1').then(() => (pooledAnswered = true));
  const [row] = await lane.query<{ n: number }>('SELECT 2 AS n');
  assert.equal(row?.n, 2);
  assert.equal(pooledAnswered, false, 'the pooled query waited for a connection');
  release();
  await Promise.all([...held, pooled]);
});

test('closing the database closes its lanes', onServer, async () => {
  // A second handle on the same database, so that closing it closes nothing of the test's.
  const other = await openPostgres(db.url ?? '', 1);
  const lane = other.lane?.();
  assert.ok(lane);
  const [me] = await lane.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await other.close();
  // The backend leaves once it has read the goodbye: a moment after close() resolves.
  let still = 1;
  for (let i = 0; i < 100 && still > 0; i++) {
    still = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [me?.pid]))[0]?.n ?? 0;
    if (still > 0) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(still, 0);
});
