import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ageRange, parsePartialDate, todayInPeru } from '../../src/domain/dates.ts';
import { negotiateLang } from '../../src/domain/messages.ts';
import { displayName, minorAtDetection, nameTokens } from '../../src/domain/records.ts';
import { CaseFileInput, PersonInput, passwordProblem } from '../../src/domain/schemas.ts';
import { isUbigeo, ubigeoLabel } from '../../src/domain/ubigeo.ts';
import { fieldErrors } from '../../src/domain/validation.ts';

const person = { givenNames: 'Rosa Elena', paternalSurname: 'Condori', sex: 'MUJER', nationalities: ['PER'] };
const caseFile = { detectionDate: '2026-03-12', detectionSource: 'OPERATIVO_FISCAL', detectionUbigeo: '17', legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] };

function errorsOf(schema: typeof PersonInput | typeof CaseFileInput, value: unknown, lang: 'es' | 'en' = 'es') {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, 'expected a validation error');
  return result.success ? [] : fieldErrors(result.error, lang, [], value);
}

describe('dates', () => {
  test('partial dates: exact, month, year; impossible days refused', () => {
    assert.deepEqual(parsePartialDate('2004-02-29'), { year: 2004, month: 2, day: 29, precision: 'EXACTA' });
    assert.equal(parsePartialDate('2005-02-29'), undefined);
    assert.equal(parsePartialDate('2001-02-31'), undefined);
    assert.equal(parsePartialDate('2001-13'), undefined);
    assert.deepEqual(parsePartialDate('2001-07'), { year: 2001, month: 7, precision: 'MES_ANIO' });
    assert.deepEqual(parsePartialDate('1998'), { year: 1998, precision: 'ANIO' });
    assert.equal(parsePartialDate('14/03/1999'), undefined);
  });

  test('age ranges for partial birth dates', () => {
    assert.deepEqual(ageRange(parsePartialDate('2008-06-15')!, '2026-06-14'), [17, 17]);
    assert.deepEqual(ageRange(parsePartialDate('2008-06-15')!, '2026-06-15'), [18, 18]);
    assert.deepEqual(ageRange(parsePartialDate('2008')!, '2026-06-15'), [17, 18]);
    assert.deepEqual(ageRange(parsePartialDate('2008-06')!, '2026-06-10'), [17, 18]);
  });

  test('today in Peru is UTC−5', () => {
    assert.equal(todayInPeru(new Date('2026-11-27T03:00:00Z')), '2026-11-26');
    assert.equal(todayInPeru(new Date('2026-11-27T06:00:00Z')), '2026-11-27');
  });
});

describe('child at detection', () => {
  test('derived from the birth date when it settles the question, kept when it does not', () => {
    assert.deepEqual(minorAtDetection({ birthDate: '2010-01-01' }, '2026-03-01', 'DESCONOCIDO'), { value: 'SI', conflict: false });
    assert.deepEqual(minorAtDetection({ birthDate: '1990' }, '2026-03-01', 'DESCONOCIDO'), { value: 'NO', conflict: false });
    assert.deepEqual(minorAtDetection({ birthDate: '2008' }, '2026-03-01', 'SI'), { value: 'SI', conflict: false });
    assert.deepEqual(minorAtDetection({ birthDate: '1990-05-05' }, '2026-03-01', 'SI'), { value: 'NO', conflict: true });
    assert.deepEqual(minorAtDetection({}, '2026-03-01', 'DESCONOCIDO'), { value: 'DESCONOCIDO', conflict: false });
  });
});

