import { test } from 'node:test';
import assert from 'node:assert/strict';
import { birthDate, documentNumber, givenNames, surnames } from '../../src/linkage/comparisons.ts';
import { compareInto } from '../../src/linkage/model.ts';
import { prepareRecord } from '../../src/linkage/record.ts';
import type { LinkageInput } from '../../src/linkage/record.ts';
import { editDistance, jaroWinkler, oneDigitApart } from '../../src/linkage/similarity.ts';

const rec = (fields: Partial<LinkageInput>) => prepareRecord({ source: 'T', record_id: String(Math.random()), ...fields }, 0, { referenceYear: 2026 });
const level = (c: typeof givenNames, a: Partial<LinkageInput>, b: Partial<LinkageInput>): string => c.levels[c.compare(rec(a), rec(b))] as string;

test('Jaro-Winkler matches the textbook values', () => {
  assert.ok(Math.abs(jaroWinkler('MARTHA', 'MARHTA') - 0.9611) < 1e-3);
  assert.ok(Math.abs(jaroWinkler('DWAYNE', 'DUANE') - 0.84) < 1e-3);
  assert.ok(Math.abs(jaroWinkler('DIXON', 'DICKSONX') - 0.8133) < 1e-3);
  assert.equal(jaroWinkler('ABC', 'ABC'), 1);
  assert.equal(jaroWinkler('', 'ABC'), 0);
});

test('edit distance counts a transposition as one edit', () => {
  assert.equal(editDistance('QUISPE', 'QUIPSE'), 1);
  assert.equal(editDistance('QUISPE', 'QUISPE'), 0);
  assert.equal(editDistance('ABCDEF', 'UVWXYZ', 2), 3);
  assert.ok(oneDigitApart(12345678, 12345679));
  assert.ok(oneDigitApart(12345678, 12345687));
  assert.ok(!oneDigitApart(12345678, 12345699));
});

test('given names: exact, nickname, compound name cut, phonetic, initial', () => {
  assert.equal(level(givenNames, { given_names: 'María del Carmen' }, { given_names: 'MARIA DEL CARMEN' }), 'exact');
  assert.equal(level(givenNames, { given_names: 'Pepe' }, { given_names: 'José' }), 'nickname/formal equal');
  assert.equal(level(givenNames, { given_names: 'María del Carmen' }, { given_names: 'Carmen' }), 'one name list contained in the other (compound name cut)');
  assert.equal(level(givenNames, { given_names: 'María Isabel' }, { given_names: 'María Rosa' }), 'first name equal, others differ');
  assert.equal(level(givenNames, { given_names: 'Rosa Elena' }, { given_names: 'María Elena' }), 'one name in common');
  assert.equal(level(givenNames, { given_names: 'J' }, { given_names: 'Juan' }), 'initial');
  assert.equal(level(givenNames, { given_names: 'Rosa' }, {}), 'null');
  assert.equal(level(givenNames, { given_names: 'Rosa' }, { given_names: 'Pedro' }), 'different');
});

test('surnames: swapped, one missing, Quechua variants, married name', () => {
  assert.equal(level(surnames, { paternal_surname: 'Quispe', maternal_surname: 'Huamán' }, { paternal_surname: 'QUISPE', maternal_surname: 'HUAMAN' }), 'exact');
  assert.equal(level(surnames, { paternal_surname: 'Quispe', maternal_surname: 'Huamán' }, { paternal_surname: 'Huamán', maternal_surname: 'Quispe' }), 'same surnames, swapped order');
  assert.equal(level(surnames, { paternal_surname: 'Quispe', maternal_surname: 'Huamán' }, { paternal_surname: 'Quispe' }), 'one surname missing, rest equal');
  assert.equal(level(surnames, { paternal_surname: 'Quispe', maternal_surname: 'Huamán' }, { paternal_surname: 'Quispi', maternal_surname: 'Guaman' }), 'phonetic equal');
  assert.equal(level(surnames, { paternal_surname: 'Quispe', maternal_surname: 'Huamán' }, { paternal_surname: 'Quispi' }), 'one surname missing, rest phonetic equal');
  assert.equal(level(surnames, { paternal_surname: 'Flores' }, { paternal_surname: 'Mamani', maternal_surname: 'Rojas de Flores' }), 'surname = given name (swapped fields) or married name');
  assert.equal(level(surnames, { paternal_surname: 'Quispe' }, { paternal_surname: 'Torres' }), 'different');
});

