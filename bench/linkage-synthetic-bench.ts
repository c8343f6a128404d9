// Synthetic Peruvian registries (src/synthetic, four agencies with their habits and mistakes):
// pairwise accuracy of `enlace link` and a breakdown of its errors by cause.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CANONICAL_COLUMNS } from '../src/domain/person-record.ts';
import { generateSyntheticRegistry } from '../src/synthetic/index.ts';
import type { SyntheticRecord } from '../src/synthetic/index.ts';
import { formatMetrics, pairwiseMetrics, readClusters, runLinkCli } from './linkage-eval.ts';

export function writeSyntheticCsv(path: string, records: readonly SyntheticRecord[]): void {
  const rows: string[][] = [[...CANONICAL_COLUMNS]];
  for (const r of records) rows.push(CANONICAL_COLUMNS.map((c) => r.record[c] ?? ''));
  writeFileSync(path, stringify(rows));
}

export async function syntheticSection(work: string, persons = Number(process.env.ENLACE_BENCH_SYNTHETIC_PERSONS ?? 5000), seed = 20260101): Promise<void> {
  console.log(`\n## Synthetic Peru (src/synthetic, ${persons} invented persons, seed ${seed}; PNP, MP, MIMP, ONG)`);
  const records = [...generateSyntheticRegistry({ seed, persons })];
  const csv = join(work, 'synthetic.csv');
  writeSyntheticCsv(csv, records);
  const clustersPath = join(work, 'synthetic.clusters.csv');
  const run = runLinkCli([csv], clustersPath, ['--quiet']);
  const predicted = readClusters(clustersPath);
  const truth = new Map<string, string>();
  for (const r of records) truth.set(`${r.record.source}\u0000${r.record.record_id}`, r.truePersonId);
  const metrics = pairwiseMetrics(predicted, truth);
  const gate = metrics.f1 >= 0.95 ? '  ✓ floor 0.95' : '  ✗ BELOW floor 0.95';
  console.log(`${`records ${records.length}`.padEnd(20)} ${formatMetrics(metrics)}  ${run.seconds.toFixed(1)} s${gate}`);

  // Missed pairs: which variations the two records carried. False pairs: what the two persons share.
  const clusterOf = (r: SyntheticRecord): string => predicted.get(`${r.record.source}\u0000${r.record.record_id}`) as string;
  const missedByCause = new Map<string, number>();
  const falseByCause = new Map<string, number>();
  const byPerson = new Map<string, SyntheticRecord[]>();
  const byCluster = new Map<string, SyntheticRecord[]>();
  for (const r of records) {
    byPerson.set(r.truePersonId, [...(byPerson.get(r.truePersonId) ?? []), r]);
    byCluster.set(clusterOf(r), [...(byCluster.get(clusterOf(r)) ?? []), r]);
  }
  const add = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  let missed = 0;
  for (const group of byPerson.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i] as SyntheticRecord;
        const b = group[j] as SyntheticRecord;
        if (clusterOf(a) === clusterOf(b)) continue;
        missed++;
        const causes = new Set([...a.errors, ...b.errors]);
        if (!a.record.document_number || !b.record.document_number) causes.add('DOCUMENT_MISSING');
        for (const c of causes.size > 0 ? causes : ['(no recorded variation)']) add(missedByCause, c);
      }
    }
  }
  let falsePairs = 0;
  for (const group of byCluster.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i] as SyntheticRecord;
        const b = group[j] as SyntheticRecord;
        if (a.truePersonId === b.truePersonId) continue;
        falsePairs++;
        const same = (x: string, y: string): boolean => x !== '' && x.localeCompare(y, 'es', { sensitivity: 'base' }) === 0;
        const shared: string[] = [];
        if (same(a.person.givenNames, b.person.givenNames)) shared.push('same given names');
        if (same(a.person.paternalSurname, b.person.paternalSurname)) shared.push('same paternal surname');
        if (same(a.person.maternalSurname ?? '', b.person.maternalSurname ?? '')) shared.push('same maternal surname');
        if (a.person.birthDate.slice(0, 4) === b.person.birthDate.slice(0, 4)) shared.push('same birth year');
        add(falseByCause, shared.length > 0 ? shared.join(' + ') : 'nothing obvious in common');
      }
    }
  }
  const print = (title: string, total: number, map: Map<string, number>): void => {
    console.log(`${title}: ${total} pairs`);
    for (const [cause, n] of [...map].sort((x, y) => y[1] - x[1]).slice(0, 14)) console.log(`    ${String(n).padStart(6)}  ${cause}`);
  };
  print('  missed pairs (false negatives), by variation present in either record (a pair counts once per cause)', missed, missedByCause);
  print('  false pairs (false positives), by what the two true persons share', falsePairs, falseByCause);
}
