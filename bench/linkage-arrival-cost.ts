// node --import tsx bench/linkage-arrival-cost.ts — what the linkage index thread spends on each
// registration of bench:api, without HTTP or a database: an index built as the server builds it
// (synthetic persons as registered, toRegistration → canonicalOf: names, sex, birth, document,
// nationality) from ~104,000 records like bench:api's database, then bench:api's arrivals, as a
// process of `enlace serve --workers 2` sees them: every other one scored, held and committed
// (its own registrations), the others added (relayed from the other process). Prints CPU and
// wall time per arrival, the scavenges, and a SHA-256 of every answer (the same before and after a
// change that must not change what linkage proposes).
// BENCH_PERSONS (45455 synthetic persons) and BENCH_ARRIVALS (6000, after 1000 to warm up) change
// the run; BENCH_HASH=0 leaves out the answers' JSON (it allocates); BENCH_HEAP=1 prints the
// sampled allocation per arrival by site; BENCH_CPU_PROFILE=file writes the measured loop's CPU
// profile (summarise with /work/coord/prof/summ.mjs). Run with --trace-gc-nvp for the scavenges'
// figures (survived, promoted).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { CanonicalRecord } from '../src/domain/person-record.ts';
import { RegisterCaseRequest } from '../src/domain/schemas.ts';
import { scoreIn } from '../src/server/linkage/index-thread.ts';
import { buildPersonIndex, canonicalOf } from '../src/server/linkage/linker.ts';
import { generateSyntheticRegistry, toRegistration, type SyntheticRecord } from '../src/synthetic/index.ts';

const persons = Number(process.env.BENCH_PERSONS ?? 45_455);
const arrivals = Number(process.env.BENCH_ARRIVALS ?? 6000);
const WARM_UP = 1000;
const hashing = process.env.BENCH_HASH !== '0';
const REVIEW = 0.5;

/** A synthetic record as a registration leaves it in the database, and as the index reads it. */
const registered = (s: SyntheticRecord): CanonicalRecord => canonicalOf(s.record.record_id, s.record.source, RegisterCaseRequest.parse(toRegistration(s)).person ?? {});

const records: CanonicalRecord[] = [];
// bench:api loads its database from seeds 1, 2…; 45,455 persons of seed 1 are about its 104,000 records.
for (const s of generateSyntheticRegistry({ seed: 1, persons })) records.push(registered(s));
const incoming: CanonicalRecord[] = [];
// bench:api's own arrivals (its seed for a fresh database).
for (const s of generateSyntheticRegistry({ seed: 20_261_127, persons: Math.ceil((WARM_UP + arrivals) / 2) + 100 })) {
  if (incoming.length >= WARM_UP + arrivals) break;
  incoming.push(registered(s));
}
if (incoming.length < WARM_UP + arrivals) throw new Error(`only ${incoming.length} arrivals generated`);
const started = performance.now();
const index = await buildPersonIndex(records);
console.log(`index of ${index.size.toLocaleString('en')} records built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** The thread's work for one arrival (index-thread.ts): scored, held and committed, or added. */
const arrive = (record: CanonicalRecord, own: boolean): string => {
  if (!own) {
    index.add(record);
    return '';
  }
  const scored = scoreIn(index, record, REVIEW, undefined, true);
  index.commit(scored.entry as number);
  return hashing ? JSON.stringify(scored.candidates) : '';
};
for (let i = 0; i < WARM_UP; i++) arrive(incoming[i] as CanonicalRecord, i % 2 === 0);

let scavenges = 0;
let scavengeMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MINOR) continue;
    scavenges++;
    scavengeMs += entry.duration;
  }
});
observer.observe({ entryTypes: ['gc'] });
const session = new Session();
session.connect();
const sampling = process.env.BENCH_HEAP === '1';
const profiling = process.env.BENCH_CPU_PROFILE;
if (sampling) await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
if (profiling) {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
const hash = createHash('sha256');
const cpu = process.cpuUsage();
const at = performance.now();
for (let i = WARM_UP; i < WARM_UP + arrivals; i++) hash.update(arrive(incoming[i] as CanonicalRecord, i % 2 === 0));
const used = process.cpuUsage(cpu);
const wall = performance.now() - at;
if (profiling) writeFileSync(profiling, JSON.stringify(((await session.post('Profiler.stop')) as { profile: unknown }).profile));
if (sampling) {
  interface Node {
    callFrame: { functionName: string; url: string };
    selfSize: number;
    children: Node[];
  }
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: Node): void => {
    const site = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*\/src\//, '')}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  console.log(`sampled allocation: ${(total / arrivals / 1024).toFixed(1)} KiB per arrival`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${(bytes / arrivals).toFixed(0).padStart(8)} B  ${site}`);
}
// The observer hears of the loop's scavenges once the loop has let go of the thread.
await new Promise((resolve) => setTimeout(resolve, 200));
observer.disconnect();
console.log(
  `${arrivals} arrivals (half scored, held and committed; half added): ${((used.user + used.system) / arrivals).toFixed(1)} µs CPU each, ` +
    `${((wall * 1000) / arrivals).toFixed(1)} µs wall; ${scavenges} scavenges, ${scavengeMs.toFixed(0)} ms` +
    (hashing ? `; answers sha256 ${hash.digest('hex').slice(0, 16)}` : ''),
);
