// Link on arrival: p50/p99 latency of scoring one new record against a LinkageIndex of N
// synthetic records (model trained in batch on a sample).
import { generateSyntheticRegistry } from '../src/synthetic/index.ts';
import type { SyntheticRecord } from '../src/synthetic/index.ts';
import { linkRecords } from '../src/linkage/pipeline.ts';
import { LinkageIndex } from '../src/linkage/linkage-index.ts';

export async function incrementalSection(indexSize: number, queries = 2000): Promise<void> {
  console.log(`\n## Link on arrival: one record against a LinkageIndex of ${indexSize.toLocaleString('en')} records`);
  const records: SyntheticRecord[] = [];
  for (const r of generateSyntheticRegistry({ seed: 5, persons: Math.ceil((indexSize + queries) / 2.28) + 500 })) {
    records.push(r);
    if (records.length >= indexSize + queries) break;
  }
  const training = await linkRecords(records.slice(0, Math.min(50_000, indexSize)).map((r) => r.record));
  const index = new LinkageIndex(training.model);
  const buildStart = performance.now();
  for (let i = 0; i < indexSize; i++) index.add((records[i] as SyntheticRecord).record);
  console.log(`index built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s; heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB`);
  const latencies: number[] = [];
  let candidates = 0;
  let found = 0;
  const people = new Map<string, number>();
  for (let i = 0; i < indexSize; i++) people.set((records[i] as SyntheticRecord).truePersonId, i);
  for (let q = 0; q < queries; q++) {
    const query = records[indexSize + q] as SyntheticRecord;
    const t = performance.now();
    const scored = index.score(query.record, 0.5);
    latencies.push(performance.now() - t);
    candidates += scored.length;
    if (people.has(query.truePersonId) && scored.some((s) => records[s.index]?.truePersonId === query.truePersonId)) found++;
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] as number;
  const withPerson = records.slice(indexSize, indexSize + queries).filter((r) => people.has(r.truePersonId)).length;
  console.log(`latency per record: p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${at(1).toFixed(2)} ms (target p99 ≤ 50 ms at 1,000,000)`);
  console.log(`links proposed (p ≥ 0.5) per query ${(candidates / queries).toFixed(2)}; queries whose person is already indexed and was found: ${found}/${withPerson}`);
}
