import { test } from 'node:test';
import assert from 'node:assert/strict';
import { competeAmongCandidates, competitionLevel, competitionLevels, estimateCompetitionWeights } from '../../src/linkage/competition.ts';

test('competition: a pair is classed by the gap to its best rival in the other source', () => {
  assert.equal(competitionLevel(3, -Infinity), 1);
  assert.equal(competitionLevel(3, -2), 1);
  assert.equal(competitionLevel(3, 1), 2);
  assert.equal(competitionLevel(3, 3), 3);
  assert.equal(competitionLevel(3, 9), 4);
  // Records 0, 1 of source 0; 2, 3 of source 1. Record 0 fits 2 well and 3 barely; 0–1 is one source.
  const levels = competitionLevels(Int32Array.of(0, 0, 1, 1), 2, Int32Array.of(0, 0, 0, 1), Int32Array.of(1, 2, 3, 3), Float32Array.of(5, 9, 1, -2));
  assert.deepEqual([...levels], [0, 1, 4, 3]);
});

test('competition: the best of namesakes gains, the beaten one loses; one source and lone candidates are left alone', () => {
  // Many pairs: the best of two candidates mostly sure, the beaten mostly not.
  const weights: number[] = [];
  const levels: number[] = [];
  for (let k = 0; k < 200; k++) {
    weights.push(6, -4);
    levels.push(1, 4);
  }
  const classWeights = estimateCompetitionWeights(Uint8Array.from(levels), Float32Array.from(weights));
  assert.equal(classWeights[0], 0);
  assert.ok((classWeights[1] as number) > 0 && (classWeights[4] as number) < 0, classWeights.join(' '));
  const candidates = [
    { source: 'MP', weight: 8 },
    { source: 'MP', weight: 1 },
    { source: 'PNP', weight: 2 },
  ];
  competeAmongCandidates('PNP', candidates, [0, 2, 1, -1, -3]);
  assert.deepEqual(candidates.map((c) => c.weight), [10, -2, 2]);
});