describe('person validation', () => {
  test('a minimal person is valid: one name, sex, nationality', () => {
    assert.equal(PersonInput.safeParse(person).success, true);
  });

  test('no name at all is refused, a description is enough', () => {
    assert.deepEqual(errorsOf(PersonInput, { sex: 'DESCONOCIDO', nationalities: ['DESCONOCIDO'] }).map((e) => e.path), ['givenNames']);
    assert.equal(PersonInput.safeParse({ identificationDescription: 'Joven del operativo (sintético)', sex: 'DESCONOCIDO', nationalities: ['DESCONOCIDO'] }).success, true);
  });

  test('names accept accents, ñ, apostrophes and hyphens; refuse digits and symbols', () => {
    assert.equal(PersonInput.safeParse({ ...person, givenNames: "María D'Ángela", paternalSurname: 'Ñahui-Cárdenas' }).success, true);
    assert.equal(errorsOf(PersonInput, { ...person, givenNames: 'R0sa' })[0]?.path, 'givenNames');
    assert.equal(errorsOf(PersonInput, { ...person, paternalSurname: '<b>Condori</b>' })[0]?.path, 'paternalSurname');
  });

  test('documents are checked per type; "no document" always allowed', () => {
    assert.equal(PersonInput.safeParse({ ...person, documents: [{ type: 'DNI', number: '12345678' }] }).success, true);
    assert.equal(PersonInput.safeParse({ ...person, documents: [{ type: 'SIN_DOCUMENTO' }] }).success, true);
    assert.deepEqual(errorsOf(PersonInput, { ...person, documents: [{ type: 'DNI', number: '1234567A' }] }).map((e) => [e.path, e.message]), [['documents.0.number', 'El DNI tiene 8 dígitos.']]);
    assert.equal(errorsOf(PersonInput, { ...person, documents: [{ type: 'PASAPORTE' }] })[0]?.message, 'Indique el número del documento.');
    assert.equal(errorsOf(PersonInput, { ...person, documents: [{ type: 'SIN_DOCUMENTO', number: '123' }] })[0]?.path, 'documents.0.number');
  });

  test('birth date or age, not both; age within 0–120; no future dates', () => {
    assert.equal(errorsOf(PersonInput, { ...person, birthDate: '2000', estimatedAge: 26 })[0]?.path, 'estimatedAge');
    assert.equal(errorsOf(PersonInput, { ...person, estimatedAge: 130 })[0]?.path, 'estimatedAge');
    assert.equal(errorsOf(PersonInput, { ...person, estimatedAge: 15.5 })[0]?.path, 'estimatedAge');
    assert.equal(errorsOf(PersonInput, { ...person, birthDate: '2999' })[0]?.message, 'La fecha no puede ser posterior a hoy.');
    assert.equal(errorsOf(PersonInput, { ...person, birthDate: '1850-01-01' })[0]?.message, 'La fecha es anterior a 1900.');
  });

  test('nationalities: ISO codes, unknown stands alone', () => {
    assert.equal(PersonInput.safeParse({ ...person, nationalities: ['PER', 'VEN'] }).success, true);
    assert.equal(errorsOf(PersonInput, { ...person, nationalities: ['XXX'] })[0]?.path, 'nationalities.0');
    assert.equal(errorsOf(PersonInput, { ...person, nationalities: ['PER', 'DESCONOCIDO'] })[0]?.path, 'nationalities');
    assert.equal(errorsOf(PersonInput, { ...person, nationalities: [] })[0]?.path, 'nationalities');
  });

  test('indigenous languages and self-described gender identity', () => {
    assert.equal(PersonInput.safeParse({ ...person, motherTongue: 'cni', otherLanguages: ['spa'], genderIdentity: 'MUJER_TRANS' }).success, true);
    assert.equal(errorsOf(PersonInput, { ...person, motherTongue: 'klingon' })[0]?.path, 'motherTongue');
  });

  test('unknown fields are refused, not dropped', () => {
    assert.equal(errorsOf(PersonInput, { ...person, religion: 'x' })[0]?.message, 'Campo desconocido: religion.');
  });

  test('a missing choice reads "required", not "invalid code"', () => {
    const { sex: _sex, ...withoutSex } = person;
    assert.deepEqual(errorsOf(PersonInput, withoutSex).map((e) => [e.path, e.message]), [['sex', 'Este dato es obligatorio.']]);
  });

  test('messages in English', () => {
    assert.equal(errorsOf(PersonInput, { ...person, sex: 'X' }, 'en')[0]?.message, 'Not a valid code of the list "sex".');
  });
});

