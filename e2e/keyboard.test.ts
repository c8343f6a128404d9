// Keyboard and screen-reader use: signing in, skipping to the content, moving between screens and
// going through the whole registration form with the keyboard alone, every stop with a visible
// focus and a name a screen reader can read; errors announced and each a link to its field; the
// form's saved state in a live region; landmarks and headings as a screen reader lists them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../test/helpers/app.ts';
import { shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;

before(async () => {
  rig = await startBrowserRig();
});

after(async () => {
  await rig?.close();
});

interface Stop {
  tag: string;
  name: string;
  focusVisible: boolean;
  inView: boolean;
}

/** The focused element: its tag, the name a screen reader would read, whether its focus shows. */
const focused = (page: Page): Promise<Stop> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { tag: '', name: '', focusVisible: false, inView: false };
    const labelled = el.getAttribute('aria-labelledby');
    const byId = labelled ? labelled.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
    const labels = 'labels' in el && (el as HTMLInputElement).labels ? [...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent ?? '').join(' ') : '';
    const name = (el.getAttribute('aria-label') ?? byId) || labels || el.textContent || el.getAttribute('title') || '';
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase() + (el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''),
      name: name.trim().replace(/\s+/g, ' '),
      // Focus inside a native control's own parts (a date field's calendar button) is drawn by the browser.
      focusVisible: !el.matches(':focus') || style.outlineStyle !== 'none' || style.boxShadow !== 'none',
      inView: rect.bottom > 0 && rect.top < window.innerHeight && rect.width > 0,
    };
  });

async function tabUntil(page: Page, name: RegExp, limit = 40): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    stops.push(stop);
    if (name.test(stop.name)) return stops;
  }
  throw new Error(`${name} not reached in ${limit} tabs: ${stops.map((s) => s.name).join(' | ')}`);
}

test('keyboard only: sign in, skip to the content, reach the registration form and go through all of it, errors lead to their fields', { timeout: 180_000 }, () =>
  rig.photographFailure('keyboard', async () => {
    const page = await rig.newPage();
    await page.goto(`${rig.base}/`);
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();

    // Sign in without the mouse: the user name has the focus from the start.
    assert.match((await focused(page)).name, /^Usuario/);
    await page.keyboard.type('policia');
    await page.keyboard.press('Tab');
    assert.match((await focused(page)).name, /^Contraseña/);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Expedientes', exact: true }).waitFor();

    // The first Tab shows the skip link; Enter takes the focus to the content.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    assert.deepEqual([skip.name, skip.focusVisible, skip.inView], ['Saltar al contenido', true, true]);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    // Landmarks and headings as a screen reader lists them.
    const outline = await page.locator('body').ariaSnapshot();
    for (const expected of ['banner', 'navigation "Navegación principal"', 'main', 'heading "Expedientes" [level=1]', 'searchbox "Buscar"']) {
      assert.ok(outline.includes(expected), `${expected} in\n${outline}`);
    }

    // To the registration form through the navigation; the focus follows to the new screen.
    await page.keyboard.press('Shift+Tab');
    await tabUntil(page, /^Registrar víctima$/, 20);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Registrar víctima y expediente' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    // Every stop of the form up to its button: named, focus visible, scrolled into view.
    const stops = await tabUntil(page, /^Registrar$/, 400);
    const unnamed = stops.filter((s) => s.name === '');
    const hidden = stops.filter((s) => !s.focusVisible || !s.inView);
    assert.deepEqual(unnamed, [], 'every control has a name');
    assert.deepEqual(hidden, [], 'every focus is visible and in view');
    assert.ok(stops.length > 60, `the whole form is reachable (${stops.length} stops)`);
    assert.ok(stops.some((s) => s.tag === 'input[radio]') && stops.some((s) => s.tag === 'select') && stops.some((s) => s.tag === 'input[checkbox]'));

    // Sent empty: the error summary takes the focus and is announced; its links lead to the fields.
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await summary.getAttribute('role'), 'alert');
    // The focus moves once the summary is drawn (an effect after the render): waited for, not raced.
    const focusedSummary = await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') === true, undefined, { timeout: 5_000 }).then(() => true, () => false);
    assert.ok(focusedSummary, 'the summary has the focus');
    await page.screenshot({ path: join(shots, 'keyboard-errors.png') });
    await page.keyboard.press('Tab');
    const firstError = await focused(page);
    assert.match(firstError.name, /^Sexo registrado: /);
    await page.keyboard.press('Enter');
    const field = await focused(page);
    assert.equal(field.tag, 'input[radio]', `the link took the focus to the field: ${JSON.stringify(field)}`);

    // Choosing with the keyboard, and the saved state announced in a live region.
    await page.keyboard.press('Space');
    assert.equal(await page.getByRole('radio', { name: 'Mujer' }).isChecked(), true);
    const status = page.getByRole('status').filter({ hasText: 'Borrador guardado' });
    await status.waitFor();
    assert.equal(await status.getAttribute('id'), 'register-status');
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
