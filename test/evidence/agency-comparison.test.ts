// The agencies' separate counts beside the unique count, as the regional report publishes them: one
// additive system (atoms = persons by the exact set of agencies that know them) protected as one
// table. Worked out by hand on a region of 92 victims in 2023.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditTable, type PublishedCell } from '../../src/disclosure/index.ts';
import {
  agencyComparisonTable,
  indicatorById,
  narrow,
  personFacts,
  protectAgencyComparison,
  sumAgencyComparisons,
  type CaseFact,
  type PublishedAgencyComparison,
} from '../../src/evidence/index.ts';
import { AGENCIES } from './synthetic-facts.ts';

// Persons of Lima in 2023 by the agencies that registered them (no NGO):
// PNP only 30, PNP+MP 12, PNP+MIMP 4, MP only 15, MIMP only 20, PNP+MP+MIMP 11 — 92 persons.
const SETS: [string[], number][] = [[['PNP'], 30], [['PNP', 'MP'], 12], [['PNP', 'MIMP'], 4], [['MP'], 15], [['MIMP'], 20], [['PNP', 'MP', 'MIMP'], 11]];
const base = { detectionUbigeo: '150101', traffickingStatus: 'PRESUNTA_VICTIMA', sex: 'MUJER', nationalities: ['PER'], legalPurposes: ['EXPLOTACION_SEXUAL'], detectionDate: '2023-05-01', estimatedAge: 25 };
const CASES: CaseFact[] = [];
let n = 0;
for (const [agencies, persons] of SETS) {
  for (let p = 0; p < persons; p++) {
    n++;
    for (const agency of agencies) CASES.push({ ...base, caseId: `c${n}-${agency}`, personId: `p${n}-${agency}`, groupId: `G${n}`, agency });
  }
}
// Another region the same year, so that the region's filter matters.
CASES.push({ ...base, caseId: 'x1', personId: 'x1', groupId: 'X1', agency: 'ONG', detectionUbigeo: '080101' });

const facts = personFacts(CASES, AGENCIES);
const lima2023 = narrow(indicatorById('victims-identified')!.population!, { year: ['2023'], detectionDept: ['15'] });
const byAgency = (c: PublishedAgencyComparison) => Object.fromEntries(c.perAgency.map((a) => [a.agency, a.persons]));
const byKnown = (c: PublishedAgencyComparison) => Object.fromEntries(c.knownTo.map((k) => [k.agencies, k.persons]));
const pair = (c: PublishedAgencyComparison, a: string, b: string) => c.pairs.find((p) => p.a === a && p.b === b)?.persons;

/** What a reader of the report knows: the printed figures; the atoms (never printed) are unknown. Audit with scope 'primary'. */
function asRead(c: PublishedAgencyComparison): PublishedCell[] {
  const table = agencyComparisonTable(facts, lima2023);
  const printed = new Map<string, number | null>();
  const key = (coords: Record<string, string>) => [...table.cells.values()].find((x) => JSON.stringify(x.coords) === JSON.stringify(coords))?.key as string;
  printed.set(key({}), c.persons);
  printed.set(key({ sumOfAgencies: 'all' }), c.sumOfAgencyCounts);
  for (const a of c.perAgency) printed.set(key({ agency: a.agency }), a.persons);
  for (const k of c.knownTo) printed.set(key({ knownTo: k.agencies }), k.persons);
  for (const p of c.pairs) printed.set(key({ agencyA: p.a, agencyB: p.b }), p.persons);
  return [...table.cells.values()].map((cell) => {
    const value = printed.has(cell.key) ? (printed.get(cell.key) as number | null) : null;
    // Only the withheld counts of 1–9 must stay wide (a hidden count of 10 or more may be derived).
    return { key: cell.key, coords: cell.coords, value, suppressed: value !== null ? false : cell.value > 0 && cell.value < 10 ? 'primary' : 'secondary' };
  });
}

test('the additive system, worked out by hand', () => {
  const table = agencyComparisonTable(facts, lima2023);
  const value = (coords: Record<string, string>) => [...table.cells.values()].find((c) => JSON.stringify(c.coords) === JSON.stringify(coords))?.value;
  assert.equal(value({}), 92);
  assert.equal(value({ sumOfAgencies: 'all' }), 57 + 38 + 35, 'PNP 57, MP 38, MIMP 35, ONG 0');
  assert.equal(value({ agency: 'PNP' }), 57);
  assert.equal(value({ knownTo: '1' }), 65);
  assert.equal(value({ knownTo: '2' }), 16);
  assert.equal(value({ knownTo: '3' }), 11);
  assert.equal(value({ agencyA: 'PNP', agencyB: 'MIMP' }), 15);
  for (const r of table.relations) {
    const sum = r.parts.reduce((s, p) => s + (table.cells.get(p)?.value ?? NaN), 0);
    assert.equal(sum, table.cells.get(r.total)?.value, `${r.total} = Σ parts`);
  }
});

