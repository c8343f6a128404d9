import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ageBand, AGE_BANDS, ageHierarchy, categoricalHierarchy, dateHierarchy, flatHierarchy, hierarchyFromSteps, nationalityHierarchy, ubigeoHierarchy, WITHHELD,
} from '../../src/disclosure/hierarchies.ts';
import type { MicrodataRecord } from '../../src/disclosure/hierarchies.ts';
import { checkKAnonymity, kAnonymise } from '../../src/disclosure/k-anonymity.ts';
import type { QuasiIdentifier } from '../../src/disclosure/k-anonymity.ts';
import { syntheticMicrodata } from './synthetic-microdata.ts';

test('hierarchies: each level by hand', () => {
  const age = ageHierarchy();
  assert.deepEqual([0, 1, 2, 3].map((l) => age.generalise(17, l)), ['17', '9-17', 'NNA', WITHHELD]);
  assert.deepEqual([0, 1, 2].map((l) => age.generalise(48, l)), ['48', '48+', 'ADULTO']);
  assert.deepEqual([0, 1, 2, 3].map((l) => age.generalise(null, l)), ['DESCONOCIDO', 'DESCONOCIDO', 'DESCONOCIDO', WITHHELD]);
  assert.equal(ageHierarchy('INEI').generalise(30, 1), '30-59');
  assert.equal(ageBand(13, AGE_BANDS.MP), '13-17');
  assert.equal(ageBand(13, AGE_BANDS.LEGAL), '0-13');
  const date = dateHierarchy();
  assert.deepEqual([0, 1, 2, 3].map((l) => date.generalise('2023-07-14', l)), ['2023-07-14', '2023-07', '2023', WITHHELD]);
  assert.equal(date.generalise('2023', 1), '2023');
  const ubigeo = ubigeoHierarchy();
  assert.deepEqual([0, 1, 2, 3, 4].map((l) => ubigeo.generalise('170101', l)), ['170101', '1701', '17', 'ORIENTE', WITHHELD]);
  assert.equal(ubigeo.generalise('070101', 3), 'LIMA_CALLAO');
  const nationality = nationalityHierarchy();
  assert.deepEqual([0, 1, 2, 3].map((l) => nationality.generalise('ARG', l)), ['ARG', 'OTRA', 'EXTRANJERA', WITHHELD]);
  assert.deepEqual([1, 2].map((l) => nationality.generalise('PER', l)), ['PER', 'PER']);
  assert.equal(nationality.generalise('NO_RESPONDE', 2), 'NO_RESPONDE');
  const purpose = categoricalHierarchy({ keep: ['EXPLOTACION_SEXUAL', 'EXPLOTACION_LABORAL'] });
  assert.deepEqual([0, 1, 2].map((l) => purpose.generalise('TRAFICO_ORGANOS', l)), ['TRAFICO_ORGANOS', 'OTRO', WITHHELD]);
  assert.equal(flatHierarchy().generalise('F', 1), WITHHELD);
});

const QIS: QuasiIdentifier[] = [
  { field: 'sex', hierarchy: flatHierarchy('sexo') },
  { field: 'age', hierarchy: ageHierarchy() },
  { field: 'registered', hierarchy: dateHierarchy(), minLevel: 1 },
  { field: 'ubigeo', hierarchy: ubigeoHierarchy() },
  { field: 'nationality', hierarchy: nationalityHierarchy() },
  { field: 'purpose', hierarchy: categoricalHierarchy({ keep: ['EXPLOTACION_SEXUAL', 'EXPLOTACION_LABORAL'] }) },
];

test('a hand-built dataset: the generalisation found and the records withheld are the ones worked out', () => {
  // 12 women aged 20–23 in district 150101 and 150102 (Lima), 1 man aged 40 in 150101.
  // Districts apart: 150101 has 6 women + 1 man; generalising ubigeo to province (1501) puts the 12
  // women together; ages 20–23 fall in two CTDC bands (18-20, 21-23), so age goes to adult.
  const records: MicrodataRecord[] = [];
  for (let i = 0; i < 12; i++) records.push({ sex: 'F', age: 20 + (i % 4), ubigeo: i < 6 ? '150101' : '150102', note: `r${i}` });
  records.push({ sex: 'M', age: 40, ubigeo: '150101', note: 'r12' });
  const qis: QuasiIdentifier[] = [
    { field: 'sex', hierarchy: flatHierarchy() },
    { field: 'age', hierarchy: ageHierarchy() },
    { field: 'ubigeo', hierarchy: ubigeoHierarchy() },
  ];
  const result = kAnonymise(records, qis, { k: 11, maxSuppressedShare: 0.1 });
  assert.deepEqual(result.generalisation.map((g) => [g.field, g.levelName]), [['sex', 'valor'], ['age', 'NNA/adulto'], ['ubigeo', 'provincia']]);
  assert.equal(result.suppressedRecords, 1, 'the lone man is withheld (1 of 13 ≤ 10 %)');
  assert.equal(result.records.length, 12);
  assert.ok(result.records.every((r) => r.sex === 'F' && r.age === 'ADULTO' && r.ubigeo === '1501'));
  assert.equal(result.records[0]!.note, 'r0', 'fields that are not quasi-identifiers are copied');
  assert.ok(checkKAnonymity(result.records, ['sex', 'age', 'ubigeo'], 11).ok);
  assert.match(result.report.es, /k = 11/);
  assert.match(result.report.en, /1 of 13 records were withheld/);
  // With no room to withhold anyone, sex must go as well: everyone in one class of 13.
  const strict = kAnonymise(records, qis, { k: 11, maxSuppressedShare: 0 });
  assert.equal(strict.suppressedRecords, 0);
  assert.equal(strict.generalisation[0]!.levelName, WITHHELD);
  assert.ok(checkKAnonymity(strict.records, ['sex', 'age', 'ubigeo'], 11).ok);
});

