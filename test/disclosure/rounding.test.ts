import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protectedPercentage } from '../../src/disclosure/percentages.ts';
import { controlledRound, roundCount, roundProtectedTable } from '../../src/disclosure/rounding.ts';
import { suppressTable } from '../../src/disclosure/suppress.ts';
import { cellKey, oneWayTable } from '../../src/disclosure/table.ts';
import { randomInt, seededRandom } from './prng.ts';

test('roundCount: floor and nearest to base 5 and 3', () => {
  assert.deepEqual([0, 4, 5, 12, 13, 99].map((v) => roundCount(v)), [0, 0, 5, 10, 10, 95]);
  assert.deepEqual([0, 2, 3, 12, 13].map((v) => roundCount(v, 5, 'nearest')), [0, 0, 5, 10, 15]);
  assert.deepEqual([1, 2, 4, 5].map((v) => roundCount(v, 3, 'nearest')), [0, 3, 3, 6]);
  assert.throws(() => roundCount(3, 0));
});

test('controlledRound: worked example, parts add up to the rounded total', () => {
  // 12 + 13 + 24 = 49 → total 50; floors 10 + 10 + 20 = 40; two parts go up: 24 (rem 4) and 13 (rem 3).
  assert.deepEqual(controlledRound([12, 13, 24]), { parts: [10, 15, 25], total: 50 });
});

test('property: controlled rounding is additive and moves each part to an adjacent multiple', () => {
  const random = seededRandom(3);
  for (let round = 0; round < 500; round++) {
    const base = [3, 5, 10][round % 3]!;
    const parts = Array.from({ length: randomInt(random, 1, 8) }, () => randomInt(random, 0, 60));
    const result = controlledRound(parts, base);
    assert.equal(result.parts.reduce((s, p) => s + p, 0), result.total);
    result.parts.forEach((r, i) => {
      assert.equal(r % base, 0);
      assert.ok(Math.abs(r - parts[i]!) < base, `${parts[i]} → ${r}`);
      if (parts[i]! % base === 0) assert.equal(r, parts[i]);
    });
  }
});

test('roundProtectedTable: suppressed cells stay suppressed, small published counts floored, large kept, note updated', () => {
  const table = suppressTable(oneWayTable('sex', { F: 123, M: 4, X: 37, U: 0 }));
  const rounded = roundProtectedTable(table);
  const value = (sex: string) => rounded.cells.find((c) => c.key === cellKey({ sex }))!;
  assert.equal(value('M').value, null);
  assert.equal(value('M').suppressed, 'primary');
  assert.equal(value('F').value, 123, 'counts of 100 or more are published exactly by default');
  assert.equal(value('U').value, 0);
  assert.equal(rounded.cells.find((c) => c.key === 'TOTAL')!.value, 164);
  assert.ok(rounded.summary.rulesApplied.includes('round:5:floor:<100'));
  assert.match(rounded.summary.note.es, /múltiplos de 5/);
  assert.match(rounded.summary.note.en, /multiples of 5/);
  const all = roundProtectedTable(table, { below: Infinity, mode: 'nearest' });
  assert.equal(all.cells.find((c) => c.key === cellKey({ sex: 'F' }))!.value, 125);
});

test('percentages only over a denominator of 30 or more and never of a suppressed count', () => {
  assert.equal(protectedPercentage(12, 40), 30);
  assert.equal(protectedPercentage(10, 30, { decimals: 2 }), 33.33);
  assert.equal(protectedPercentage(12, 29), null);
  assert.equal(protectedPercentage(null, 300), null);
  assert.equal(protectedPercentage(12, null), null);
});
