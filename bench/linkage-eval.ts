// Helpers for the linkage benchmark: run the CLI exactly as outside benchmarks do, and score
// its clusters against ground truth with pairwise precision / recall / F1.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = `${ROOT}bin/enlace`;

export interface CliRun {
  readonly seconds: number;
  readonly stderr: string;
  readonly maxRssMb: number | undefined;
  readonly candidatePairs: number | undefined;
  readonly cpuSeconds: number | undefined;
}

export function runLinkCli(files: string[], out: string, extra: string[] = []): CliRun {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'link', ...files, '--out', out, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`enlace link failed (${result.status}):\n${result.stderr}`);
  const rss = /maxRSS (\d+) MB/.exec(result.stderr);
  const pairs = /(\d+) pares \/ pairs;/.exec(result.stderr);
  const cpu = /; cpu ([\d.]+) s;/.exec(result.stderr);
  return { seconds, stderr: result.stderr, maxRssMb: rss ? Number(rss[1]) : undefined, candidatePairs: pairs ? Number(pairs[1]) : undefined, cpuSeconds: cpu ? Number(cpu[1]) : undefined };
}

/** `source\u0000record_id` → person_id, from the CLI's clusters file. */
export function readClusters(path: string): Map<string, string> {
  const rows = parse(readFileSync(path), { columns: true, cast: false }) as { source: string; record_id: string; person_id: string }[];
  const map = new Map<string, string>();
  for (const row of rows) map.set(`${row.source}\u0000${row.record_id}`, row.person_id);
  return map;
}

export interface PairwiseMetrics {
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

/** Pairwise metrics between predicted clusters and true entities (all pairs of records). */
export function pairwiseMetrics(predicted: Map<string, string>, truth: Map<string, string>): PairwiseMetrics {
  const byPredicted = new Map<string, number>();
  const byTruth = new Map<string, number>();
  const byBoth = new Map<string, number>();
  for (const [key, entity] of truth) {
    const cluster = predicted.get(key);
    if (cluster === undefined) throw new Error(`record missing from the output: ${key.replace('\u0000', '/')}`);
    byPredicted.set(cluster, (byPredicted.get(cluster) ?? 0) + 1);
    byTruth.set(entity, (byTruth.get(entity) ?? 0) + 1);
    const both = `${cluster}\u0000${entity}`;
    byBoth.set(both, (byBoth.get(both) ?? 0) + 1);
  }
  let predictedPairs = 0;
  let truePairs = 0;
  let truePositives = 0;
  for (const n of byPredicted.values()) predictedPairs += choose2(n);
  for (const n of byTruth.values()) truePairs += choose2(n);
  for (const n of byBoth.values()) truePositives += choose2(n);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, truePositives, precision, recall, f1 };
}

export function formatMetrics(m: PairwiseMetrics): string {
  return `P ${m.precision.toFixed(4)}  R ${m.recall.toFixed(4)}  F1 ${m.f1.toFixed(4)}  (true pairs ${m.truePairs}, predicted ${m.predictedPairs}, TP ${m.truePositives}, FP ${m.predictedPairs - m.truePositives}, FN ${m.truePairs - m.truePositives})`;
}