test('checkKAnonymity fails on any combination below k', () => {
  const records = [...Array(11).fill({ sex: 'F', age: '18-20' }), ...Array(10).fill({ sex: 'M', age: '18-20' })] as MicrodataRecord[];
  const check = checkKAnonymity(records, ['sex', 'age'], 11);
  assert.equal(check.ok, false);
  assert.deepEqual(check.violations, [{ values: { sex: 'M', age: '18-20' }, count: 10 }]);
  assert.equal(check.smallestClass, 10);
  assert.ok(checkKAnonymity(records.slice(0, 11), ['sex', 'age'], 11).ok);
});

test('synthetic microdata, six quasi-identifiers: k = 11 reached within 5 % suppression, and verified', () => {
  const records = syntheticMicrodata(6_000, 5);
  const result = kAnonymise(records, QIS, { k: 11 });
  assert.ok(result.withinSuppressionLimit);
  assert.ok(result.suppressedRecords <= 0.05 * records.length);
  assert.equal(result.records.length + result.suppressedRecords, records.length);
  const check = checkKAnonymity(result.records, QIS.map((q) => q.field), 11);
  assert.ok(check.ok, `violations: ${JSON.stringify(check.violations.slice(0, 3))}`);
  assert.ok(result.generalisation.find((g) => g.field === 'registered')!.level >= 1, 'never a day (minLevel)');
  assert.ok(result.smallestClass >= 11);
  // Minimal height: lowering the most generalised field one level breaks the 5 % limit.
  const i = result.generalisation.findIndex((g) => g.level === Math.max(...result.generalisation.map((x) => x.level)));
  const lowered = QIS.map((q, j) => ({ ...q, minLevel: result.generalisation[j]!.level - (j === i ? 1 : 0), maxLevel: result.generalisation[j]!.level - (j === i ? 1 : 0) }));
  assert.equal(kAnonymise(records, lowered, { k: 11 }).withinSuppressionLimit, false);
});

test('a tampered release (one record put back) fails the verifier', () => {
  const records = syntheticMicrodata(1_000, 9);
  const result = kAnonymise(records, QIS, { k: 11 });
  const smallest = checkKAnonymity(result.records, QIS.map((q) => q.field), 11);
  assert.ok(smallest.ok);
  const odd = { ...result.records[0]!, nationality: 'ZZZ' };
  assert.equal(checkKAnonymity([...result.records, odd], QIS.map((q) => q.field), 11).ok, false);
});

test('a hierarchy that is not nested is refused', () => {
  // Level 1 puts everything together, level 2 splits it again: level 2 is not a function of level 1.
  const notNested = hierarchyFromSteps(['v', 'a', 'b', WITHHELD], [() => 'same', (v) => v]);
  const records = [{ x: '1' }, { x: '2' }, { x: '3' }];
  assert.throws(() => kAnonymise(records, [{ field: 'x', hierarchy: notNested }], { k: 2 }), /not nested/);
  assert.doesNotThrow(() => kAnonymise(records, [{ field: 'x', hierarchy: categoricalHierarchy() }], { k: 2 }));
});

test('fewer records than k: everything is withheld and the limit is reported as exceeded', () => {
  const records = Array.from({ length: 5 }, (_, i) => ({ sex: 'F', age: 20 + i }));
  const result = kAnonymise(records, [{ field: 'sex', hierarchy: flatHierarchy() }, { field: 'age', hierarchy: ageHierarchy() }], { k: 11 });
  assert.equal(result.records.length, 0);
  assert.equal(result.suppressedRecords, 5);
  assert.equal(result.withinSuppressionLimit, false);
  assert.ok(checkKAnonymity(result.records, ['sex', 'age'], 11).ok);
  assert.deepEqual(kAnonymise([], [{ field: 'sex', hierarchy: flatHierarchy() }]).records, []);
});
