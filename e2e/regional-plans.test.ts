// A regional analyst reaches her region's plans and investment from the statistics screen,
// registers a plan with an objective and a target, and an investment project; bad input is shown
// beside its fields (the server's own message when only the server can tell, as for a CUI code
// already taken) and nothing typed is lost; then the region's public view shows the plan's target
// against the published figure and the investment beside the cases. Screenshots in artifacts/e2e/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureDemoDirectory, loadSyntheticCases } from '../src/server/commands/seed.ts';
import { addRegionalAnalyst } from '../test/helpers/app.ts';
import { axeViolations, describeViolations, isBlocking } from './axe.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let rig: BrowserRig;
/** A year with statistics, and the plan's period around it. */
let year: number;
const TAKEN = '2300001';

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  const directory = await rig.t.db.transaction((tx) => ensureDemoDirectory(tx));
  await loadSyntheticCases(rig.t.db, directory, { persons: 500, seed: 7 });
  await addRegionalAnalyst(rig.t, 'gore.lima');
  const years = ((await rig.t.app.inject({ method: 'GET', url: '/api/public/indicators' })).json() as { years: string[] }).years;
  year = Number(years[years.length - 2] ?? years[0]);
  // A project registered before holds a CUI code: only the server can tell it is taken.
  const analyst = await rig.t.signIn('gore.lima');
  const taken = await analyst.request('POST', '/api/investment-projects', { code: TAKEN, department: '15', municipality: '1501', name: 'Campaña de prevención en colegios (sintética)', purpose: 'PREVENCION', year, budget: 80_000, executed: 80_000, status: 'CONCLUIDO' });
  assert.equal(taken.statusCode, 201, taken.body);
});

after(async () => {
  await rig?.close();
});

const PLAN = 'Plan regional contra la trata de personas de Lima (sintético)';
const PROJECT = 'Centro de atención residencial para víctimas (sintético)';

