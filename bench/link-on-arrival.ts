// npm run bench:link-on-arrival — linking one new person record on arrival against an index of
// existing ones (the floor: p99 ≤ 50 ms against 1,000,000). Builds the server's in-memory
// index (the engine's LinkageIndex, as LinkageService builds it) from synthetic records, then finds
// and explains each fresh record's matches one at a time, as the server does, and prints the latency.
// BENCH_INDEX_RECORDS (1000000) and BENCH_QUERIES (2000) change the run.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildPersonIndex, matchCandidates } from '../src/server/linkage/linker.ts';
import { generateSyntheticRegistry } from '../src/synthetic/index.ts';
import type { CanonicalRecord } from '../src/domain/person-record.ts';

const indexSize = Number(process.env.BENCH_INDEX_RECORDS ?? 1_000_000);
const queries = Number(process.env.BENCH_QUERIES ?? 2_000);

const records: CanonicalRecord[] = [];
const fresh: CanonicalRecord[] = [];
/** The invented person behind each record id, to tell whether her other records were found. */
const personOf = new Map<string, string>();
let started = performance.now();
for (const synthetic of generateSyntheticRegistry({ seed: 99, persons: Math.ceil((indexSize + queries) / 2.2) })) {
  personOf.set(synthetic.record.record_id, synthetic.truePersonId);
  // Every 1 in N records is held back and arrives later, so the new records have true matches.
  if (fresh.length < queries && records.length % Math.floor(indexSize / queries) === 0) fresh.push(synthetic.record);
  else if (records.length < indexSize) records.push(synthetic.record);
  if (records.length >= indexSize && fresh.length >= queries) break;
}
console.log(`generated ${records.length.toLocaleString('en')} indexed + ${fresh.length} arriving records in ${((performance.now() - started) / 1000).toFixed(1)} s`);

started = performance.now();
const index = await buildPersonIndex(records);
const buildSeconds = (performance.now() - started) / 1000;
const rss = process.memoryUsage().rss / 2 ** 20;
console.log(`index: ${index.size.toLocaleString('en')} records, trained and built in ${buildSeconds.toFixed(1)} s, RSS ${rss.toFixed(0)} MiB`);

const indexedPersons = new Set<string>();
for (const record of records) indexedPersons.add(personOf.get(record.record_id) as string);
const latencies: number[] = [];
let proposed = 0;
let withPerson = 0;
let found = 0;
for (const record of fresh) {
  const t0 = performance.now();
  const candidates = matchCandidates(index, record, 0.5);
  latencies.push(performance.now() - t0);
  proposed += candidates.length;
  const person = personOf.get(record.record_id) as string;
  if (indexedPersons.has(person)) {
    withPerson++;
    if (candidates.some((c) => personOf.get(c.personId) === person)) found++;
  }
  index.add(record);
  indexedPersons.add(person);
}
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
console.log(`\nbench:link-on-arrival — one record against ${index.size.toLocaleString('en')}`);
console.log(`queries ${latencies.length}, candidates ≥ 0.5 per record ${(proposed / latencies.length).toFixed(2)}; arriving records whose person was already indexed: ${withPerson}, of which found ${found}`);
console.log(`latency ms: p50 ${at(0.5).toFixed(2)}  p95 ${at(0.95).toFixed(2)}  p99 ${at(0.99).toFixed(2)}  max ${at(1).toFixed(2)}`);
const [load1] = loadavg();
console.log(`floor (p99 ≤ 50 ms): ${at(0.99) <= 50 ? 'met' : 'NOT met'}; load average ${load1?.toFixed(1)} on ${availableParallelism()} cores (latencies include any wait for a core)`);
