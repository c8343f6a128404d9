// Indicators computed from records other than the case files — D14 referrals between agencies,
// C11 proceedings by stage, B6 shelter, B8 follow-ups, B5 time to care, B7 plans, B4 assisted and reintegrated,
// C12 reparation, C11 sentences — on a hand-built dataset worked out below; and the proceeding's
// reducer, which keeps the day of the first sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyProceedingAction, type ProceedingAction } from '../../src/domain/followup-records.ts';
import { careTimeFacts, careTimeSummary, followUpFacts, followUpSummary, justiceSummary, justiceWithSentences, outcomeLabel, sentenceFacts, sentenceSummary, personFacts, planFacts, planSummary, proceedingFacts, referralFacts, referralSummary, reintegrationSummary, reparationFacts, reparationSummary, shelterFacts, shelterSummary, type CaseFact, type ReferralFact } from '../../src/evidence/index.ts';
import { AGENCIES } from './synthetic-facts.ts';

// Three persons: G1 a girl known to the PNP and the MIMP (two records, one person); G2 a man of 34
// (MP); G3 a woman born 1990 (ONG).
const base = { detectionUbigeo: '150101', traffickingStatus: 'PRESUNTA_VICTIMA', sex: 'MUJER', detectionDate: '2023-05-01' };
const CASES: CaseFact[] = [
  { ...base, caseId: 'c1', personId: 'p1', groupId: 'G1', agency: 'PNP', birthYear: 2008, minorAtDetection: 'SI' },
  { ...base, caseId: 'c2', personId: 'p2', groupId: 'G1', agency: 'MIMP', birthYear: 2008, minorAtDetection: 'SI' },
  { ...base, caseId: 'c3', personId: 'p3', groupId: 'G2', agency: 'MP', sex: 'HOMBRE', estimatedAge: 34 },
  { ...base, caseId: 'c4', personId: 'p4', groupId: 'G3', agency: 'ONG', birthYear: 1990 },
];
const sent = (day: string, hoursLater?: number) => {
  const sentAt = `${day}T12:00:00.000Z`;
  return { sentAt, answeredAt: hoursLater === undefined ? undefined : new Date(Date.parse(sentAt) + hoursLater * 3_600_000).toISOString() };
};
// r1 PNP→MIMP the girl, accepted after 10 h; r2 ONG→MIMP the same girl, rejected; r3 PNP→MIMP the
// man, accepted (in progress) after 30 h; r4 MP→ONG the man, waiting; r5 ONG→MIMP G3, a draft
// (not a referral yet); r6 ONG→MIMP G3, cancelled; r7 PNP→MIMP G3 in 2023, completed after 50 h;
// r8 PNP→ONG someone not among the persons read (sex and age unknown), accepted then revoked, 20 h.
const REFERRALS: ReferralFact[] = [
  { groupId: 'G1', fromAgency: 'PNP', toAgency: 'MIMP', state: 'ACEPTADA', ...sent('2024-01-10', 10) },
  { groupId: 'G1', fromAgency: 'ONG', toAgency: 'MIMP', state: 'RECHAZADA', ...sent('2024-02-01', 5) },
  { groupId: 'G2', fromAgency: 'PNP', toAgency: 'MIMP', state: 'EN_CURSO', ...sent('2024-03-01', 30) },
  { groupId: 'G2', fromAgency: 'MP', toAgency: 'ONG', state: 'ENVIADA', ...sent('2024-04-01') },
  { groupId: 'G3', fromAgency: 'ONG', toAgency: 'MIMP', state: 'BORRADOR' },
  { groupId: 'G3', fromAgency: 'ONG', toAgency: 'MIMP', state: 'CANCELADA', ...sent('2024-05-01') },
  { groupId: 'G3', fromAgency: 'PNP', toAgency: 'MIMP', state: 'COMPLETADA', ...sent('2023-06-01', 50) },
  { groupId: 'GX', fromAgency: 'PNP', toAgency: 'ONG', state: 'REVOCADA', ...sent('2024-07-01', 20) },
];
const persons = personFacts(CASES, AGENCIES);
const referrals = referralFacts(REFERRALS, persons);

