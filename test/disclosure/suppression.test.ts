import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditTable } from '../../src/disclosure/audit.ts';
import type { PublishedCell, PublishedTable } from '../../src/disclosure/audit.ts';
import { suppressTable, toPublicCells } from '../../src/disclosure/suppress.ts';
import type { ProtectedTable } from '../../src/disclosure/suppress.ts';
import { cellKey, inconsistentRelations, linkTables, nestTables, oneWayTable, tableFromCounts, twoWayTable } from '../../src/disclosure/table.ts';
import type { CountCell, Dimension, LinkedTable } from '../../src/disclosure/table.ts';
import type { Coordinates } from '../../src/disclosure/types.ts';
import { randomCount, randomInt, seededRandom } from './prng.ts';

const DEPT: Dimension = { name: 'dept', values: ['A', 'B', 'C'] };
const SEX: Dimension = { name: 'sex', values: ['F', 'M', 'X'] };

/** Publishes a table with the given cells hidden, as a naive publisher would. */
function publishHiding(table: LinkedTable, hidden: readonly Coordinates[]): PublishedTable {
  const keys = new Set(hidden.map(cellKey));
  const cells: PublishedCell[] = [...table.cells.values()].map((c) =>
    keys.has(c.key) ? { key: c.key, coords: c.coords, value: null, suppressed: 'primary' } : { key: c.key, coords: c.coords, value: c.value, suppressed: false },
  );
  return { cells, relations: table.relations };
}

function intervalOf(report: ReturnType<typeof auditTable>, coords: Coordinates) {
  const found = report.intervals.find((i) => i.key === cellKey(coords));
  assert.ok(found, `no interval for ${JSON.stringify(coords)}`);
  return [found.lower, found.upper];
}

function trueValue(table: LinkedTable, coords: Coordinates): number {
  return table.cells.get(cellKey(coords))!.value;
}

test('margins reveal a lone suppressed cell of a one-way table: the auditor recovers it exactly', () => {
  const table = oneWayTable('sex', { F: 120, M: 4, X: 30 });
  const report = auditTable(publishHiding(table, [{ sex: 'M' }]));
  assert.equal(report.safe, false);
  assert.deepEqual(report.exposed.map((e) => [e.key, e.lower, e.upper, e.exact]), [[cellKey({ sex: 'M' }), 4, 4, true]]);
});

test('a single small cell in a row of a two-way table is recovered from the row total', () => {
  // A: 50 + 3 + 20 = 73; hiding only A×M leaves 73 − 50 − 20 = 3.
  const table = twoWayTable(DEPT, SEX, [[50, 3, 20], [40, 30, 25], [60, 45, 12]]);
  const report = auditTable(publishHiding(table, [{ dept: 'A', sex: 'M' }]));
  assert.deepEqual(intervalOf(report, { dept: 'A', sex: 'M' }), [3, 3]);
  assert.equal(report.exposed[0]?.exact, true);
});

test('two small cells in one row only: their sum (7) is known, each lies in [0, 7], too narrow', () => {
  // Row A: 3 + 4 + 60 = 67. Columns M and X also contain the cells, so hide the column-mates' problem
  // by making this a one-way view: the row alone.
  const table = oneWayTable('sex', { F: 60, M: 3, X: 4 });
  const report = auditTable(publishHiding(table, [{ sex: 'M' }, { sex: 'X' }]));
  assert.deepEqual(intervalOf(report, { sex: 'M' }), [0, 7]);
  assert.deepEqual(intervalOf(report, { sex: 'X' }), [0, 7]);
  assert.equal(report.exposed.length, 2);
  assert.ok(report.exposed.every((e) => !e.exact));
});

test('naive row-only secondary suppression fails because of the column margins', () => {
  // A×M = 3 is primary; a row-only rule adds A×X = 20 as its complement. Column M still has every
  // other cell published: A×M = 78 − 30 − 45 = 3, and column X gives A×X = 57 − 25 − 12 = 20.
  const table = twoWayTable(DEPT, SEX, [[50, 3, 20], [40, 30, 25], [60, 45, 12]]);
  assert.equal(trueValue(table, { sex: 'M' }), 78);
  const report = auditTable(publishHiding(table, [{ dept: 'A', sex: 'M' }, { dept: 'A', sex: 'X' }]));
  assert.deepEqual(intervalOf(report, { dept: 'A', sex: 'M' }), [3, 3]);
  assert.deepEqual(intervalOf(report, { dept: 'A', sex: 'X' }), [20, 20]);
  assert.equal(report.exposed.length, 2);
});