test('a given name and first surname typed in each other\'s fields compare as the names they are', () => {
  const levels = new Uint8Array(2);
  const typed = rec({ given_names: 'Layme', paternal_surname: 'Maribel', maternal_surname: 'Huillca' });
  const right = rec({ given_names: 'MARIBEL', paternal_surname: 'LAYME', maternal_surname: 'HUILLCA' });
  compareInto([givenNames, surnames], right, typed, levels, 0);
  assert.deepEqual([givenNames.levels[levels[0] as number], surnames.levels[levels[1] as number]], ['exact', 'exact']);
  // Only when both names cross over: a given name that is also someone's surname is no swap.
  compareInto([givenNames, surnames], rec({ given_names: 'Flor', paternal_surname: 'Layme' }), rec({ given_names: 'Layme', paternal_surname: 'Quispe' }), levels, 0);
  assert.equal(givenNames.levels[levels[0] as number], 'given name = surname (swapped fields)');
});

test('birth dates: partial, typo, day/month swapped, year ±1, ages', () => {
  assert.equal(level(birthDate, { birth_date: '1990-05-17' }, { birth_date: '1990-05-17' }), 'exact');
  assert.equal(level(birthDate, { birth_date: '1990-05-17' }, { birth_date: '1990-05' }), 'year and month agree (one side partial)');
  assert.equal(level(birthDate, { birth_date: '1990-05-17' }, { birth_date: '1990' }), 'year agrees (one side year only)');
  assert.equal(level(birthDate, { birth_date: '1990-05-17' }, { birth_date: '1990-05-18' }), 'one digit typo');
  assert.equal(level(birthDate, { birth_date: '1990-05-07' }, { birth_date: '1990-07-05' }), 'day and month swapped');
  assert.equal(level(birthDate, { birth_date: '1990-05-17' }, { birth_date: '1989-05-17' }), 'year ±1, same day and month');
  assert.equal(level(birthDate, { birth_date: '2008-03-01' }, { age: '15' }), 'age consistent with birth year');
  assert.equal(level(birthDate, { age: '15' }, { age: '16' }), 'stated ages within 1 year');
  // Ages estimated by eye: two or three years off is its own level, not "within 5 years".
  assert.equal(level(birthDate, { age: '15' }, { age: '18' }), 'stated age 2–3 years off');
  assert.equal(level(birthDate, { birth_date: '2008-03-01' }, { age: '20' }), 'stated age 2–3 years off');
  assert.equal(level(birthDate, { age: '15' }, { age: '20' }), 'within 5 years');
  assert.equal(level(birthDate, { birth_date: '1950-01-01' }, { age: '15' }), 'different');
  assert.equal(level(birthDate, {}, { birth_date: '1990' }), 'null');
});

test('documents: exact, one digit wrong, transposed, type mismatch', () => {
  assert.equal(level(documentNumber, { document_number: '41234567' }, { document_number: '41234567' }), 'exact');
  assert.equal(level(documentNumber, { document_number: '41234567' }, { document_number: '41234568' }), 'one digit wrong or transposed');
  assert.equal(level(documentNumber, { document_number: '41234567' }, { document_number: '41234576' }), 'one digit wrong or transposed');
  assert.equal(level(documentNumber, { document_type: 'DNI', document_number: '41234567' }, { document_type: 'PASAPORTE', document_number: '51234577' }), 'different document types');
  assert.equal(level(documentNumber, { document_number: '41234567' }, { document_number: '99999999' }), 'different');
  assert.equal(level(documentNumber, { document_number: '41234567' }, {}), 'null');
});

test('every comparison has a start m and u for each level', async () => {
  const { DEFAULT_COMPARISONS } = await import('../../src/linkage/comparisons.ts');
  for (const c of DEFAULT_COMPARISONS) {
    assert.equal(c.mStart.length, c.levels.length, `${c.name} mStart`);
    assert.equal(c.uStart.length, c.levels.length, `${c.name} uStart`);
    assert.ok(c.levels.length <= 16, `${c.name}: levels fit in 4 bits`);
  }
});
