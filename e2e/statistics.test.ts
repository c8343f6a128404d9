// The public statistics dashboard in Chromium, signed out, on a synthetic registry linked in one
// batch: the map of Peru's departments, the charts each with its table, filters that update the
// figures in place, no published figure of 1–9, no serious axe violation, Spanish and English; and
// the regional PDF report opened in the browser. Screenshots are kept in artifacts/e2e/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { todayInPeru } from '../src/domain/dates.ts';
import { createUnit, createUser } from '../src/server/commands/directory.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../src/server/commands/seed.ts';
import { loadSyntheticCareRecords } from '../src/server/commands/seed-care-records.ts';
import { PASSWORD } from '../test/helpers/app.ts';
import { linkAllPersons } from '../src/server/linkage/batch.ts';
import { axeViolations, describeViolations, isBlocking } from './axe.ts';
import { shots, startBrowserRig, type BrowserRig } from './support.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let rig: BrowserRig;

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  const directory = await rig.t.db.transaction((tx) => ensureDemoDirectory(tx));
  await loadSyntheticCases(rig.t.db, directory, { persons: 700, seed: 11 });
  await linkAllPersons(rig.t.db);
  // Plans and proceedings for the internal dashboard's care and justice sections (B7, B4, C12).
  await loadSyntheticCareRecords(rig.t.db, { today: todayInPeru(), seed: 11 });
  await createUser(rig.t.db, { unitId: rig.t.units.pnp, username: 'analista', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  const [author] = await rig.t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'policia'");
  await rig.t.db.query(
    `INSERT INTO regional_plans (id, department, title, period_from, period_to, objectives, targets, created_by)
     VALUES (gen_random_uuid(), '15', 'Plan regional de Lima (sintético)', 2024, 2025, '[]', '[{"indicator":"victims-identified","year":2025,"target":20}]', $1)`,
    [author?.id],
  );
  await rig.t.db.query(
    `INSERT INTO investment_projects (id, code, department, municipality, name, purpose, year, budget, executed, status, created_by)
     VALUES (gen_random_uuid(), 'CUI-E2E-1', '15', '150101', 'Casa de acogida (sintética)', 'ATENCION', 2025, 500000, 125000, 'EN_EJECUCION', $1)`,
    [author?.id],
  );
});

after(async () => {
  await rig?.close();
});

/** Every number shown in the dashboard's tables (suppressed cells are "x"). */
async function tableNumbers(page: import('playwright-core').Page): Promise<string[]> {
  return page.$$eval('.stats-figure td.num', (cells) => cells.map((c) => (c.textContent ?? '').trim()));
}

