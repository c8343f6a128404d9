// Worker thread: computes comparison levels for its share of candidate pairs.
import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_COMPARISONS } from './comparisons.ts';
import { compareCandidatePairs } from './pipeline.ts';
import type { PreparedRecord } from './record.ts';

interface CompareJob {
  records: PreparedRecord[];
  pairs: Float64Array;
  comparisonNames: string[];
}

const job = workerData as CompareJob;
const comparisons = job.comparisonNames.map((name) => {
  const found = DEFAULT_COMPARISONS.find((c) => c.name === name);
  if (!found) throw new Error(`unknown comparison ${name}`);
  return found;
});
const levels = compareCandidatePairs(job.records, job.pairs, comparisons);
parentPort?.postMessage(levels, [levels.buffer as ArrayBuffer]);