test('D14 in 2024: six referrals sent (the draft and the 2023 one left out), three accepted, median 20 h', () => {
  const s = referralSummary(referrals, persons, { year: '2024' });
  assert.deepEqual(
    { sent: s.sent, accepted: s.accepted, rejected: s.rejected, pending: s.pending, cancelled: s.cancelled, persons: s.persons, median: s.medianHoursToAcceptance },
    { sent: 6, accepted: 3, rejected: 1, pending: 1, cancelled: 1, persons: 3, median: 20 },
    'accepted: r1 (10 h), r3 (30 h), r8 (20 h, revoked later but accepted); persons G1, G2, G3 (GX is not among the persons read)',
  );
});

test('D14 by pair of agencies', () => {
  const s = referralSummary(referrals, persons, { year: '2024' });
  const pair = (from: string, to: string) => s.pairs.find((p) => p.from === from && p.to === to);
  assert.equal(s.pairs.length, 4);
  assert.deepEqual({ ...pair('PNP', 'MIMP') }, { from: 'PNP', to: 'MIMP', sent: 2, accepted: 2, rejected: 0, pending: 0, cancelled: 0, persons: 2, medianHoursToAcceptance: 20 });
  assert.deepEqual({ ...pair('ONG', 'MIMP') }, { from: 'ONG', to: 'MIMP', sent: 2, accepted: 0, rejected: 1, pending: 0, cancelled: 1, persons: 2, medianHoursToAcceptance: null });
  assert.equal(pair('MP', 'ONG')?.pending, 1);
  assert.equal(pair('PNP', 'ONG')?.accepted, 1);
  assert.equal(pair('PNP', 'ONG')?.persons, 0);
});

test('D14 by sex and child/adult of the linked person: the girl referred by two agencies is one person', () => {
  const s = referralSummary(referrals, persons, { year: '2024' });
  const sex = Object.fromEntries(s.bySex.filter((c) => c.sent > 0).map((c) => [c.sex, [c.sent, c.accepted, c.persons]]));
  assert.deepEqual(sex, { MUJER: [3, 1, 2], HOMBRE: [2, 1, 1], DESCONOCIDO: [1, 1, 0] });
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.sent > 0).map((c) => [c.childAdult, [c.sent, c.accepted, c.persons]]));
  assert.deepEqual(child, { NNA: [2, 1, 1], ADULTO: [3, 1, 2], DESCONOCIDO: [1, 1, 0] });
  const women = referralSummary(referrals, persons, { year: '2024', sex: 'MUJER' });
  assert.equal(women.sent, 3);
  assert.deepEqual(women.bySex.filter((c) => c.sent > 0).map((c) => c.sex), ['MUJER']);
});

test('D14 over every year: seven sent, four accepted, median of 10, 20, 30, 50 h is 25 h', () => {
  const s = referralSummary(referrals, persons);
  assert.equal(s.sent, 7);
  assert.equal(s.accepted, 4);
  assert.equal(s.medianHoursToAcceptance, 25);
});

// Proceedings: the girl G1 has two (a complaint by the PNP's case, an investigation by another
// agency's: one person at two stages); G2 a final sentence; G3 dismissed (archived); GX, someone
// not among the persons read, at trial.
const proceedings = proceedingFacts(
  [
    { groupId: 'G1', stage: 'DENUNCIA_REGISTRADA' },
    { groupId: 'G1', stage: 'INVESTIGACION_PREPARATORIA' },
    { groupId: 'G2', stage: 'SENTENCIA_FIRME' },
    { groupId: 'G3', stage: 'ARCHIVADA' },
    { groupId: 'GX', stage: 'JUICIO_ORAL' },
  ],
  persons,
);

test('C11: proceedings by stage, victims counted once, by sex and child/adult', () => {
  const s = justiceSummary(proceedings, persons);
  assert.deepEqual([s.proceedings, s.persons], [5, 3]);
  const stages = Object.fromEntries(s.byStage.filter((c) => c.proceedings > 0).map((c) => [c.stage, [c.proceedings, c.persons]]));
  assert.deepEqual(stages, { DENUNCIA_REGISTRADA: [1, 1], ARCHIVADA: [1, 1], INVESTIGACION_PREPARATORIA: [1, 1], JUICIO_ORAL: [1, 0], SENTENCIA_FIRME: [1, 1] });
  const sex = Object.fromEntries(s.bySex.filter((c) => c.proceedings > 0).map((c) => [c.sex, [c.proceedings, c.persons]]));
  assert.deepEqual(sex, { MUJER: [3, 2], HOMBRE: [1, 1], DESCONOCIDO: [1, 0] });
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.proceedings > 0).map((c) => [c.childAdult, [c.proceedings, c.persons]]));
  assert.deepEqual(child, { NNA: [2, 1], ADULTO: [2, 2], DESCONOCIDO: [1, 0] });
});

