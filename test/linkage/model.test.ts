import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Comparison } from '../../src/linkage/comparisons.ts';
import { DEFAULT_COMPARISONS } from '../../src/linkage/comparisons.ts';
import { buildModel, emptyFrequencies, estimateKinshipU, expectationMaximisation, explainPair, histogram, priorFor, seededRandom } from '../../src/linkage/model.ts';
import { prepareRecord } from '../../src/linkage/record.ts';
import type { PreparedRecord } from '../../src/linkage/record.ts';
import { PAIR_SHIFT } from '../../src/linkage/blocking.ts';
import { compareCandidatePairs, estimateSourceLambdas } from '../../src/linkage/pipeline.ts';
import { clusterPairs } from '../../src/linkage/cluster.ts';

// Three comparisons with known m and u; pairs drawn from the model itself (a labelled set).
const comparisons: Comparison[] = ['name', 'date', 'place'].map((name) => ({
  name,
  levels: ['null', 'exact', 'close', 'different'],
  mStart: [0, 0.6, 0.2, 0.2],
  uStart: [0, 0.1, 0.1, 0.8],
  compare: () => 0,
}));
const trueM = [
  [1, 0.85, 0.1, 0.05],
  [1, 0.8, 0.12, 0.08],
  [1, 0.7, 0.2, 0.1],
];
const trueU = [
  [1, 0.02, 0.08, 0.9],
  [1, 0.01, 0.05, 0.94],
  [1, 0.1, 0.2, 0.7],
];

function draw(probabilities: number[], random: () => number): number {
  let x = random();
  for (let l = 1; l < probabilities.length; l++) {
    x -= probabilities[l] as number;
    if (x <= 0) return l;
  }
  return probabilities.length - 1;
}

test('EM with u fixed recovers m and λ on a labelled simulation', () => {
  const random = seededRandom(42);
  const pairs = 40_000;
  const lambda = 0.2;
  const levels = new Uint8Array(pairs * 3);
  let matches = 0;
  for (let p = 0; p < pairs; p++) {
    const isMatch = random() < lambda;
    if (isMatch) matches++;
    for (let c = 0; c < 3; c++) levels[p * 3 + c] = draw((isMatch ? trueM : trueU)[c] as number[], random);
  }
  const em = expectationMaximisation(comparisons, histogram(levels, 3, pairs), trueU);
  assert.ok(Math.abs(em.lambda - matches / pairs) < 0.02, `λ ${em.lambda} vs ${matches / pairs}`);
  for (let c = 0; c < 3; c++) {
    for (let l = 1; l < 4; l++) {
      const got = (em.m[c] as number[])[l] as number;
      const want = (trueM[c] as number[])[l] as number;
      assert.ok(Math.abs(got - want) < 0.04, `m[${c}][${l}] = ${got.toFixed(3)}, expected ${want}`);
    }
  }
  assert.ok(em.iterations < 100, 'EM converged');
});

test('clustering: one strong wrong link does not merge two groups', () => {
  // Records 0-3 are one person, 4-7 another; 3–4 is a wrong link, well above the threshold.
  const group = (i: number): number => (i < 4 ? 0 : 1);
  const left: number[] = [];
  const right: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < 8; i++) {
    for (let j = i + 1; j < 8; j++) {
      if (group(i) === group(j)) {
        left.push(i);
        right.push(j);
        weights.push(10);
      }
    }
  }
  left.push(3);
  right.push(4);
  weights.push(8);
  const weightOf = (i: number, j: number): number => (i === 3 && j === 4) || (i === 4 && j === 3) ? 8 : group(i) === group(j) ? 10 : -12;
  const result = clusterPairs(8, Int32Array.from(left), Int32Array.from(right), Float64Array.from(weights), weightOf);
  assert.equal(result.clusterCount, 2);
  for (let i = 1; i < 4; i++) assert.equal(result.clusterOf[i], result.clusterOf[0]);
  for (let i = 5; i < 8; i++) assert.equal(result.clusterOf[i], result.clusterOf[4]);
  assert.notEqual(result.clusterOf[0], result.clusterOf[4]);
  assert.ok(result.rejectedMerges >= 1);
});

test('clustering: a chain of weak links does not become one cluster', () => {
  // 0–1, 1–2, 2–3, 3–4 linked, but every non-adjacent pair is a clear non-match.
  const left = Int32Array.from([0, 1, 2, 3]);
  const right = Int32Array.from([1, 2, 3, 4]);
  const weights = Float64Array.from([5, 4, 3, 2]);
  const weightOf = (i: number, j: number): number => (Math.abs(i - j) === 1 ? 3 : -10);
  const result = clusterPairs(5, left, right, weights, weightOf);
  assert.ok(result.clusterCount >= 2, `got ${result.clusterCount} clusters`);
});

test('clustering: a record that fits one of a woman\'s records weakly and the other not at all stays apart', () => {
  // 0–1 one person (+12); 2 scores +1 with 1 but -12 with 0: half the cross pairs above 0 no longer suffices.
  const left = Int32Array.from([0, 1]);
  const right = Int32Array.from([1, 2]);
  const weights = Float64Array.from([12, 1]);
  const weightOf = (i: number, j: number): number => (i + j === 1 ? 12 : i + j === 3 ? 1 : -12);
  const result = clusterPairs(3, left, right, weights, weightOf);
  assert.equal(result.clusterOf[0], result.clusterOf[1]);
  assert.notEqual(result.clusterOf[2], result.clusterOf[1]);
  // Weakly against the other record (-6), it joins: the mean weight is -2.5.
  const joined = clusterPairs(3, left, right, weights, (i, j) => (i + j === 1 ? 12 : i + j === 3 ? 1 : -6));
  assert.equal(joined.clusterOf[2], joined.clusterOf[0]);
});

