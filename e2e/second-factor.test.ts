// The second factor in the browser: a role that reads personal data must enrol before anything
// else (the secret shown, a first code), and from then on the password is followed by a code.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_SESSION_CONFIG } from '../src/server/auth/sessions.ts';
import { base32Decode, totp } from '../src/server/auth/totp.ts';
import { PASSWORD } from '../test/helpers/app.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false, session: { ...DEFAULT_SESSION_CONFIG, requireSecondFactor: true } });
});
after(async () => {
  await rig?.close();
});

test('enrolment, then the code step at every sign-in', { timeout: 120_000 }, () =>
  rig.photographFailure('second-factor', async () => {
    const page = await rig.newPage();
    const signIn = async () => {
      await page.goto(rig.base);
      await page.getByLabel('Usuario').fill('policia');
      await page.getByLabel('Contraseña').fill(PASSWORD);
      await page.getByRole('button', { name: 'Ingresar' }).click();
    };
    await signIn();
    await page.getByRole('heading', { name: 'Active el segundo factor' }).waitFor();
    assert.equal(await page.getByRole('navigation').count(), 0, 'nothing else is offered before enrolment');
    await page.getByRole('button', { name: 'Obtener la clave secreta' }).click();
    const shown = (await page.locator('.secret code').textContent()) ?? '';
    const key = base32Decode(shown.replace(/\s/g, ''));
    await page.screenshot({ path: join(shots, 'second-factor-enrol.png') });
    await page.getByLabel('Código de seis dígitos').fill('12345');
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.getByRole('alert').getByText('seis dígitos').waitFor();
    await page.getByLabel('Código de seis dígitos').fill(totp(key, Date.now()));
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.getByRole('heading', { name: 'Expedientes' }).waitFor();
    await settled(page);

    // Signed out, then in again: the password alone opens only the code step.
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await signIn();
    await page.getByRole('heading', { name: 'Código de verificación' }).waitFor();
    assert.equal((await page.request.get(`${rig.base}/api/case-files`)).status(), 401, 'the half-open session reads nothing');
    await page.getByLabel('Código de seis dígitos').fill(totp(key, Date.now()) === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.getByRole('alert').waitFor();
    // The enrolment used this time step; the next one is within the accepted drift.
    await page.getByLabel('Código de seis dígitos').fill(totp(key, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.getByRole('heading', { name: 'Expedientes' }).waitFor();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