test('withholding each small figure on its own leaks: PNP+MIMP only (4) follows from the pair and "known to 3"', () => {
  const table = agencyComparisonTable(facts, lima2023);
  const hide = (v: number) => (v > 0 && v < 10 ? null : v);
  // Every figure printed except the atoms, each 1–9 hidden alone (none is: the 4 is an atom).
  const naive: PublishedAgencyComparison = {
    persons: 92,
    sumOfAgencyCounts: 130,
    perAgency: [{ agency: 'PNP', persons: 57 }, { agency: 'MP', persons: 38 }, { agency: 'MIMP', persons: 35 }, { agency: 'ONG', persons: 0 }],
    knownTo: [{ agencies: '1', persons: hide(65) }, { agencies: '2', persons: hide(16) }, { agencies: '3', persons: hide(11) }, { agencies: '4+', persons: 0 }],
    pairs: protectAgencyComparison(facts, lima2023, { totalPublished: true, rounding: false }).pairs.map((p) => ({ ...p, persons: hide([...table.cells.values()].find((c) => c.coords.agencyA === p.a && c.coords.agencyB === p.b)?.value ?? 0) })),
    rounded: false,
  };
  const audit = auditTable({ cells: asRead(naive), relations: table.relations }, { scope: 'primary' });
  const atom = audit.exposed.find((c) => c.coords.agencySet === String((1 << 0) | (1 << 2)));
  assert.ok(atom, 'the PNP+MIMP atom is exposed');
  assert.equal(atom.lower, 4);
  assert.equal(atom.upper, 4);
});

test('protected as one table: nothing printed is 1–9 and no hidden count can be narrowed below 10', () => {
  const table = agencyComparisonTable(facts, lima2023);
  for (const rounding of [false, undefined] as const) {
    const c = protectAgencyComparison(facts, lima2023, { totalPublished: true, rounding });
    const printed = [c.persons, c.sumOfAgencyCounts, ...c.perAgency.map((a) => a.persons), ...c.knownTo.map((k) => k.persons), ...c.pairs.map((p) => p.persons)];
    for (const v of printed) assert.ok(v === null || v === 0 || v >= 10, `a printed ${v}`);
    assert.ok(printed.some((v) => v === null), 'something had to be withheld');
    assert.ok(printed.filter((v) => v !== null && v > 0).length >= 5, 'and much is still published');
    if (rounding === false) {
      assert.equal(c.persons, 92, 'the unique count is the release’s: always published');
      const audit = auditTable({ cells: asRead(c), relations: table.relations }, { scope: 'primary' });
      assert.deepEqual(audit.exposed, [], JSON.stringify(audit.exposed));
      const atom = audit.intervals.find((i) => i.coords.agencySet === String((1 << 0) | (1 << 2)));
      assert.ok(atom && atom.upper - atom.lower >= 10, `PNP+MIMP only lies anywhere in [${atom?.lower}, ${atom?.upper}]`);
      assert.equal(c.rounded, false);
    } else {
      assert.equal(c.persons, 90, 'public figures below 100 are floored to multiples of 5');
      for (const v of printed) if (v !== null && v < 100) assert.equal(v % 5, 0);
      assert.equal(c.rounded, true);
    }
  }
});

test('a region whose total the release withholds shows no comparison; a period sums published years', () => {
  const none = protectAgencyComparison(facts, lima2023, { totalPublished: false });
  assert.equal(none.persons, null);
  assert.ok([...none.perAgency, ...none.knownTo, ...none.pairs].every((x) => x.persons === null));
  const year = protectAgencyComparison(facts, lima2023, { totalPublished: true, rounding: false });
  const two = sumAgencyComparisons([year, year]);
  assert.equal(two?.persons, 184);
  assert.equal(byAgency(two!).ONG, 0);
  assert.equal(byKnown(two!)['1'], byKnown(year)['1'] === null ? null : 2 * (byKnown(year)['1'] as number));
  const withGap = sumAgencyComparisons([year, none]);
  assert.equal(withGap?.persons, null, 'a year withheld withholds the period’s figure');
  assert.equal(pair(withGap!, 'PNP', 'MP'), null);
  assert.equal(sumAgencyComparisons([]), undefined);
});

test('a long label in the report is cut to fit beside its figure', async () => {
  const { fit } = await import('../../src/evidence/report.ts');
  const { textWidth } = await import('../../src/evidence/pdf.ts');
  const long = 'Fiscalía Especializada en Trata de Personas de Loreto – Ministerio Público y Centro de Emergencia Mujer de Iquitos – MIMP';
  assert.equal(fit('Lima', 200, 9), 'Lima');
  const cut = fit(long, 300, 9);
  assert.ok(cut.endsWith('…') && cut.length < long.length);
  assert.ok(textWidth(cut, 9) <= 300);
});
