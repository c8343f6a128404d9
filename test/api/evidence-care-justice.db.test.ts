// Indicators B7 (plan on time), B4 (assisted and reintegrated) and C12 (civil reparation) from
// what case workers record over the API. An NGO takes twelve adults into care on 2 November 2026
// (ten women, two men); the women have medical care three days after their detection (2 October).
// Each gets a reintegration plan with two goals: the women's approved 18 days after entering care
// and achieved, the men's 43 days after and still running. The police registers each of them too
// (a separate record: linkage is off here) with the complaint; a civil reparation is ordered for
// all twelve, paid in full to the ten women (civil parties), in part to the men. What is
// read in clear (the approval day, each goal's dimension and status, where the reparation stands)
// survives a rebuild of the projections; amounts and objectives stay sealed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rebuildProjections } from '../../src/server/actions/store.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { loadMigrations, splitStatements } from '../../src/server/db/migrate.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { assertRestrictedProtected, PLANS_SHAPE, REPARATION_SHAPE } from '../helpers/restricted-audit.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let t: TestApp;
let clock = new Date('2026-11-02T15:00:00.000Z');
let gestora: Client;
let police: Client;
const cases: string[] = [];
const plans: string[] = [];
const proceedings: string[] = [];

const ok = (res: { statusCode: number; body: string }, status = 200) => assert.equal(res.statusCode, status, res.body);

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => clock });
  await createUser(t.db, { unitId: t.units.ong, username: 'supervisora', displayName: 'Supervisora ONG', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'analista', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  gestora = await t.signIn('gestora');
  police = await t.signIn('policia');
  const supervisora = await t.signIn('supervisora');
  for (let i = 0; i < 12; i++) {
    const registration = sampleRegistration({ person: { givenNames: ['Juan', 'Pedro', 'Luz', 'Elena', 'Julia', 'Carmen', 'Flor', 'Nora', 'Sara', 'Irma', 'Olga', 'Rita'][i], documents: [], ...(i < 2 ? { sex: 'HOMBRE', birthDate: '1990-07-01' } : {}) } });
    const created = await gestora.request('POST', '/api/case-files', registration);
    ok(created, 201);
    const caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
    cases.push(caseId);
    if (i >= 2) ok(await gestora.request('POST', `/api/case-files/${caseId}/services`, { kind: 'ATENCION_MEDICA', deliveredOn: '2026-10-05', modality: 'PRESENCIAL' }), 201);
    for (const [version, to] of [[1, 'ATENCION_INMEDIATA'], [2, 'EN_ATENCION']] as const) ok(await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version, to }));
    const plan = await gestora.request('POST', `/api/case-files/${caseId}/plans`, {
      participation: 'ELABORADO_CON_LA_PERSONA',
      place: 'LUGAR_ORIGEN',
      goals: [
        { dimension: 'DOCUMENTACION_IDENTIDAD', objective: 'Obtener su DNI (sintético)', responsibleEntity: 'RENIEC', targetDate: '2026-12-20' },
        { dimension: 'EMPLEO_INGRESOS', objective: 'Empleo formal (sintético)', responsibleEntity: 'MTPE', targetDate: '2027-03-01' },
      ],
    });
    ok(plan, 201);
    plans.push((plan.json() as { plan: { id: string } }).plan.id);
    ok(await gestora.request('POST', `/api/plans/${plans[i]}/transitions`, { version: 1, to: 'EN_VALIDACION_CON_LA_PERSONA' }));
    const policeCase = ((await police.request('POST', '/api/case-files', registration)).json() as { caseFile: { id: string } }).caseFile.id;
    const complaint = await police.request('POST', `/api/case-files/${policeCase}/proceedings`, { stage: 'DENUNCIA_REGISTRADA', stageOn: '2026-10-05' });
    ok(complaint, 201);
    proceedings.push((complaint.json() as { proceeding: { id: string } }).proceeding.id);
  }
  // The women's plans are approved 18 days after entering care, carried out and achieved.
  clock = new Date('2026-11-20T15:00:00.000Z');
  for (const id of plans.slice(2)) {
    ok(await supervisora.request('POST', `/api/plans/${id}/transitions`, { version: 2, to: 'APROBADO' }));
    const running = await gestora.request('POST', `/api/plans/${id}/transitions`, { version: 3, to: 'EN_EJECUCION' });
    ok(running);
    const goals = (running.json() as { plan: { content: { goals: { id: string }[] } } }).plan.content.goals;
    for (const [k, goal] of goals.entries()) ok(await gestora.request('POST', `/api/plans/${id}/progress`, { version: 5 + k - 1, goalId: goal.id, status: 'LOGRADO' }));
    ok(await gestora.request('POST', `/api/plans/${id}/transitions`, { version: 6, to: 'EN_REVISION' }));
    ok(await gestora.request('POST', `/api/plans/${id}/transitions`, { version: 7, to: 'CUMPLIDO' }));
  }
  // The men's plans 43 days after: late.
  clock = new Date('2026-12-15T15:00:00.000Z');
  for (const id of plans.slice(0, 2)) ok(await supervisora.request('POST', `/api/plans/${id}/transitions`, { version: 2, to: 'APROBADO' }));
  // Reparation: S/ 5000 ordered for each; paid in full to the women (civil parties), S/ 1000 to each man.
  for (const [i, id] of proceedings.entries()) {
    ok(await police.request('PUT', `/api/proceedings/${id}`, { version: 1, reparationOrderedPen: 5000, ...(i >= 2 ? { victimIsCivilParty: true } : {}) }));
    ok(await police.request('PUT', `/api/proceedings/${id}`, { version: 2, reparationPaidPen: i >= 2 ? 5000 : 1000 }));
  }
  clock = new Date('2027-01-10T15:00:00.000Z');
});
after(async () => t.close());