test('public dashboard: map, charts with their tables, filters in place, nothing small, accessible, in Spanish and English', async () => {
  await rig.photographFailure('statistics-dashboard', async () => {
    const page = await rig.newPage();
    await page.goto(`${rig.base}/estadisticas`);
    await page.getByRole('heading', { level: 1, name: 'Estadísticas públicas de trata de personas' }).waitFor();
    // The map: one shape per department of Peru, shaded.
    await page.locator('[data-testid="stats-map"] path').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="stats-map"] path').count(), 25);
    const fills = await page.$$eval('[data-testid="stats-map"] path', (paths) => paths.map((p) => p.getAttribute('fill')));
    assert.ok(new Set(fills).size >= 3, 'departments shaded by their figures');
    // Each chart has its table: the sections' figures each hold a table behind "Ver la tabla".
    const figures = page.locator('figure.stats-figure');
    assert.ok((await figures.count()) >= 8);
    for (const figure of await figures.all()) assert.equal(await figure.locator('table').count(), 1);
    await page.screenshot({ path: join(shots, 'statistics-public-es.png'), fullPage: true });

    // Open every table: no published figure of 1–9.
    for (const summary of await page.locator('figure.stats-figure summary').all()) await summary.click();
    const numbers = await tableNumbers(page);
    assert.ok(numbers.length > 50);
    for (const n of numbers) {
      if (n === 'x') continue;
      const value = Number(n.replace(/[^\d]/g, ''));
      assert.ok(value === 0 || value >= 10, `small figure ${n} shown`);
    }
    assert.ok(numbers.includes('x'), 'some figures are protected');
    const violations = (await axeViolations(page)).filter(isBlocking);
    assert.equal(violations.length, 0, describeViolations('/estadisticas', violations));
    await page.screenshot({ path: join(shots, 'statistics-public-tables.png'), fullPage: true });

    // Filters update in place: another year, the same page (no navigation), new figures announced.
    const before = await page.locator('.stats-key-value').textContent();
    const years = await page.locator('#stats-year option').allTextContents();
    const url = page.url();
    await page.selectOption('#stats-year', years[years.length - 1] ?? '');
    await page.getByRole('status').filter({ hasText: `, ${years[years.length - 1]}.` }).waitFor();
    assert.equal(page.url(), url);
    assert.notEqual(await page.locator('.stats-key-value').textContent(), before);
    // The map of recruitment, from the flows.
    await page.getByRole('radio', { name: 'de captación' }).check();
    await page.locator('figcaption', { hasText: 'Mapa por departamento de captación' }).waitFor();

    // English, complete.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Public statistics on trafficking in persons' }).waitFor();
    // The server's labels in English too (the indicator list holds the same words, hidden in its select).
    await page.locator('h2', { hasText: 'Flows from recruitment to exploitation' }).first().waitFor();
    await page.locator('#stats-indicator option:checked', { hasText: 'Victims identified' }).waitFor({ state: 'attached' });
    await page.screenshot({ path: join(shots, 'statistics-public-en.png'), fullPage: true });
    // The region: its plan's targets against its figures, its investment beside its cases.
    await page.locator('caption', { hasText: 'Plan regional de Lima (sintético) (2024–2025)' }).waitFor();
    await page.getByRole('cell', { name: 'Care' }).waitFor();
    await page.locator('section[aria-labelledby="stats-region-heading"]').screenshot({ path: join(shots, 'statistics-region-plan-en.png') });
    assert.deepEqual(rig.scriptErrors, []);
  });
});