test('a suppressed rectangle: the Fréchet-type intervals worked out by hand', () => {
  // Hidden: A×M = 3, A×X = 20, C×M = 15, C×X = 40. Published rows and columns give
  // A×M + A×X = 23, C×M + C×X = 55, A×M + C×M = 18, A×X + C×X = 60.
  // So A×M ∈ [0, 18], A×X = 23 − A×M ∈ [5, 23], C×M = 18 − A×M ∈ [0, 18], C×X = 37 + A×M ∈ [37, 55].
  const table = twoWayTable(DEPT, SEX, [[50, 3, 20], [40, 30, 25], [60, 15, 40]]);
  const report = auditTable(publishHiding(table, [
    { dept: 'A', sex: 'M' }, { dept: 'A', sex: 'X' }, { dept: 'C', sex: 'M' }, { dept: 'C', sex: 'X' },
  ]));
  assert.deepEqual(intervalOf(report, { dept: 'A', sex: 'M' }), [0, 18]);
  assert.deepEqual(intervalOf(report, { dept: 'A', sex: 'X' }), [5, 23]);
  assert.deepEqual(intervalOf(report, { dept: 'C', sex: 'M' }), [0, 18]);
  assert.deepEqual(intervalOf(report, { dept: 'C', sex: 'X' }), [37, 55]);
  assert.equal(report.safe, true);
});

test('a rectangle of two small cells in one column is still exposed: their column sum is 5', () => {
  // A×M = 3 and C×M = 2 with complements A×X = 20 and C×X = 40: column M gives A×M + C×M = 5.
  const table = twoWayTable(DEPT, SEX, [[50, 3, 20], [40, 30, 25], [60, 2, 40]]);
  const report = auditTable(publishHiding(table, [
    { dept: 'A', sex: 'M' }, { dept: 'A', sex: 'X' }, { dept: 'C', sex: 'M' }, { dept: 'C', sex: 'X' },
  ]));
  assert.deepEqual(intervalOf(report, { dept: 'A', sex: 'M' }), [0, 5]);
  assert.deepEqual(intervalOf(report, { dept: 'C', sex: 'M' }), [0, 5]);
  assert.equal(report.safe, false);
  // The protection routine finds a pattern the auditor accepts on the same table.
  assertProtected(table, suppressTable(table));
});

test('a small margin is primary too, and the cells under it cannot reveal it', () => {
  // Department C has 7 victims in all: its total is sensitive, and so are its cells.
  const table = twoWayTable(DEPT, SEX, [[50, 30, 20], [40, 30, 25], [4, 3, 0]]);
  const result = suppressTable(table);
  const cell = (coords: Coordinates) => result.cells.find((c) => c.key === cellKey(coords))!;
  assert.equal(cell({ dept: 'C' }).suppressed, 'primary');
  assert.equal(cell({ dept: 'C', sex: 'F' }).suppressed, 'primary');
  assert.notEqual(cell({ dept: 'C', sex: 'X' }).suppressed, 'primary', 'zeros are not sensitive by default');
  assertProtected(table, result);
});

test('zero can be made sensitive, and the threshold is configurable', () => {
  const table = oneWayTable('sex', { F: 120, M: 0, X: 4, U: 30 });
  const strict = suppressTable(table, { zeroIsSensitive: true, threshold: 5 });
  assert.equal(strict.cells.find((c) => c.key === cellKey({ sex: 'M' }))!.suppressed, 'primary');
  assert.equal(strict.cells.find((c) => c.key === cellKey({ sex: 'X' }))!.suppressed, 'primary');
  assertProtected(table, strict);
  const lenient = suppressTable(table, { threshold: 3 });
  assert.ok(lenient.cells.every((c) => c.suppressed === false));
  assert.match(lenient.summary.note.es, /Ninguna celda/);
});

