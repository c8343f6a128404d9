// axe-core on every screen of the app, found the way a user finds them: each user of the test
// database signs in and the test follows every in-app link it sees (one page per route shape: one
// case file stands for all), so a screen another change adds is checked as soon as a link leads to
// it. On each screen: no serious or critical axe violation (WCAG 2.2 A/AA and best practices), the
// same once its folded sections and disclosure buttons are opened, one h1, a main landmark, a
// title without personal data. Then the same walk in English, and the signed-out screens.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleRegistration } from '../test/helpers/app.ts';
import { axeViolations, describeViolations, isBlocking } from './axe.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;

/** Names of the synthetic persons seeded below: none may appear in a title or an address. */
const SEEDED_NAMES = ['Yolanda Quispe', 'Ximena Ccahuana', 'Teodora Huamán'];

before(async () => {
  rig = await startBrowserRig({ linkThresholds: { link: 0.999, review: 0.2 } });
  const police = await rig.t.signIn('policia');
  const ngo = await rig.t.signIn('gestora');
  for (const [client, person] of [
    [police, { givenNames: 'Yolanda', paternalSurname: 'Quispe', maternalSurname: 'Mamani', birthDate: '2007-04-02', documents: [] }],
    [police, { givenNames: 'Teodora', paternalSurname: 'Huamán', maternalSurname: undefined, estimatedAge: 15, birthDate: undefined, documents: [] }],
    // Probably Yolanda again at the NGO: a pair for the linkage review queue.
    [ngo, { givenNames: 'Yolanda', paternalSurname: 'Quispe', maternalSurname: undefined, birthDate: '2007-02-04', documents: [] }],
    [ngo, { givenNames: 'Ximena', paternalSurname: 'Ccahuana', maternalSurname: 'Luque', documents: [] }],
  ] as const) {
    const res = await client.request('POST', '/api/case-files', sampleRegistration({ person }));
    assert.equal(res.statusCode, 201, res.body);
  }
});

after(async () => {
  await rig?.close();
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** The shape of a path: record ids replaced, so one case file stands for every case file. */
const shapeOf = (path: string) => path.replace(UUID, ':id');
const MAX_SCREENS_PER_USER = 40;

/** Checks the screen as it is, then with every folded section and disclosure opened; returns the problems. */
async function checkScreen(page: Page, where: string, t: TestContext): Promise<string[]> {
  const problems: string[] = [];
  const judge = async (state: string) => {
    const violations = await axeViolations(page);
    const blocking = violations.filter(isBlocking);
    if (blocking.length > 0) problems.push(describeViolations(`${where}${state}`, blocking));
    const minor = violations.filter((v) => !isBlocking(v));
    if (minor.length > 0) t.diagnostic(describeViolations(`${where}${state} (not blocking)`, minor));
  };
  await judge('');

  const structure = await page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main, [role="main"]').length,
    title: document.title,
    lang: document.documentElement.lang,
  }));
  if (structure.h1 !== 1) problems.push(`${where}: ${structure.h1} h1 headings (one expected)`);
  if (structure.main !== 1) problems.push(`${where}: ${structure.main} main landmarks (one expected)`);
  if (!/Enlace/.test(structure.title)) problems.push(`${where}: title "${structure.title}" does not name the app`);
  for (const name of SEEDED_NAMES) if (structure.title.includes(name) || page.url().includes(name)) problems.push(`${where}: personal data in the title or address`);
  if (!['es', 'en'].includes(structure.lang)) problems.push(`${where}: html lang "${structure.lang}"`);

  // Folded sections and disclosures (e.g. a lifecycle move's confirmation) hide controls axe must see too.
  const opened = await page.evaluate(() => {
    const details = [...document.querySelectorAll('details:not([open])')];
    for (const d of details) d.setAttribute('open', '');
    return details.length;
  });
  const disclosure = page.locator('main button[aria-expanded="false"]').first();
  const hasDisclosure = (await disclosure.count()) > 0;
  if (hasDisclosure) await disclosure.click();
  if (opened > 0 || hasDisclosure) await judge(' (opened)');
  return problems;
}

