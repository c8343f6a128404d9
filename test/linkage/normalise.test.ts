import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formalNames, fullNameReadings, nameTokens, normaliseDocument, parseFullName, parseSurnames, phoneticKey, toMatchForm } from '../../src/linkage/normalise.ts';
import { prepareRecord } from '../../src/linkage/record.ts';

test('match forms drop accents, case and ñ', () => {
  assert.equal(toMatchForm('María-José  Núñez'), 'MARIA JOSE NUNEZ');
  assert.equal(toMatchForm('PEÑA'), 'PENA');
  assert.equal(toMatchForm(undefined), '');
});

test('particles are removed and compound surnames kept together', () => {
  assert.deepEqual(nameTokens('María del Carmen'), ['MARIA', 'CARMEN']);
  assert.deepEqual(nameTokens('Juan de Dios'), ['JUAN', 'DIOS']);
  assert.deepEqual(nameTokens('San Martín'), ['SANMARTIN']);
  assert.deepEqual(nameTokens('de la Cruz'), ['CRUZ']);
});

test('both surnames in one field, and a married "de X" kept apart', () => {
  assert.deepEqual(parseSurnames('Quispe Huamán', ''), { surnames: ['QUISPE', 'HUAMAN'], marital: [] });
  assert.deepEqual(parseSurnames('Quispe', 'Mamani de Flores'), { surnames: ['QUISPE', 'MAMANI'], marital: ['FLORES'] });
  assert.deepEqual(parseSurnames('Quispe Mamani vda. de Flores', ''), { surnames: ['QUISPE', 'MAMANI'], marital: ['FLORES'] });
  assert.deepEqual(parseSurnames('De la Cruz', ''), { surnames: ['CRUZ'], marital: [] });
});

test('full names: given first, surnames first, comma, and capitals', () => {
  assert.deepEqual(parseFullName('María del Carmen Quispe Huamán'), { given: 'María del Carmen', paternal: 'Quispe', maternal: 'Huamán' });
  assert.deepEqual(parseFullName('QUISPE HUAMAN, María del Carmen'), { given: 'María del Carmen', paternal: 'QUISPE', maternal: 'HUAMAN' });
  assert.deepEqual(parseFullName('Carmen QUISPE'), { given: 'Carmen', paternal: 'QUISPE', maternal: '' });
  assert.deepEqual(parseFullName('QUISPE HUAMAN MARIA DEL CARMEN'), { given: 'MARIA DEL CARMEN', paternal: 'QUISPE', maternal: 'HUAMAN' });
  const readings = fullNameReadings('Ticona Huillca Flor de María');
  assert.ok(readings.some((r) => r.paternal === 'Ticona' && r.maternal === 'Huillca'));
});

test('Spanish/Quechua phonetic key merges spelling variants', () => {
  const same = (a: string, b: string): void => assert.equal(phoneticKey(toMatchForm(a)), phoneticKey(toMatchForm(b)), `${a} ~ ${b}`);
  same('Huamán', 'Guamán');
  same('Huamán', 'Waman');
  same('Quispe', 'Quispi');
  same('Ccori', 'Qori');
  same('Yupanqui', 'Llupanqui');
  same('Vásquez', 'Basques');
  same('Zapata', 'Sapata');
  same('Yupanqui', 'Yupanki');
  assert.notEqual(phoneticKey('QUISPE'), phoneticKey('MAMANI'));
});

test('nicknames resolve to formal names', () => {
  for (const [nick, formal] of [['PEPE', 'JOSE'], ['CHARO', 'ROSARIO'], ['LUCHO', 'LUIS'], ['PANCHO', 'FRANCISCO'], ['NACHO', 'IGNACIO'], ['CHABELA', 'ISABEL'], ['LUPE', 'GUADALUPE'], ['MECHE', 'MERCEDES'], ['TONO', 'ANTONIO']] as const) {
    assert.ok(formalNames(nick).includes(formal), `${nick} → ${formal}`);
  }
  assert.deepEqual(formalNames('ROSA'), ['ROSA']);
});

test('document numbers ignore punctuation and leading zeros', () => {
  assert.equal(normaliseDocument('00836623'), '836623');
  assert.equal(normaliseDocument(' 4.512.345-k '), '4512345K');
});

test('prepared records read a full-name string when the name fields are empty', () => {
  const r = prepareRecord({ source: 'ONG', record_id: '1', full_name: 'Maria Quispi Guaman', birth_date: '1990-05' }, 0);
  assert.deepEqual(r.given, ['MARIA']);
  assert.deepEqual(r.surnames, ['QUISPI', 'GUAMAN']);
  assert.equal(r.birthYear, 1990);
  assert.equal(r.birthMonth, 5);
  assert.equal(r.birthDay, 0);
});
