// Comparing candidate pairs on several threads. The main thread takes one share itself and
// each worker takes another; records are sent once per worker.
import { Worker } from 'node:worker_threads';
import { compareCandidatePairs } from './pipeline.ts';
import type { Comparison } from './comparisons.ts';
import type { PreparedRecord } from './record.ts';

const WORKER_URL = new URL('./compare-worker.ts', import.meta.url);
// The worker is TypeScript: register tsx's loader inside the worker before importing it
// (Node 20 workers do not inherit the main thread's loader hooks).
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;

export async function parallelCompare(records: readonly PreparedRecord[], pairs: Float64Array, comparisons: readonly Comparison[], threads: number): Promise<Uint8Array> {
  const width = comparisons.length;
  if (threads <= 1 || pairs.length < 200_000) return compareCandidatePairs(records, pairs, comparisons);
  const shares = threads;
  const per = Math.ceil(pairs.length / shares);
  const levels = new Uint8Array(pairs.length * width);
  const jobs: Promise<void>[] = [];
  for (let s = 1; s < shares; s++) {
    const slice = pairs.slice(s * per, Math.min(pairs.length, (s + 1) * per));
    const offset = s * per * width;
    jobs.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(WORKER_BOOT, { eval: true, workerData: { records, pairs: slice, comparisonNames: comparisons.map((c) => c.name) } });
        worker.once('message', (result: Uint8Array) => {
          levels.set(result, offset);
          void worker.terminate();
          resolve();
        });
        worker.once('error', reject);
      }),
    );
  }
  const own = compareCandidatePairs(records, pairs.subarray(0, per), comparisons);
  levels.set(own, 0);
  await Promise.all(jobs);
  return levels;
}
