// Regional plans and public investment over HTTP: regional analysts register for their own region,
// national analysts for any; bad input is refused in Spanish and English and changes nothing; the
// public view sets each target against the region's published figure and investment beside cases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUser } from '../../src/server/commands/directory.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../../src/server/commands/seed.ts';
import { addRegionalAnalyst, PASSWORD, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let t: TestApp;
let regional: Client;
let national: Client;
let years: string[];

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  const directory = await t.db.transaction((tx) => ensureDemoDirectory(tx));
  await loadSyntheticCases(t.db, directory, { persons: 500, seed: 3 });
  const lima = await addRegionalAnalyst(t, 'gore.lima');
  await createUser(t.db, { unitId: lima, username: 'analista', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  regional = await t.signIn('gore.lima');
  national = await t.signIn('analista');
  years = ((await t.app.inject({ method: 'GET', url: '/api/public/indicators' })).json() as { years: string[] }).years;
});
after(async () => t.close());

const plan = (overrides: Record<string, unknown> = {}) => ({
  department: '15',
  title: 'Plan regional contra la trata de personas (sintético)',
  periodFrom: Number(years[years.length - 3]),
  periodTo: Number(years[years.length - 1]),
  objectives: [{ text: 'Identificar a más víctimas adultas' }, { text: 'Prevenir la captación en línea' }],
  targets: [
    { indicator: 'victims-identified', year: Number(years[years.length - 3]), target: 1 },
    { indicator: 'victims-identified', year: Number(years[years.length - 2]), target: 100_000 },
  ],
  ...overrides,
});
const project = (overrides: Record<string, unknown> = {}) => ({ code: 'CUI-2481234', department: '15', municipality: '150101', name: 'Centro de atención residencial (sintético)', purpose: 'ATENCION', year: Number(years[years.length - 2]), budget: 1_250_000, executed: 300_000.5, status: 'EN_EJECUCION', ...overrides });
const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? 0;

test('a regional analyst registers her own region only; a case worker cannot register at all', async () => {
  const created = await regional.request('POST', '/api/regional-plans', plan());
  assert.equal(created.statusCode, 201, created.body);
  const other = await regional.request('POST', '/api/regional-plans', plan({ department: '08' }), { 'accept-language': 'en' });
  assert.equal(other.statusCode, 403);
  assert.match((other.json() as { title: string }).title, /your own region only/);
  const cusco = await national.request('POST', '/api/investment-projects', project({ code: 'CUI-CUSCO-1', department: '08', municipality: '080101', purpose: 'PREVENCION' }));
  assert.equal(cusco.statusCode, 201, cusco.body);
  const worker = await t.signIn('policia');
  assert.equal((await worker.request('POST', '/api/regional-plans', plan())).statusCode, 403);
  assert.equal(await count('regional_plans'), 1);
});

test('bad input is refused with messages in Spanish and English and stores nothing', async () => {
  const before = { plans: await count('regional_plans'), projects: await count('investment_projects') };
  const outside = await regional.request('POST', '/api/regional-plans', plan({ targets: [{ indicator: 'victims-identified', year: 1999, target: 5 }] }));
  assert.equal(outside.statusCode, 400);
  assert.ok((outside.json() as { errors: { message: string }[] }).errors.some((e) => /dentro del periodo/.test(e.message)));
  const municipality = await regional.request('POST', '/api/investment-projects', project({ municipality: '080101' }), { 'accept-language': 'en' });
  assert.equal(municipality.statusCode, 400);
  assert.ok((municipality.json() as { errors: { message: string }[] }).errors.some((e) => /not in the department/.test(e.message)));
  assert.equal((await regional.request('POST', '/api/investment-projects', project({ purpose: 'OTRA', budget: -1 }))).statusCode, 400);
  assert.equal((await regional.request('POST', '/api/regional-plans', plan({ targets: [{ indicator: 'time-to-care', year: Number(years[years.length - 2]), target: 5 }] }))).statusCode, 400, 'an indicator not computed yet cannot be a target');
  assert.deepEqual({ plans: await count('regional_plans'), projects: await count('investment_projects') }, before);
});

test('projects: a code once; a change names the version it changes', async () => {
  const first = await regional.request('POST', '/api/investment-projects', project());
  assert.equal(first.statusCode, 201, first.body);
  const again = await regional.request('POST', '/api/investment-projects', project({ name: 'Otro' }));
  assert.equal(again.statusCode, 409);
  const { id } = first.json() as { id: string };
  const changed = await regional.request('PUT', `/api/investment-projects/${id}`, { ...project({ executed: 900_000, status: 'CONCLUIDO' }), version: 1 });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal((changed.json() as { executed: number; version: number }).version, 2);
  const stale = await regional.request('PUT', `/api/investment-projects/${id}`, { ...project(), version: 1 });
  assert.equal(stale.statusCode, 409);
  const moved = await regional.request('PUT', `/api/investment-projects/${id}`, { ...project({ department: '08', municipality: '080101' }), version: 2 });
  assert.equal(moved.statusCode, 403, 'a project is not moved out of reach');
});

test("the public view: each target against the region's published figure, investment beside the cases", async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/public/regions/15/plans' });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as {
    plans: { progress: { year: number; target: number; actual: number | null; met: boolean | null }[] }[];
    projects: { code: string; executed: number }[];
    investment: { year: number; purpose: string; budget: number; executed: number; victimsIdentified: number | null }[];
  };
  const [progress] = body.plans.map((p) => p.progress);
  assert.ok(progress && progress.length === 2);
  for (const row of progress) {
    const table = (await t.app.inject({ method: 'GET', url: `/api/public/statistics?view=detectionDept&year=${row.year}` })).json() as { figures: { coords: Record<string, string>; value: number | null }[] };
    const published = table.figures.find((f) => f.coords.detectionDept === '15')?.value ?? null;
    assert.equal(row.actual, published, 'the actual is the published figure, protected as published');
    assert.equal(row.met, published === null ? null : published >= row.target);
  }
  assert.equal(progress[1]?.met === true, false, 'an unreachable target is not met');
  assert.deepEqual(body.projects.map((p) => p.code), ['CUI-2481234']);
  const [investment] = body.investment;
  assert.equal(investment?.executed, 900_000);
  const lima = (await t.app.inject({ method: 'GET', url: `/api/public/statistics?view=detectionDept&year=${investment?.year}` })).json() as { figures: { coords: Record<string, string>; value: number | null }[] };
  assert.equal(investment?.victimsIdentified, lima.figures.find((f) => f.coords.detectionDept === '15')?.value ?? null);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/regions/99/plans' })).statusCode, 400);
});