test('C11 filtered: by the year of first detection (GX has none) and by sex', () => {
  const y2023 = justiceSummary(proceedings, persons, { year: '2023' });
  assert.deepEqual([y2023.proceedings, y2023.persons], [4, 3]);
  assert.equal(justiceSummary(proceedings, persons, { year: '2024' }).proceedings, 0);
  const women = justiceSummary(proceedings, persons, { sex: 'MUJER' });
  assert.deepEqual([women.proceedings, women.persons], [3, 2]);
  assert.equal(women.byStage.find((c) => c.stage === 'SENTENCIA_FIRME')?.proceedings, 0, "the man's sentence is not a woman's");
});

// Stays, the data read on 2024-03-21: the girl G1 in a children's centre 30 nights (family
// reintegration), then moved to a refuge home for 10 (transfer) — one person, two admissions; G3 in
// a refuge home since 2024-03-01, still there (20 nights so far); G2 asked for a place (no
// admission) and stayed 3 nights over the new year 2023–2024 (counted in 2023, its admission).
const stays = shelterFacts(
  [
    { groupId: 'G1', kind: 'CAR_NNA_ESPECIALIZADO_TRATA', enteredOn: '2024-01-01', leftOn: '2024-01-31', exitReason: 'REINTEGRACION_FAMILIAR' },
    { groupId: 'G1', kind: 'HOGAR_REFUGIO_TEMPORAL', enteredOn: '2024-02-01', leftOn: '2024-02-11', exitReason: 'TRASLADO' },
    { groupId: 'G3', kind: 'HOGAR_REFUGIO_TEMPORAL', enteredOn: '2024-03-01' },
    { groupId: 'G2', kind: 'ALOJAMIENTO_TEMPORAL_MP' },
    { groupId: 'G2', kind: 'ALOJAMIENTO_TEMPORAL_MP', enteredOn: '2023-12-30', leftOn: '2024-01-02', exitReason: 'VIDA_INDEPENDIENTE' },
  ],
  persons,
);
const ASOF = '2024-03-21';

test('B6 in 2024: three admissions of two persons, 60 bed-days (30 + 10 + 20 so far), two exits, median 20 nights', () => {
  const s = shelterSummary(stays, persons, ASOF, { year: '2024' });
  assert.deepEqual([s.admissions, s.persons, s.bedDays, s.exits, s.medianStayDays], [3, 2, 60, 2, 20]);
  const kind = Object.fromEntries(s.byKind.filter((c) => c.admissions > 0).map((c) => [c.kind, [c.admissions, c.persons, c.bedDays, c.exits, c.medianStayDays]]));
  assert.deepEqual(kind, { CAR_NNA_ESPECIALIZADO_TRATA: [1, 1, 30, 1, 30], HOGAR_REFUGIO_TEMPORAL: [2, 2, 30, 1, 10] });
  assert.deepEqual(Object.fromEntries(s.exitsByReason.map((c) => [c.reason, c.exits])), { REINTEGRACION_FAMILIAR: 1, TRASLADO: 1, VIDA_INDEPENDIENTE: 0 }, "G2's exit belongs to her 2023 admission");
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.admissions > 0).map((c) => [c.childAdult, [c.admissions, c.persons, c.bedDays]]));
  assert.deepEqual(child, { NNA: [2, 1, 40], ADULTO: [1, 1, 20] });
  assert.deepEqual(s.bySex.filter((c) => c.admissions > 0).map((c) => [c.sex, c.admissions]), [['MUJER', 3]]);
});

