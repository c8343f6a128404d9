// Dropped connections: the browser goes offline in the middle of registering a victim; the form
// survives a reload (the app comes from its service worker, the form from its encrypted draft),
// is sent once when the connection returns, and the server holds exactly one record. A response
// lost on its way back is retried with the same Idempotency-Key and creates nothing twice.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { fillRegistration } from './forms.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;

before(async () => {
  rig = await startBrowserRig();
});

after(async () => {
  await rig?.close();
});

async function countCaseFiles(): Promise<number> {
  const [row] = await rig.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
  return row?.n ?? 0;
}

const storedKeys = (page: Page) => page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));

test('offline in the middle of registering: the form survives a reload, is sent once when the connection returns, one record on the server', { timeout: 120_000 }, () =>
  rig.photographFailure('offline', async () => {
    const page = await rig.signedInPage('policia');
    await page.goto(`${rig.base}/expedientes/nuevo`);
    await settled(page);
    // The service worker keeps the app from the first visit on.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });

    await fillRegistration(page, { givenNames: 'Zenaida', paternalSurname: 'Tapullima' });
    const status = page.locator('#register-status');
    await status.getByText('Borrador guardado en este equipo, cifrado').waitFor();

    // Kept encrypted: the name is nowhere in the browser's storage.
    const stored = await page.evaluate(() => localStorage.getItem('enlace.draft.register') ?? '');
    assert.ok(stored.length > 100, 'a draft is stored');
    assert.doesNotMatch(stored, /Zenaida|Tapullima|VEN|INSPECCION/, 'the draft is not readable as it is stored');

    const before = await countCaseFiles();
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();
    await status.getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await page.getByText('Sin conexión con el servidor. Puede seguir llenando el formulario').waitFor();
    await page.screenshot({ path: join(shots, 'offline-1-queued.png'), fullPage: true });

    // A reload without a connection: the app starts from the service worker and waits.
    await page.reload();
    await page.getByRole('heading', { name: 'Sin conexión' }).waitFor();
    await page.screenshot({ path: join(shots, 'offline-2-reloaded.png'), fullPage: true });
    assert.equal(await countCaseFiles(), before, 'nothing reached the server yet');

    // The connection returns: she is still signed in, the form comes back and goes, once.
    await page.context().setOffline(false);
    await page.waitForURL(/\/expedientes\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await page.getByText(/Expediente TP-\d{4}-\d{6} registrado\./).first().waitFor();
    await page.screenshot({ path: join(shots, 'offline-3-sent.png'), fullPage: true });
    assert.equal(await countCaseFiles(), before + 1, 'exactly one case file was created');
    assert.deepEqual((await storedKeys(page)).local.filter((k) => k.startsWith('enlace.draft.')), [], 'the sent draft is gone');

    // Nothing sent again later, and nothing personal left after signing out.
    await page.waitForTimeout(1500);
    assert.equal(await countCaseFiles(), before + 1);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    const left = await storedKeys(page);
    assert.deepEqual(left.session, []);
    assert.ok(left.local.every((key) => key === 'enlace.lang'), `only the language choice in local storage: ${left.local.join(', ')}`);
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('a draft left unsent survives a reload; signing out removes it, and another user of the computer cannot read it', { timeout: 120_000 }, () =>
  rig.photographFailure('offline-draft', async () => {
    const page = await rig.signedInPage('policia');
    await page.goto(`${rig.base}/expedientes/nuevo`);
    await settled(page);
    await page.getByLabel('Nombres', { exact: true }).fill('Eulalia');
    await page.locator('#register-status').getByText('Borrador guardado').waitFor();
    await page.reload();
    await settled(page);
    await page.getByText('Se recuperó el borrador que usted guardó en este equipo').waitFor();
    assert.equal(await page.getByLabel('Nombres', { exact: true }).inputValue(), 'Eulalia');

    // Another user's key cannot open it: she sees an empty form.
    const stored = await page.evaluate(() => localStorage.getItem('enlace.draft.register'));
    const other = await rig.signedInPage('gestora');
    await other.goto(`${rig.base}/expedientes/nuevo`);
    await settled(other);
    await other.evaluate((text) => localStorage.setItem('enlace.draft.register', text ?? ''), stored);
    await other.reload();
    await settled(other);
    assert.equal(await other.getByLabel('Nombres', { exact: true }).inputValue(), '', 'not readable by another user');
    await other.context().close();

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('enlace.draft.register')), null);
    await page.context().close();
  }),
);

test('a response lost on its way back: the retry carries the same key and the server keeps one record', { timeout: 120_000 }, () =>
  rig.photographFailure('offline-lost-answer', async () => {
    // Without the service worker, so that the test can cut the connection after the server answered.
    const page = await rig.signedInPage('policia', { serviceWorkers: 'block' });
    const keys: string[] = [];
    let cut = false;
    await page.route('**/api/case-files', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (cut) return route.continue();
      cut = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.goto(`${rig.base}/expedientes/nuevo`);
    await settled(page);
    await fillRegistration(page, { givenNames: 'Rufina', paternalSurname: 'Shapiama' });
    const before = await countCaseFiles();
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();
    await page.waitForURL(/\/expedientes\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    assert.equal(keys.length, 2, 'sent, then sent again');
    assert.equal(keys[0], keys[1], 'with the same Idempotency-Key');
    assert.equal(await countCaseFiles(), before + 1, 'one record');
    await page.context().close();
  }),
);

test('a search whose answer is lost can be asked again, without typing it again', { timeout: 120_000 }, () =>
  rig.photographFailure('offline-list-retry', async () => {
    const page = await rig.signedInPage('policia', { serviceWorkers: 'block' });
    await page.goto(`${rig.base}/`);
    await settled(page);
    let refused = 0;
    const searches = /\/api\/case-files\?/;
    await page.route(searches, async (route) => {
      refused += 1;
      await route.abort('internetdisconnected');
    });
    await page.getByRole('searchbox').fill('Quispe');
    await page.getByRole('search').getByRole('button', { name: 'Buscar' }).click();
    const retry = page.getByRole('alert').getByRole('button', { name: 'Reintentar ahora' });
    await retry.waitFor();
    assert.ok(refused > 0, 'the search was sent');
    await page.unroute(searches);
    const answered = page.waitForResponse((response) => searches.test(response.url()) && response.url().includes('q=Quispe'));
    await retry.click();
    assert.equal((await answered).status(), 200, 'the same search, asked again');
    await retry.waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('searchbox').inputValue(), 'Quispe', 'what she typed is still there');
    await page.context().close();
  }),
);

test("a screen whose code cannot be fetched says so, draws the page once, and comes when it can be fetched", { timeout: 120_000 }, () =>
  rig.photographFailure('offline-screen-code', async () => {
    // Without the service worker, so that the screen's code is asked of the network.
    const page = await rig.signedInPage('policia', { serviceWorkers: 'block' });
    await page.goto(`${rig.base}/`);
    await settled(page);
    let refused = 0;
    // Every script from now on: whichever chunks the registration screen needs, none arrives.
    await page.route(/\/assets\/[^/]+\.js$/, async (route) => {
      refused += 1;
      await route.abort('internetdisconnected');
    });
    await page.getByRole('banner').getByRole('link', { name: 'Registrar víctima' }).click();
    await page.getByRole('alert').getByRole('heading', { name: 'Esta pantalla no se pudo cargar' }).waitFor();
    assert.ok(refused > 0, 'its code was asked for');
    assert.equal(await page.getByRole('banner').count(), 1, 'one header');
    await page.unroute(/\/assets\/[^/]+\.js$/);
    await page.getByRole('button', { name: 'Reintentar ahora' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registrar víctima y expediente' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('banner').count(), 1, 'still one header');
    assert.equal(await page.locator('.outbox-summary').count(), 1);
    assert.deepEqual(rig.scriptErrors, []);
    await page.context().close();
  }),
);
