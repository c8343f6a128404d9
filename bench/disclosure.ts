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
const result = kAnonymise(records, qis, { k: 11, maxSuppressedShare: 0.05 });
const elapsed = performance.now() - t;
console.log(`k-anonymise (k = 11, 6 QIs, ≤ 5 %): ${elapsed.toFixed(0)} ms, ${result.nodesEvaluated} lattice nodes`);
console.log(`  levels: ${result.generalisation.map((g) => `${g.field}=${g.levelName}`).join(', ')}`);
console.log(`  withheld ${result.suppressedRecords}, classes ${result.equivalenceClasses}, smallest ${result.smallestClass}, loss ${result.informationLoss.toFixed(3)}`);
t = performance.now();
const check = checkKAnonymity(result.records, qis.map((q) => q.field), 11);
console.log(`checkKAnonymity: ${check.ok ? 'ok' : 'FAILED'} in ${(performance.now() - t).toFixed(0)} ms`);
