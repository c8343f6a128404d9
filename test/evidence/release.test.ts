import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditTable } from '../../src/disclosure/index.ts';
import { answerView, indicatorById, personFacts, protectRelease, PUBLIC_VIEWS, type DimensionName, type PublicFigure } from '../../src/evidence/index.ts';
import { AGENCIES, syntheticCaseFacts } from './synthetic-facts.ts';

const facts = personFacts(syntheticCaseFacts(700, 11), AGENCIES);
const indicator = indicatorById('victims-identified')!;
const year = facts.dimensions.year.values.at(-2)!.code;
const exact = protectRelease(facts, indicator, year, { rounding: false });

/** Every answer the public API can give for a release: each view, each single-value filter combination, each breakdown. */
function everyFigure(release: typeof exact): PublicFigure[] {
  const out: PublicFigure[] = [];
  for (const view of PUBLIC_VIEWS) {
    const [by, ...rest] = view.dimensions as [DimensionName, ...DimensionName[]];
    let filterSets: Partial<Record<DimensionName, string>>[] = [{}];
    for (const d of rest) filterSets = filterSets.flatMap((f) => [f, ...(release.values[d] ?? []).map((v) => ({ ...f, [d]: v }))]);
    for (const filters of filterSets) out.push(...answerView(release, view.id, filters, [by]).figures);
    out.push(...answerView(release, view.id, {}, view.dimensions).figures);
  }
  return out;
}

test('the release (all public tables of a year, protected together) passes the auditor: no suppressed cell narrower than 10', () => {
  const report = auditTable({ cells: exact.table.cells, relations: exact.table.relations });
  assert.equal(report.exposed.length, 0);
  assert.ok(exact.table.summary.primary > 0, 'the synthetic year has small cells to protect');
});

test('property: whatever view and filters, no published figure is 1–9, and no two figures differ by 1–9 where one population holds the other', () => {
  const figures = everyFigure(exact);
  const published = new Map<string, number>();
  for (const f of figures) {
    if (f.value === null) continue;
    assert.ok(f.value === 0 || f.value >= 10, `small figure ${f.value} at ${JSON.stringify(f.coords)}`);
    const key = JSON.stringify(Object.entries(f.coords).sort());
    const seen = published.get(key);
    assert.ok(seen === undefined || seen === f.value, `one cell, two values at ${key}`);
    published.set(key, f.value);
  }
  const entries = [...published].map(([k, v]) => ({ coords: Object.fromEntries(JSON.parse(k) as [string, string][]), value: v }));
  let pairs = 0;
  for (const outer of entries) {
    for (const inner of entries) {
      const o = Object.entries(outer.coords);
      const i = Object.entries(inner.coords);
      if (i.length <= o.length || !o.every(([d, v]) => inner.coords[d] === v)) continue;
      const difference = outer.value - inner.value;
      pairs++;
      assert.ok(difference === 0 || difference >= 10, `${JSON.stringify(outer.coords)} − ${JSON.stringify(inner.coords)} = ${difference}`);
    }
  }
  assert.ok(pairs > 100, `checked ${pairs} nested pairs`);
});

test('public rounding: published counts below 100 are multiples of 5, suppressed cells stay suppressed', () => {
  const rounded = protectRelease(facts, indicator, year);
  const byKey = new Map(exact.table.cells.map((c) => [c.key, c]));
  for (const c of rounded.table.cells) {
    const e = byKey.get(c.key)!;
    assert.equal(c.value === null, e.value === null);
    if (c.value !== null && c.value < 100) assert.equal(c.value % 5, 0);
  }
  assert.ok(rounded.table.summary.rulesApplied.some((r) => r.startsWith('round:5')));
});

test('a view refuses a filter on a dimension it does not have, and an unknown value', () => {
  assert.throws(() => answerView(exact, 'ageBand', { nationality: 'PER' } as never), /no nationality/);
  assert.throws(() => answerView(exact, 'sex', { sex: 'X' }), /unknown value/);
});
