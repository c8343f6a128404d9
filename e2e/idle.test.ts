// Shared computers: a user who leaves the screen is warned, then signed out; the server forgets
// the session, the screen returns to sign-in, and no draft is left in the browser. The browser's
// clock is driven by the test, so the half hour passes at once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations, describeViolations, isBlocking } from './axe.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;

before(async () => {
  rig = await startBrowserRig();
});

after(async () => {
  await rig?.close();
});

test('idle: a warning that any key dismisses, then sign-out with the session ended on the server and no draft left', { timeout: 120_000 }, () =>
  rig.photographFailure('idle', async () => {
    const page = await rig.signedInPage('policia');
    await page.clock.install();
    await page.goto(`${rig.base}/expedientes/nuevo`);
    await settled(page);
    await page.getByLabel('Nombres', { exact: true }).fill('Clotilde');
    await page.clock.runFor(1000);
    await page.locator('#register-status').getByText('Borrador guardado').waitFor();

    // 29.5 minutes later: the warning, focused, and no serious accessibility problem in it.
    await page.clock.fastForward('29:30');
    const warning = page.getByRole('alertdialog', { name: '¿Sigue ahí?' });
    await warning.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Continuar en la sesión');
    const blocking = (await axeViolations(page)).filter(isBlocking);
    assert.deepEqual(blocking, [], describeViolations('idle warning', blocking));
    await page.screenshot({ path: join(shots, 'idle-warning.png') });

    // Tab stays inside the warning (a modal); a key keeps the session and focus returns to the field.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Continuar en la sesión');
    await page.clock.runFor(2000);
    await warning.waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('Nombres', { exact: true }).inputValue(), 'Clotilde');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value), 'Clotilde', 'focus is back in the field she was filling');

    // Thirty minutes without anything: signed out.
    const signedOut = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'DELETE');
    await page.clock.fastForward('30:05');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await page.getByText('Se cerró su sesión por inactividad').waitFor();
    assert.equal((await signedOut).status(), 204, 'the server ended the session');
    assert.doesNotMatch(page.url(), /nuevo/);
    const stored = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(stored.every((key) => key === 'enlace.lang'), `nothing but the language choice is left: ${stored.join(', ')}`);
    assert.equal((await page.request.get(`${rig.base}/api/me`)).status(), 401, 'the old session is gone');
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