test('what statistics read is written in clear beside the sealed records: entry in care, approval day, goals as codes, where the reparation stands', async () => {
  const [man] = await t.db.query<{ care: string }>("SELECT data->>'careStartedOn' AS care FROM case_files WHERE id = $1", [cases[0]]);
  assert.equal(man?.care, '2026-11-02');
  const rows = await t.db.query<{ id: string; approved_on: string; goals: { dimension: string; status: string }[] }>('SELECT id, approved_on::text, goals FROM care_plans');
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.deepEqual({ ...byId.get(plans[0] as string) }, { id: plans[0], approved_on: '2026-12-15', goals: [{ dimension: 'DOCUMENTACION_IDENTIDAD', status: 'PENDIENTE' }, { dimension: 'EMPLEO_INGRESOS', status: 'PENDIENTE' }] });
  assert.deepEqual(byId.get(plans[5] as string)?.goals.map((g) => g.status), ['LOGRADO', 'LOGRADO']);
  assert.equal(byId.get(plans[5] as string)?.approved_on, '2026-11-20');
  const stands = await t.db.query<{ reparation: string; civil_party: boolean | null; n: number }>('SELECT reparation, civil_party, count(*)::int AS n FROM proceedings GROUP BY 1, 2 ORDER BY 1');
  assert.deepEqual(stands.map((r) => ({ ...r })), [{ reparation: 'PAGADA', civil_party: true, n: 10 }, { reparation: 'PAGADA_PARCIALMENTE', civil_party: null, n: 2 }]);
});

test('paid never exceeds ordered, whichever of the two a change names (es and en)', async () => {
  const id = proceedings[0] as string;
  const over = await police.request('PUT', `/api/proceedings/${id}`, { version: 3, reparationPaidPen: 6000 });
  assert.equal(over.statusCode, 422, over.body);
  assert.match(over.body, /proceeding\.paidOverOrdered|no puede superar/);
  const lowered = await police.request('PUT', `/api/proceedings/${id}`, { version: 3, reparationOrderedPen: 500 }, { 'Accept-Language': 'en' });
  assert.equal(lowered.statusCode, 422, lowered.body);
  assert.match(lowered.body, /cannot exceed the civil reparation ordered/);
  const [row] = await t.db.query<{ reparation: string; version: number }>('SELECT reparation, version FROM proceedings WHERE id = $1', [id]);
  assert.deepEqual({ ...row }, { reparation: 'PAGADA_PARCIALMENTE', version: 3 });
});

let analyst: Client;
type Plans = { inCare: number | null; due: number | null; onTime: number | null; percentOnTime: number | null; withPlan: number | null; goalsMet: number | null; asOf: string };

test('B7: persons in care with a PRI approved within 30 days, goals by dimension and status; no withheld count recoverable', async () => {
  analyst = await t.signIn('analista');
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/plans', '2026', PLANS_SHAPE)) as Plans & {
    indicator: { id: string };
    goalsByDimension: { dimension: string; label: string; goals: number | null; achieved: number | null; open: number | null; dropped: number | null; percentAchieved: number | null }[];
    bySex: (Plans & { sex: string })[];
  };
  assert.equal(body.indicator.id, 'pri-on-time');
  assert.equal(body.asOf, '2027-01-10');
  // 12 in care, 10 women and 2 men: the men withheld, and so the women or the 12 (12 − 10 = 2).
  const men = body.bySex.find((c) => c.sex === 'HOMBRE');
  assert.deepEqual([men?.inCare, men?.percentOnTime], [null, null], 'two men: withheld, and their share with them');
  assert.ok(body.inCare === null || body.bySex.find((c) => c.sex === 'MUJER')?.inCare === null);
  const documents = body.goalsByDimension.find((g) => g.dimension === 'DOCUMENTACION_IDENTIDAD');
  assert.equal(documents?.label, 'Documentación e identidad');
  assert.equal(documents?.open, null);
  assert.equal(body.goalsByDimension.find((g) => g.dimension === 'VIVIENDA')?.goals, 0);
  const menOnly = (await analyst.request('GET', '/api/statistics/plans?sex=HOMBRE')).json() as Plans;
  assert.deepEqual([menOnly.inCare, menOnly.percentOnTime], [null, null]);
  assert.equal((await police.request('GET', '/api/statistics/plans')).statusCode, 403);
});