test('B6 over every year and for men: a request without admission is no stay', () => {
  const all = shelterSummary(stays, persons, ASOF);
  assert.deepEqual([all.admissions, all.persons, all.bedDays, all.exits, all.medianStayDays], [4, 3, 63, 3, 10]);
  const men = shelterSummary(stays, persons, ASOF, { sex: 'HOMBRE' });
  assert.deepEqual([men.admissions, men.bedDays], [1, 3]);
});

// Follow-ups, the data read on 2024-06-30: the girl's PNP case file is closed (its contact five
// days ago does not count), her MIMP one was followed 46 days ago; the man 10 days ago; G3 was not
// reached at the latest attempt; GX is not among the persons read.
const followUps = followUpFacts(
  [
    { groupId: 'G1', caseState: 'CERRADO', lastDoneOn: '2024-06-25', lostContact: false },
    { groupId: 'G1', caseState: 'EN_SEGUIMIENTO', lastDoneOn: '2024-05-15', lostContact: false },
    { groupId: 'G2', caseState: 'EN_ATENCION', lastDoneOn: '2024-06-20', lostContact: false },
    { groupId: 'G3', caseState: 'EN_REINTEGRACION', lostContact: true },
    { groupId: 'GX', caseState: 'EN_ATENCION', lastDoneOn: '2024-06-29', lostContact: false },
  ],
  persons,
);

test('B8: of three persons followed, one in the last 30 days, two in the last 90, one lost contact', () => {
  const s = followUpSummary(followUps, persons, '2024-06-30');
  assert.deepEqual([s.active, s.within30, s.within90, s.lostContact, s.percent30, s.percent90], [3, 1, 2, 1, 33.3, 66.7]);
  const sex = Object.fromEntries(s.bySex.filter((c) => c.active > 0).map((c) => [c.sex, [c.active, c.within30, c.within90, c.lostContact]]));
  assert.deepEqual(sex, { MUJER: [2, 0, 1, 1], HOMBRE: [1, 1, 1, 0] }, "the closed case file's recent contact does not count");
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.active > 0).map((c) => [c.childAdult, [c.active, c.within30, c.within90, c.lostContact]]));
  assert.deepEqual(child, { NNA: [1, 0, 1, 0], ADULTO: [2, 1, 1, 1] });
  assert.equal(followUpSummary(followUps, persons, '2024-06-30', { childAdult: 'NNA' }).percent90, 100);
  assert.equal(followUpSummary(followUps, persons, '2024-06-30', { year: '2024' }).percent30, null, 'nobody first detected in 2024');
});

// First care: the girl (first detected 2023-05-01 by both agencies) cared for the same day; the man
// 10 days later; G3 not yet; GX not among the persons read.
const careTimes = careTimeFacts(
  [
    { groupId: 'G1', firstDetectedOn: '2023-05-01', firstServiceOn: '2023-05-01' },
    { groupId: 'G2', firstDetectedOn: '2023-05-01', firstServiceOn: '2023-05-11' },
    { groupId: 'G3', firstDetectedOn: '2023-05-01' },
    { groupId: 'GX', firstDetectedOn: '2023-05-01', firstServiceOn: '2023-05-02' },
  ],
  persons,
);

test('B5: three persons, two cared for, one the same day, median 5 days', () => {
  const s = careTimeSummary(careTimes, persons, { year: '2023' });
  assert.deepEqual([s.persons, s.cared, s.within1, s.within7, s.medianDays], [3, 2, 1, 1, 5]);
  const sex = Object.fromEntries(s.bySex.filter((c) => c.persons > 0).map((c) => [c.sex, [c.persons, c.cared, c.medianDays]]));
  assert.deepEqual(sex, { MUJER: [2, 1, 0], HOMBRE: [1, 1, 10] });
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.persons > 0).map((c) => [c.childAdult, [c.persons, c.cared, c.within1]]));
  assert.deepEqual(child, { NNA: [1, 1, 1], ADULTO: [2, 1, 0] });
});

