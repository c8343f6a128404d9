import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditTable } from '../../src/disclosure/audit.ts';
import { answerQuery, protectCube, protectQueryResult } from '../../src/disclosure/query.ts';
import type { QueryResult, StatisticsQuery } from '../../src/disclosure/query.ts';
import { suppressTable } from '../../src/disclosure/suppress.ts';
import { cellKey, tableFromCounts } from '../../src/disclosure/table.ts';
import type { CountCell, Dimension } from '../../src/disclosure/table.ts';
import { pick, seededRandom } from './prng.ts';

const DEPT: Dimension = { name: 'dept', values: ['LIMA', 'CUSCO'] };
const SEX: Dimension = { name: 'sex', values: ['F', 'M'] };
// Lima: 50 women, 7 men; Cusco: 25 women, 12 men.
const SMALL: CountCell[] = [
  { coords: { dept: 'LIMA', sex: 'F' }, count: 50 }, { coords: { dept: 'LIMA', sex: 'M' }, count: 7 },
  { coords: { dept: 'CUSCO', sex: 'F' }, count: 25 }, { coords: { dept: 'CUSCO', sex: 'M' }, count: 12 },
];

function figure(result: QueryResult, coords: Record<string, string>): number | null {
  const cell = result.cells.find((c) => cellKey(c.coords) === cellKey(coords));
  assert.ok(cell, `no figure for ${JSON.stringify(coords)}`);
  return cell.value;
}

/** Naive protection: each query's own table, from the filtered data, suppressed on its own. */
function naiveByDepartment(counts: readonly CountCell[], sex?: string): Map<string, number | null> {
  const filtered = counts.filter((c) => sex === undefined || c.coords.sex === sex);
  const byDept = DEPT.values.map((d) => ({ coords: { dept: d }, count: filtered.filter((c) => c.coords.dept === d).reduce((s, c) => s + c.count, 0) }));
  const table = suppressTable(tableFromCounts([DEPT], byDept));
  return new Map(table.cells.map((c) => [c.coords.dept ?? 'TOTAL', c.value]));
}

test('differencing attack: per-query suppression leaks "Lima, men" = 57 − 50; the consistent cube does not', () => {
  const all = naiveByDepartment(SMALL);
  const women = naiveByDepartment(SMALL, 'F');
  assert.equal(all.get('LIMA'), 57);
  assert.equal(women.get('LIMA'), 50);
  assert.equal(all.get('LIMA')! - women.get('LIMA')!, 7, 'each answer looks safe, their difference is a small count');

  const options = { dimensions: [DEPT, SEX] };
  const byDept = protectQueryResult(SMALL, { ...options, groupBy: ['dept'] });
  const byDeptWomen = protectQueryResult(SMALL, { ...options, groupBy: ['dept'], filters: { sex: ['F'] } });
  const lima = figure(byDept, { dept: 'LIMA' });
  const limaWomen = figure(byDeptWomen, { dept: 'LIMA' });
  assert.ok(lima === null || limaWomen === null, 'one of the two must be withheld');
  // Lima, men is primary in the cube and every answer that would isolate it is withheld.
  const bySex = protectQueryResult(SMALL, { ...options, groupBy: ['sex'], filters: { dept: ['LIMA'] } });
  assert.equal(figure(bySex, { sex: 'M' }), null);
  assert.equal(bySex.cells.find((c) => c.coords.sex === 'M')!.suppressed, 'primary');
});

test('answers come from one cube protected once; a filter on several values is a sum of published cells or withheld', () => {
  const dims: Dimension[] = [{ name: 'dept', values: ['LIMA', 'CUSCO', 'PUNO'] }, SEX, { name: 'age', values: ['NNA', 'ADULTO'] }];
  const counts: CountCell[] = [];
  for (const dept of dims[0]!.values) for (const sex of dims[1]!.values) for (const age of dims[2]!.values) counts.push({ coords: { dept, sex, age }, count: dept === 'LIMA' ? 40 : dept === 'CUSCO' && sex === 'M' && age === 'NNA' ? 3 : 20 });
  const cube = protectCube(counts, dims);
  assert.equal(protectCube(counts, dims), cube, 'cached for the same data');
  assert.ok(auditTable(cube).safe);
  const cubeValue = (coords: Record<string, string>) => cube.cells.find((c) => c.key === cellKey(coords))!.value;
  // Lima and Cusco, children, by sex: each figure adds two cube cells; Cusco boys (3) are hidden.
  const selected = answerQuery(cube, dims, { groupBy: ['sex'], filters: { dept: ['LIMA', 'CUSCO'], age: ['NNA'] } });
  assert.equal(figure(selected, { sex: 'M' }), null);
  const limaGirls = cubeValue({ dept: 'LIMA', sex: 'F', age: 'NNA' });
  const cuscoGirls = cubeValue({ dept: 'CUSCO', sex: 'F', age: 'NNA' });
  assert.equal(figure(selected, { sex: 'F' }), limaGirls === null || cuscoGirls === null ? null : 60);
  // All departments: the cube's own margin, published even though a cell under it is hidden.
  const allDepartments = answerQuery(cube, dims, { groupBy: ['sex'], filters: { age: ['NNA'] } });
  assert.equal(figure(allDepartments, { sex: 'M' }), cubeValue({ sex: 'M', age: 'NNA' }));
  const unfiltered = answerQuery(cube, dims, { groupBy: ['sex'] });
  assert.equal(figure(unfiltered, {}), 40 * 4 + 20 * 7 + 3);
  assert.equal(unfiltered.cells.filter((c) => c.margin).length, 1);
  assert.match(unfiltered.summary.note.en, /counts from 1 to 9 are not published/);
  assert.throws(() => answerQuery(cube, dims, { groupBy: ['region'] }), /unknown dimension/);
  assert.throws(() => answerQuery(cube, dims, { filters: { sex: ['Z'] } }), /unknown value/);
  const four = [...dims, { name: 'year', values: ['2024'] }];
  assert.throws(() => protectQueryResult(counts.map((c) => ({ ...c, coords: { ...c.coords, year: '2024' } })), { dimensions: four }), /at most 3 dimensions/);
});