test('relatives: a phone a family shares weighs less between records whose surnames agree', () => {
  const all = DEFAULT_COMPARISONS;
  const width = all.length;
  const at = (name: string): number => all.findIndex((c) => c.name === name);
  const normalised = (row: readonly number[]): number[] => {
    const sum = row.reduce((a, b, l) => (l === 0 ? a : a + b), 0);
    return row.map((v, l) => (l === 0 ? 1 : v / sum));
  };
  const u = all.map((c) => normalised(c.uStart));
  const m = all.map((c) => normalised(c.mStart));
  // 1,000 sibling-like pairs: same surnames, other given names and birth dates; half share a phone.
  const pairs = 1000;
  const levels = new Uint8Array(pairs * width);
  for (let p = 0; p < pairs; p++) {
    levels[p * width + at('given_names')] = (all[at('given_names')] as Comparison).levels.length - 1;
    levels[p * width + at('surnames')] = 1;
    levels[p * width + at('birth_date')] = (all[at('birth_date')] as Comparison).levels.length - 1;
    levels[p * width + at('phone')] = p % 2 === 0 ? 1 : 3;
  }
  assert.equal(estimateKinshipU(all, levels, 100, u), undefined, 'too few relatives to learn from');
  const kinU = estimateKinshipU(all, levels, pairs, u);
  assert.ok(kinU);
  assert.ok(((kinU[at('phone')] as number[])[1] as number) > 0.4, 'half the relatives share a phone');
  assert.deepEqual(kinU[at('given_names')], u[at('given_names')], 'only household fields change');

  const model = buildModel(all, m, u, 1e-4, emptyFrequencies(), 0, kinU);
  const person = (given: string, paternal: string, birth: string) =>
    prepareRecord({ source: 'T', record_id: given + paternal, given_names: given, paternal_surname: paternal, maternal_surname: 'Mamani', birth_date: birth, phone: '987654321' }, 0, { referenceYear: 2026 });
  const phoneWeight = (a: ReturnType<typeof person>, b: ReturnType<typeof person>): number => explainPair(model, a, b).fields.find((f) => f.comparison === 'phone')?.weight as number;
  const sisters = phoneWeight(person('Rosa', 'Quispe', '2001-03-04'), person('Ana', 'Quispe', '2004-07-08'));
  const strangers = phoneWeight(person('Rosa', 'Quispe', '2001-03-04'), person('Ana', 'Torres', '2004-07-08'));
  assert.ok(sisters < strangers - 5, `a shared phone counts for less between sisters (${sisters.toFixed(1)}) than between strangers (${strangers.toFixed(1)})`);
});

test('one source or two: λ apart for each, and the pair takes its own prior', () => {
  // Two registries of ten persons each (every person in both) and no one twice in one registry.
  const records = ['A', 'B'].flatMap((source, s) =>
    ['ROSA', 'MARIA', 'ANA', 'LUZ', 'EVA', 'NORA', 'RUTH', 'SARA', 'ELSA', 'IRMA'].map((given, k) =>
      prepareRecord({ source, record_id: `${source}${k}`, given_names: given, paternal_surname: ['QUISPE', 'MAMANI', 'FLORES', 'CONDORI', 'APAZA', 'TICONA', 'HUAMAN', 'CCORI', 'CHAMBI', 'PINEDO'][k] as string, birth_date: `${1980 + 3 * k}-05-1${k}` }, s * 10 + k),
    ),
  );
  const all = DEFAULT_COMPARISONS;
  const m = all.map((c) => c.mStart.map((v) => v));
  const u = all.map((c) => c.uStart.map((v) => v));
  const pairs: number[] = [];
  for (let i = 0; i < records.length; i++) for (let j = i + 1; j < records.length; j++) pairs.push(i * PAIR_SHIFT + j);
  const packed = Float64Array.from(pairs);
  const lambdas = estimateSourceLambdas(records, all, packed, compareCandidatePairs(records, packed, all), m, u);
  assert.ok(lambdas && lambdas.cross > 4 * lambdas.same, `λ one source ${lambdas?.same}, two sources ${lambdas?.cross}`);
  const model = buildModel(all, m, u, 1e-3, emptyFrequencies(), 0, undefined, lambdas);
  const a = records[0] as PreparedRecord;
  assert.equal(priorFor(model, a, records[10] as PreparedRecord), model.crossSourcePriorWeight);
  assert.equal(priorFor(model, a, records[1] as PreparedRecord), model.sameSourcePriorWeight);
  assert.equal(explainPair(model, a, records[1] as PreparedRecord).prior, model.sameSourcePriorWeight);
  // One file: nothing to tell apart.
  assert.equal(estimateSourceLambdas(records.slice(0, 10), all, Float64Array.of(1), new Uint8Array(all.length), m, u), undefined);
});