// Plans, the data read on 2024-06-30 (the persons G1 girl, G2 man, G3 woman; each detected
// 2023-05-01, G1 by two agencies). The girl's MIMP case file entered care on 2023-06-01 and her
// plan was approved 20 days later (on time), three goals: education achieved, health achieved,
// housing dropped by her — 2 of 2 kept achieved; her PNP case file never entered care. The man
// entered care on 2023-06-01, his plan approved on 2023-08-01 (61 days: late), two goals, one
// achieved (50 %), his case in follow-up. G3 entered care on 2024-06-20: ten days ago, no plan — not
// late yet. GX, not among the persons read, has a plan on time.
const plans = planFacts(
  [
    { groupId: 'G1', caseState: 'EN_REINTEGRACION', careStartedOn: '2023-06-01', planState: 'CUMPLIDO', approvedOn: '2023-06-21', goals: [{ dimension: 'EDUCACION', status: 'LOGRADO' }, { dimension: 'SALUD_FISICA', status: 'LOGRADO' }, { dimension: 'VIVIENDA', status: 'DESCARTADO_POR_LA_PERSONA' }] },
    { groupId: 'G1', caseState: 'DETECTADO' },
    { groupId: 'G2', caseState: 'EN_SEGUIMIENTO', careStartedOn: '2023-06-01', planState: 'EN_EJECUCION', approvedOn: '2023-08-01', goals: [{ dimension: 'EDUCACION', status: 'LOGRADO' }, { dimension: 'EMPLEO_INGRESOS', status: 'EN_PROCESO' }] },
    { groupId: 'G3', caseState: 'EN_ATENCION', careStartedOn: '2024-06-20' },
    { groupId: 'GX', caseState: 'EN_ATENCION', careStartedOn: '2024-01-01', planState: 'APROBADO', approvedOn: '2024-01-05', goals: [{ dimension: 'EDUCACION', status: 'PENDIENTE' }] },
  ],
  persons,
);

test('B7: three persons in care, two due (G3 entered ten days ago), one plan on time (50 %), goals by dimension', () => {
  const s = planSummary(plans, persons, '2024-06-30');
  assert.deepEqual([s.inCare, s.due, s.onTime, s.percentOnTime, s.withPlan, s.goalsMet], [3, 2, 1, 50, 2, 1], "the girl's two case files are one person; the man's plan came 61 days after");
  const sex = Object.fromEntries(s.bySex.filter((c) => c.inCare > 0).map((c) => [c.sex, [c.inCare, c.due, c.onTime, c.withPlan]]));
  assert.deepEqual(sex, { MUJER: [2, 1, 1, 1], HOMBRE: [1, 1, 0, 1] });
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.inCare > 0).map((c) => [c.childAdult, [c.inCare, c.due, c.onTime, c.percentOnTime]]));
  assert.deepEqual(child, { NNA: [1, 1, 1, 100], ADULTO: [2, 1, 0, 0] });
  const goals = Object.fromEntries(s.goalsByDimension.filter((g) => g.goals > 0).map((g) => [g.dimension, [g.goals, g.achieved, g.open, g.dropped, g.percentAchieved]]));
  assert.deepEqual(goals, { SALUD_FISICA: [1, 1, 0, 0, 100], EDUCACION: [2, 2, 0, 0, 100], EMPLEO_INGRESOS: [1, 0, 1, 0, 0], VIVIENDA: [1, 0, 0, 1, null] }, "GX's goal is not among the persons read; a dropped goal counts neither way");
  const men = planSummary(plans, persons, '2024-06-30', { sex: 'HOMBRE' });
  assert.deepEqual([men.inCare, men.onTime], [1, 0]);
  assert.equal(men.goalsByDimension.find((g) => g.dimension === 'SALUD_FISICA')?.goals, 0, "the girl's goals are not a man's");
  // A month later G3 is late too: three due, one on time.
  assert.deepEqual([planSummary(plans, persons, '2024-07-31').due, planSummary(plans, persons, '2024-07-31').percentOnTime], [3, 33.3]);
});