test('a one-way table: the lone small cell gets the smallest sufficient complement', () => {
  const table = oneWayTable('nationality', { PER: 300, VEN: 45, COL: 12, OTRA: 3 });
  const result = suppressTable(table);
  const kinds = Object.fromEntries(result.cells.map((c) => [JSON.stringify(c.coords), c.suppressed]));
  assert.equal(kinds[JSON.stringify({ nationality: 'OTRA' })], 'primary');
  assert.equal(kinds[JSON.stringify({ nationality: 'COL' })], 'secondary');
  assert.equal(kinds[JSON.stringify({ nationality: 'VEN' })], false);
  assert.equal(kinds[JSON.stringify({})], false, 'the total stays published');
  assert.equal(result.summary.primary, 1);
  assert.equal(result.summary.secondary, 1);
  assertProtected(table, result);
});

test('linked tables (department × sex and department × age band) share department totals', () => {
  const bySex = twoWayTable(DEPT, SEX, [[50, 3, 20], [40, 30, 25], [60, 45, 12]]);
  const byAge = twoWayTable(DEPT, { name: 'age', values: ['<18', '18-29', '30+'] }, [[30, 40, 3], [50, 45, 0], [2, 60, 55]]);
  const linked = linkTables(bySex, byAge);
  assert.equal(linked.cells.size, bySex.cells.size + byAge.cells.size - 4, 'three department totals and the grand total are shared');
  assert.deepEqual(inconsistentRelations(linked), []);
  const result = suppressTable(linked);
  assertProtected(linked, result);
  assert.throws(() => linkTables(bySex, twoWayTable(DEPT, SEX, [[51, 3, 20], [40, 30, 25], [60, 45, 12]])), /disagree/);
});

test('property: protected random tables (1-, 2-, 3-way and linked) pass the auditor and publish no small count', () => {
  const random = seededRandom(7);
  for (let round = 0; round < 60; round++) {
    const shape = round % 4;
    let table: LinkedTable;
    if (shape === 0) table = randomCube(random, [dim('a', randomInt(random, 2, 8))]);
    else if (shape === 1) table = randomCube(random, [dim('a', randomInt(random, 2, 6)), dim('b', randomInt(random, 2, 5))]);
    else if (shape === 2) table = randomCube(random, [dim('a', 3), dim('b', 3), dim('c', 2)]);
    else {
      const rows = dim('a', randomInt(random, 2, 5));
      const one = randomCube(random, [rows, dim('b', 3)]);
      // Same row totals, a different breakdown: spread each row total over three columns.
      const other: CountCell[] = [];
      for (const r of rows.values) {
        let left = one.cells.get(cellKey({ a: r }))!.value;
        for (const [i, c] of ['x', 'y', 'z'].entries()) {
          const n = i === 2 ? left : randomInt(random, 0, left);
          left -= n;
          other.push({ coords: { a: r, c }, count: n });
        }
      }
      table = linkTables(one, tableFromCounts([rows, { name: 'c', values: ['x', 'y', 'z'] }], other));
    }
    assertProtected(table, suppressTable(table));
  }
});

test('property: the auditor’s intervals are the exact integer bounds (brute force on small 2 × 3 tables)', () => {
  const random = seededRandom(11);
  for (let round = 0; round < 30; round++) {
    const rows = dim('r', 2);
    const cols = dim('c', 3);
    const matrix = rows.values.map(() => cols.values.map(() => randomInt(random, 0, 4)));
    const table = twoWayTable(rows, cols, matrix);
    // The grand total stays published, so every cell is at most it and the search is finite.
    const hidden = [...table.cells.values()].filter((c) => c.key !== 'TOTAL' && random() < 0.5).map((c) => c.coords);
    const published = publishHiding(table, hidden);
    const report = auditTable(published);
    const known = new Map(published.cells.map((c) => [c.key, c.value]));
    const grand = table.cells.get('TOTAL')!.value;
    const inner = rows.values.flatMap((r) => cols.values.map((c) => ({ r, c })));
    const ranges = new Map<string, [number, number]>();
    const values = new Array<number>(6).fill(0);
    const visit = (i: number, sum: number) => {
      if (i === 6) {
        if (sum !== grand) return;
        const completion = new Map<string, number>();
        inner.forEach((cell, j) => completion.set(cellKey(cell), values[j]!));
        rows.values.forEach((r, a) => completion.set(cellKey({ r }), values[3 * a]! + values[3 * a + 1]! + values[3 * a + 2]!));
        cols.values.forEach((c, b) => completion.set(cellKey({ c }), values[b]! + values[3 + b]!));
        for (const [key, v] of completion) if (known.get(key) !== null && known.get(key) !== v) return;
        for (const [key, v] of completion) {
          if (known.get(key) !== null) continue;
          const [lo, hi] = ranges.get(key) ?? [Infinity, -Infinity];
          ranges.set(key, [Math.min(lo, v), Math.max(hi, v)]);
        }
        return;
      }
      const fixed = known.get(cellKey(inner[i]!));
      for (let v = fixed ?? 0; sum + v <= grand && (fixed === null || fixed === undefined || v === fixed); v++) {
        values[i] = v;
        visit(i + 1, sum + v);
      }
    };
    visit(0, 0);
    assert.equal(report.intervals.length, hidden.length);
    for (const interval of report.intervals) {
      assert.deepEqual([interval.lower, interval.upper], ranges.get(interval.key), interval.key);
    }
  }
});

