// Synthetic Peruvian registries (src/synthetic, four agencies with their habits and mistakes):
// pairwise accuracy of `enlace link` and a breakdown of its errors by cause — by the stage that
// lost or made the pair (blocking, scoring, clustering), by the field that decided the score,
// and by the variations the generator applied. ENLACE_BENCH_CEILING=1 adds how far the fields
// present allow any linkage to go (linkage-ceiling.ts; minutes).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { linkFiles } from '../src/cli/commands/link.ts';
import { CANONICAL_COLUMNS } from '../src/domain/person-record.ts';
import { clusterPairs, DEFAULT_CLUSTER_OPTIONS } from '../src/linkage/cluster.ts';
import { explainLevels, scorePair } from '../src/linkage/model.ts';
import { findPair } from '../src/linkage/pipeline.ts';
import { COMPETITION_LEVELS } from '../src/linkage/competition.ts';
import type { PreparedRecord } from '../src/linkage/record.ts';
import { generateSyntheticRegistry } from '../src/synthetic/index.ts';
import type { SyntheticRecord } from '../src/synthetic/index.ts';
import { formatMetrics, pairwiseMetrics } from './linkage-eval.ts';

export function writeSyntheticCsv(path: string, records: readonly SyntheticRecord[]): void {
  const rows: string[][] = [[...CANONICAL_COLUMNS]];
  for (const r of records) rows.push(CANONICAL_COLUMNS.map((c) => r.record[c] ?? ''));
  writeFileSync(path, stringify(rows));
}

// Variations normalisation removes entirely: listing them says nothing about the errors.
const COSMETIC: ReadonlySet<string> = new Set(['UPPER_CASE', 'ACCENTS_DROPPED', 'PHONE_FORMAT']);

type Counts = Map<string, number>;
const add = (map: Counts, key: string, n = 1): void => {
  map.set(key, (map.get(key) ?? 0) + n);
};

