import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  agencyComparison,
  ageAtDetection,
  countPersons,
  crossCounts,
  indicatorById,
  INDICATORS,
  narrow,
  personFacts,
  type CaseFact,
} from '../../src/evidence/index.ts';
import { AGENCIES } from './synthetic-facts.ts';

// Five persons, eight case files, worked out by hand:
// G1 — a girl of 15 registered by the PNP and by the MIMP (who recorded her gender identity);
// G2 — a Venezuelan man of 34, MP only, determined victim, recruited abroad;
// G3 — PNP discarded the case (sex unknown), the NGO determined it (man; begging and labour);
// G4 — PNP only, discarded;
// G5 — a Colombian woman of 22 in 2024, known to MP, PNP and MIMP.
const base = { detectionUbigeo: '150101', traffickingStatus: 'PRESUNTA_VICTIMA', sex: 'MUJER', nationalities: ['PER'], legalPurposes: ['EXPLOTACION_SEXUAL'] };
const CASES: CaseFact[] = [
  { ...base, caseId: 'c1', personId: 'p1', groupId: 'G1', agency: 'PNP', detectionDate: '2023-03-01', birthYear: 2008, minorAtDetection: 'SI', recruitmentPlace: { country: 'PER', ubigeo: '16' }, exploitationPlaces: [{ country: 'PER', ubigeo: '150132' }] },
  { ...base, caseId: 'c2', personId: 'p2', groupId: 'G1', agency: 'MIMP', detectionDate: '2023-04-10', detectionUbigeo: '160101', birthYear: 2008, minorAtDetection: 'SI', genderIdentity: 'MUJER' },
  { ...base, caseId: 'c3', personId: 'p3', groupId: 'G2', agency: 'MP', detectionDate: '2023-06-15', detectionUbigeo: '170101', traffickingStatus: 'VICTIMA_DETERMINADA', sex: 'HOMBRE', estimatedAge: 34, nationalities: ['VEN'], legalPurposes: ['EXPLOTACION_LABORAL'], recruitmentPlace: { country: 'VEN' }, exploitationPlaces: [{ country: 'PER', ubigeo: '17' }] },
  { ...base, caseId: 'c4', personId: 'p4', groupId: 'G3', agency: 'PNP', detectionDate: '2023-08-01', detectionUbigeo: '08', traffickingStatus: 'DESCARTADA', sex: 'DESCONOCIDO', legalPurposes: ['NO_DETERMINADA'] },
  { ...base, caseId: 'c5', personId: 'p5', groupId: 'G3', agency: 'ONG', detectionDate: '2023-09-01', detectionUbigeo: '080101', traffickingStatus: 'VICTIMA_DETERMINADA', sex: 'HOMBRE', estimatedAge: 40, legalPurposes: ['MENDICIDAD', 'EXPLOTACION_LABORAL'] },
  { ...base, caseId: 'c6', personId: 'p6', groupId: 'G4', agency: 'PNP', detectionDate: '2023-10-01', traffickingStatus: 'DESCARTADA', birthYear: 1990 },
  { ...base, caseId: 'c7', personId: 'p7', groupId: 'G5', agency: 'MP', detectionDate: '2024-01-20', birthYear: 2002, minorAtDetection: 'NO', nationalities: ['COL'] },
  { ...base, caseId: 'c8', personId: 'p8', groupId: 'G5', agency: 'PNP', detectionDate: '2024-01-22', birthYear: 2002, nationalities: ['COL'] },
  { ...base, caseId: 'c9', personId: 'p9', groupId: 'G5', agency: 'MIMP', detectionDate: '2024-02-01', birthYear: 2002, nationalities: ['COL'] },
];

const facts = personFacts(CASES, AGENCIES);
const victims = indicatorById('victims-identified')!.population!;

test('persons, not records: nine case files are five persons', () => {
  assert.equal(facts.size, 5);
  assert.deepEqual(facts.dimensions.year.values.map((v) => v.code), ['2023', '2024']);
  assert.equal(countPersons(facts), 5);
});

