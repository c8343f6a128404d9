// `npm run bench:linkage`: accuracy on FEBRL and synthetic Peruvian data, and speed on
// 1,000,000 records, all measured through the `enlace link` CLI as outside benchmarks call it.
//   ENLACE_BENCH_SECTIONS=febrl,synthetic,speed,incremental   (default: febrl,synthetic; the others take minutes)
//   ENLACE_BENCH_RECORDS=1000000                  (size of the speed run)
//   ENLACE_BENCH_INDEX_RECORDS=1000000            (size of the link-on-arrival index)
//   ENLACE_BENCH_SYNTHETIC_PERSONS=5000           (size of the synthetic run; ENLACE_BENCH_CEILING=1 adds the ceiling the fields allow, minutes)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFebrl } from './linkage-febrl.ts';
import { formatMetrics, pairwiseMetrics, readClusters, runLinkCli } from './linkage-eval.ts';

const sections = new Set((process.env.ENLACE_BENCH_SECTIONS ?? 'febrl,synthetic').split(',').map((s) => s.trim()));
const work = mkdtempSync(join(tmpdir(), 'enlace-bench-linkage-'));

async function febrl(): Promise<void> {
  console.log('\n## FEBRL (pairwise, clusters from `enlace link`, unsupervised, default settings)');
  const cases: { name: string; files: string[]; floor?: number; splink?: number }[] = [
    { name: 'FEBRL4 (4a ⋈ 4b)', files: ['dataset4a.csv', 'dataset4b.csv'], floor: 0.995, splink: 0.9992 },
    { name: 'FEBRL3 (dedup)', files: ['dataset3.csv'], floor: 0.99, splink: 0.9929 },
    { name: 'FEBRL2 (dedup)', files: ['dataset2.csv'] },
    { name: 'FEBRL1 (dedup)', files: ['dataset1.csv'] },
  ];
  for (const c of cases) {
    const truth = new Map<string, string>();
    const csvs: string[] = [];
    for (const file of c.files) {
      const source = file.replace('.csv', '');
      const out = join(work, `${source}.canonical.csv`);
      for (const [k, v] of convertFebrl(file, source, out)) truth.set(k, v);
      csvs.push(out);
    }
    const clustersPath = join(work, `${c.files.join('+')}.clusters.csv`);
    const run = runLinkCli(csvs, clustersPath, ['--quiet']);
    const metrics = pairwiseMetrics(readClusters(clustersPath), truth);
    const gate = c.floor === undefined ? '' : metrics.f1 >= c.floor ? `  ✓ floor ${c.floor}` : `  ✗ BELOW floor ${c.floor}`;
    const anchor = c.splink === undefined ? '' : `  (Splink ${c.splink})`;
    console.log(`${c.name.padEnd(20)} ${formatMetrics(metrics)}  ${run.seconds.toFixed(1)} s${gate}${anchor}`);
  }
}

try {
  if (sections.has('febrl')) await febrl();
  if (sections.has('synthetic')) {
    const { syntheticSection } = await import('./linkage-synthetic-bench.ts');
    await syntheticSection(work);
  }
  if (sections.has('speed')) {
    const { speedSection } = await import('./linkage-speed.ts');
    await speedSection(work, Number(process.env.ENLACE_BENCH_RECORDS ?? 1_000_000));
  }
  if (sections.has('incremental')) {
    const { incrementalSection } = await import('./linkage-incremental.ts');
    await incrementalSection(Number(process.env.ENLACE_BENCH_INDEX_RECORDS ?? 1_000_000));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