test('a regional analyst registers a plan and an investment project, and sees them in the public view', async () => {
  await rig.photographFailure('regional-plans', async () => {
    const page = await rig.signedInPage('gore.lima');
    // From the statistics screen, as from the navigation.
    await page.goto(`${rig.base}/estadisticas/interno`);
    // count() does not wait: the navigation is there once the screen has rendered.
    const navigationLink = page.getByRole('navigation').getByRole('link', { name: 'Planes e inversión' });
    await navigationLink.waitFor();
    assert.equal(await navigationLink.count(), 1);
    await page.getByRole('link', { name: 'Registrar y modificar los planes regionales y los proyectos de inversión de su región' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planes regionales e inversión pública' }).waitFor();
    await settled(page);
    await page.getByText('Esta región no tiene planes registrados.').waitFor();

    // The plan. Sent empty, it is not sent: the problems are listed, announced, each beside its field.
    await page.getByRole('button', { name: 'Registrar un plan' }).click();
    await page.getByRole('button', { name: 'Guardar el plan' }).click();
    const planSummary = page.getByRole('alert').filter({ hasText: 'Nombre del plan' });
    await planSummary.waitFor();
    assert.equal(await page.getByLabel('Nombre del plan').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Nombre del plan').fill(PLAN);
    await page.getByLabel('Desde el año').fill(String(year - 1));
    await page.getByLabel('Hasta el año').fill(String(year + 1));
    await page.getByLabel('Objetivo 1').fill('Identificar a más víctimas adultas, hombres y mujeres');
    const target = page.getByRole('group', { name: 'Meta 1' });
    await target.getByLabel('Indicador').selectOption('victims-identified');
    await target.getByLabel(/^Año/).fill(String(year + 2));
    await target.getByLabel(/^Meta/).fill('25');
    // A target outside the plan's period is refused as it is typed, in words.
    await page.getByRole('group', { name: 'Metas por año' }).getByText('Cada meta debe caer dentro del periodo del plan.').waitFor();
    await target.getByLabel(/^Año/).fill(String(year));
    await page.getByRole('button', { name: 'Guardar el plan' }).click();
    await page.getByRole('status').filter({ hasText: `Plan «${PLAN}» registrado.` }).waitFor();
    await page.getByRole('row').filter({ hasText: PLAN }).getByText(`${year} · Víctimas identificadas: 25`).waitFor();

    // The project. The server refuses a CUI code already registered: its message shows, nothing typed is lost.
    await page.getByRole('button', { name: 'Registrar un proyecto' }).click();
    await page.getByLabel('Código (CUI)').fill(TAKEN);
    await page.getByLabel('Nombre del proyecto').fill(PROJECT);
    await page.getByLabel('Municipalidad').selectOption('150101');
    await page.getByRole('radio', { name: 'Atención' }).check();
    await page.getByLabel(/^Año/).fill(String(year));
    await page.getByLabel('Presupuesto (S/)').fill('1 250 000');
    await page.getByLabel('Monto ejecutado (S/)').fill('300 000,50');
    await page.getByLabel('Estado').selectOption('EN_EJECUCION');
    await page.getByRole('button', { name: 'Guardar el proyecto' }).click();
    await page.getByRole('alert').filter({ hasText: `Ya existe un proyecto con el código «${TAKEN}».` }).waitFor();
    assert.equal(await page.getByLabel('Nombre del proyecto').inputValue(), PROJECT);
    assert.equal(await page.getByLabel('Municipalidad').inputValue(), '150101');
    assert.equal(await page.getByLabel('Monto ejecutado (S/)').inputValue(), '300 000,50');
    await page.screenshot({ path: join(shots, 'regional-plans-refused.png'), fullPage: true });
    await page.getByLabel('Código (CUI)').fill('2481234');
    await page.getByRole('button', { name: 'Guardar el proyecto' }).click();
    await page.getByRole('status').filter({ hasText: 'Proyecto 2481234 registrado.' }).waitFor();
    const row = page.getByRole('row', { name: /2481234/ });
    await row.getByText('Municipalidad distrital de Lima (Lima)').waitFor();
    assert.match((await row.textContent()) ?? '', /1.250.000/);

    // Changed: more of it executed.
    await page.getByRole('button', { name: 'Modificar el proyecto 2481234' }).click();
    assert.equal(await page.getByLabel('Nombre del proyecto').inputValue(), PROJECT);
    await page.getByLabel('Monto ejecutado (S/)').fill('400000');
    await page.getByRole('button', { name: 'Guardar el proyecto' }).click();
    await page.getByRole('status').filter({ hasText: 'Proyecto 2481234 guardado.' }).waitFor();
    assert.match((await page.getByRole('row', { name: /2481234/ }).textContent()) ?? '', /400.000/);

    const violations = (await axeViolations(page)).filter(isBlocking);
    assert.equal(violations.length, 0, describeViolations('/estadisticas/planes', violations));
    await page.screenshot({ path: join(shots, 'regional-plans-es.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Regional plans and public investment' }).waitFor();
    await page.getByRole('row', { name: /2481234/ }).getByText('District municipality of Lima (Lima)').waitFor();
    await page.screenshot({ path: join(shots, 'regional-plans-en.png'), fullPage: true });

    // The region's public view: the target against the published figure, the investment beside the cases.
    const view = (await (await page.request.get(`${rig.base}/api/public/regions/15/plans`)).json()) as {
      plans: { title: string; progress: { year: number; target: number; actual: number | null }[] }[];
      investment: { year: number; purpose: string; budget: number; victimsIdentified: number | null }[];
    };
    const progress = view.plans.find((p) => p.title === PLAN)?.progress[0];
    assert.equal(progress?.target, 25);
    const care = view.investment.find((i) => i.purpose === 'ATENCION' && i.year === year);
    assert.equal(care?.budget, 1_250_000);
    const shown = (v: number | null | undefined) => (v === null || v === undefined ? 'x' : new Intl.NumberFormat('es-PE').format(v));
    // The screen's link opens the public view on her region.
    const href = await page.getByRole('link', { name: "See the region's public view" }).getAttribute('href');
    assert.match(href ?? '', /^\/estadisticas\?region=15/);
    const visitor = await rig.newPage();
    await visitor.goto(`${rig.base}${href}`);
    assert.equal(await visitor.locator('#stats-region').inputValue(), '15');
    const region = visitor.locator('section[aria-labelledby="stats-region-heading"]');
    await region.locator('caption', { hasText: `${PLAN} (${year - 1}–${year + 1})` }).waitFor({ timeout: 30_000 });
    const targetRow = region.getByRole('row', { name: new RegExp(`^${year} Víctimas identificadas`) });
    assert.deepEqual(await targetRow.locator('td').allTextContents(), ['Víctimas identificadas', '25', shown(progress?.actual), progress?.actual === null || progress?.actual === undefined ? '—' : progress.actual >= 25 ? 'Sí' : 'No']);
    const careRow = region.getByRole('row', { name: new RegExp(`^${year} Atención`) });
    const cells = await careRow.locator('td').allTextContents();
    assert.equal(cells[0], 'Atención');
    assert.match(cells[2] ?? '', /1.250.000/);
    assert.equal(cells[4], shown(care?.victimsIdentified), 'the victims identified in the region that year, beside the investment');
    await region.screenshot({ path: join(shots, 'regional-plans-public-view.png') });
    assert.deepEqual(rig.scriptErrors, []);
  });
});
