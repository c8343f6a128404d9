// The evidence reads every case file in pages through a cursor, in one transaction; a transaction
// that collides is run again whole (db/retry.ts). The pages the first attempt had already folded
// must not count a second time: each attempt starts from a fresh accumulator.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readPages } from '../../src/server/queries/evidence.ts';
import { attemptsSeen, createCollide } from '../helpers/collide.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;

before(async () => {
  db = await freshDatabase();
  await createCollide(db);
  // Collides when the cursor reaches row `at`: after the first page (5,000 rows) was folded.
  await db.query(`CREATE FUNCTION collide_at(g int, at int, counter regclass) RETURNS int LANGUAGE plpgsql AS $$
    BEGIN IF g = at THEN PERFORM collide(counter, 1); END IF; RETURN g; END $$`);
  await db.query('CREATE SEQUENCE pages_once');
});
after(() => db.destroy());

test('a paged read that collides part way is read again from a fresh start: every row counted once', async () => {
  let attempts = 0;
  let rows = 0;
  let sum = 0;
  await readPages<{ g: number }>(db, "SELECT collide_at(g, 7000, 'pages_once') AS g FROM generate_series(1, 12000) g", [], () => {
    attempts += 1;
    rows = 0;
    sum = 0;
    return (page) => {
      rows += page.length;
      for (const r of page) sum += r.g;
    };
  });
  assert.equal(await attemptsSeen(db, 'pages_once'), 2, 'the collision happened, and the read was run again');
  assert.equal(attempts, 2);
  assert.equal(rows, 12000);
  assert.equal(sum, (12000 * 12001) / 2);
});
