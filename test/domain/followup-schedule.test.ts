// The follow-up schedule, the referral deadlines and consent rules, and the alerts a moving clock
// raises: each exactly at the instant the rules of domain-spec §8.1, §8.4 and §9.2 say.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childAbscondingAlertReaches, followUpAlertReaches, proposalAlertReaches, followUpOverdueFrom, isFollowUpOverdue, isPlanReviewOverdue, needsReReferral, referralAlertReaches } from '../../src/domain/alerts.ts';
import { addWorkingDays } from '../../src/domain/calendar.ts';
import { achievedShare } from '../../src/domain/care-plan.ts';
import { dueBucket, recordProblems, scheduleProblems, suggestNextDueOn } from '../../src/domain/followups.ts';
import { answerDeadline, caseStateAfterReferral, isAnswerOverdue, receiverAccess, referralCreationProblems } from '../../src/domain/referrals.ts';

test('next follow-up: weekly in care, monthly in reintegration, quarterly in follow-up, brought forward by goals and reviews', () => {
  assert.equal(suggestNextDueOn({ caseState: 'EN_ATENCION', today: '2026-03-02', lastContactOn: '2026-03-02' }), '2026-03-09');
  assert.equal(suggestNextDueOn({ caseState: 'EN_REINTEGRACION', today: '2026-03-02', lastContactOn: '2026-03-02' }), '2026-04-01');
  assert.equal(suggestNextDueOn({ caseState: 'EN_SEGUIMIENTO', today: '2026-03-02', lastContactOn: '2026-03-02' }), '2026-05-31');
  assert.equal(suggestNextDueOn({ caseState: 'EN_REINTEGRACION', today: '2026-03-02', lastContactOn: '2026-03-02', openGoalDates: ['2026-03-20', '2026-01-01'] }), '2026-03-20');
  assert.equal(suggestNextDueOn({ caseState: 'EN_SEGUIMIENTO', today: '2026-03-02', lastContactOn: '2026-03-02', planReviewDueOn: '2026-04-15' }), '2026-04-15');
  // Long without contact: due today, not in the past.
  assert.equal(suggestNextDueOn({ caseState: 'EN_ATENCION', today: '2026-03-02', lastContactOn: '2026-01-02' }), '2026-03-02');
  assert.equal(suggestNextDueOn({ caseState: 'SUSPENDIDO', today: '2026-03-02' }), undefined);
  assert.equal(suggestNextDueOn({ caseState: 'CERRADO', today: '2026-03-02' }), undefined);
  assert.equal(suggestNextDueOn({ caseState: 'EN_ATENCION', today: '2026-03-02', lastContactOn: '2026-03-02', cadence: { EN_ATENCION: 14 } }), '2026-03-16');
});

test('recording a follow-up: the next one is required while the case is active, within the stage gap', () => {
  const base = { state: 'PROGRAMADO' as const, outcome: 'REALIZADO' as const, caseState: 'EN_REINTEGRACION' as const, today: '2026-03-10', doneOn: '2026-03-10' };
  assert.deepEqual(recordProblems({ ...base, nextDueOn: '2026-04-09' }), []);
  assert.deepEqual(recordProblems({ ...base, nextDueOn: '2026-04-10' }).map((p) => p.key), ['followup.nextTooLate:30']);
  assert.deepEqual(recordProblems(base).map((p) => p.key), ['followup.nextRequired']);
  assert.deepEqual(recordProblems({ ...base, nextDueOn: '2026-03-10' }).map((p) => p.key), ['followup.nextAfterContact']);
  assert.deepEqual(recordProblems({ ...base, doneOn: '2026-03-11', nextDueOn: '2026-03-20' }).map((p) => p.key), ['invalid.dateInFuture']);
  assert.deepEqual(recordProblems({ ...base, outcome: 'NO_CONTACTADO', nextDueOn: '2026-03-12' }).map((p) => p.path), ['noContactReason']);
  assert.deepEqual(recordProblems({ ...base, state: 'REALIZADO', nextDueOn: '2026-03-12' }).map((p) => p.key), ['followup.notScheduled']);
  // A suspended file needs no next date (it has its review date).
  assert.deepEqual(recordProblems({ ...base, caseState: 'SUSPENDIDO' }), []);
  assert.deepEqual(scheduleProblems({ caseState: 'CERRADO', dueOn: '2026-03-12', today: '2026-03-10' }).map((p) => p.key), ['followup.caseNotFollowed']);
  assert.deepEqual(scheduleProblems({ caseState: 'EN_ATENCION', dueOn: '2026-03-09', today: '2026-03-10' }).map((p) => p.key), ['followup.dueInPast']);
});

