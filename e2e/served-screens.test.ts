// The main screens written into the page by the server (src/server/web-screens.ts) are there and
// usable before the app's code has come: the worklist, a case file and the public dashboard show
// with the app's code held back, the case file's read is audited as it is shown, and when the code
// comes the app takes the screen over without losing what was typed or where the cursor was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { todayInPeru } from '../src/domain/dates.ts';
import { sampleRegistration } from '../test/helpers/app.ts';
import { settled, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;
let caseId: string;
let code: string;

before(async () => {
  rig = await startBrowserRig();
  const police = await rig.t.signIn('policia');
  const created = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: 'Condori' } }));
  ({ id: caseId, code } = (created.json() as { caseFile: { id: string; code: string } }).caseFile);
  await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Juana', paternalSurname: 'Quispe', maternalSurname: 'Condori' } }));
});

after(async () => {
  await rig?.close();
});

/** Holds every script of the app back until the returned function lets them through. */
async function holdCode(page: Page): Promise<{ held: () => number; release: () => Promise<void> }> {
  const waiting: Route[] = [];
  let open = false;
  await page.route(/\/assets\/[^/]+\.js$/, async (route) => {
    if (open) await route.continue();
    else waiting.push(route);
  });
  return {
    held: () => waiting.length,
    async release() {
      open = true;
      for (const route of waiting.splice(0)) await route.continue();
    },
  };
}

async function auditedReads(id: string): Promise<number> {
  const [row] = await rig.t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'READ' AND entity_id = $1", [id]);
  return row?.n ?? 0;
}

test('the worklist is read and searched from the page before the code comes; what was typed stays when the app takes over', { timeout: 120_000 }, () =>
  rig.photographFailure('served-worklist', async () => {
    const page = await rig.signedInPage('policia', { serviceWorkers: 'block' });
    const code$ = await holdCode(page);
    await page.goto(`${rig.base}/expedientes`, { waitUntil: 'commit' });
    const row = page.getByRole('row', { name: /Rosa Elena Mamani Condori/ });
    await row.waitFor();
    assert.ok(code$.held() > 0, 'the app code was asked for and is held');
    assert.equal(await page.locator('#root[data-served="list"]').count(), 1, "the page's own screen");
    assert.equal(await page.title(), 'Expedientes · Enlace');
    assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Registrar víctima' }).count(), 1);
    // Typed before the code has come: the search cannot go yet (it never goes into an address).
    const search = page.getByLabel('Buscar', { exact: true });
    await search.fill('Juana');
    assert.equal(await page.getByRole('button', { name: 'Buscar' }).isDisabled(), true);
    assert.equal(new URL(page.url()).search, '');

    await code$.release();
    await settled(page);
    assert.equal(await page.locator('[data-served]').count(), 0, "the app's screen in its place");
    assert.equal(await search.inputValue(), 'Juana', 'what was typed stays');
    assert.equal(await search.evaluate((input) => input === document.activeElement), true, 'and the cursor with it');
    // The app's state has it: the search goes.
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('row', { name: /Juana Quispe Condori/ }).waitFor();
    await page.getByRole('row', { name: /Rosa Elena/ }).waitFor({ state: 'detached' });
    assert.deepEqual(rig.scriptErrors, []);
    await page.context().close();
  }),
);

test("a case file is shown from the page before the code comes, its read audited; the app's screen then takes over", { timeout: 120_000 }, () =>
  rig.photographFailure('served-case-file', async () => {
    const page = await rig.signedInPage('policia', { serviceWorkers: 'block' });
    const code$ = await holdCode(page);
    const before = await auditedReads(caseId);
    await page.goto(`${rig.base}/expedientes/${caseId}`, { waitUntil: 'commit' });
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor();
    assert.equal(await page.locator('#root[data-served="case"]').count(), 1);
    assert.ok(code$.held() > 0, 'the app code is held');
    assert.equal(await page.locator('dl.facts dd', { hasText: 'Rosa Elena' }).count(), 1, 'her facts');
    assert.match((await page.locator('ol.history > li').first().textContent()) ?? '', new RegExp(`Expediente ${code} registrado`));
    assert.ok((await auditedReads(caseId)) > before, 'the read that showed it is audited');

    await code$.release();
    await settled(page);
    await page.getByRole('button', { name: 'Editar datos de la persona' }).or(page.getByRole('button', { name: /Editar/ }).first()).first().waitFor();
    assert.equal(await page.locator('[data-served]').count(), 0);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'one screen');
    assert.equal(await page.locator('dl.facts dd', { hasText: 'Rosa Elena' }).count(), 1);
    assert.deepEqual(rig.scriptErrors, []);
    await page.context().close();
  }),
);

test("another agency's user gets no screen of a case file she may not read, and the public dashboard shows its headline figure before the code comes", { timeout: 120_000 }, () =>
  rig.photographFailure('served-other', async () => {
    const page = await rig.signedInPage('gestora', { serviceWorkers: 'block' });
    const code$ = await holdCode(page);
    await page.goto(`${rig.base}/expedientes/${caseId}`, { waitUntil: 'commit' });
    await page.locator('#enlace-boot').waitFor({ state: 'attached' });
    assert.equal(await page.locator('[data-served]').count(), 0);
    assert.doesNotMatch(await page.content(), /Rosa Elena/);
    await page.context().close();

    const visitor = await rig.newPage();
    const visitorCode = await holdCode(visitor);
    await visitor.goto(`${rig.base}/estadisticas`, { waitUntil: 'commit' });
    const catalogue = (await (await fetch(`${rig.base}/api/public/indicators`)).json()) as { years: string[] };
    if (catalogue.years.length > 0) {
      await visitor.locator('.stats-key-value').first().waitFor();
      assert.equal(await visitor.locator('#root[data-served="publicStatistics"]').count(), 1);
      await visitorCode.release();
      await visitor.locator('#root:not([data-served]) .stats-key-value').first().waitFor({ timeout: 30_000 });
    }
    await visitor.context().close();
  }),
);