function dim(name: string, size: number): Dimension {
  return { name, values: Array.from({ length: size }, (_, i) => `${name}${i}`) };
}

function counts(random: () => number, dimensions: readonly Dimension[]): CountCell[] {
  let combos: Record<string, string>[] = [{}];
  for (const d of dimensions) combos = combos.flatMap((c) => d.values.map((v) => ({ ...c, [d.name]: v })));
  return combos.map((coords) => ({ coords, count: randomCount(random) }));
}

function randomCube(random: () => number, dimensions: readonly Dimension[]): LinkedTable {
  return tableFromCounts(dimensions, counts(random, dimensions));
}

/** The protected table hides every small count, publishes true values, and the auditor accepts it. */
function assertProtected(table: LinkedTable, result: ProtectedTable): void {
  for (const cell of result.cells) {
    const truth = table.cells.get(cell.key)!.value;
    if (cell.suppressed === false) {
      assert.equal(cell.value, truth);
      assert.ok(truth === 0 || truth >= result.rules.threshold, `published small count ${truth} at ${cell.key}`);
    } else {
      assert.equal(cell.value, null);
      if (truth >= 1 && truth < result.rules.threshold) assert.equal(cell.suppressed, 'primary');
    }
  }
  const report = auditTable(result, { minIntervalWidth: result.rules.minIntervalWidth });
  assert.deepEqual(report.exposed, [], 'the auditor finds exposed cells');
  // The attacker's intervals must contain the truth (the solver is sound).
  for (const i of report.intervals) {
    const truth = table.cells.get(i.key)!.value;
    assert.ok(i.lower <= truth && truth <= i.upper, `${i.key}: ${truth} outside [${i.lower}, ${i.upper}]`);
  }
  // The pair rule: no relation holds exactly one suppressed cell.
  const hidden = new Set(result.cells.filter((c) => c.value === null).map((c) => c.key));
  for (const r of result.relations) assert.notEqual([r.total, ...r.parts].filter((k) => hidden.has(k)).length, 1);
}

test('showing which cells are primary leaks: two primary cells that add up to 18 are both 9', () => {
  // Hiding M = 9 and X = 9 leaves M + X = 18: each in [0, 18], wide enough for the width rule,
  // but "<10" on both tells the attacker each is at most 9, hence exactly 9.
  const table = oneWayTable('sex', { F: 40, M: 9, X: 9 });
  const published = publishHiding(table, [{ sex: 'M' }, { sex: 'X' }]);
  assert.equal(auditTable(published).safe, true);
  const labelled = auditTable(published, { attackerKnowsPrimary: { threshold: 10 } });
  assert.equal(labelled.safe, false);
  assert.deepEqual(labelled.exposed.map((e) => [e.lower, e.upper, e.exact]), [[9, 9, true], [9, 9, true]]);
  // The public view carries one mark for every suppressed cell.
  const result = suppressTable(table);
  assert.ok(toPublicCells(result.cells).every((c) => typeof c.suppressed === 'boolean' && (c.value === null) === c.suppressed));
});