test('worklist buckets: overdue from the day after, today, upcoming within 7 days', () => {
  assert.equal(dueBucket('2026-03-09', '2026-03-10'), 'overdue');
  assert.equal(dueBucket('2026-03-10', '2026-03-10'), 'today');
  assert.equal(dueBucket('2026-03-17', '2026-03-10'), 'upcoming');
  assert.equal(dueBucket('2026-03-18', '2026-03-10'), 'later');
});

test('a follow-up becomes overdue at midnight in Lima after its day, not a second before', () => {
  assert.equal(followUpOverdueFrom('2026-03-10'), '2026-03-11T05:00:00.000Z');
  assert.equal(isFollowUpOverdue('PROGRAMADO', '2026-03-10', new Date('2026-03-11T04:59:59.999Z')), false);
  assert.equal(isFollowUpOverdue('PROGRAMADO', '2026-03-10', new Date('2026-03-11T05:00:00.000Z')), true);
  assert.equal(isFollowUpOverdue('REALIZADO', '2026-03-10', new Date('2026-04-11T05:00:00.000Z')), false);
  assert.equal(isPlanReviewOverdue('EN_EJECUCION', '2026-03-10', new Date('2026-03-11T05:00:00.000Z')), true);
  assert.equal(isPlanReviewOverdue('EN_REVISION', '2026-03-10', new Date('2026-03-11T05:00:00.000Z')), false);
});

test('referral deadlines: 24 h, 72 h, 10 working days skipping weekends', () => {
  const sent = '2026-03-06T15:00:00.000Z'; // a Friday, 10:00 in Lima
  assert.equal(answerDeadline(sent, 'INMEDIATA'), '2026-03-07T15:00:00.000Z');
  assert.equal(answerDeadline(sent, 'PRIORITARIA'), '2026-03-09T15:00:00.000Z');
  assert.equal(answerDeadline(sent, 'REGULAR'), '2026-03-20T15:00:00.000Z');
  // Sent late on a Friday evening in Lima (already Saturday in UTC): counted from Friday in Lima.
  assert.equal(addWorkingDays('2026-03-07T03:00:00.000Z', 1), '2026-03-10T03:00:00.000Z');
  const due = answerDeadline(sent, 'INMEDIATA');
  assert.equal(isAnswerOverdue('ENVIADA', due, new Date('2026-03-07T14:59:59.999Z')), false);
  assert.equal(isAnswerOverdue('ENVIADA', due, new Date('2026-03-07T15:00:00.000Z')), true);
  assert.equal(isAnswerOverdue('ACEPTADA', due, new Date('2026-03-09T15:00:00.000Z')), false);
});

test('a rejected lead referral must be sent again within 72 hours', () => {
  const r = { state: 'RECHAZADA' as const, transfersLead: true, answeredAt: '2026-03-06T15:00:00.000Z', referredAgainSince: false };
  assert.equal(needsReReferral(r, new Date('2026-03-09T14:59:59.000Z')), false);
  assert.equal(needsReReferral(r, new Date('2026-03-09T15:00:00.000Z')), true);
  assert.equal(needsReReferral({ ...r, referredAgainSince: true }, new Date('2026-03-19T15:00:00.000Z')), false);
  assert.equal(needsReReferral({ ...r, transfersLead: false }, new Date('2026-03-19T15:00:00.000Z')), false);
});