test('the list of a region in her charge: hers by default, no other; a national analyst chooses any', async () => {
  const mine = await regional.request('GET', '/api/regional-plans');
  assert.equal(mine.statusCode, 200, mine.body);
  const body = mine.json() as { departments: string[]; department: string; plans: { title: string; version: number }[]; projects: Record<string, unknown>[] };
  assert.deepEqual(body.departments, ['15']);
  assert.equal(body.department, '15');
  assert.equal(body.plans.length, 1);
  assert.ok(body.plans[0]?.version === 1);
  assert.deepEqual(body.projects.map((p) => p.code), ['CUI-2481234']);
  assert.equal('created_by' in (body.projects[0] ?? {}), false, 'who registered it is not shown');
  const other = await regional.request('GET', '/api/regional-plans?department=08', undefined, { 'accept-language': 'en' });
  assert.equal(other.statusCode, 403);
  assert.match((other.json() as { title: string }).title, /your own region only/);
  const cusco = (await national.request('GET', '/api/regional-plans?department=08')).json() as { departments: string[]; projects: { code: string }[] };
  assert.equal(cusco.departments.length, 25);
  assert.deepEqual(cusco.projects.map((p) => p.code), ['CUI-CUSCO-1']);
  const publicView = (await t.app.inject({ method: 'GET', url: '/api/public/regions/15/plans' })).json() as { projects: Record<string, unknown>[] };
  assert.equal('created_by' in (publicView.projects[0] ?? {}), false);
});

test('a registration retried with its Idempotency-Key registers nothing twice', async () => {
  const before = { plans: await count('regional_plans'), projects: await count('investment_projects') };
  const key = { 'idempotency-key': 'plan-retry-0001' };
  const first = await regional.request('POST', '/api/regional-plans', plan({ title: 'Plan reintentado (sintético)' }), key);
  const again = await regional.request('POST', '/api/regional-plans', plan({ title: 'Plan reintentado (sintético)' }), key);
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(again.statusCode, 201);
  assert.equal((again.json() as { id: string }).id, (first.json() as { id: string }).id);
  const projectKey = { 'idempotency-key': 'project-retry-0001' };
  const p1 = await regional.request('POST', '/api/investment-projects', project({ code: 'CUI-RETRY-1' }), projectKey);
  const p2 = await regional.request('POST', '/api/investment-projects', project({ code: 'CUI-RETRY-1' }), projectKey);
  assert.equal(p1.statusCode, 201, p1.body);
  assert.equal(p2.statusCode, 201, 'the first answer again, not "code already taken"');
  assert.deepEqual({ plans: await count('regional_plans'), projects: await count('investment_projects') }, { plans: before.plans + 1, projects: before.projects + 1 });
  assert.equal((await regional.request('POST', '/api/regional-plans', plan({ title: 'Otro plan' }), key)).statusCode, 422, 'the same key with another request is refused');
});