test('B4: of three victims, two assisted within 30 days, one reintegrated (plan achieved); the man in follow-up has half his goals', () => {
  const s = reintegrationSummary(plans, careTimes, persons);
  assert.deepEqual([s.persons, s.assisted, s.reintegrated, s.assistedAndReintegrated, s.percent], [3, 2, 1, 1, 33.3]);
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.persons > 0).map((c) => [c.childAdult, [c.persons, c.assisted, c.reintegrated, c.percent]]));
  assert.deepEqual(child, { NNA: [1, 1, 1, 100], ADULTO: [2, 1, 0, 0] });
  const sex = Object.fromEntries(s.bySex.filter((c) => c.persons > 0).map((c) => [c.sex, [c.persons, c.assistedAndReintegrated]]));
  assert.deepEqual(sex, { MUJER: [2, 1], HOMBRE: [1, 0] });
  // Detected again after her plan was approved: re-victimised, not reintegrated.
  const again = personFacts([...CASES, { ...base, caseId: 'c5', personId: 'p5', groupId: 'G1', agency: 'PNP', birthYear: 2008, minorAtDetection: 'SI', detectionDate: '2024-02-01' }], AGENCIES);
  const replans = planFacts([{ groupId: 'G1', caseState: 'EN_REINTEGRACION', careStartedOn: '2023-06-01', planState: 'CUMPLIDO', approvedOn: '2023-06-21', goals: [{ dimension: 'EDUCACION', status: 'LOGRADO' }] }], again);
  assert.equal(reintegrationSummary(replans, careTimeFacts([], again), again).reintegrated, 0);
  // In follow-up with 70 % of the goals achieved: reintegrated.
  const followed = planFacts([{ groupId: 'G2', caseState: 'EN_SEGUIMIENTO', careStartedOn: '2023-06-01', planState: 'EN_EJECUCION', approvedOn: '2023-08-01', goals: [{ dimension: 'EDUCACION', status: 'LOGRADO' }, { dimension: 'SALUD_FISICA', status: 'LOGRADO' }, { dimension: 'VIVIENDA', status: 'LOGRADO' }, { dimension: 'EMPLEO_INGRESOS', status: 'NO_LOGRADO' }] }], persons);
  assert.equal(reintegrationSummary(followed, careTimes, persons).reintegrated, 1, '3 of 4 goals: 75 %');
});

// Reparation: the girl's two proceedings — one with the reparation ordered, the other paid in part
// (one person, paid in part); the man's paid in full, he is civil party; G3's proceeding records no
// reparation; GX's paid (not among the persons read).
const reparations = reparationFacts(
  [
    { groupId: 'G1', reparation: 'ORDENADA' },
    { groupId: 'G1', reparation: 'PAGADA_PARCIALMENTE', civilParty: false },
    { groupId: 'G2', reparation: 'PAGADA', civilParty: true },
    { groupId: 'G3' },
    { groupId: 'GX', reparation: 'PAGADA', civilParty: true },
  ],
  persons,
);

test('C12: five proceedings (four with a reparation), three victims, two with a reparation ordered — one paid, one paid in part — one civil party', () => {
  const s = reparationSummary(reparations, persons);
  assert.deepEqual([s.proceedings, s.proceedingsWithReparation, s.persons, s.ordered, s.paid, s.paidInPart, s.civilParty], [5, 4, 3, 2, 1, 1, 1]);
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.proceedings > 0).map((c) => [c.childAdult, [c.proceedings, c.persons, c.ordered, c.paid, c.paidInPart]]));
  assert.deepEqual(child, { NNA: [2, 1, 1, 0, 1], ADULTO: [2, 2, 1, 1, 0], DESCONOCIDO: [1, 0, 0, 0, 0] });
  const women = reparationSummary(reparations, persons, { sex: 'MUJER' });
  assert.deepEqual([women.proceedings, women.persons, women.ordered, women.civilParty], [3, 2, 1, 0]);
  assert.equal(reparationSummary(reparations, persons, { year: '2024' }).proceedings, 0, 'nobody first detected in 2024');
});

