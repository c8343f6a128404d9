// A transaction that collides with another (serialization failure 40001, deadlock 40P01) is run
// again, whole, a bounded number of times (db/retry.ts); any other error is not. The collisions
// here are PostgreSQL's own: a real deadlock and a real serialization failure between two
// transactions on the server, and on both engines a RAISE … USING ERRCODE = '40001' inside the
// transaction, counted by a sequence (nextval is not rolled back: it counts the attempts the
// database saw).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queryable } from '../../src/server/db/database.ts';
import { TRANSIENT_RETRIES } from '../../src/server/db/retry.ts';
import { attemptsSeen, createCollide } from '../helpers/collide.ts';
import { engine, freshDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
const onServer = { skip: engine === 'pglite' ? 'PGlite has one connection: two transactions never collide' : false };

before(async () => {
  db = await freshDatabase();
  await db.query('CREATE TABLE retry_rows (id text PRIMARY KEY, note text NOT NULL)');
  // What the transaction would leave in the audit log: one entry per committed transaction.
  await db.query('CREATE TABLE retry_log (tx text NOT NULL, attempt int NOT NULL)');
  await createCollide(db);
});
after(() => db.destroy());

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n ?? 0;
const seen = (counter: string) => attemptsSeen(db, counter);

test('a transaction that collides is run again from the start and commits once', async () => {
  await db.query('CREATE SEQUENCE collide_twice');
  let attempts = 0;
  const result = await db.transaction(async (tx) => {
    attempts += 1;
    await tx.query("INSERT INTO retry_rows (id, note) VALUES ('twice', 'a')");
    await tx.query("INSERT INTO retry_log (tx, attempt) VALUES ('twice', $1)", [attempts]);
    await tx.query("SELECT collide('collide_twice', 2)");
    return 'done';
  });
  assert.equal(result, 'done');
  assert.equal(attempts, 3);
  assert.equal(await seen('collide_twice'), 3);
  assert.equal(await count("retry_rows WHERE id = 'twice'"), 1);
  assert.deepEqual(await db.query("SELECT attempt FROM retry_log WHERE tx = 'twice'"), [{ attempt: 3 }]);
});

test('a transaction still colliding after the last retry fails with the collision and leaves nothing', async () => {
  await db.query('CREATE SEQUENCE collide_always');
  let attempts = 0;
  await assert.rejects(
    db.transaction(async (tx) => {
      attempts += 1;
      await tx.query("INSERT INTO retry_rows (id, note) VALUES ('always', 'a')");
      await tx.query("SELECT collide('collide_always', 1000)");
    }),
    (error: { code?: string }) => error.code === '40001',
  );
  assert.equal(attempts, TRANSIENT_RETRIES + 1);
  assert.equal(await seen('collide_always'), TRANSIENT_RETRIES + 1);
  assert.equal(await count("retry_rows WHERE id = 'always'"), 0);
});

test('an error that is not a collision (a unique violation) is not retried', async () => {
  await db.query("INSERT INTO retry_rows (id, note) VALUES ('taken', 'first')");
  let attempts = 0;
  await assert.rejects(
    db.transaction(async (tx) => {
      attempts += 1;
      await tx.query("INSERT INTO retry_rows (id, note) VALUES ('other', 'x')");
      await tx.query("INSERT INTO retry_rows (id, note) VALUES ('taken', 'second')");
    }),
    (error: { code?: string }) => error.code === '23505',
  );
  assert.equal(attempts, 1);
  assert.equal(await count("retry_rows WHERE id = 'other'"), 0);
  assert.deepEqual(await db.query("SELECT note FROM retry_rows WHERE id = 'taken'"), [{ note: 'first' }]);
});

test('a statement on its own (its own transaction) is retried the same way', async () => {
  await db.query('CREATE SEQUENCE collide_once');
  await db.query("INSERT INTO retry_rows (id, note) SELECT 'alone', 'a' FROM (SELECT collide('collide_once', 1)) AS c");
  assert.equal(await seen('collide_once'), 2);
  assert.equal(await count("retry_rows WHERE id = 'alone'"), 1);
});

/** Two promises each side awaits in turn: the first attempts of two transactions meet half-way. */
function meeting() {
  let arrive = (): void => undefined;
  const both = new Promise<void>((resolve) => {
    let arrived = 0;
    arrive = () => {
      arrived += 1;
      if (arrived === 2) resolve();
    };
  });
  return async () => {
    arrive();
    await both;
  };
}

test('of two transactions that deadlock, the one PostgreSQL aborts is run again and both commit once', onServer, async () => {
  await db.query("INSERT INTO retry_rows (id, note) VALUES ('left', '-'), ('right', '-')");
  const meet = meeting();
  const errors: string[] = [];
  const attempts = { a: 0, b: 0 };
  const run = (name: 'a' | 'b', first: string, second: string) =>
    db.transaction(async (tx: Queryable) => {
      const attempt = (attempts[name] += 1);
      await tx.query('UPDATE retry_rows SET note = note || $2 WHERE id = $1', [first, name]);
      // Both hold their first row before either asks for the other's: a deadlock, every time.
      if (attempt === 1) await meet();
      try {
        await tx.query('UPDATE retry_rows SET note = note || $2 WHERE id = $1', [second, name]);
      } catch (error) {
        errors.push((error as { code: string }).code);
        throw error;
      }
      await tx.query('INSERT INTO retry_log (tx, attempt) VALUES ($1, $2)', [`deadlock-${name}`, attempt]);
      return attempt;
    });
  const [a, b] = await Promise.all([run('a', 'left', 'right'), run('b', 'right', 'left')]);
  assert.deepEqual(errors, ['40P01'], 'PostgreSQL aborted exactly one of them');
  assert.deepEqual([a, b].sort(), [1, 2], 'the aborted one committed at its second attempt');
  // Each transaction's writes are there once: one mark per row from each, one log entry each.
  const notes = await db.query<{ id: string; note: string }>("SELECT id, note FROM retry_rows WHERE id IN ('left', 'right') ORDER BY id");
  for (const row of notes) assert.deepEqual([...row.note.slice(1)].sort(), ['a', 'b'], row.id);
  assert.equal(await count("retry_log WHERE tx = 'deadlock-a'"), 1);
  assert.equal(await count("retry_log WHERE tx = 'deadlock-b'"), 1);
});

test('of two serializable transactions whose writes conflict, the one that fails runs again and sees the other', onServer, async () => {
  // At most one row of kind 'duty': each transaction adds one only if it sees none (write skew).
  await db.query('CREATE TABLE retry_duty (who text NOT NULL)');
  const meet = meeting();
  const errors: string[] = [];
  const attempts = { a: 0, b: 0 };
  const run = (name: 'a' | 'b') =>
    db.transaction(async (tx: Queryable) => {
      const attempt = (attempts[name] += 1);
      await tx.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
      const [on] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM retry_duty');
      if (attempt === 1) await meet();
      if ((on?.n ?? 0) > 0) return 'already';
      try {
        await tx.query('INSERT INTO retry_duty (who) VALUES ($1)', [name]);
        await tx.query('INSERT INTO retry_log (tx, attempt) VALUES ($1, $2)', [`duty-${name}`, attempt]);
      } catch (error) {
        errors.push((error as { code: string }).code);
        throw error;
      }
      return 'added';
    });
  // The failure may come at the second insert or at COMMIT: either way the whole transaction reruns.
  const outcomes = await Promise.all([run('a'), run('b')]);
  assert.deepEqual([...outcomes].sort(), ['added', 'already']);
  assert.equal(attempts.a + attempts.b, 3, 'one of them ran twice');
  assert.ok(errors.every((code) => code === '40001'), errors.join());
  assert.equal(await count('retry_duty'), 1);
  assert.equal(await count("retry_log WHERE tx LIKE 'duty-%'"), 1);
});
