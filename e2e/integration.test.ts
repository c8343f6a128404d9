// The integration screens in the browser: an administrator writes a mapping profile from a copy of
// the canonical one, tries it on a sample (nothing imported), saves it and retires it; creates an
// API client whose secret is shown once and works, then revokes it; a case worker exports case
// files as HTCDS, pseudonymous without the person's consent; the screens in English. axe on each;
// screenshots go to artifacts/e2e/. Synthetic data only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleRegistration, type TestApp } from '../test/helpers/app.ts';
import { axeViolations, describeViolations, isBlocking } from './axe.ts';
import { shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;
let t: TestApp;
let base: string;

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  ({ t, base } = rig);
  const police = await t.signIn('policia');
  for (const givenNames of ['Zenobia', 'Filomena']) {
    const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames, documents: [] } }));
    assert.equal(res.statusCode, 201, res.body);
  }
});
after(async () => {
  await rig?.close();
});

async function accessible(page: Page, where: string): Promise<void> {
  const blocking = (await axeViolations(page)).filter(isBlocking);
  assert.deepEqual(blocking, [], describeViolations(where, blocking));
}

test('an administrator writes a profile from a copy, tries it on a sample, saves it and retires it', { timeout: 180_000 }, () =>
  rig.photographFailure('integration-profiles', async () => {
    const page = await rig.signedInPage('adminpnp');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/expedientes`);
    await page.getByRole('link', { name: 'Perfiles', exact: true }).click();
    await page.getByRole('heading', { name: 'Perfiles de correspondencia' }).waitFor();
    await page.getByRole('button', { name: 'Partir de este: canonico', exact: true }).click();
    const text = await page.getByLabel('Perfil (JSON)').inputValue();
    const copy = JSON.parse(text) as { id: string };
    assert.equal(copy.id, 'canonico-copia');
    await page.getByLabel('Perfil (JSON)').fill(JSON.stringify({ ...copy, id: 'ong-ejemplo-prueba' }, null, 2));
    // Saving before a try is refused.
    assert.equal(await page.getByRole('button', { name: 'Guardar perfil' }).isDisabled(), true);
    const sample = readFileSync(new URL('../data/profiles/samples/canonico-SINTETICO.csv', import.meta.url));
    await page.getByLabel('Archivo de muestra').setInputFiles({ name: 'canonico-SINTETICO.csv', mimeType: 'text/csv', buffer: sample });
    await page.getByRole('button', { name: 'Probar con la muestra' }).click();
    await page.getByText(/^Perfil válido\. Filas leídas: \d+/).waitFor();
    await accessible(page, 'profiles after a try');
    await page.screenshot({ path: join(shots, 'integration-profile-test.png'), fullPage: true });
    const [imported] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_batches');
    assert.equal(imported?.n, 0, 'trying a profile imports nothing');

    await page.getByRole('button', { name: 'Guardar perfil' }).click();
    await page.getByText('Perfil «ong-ejemplo-prueba» guardado.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Retirar: ong-ejemplo-prueba' }).click();
    await page.getByText('Perfil «ong-ejemplo-prueba» retirado.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Retirar: ong-ejemplo-prueba' }).waitFor({ state: 'detached' });
    const [row] = await t.db.query<{ retired: boolean }>("SELECT retired_at IS NOT NULL AS retired FROM import_profiles WHERE id = 'ong-ejemplo-prueba'");
    assert.equal(row?.retired, true);
    await page.context().close();
  }),
);

test('an administrator creates an API client (the secret shown once works), then revokes it', { timeout: 180_000 }, () =>
  rig.photographFailure('integration-clients', async () => {
    const page = await rig.signedInPage('adminpnp');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/expedientes`);
    await page.getByRole('link', { name: 'Sistemas (API)', exact: true }).click();
    await page.getByRole('heading', { name: 'Sistemas conectados (clientes de API)' }).waitFor();
    await page.getByText('Su institución aún no tiene clientes de API.', { exact: true }).waitFor();
    await accessible(page, 'API clients, empty');
    // Roles reserved to people are not offered.
    await page.getByRole('checkbox', { name: 'PNP – investigación (DIRCTPTIM)' }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: 'Administración del sistema' }).count(), 0);
    await page.getByLabel('Nombre del sistema').fill('RETA – DIRCTPTIM (sintético)');
    await page.getByRole('checkbox', { name: 'PNP – investigación (DIRCTPTIM)' }).check();
    await page.getByRole('checkbox', { name: 'Leer registros y sus cambios (records.read)' }).check();
    await page.getByRole('button', { name: 'Crear cliente' }).click();
    await page.getByRole('heading', { name: 'Cliente creado: copie el secreto ahora' }).waitFor();
    const secret = (await page.getByTestId('client-secret').textContent()) ?? '';
    const clientId = (await page.locator('dd code').first().textContent()) ?? '';
    await accessible(page, 'API clients, secret shown');
    await page.screenshot({ path: join(shots, 'integration-client-secret.png'), fullPage: true });
    const token = () => t.app.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'records.read' } });
    assert.equal((await token()).statusCode, 200, 'the secret shown works');
    await page.getByRole('button', { name: 'Ya lo copié' }).click();
    await page.getByTestId('client-secret').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'RETA – DIRCTPTIM (sintético)', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Revocar: RETA – DIRCTPTIM (sintético)' }).click();
    await page.getByText('Cliente «RETA – DIRCTPTIM (sintético)» revocado.', { exact: true }).waitFor();
    await page.getByText(/^Revocado el /).waitFor();
    assert.equal((await token()).statusCode, 401, 'a revoked client gets no token');
    await page.screenshot({ path: join(shots, 'integration-client-revoked.png'), fullPage: true });
    await page.context().close();
  }),
);

