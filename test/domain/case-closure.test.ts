// The closure record's rules (domain-spec §6.15, §8.1): required to close, only with a closing
// move, the right kind of closure for a referral, and lost contact only after the failed attempts
// over the period.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closureProblems, LOST_CONTACT_ATTEMPTS, LOST_CONTACT_DAYS } from '../../src/domain/case-closure.ts';

const closure = { closedOn: '2026-10-15', motive: 'OBJETIVOS_PRI_CUMPLIDOS', acceptsLaterContact: true, finalEvaluation: [] };
const keys = (facts: Parameters<typeof closureProblems>[0]) => closureProblems(facts).map((p) => p.key);
const base = { to: 'CERRADO' as const, today: '2026-10-20', failedContacts: [] };

test('a file is closed only with its closure record, and the record goes only with a closing move', () => {
  assert.deepEqual(keys({ ...base }), ['closure.required']);
  assert.deepEqual(keys({ ...base, closure }), []);
  assert.deepEqual(keys({ ...base, to: 'CERRADO_DERIVADO' }), [], 'closing by referral rests on the accepted referral');
  assert.deepEqual(keys({ ...base, to: 'EN_ATENCION', closure }), ['closure.onlyWhenClosing']);
  assert.deepEqual(keys({ ...base, closure: { ...closure, closedOn: '2026-10-21' } }), ['invalid.dateInFuture']);
});

test('another agency taking over closes by referral, not plainly', () => {
  assert.deepEqual(keys({ ...base, closure: { ...closure, motive: 'DERIVADO_Y_ACEPTADO_POR_OTRA_ENTIDAD' } }), ['closure.useClosedByReferral']);
  assert.deepEqual(keys({ ...base, to: 'CERRADO_DERIVADO', closure: { ...closure, motive: 'RETORNO_A_PAIS_DE_ORIGEN_CON_DERIVACION' } }), []);
  assert.deepEqual(keys({ ...base, to: 'CERRADO_DERIVADO', closure }), ['closure.byReferralMotive']);
  assert.deepEqual(keys({ ...base, closure: { ...closure, finalEvaluation: [{ dimension: 'SALUD_FISICA', result: 'LOGRADO' }, { dimension: 'SALUD_FISICA', result: 'NO_LOGRADO' }] } }), ['closure.dimensionTwice']);
});

test(`lost contact: at least ${LOST_CONTACT_ATTEMPTS} failed attempts spanning ${LOST_CONTACT_DAYS} days`, () => {
  const lost = { ...closure, motive: 'PERDIDA_DE_CONTACTO' };
  assert.deepEqual(keys({ ...base, closure: lost, failedContacts: ['2026-06-01', '2026-08-01'] }), [`closure.lostContactAttempts:${LOST_CONTACT_ATTEMPTS}`]);
  assert.deepEqual(keys({ ...base, closure: lost, failedContacts: ['2026-08-01', '2026-09-01', '2026-10-01'] }), [`closure.lostContactPeriod:${LOST_CONTACT_DAYS}`]);
  assert.deepEqual(keys({ ...base, closure: lost, failedContacts: ['2026-07-17', '2026-09-01', '2026-10-01'] }), [], 'exactly 90 days before the closure');
  assert.deepEqual(keys({ ...base, closure: lost, failedContacts: ['2026-07-18', '2026-09-01', '2026-10-01'] }), [`closure.lostContactPeriod:${LOST_CONTACT_DAYS}`]);
});
