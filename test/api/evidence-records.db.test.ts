// Indicators D14 and C11 over HTTP: an NGO refers twelve persons to the Ministry of Women; ten
// referrals are accepted six hours later, one is rejected, one waits; each of the twelve has her
// complaint registered by the police, stays ten nights in a shelter and is called the day she leaves. Analysts see the counts by pair of agencies, by stage, by sex and
// child/adult, with every count of 1–9 withheld and so many more that none can be worked out from
// the published totals (every answer, filtered or not, audited); officers see nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, recordSharingConsent, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { assertRestrictedProtected } from '../helpers/restricted-audit.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let t: TestApp;
let clock = new Date('2026-11-02T15:00:00.000Z');
let analyst: Client;

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => clock });
  const mimp = await createAgency(t.db, { key: 'MIMP', name: 'MIMP (sintético)', orgType: 'GOBIERNO_CENTRAL', entity: 'MIMP' });
  const cemUnit = await createUnit(t.db, { agencyId: mimp, name: 'CEM Iquitos (sintético)', ubigeo: '160101' });
  await createUser(t.db, { unitId: cemUnit, username: 'cem', displayName: 'Profesional CEM', password: PASSWORD, roles: ['MIMP_CEM'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'analista', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  const gestora = await t.signIn('gestora');
  const cem = await t.signIn('cem');
  const police = await t.signIn('policia');
  analyst = await t.signIn('analista');
  const shelter = await createUnit(t.db, { agencyId: t.agencies.ong, name: 'Casa de acogida (sintética)', ubigeo: '150101', isShelter: true });
  await t.db.query('UPDATE units SET shelter_capacity = 20 WHERE id = $1', [shelter]);
  const sent: string[] = [];
  const cases: string[] = [];
  const stays: string[] = [];
  for (let i = 0; i < 12; i++) {
    // Two of the twelve are girls (born 2010), the others adult women.
    const registration = sampleRegistration({ person: { givenNames: ['Ana', 'Rosa', 'Luz', 'Elena', 'Julia', 'Carmen', 'Flor', 'Nora', 'Sara', 'Irma', 'Olga', 'Rita'][i], documents: [], birthDate: i < 2 ? '2010-05-01' : '1999-03-14' } });
    const created = await gestora.request('POST', '/api/case-files', registration);
    assert.equal(created.statusCode, 201, created.body);
    const caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
    cases.push(caseId);
    if (i >= 2) {
      // Ten of them have medical care three days after their detection (2026-10-02).
      const care = await gestora.request('POST', `/api/case-files/${caseId}/services`, { kind: 'ATENCION_MEDICA', deliveredOn: '2026-10-05', modality: 'PRESENCIAL' });
      assert.equal(care.statusCode, 201, care.body);
    }
    assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' })).statusCode, 200);
    const referral = await gestora.request('POST', `/api/case-files/${caseId}/referrals`, {
      toUnitId: cemUnit,
      motive: 'SERVICIOS_ADICIONALES',
      services: ['SALUD_MENTAL_PSICOLOGICA'],
      urgency: 'PRIORITARIA',
      transfersLead: false,
      basis: 'CONSENTIMIENTO',
      consent: {
        givenOn: '2026-11-01',
        form: 'ESCRITA_FIRMA',
        givenBy: i < 2 ? 'REPRESENTANTE_LEGAL' : 'TITULAR',
        coversDestination: true,
        // A girl's consent is her representative's, with her own view recorded (§10.3).
        consentId: await recordSharingConsent(gestora, caseId, 'MIMP', ['G1', 'G2'], i < 2 ? { givenBy: 'REPRESENTANTE_LEGAL', childOpinion: 'Quiere recibir apoyo (sintético)' } : {}),
      },
      sharedGroups: ['G1', 'G2'],
    });
    assert.equal(referral.statusCode, 201, referral.body);
    // The police registers her too, with her complaint (a separate record: linkage is off here).
    const policeCase = ((await police.request('POST', '/api/case-files', registration)).json() as { caseFile: { id: string } }).caseFile.id;
    const complaint = await police.request('POST', `/api/case-files/${policeCase}/proceedings`, { stage: 'DENUNCIA_REGISTRADA', stageOn: '2026-10-05' });
    assert.equal(complaint.statusCode, 201, complaint.body);
    sent.push((referral.json() as { id: string }).id);
    const stay = await gestora.request('POST', `/api/case-files/${caseId}/shelter-stays`, { kind: 'ALBERGUE_ONG', shelterUnitId: shelter, legalBasis: 'VOLUNTARIO' });
    assert.equal(stay.statusCode, 201, stay.body);
    stays.push((stay.json() as { stay: { id: string } }).stay.id);
    const admitted = await gestora.request('POST', `/api/shelter-stays/${stays[i]}/transitions`, { version: 1, to: 'INGRESO', on: '2026-11-02' });
    assert.equal(admitted.statusCode, 200, admitted.body);
  }
  clock = new Date('2026-11-02T21:00:00.000Z');
  for (const [i, id] of sent.entries()) {
    if (i === 11) continue;
    const answer = i === 10 ? { version: 2, to: 'RECHAZADA', rejectionReason: 'SIN_CUPO' } : { version: 2, to: 'ACEPTADA' };
    const res = await cem.request('POST', `/api/referrals/${id}/transitions`, answer);
    assert.equal(res.statusCode, 200, res.body);
  }
  // Ten nights later every stay ends: ten in family reintegration, two transferred.
  clock = new Date('2026-11-12T15:00:00.000Z');
  for (const [i, id] of stays.entries()) {
    const exit = await gestora.request('POST', `/api/shelter-stays/${id}/transitions`, { version: 2, to: 'EGRESO', on: '2026-11-12', exitReason: i < 10 ? 'REINTEGRACION_FAMILIAR' : 'TRASLADO' });
    assert.equal(exit.statusCode, 200, exit.body);
  }
  // The same day a follow-up call: the two girls are not reached, the ten women are.
  for (const [i, caseId] of cases.entries()) {
    const scheduled = await gestora.request('POST', `/api/case-files/${caseId}/followups`, { dueOn: '2026-11-12', modality: 'TELEFONICA' });
    assert.equal(scheduled.statusCode, 201, scheduled.body);
    const outcome = i < 2 ? { outcome: 'NO_CONTACTADO', noContactReason: 'NO_CONTESTA' } : { outcome: 'REALIZADO' };
    const recorded = await gestora.request('POST', `/api/followups/${(scheduled.json() as { id: string }).id}/record`, { version: 1, doneOn: '2026-11-12', nextDueOn: '2026-11-14', ...outcome });
    assert.equal(recorded.statusCode, 200, recorded.body);
  }
});
after(async () => t.close());

type Counts = Record<'sent' | 'accepted' | 'rejected' | 'pending' | 'persons' | 'medianHoursToAcceptance', number | null>;

const REFERRAL_STATES = ['accepted', 'rejected', 'pending', 'cancelled'];
test('D14: sent, accepted and rejected by pair of agencies, median hours to acceptance; no withheld count recoverable', async () => {
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/referrals', '2026', {
    counts: ['sent', ...REFERRAL_STATES, 'persons'],
    sums: [{ total: 'sent', parts: REFERRAL_STATES }],
    groups: [{ field: 'pairs', key: (p) => `${p.from}>${p.to}`, counts: ['sent', ...REFERRAL_STATES, 'persons'], additive: ['sent', ...REFERRAL_STATES] }],
  })) as Counts & { pairs: (Counts & { from: string; to: string })[]; byChildAdult: (Counts & { childAdult: string })[] };
  // 12 sent = 10 accepted + 1 rejected + 1 waiting: publishing 12 and 10 would give the two back.
  assert.deepEqual([body.rejected, body.pending], [null, null]);
  assert.ok(body.sent === null || body.accepted === null, 'sent and accepted not both shown beside two withheld');
  assert.equal(body.medianHoursToAcceptance, body.accepted === null ? null : 6);
  assert.deepEqual(body.pairs.map((p) => [p.from, p.to]), [['ONG', 'MIMP']]);
  // Two girls, ten women: the girls withheld, and so the women (else 12 − 10 = 2).
  assert.deepEqual(Object.fromEntries(body.byChildAdult.map((c) => [c.childAdult, c.sent === null || body.sent === null])), { NNA: true, ADULTO: true });
  const girls = (await analyst.request('GET', '/api/statistics/referrals?year=2026&childAdult=NNA')).json() as Counts;
  assert.equal(girls.sent, null, 'two girls: withheld');
  const none = (await analyst.request('GET', '/api/statistics/referrals?year=2025')).json() as Counts;
  assert.equal(none.sent, 0);
});