test('alerts reach the assigned worker and her supervisors, or the receiving unit, and nobody else', () => {
  const f = { unitId: 'u1', assignedUserId: 'ana' };
  assert.equal(followUpAlertReaches(f, { userId: 'ana', unitId: 'u1', roles: ['ONG_GESTOR'] }), true);
  assert.equal(followUpAlertReaches(f, { userId: 'sup', unitId: 'u1', roles: ['SUPERVISOR'] }), true);
  assert.equal(followUpAlertReaches(f, { userId: 'eva', unitId: 'u1', roles: ['ONG_GESTOR'] }), false);
  assert.equal(followUpAlertReaches(f, { userId: 'sup2', unitId: 'u2', roles: ['SUPERVISOR'] }), false);
  assert.equal(followUpAlertReaches({ unitId: 'u1', assignedUserId: null }, { userId: 'eva', unitId: 'u1', roles: ['ONG_GESTOR'] }), true);
  const r = { toUnitId: 'mimp', fromUnitId: 'ong', fromUserId: 'ana' };
  assert.equal(referralAlertReaches(r, { userId: 'x', unitId: 'mimp', roles: ['MIMP_CEM'] }), true);
  assert.equal(referralAlertReaches(r, { userId: 'ana', unitId: 'ong', roles: ['ONG_GESTOR'] }), true);
  assert.equal(referralAlertReaches(r, { userId: 'eva', unitId: 'ong', roles: ['ONG_GESTOR'] }), false);
  assert.equal(referralAlertReaches(r, { userId: 'p', unitId: 'pnp', roles: ['SUPERVISOR'] }), false);
});

test('a proposal waiting for approval reaches the heads of the unit holding the file, never its proposer', () => {
  const p = { unitId: 'u1', proposedBy: 'ana' };
  assert.equal(proposalAlertReaches(p, { userId: 'sup', unitId: 'u1', roles: ['SUPERVISOR'] }), true);
  assert.equal(proposalAlertReaches({ ...p, proposedBy: 'sup' }, { userId: 'sup', unitId: 'u1', roles: ['SUPERVISOR', 'ONG_GESTOR'] }), false, 'not her own');
  assert.equal(proposalAlertReaches(p, { userId: 'ana', unitId: 'u1', roles: ['ONG_GESTOR'] }), false, 'the proposer waits');
  assert.equal(proposalAlertReaches(p, { userId: 'eva', unitId: 'u1', roles: ['ONG_GESTOR'] }), false, 'a colleague does not decide');
  assert.equal(proposalAlertReaches(p, { userId: 'sup2', unitId: 'u2', roles: ['SUPERVISOR'] }), false, 'nor the head of another unit');
});

test('referral creation: a recorded consent that names the destination, written for sensitive data; children to MIMP', () => {
  const adult = { minor: 'NO', caseState: 'ATENCION_INMEDIATA' as const, fromUnitId: 'a', toUnitId: 'b', toEntity: 'ONG', transfersLead: false, basis: 'CONSENTIMIENTO', sharedGroups: ['G2'], today: '2026-03-10' };
  const consent = { givenOn: '2026-03-01', form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true, consentId: 'recorded' };
  assert.deepEqual(referralCreationProblems({ ...adult, consent }), []);
  assert.deepEqual(referralCreationProblems(adult).map((p) => p.key), ['referral.consentNotRecorded'], 'no consent at all');
  assert.deepEqual(referralCreationProblems({ ...adult, consent: { ...consent, consentId: undefined } }).map((p) => p.key), ['referral.consentNotRecorded'], 'typed in, not recorded');
  assert.deepEqual(referralCreationProblems({ ...adult, consent: { ...consent, coversDestination: false } }).map((p) => p.key), ['referral.consentMustCoverDestination']);
  assert.deepEqual(referralCreationProblems({ ...adult, sharedGroups: ['G1', 'G2'], consent: { ...consent, form: 'VERBAL_REGISTRADA' } }).map((p) => p.key), ['referral.verbalConsentNotForSensitive']);
  assert.deepEqual(referralCreationProblems({ ...adult, consent, toUnitId: 'a' }).map((p) => p.key), ['referral.sameUnit']);
  assert.deepEqual(referralCreationProblems({ ...adult, basis: 'PROTECCION_NNA' }).map((p) => p.key), ['referral.childProtectionOnlyForChildren']);
  const child = { ...adult, minor: 'SI', basis: 'PROTECCION_NNA', transfersLead: true };
  assert.deepEqual(referralCreationProblems(child).map((p) => p.key), ['referral.childLeadToMimp']);
  assert.deepEqual(referralCreationProblems({ ...child, toEntity: 'MIMP' }), []);
  assert.deepEqual(referralCreationProblems({ ...child, toEntity: 'MIMP', basis: 'CONSENTIMIENTO', consent }).map((p) => p.key), ['referral.childConsentByRepresentative']);
  assert.deepEqual(referralCreationProblems({ ...child, toEntity: 'MIMP', caseState: 'CERRADO' }).map((p) => p.key), ['referral.caseNotActive']);
  // A child at detection who has come of age: her own consent, an adult's programme, no child-protection basis.
  const grownUp = { ...child, adultToday: true, adultWhenConsented: true, basis: 'CONSENTIMIENTO', consent };
  assert.deepEqual(referralCreationProblems(grownUp), [], 'her own consent to an NGO');
  assert.deepEqual(referralCreationProblems({ ...grownUp, basis: 'PROTECCION_NNA', consent: undefined }).map((p) => p.key), ['referral.childProtectionOnlyForChildren']);
  // Of age now, but the consent was signed by her alone while she was still a child.
  assert.deepEqual(referralCreationProblems({ ...grownUp, adultWhenConsented: false }).map((p) => p.key), ['referral.childConsentByRepresentative']);
});