export async function syntheticSection(work: string, persons = Number(process.env.ENLACE_BENCH_SYNTHETIC_PERSONS ?? 5000), seed = 20260101): Promise<void> {
  console.log(`\n## Synthetic Peru (src/synthetic, ${persons} invented persons, seed ${seed}; PNP, MP, MIMP, ONG)`);
  const synthetic = [...generateSyntheticRegistry({ seed, persons })];
  const csv = join(work, 'synthetic.csv');
  writeSyntheticCsv(csv, synthetic);
  const clustersPath = join(work, 'synthetic.clusters.csv');
  // The CLI's own path (`linkFiles`), in process, so the scored pairs can be inspected.
  const { result, seconds } = await linkFiles({ files: [csv], out: clustersPath, pairsMinProbability: 0.01, threads: 2, quiet: true }, () => {});
  const records = result.records;
  const cluster = result.clusterOf;
  const predicted = new Map<string, string>();
  const truth = new Map<string, string>();
  synthetic.forEach((r, i) => {
    const key = `${r.record.source}\u0000${r.record.record_id}`;
    truth.set(key, r.truePersonId);
    predicted.set(key, `P${cluster[i] as number}`);
  });
  const metrics = pairwiseMetrics(predicted, truth);
  const gate = metrics.f1 >= 0.95 ? '  ✓ floor 0.95' : '  ✗ BELOW floor 0.95';
  console.log(`${`records ${synthetic.length}`.padEnd(20)} ${formatMetrics(metrics)}  ${seconds.toFixed(1)} s, ${result.stats.candidatePairs} candidate pairs${gate}`);

  // Other clustering thresholds, on the same scored pairs (ENLACE_BENCH_THRESHOLDS=-4,-2,2).
  for (const threshold of (process.env.ENLACE_BENCH_THRESHOLDS ?? '').split(',').filter(Boolean).map(Number)) {
    const other = clusterPairs(records.length, result.pairs.left, result.pairs.right, result.pairs.weights, (i, j) => scorePair(result.model, records[i] as PreparedRecord, records[j] as PreparedRecord), { ...DEFAULT_CLUSTER_OPTIONS, threshold });
    const otherPredicted = new Map<string, string>();
    synthetic.forEach((r, i) => otherPredicted.set(`${r.record.source}\u0000${r.record.record_id}`, `P${other.clusterOf[i] as number}`));
    console.log(`  threshold ${threshold}: ${formatMetrics(pairwiseMetrics(otherPredicted, truth))}`);
  }

  // Candidate pairs are sorted by (left, right): find a pair's position by binary search.
  const { left, right, weights, levels } = result.pairs;
  const SHIFT = 0x4000000;
  const packed = new Float64Array(left.length);
  for (let p = 0; p < left.length; p++) packed[p] = (left[p] as number) * SHIFT + (right[p] as number);
  const positionOf = (i: number, j: number): number => findPair(packed, Math.min(i, j) * SHIFT + Math.max(i, j));
  // Calibration: the share of true matches among candidate pairs by match weight.
  const bins = new Map<number, { all: number; matches: number }>();
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p] as number;
    if (w < -10 || w >= 10) continue;
    const bin = Math.floor(w / 2) * 2;
    const entry = bins.get(bin) ?? { all: 0, matches: 0 };
    entry.all++;
    if ((synthetic[left[p] as number] as SyntheticRecord).truePersonId === (synthetic[right[p] as number] as SyntheticRecord).truePersonId) entry.matches++;
    bins.set(bin, entry);
  }
  console.log(
    `  true matches among candidate pairs, by match weight: ${[...bins]
      .sort((x, y) => x[0] - y[0])
      .map(([bin, e]) => `[${bin},${bin + 2}) ${e.matches}/${e.all}`)
      .join(' · ')}`,
  );
  const width = result.model.comparisons.length;
  // The field whose level pulled the score down (missed) or up (false) the most.
  const decisiveField = (p: number, sign: -1 | 1): string => {
    const a = records[left[p] as number] as PreparedRecord;
    const b = records[right[p] as number] as PreparedRecord;
    const fields = explainLevels(result.model, a, b, levels, p * width).fields;
    let best: (typeof fields)[number] | undefined;
    for (const f of fields) if (f.weight * sign > 0 && (best === undefined || f.weight * sign > best.weight * sign)) best = f;
    return best ? `${best.comparison}: ${best.level}` : sign < 0 ? '(no field against: too little agreement)' : '(no field for)';
  };

  const stages = new Map<string, { count: number; causes: Counts; fields: Counts }>();
  const stage = (name: string): { count: number; causes: Counts; fields: Counts } => {
    let s = stages.get(name);
    if (!s) {
      s = { count: 0, causes: new Map(), fields: new Map() };
      stages.set(name, s);
    }
    return s;
  };
  const missedSamples: string[] = [];
  const byPerson = new Map<string, number[]>();
  synthetic.forEach((r, i) => {
    const list = byPerson.get(r.truePersonId);
    if (list) list.push(i);
    else byPerson.set(r.truePersonId, [i]);
  });
  for (const group of byPerson.values()) {
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        const i = group[x] as number;
        const j = group[y] as number;
        if (cluster[i] === cluster[j]) continue;
        const p = positionOf(i, j);
        // A pair blocking missed: would the model have linked it?
        const unseen = p < 0 ? (scorePair(result.model, records[i] as PreparedRecord, records[j] as PreparedRecord) >= 0 ? ', would score ≥ 0' : ', would score below 0') : '';
        const s = stage(p < 0 ? `missed: never a candidate (blocking)${unseen}` : (weights[p] as number) < 0 ? 'missed: scored below 0 (model)' : 'missed: scored ≥ 0, kept apart (clustering)');
        s.count++;
        const a = synthetic[i] as SyntheticRecord;
        const b = synthetic[j] as SyntheticRecord;
        const causes = new Set([...a.errors, ...b.errors].filter((c) => !COSMETIC.has(c)));
        for (const c of causes.size > 0 ? causes : ['(no recorded variation)']) add(s.causes, c);
        if (p >= 0) add(s.fields, decisiveField(p, -1));
        if (p >= 0 && (weights[p] as number) < 0 && missedSamples.length < Number(process.env.ENLACE_BENCH_SAMPLES ?? 0)) {
          const x = records[left[p] as number] as PreparedRecord;
          const y = records[right[p] as number] as PreparedRecord;
          const fields = explainLevels(result.model, x, y, levels, p * width).fields.filter((f) => f.weight !== 0);
          missedSamples.push(`${(weights[p] as number).toFixed(1)}: ${fields.map((f) => `${f.comparison} ${f.level} ${f.weight.toFixed(1)}`).join(' · ')}\n        ${JSON.stringify(a.record)}\n        ${JSON.stringify(b.record)}`);
        }
      }
    }
  }
  const byCluster = new Map<number, number[]>();
  synthetic.forEach((_, i) => {
    const c = cluster[i] as number;
    const list = byCluster.get(c);
    if (list) list.push(i);
    else byCluster.set(c, [i]);
  });
  for (const group of byCluster.values()) {
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        const i = group[x] as number;
        const j = group[y] as number;
        const a = synthetic[i] as SyntheticRecord;
        const b = synthetic[j] as SyntheticRecord;
        if (a.truePersonId === b.truePersonId) continue;
        const p = positionOf(i, j);
        const s = stage(p >= 0 && (weights[p] as number) >= 0 ? 'false: scored ≥ 0 (model)' : 'false: joined through others (clustering)');
        s.count++;
        const sibling = a.person.siblingOf === b.truePersonId || b.person.siblingOf === a.truePersonId;
        const same = (u: string, v: string): boolean => u !== '' && u.localeCompare(v, 'es', { sensitivity: 'base' }) === 0;
        const shared: string[] = [];
        if (sibling) shared.push(a.person.birthDate === b.person.birthDate ? 'twins' : 'siblings');
        else {
          if (same(a.person.givenNames, b.person.givenNames)) shared.push('given names');
          if (same(a.person.paternalSurname, b.person.paternalSurname)) shared.push('paternal surname');
          if (same(a.person.maternalSurname ?? '', b.person.maternalSurname ?? '')) shared.push('maternal surname');
          if (a.person.birthDate.slice(0, 4) === b.person.birthDate.slice(0, 4)) shared.push('birth year');
        }
        add(s.causes, shared.length > 0 ? `same ${shared.join(' + ')}` : 'nothing obvious in common');
        if (p >= 0) add(s.fields, decisiveField(p, 1));
      }
    }
  }
  if (process.env.ENLACE_BENCH_SHOW_MODEL) {
    const model = result.model;
    console.log(`  model: prior weight ${model.priorWeight.toFixed(2)} (one source ${model.sameSourcePriorWeight.toFixed(2)}, two sources ${model.crossSourcePriorWeight.toFixed(2)})`);
    if (model.competitionWeights) console.log(`    competition: ${COMPETITION_LEVELS.map((label, l) => (l === 0 ? '' : `${label} ${(model.competitionWeights?.[l] as number).toFixed(1)}`)).slice(1).join(' · ')}`);
    model.comparisons.forEach((c, ci) => {
      const cells = c.levels.map((label, l) => (l === 0 ? '' : `${label} ${((model.weights[ci] as number[])[l] as number).toFixed(1)} (m ${((model.m[ci] as number[])[l] as number).toFixed(3)} u ${((model.u[ci] as number[])[l] as number).toPrecision(2)})`)).slice(1);
      console.log(`    ${c.name}: ${cells.join(' · ')}`);
      if (c.household && model.kinWeights) console.log(`      among relatives: ${c.levels.map((label, l) => (l === 0 ? '' : `${label} ${((model.kinWeights?.[ci] as number[])[l] as number).toFixed(1)}`)).slice(1).join(' · ')}`);
    });
  }
  if (process.env.ENLACE_BENCH_CEILING) {
    const { linkageCeiling } = await import('./linkage-ceiling.ts');
    const ceiling = linkageCeiling(result.model, records, synthetic.map((r) => r.truePersonId));
    console.log(
      `  ceiling (fields present): ${ceiling.dominated} of ${ceiling.truePairs} true pairs (${((100 * ceiling.dominated) / ceiling.truePairs).toFixed(2)} %) have a stranger at least as alike on every field; ` +
        `${((100 * ceiling.recoverable) / ceiling.truePairs).toFixed(2)} % recoverable through the others → F1 at most ${ceiling.f1.toFixed(4)}`,
    );
  }
  for (const sample of missedSamples) console.log(`    missed, scored ${sample}`);
  const top = (map: Counts, n: number): string[] => [...map].sort((x, y) => y[1] - x[1]).slice(0, n).map(([k, v]) => `      ${String(v).padStart(6)}  ${k}`);
  console.log('  errors by stage (a pair counts once; then the variations present in either record, and the field that weighed most):');
  for (const [name, s] of [...stages].sort((x, y) => x[0].localeCompare(y[0]))) {
    console.log(`    ${String(s.count).padStart(6)}  ${name}`);
    console.log(top(s.causes, 8).join('\n'));
    if (s.fields.size > 0) {
      console.log('      — decisive field:');
      console.log(top(s.fields, 6).join('\n'));
    }
  }
}