test('C11: proceedings by stage and victims with one, by sex and child/adult; no withheld count recoverable', async () => {
  type Stage = { proceedings: number | null; persons: number | null };
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/justice', '2026', {
    counts: ['proceedings', 'persons'],
    groups: [{ field: 'byStage', key: (c) => String(c.stage), counts: ['proceedings', 'persons'], additive: ['proceedings'] }],
  })) as Stage & { byStage: (Stage & { stage: string; label: string })[]; byChildAdult: (Stage & { childAdult: string })[] };
  assert.equal(body.byStage.find((c) => c.stage === 'DENUNCIA_REGISTRADA')?.label, 'Denuncia registrada');
  assert.equal(body.byStage.find((c) => c.stage === 'JUICIO_ORAL')?.proceedings, 0);
  assert.equal(body.byChildAdult.find((c) => c.childAdult === 'NNA')?.persons, null);
  const girls = (await analyst.request('GET', '/api/statistics/justice?childAdult=NNA')).json() as Stage;
  assert.equal(girls.proceedings, null, 'two girls: withheld');
  await assertRestrictedProtected(analyst, '/api/statistics/justice', undefined, { counts: ['proceedings', 'persons'] });
  assert.equal((await (await t.signIn('policia')).request('GET', '/api/statistics/justice')).statusCode, 403);
});