test('internal dashboard: plans on time, goals by dimension, assisted and reintegrated, civil reparation, sentences, each chart with its table, in Spanish and English', async () => {
  await rig.photographFailure('statistics-care-justice', async () => {
    const page = await rig.signedInPage('analista');
    await page.goto(`${rig.base}/estadisticas/interno`);
    const sections = [
      ['stats-plans', 'PRI aprobado a tiempo (B7)', 'PRI approved on time (B7)'],
      ['stats-goals', 'Objetivos del PRI por dimensión (B7)', 'PRI goals by dimension (B7)'],
      ['stats-reintegration', 'Víctimas atendidas y reintegradas (B4)', 'Victims assisted and reintegrated (B4)'],
      ['stats-reparation', 'Reparación civil (C12)', 'Civil reparation (C12)'],
      ['stats-sentences', 'Sentencias y tiempo hasta la sentencia (C11)', 'Sentences and time to sentence (C11)'],
    ] as const;
    for (const [id, es] of sections) {
      const section = page.locator(`section[aria-labelledby="${id}-heading"]`);
      await section.getByRole('heading', { level: 2, name: es }).waitFor({ timeout: 30_000 });
      // Its chart, and its table behind "Ver la tabla": the total, then by sex and child/adult (goals: by dimension).
      assert.equal(await section.locator('figure.stats-figure').count(), 1, id);
      await section.locator('figure.stats-figure summary').click();
      const rows = await section.locator('figure.stats-figure tbody tr').count();
      assert.ok(rows >= (id === 'stats-goals' ? 2 : 3), `${id}: ${rows} rows`);
    }
    const plans = page.locator('section[aria-labelledby="stats-plans-heading"]');
    await plans.getByRole('columnheader', { name: '% a tiempo' }).waitFor();
    await plans.getByRole('rowheader', { name: 'Mujer' }).waitFor();
    await page.locator('section[aria-labelledby="stats-reparation-heading"]').getByRole('columnheader', { name: 'Pagada en parte' }).waitFor();
    const sentences = page.locator('section[aria-labelledby="stats-sentences-heading"]');
    await sentences.getByRole('columnheader', { name: 'Hasta 1 año' }).waitFor();
    await sentences.getByRole('rowheader', { name: 'Resultado: Sentencia condenatoria' }).waitFor();
    // Counts are whole numbers of 0 or 10 and more, or withheld (x); shares carry %; no amount in soles anywhere.
    for (const [id] of sections) {
      for (const cell of await page.locator(`section[aria-labelledby="${id}-heading"] figure.stats-figure td`).allTextContents()) {
        const text = cell.trim();
        // A span of years with its share ("12 (40 %)"): the count before the share.
        const count = text.replace(/\s*\([^)]*%\)$/, '');
        if (count === 'x' || count === '—' || count.endsWith('%') || !/^[\d\s.,]+$/.test(count)) continue;
        const value = Number(count.replace(/[^\d]/g, ''));
        assert.ok(value === 0 || value >= 10, `${id}: small figure ${text} shown`);
      }
    }
    assert.equal(await page.getByText(/S\/\s?\d/).count(), 0, 'no amount of a reparation is shown');
    // The national analyst answers for the nation, and the screen says so.
    assert.match((await page.getByTestId('stats-scope').textContent()) ?? '', /Ámbito:\s*Nacional/);
    const violations = (await axeViolations(page)).filter(isBlocking);
    assert.equal(violations.length, 0, describeViolations('/estadisticas/interno', violations));
    await page.locator('section[aria-labelledby="stats-plans-heading"]').screenshot({ path: join(shots, 'statistics-plans-es.png') });
    await page.locator('section[aria-labelledby="stats-goals-heading"]').screenshot({ path: join(shots, 'statistics-goals-es.png') });
    await sentences.screenshot({ path: join(shots, 'statistics-sentences-es.png') });
    await page.screenshot({ path: join(shots, 'statistics-care-justice-es.png'), fullPage: true });

    await page.getByRole('button', { name: 'English' }).click();
    for (const [id, , en] of sections) await page.locator(`section[aria-labelledby="${id}-heading"]`).getByRole('heading', { level: 2, name: en }).waitFor();
    await page.locator('section[aria-labelledby="stats-reparation-heading"]').getByRole('columnheader', { name: 'Paid in part' }).waitFor();
    // The figures are read again in English: the server's labels too.
    await page.locator('section[aria-labelledby="stats-reparation-heading"]').getByRole('rowheader', { name: 'Adult (18+)', includeHidden: true }).waitFor({ state: 'attached' });
    await page.locator('section[aria-labelledby="stats-reparation-heading"]').screenshot({ path: join(shots, 'statistics-reparation-en.png') });
    await sentences.getByRole('rowheader', { name: 'Outcome: Conviction', includeHidden: true }).waitFor({ state: 'attached' });
    assert.match((await page.getByTestId('stats-scope').textContent()) ?? '', /Scope:\s*National/);
    assert.deepEqual(rig.scriptErrors, []);
  });
});

test("the regional government's analyst: the internal dashboard states her region and counts only its persons, its trend too", async () => {
  await rig.photographFailure('statistics-regional-scope', async () => {
    const [ong] = await rig.t.db.query<{ id: string }>('SELECT agency_id AS id FROM units WHERE id = $1', [rig.t.units.ong]);
    const unit = await createUnit(rig.t.db, { agencyId: ong?.id as string, name: 'Gerencia regional (sintética)', ubigeo: '150101' });
    await createUser(rig.t.db, { unitId: unit, username: 'regional', displayName: 'Analista regional', password: PASSWORD, roles: ['GORE_ANALISTA'], mustChangePassword: false });
    const page = await rig.signedInPage('regional');
    await page.goto(`${rig.base}/estadisticas/interno`);
    const scope = page.getByTestId('stats-scope');
    // Her region's releases are protected on first demand, each while a request waits up to 20 s
    // (requestWaitMs): 22 s at load 3–7 on two cores, past 30 s at load 20. Not a speed test.
    await scope.waitFor({ timeout: 90_000 });
    assert.match((await scope.textContent()) ?? '', /Ámbito:\s*Región: Lima/);
    // The trend beside it is her region's too: each year's total, the latest the same as her table's total.
    const trend = page.locator('section[aria-labelledby="stats-trend-heading"]');
    await trend.locator('figure.stats-figure summary').click();
    const lastYear = (await trend.locator('figure.stats-figure tbody tr').last().locator('td').last().textContent())?.trim();
    const total = (await page.locator('.stats-key-value').first().textContent())?.trim();
    assert.equal(lastYear, total, 'the trend of her region ends at her total');
    assert.match((await trend.locator('a', { hasText: 'CSV' }).getAttribute('href')) ?? '', /^\/api\/statistics\/trend\.csv\?/);
    const violations = (await axeViolations(page)).filter(isBlocking);
    assert.equal(violations.length, 0, describeViolations('/estadisticas/interno (regional)', violations));
    await page.screenshot({ path: join(shots, 'statistics-regional-scope-es.png') });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('stats-scope').getByText(/Region: Lima/).waitFor();
    assert.deepEqual(rig.scriptErrors, []);
  });
});

