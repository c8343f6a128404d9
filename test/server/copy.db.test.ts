// The binary COPY writer (src/server/db/copy.ts) against both engines: every type it writes reads
// back as it was given, NULLs stay NULL, and a server that refuses the data fails the transaction.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CopyRows, copyInto, type CopyColumn } from '../../src/server/db/copy.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await freshDatabase();
  await db.query('CREATE TABLE copy_probe (id uuid, name text, data jsonb, blob bytea, n int4, ok bool, day date, at timestamptz, tags text[])');
});
after(() => db.destroy());

const COLUMNS: CopyColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'name', type: 'text' },
  { name: 'data', type: 'jsonb' },
  { name: 'blob', type: 'bytea' },
  { name: 'n', type: 'int4' },
  { name: 'ok', type: 'bool' },
  { name: 'day', type: 'date' },
  { name: 'at', type: 'timestamptz' },
  { name: 'tags', type: 'text[]' },
];

test('every type written by COPY reads back as given, NULLs included', async () => {
  await db.transaction(async (tx) => {
    const rows = new CopyRows(COLUMNS);
    rows.add(['0f8fad5b-d9cb-469f-a165-70867728950e', 'Ñandú "comillas" \\ y\nlínea (SINTÉTICO)', { a: 'é', b: [1, null] }, Buffer.from([0, 1, 255]), -5, true, '1969-12-31', '2026-11-27T18:24:33.123Z', ['a b', 'ñ', '']]);
    rows.add(['1F8FAD5B-D9CB-469F-A165-70867728950E', '', '"texto"', Buffer.alloc(0), 2147483647, false, '2000-01-01', '1999-12-31T23:59:59.999Z', []]);
    rows.add([null, null, null, null, null, null, null, null, null]);
    await copyInto(tx, 'copy_probe', rows);
  });
  const read = await db.query<Record<string, unknown>>(
    `SELECT id::text, name, data, encode(blob, 'hex') AS blob, n, ok, day::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at, tags
       FROM copy_probe ORDER BY n NULLS LAST`,
  );
  assert.deepEqual(read, [
    { id: '0f8fad5b-d9cb-469f-a165-70867728950e', name: 'Ñandú "comillas" \\ y\nlínea (SINTÉTICO)', data: { a: 'é', b: [1, null] }, blob: '0001ff', n: -5, ok: true, day: '1969-12-31', at: '2026-11-27T18:24:33.123', tags: ['a b', 'ñ', ''] },
    { id: '1f8fad5b-d9cb-469f-a165-70867728950e', name: '', data: 'texto', blob: '', n: 2147483647, ok: false, day: '2000-01-01', at: '1999-12-31T23:59:59.999', tags: [] },
    { id: null, name: null, data: null, blob: null, n: null, ok: null, day: null, at: null, tags: null },
  ]);
});

test('values of the wrong shape throw before anything is sent; data the server refuses rolls the transaction back', async () => {
  const rows = new CopyRows(COLUMNS);
  assert.throws(() => rows.add(['not-a-uuid', null, null, null, null, null, null, null, null]), /not a uuid/);
  assert.throws(() => rows.add([null, null, null, null, null, null, '2026-02-30', null, null]), /not a date/);
  assert.throws(() => rows.add([null]), /1 values for 9 columns/);
  const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe');
  await assert.rejects(
    db.transaction(async (tx) => {
      const good = new CopyRows(COLUMNS);
      good.add([null, 'kept?', null, null, 1, null, null, null, null]);
      await copyInto(tx, 'copy_probe', good);
      // Five bytes where the server expects an int4 of four.
      const bad = new CopyRows([{ name: 'n', type: 'text' }]);
      bad.add(['cinco']);
      await copyInto(tx, 'copy_probe', bad);
    }),
  );
  assert.deepEqual(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe'), before);
  assert.equal((await db.query<{ one: number }>('SELECT 1 AS one'))[0]?.one, 1);
});
