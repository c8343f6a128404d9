// New records' ids: UUIDs of version 7, ordered by the moment they were made, never repeated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { newRecordId } from '../../src/server/db/ids.ts';

test('a new record id is a version 7 UUID that the API accepts, ordered by time, unique and random past the millisecond', () => {
  const at = Date.parse('2026-11-28T07:00:00.000Z');
  const ids = Array.from({ length: 5_000 }, (_, i) => newRecordId(at + Math.floor(i / 1000)));
  for (const id of ids.slice(0, 50)) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(z.uuid().safeParse(id).success);
  }
  assert.equal(new Set(ids).size, ids.length);
  // The first 48 bits are the millisecond: ids of a later moment sort after.
  assert.equal(Number.parseInt(ids[0]?.replace('-', '').slice(0, 12) ?? '', 16), at);
  const latestOfFirst = [...ids.slice(0, 1_000)].sort().at(-1) ?? '';
  assert.ok(ids.slice(1_000, 2_000).every((id) => id > latestOfFirst));
  // Within one millisecond the rest is random: many distinct values in each of its random hex digits.
  const sameMoment = ids.slice(0, 1_000);
  assert.ok(new Set(sameMoment.map((id) => id.slice(-12))).size === 1_000);
  assert.ok(new Set(sameMoment.map((id) => id[15])).size > 10);
});