// C11 sentences, on the same three persons (all first detected on 2023-05-01).
// Proceedings, each with the detection date of its own case file:
//  s1 the girl, detected 2023-05-01, convicted 2024-03-01: 305 days (2024 is a leap year) — within 1 year;
//  s2 the girl again, no sentence yet;
//  s3 the man, detected 2023-05-01, acquitted 2025-01-15: 366 + 245 + 14 = 625 days — 1 to 2 years;
//  s4 the woman, a case file detected 2022-01-10, early termination 2026-01-10: 4 × 365 + 1 = 1461 days — over 3 years;
//  s5 the woman, detected 2023-05-01, sentenced 2025-06-01 with no outcome in clear (written before
//     migration 0030): 366 + 365 + 31 = 762 days — 2 to 3 years; counted as "not recorded";
//  s6 someone not among the persons read (no sex, age nor year known), detected 2023-11-01,
//     convicted 2024-01-01: 61 days; an outcome code that is not one (never counted as such).
const ROWS = [
  { groupId: 'G1', stage: 'SENTENCIA_PRIMERA_INSTANCIA', detectedOn: '2023-05-01', sentencedOn: '2024-03-01', outcome: 'SENTENCIA_CONDENATORIA' },
  { groupId: 'G1', stage: 'JUICIO_ORAL', detectedOn: '2023-05-01' },
  { groupId: 'G2', stage: 'APELACION', detectedOn: '2023-05-01', sentencedOn: '2025-01-15', outcome: 'SENTENCIA_ABSOLUTORIA' },
  { groupId: 'G3', stage: 'TERMINADA_ANTICIPADAMENTE', detectedOn: '2022-01-10', sentencedOn: '2026-01-10', outcome: 'TERMINACION_ANTICIPADA' },
  { groupId: 'G3', stage: 'SENTENCIA_FIRME', detectedOn: '2023-05-01', sentencedOn: '2025-06-01' },
  { groupId: 'GX', stage: 'SENTENCIA_PRIMERA_INSTANCIA', detectedOn: '2023-11-01', sentencedOn: '2024-01-01', outcome: 'CONDENA_INVENTADA' },
];
const sentences = sentenceFacts(ROWS, persons);
const pick = (c: { sentenced: number; personsSentenced: number; withinYear: number; years1to2: number; years2to3: number; over3Years: number; medianDays: number | null }) => [
  c.sentenced,
  c.personsSentenced,
  c.withinYear,
  c.years1to2,
  c.years2to3,
  c.over3Years,
  c.medianDays,
];

test('C11 sentences in 2023: four sentenced proceedings of three victims, one in each span of years, median 693.5 days', () => {
  const s = sentenceSummary(sentences, persons, { year: '2023' });
  // Days 305, 625, 762, 1461: the median is (625 + 762) / 2; GX has no year of detection.
  assert.deepEqual(pick(s), [4, 3, 1, 1, 1, 1, 693.5]);
  const sex = Object.fromEntries(s.bySex.filter((c) => c.sentenced > 0).map((c) => [c.sex, pick(c)]));
  // Women: the girl's 305 and the woman's 762 and 1461 (median 762); the man: 625.
  assert.deepEqual(sex, { MUJER: [3, 2, 1, 0, 1, 1, 762], HOMBRE: [1, 1, 0, 1, 0, 0, 625] });
  const child = Object.fromEntries(s.byChildAdult.filter((c) => c.sentenced > 0).map((c) => [c.childAdult, pick(c)]));
  assert.deepEqual(child, { NNA: [1, 1, 1, 0, 0, 0, 305], ADULTO: [3, 2, 0, 1, 1, 1, 762] });
  const outcomes = Object.fromEntries(s.byOutcome.filter((o) => o.sentenced > 0).map((o) => [o.outcome, o.sentenced]));
  assert.deepEqual(outcomes, { SENTENCIA_CONDENATORIA: 1, SENTENCIA_ABSOLUTORIA: 1, TERMINACION_ANTICIPADA: 1, SIN_REGISTRO: 1 });
  // By outcome and by span of years, the sentences add up to those sentenced.
  assert.equal(s.byOutcome.reduce((n, o) => n + o.sentenced, 0), s.sentenced);
  assert.equal(s.withinYear + s.years1to2 + s.years2to3 + s.over3Years, s.sentenced);
});

test('C11 sentences, every year: the unknown person counts among the proceedings (a sentence within a year, an unknown code not recorded) but not among the victims', () => {
  const s = sentenceSummary(sentences, persons);
  // Days 61, 305, 625, 762, 1461: the median is 625.
  assert.deepEqual(pick(s), [5, 3, 2, 1, 1, 1, 625]);
  assert.equal(s.byOutcome.find((o) => o.outcome === 'SIN_REGISTRO')?.sentenced, 2);
  assert.equal(s.byOutcome.find((o) => o.outcome === 'SENTENCIA_CONDENATORIA')?.sentenced, 1);
  assert.equal(s.bySex.find((c) => c.sex === 'DESCONOCIDO')?.sentenced, 1);
});

