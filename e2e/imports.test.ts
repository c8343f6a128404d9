// An officer imports a police file in the browser: tries it first (preview of the mapping, the
// rows, the row that would be quarantined), imports it with progress, downloads nothing, and
// corrects the quarantined row, which is then imported. Screenshots go to artifacts/e2e/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PASSWORD, type TestApp } from '../test/helpers/app.ts';
import { shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;
let t: TestApp;
let base: string;

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  ({ t, base } = rig);
});
after(async () => {
  await rig?.close();
});

test('an officer tries a file, imports it, and corrects its quarantined row', { timeout: 180_000 }, () =>
  rig.photographFailure('imports', async () => {
    const sample = readFileSync(new URL('../data/profiles/samples/reta-pnp-SINTETICO.csv', import.meta.url), 'utf8');
    const file = `${sample.trimEnd()}\nD-2024-000999,1,31/02/2024,COMISARIA EJEMPLO A,OPERATIVO,"ROJAS, EVA",F,01/01/1999,,,PERUANA,Puerto Maldonado,EXPLOTACION SEXUAL,SINTÉTICO\n`;
    const page = await rig.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Usuario').fill('policia');
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('link', { name: 'Importar' }).click();
    await page.getByRole('heading', { name: 'Importar archivos de otras instituciones' }).waitFor();
    await page.getByLabel('Archivo').setInputFiles({ name: 'reta-SINTETICO.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByLabel('Perfil de correspondencia').selectOption('reta-pnp-sintetico');
    await page.getByRole('button', { name: 'Probar con este archivo' }).click();
    await page.getByText('Filas leídas: 11; se importarían: 10; a cuarentena: 1').waitFor();
    await page.getByRole('table', { name: 'Correspondencia de columnas' }).waitFor();
    await page.getByRole('table', { name: 'Filas que irían a cuarentena' }).getByText('31/02/2024').first().waitFor();
    assert.equal(await page.locator('tbody tr').count() > 10, true);
    await page.screenshot({ path: join(shots, 'imports-preview.png'), fullPage: true });
    const [before] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
    assert.equal(before?.n, 0, 'trying a file stores nothing');

    await page.getByRole('button', { name: 'Importar', exact: true }).click();
    await page.getByText('Leídas: 11 · importadas: 10 · actualizadas: 0 · sin cambios: 0 · en cuarentena: 1').first().waitFor();
    await page.getByRole('button', { name: 'Revisar cuarentena' }).click();
    await page.getByRole('heading', { name: 'Fila 11 (línea 12)' }).waitFor();
    await page.getByLabel('FECHA DENUNCIA').fill('28/02/2024');
    await page.getByRole('button', { name: 'Volver a enviar' }).click();
    await page.getByText('Fila importada.').waitFor();
    await page.getByText('No quedan filas en cuarentena en esta importación.').waitFor();
    await page.screenshot({ path: join(shots, 'imports-quarantine.png'), fullPage: true });
    const [after] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
    assert.equal(after?.n, 11);
  }),
);