test('the regional PDF opens in Chromium from the dashboard link', async () => {
  await rig.photographFailure('statistics-pdf', async () => {
    const page = await rig.newPage();
    await page.goto(`${rig.base}/estadisticas`);
    const link = page.getByRole('link', { name: 'Abrir el informe' });
    await link.waitFor({ timeout: 30_000 });
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /^\/api\/public\/reports\/region\/15\.pdf\?year=\d{4}/);
    const res = await page.request.get(`${rig.base}${href}`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const pdf = await res.body();
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    writeFileSync(join(shots, 'statistics-region-15.pdf'), pdf);
    // Chromium's own viewer shows it (headless Chromium renders the first page).
    const viewer = await rig.newPage();
    const response = await viewer.goto(`${rig.base}${href}`);
    assert.equal(response?.status(), 200);
    // The viewer paints the pages a moment after loading: a blank viewer is a few kilobytes of grey.
    let shot: Buffer = Buffer.alloc(0);
    for (let tries = 0; tries < 15 && shot.length < 30_000; tries++) {
      await viewer.waitForTimeout(2000);
      shot = await viewer.screenshot({ path: join(shots, 'statistics-region-15-pdf.png') });
    }
    assert.ok(shot.length >= 30_000, 'the PDF viewer shows the report');
    // The pages with the agencies' separate counts beside the unique count, and with the region's
    // plan against its figures and its investment beside its cases, each opened at its page.
    const streams = pdf.toString('latin1').split('\nstream\n').slice(1);
    for (const [heading, name] of [
      ['Personas \xfanicas y conteos separados de cada instituci\xf3n', 'statistics-region-15-pdf-agencies.png'],
      ['Plan regional: metas frente a las cifras de la regi\xf3n', 'statistics-region-15-pdf-plan.png'],
      ['Inversi\xf3n p\xfablica en la regi\xf3n junto a sus casos', 'statistics-region-15-pdf-investment.png'],
    ] as const) {
      const pageNo = streams.findIndex((s) => s.includes(`(${heading}) Tj`)) + 1;
      assert.ok(pageNo >= 1, `the report has the section ${heading}`);
      const at = await rig.newPage();
      await at.setViewportSize({ width: 1280, height: 1300 }); // the whole A4 page
      assert.equal((await at.goto(`${rig.base}${href}#page=${pageNo}`))?.status(), 200);
      shot = Buffer.alloc(0);
      for (let tries = 0; tries < 15 && shot.length < 30_000; tries++) {
        await at.waitForTimeout(2000);
        shot = await at.screenshot({ path: join(shots, name) });
      }
      assert.ok(shot.length >= 30_000, `the PDF viewer shows page ${pageNo}`);
    }
  });
});