test('the registration form is typed into before the code comes; when the app takes over nothing typed or chosen is lost, and it registers once', { timeout: 120_000 }, () =>
  rig.photographFailure('served-registration', async () => {
    const page = await rig.signedInPage('policia', { serviceWorkers: 'block' });
    const code$ = await holdCode(page);
    await page.goto(`${rig.base}/expedientes/nuevo`, { waitUntil: 'commit' });
    const given = page.getByLabel('Nombres', { exact: true });
    await given.waitFor();
    assert.equal(await page.locator('#root[data-served="register"]').count(), 1);
    assert.equal(await page.title(), 'Registrar víctima y expediente · Enlace');
    // Typed, chosen and ticked with the app's code held back.
    await given.fill('Yessenia');
    await page.getByLabel('Apellido paterno').fill('Tapia');
    await page.getByRole('radio', { name: 'Mujer' }).check();
    await page.getByLabel('Lengua materna').selectOption('spa');
    await page.getByLabel('Fecha de detección').fill(todayInPeru());
    await page.getByLabel('Cómo se detectó').selectOption('INSPECCION_LABORAL');
    await page.getByLabel('Departamento de detección').selectOption('17');
    await page.getByRole('group', { name: 'Finalidad de la explotación' }).getByRole('checkbox', { name: 'Cualquier forma de explotación laboral' }).check();
    await page.getByRole('group', { name: 'Formas de explotación' }).getByRole('checkbox', { name: 'Explotación laboral / trabajo forzoso' }).check();
    const maternal = page.getByLabel('Apellido materno');
    await maternal.fill('Ro');
    assert.equal(await page.getByRole('button', { name: 'Registrar', exact: true }).isDisabled(), true, 'it goes only through the app');
    assert.ok(code$.held() > 0);

    await code$.release();
    await settled(page);
    await page.locator('#root:not([data-served]) form').waitFor();
    assert.equal(await given.inputValue(), 'Yessenia');
    assert.equal(await page.getByLabel('Apellido paterno').inputValue(), 'Tapia');
    assert.equal(await maternal.inputValue(), 'Ro');
    assert.equal(await maternal.evaluate((input) => input === document.activeElement), true, 'the cursor where it was');
    await maternal.pressSequentially('jas');
    assert.equal(await page.getByRole('radio', { name: 'Mujer' }).isChecked(), true);
    assert.equal(await page.getByLabel('Lengua materna').inputValue(), 'spa');
    assert.equal(await page.getByLabel('Departamento de detección').inputValue(), '17');
    assert.equal(await page.getByRole('group', { name: 'Formas de explotación' }).getByRole('checkbox', { name: 'Explotación laboral / trabajo forzoso' }).isChecked(), true);
    // What needs the app works now; the form registers once, with what was typed before it came.
    await page.getByLabel('Fecha de nacimiento').fill('02/11/2001');
    await page.getByRole('button', { name: '+ Venezuela' }).click();
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Expediente TP-/ }).waitFor({ timeout: 30_000 });
    const rows = await rig.t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_files WHERE created_at > now() - interval '5 minutes'");
    assert.ok((rows[0]?.n ?? 0) >= 1);
    for (const typed of ['Yessenia', 'Tapia', 'Rojas']) await page.locator('dl.facts dd', { hasText: new RegExp(`^${typed}$`) }).waitFor();
    assert.deepEqual(rig.scriptErrors, []);
    await page.context().close();
  }),
);

test('the quick exit works on a screen written into the page before the code comes: blank at once, signed out', { timeout: 120_000 }, () =>
  rig.photographFailure('served-quick-exit', async () => {
    const page = await rig.signedInPage('policia', { serviceWorkers: 'block' });
    const code$ = await holdCode(page);
    await page.goto(`${rig.base}/expedientes`, { waitUntil: 'commit' });
    await page.getByRole('row', { name: /Rosa Elena Mamani Condori/ }).waitFor();
    assert.ok(code$.held() > 0, 'the app code is held');
    assert.equal((await page.context().request.get(`${rig.base}/api/case-files`)).status(), 200, 'signed in');
    await page.getByRole('button', { name: 'Salida rápida' }).click();
    await page.waitForURL('about:blank');
    assert.equal(await page.evaluate(() => document.body.textContent ?? ''), '', 'nothing of her on screen');
    // The sign-out went with keepalive; it may land a moment after the page has left.
    let status = 0;
    for (let i = 0; i < 50 && status !== 401; i++) {
      status = (await page.context().request.get(`${rig.base}/api/case-files`)).status();
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 401, 'the session is over');
    assert.deepEqual(rig.scriptErrors, []);
    await page.context().close();

    // The sign-in page's quick exit is the same script: a draft kept on this computer goes too.
    const signIn = await rig.newPage();
    const held = await holdCode(signIn);
    await signIn.goto(`${rig.base}/`, { waitUntil: 'commit' });
    await signIn.getByRole('button', { name: 'Ingresar' }).waitFor();
    assert.ok(held.held() > 0, 'the app code is held');
    await signIn.evaluate(() => window.localStorage.setItem('enlace.draft.registration', '{"synthetic":true}'));
    await signIn.getByRole('button', { name: 'Salida rápida' }).click();
    await signIn.waitForURL('about:blank');
    await signIn.goto(`${rig.base}/estadisticas`, { waitUntil: 'commit' });
    assert.equal(await signIn.evaluate(() => window.localStorage.getItem('enlace.draft.registration')), null, 'the draft is gone');
    await signIn.context().close();
  }),
);