test('a lead referral moves the case file: pending while sent, in care once accepted, back on rejection', () => {
  assert.equal(caseStateAfterReferral('ATENCION_INMEDIATA', true, 'ENVIADA'), 'DERIVADO_PENDIENTE');
  assert.equal(caseStateAfterReferral('DERIVADO_PENDIENTE', true, 'ACEPTADA'), 'EN_ATENCION');
  assert.equal(caseStateAfterReferral('DERIVADO_PENDIENTE', true, 'RECHAZADA'), 'ATENCION_INMEDIATA');
  assert.equal(caseStateAfterReferral('EN_ATENCION', true, 'ENVIADA'), undefined);
  assert.equal(caseStateAfterReferral('ATENCION_INMEDIATA', false, 'ENVIADA'), undefined);
  assert.equal(receiverAccess('ENVIADA'), 'summary');
  assert.equal(receiverAccess('EN_CURSO'), 'shared');
  assert.equal(receiverAccess('REVOCADA'), 'none');
  assert.equal(receiverAccess('COMPLETADA'), 'none');
});

test('share of goals achieved ignores goals the person dropped', () => {
  assert.equal(achievedShare([{ status: 'LOGRADO' }, { status: 'LOGRADO' }, { status: 'EN_PROCESO' }, { status: 'DESCARTADO_POR_LA_PERSONA' }]), 2 / 3);
  assert.equal(achievedShare([]), 0);
});

test('§8.5 a child leaving a shelter of her own accord or absconding reaches the UPE and the prosecutor of the place and the unit that took the case', () => {
  const exit = { minor: 'SI', exitReason: 'EVASION', department: '15', caseTeamUnitId: 'ong', protectionUnitIds: ['cem-mdd'] };
  const upeLima = { userId: 'u', unitId: 'upe-lima', roles: ['MIMP_UPE'], unitUbigeo: '150101' };
  const fiscalLima = { userId: 'f', unitId: 'fis-lima', roles: ['FISCAL'], unitUbigeo: '150132' };
  assert.equal(childAbscondingAlertReaches(exit, upeLima), true);
  assert.equal(childAbscondingAlertReaches(exit, fiscalLima), true);
  assert.equal(childAbscondingAlertReaches(exit, { userId: 'c', unitId: 'cem-mdd', roles: ['MIMP_CEM'], unitUbigeo: '170101' }), true, 'the unit that took the case');
  assert.equal(childAbscondingAlertReaches(exit, { ...upeLima, unitUbigeo: '170101' }), false, 'another place');
  assert.equal(childAbscondingAlertReaches(exit, { ...fiscalLima, roles: ['PNP_INVESTIGADOR'] }), false, 'not the prosecutor');
  assert.equal(childAbscondingAlertReaches(exit, { ...upeLima, unitId: 'ong' }), false, 'the case team has its own alert');
  assert.equal(childAbscondingAlertReaches({ ...exit, exitReason: 'ABANDONO_VOLUNTARIO' }, fiscalLima), true);
  assert.equal(childAbscondingAlertReaches({ ...exit, exitReason: 'REINTEGRACION_FAMILIAR' }, fiscalLima), false, 'an ordinary exit');
  assert.equal(childAbscondingAlertReaches({ ...exit, minor: 'NO' }, fiscalLima), false, 'an adult');
  assert.equal(childAbscondingAlertReaches({ ...exit, minor: 'DESCONOCIDO' }, fiscalLima), false);
});