describe('case-file validation', () => {
  test('the minimal data of detection is enough', () => {
    const parsed = CaseFileInput.parse(caseFile);
    assert.equal(parsed.traffickingStatus, 'PRESUNTA_VICTIMA');
    assert.equal(parsed.minorAtDetection, 'DESCONOCIDO');
  });

  test('required: date, source, place, legal purpose and form of exploitation', () => {
    const paths = errorsOf(CaseFileInput, {}).map((e) => e.path).sort();
    assert.deepEqual(paths, ['detectionDate', 'detectionSource', 'detectionUbigeo', 'exploitationTypes', 'legalPurposes']);
  });

  test('multi-selects: no repeats, no-value codes alone, at least one', () => {
    assert.equal(errorsOf(CaseFileInput, { ...caseFile, exploitationTypes: ['LABORAL', 'LABORAL'] })[0]?.path, 'exploitationTypes');
    assert.equal(errorsOf(CaseFileInput, { ...caseFile, exploitationTypes: [] })[0]?.path, 'exploitationTypes');
    assert.equal(CaseFileInput.safeParse({ ...caseFile, exploitationTypes: ['DESCONOCIDO'], legalPurposes: ['NO_DETERMINADA'] }).success, true);
  });

  test('places: ubigeo only in Peru, country codes checked', () => {
    assert.equal(CaseFileInput.safeParse({ ...caseFile, recruitmentPlace: { country: 'VEN' }, exploitationPlaces: [{ country: 'PER', ubigeo: '170101' }] }).success, true);
    assert.equal(errorsOf(CaseFileInput, { ...caseFile, recruitmentPlace: { country: 'BOL', ubigeo: '080101' } })[0]?.path, 'recruitmentPlace.ubigeo');
  });
});

describe('changes', () => {
  test('a change holds only what was sent: defaults never reset other fields', async () => {
    const { CaseFileChanges, PersonChanges } = await import('../../src/domain/schemas.ts');
    assert.deepEqual(PersonChanges.parse({ aliases: ['Rosi'] }), { aliases: ['Rosi'] });
    assert.deepEqual(CaseFileChanges.parse({ detectionSource: 'LINEA_TELEFONICA' }), { detectionSource: 'LINEA_TELEFONICA' });
    assert.deepEqual(PersonChanges.parse({ maternalSurname: null }), { maternalSurname: null });
  });
});

describe('ubigeo, names, language, passwords', () => {
  test('INEI codes at each level', () => {
    assert.ok(isUbigeo('16') && isUbigeo('1601') && isUbigeo('160101'));
    assert.ok(!isUbigeo('26') && !isUbigeo('160199') && !isUbigeo('1'));
    assert.equal(ubigeoLabel('170101'), 'Madre de Dios / Tambopata / Tambopata');
  });

  test('search tokens fold accents and ñ', () => {
    assert.deepEqual(nameTokens({ givenNames: 'María', paternalSurname: 'Ñahui', maternalSurname: 'Huamán' }), ['maria', 'nahui', 'huaman']);
    assert.equal(displayName({ givenNames: 'José', paternalSurname: 'Pérez', socialName: 'Valentina' }), 'Valentina');
  });

  test('Spanish unless English is preferred', () => {
    assert.equal(negotiateLang(undefined), 'es');
    assert.equal(negotiateLang('en-US,en;q=0.9'), 'en');
    assert.equal(negotiateLang('fr,en;q=0.5'), 'en');
    assert.equal(negotiateLang('qu,es;q=0.8,en;q=0.5'), 'es');
  });

  test('passwords: 12 characters, three kinds', () => {
    assert.ok(passwordProblem('corta1A!'));
    assert.ok(passwordProblem('todominusculasperolarga'));
    assert.equal(passwordProblem('Larga-y-Segura-2026'), undefined);
  });
});