/** Every figure published by any query, with the set of values of each dimension it counts. */
interface Figure {
  population: Record<string, readonly string[]>;
  value: number;
  query: number;
}

test('property: random filter combinations never expose 1–9 in a cell, a margin, or a difference of two figures (same query or across queries)', () => {
  const random = seededRandom(2026);
  const dims: Dimension[] = [
    { name: 'dept', values: ['LIMA', 'CUSCO', 'LORETO', 'PUNO', 'TUMBES', 'MADRE_DE_DIOS'] },
    { name: 'sex', values: ['F', 'M', 'DESCONOCIDO'] },
    { name: 'age', values: ['NNA', '18-29', '30+', 'DESCONOCIDO'] },
  ];
  const weights = { dept: [40, 15, 12, 8, 3, 2], sex: [78, 20, 2], age: [40, 35, 20, 5] };
  const drawn = new Map<string, number>();
  for (let i = 0; i < 1500; i++) {
    const coords = Object.fromEntries(dims.map((d) => [d.name, weighted(random, d.values, weights[d.name as keyof typeof weights])]));
    const key = JSON.stringify(coords);
    drawn.set(key, (drawn.get(key) ?? 0) + 1);
  }
  const counts: CountCell[] = [...drawn].map(([key, count]) => ({ coords: JSON.parse(key) as Record<string, string>, count }));
  const truth = (population: Record<string, readonly string[]>) =>
    counts.filter((c) => dims.every((d) => population[d.name]!.includes(c.coords[d.name]!))).reduce((s, c) => s + c.count, 0);

  const figures = new Map<string, Figure>();
  for (let q = 0; q < 120; q++) {
    const groupBy = dims.filter(() => random() < 0.4).map((d) => d.name);
    const filters: Record<string, string[]> = {};
    for (const d of dims) {
      if (random() < 0.5) continue;
      const values = d.values.filter(() => random() < 0.5);
      filters[d.name] = values.length > 0 ? values : [pick(random, d.values)];
    }
    const query: StatisticsQuery = { groupBy, filters };
    const result = protectQueryResult(counts, { dimensions: dims, ...query });
    const own: Figure[] = [];
    for (const cell of result.cells) {
      const population = Object.fromEntries(dims.map((d) => [d.name, cell.coords[d.name] !== undefined ? [cell.coords[d.name]!] : filters[d.name] ?? d.values]));
      if (cell.value === null) continue;
      assert.equal(cell.value, truth(population), 'published figures are true counts');
      assert.ok(cell.value === 0 || cell.value >= 10, `query ${q} publishes ${cell.value}`);
      const figure = { population, value: cell.value, query: q };
      own.push(figure);
      figures.set(JSON.stringify(dims.map((d) => [...population[d.name]!].sort())), figure);
    }
    assertNoSmallDifference(own, dims);
  }
  assertNoSmallDifference([...figures.values()], dims);
  assert.ok(figures.size > 100, `only ${figures.size} distinct figures`);
});

function assertNoSmallDifference(figures: readonly Figure[], dims: readonly Dimension[]): void {
  for (const a of figures) {
    for (const b of figures) {
      if (a === b) continue;
      const contains = dims.every((d) => b.population[d.name]!.every((v) => a.population[d.name]!.includes(v)));
      if (!contains) continue;
      const difference = a.value - b.value;
      assert.ok(difference === 0 || difference >= 10, `queries ${a.query} and ${b.query}: ${a.value} − ${b.value} = ${difference} (${JSON.stringify(a.population)} ⊇ ${JSON.stringify(b.population)})`);
    }
  }
}

function weighted(random: () => number, values: readonly string[], weights: readonly number[]): string {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = random() * total;
  for (let i = 0; i < values.length; i++) {
    r -= weights[i]!;
    if (r < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}
