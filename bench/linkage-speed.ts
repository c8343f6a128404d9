// Speed: N synthetic Peruvian records (src/synthetic) deduplicated end to end by `enlace link`
// (read, block, estimate, score, cluster, write), timed from outside, peak memory from the CLI.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { CANONICAL_COLUMNS } from '../src/domain/person-record.ts';
import { generateSyntheticRegistry } from '../src/synthetic/index.ts';
import { formatMetrics, pairwiseMetrics, readClusters, runLinkCli } from './linkage-eval.ts';

/** Records per invented person in the default agency mix (measured: about 2.28). */
const RECORDS_PER_PERSON = 2.28;

export async function speedSection(work: string, recordCount: number): Promise<void> {
  console.log(`\n## Speed: ${recordCount.toLocaleString('en')} synthetic records, one file, deduplicated end to end by \`enlace link\``);
  const csv = join(work, 'speed.csv');
  const out = createWriteStream(csv);
  const truth = new Map<string, string>();
  let written = 0;
  let batch: string[][] = [[...CANONICAL_COLUMNS]];
  const started = performance.now();
  for (const r of generateSyntheticRegistry({ seed: 99, persons: Math.ceil(recordCount / RECORDS_PER_PERSON) + 1000 })) {
    if (written >= recordCount) break;
    batch.push(CANONICAL_COLUMNS.map((c) => r.record[c] ?? ''));
    truth.set(`${r.record.source}\u0000${r.record.record_id}`, r.truePersonId);
    written++;
    if (batch.length >= 10_000) {
      if (!out.write(stringify(batch))) await once(out, 'drain');
      batch = [];
    }
  }
  out.write(stringify(batch));
  out.end();
  await once(out, 'finish');
  console.log(`generated ${written} records in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed below)`);

  const clusters = join(work, 'speed.clusters.csv');
  const run = runLinkCli([csv], clusters);
  const pairs = run.candidatePairs ?? 0;
  const timings = /tiempos \/ timings (\{[^}]*\})/.exec(run.stderr)?.[1] ?? '{}';
  const cpuTimings = /; cpu (\{[^}]*\})/.exec(run.stderr)?.[1] ?? '{}';
  console.log(`wall time ${run.seconds.toFixed(1)} s (limit 120 s, goal 30 s); CPU time of the CLI ${run.cpuSeconds?.toFixed(1) ?? '?'} s (all threads)`);
  const [load1] = loadavg();
  console.log(`machine load average at the end: ${load1?.toFixed(1)} on ${availableParallelism()} cores (wall time is only meaningful when this is near or below the core count)`);
  console.log(`records/s ${Math.round(written / run.seconds).toLocaleString('en')}`);
  console.log(`candidate pairs scored ${pairs.toLocaleString('en')}; pairs/s (end to end) ${Math.round(pairs / run.seconds).toLocaleString('en')}`);
  console.log(`peak memory (maxRSS of the CLI) ${run.maxRssMb ?? '?'} MB (limit 4096 MB)`);
  console.log(`stage timings (ms, wall) ${timings}`);
  console.log(`stage CPU time (ms, all threads) ${cpuTimings}`);
  const metrics = pairwiseMetrics(readClusters(clusters), truth);
  console.log(`accuracy at this scale: ${formatMetrics(metrics)}`);
}
