// Blocking recall on synthetic Peruvian data, without scoring: which true pairs each rule
// brings together, how many pairs it costs, and why the missed ones were missed (no key in
// common, or only keys of oversized blocks). Quick to run at 200,000 records.
//   node --import tsx bench/linkage-blocking.ts [persons=88000]
import { blockSizeFor, candidatePairs, DEFAULT_BLOCKING_OPTIONS, DEFAULT_BLOCKING_RULES, PAIR_SHIFT } from '../src/linkage/blocking.ts';
import type { BlockingRule } from '../src/linkage/blocking.ts';
import { prepareAll } from '../src/linkage/pipeline.ts';
import { nameViews } from '../src/linkage/record.ts';
import type { PreparedRecord } from '../src/linkage/record.ts';
import { generateSyntheticRegistry } from '../src/synthetic/index.ts';

const persons = Number(process.argv[2] ?? 88_000);
const synthetic = [...generateSyntheticRegistry({ seed: 20260101, persons })];
const records = prepareAll(synthetic.map((s) => s.record), { referenceYear: 2026 });
const started = performance.now();
const options = { maxBlockSize: Number(process.env.CAP ?? DEFAULT_BLOCKING_OPTIONS.maxBlockSize), window: Number(process.env.WINDOW ?? DEFAULT_BLOCKING_OPTIONS.window) };
const candidates = candidatePairs(records, DEFAULT_BLOCKING_RULES, options);
const seconds = (performance.now() - started) / 1000;
const found = new Set<number>();
for (const p of candidates.pairs) found.add(p);

const byPerson = new Map<string, number[]>();
synthetic.forEach((r, i) => {
  const list = byPerson.get(r.truePersonId);
  if (list) list.push(i);
  else byPerson.set(r.truePersonId, [i]);
});
const truePairs: number[] = [];
for (const g of byPerson.values()) for (let x = 0; x < g.length; x++) for (let y = x + 1; y < g.length; y++) truePairs.push(Math.min(g[x] as number, g[y] as number) * PAIR_SHIFT + Math.max(g[x] as number, g[y] as number));

const keysOf = (rule: BlockingRule, r: PreparedRecord): string[] => [...new Set(nameViews(r).flatMap((v) => rule.keys(v)))];
const blockSize = DEFAULT_BLOCKING_RULES.map((rule) => {
  const sizes = new Map<string, number>();
  for (const r of records) for (const k of keysOf(rule, r)) sizes.set(k, (sizes.get(k) ?? 0) + 1);
  return sizes;
});
const cap = blockSizeFor(records.length, options);
const missedWhy = new Map<string, number>();
let missed = 0;
const samples: string[] = [];
for (const p of truePairs) {
  if (found.has(p)) continue;
  missed++;
  const a = records[Math.floor(p / PAIR_SHIFT)] as PreparedRecord;
  const b = records[p % PAIR_SHIFT] as PreparedRecord;
  const shared: string[] = [];
  DEFAULT_BLOCKING_RULES.forEach((rule, r) => {
    const kb = new Set(keysOf(rule, b));
    let smallest = Infinity;
    for (const k of keysOf(rule, a)) if (kb.has(k)) smallest = Math.min(smallest, blockSize[r]?.get(k) ?? 0);
    if (smallest < Infinity) shared.push(`${rule.name} (${smallest <= 50 ? '≤50' : smallest <= 200 ? '≤200' : smallest <= 1000 ? '≤1000' : '>1000'})`);
  });
  const why = shared.length === 0 ? 'no key in common' : shared.join(', ');
  if (shared.length === 0 && samples.length < Number(process.env.SAMPLES ?? 0)) samples.push([synthetic[a.index]?.record, synthetic[b.index]?.record].map((x) => JSON.stringify(x)).join('\n    '));
  missedWhy.set(why, (missedWhy.get(why) ?? 0) + 1);
}
console.log(`${records.length} records, ${truePairs.length} true pairs; ${candidates.pairs.length} candidate pairs (${(candidates.pairs.length / records.length).toFixed(1)} per record) in ${seconds.toFixed(1)} s; block cap ${cap}`);
console.log(`blocking recall ${(1 - missed / truePairs.length).toFixed(4)} (${missed} missed)`);
for (const r of candidates.perRule) console.log(`  ${r.rule.padEnd(28)} ${String(r.pairs).padStart(9)} pairs, ${r.oversizedBlocks} oversized blocks`);
console.log('missed pairs, by the keys they share (smallest shared block):');
for (const [why, n] of [...missedWhy].sort((x, y) => y[1] - x[1]).slice(0, 20)) console.log(`  ${String(n).padStart(6)}  ${why}`);
for (const s of samples) console.log(`  ${s}`);