test('the regional report link takes a region and a period from year to year, labelled and in keyboard order', async () => {
  await rig.photographFailure('statistics-report-period', async () => {
    const page = await rig.newPage();
    await page.goto(`${rig.base}/estadisticas`);
    const link = page.getByRole('link', { name: 'Abrir el informe' });
    await link.waitFor({ timeout: 30_000 });
    const region = page.getByLabel('Región', { exact: true });
    const from = page.getByLabel('Desde el año');
    const to = page.getByLabel('Hasta el año');
    // The keyboard reaches region, first year, last year and the link, in that order.
    await region.focus();
    for (const id of ['stats-report-from', 'stats-report-to']) {
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), id);
    }
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Abrir el informe');
    // The years on offer keep the period in order.
    // The dashboard's year alone to begin with (the latest): every year can start the period.
    const years = (await from.locator('option').allTextContents()).sort();
    assert.ok(years.length >= 2, 'the registry spans several years');
    const first = years[0] as string;
    const last = years[years.length - 1] as string;
    assert.deepEqual(await to.locator('option').allTextContents(), [last], 'no last year before the first');
    await from.selectOption(first);
    assert.deepEqual((await to.locator('option').allTextContents()).sort(), years);
    await to.selectOption(first);
    assert.deepEqual(await from.locator('option').allTextContents(), [first], 'no first year after the last');
    await to.selectOption(last);
    await region.selectOption('16');
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, new RegExp(`^/api/public/reports/region/16\\.pdf\\?year=${last}&from=${first}&`));
    await page.locator('section[aria-labelledby="stats-region-heading"] .inline-add').screenshot({ path: join(shots, 'statistics-report-period.png') });
    const res = await page.request.get(`${rig.base}${href}`);
    assert.equal(res.status(), 200);
    const pdf = (await res.body()).toString('latin1');
    assert.ok(pdf.includes(`${first}\u2013${last}) Tj`) || pdf.includes(`${first}\x96${last}) Tj`), 'the report covers the period chosen');
    assert.match(pdf, /Trata de personas · Loreto/);
    // Back to one year: the link names no first year.
    await from.selectOption(last);
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`\\?year=${last}&indicator=`));
    const violations = (await axeViolations(page)).filter(isBlocking);
    assert.deepEqual(violations, [], describeViolations('/estadisticas report period', violations));
    assert.deepEqual(rig.scriptErrors, []);
  });
});

test('the trend, the regional plan and the investment tables each offer CSV and XLSX beside them, the same figures the screen shows', async () => {
  await rig.photographFailure('statistics-exports', async () => {
    const page = await rig.newPage();
    await page.goto(`${rig.base}/estadisticas`);
    const trend = page.locator('section[aria-labelledby="stats-trend-heading"]');
    // Numbers on demand: the table and its files open under the chart.
    await trend.locator('summary').waitFor({ timeout: 30_000 });
    await trend.locator('summary').click();
    const trendCsv = trend.getByRole('link', { name: 'CSV' });
    await trendCsv.waitFor();
    const href = (await trendCsv.getAttribute('href')) ?? '';
    assert.match(href, /^\/api\/public\/statistics\/trend\.csv\?indicator=/);
    const csv = await page.request.get(`${rig.base}${href}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'] ?? '', /text\/csv/);
    // The rows of the file are the rows of the chart's table.
    const lines = (await csv.text()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const shown = await trend.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    assert.equal(lines.length - 1, shown.length);
    for (const [i, row] of shown.entries()) {
      const [year, value] = (lines[i + 1] as string).split(',');
      assert.equal(year, row[0]);
      assert.equal(value === 'x' ? 'x' : Number(value), row[1] === 'x' ? 'x' : Number((row[1] as string).replace(/[^\d]/g, '')));
    }
    const xlsx = await page.request.get(`${rig.base}${(await trend.getByRole('link', { name: 'XLSX' }).getAttribute('href')) ?? ''}`);
    assert.equal(xlsx.status(), 200);
    assert.equal(xlsx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await trend.screenshot({ path: join(shots, 'statistics-trend-exports.png') });
    // Lima's plan and investment (registered in before()).
    const region = page.locator('section[aria-labelledby="stats-region-heading"]');
    const links = region.getByRole('link', { name: 'CSV' });
    await links.nth(1).waitFor({ timeout: 30_000 });
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['/api/public/regions/15/plans.csv?lang=es', '/api/public/regions/15/investment.csv?lang=es']);
    const plan = await (await page.request.get(`${rig.base}/api/public/regions/15/plans.csv`)).text();
    assert.match(plan, /Plan regional de Lima \(sint\u00e9tico\) \(2024\u20132025\),2025,V\u00edctimas identificadas,20,/);
    const investment = await (await page.request.get(`${rig.base}/api/public/regions/15/investment.csv`)).text();
    assert.match(investment, /^2025,Atenci\u00f3n,1,500000,125000,/m);
    for (const file of ['plans.xlsx', 'investment.xlsx']) assert.equal((await page.request.get(`${rig.base}/api/public/regions/15/${file}`)).status(), 200, file);
    await region.screenshot({ path: join(shots, 'statistics-region-exports.png') });
    const violations = (await axeViolations(page)).filter(isBlocking);
    assert.deepEqual(violations, [], describeViolations('/estadisticas exports', violations));
    assert.deepEqual(rig.scriptErrors, []);
  });
});
