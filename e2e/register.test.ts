// The first journey in a real browser: a police officer signs in, registers a victim with her
// case file through the form, finds her in the list by a name typed without accents, opens the
// file, moves it to EN_IDENTIFICACION and sees the move in the history. A user of another agency
// finds nothing. Screenshots go to artifacts/e2e/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { PASSWORD, sampleRegistration, type TestApp } from '../test/helpers/app.ts';
import { fillLabourCase } from './forms.ts';
import { shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;
let t: TestApp;
let base: string;
let scriptErrors: string[];
const newPage = () => rig.newPage();
const photographFailure = (journey: () => Promise<void>) => rig.photographFailure('register', journey);

before(async () => {
  // Match thresholds wide apart, so the linkage journey does not hang on the model's exact score.
  rig = await startBrowserRig({ linkThresholds: { link: 0.999, review: 0.2 } });
  ({ t, base, scriptErrors } = rig);
});

after(async () => {
  await rig?.close();
});

async function signIn(page: Page, username: string, landing = 'Expedientes'): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('heading', { name: landing, exact: true }).waitFor();
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Buscar' }).fill(text);
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
}

async function countCaseFiles(): Promise<number> {
  const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
  return row?.n ?? 0;
}

test('a police officer registers a victim, finds her without accents, moves her file, and another agency sees none of it', { timeout: 120_000 }, () => photographFailure(async () => {
    const page = await newPage();
    await signIn(page, 'policia');
    assert.equal(await page.locator('html').getAttribute('lang'), 'es');

    // Register through the form.
    await page.getByRole('link', { name: 'Registrar víctima' }).first().click();
    await page.getByRole('heading', { name: 'Registrar víctima y expediente' }).waitFor();
    await page.getByLabel('Nombres', { exact: true }).fill('Zoraida Inés');
    await page.getByLabel('Apellido paterno').fill('Ancón');
    await page.getByLabel('Apellido materno').fill('Ñique');
    await page.getByRole('radio', { name: 'Mujer' }).check();
    await page.getByLabel('Fecha de nacimiento').fill('14/03/1999');
    await page.getByRole('button', { name: '+ Venezuela' }).click();

    // Validation as she types, with the server's own rules: a DNI of seven digits is refused at once.
    await page.getByRole('button', { name: '+ Añadir documento' }).click();
    await page.getByLabel('Documento 1: tipo').selectOption('DNI');
    const documentNumber = page.getByLabel('Documento 1: número');
    await documentNumber.fill('4123456');
    await documentNumber.blur();
    await page.getByText('El DNI tiene 8 dígitos.').waitFor();
    assert.equal(await documentNumber.getAttribute('aria-invalid'), 'true');
    await documentNumber.fill('41234567');
    await page.getByText('El DNI tiene 8 dígitos.').waitFor({ state: 'detached' });

    await fillLabourCase(page, '15');
    await page.getByRole('group', { name: 'Medios de control' }).getByRole('checkbox', { name: 'Retiene documentos' }).check();
    await page.getByText('Calculado de la edad: No.').waitFor();
    await page.screenshot({ path: join(shots, '01-register-form.png'), fullPage: true });

    // A double click sends one submission; the Idempotency-Key makes any retry a replay.
    const before = await countCaseFiles();
    await page.getByRole('button', { name: 'Registrar', exact: true }).dblclick();
    await page.waitForURL(/\/expedientes\/[0-9a-f-]{36}$/);
    const caseUrl = page.url();
    await page.getByText(/Expediente TP-\d{4}-\d{6} registrado\./).first().waitFor();
    assert.equal(await countCaseFiles(), before + 1, 'exactly one case file was created');
    assert.doesNotMatch(await page.title(), /Zoraida|Ancón|Ñique/, 'no personal data in the title');
    assert.doesNotMatch(caseUrl, /zoraida|ancon/i, 'no personal data in the URL');

    // Find her in the list with a name typed without accents or capitals.
    await page.getByRole('link', { name: 'Expedientes', exact: true }).click();
    await search(page, 'ZORAIDA ancon');
    const row = page.getByRole('row', { name: /Zoraida Inés Ancón Ñique/ });
    await row.waitFor();
    assert.equal(await page.getByRole('row').count(), 2, 'the header and her row');
    assert.match((await row.textContent()) ?? '', /Mujer.*Detectado.*Presunta víctima.*Lima/);
    assert.doesNotMatch(page.url(), /zoraida|ancon/i, 'the search stays out of the URL');
    await page.screenshot({ path: join(shots, '02-list-search.png'), fullPage: true });

    // Open her file and move it to EN_IDENTIFICACION.
    await row.getByRole('link').click();
    await page.waitForURL(caseUrl);
    await page.getByRole('button', { name: 'Pasar a «En identificación»' }).click();
    await page.getByRole('button', { name: 'Confirmar: pasar a «En identificación»' }).click();
    await page.getByText('El expediente pasó a «En identificación».').waitFor();
    const history = page.locator('ol.history > li');
    await history.first().getByText('Cambio de estado: de «Detectado» a «En identificación»').waitFor();
    assert.match((await history.first().textContent()) ?? '', /Agente de prueba.*DIRCTPTIM Lima/);
    assert.equal(await history.count(), 3, 'person registered, case registered, state changed');
    const [state] = await t.db.query<{ state: string }>('SELECT state FROM case_files WHERE id = $1', [caseUrl.split('/').pop()]);
    assert.equal(state?.state, 'EN_IDENTIFICACION');
    assert.equal(await page.getByRole('button', { name: /Descartado/ }).count(), 0, 'the police do not discard a file (§8.1 names who does)');
    await page.screenshot({ path: join(shots, '03-case-history.png'), fullPage: true });

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    const stored = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
    assert.deepEqual(stored.session, [], 'nothing in session storage');
    assert.ok(stored.local.every((key) => key === 'enlace.lang'), `only the language choice in local storage: ${stored.local.join(', ')}`);
    await page.close();

    // Another agency's user finds nothing and cannot open the file.
    const other = await newPage();
    await signIn(other, 'gestora');
    await search(other, 'zoraida ancon');
    await other.getByText('0 expedientes').waitFor();
    await other.goto(caseUrl);
    await other.getByRole('alert').getByText('No encontrado.').waitFor();
    await other.screenshot({ path: join(shots, '04-other-agency.png'), fullPage: true });

    // English is complete for the same screens.
    await other.getByRole('button', { name: 'English' }).click();
    await other.getByRole('link', { name: 'Back to the case files' }).click();
    await other.getByRole('heading', { name: 'Case files', exact: true }).waitFor();
    assert.equal(await other.locator('html').getAttribute('lang'), 'en');
    await other.screenshot({ path: join(shots, '05-english.png'), fullPage: true });

    // Quick exit blanks the screen, leaves, and ends the session.
    await other.getByRole('button', { name: 'Quick exit' }).click();
    await other.waitForURL('about:blank');
    await other.waitForTimeout(300);
    await other.goto(`${base}/`);
    await other.getByRole('heading', { name: 'Sign in' }).waitFor();
    await other.close();
    assert.deepEqual(scriptErrors, [], 'no script errors in the pages');
}));

