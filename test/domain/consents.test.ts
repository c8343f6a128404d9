// The consent rules of domain-spec §6.9 and §10.2–10.4, as pure functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adultOn, comesOfAgeWithin, consentInForce, consentProblems, lapsesOn, needsCoSignature, RecordConsentRequest } from '../../src/domain/consents.ts';

const base = RecordConsentRequest.parse({
  purpose: 'ATENCION_Y_SERVICIOS',
  granted: true,
  form: 'ESCRITA_FIRMA',
  givenBy: 'TITULAR',
  givenOn: '2026-11-20',
  checklist: { assent: true, purposeExplained: true, usesExplained: true, researchUse: false, rightToAccess: true, retention: true, howToWithdraw: true },
  language: 'qu',
  interpreter: true,
});
const keys = (request: typeof base, minor = 'NO') => consentProblems({ request, minor }).map((p) => `${p.path}:${p.key}`);

test('an informed adult consent for care is valid; a share names one agency and its groups', () => {
  assert.deepEqual(keys(base), []);
  assert.deepEqual(keys({ ...base, purpose: 'COMPARTIR_CON_ENTIDAD', agency: 'MP', groups: ['G2'] }), []);
  assert.deepEqual(keys({ ...base, purpose: 'COMPARTIR_CON_ENTIDAD' }), ['agency:consent.agencyRequired', 'groups:invalid.required']);
  assert.deepEqual(keys({ ...base, purpose: 'COMPARTIR_CON_ENTIDAD', agency: 'MP', groups: ['G6'] }), ['groups:invalid.shelterNeverShared']);
  assert.deepEqual(keys({ ...base, agency: 'MP' }), ['agency:consent.agencyOnlyForSharing']);
});

test('sensitive data need a written consent; a refusal needs no form of proof', () => {
  assert.deepEqual(keys({ ...base, purpose: 'TRATAMIENTO_DATOS_SENSIBLES', form: 'VERBAL_REGISTRADA' }), ['form:consent.writtenForSensitive']);
  assert.deepEqual(keys({ ...base, purpose: 'COMPARTIR_CON_ENTIDAD', agency: 'MP', groups: ['G3'], form: 'VERBAL_REGISTRADA' }), ['form:consent.writtenForSensitive']);
  assert.deepEqual(keys({ ...base, purpose: 'COMPARTIR_CON_ENTIDAD', agency: 'MP', groups: ['G2', 'G5'], form: 'VERBAL_REGISTRADA' }), []);
  assert.deepEqual(keys({ ...base, purpose: 'TRATAMIENTO_DATOS_SENSIBLES', form: 'VERBAL_REGISTRADA', granted: false }), []);
});

test('an uninformed consent is refused, item by item', () => {
  assert.deepEqual(keys({ ...base, checklist: { ...base.checklist, purposeExplained: false, usesExplained: false } }), ['checklist.purposeExplained:consent.notInformed', 'checklist.usesExplained:consent.notInformed']);
  assert.deepEqual(keys({ ...base, checklist: { ...base.checklist, researchUse: false } }), [], 'research use is her choice');
});

test('children: a representative or the protection authority, and the child\'s view', () => {
  assert.deepEqual(keys(base, 'SI'), ['givenBy:consent.childByRepresentative', 'childOpinion:consent.childOpinionRequired']);
  assert.deepEqual(keys({ ...base, givenBy: 'OTRO', childOpinion: 'de acuerdo' }, 'SI'), ['givenBy:consent.childByRepresentative']);
  assert.deepEqual(keys({ ...base, givenBy: 'UPE_DPE_O_AUTORIDAD_TUTELAR', childOpinion: 'de acuerdo' }, 'SI'), []);
  assert.deepEqual(keys({ ...base, givenBy: 'REPRESENTANTE_LEGAL', childOpinion: 'de acuerdo' }, 'SI'), []);
  assert.deepEqual(keys({ ...base, childOpinion: 'de acuerdo' }, 'NO'), ['childOpinion:consent.childOpinionOnlyForChildren']);
  assert.deepEqual(keys(base, 'DESCONOCIDO'), [], 'age unknown: her own consent is taken');
});

test('a public image or testimony is not taken on one signature; in force means given and not withdrawn', () => {
  assert.deepEqual(keys({ ...base, purpose: 'IMAGEN_O_TESTIMONIO_PUBLICO' }), [], 'recorded, to hold once co-signed');
  assert.deepEqual(keys({ ...base, purpose: 'IMAGEN_O_TESTIMONIO_PUBLICO', form: 'VERBAL_REGISTRADA' }), ['form:consent.writtenForSensitive']);
  assert.equal(needsCoSignature({ purpose: 'IMAGEN_O_TESTIMONIO_PUBLICO', granted: true }), true);
  assert.equal(consentInForce({ granted: true, withdrawnAt: null, awaitingCoSignature: true }), false);
  assert.deepEqual(keys({ ...base, purpose: 'IMAGEN_O_TESTIMONIO_PUBLICO', granted: false }), []);
  assert.equal(consentInForce({ granted: true, withdrawnAt: null }), true);
  assert.equal(consentInForce({ granted: true, withdrawnAt: '2026-11-21T00:00:00Z' }), false);
  assert.equal(consentInForce({ granted: false, withdrawnAt: null }), false);
});

test('coming of age (§10.3): from the birth date, a partial one from its latest day, or the estimate and the years since', () => {
  assert.equal(adultOn({ birthDate: '2008-11-27' }, '2026-11-26'), false);
  assert.equal(adultOn({ birthDate: '2008-11-27' }, '2026-11-27'), true);
  assert.equal(adultOn({ birthDate: '2008-11' }, '2026-11-29'), false, 'born any day of November');
  assert.equal(adultOn({ birthDate: '2008-11' }, '2026-11-30'), true);
  assert.equal(adultOn({ estimatedAge: 16, estimatedOn: '2024-05-01T10:00:00Z' }, '2026-05-01'), true);
  assert.equal(adultOn({ estimatedAge: 16, estimatedOn: '2024-05-01T10:00:00Z' }, '2026-04-30'), false);
  assert.equal(adultOn({}, '2026-11-27'), false, 'unknown age: not known to be an adult');
  assert.equal(comesOfAgeWithin({ birthDate: '2008-12-20' }, '2026-11-27', 30), '2026-12-20');
  assert.equal(comesOfAgeWithin({ birthDate: '2009-01-20' }, '2026-11-27', 30), undefined);
  const representative = { givenBy: 'REPRESENTANTE_LEGAL', givenOn: '2026-06-01', granted: true, withdrawnAt: null };
  assert.equal(lapsesOn(representative, { birthDate: '2008-11-27' }, '2026-11-27'), true);
  assert.equal(lapsesOn(representative, { birthDate: '2008-11-27' }, '2026-11-26'), false);
  assert.equal(lapsesOn({ ...representative, givenBy: 'TITULAR' }, { birthDate: '2008-11-27' }, '2026-11-27'), false);
  assert.equal(lapsesOn({ ...representative, givenOn: '2026-11-27' }, { birthDate: '2008-11-27' }, '2026-12-01'), false, 'given for her as an adult: it does not lapse');
  assert.equal(consentInForce({ granted: true, withdrawnAt: null, lapsedAt: '2026-11-27T00:00:00Z' }), false);
});