/** Follows every in-app link from the landing screen; returns the route shapes seen and the problems. */
async function walk(page: Page, who: string, t: TestContext): Promise<{ shapes: string[]; problems: string[] }> {
  const queue = ['/'];
  const seen = new Set(['/']);
  const problems: string[] = [];
  const shapes: string[] = [];
  while (queue.length > 0 && shapes.length < MAX_SCREENS_PER_USER) {
    const path = queue.shift() ?? '/';
    await page.goto(`${rig.base}${path}`);
    await settled(page);
    shapes.push(shapeOf(path));
    problems.push(...(await checkScreen(page, `${who} ${shapeOf(path)}`, t)));
    if (shapes.length === 1) await page.screenshot({ path: join(shots, `a11y-${who}-landing.png`), fullPage: true });
    const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api')) continue;
      const target = href.split(/[?#]/)[0] ?? href;
      const shape = shapeOf(target);
      if (seen.has(shape)) continue;
      seen.add(shape);
      queue.push(target);
    }
  }
  return { shapes, problems };
}

async function activeUsers(): Promise<string[]> {
  const rows = await rig.t.db.query<{ username: string }>('SELECT username FROM users WHERE active ORDER BY username');
  return rows.map((r) => r.username);
}

test('every screen each user can reach has no serious or critical axe violation, one h1, a main landmark and a clean title', { timeout: 600_000 }, (t) =>
  rig.photographFailure('a11y', async () => {
    const problems: string[] = [];
    const covered = new Set<string>();
    for (const username of await activeUsers()) {
      const page = await rig.signedInPage(username);
      const result = await walk(page, username, t);
      t.diagnostic(`${username}: ${result.shapes.join(', ')}`);
      for (const shape of result.shapes) covered.add(shape);
      problems.push(...result.problems);
      await page.context().close();
    }
    // The screens that exist today must have been reached; new ones join through their links.
    for (const shape of ['/', '/expedientes', '/expedientes/nuevo', '/expedientes/:id', '/vinculacion']) assert.ok(covered.has(shape), `${shape} was not reached: ${[...covered].join(', ')}`);
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('the same walk in English for a case worker', { timeout: 300_000 }, (t) =>
  rig.photographFailure('a11y-en', async () => {
    const page = await rig.signedInPage('policia');
    await page.addInitScript(() => window.localStorage.setItem('enlace.lang', 'en'));
    const result = await walk(page, 'policia-en', t);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.ok(result.shapes.length >= 4, result.shapes.join(', '));
    assert.deepEqual(result.problems, [], result.problems.join('\n'));
    await page.context().close();
  }),
);

test('signed-out screens, a refused sign-in, an unknown address and a form sent empty pass axe too', { timeout: 120_000 }, (t) =>
  rig.photographFailure('a11y-states', async () => {
    const problems: string[] = [];
    const page = await rig.newPage();
    await page.goto(`${rig.base}/`);
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    problems.push(...(await checkScreen(page, 'signed out', t)));
    await page.getByLabel('Usuario').fill('policia');
    await page.getByLabel('Contraseña').fill('no-es-la-contraseña');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('alert').waitFor();
    problems.push(...(await checkScreen(page, 'refused sign-in', t)));
    await page.context().close();

    const signedIn = await rig.signedInPage('policia');
    await signedIn.goto(`${rig.base}/no-existe`);
    await settled(signedIn);
    problems.push(...(await checkScreen(signedIn, 'unknown address', t)));
    await signedIn.goto(`${rig.base}/expedientes/nuevo`);
    await settled(signedIn);
    await signedIn.getByRole('button', { name: 'Registrar', exact: true }).click();
    await signedIn.locator('.error-summary').waitFor();
    await signedIn.screenshot({ path: join(shots, 'a11y-register-errors.png'), fullPage: true });
    problems.push(...(await checkScreen(signedIn, 'register sent empty', t)));
    await signedIn.context().close();
    assert.deepEqual(problems, [], problems.join('\n'));
  }),
);