test('a case worker exports ticked case files as HTCDS: pseudonymous without consent, the rule on screen', { timeout: 180_000 }, () =>
  rig.photographFailure('integration-htcds', async () => {
    const page = await rig.signedInPage('policia', { acceptDownloads: true });
    await page.goto(`${base}/expedientes`);
    await page.getByRole('link', { name: 'Exportar HTCDS', exact: true }).click();
    await page.getByRole('heading', { name: 'Exportar en HTCDS' }).waitFor();
    await page.getByText(/únicamente si ella dio su consentimiento vigente/).waitFor();
    const rows = page.getByRole('checkbox', { name: /^Marcar TP-/ });
    await rows.first().waitFor();
    assert.equal(await rows.count(), 2);
    await rows.first().check();
    await page.getByLabel('Institución destinataria').fill('ONG');
    await page.getByRole('radio', { name: 'JSON' }).check();
    await accessible(page, 'HTCDS export');
    await page.screenshot({ path: join(shots, 'integration-htcds.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar' }).click()]);
    assert.match(download.suggestedFilename(), /^htcds-\d{4}-\d{2}-\d{2}\.json$/);
    const content = readFileSync((await download.path()) ?? '', 'utf8');
    const file = JSON.parse(content) as { records?: unknown[] };
    assert.equal(file.records?.length, 1);
    assert.ok(!/Zenobia|Filomena/.test(content), 'no consent to share with the recipient: no identity leaves');
    await page.getByText(/^Archivo htcds-.*descargado: 1 expedientes\.$/).waitFor();
    const [audited] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'EXPORT_HTCDS'");
    assert.equal(audited?.n, 1);
    await page.context().close();
  }),
);

test('the three screens in English', { timeout: 180_000 }, () =>
  rig.photographFailure('integration-en', async () => {
    const admin = await rig.signedInPage('adminpnp');
    await admin.addInitScript(() => window.localStorage.setItem('enlace.lang', 'en'));
    await admin.goto(`${base}/importaciones/perfiles`);
    await admin.getByRole('heading', { name: 'Mapping profiles' }).waitFor();
    await admin.getByRole('button', { name: 'Start from this one: canonico', exact: true }).waitFor();
    await accessible(admin, 'profiles (en)');
    await admin.goto(`${base}/cuentas/sistemas`);
    await admin.getByRole('heading', { name: 'Connected systems (API clients)' }).waitFor();
    await admin.getByRole('checkbox', { name: 'Push records (records.push)' }).waitFor();
    await accessible(admin, 'API clients (en)');
    await admin.screenshot({ path: join(shots, 'integration-clients-en.png'), fullPage: true });
    await admin.context().close();
    const worker = await rig.signedInPage('policia');
    await worker.addInitScript(() => window.localStorage.setItem('enlace.lang', 'en'));
    await worker.goto(`${base}/exportar/htcds`);
    await worker.getByRole('heading', { name: 'Export as HTCDS' }).waitFor();
    await worker.getByText(/leaves only if she gave her consent, in force/).waitFor();
    await worker.getByRole('checkbox', { name: /^Tick TP-/ }).first().waitFor();
    await accessible(worker, 'HTCDS export (en)');
    await worker.screenshot({ path: join(shots, 'integration-htcds-en.png'), fullPage: true });
    await worker.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