test('tables sharing margins protected one by one can leak together; protected linked, they do not', () => {
  const random = seededRandom(99);
  let leaks = 0;
  for (let round = 0; round < 40; round++) {
    const rows = dim('a', 4);
    const bySex = randomCube(random, [rows, dim('b', 3)]);
    const other: CountCell[] = [];
    for (const r of rows.values) {
      let left = bySex.cells.get(cellKey({ a: r }))!.value;
      for (const [i, c] of ['x', 'y', 'z'].entries()) {
        const n = i === 2 ? left : Math.min(left, randomCount(random));
        left -= n;
        other.push({ coords: { a: r, c }, count: n });
      }
    }
    const byAge = tableFromCounts([rows, { name: 'c', values: ['x', 'y', 'z'] }], other);
    const linked = linkTables(bySex, byAge);
    // Published side by side: a shared cell is known if either table publishes it.
    const separately = [suppressTable(bySex), suppressTable(byAge)];
    const shown = new Map<string, number>();
    for (const t of separately) for (const c of t.cells) if (c.value !== null) shown.set(c.key, c.value);
    const together: PublishedTable = {
      cells: [...linked.cells.values()].map((c) =>
        shown.has(c.key) ? { key: c.key, coords: c.coords, value: c.value, suppressed: false } : { key: c.key, coords: c.coords, value: null, suppressed: 'secondary' },
      ),
      relations: linked.relations,
    };
    if (!auditTable(together).safe) leaks++;
    assertProtected(linked, suppressTable(linked));
  }
  assert.ok(leaks >= 3, `expected leaks from separate protection, got ${leaks}`);
});

test('hierarchical geography: province × sex nested in department × sex; a small province is not recoverable from its department', () => {
  const geoSex = (geo: Dimension, matrix: number[][]) => twoWayTable(geo, { name: 'sex', values: ['F', 'M'] }, matrix);
  // Provinces 1501, 1502 of department 15 and 0801, 0802 of 08; province 1502 has 3 women and 12 men.
  const fine = geoSex({ name: 'geo', values: ['1501', '1502', '0801', '0802'] }, [[120, 40], [3, 12], [30, 11], [25, 14]]);
  const coarse = geoSex({ name: 'geo', values: ['15', '08'] }, [[123, 52], [55, 25]]);
  const nested = nestTables(coarse, fine, 'geo', (province) => province.slice(0, 2));
  // Department totals by sex and overall are now tied to their provinces.
  assert.ok(nested.relations.some((r) => r.total === cellKey({ geo: '15', sex: 'F' }) && r.parts.length === 2));
  // Publishing everything but the small cell and its row partner leaks through the department:
  // 1502×F = 15×F − 1501×F = 123 − 120.
  const naive = auditTable(publishHiding(nested, [{ geo: '1502', sex: 'F' }, { geo: '1502', sex: 'M' }]));
  assert.deepEqual(intervalOf(naive, { geo: '1502', sex: 'F' }), [3, 3]);
  assertProtected(nested, suppressTable(nested));
  assert.throws(() => nestTables(geoSex({ name: 'geo', values: ['15', '08'] }, [[124, 52], [55, 25]]), fine, 'geo', (p) => p.slice(0, 2)), /disagree/);
});

test('known cells stay published and are never complements; hidden cells are never published and protected only when small', () => {
  // dept: A 30, B 4, C 25, total 59. The total is known from another output; A is a building block never printed.
  const table = oneWayTable('dept', { A: 30, B: 4, C: 25 });
  const total = cellKey({});
  const a = cellKey({ dept: 'A' });
  const out = suppressTable(table, {}, { known: [total], hidden: [a], audit: 'sensitive' });
  const fate = Object.fromEntries(out.cells.map((c) => [c.key, c.value]));
  assert.equal(fate[total], 59, 'known: published whatever the protection needs');
  assert.equal(fate[a], null, 'hidden: never published');
  assert.equal(fate[cellKey({ dept: 'B' })], null, 'B (4) is primary');
  assert.equal(fate[cellKey({ dept: 'C' })], 25, 'hidden A already hides B within [0, 34]: C stays published');
  const audit = auditTable({ cells: out.cells, relations: out.relations }, { scope: 'primary' });
  assert.deepEqual(audit.exposed, []);
  // Without the hidden cell the usual rule applies: B needs a complement, and the known total is not one.
  const usual = suppressTable(table, {}, { known: [total] });
  assert.equal(usual.cells.find((c) => c.key === total)?.value, 59);
  assert.equal(usual.cells.filter((c) => c.value === null).length, 2);
  assert.throws(() => suppressTable(table, {}, { known: [total], hidden: [total] }), /both known and hidden/);
  // A known total of a table of small parts leaves nothing to protect them with.
  assert.throws(() => suppressTable(oneWayTable('dept', { A: 3, B: 4 }), {}, { known: [total] }), /known cells leave no way/);
});
