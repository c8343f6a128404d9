// Timings of the disclosure-control library: k-anonymisation of 100,000 synthetic records over six
// quasi-identifiers, and the protection of a department × sex × age-band cube with all its margins.
// Run: node --import tsx bench/disclosure.ts [records]
import { performance } from 'node:perf_hooks';
import { ageHierarchy, categoricalHierarchy, dateHierarchy, flatHierarchy, nationalityHierarchy, ubigeoHierarchy } from '../src/disclosure/hierarchies.ts';
import { checkKAnonymity, kAnonymise } from '../src/disclosure/k-anonymity.ts';
import type { QuasiIdentifier } from '../src/disclosure/k-anonymity.ts';
import { syntheticMicrodata } from '../test/disclosure/synthetic-microdata.ts';

const count = Number(process.argv[2] ?? 100_000);
const qis: QuasiIdentifier[] = [
  { field: 'sex', hierarchy: flatHierarchy('sexo') },
  { field: 'age', hierarchy: ageHierarchy() },
  { field: 'registered', hierarchy: dateHierarchy(), minLevel: 1 },
  { field: 'ubigeo', hierarchy: ubigeoHierarchy() },
  { field: 'nationality', hierarchy: nationalityHierarchy() },
  { field: 'purpose', hierarchy: categoricalHierarchy({ keep: ['EXPLOTACION_SEXUAL', 'EXPLOTACION_LABORAL'] }) },
];

let t = performance.now();
const records = syntheticMicrodata(count, 1);
console.log(`synthetic records: ${count} in ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
const cpu = process.cpuUsage();
const result = kAnonymise(records, qis, { k: 11, maxSuppressedShare: 0.05 });
const elapsed = performance.now() - t;
// CPU time too: on a shared machine the wall clock says more about the neighbours than about us.
const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
console.log(`k-anonymise (k = 11, 6 QIs, ≤ 5 %): ${elapsed.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU, ${result.nodesEvaluated} lattice nodes`);
console.log(`  levels: ${result.generalisation.map((g) => `${g.field}=${g.levelName}`).join(', ')}`);
console.log(`  withheld ${result.suppressedRecords}, classes ${result.equivalenceClasses}, smallest ${result.smallestClass}, loss ${result.informationLoss.toFixed(3)}`);
t = performance.now();
const check = checkKAnonymity(result.records, qis.map((q) => q.field), 11);
console.log(`checkKAnonymity: ${check.ok ? 'ok' : 'FAILED'} in ${(performance.now() - t).toFixed(0)} ms`);

// The public cube: 26 departments (unknown included) × 3 sexes × 5 age bands, with all margins.
const { protectCube } = await import('../src/disclosure/query.ts');
const { auditTable } = await import('../src/disclosure/audit.ts');
const departments = Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(2, '0')).concat('DESCONOCIDO');
const dims = [
  { name: 'dept', values: departments },
  { name: 'sex', values: ['F', 'M', 'DESCONOCIDO'] },
  { name: 'age', values: ['0-17', '18-29', '30-59', '60+', 'DESCONOCIDO'] },
];
const cube = new Map<string, number>();
for (const r of records.slice(0, 20_000)) {
  const dept = typeof r.ubigeo === 'string' ? r.ubigeo.slice(0, 2) : 'DESCONOCIDO';
  const age = typeof r.age === 'number' ? (r.age < 18 ? '0-17' : r.age < 30 ? '18-29' : r.age < 60 ? '30-59' : '60+') : 'DESCONOCIDO';
  const key = JSON.stringify([departments.includes(dept) ? dept : 'DESCONOCIDO', r.sex, age]);
  cube.set(key, (cube.get(key) ?? 0) + 1);
}
// Spread a share over every department so that small departments exist, as in Peru.
let spread = 0;
for (const d of departments) for (const s of dims[1]!.values) for (const a of dims[2]!.values) {
  const key = JSON.stringify([d, s, a]);
  cube.set(key, (cube.get(key) ?? 0) + ((spread++ * 7919) % 13));
}
const cells = [...cube].map(([key, count]) => {
  const [dept, sex, age] = JSON.parse(key) as [string, string, string];
  return { coords: { dept, sex, age }, count };
});
t = performance.now();
const protectedCube = protectCube(cells, dims);
console.log(`protect cube ${departments.length}×3×5 with margins (${protectedCube.cells.length} cells): ${(performance.now() - t).toFixed(0)} ms; primary ${protectedCube.summary.primary}, secondary ${protectedCube.summary.secondary}`);
t = performance.now();
console.log(`audit: ${auditTable(protectedCube).safe ? 'safe' : 'EXPOSED'} in ${(performance.now() - t).toFixed(0)} ms`);