test('C11 filtered by sex: the man alone', () => {
  const s = sentenceSummary(sentences, persons, { year: '2023', sex: 'HOMBRE' });
  assert.deepEqual(pick(s), [1, 1, 0, 1, 0, 0, 625]);
  assert.deepEqual(s.byOutcome.filter((o) => o.sentenced > 0).map((o) => o.outcome), ['SENTENCIA_ABSOLUTORIA']);
});

test('C11: stages and sentences in one row, by sex and child/adult', () => {
  const stages = proceedingFacts(ROWS, persons);
  const s = justiceWithSentences(justiceSummary(stages, persons, { year: '2023' }), sentenceSummary(sentences, persons, { year: '2023' }));
  assert.deepEqual([s.proceedings, s.persons, s.sentenced, s.personsSentenced], [5, 3, 4, 3]);
  const women = s.bySex.find((c) => c.sex === 'MUJER');
  assert.deepEqual([women?.proceedings, women?.persons, women?.sentenced, women?.medianDays], [4, 2, 3, 762]);
  assert.equal(s.byStage.find((c) => c.stage === 'JUICIO_ORAL')?.proceedings, 1);
  assert.equal(outcomeLabel('SENTENCIA_CONDENATORIA', 'es'), 'Sentencia condenatoria');
  assert.equal(outcomeLabel('SIN_REGISTRO', 'en'), 'Outcome not recorded');
});

test('the proceeding keeps the day of its first sentence: not before one, not moved by a retrial after appeal', () => {
  const meta = (version: number) => ({ entityId: 'x1', version, at: '2025-01-01T12:00:00.000Z', actorUserId: 'u', actorUnitId: 'n', agencyId: 'a' });
  const actions: ProceedingAction[] = [
    { type: 'proceeding.opened', caseFileId: 'c', personId: 'p', stage: 'JUICIO_ORAL', stageOn: '2024-05-01', content: { protectionMeasures: [] }, ...meta(1) },
    { type: 'proceeding.staged', from: 'JUICIO_ORAL', to: 'SENTENCIA_PRIMERA_INSTANCIA', on: '2024-06-10', content: { outcome: 'SENTENCIA_ABSOLUTORIA' }, ...meta(2) },
    { type: 'proceeding.staged', from: 'SENTENCIA_PRIMERA_INSTANCIA', to: 'APELACION', on: '2024-07-01', content: {}, ...meta(3) },
    { type: 'proceeding.staged', from: 'APELACION', to: 'JUICIO_ORAL', on: '2024-09-01', content: {}, ...meta(4) },
    { type: 'proceeding.staged', from: 'JUICIO_ORAL', to: 'SENTENCIA_PRIMERA_INSTANCIA', on: '2024-12-01', content: { outcome: 'SENTENCIA_CONDENATORIA' }, ...meta(5) },
  ];
  const states = actions.reduce<ReturnType<typeof applyProceedingAction>[]>((all, a) => [...all, applyProceedingAction(all[all.length - 1], a)], []);
  assert.deepEqual(
    states.map((r) => [r.stage, r.sentencedOn, r.content.outcome]),
    [
      ['JUICIO_ORAL', undefined, undefined],
      ['SENTENCIA_PRIMERA_INSTANCIA', '2024-06-10', 'SENTENCIA_ABSOLUTORIA'],
      ['APELACION', '2024-06-10', 'SENTENCIA_ABSOLUTORIA'],
      ['JUICIO_ORAL', '2024-06-10', 'SENTENCIA_ABSOLUTORIA'],
      ['SENTENCIA_PRIMERA_INSTANCIA', '2024-06-10', 'SENTENCIA_CONDENATORIA'],
    ],
  );
  const early = applyProceedingAction(undefined, { type: 'proceeding.opened', caseFileId: 'c', personId: 'p', stage: 'TERMINADA_ANTICIPADAMENTE', stageOn: '2024-02-02', content: { protectionMeasures: [], outcome: 'TERMINACION_ANTICIPADA' }, ...meta(1) });
  assert.equal(early.sentencedOn, '2024-02-02');
});