test('a linkage reviewer confirms a doubtful pair side by side, and the officer then sees the person across agencies', { timeout: 120_000 }, () => photographFailure(async () => {
    const police = await t.signIn('policia');
    const ngo = await t.signIn('gestora');
    const atPolice = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: 'Condori', birthDate: '2008-05-10', documents: [] } }));
    assert.equal(atPolice.statusCode, 201, atPolice.body);
    // One surname missing and day and month swapped: probably her, not surely.
    const atNgo = await ngo.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: undefined, birthDate: '2008-10-05', documents: [] } }));
    assert.equal(atNgo.statusCode, 201, atNgo.body);

    const page = await newPage();
    await signIn(page, 'vinculador', 'Vinculación de registros');
    await page.getByRole('heading', { name: 'Cola de revisión' }).waitFor();
    const card = page.locator('article.match').filter({ hasText: 'Rosa Elena Mamani Condori' });
    await card.waitFor();
    await card.getByText('ONG de ejemplo (sintética)').waitFor();
    await card.getByText('Policía Nacional (sintética)').waitFor();
    await card.getByText('Qué aportó cada dato').click();
    await card.getByRole('rowheader', { name: 'Fecha de nacimiento o edad' }).waitFor();
    // The rows add up: where the weight starts, what each field and the other candidates did, the total.
    await card.getByRole('rowheader', { name: 'Punto de partida' }).waitFor();
    await card.getByRole('rowheader', { name: 'Total' }).waitFor();
    await card.getByRole('cell', { name: 'día y mes intercambiados' }).waitFor();
    await page.screenshot({ path: join(shots, '06-linkage-review.png'), fullPage: true });
    await card.getByRole('button', { name: 'Es la misma persona', exact: true }).click();
    await page.getByText('Decisión guardada.').waitFor();
    const [confirmed] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM matches WHERE status = 'CONFIRMED'");
    assert.equal(confirmed?.n, 1);
    await page.context().close();

    const officer = await newPage();
    await signIn(officer, 'policia');
    await officer.goto(`${base}/expedientes/${(atPolice.json() as { caseFile: { id: string } }).caseFile.id}`);
    await officer.getByRole('link', { name: 'La persona en todas las instituciones' }).click();
    await officer.getByRole('heading', { name: 'La persona en todas las instituciones' }).waitFor();
    await officer.getByText('De otra institución (datos de identidad reservados)').waitFor();
    await officer.getByRole('heading', { name: 'ONG de ejemplo (sintética)' }).waitFor();
    assert.equal(await officer.getByText('Rosa Elena Mamani', { exact: false }).count() >= 1, true, 'her own record shows the name');
    await officer.screenshot({ path: join(shots, '07-person-across-agencies.png'), fullPage: true });
    await officer.context().close();
    assert.deepEqual(scriptErrors, []);
  }));