test('victims identified in 2023, worked out by hand: G1, G2, G3 (G4 discarded, G5 is 2024)', () => {
  const where = narrow(victims, { year: ['2023'] });
  assert.equal(countPersons(facts, where), 3);
  const bySex = Object.fromEntries(crossCounts(facts, ['sex'], where).map((c) => [c.coords.sex, c.count]));
  assert.deepEqual(bySex, { MUJER: 1, HOMBRE: 2 }, 'G3 is a man: the NGO knew what the PNP did not');
  const byChild = Object.fromEntries(crossCounts(facts, ['childAdult'], where).map((c) => [c.coords.childAdult, c.count]));
  assert.deepEqual(byChild, { NNA: 1, ADULTO: 2 });
  const byExploitation = Object.fromEntries(crossCounts(facts, ['exploitation'], where).map((c) => [c.coords.exploitation, c.count]));
  assert.deepEqual(byExploitation, { EXPLOTACION_SEXUAL: 1, EXPLOTACION_LABORAL: 1, VARIAS: 1 }, 'an undetermined purpose gives way to the known ones');
  const byRecruitment = Object.fromEntries(crossCounts(facts, ['recruitmentDept'], where).map((c) => [c.coords.recruitmentDept, c.count]));
  assert.deepEqual(byRecruitment, { '16': 1, EXTRANJERO: 1, DESCONOCIDO: 1 });
  const byDetection = Object.fromEntries(crossCounts(facts, ['detectionDept'], where).map((c) => [c.coords.detectionDept, c.count]));
  assert.deepEqual(byDetection, { '15': 1, '17': 1, '08': 1 }, 'the first detection decides where she is counted');
  const byGender = Object.fromEntries(crossCounts(facts, ['gender'], where).map((c) => [c.coords.gender, c.count]));
  assert.deepEqual(byGender, { MUJER: 1, NO_REGISTRADA: 2 }, 'gender identity is explicit: recorded by one agency, it counts; otherwise "not recorded"');
});

test('confirmed and discarded: determined by any agency wins; discarded only when every record says so', () => {
  assert.equal(countPersons(facts, indicatorById('victims-determined')!.population!), 2);
  assert.equal(countPersons(facts, indicatorById('cases-discarded')!.population!), 1);
});

test("the agencies' separate counts against unique persons, and the overlap", () => {
  const c = agencyComparison(facts, victims);
  assert.equal(c.persons, 4);
  assert.equal(c.records, 8, 'G1: 2, G2: 1, G3: 2, G5: 3');
  assert.equal(c.sumOfAgencyCounts, 8);
  assert.deepEqual(Object.fromEntries(c.perAgency.map((a) => [a.agency, a.persons])), { PNP: 3, MP: 2, MIMP: 2, ONG: 1 });
  assert.deepEqual(Object.fromEntries(c.knownTo.map((k) => [k.agencies, k.persons])), { '1': 1, '2': 2, '3': 1, '4+': 0 });
  const pair = (a: string, b: string) => c.pairs.find((p) => p.a === a && p.b === b)?.persons;
  assert.equal(pair('PNP', 'MIMP'), 2);
  assert.equal(pair('PNP', 'ONG'), 1);
  assert.equal(pair('MP', 'ONG'), 0);
});

test('age at detection from the birth year, kept on the recorded side of 18', () => {
  assert.equal(ageAtDetection({ detectionDate: '2023-03-01', birthYear: 2005, minorAtDetection: 'SI' }), 17, 'born late in 2005: still 17');
  assert.equal(ageAtDetection({ detectionDate: '2023-03-01', birthYear: 2006, minorAtDetection: 'NO' }), 18);
  assert.equal(ageAtDetection({ detectionDate: '2023-03-01', estimatedAge: 30 }), 30);
  assert.equal(ageAtDetection({ detectionDate: '2023-03-01' }), undefined);
  const g5 = personFacts(CASES.slice(6), AGENCIES);
  assert.equal(g5.dimensions.ageBand.values[g5.codes.ageBand[0]!]!.code, '18-29');
});

test('a filter narrows an indicator, never widens it', () => {
  assert.deepEqual(narrow({ status: ['A', 'B'] }, { status: ['B', 'C'], sex: ['MUJER'] }), { status: ['B'], sex: ['MUJER'] });
});

test('catalogue: each indicator defined once, in both languages, by sex and child/adult; gaps say what they wait for', () => {
  const ids = INDICATORS.map((i) => i.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const i of INDICATORS) {
    assert.ok(i.name.es && i.name.en && i.definition.es && i.definition.en, i.id);
    assert.ok(i.disaggregations.includes('sex') && i.disaggregations.includes('childAdult'), `${i.id} by sex and child/adult`);
    assert.ok(i.numerator.es && i.numerator.en, `${i.id}: what it counts, in both languages`);
    if (i.unit === 'percent') assert.ok(i.denominator?.es && i.denominator.en, `${i.id}: a share says over what, in both languages`);
    assert.ok((i.population === undefined && i.source === undefined) !== (i.awaiting === undefined), `${i.id}: computed or awaiting, not both`);
  }
});

test('a large registry without its years given: the span is found without spreading 200,000 arguments', () => {
  const many: CaseFact[] = Array.from({ length: 200_000 }, (_, i) => ({ ...(CASES[i % CASES.length] as CaseFact), caseId: `m${i}`, personId: `m${i}`, groupId: `M${i}` }));
  const big = personFacts(many, AGENCIES);
  assert.equal(big.size, 200_000);
  assert.deepEqual(big.dimensions.year.values.map((v) => v.code), ['2023', '2024']);
});