test('B4: victims identified, assisted within 30 days, reintegrated (plan achieved); no withheld count recoverable', async () => {
  type Reintegration = { persons: number | null; assisted: number | null; reintegrated: number | null; assistedAndReintegrated: number | null; percent: number | null };
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/reintegration', '2026', {
    counts: ['persons', 'assisted', 'reintegrated', 'assistedAndReintegrated'],
    sums: [
      { total: 'persons', parts: ['assisted'], rest: 'notAssisted' },
      { total: 'assisted', parts: ['assistedAndReintegrated'], rest: 'assistedOnly' },
      { total: 'reintegrated', parts: ['assistedAndReintegrated'], rest: 'reintegratedOnly' },
      { total: 'notAssisted', parts: ['reintegratedOnly'], rest: 'neither' },
    ],
    shares: [{ field: 'percent', numerator: 'assistedAndReintegrated', denominator: 'persons' }],
  })) as Reintegration & { bySex: (Reintegration & { sex: string })[] };
  // 24 persons: the NGO's twelve and the police's twelve (not linked here); the police's have no service nor plan.
  assert.deepEqual([body.assisted, body.reintegrated, body.assistedAndReintegrated], [10, 10, 10]);
  assert.equal(body.bySex.find((c) => c.sex === 'HOMBRE')?.persons, null);
  assert.equal((await police.request('GET', '/api/statistics/reintegration')).statusCode, 403);
});

test('C12: victims by where their civil reparation stands, civil parties; no withheld count recoverable', async () => {
  type Reparation = { proceedings: number | null; proceedingsWithReparation: number | null; persons: number | null; ordered: number | null; paid: number | null; paidInPart: number | null; civilParty: number | null };
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/reparation', '2026', REPARATION_SHAPE)) as Reparation & { bySex: (Reparation & { sex: string })[] };
  assert.equal(body.paidInPart, null, 'two paid in part: withheld');
  assert.equal(body.bySex.find((c) => c.sex === 'HOMBRE')?.persons, null);
  assert.equal((await police.request('GET', '/api/statistics/reparation')).statusCode, 403);
  const catalogue = (await t.app.inject({ method: 'GET', url: '/api/public/indicators' })).json() as { indicators: { id: string; computed: boolean; restricted: boolean; awaiting?: string }[] };
  for (const id of ['pri-on-time', 'assisted-reintegrated', 'reparation']) {
    const found = catalogue.indicators.find((i) => i.id === id);
    assert.deepEqual({ computed: found?.computed, restricted: found?.restricted, awaiting: found?.awaiting }, { computed: false, restricted: true, awaiting: undefined }, id);
  }
});

test('the open columns are derived again from the action log', async () => {
  const snapshot = async () => ({
    plans: await t.db.query('SELECT id, approved_on, goals FROM care_plans ORDER BY id'),
    proceedings: await t.db.query('SELECT id, reparation, civil_party FROM proceedings ORDER BY id'),
    cases: await t.db.query("SELECT id, data->>'careStartedOn' AS care FROM case_files ORDER BY id"),
  });
  const live = await snapshot();
  await t.db.transaction((tx) => rebuildProjections(tx));
  assert.deepEqual(await snapshot(), live);
});

test('migration 0027 finds the approval days and entries in care of records written before it in the action log', async () => {
  const snapshot = async () => ({
    plans: await t.db.query('SELECT id, approved_on::text FROM care_plans ORDER BY id'),
    cases: await t.db.query("SELECT id, data->>'careStartedOn' AS care FROM case_files ORDER BY id"),
  });
  const live = await snapshot();
  await t.db.query('UPDATE care_plans SET approved_on = NULL');
  await t.db.query("UPDATE case_files SET data = data - 'careStartedOn'");
  const migration = loadMigrations().find((m) => m.version === 27);
  assert.ok(migration);
  for (const statement of splitStatements(migration.sql).filter((q) => /^\s*UPDATE/m.test(q.replace(/--.*$/gm, '')))) await t.db.query(statement);
  assert.deepEqual(await snapshot(), live);
});