test('B6: admissions, persons, bed-days, median length of stay and exits by reason; no withheld count recoverable', async () => {
  type Stay = { admissions: number | null; persons: number | null; bedDays: number | null; exits: number | null; medianStayDays: number | null };
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/shelter', '2026', {
    counts: ['admissions', 'persons', 'exits'],
    sums: [{ total: 'admissions', parts: ['exits'], rest: 'staying' }],
    groups: [
      { field: 'byKind', key: (c) => String(c.kind), counts: ['admissions', 'persons', 'exits'], additive: ['admissions', 'exits'] },
      { field: 'exitsByReason', key: (c) => String(c.reason), counts: ['exits'], additive: ['exits'] },
    ],
  })) as Stay & { exitsByReason: { reason: string; exits: number | null }[]; byChildAdult: (Stay & { childAdult: string })[] };
  // Ten family reintegrations and two transfers: the two withheld, and the ten or the twelve with them.
  const reasons = Object.fromEntries(body.exitsByReason.map((c) => [c.reason, c.exits]));
  assert.equal(reasons.TRASLADO, null);
  assert.ok(reasons.REINTEGRACION_FAMILIAR === null || body.exits === null);
  assert.equal(body.bedDays, body.admissions === null ? null : 120);
  assert.equal(body.medianStayDays, body.exits === null ? null : 10);
  assert.deepEqual(body.byChildAdult.find((c) => c.childAdult === 'NNA')?.bedDays, null);
  assert.equal((await (await t.signIn('policia')).request('GET', '/api/statistics/shelter')).statusCode, 403);
});

test('B8: persons with an active case file followed in the last 30 and 90 days, lost contact; no withheld count recoverable', async () => {
  // 24 persons with an active case file (the NGO's twelve and the police's twelve, not linked
  // here); the ten women were reached 19 days before, the two girls not.
  clock = new Date('2026-12-01T15:00:00.000Z');
  type Followed = { active: number | null; within30: number | null; within90: number | null; lostContact: number | null; percent30: number | null; percent90: number | null };
  const shape = {
    counts: ['active', 'within30', 'within90', 'lostContact'],
    sums: [{ total: 'active', parts: ['within90'], rest: 'notWithin90' }, { total: 'within90', parts: ['within30'], rest: 'within31to90' }, { total: 'active', parts: ['lostContact'], rest: 'notLost' }],
    shares: [{ field: 'percent30', numerator: 'within30', denominator: 'active' }, { field: 'percent90', numerator: 'within90', denominator: 'active' }] };
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/followups', undefined, shape)) as Followed & { asOf: string };
  assert.equal(body.asOf, '2026-12-01');
  assert.deepEqual([body.active, body.within30, body.within90, body.lostContact, body.percent30, body.percent90], [24, 10, 10, null, 41.7, 41.7]);
  clock = new Date('2027-01-15T15:00:00.000Z');
  const later = (await assertRestrictedProtected(analyst, '/api/statistics/followups', undefined, shape)) as Followed;
  assert.deepEqual([later.within30, later.within90], [0, 10], '64 days later: within 90 days, not 30');
  assert.equal((await (await t.signIn('policia')).request('GET', '/api/statistics/followups')).statusCode, 403);
});

test('B5: persons detected, cared for, within 1 and 7 days, median days to first care; no withheld count recoverable', async () => {
  type Care = { persons: number | null; cared: number | null; within1: number | null; within7: number | null; medianDays: number | null };
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/time-to-care', '2026', {
    counts: ['persons', 'cared', 'within1', 'within7'],
    sums: [{ total: 'persons', parts: ['cared'], rest: 'notCared' }, { total: 'cared', parts: ['within7'], rest: 'after7' }, { total: 'within7', parts: ['within1'], rest: 'within2to7' }],
  })) as Care & { byChildAdult: (Care & { childAdult: string })[] };
  assert.deepEqual([body.persons, body.cared, body.within1, body.within7, body.medianDays], [24, 10, 0, 10, 3], "the police's twelve have no service yet");
  assert.equal(body.byChildAdult.find((c) => c.childAdult === 'NNA')?.persons, null);
  assert.equal((await (await t.signIn('policia')).request('GET', '/api/statistics/time-to-care')).statusCode, 403);
});

test('D14 needs statistics.read; bad filters are a 400', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/statistics/referrals' })).statusCode, 401);
  assert.equal((await (await t.signIn('policia')).request('GET', '/api/statistics/referrals')).statusCode, 403);
  assert.equal((await analyst.request('GET', '/api/statistics/referrals?sex=OTRO')).statusCode, 400);
  assert.equal((await analyst.request('GET', '/api/statistics/referrals?year=20')).statusCode, 400);
  const catalogue = (await t.app.inject({ method: 'GET', url: '/api/public/indicators' })).json() as { indicators: { id: string; computed: boolean; restricted: boolean; awaiting?: string }[] };
  for (const id of ['referrals', 'justice-stages', 'shelter', 'follow-ups-on-time', 'time-to-care']) {
    const found = catalogue.indicators.find((i) => i.id === id);
    assert.deepEqual({ computed: found?.computed, restricted: found?.restricted, awaiting: found?.awaiting }, { computed: false, restricted: true, awaiting: undefined }, id);
  }
});
