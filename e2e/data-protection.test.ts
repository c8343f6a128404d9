// Data protection in the browser: the officer breaks the glass with a reason and sees the time
// left; the holding agency sees who went in and why on the case file; a case worker records the
// person's consent there; a consent to a public image waits for the head of unit, who co-signs it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createUser } from '../src/server/commands/directory.ts';
import { PASSWORD, sampleRegistration } from '../test/helpers/app.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;
let caseId = '';
const REASON = 'riesgo vital: la persona fue reportada desaparecida hoy (sintético)';

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  await createUser(rig.t.db, { unitId: rig.t.units.ong, username: 'oficial', displayName: 'Oficial de datos (sintética)', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  await createUser(rig.t.db, { unitId: rig.t.units.pnp, username: 'saliente', displayName: 'Agente saliente (sintético)', password: PASSWORD, roles: ['PNP_REGISTRO'], mustChangePassword: false });
  await createUser(rig.t.db, { unitId: rig.t.units.pnp, username: 'jefa', displayName: 'Jefa de unidad (sintética)', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  const police = await rig.t.signIn('policia');
  const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Florentina', documents: [] } }));
  assert.equal(res.statusCode, 201, res.body);
  caseId = (res.json() as { caseFile: { id: string } }).caseFile.id;
});
after(async () => {
  await rig?.close();
});

test('break the glass with a reason and a countdown; the owner sees it; a consent is recorded on the case file', { timeout: 150_000 }, () =>
  rig.photographFailure('data-protection', async () => {
    const officer = await rig.signedInPage('oficial');
    await officer.goto(`${rig.base}/proteccion-datos`);
    await settled(officer);
    const open = officer.getByRole('button', { name: 'Abrir con este motivo' });
    await officer.getByLabel('Identificador del expediente').fill(caseId);
    await officer.getByLabel('Motivo (al menos 20 caracteres)').fill('muy corto');
    assert.equal(await open.isDisabled(), true, 'a reason under 20 characters is not accepted');
    await officer.getByLabel('Motivo (al menos 20 caracteres)').fill(REASON);
    await open.click();
    await officer.getByText('Acceso abierto hasta').waitFor();
    const left = (await officer.locator('[role=status] time').textContent()) ?? '';
    assert.match(left, /^(2:5\d|3:00):\d\d$/, `about three hours left: ${left}`);
    await officer.screenshot({ path: join(shots, 'break-glass.png') });
    await officer.getByRole('link', { name: 'Ir al expediente' }).click();
    await officer.getByRole('heading', { name: /Expediente TP-/ }).waitFor();
    assert.equal(await officer.getByRole('heading', { name: 'Consentimientos de la persona' }).count(), 0, 'the officer reads the case, not the consents');

    // The audit search finds her emergency access, and the search itself is recorded.
    await officer.getByRole('link', { name: 'Auditoría' }).click();
    await officer.getByRole('heading', { name: 'Auditoría de accesos' }).waitFor();
    await officer.getByLabel('Acción').selectOption('BREAK_GLASS');
    await officer.getByRole('button', { name: 'Buscar' }).click();
    await officer.getByRole('cell', { name: REASON }).waitFor();
    await officer.screenshot({ path: join(shots, 'audit-search.png'), fullPage: true });
    await officer.context().close();

    const owner = await rig.signedInPage('policia');
    await owner.goto(`${rig.base}/expedientes/${caseId}`);
    await settled(owner);
    const sharing = owner.locator('section[aria-labelledby="shared-access-title"]');
    await sharing.getByText('Acceso de emergencia').waitFor();
    await sharing.getByText(REASON).waitFor();

    await owner.getByRole('button', { name: 'Registrar consentimiento' }).click();
    for (const item of ['La finalidad', 'Los usos actuales y posibles', 'Cómo retirar el consentimiento']) await owner.getByLabel(item).check();
    await owner.getByRole('button', { name: 'Guardar consentimiento' }).click();
    await owner.getByText(/Atención y servicios.*vigente/).waitFor();
    await owner.screenshot({ path: join(shots, 'consents.png'), fullPage: true });

    // A public image waits for the head of unit's signature: the case worker is not offered it.
    await owner.getByRole('button', { name: 'Registrar consentimiento' }).click();
    await owner.locator('#consent-purpose').selectOption('IMAGEN_O_TESTIMONIO_PUBLICO');
    for (const item of ['La finalidad', 'Los usos actuales y posibles', 'Cómo retirar el consentimiento']) await owner.getByLabel(item).check();
    await owner.getByRole('button', { name: 'Guardar consentimiento' }).click();
    await owner.getByText(/Imagen o testimonio público.*pendiente de la firma de la jefatura/).waitFor();
    assert.equal(await owner.getByRole('button', { name: 'Firmar como jefatura' }).count(), 0);
    await owner.context().close();
    const head = await rig.signedInPage('jefa');
    await head.goto(`${rig.base}/expedientes/${caseId}`);
    await settled(head);
    await head.getByRole('button', { name: 'Firmar como jefatura' }).click();
    await head.getByText(/Imagen o testimonio público.*vigente/).waitFor();
    await head.getByText(/Firmado por la jefatura: jefa/).waitFor();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('an administrator changes an account\'s roles and blocks it; her own account offers no change', { timeout: 120_000 }, () =>
  rig.photographFailure('accounts', async () => {
    const admin = await rig.signedInPage('adminpnp');
    await admin.goto(`${rig.base}/expedientes`);
    await settled(admin);
    await admin.getByRole('link', { name: 'Cuentas' }).click();
    await admin.getByRole('heading', { name: 'Cuentas y roles' }).waitFor();
    const own = admin.getByRole('row', { name: /adminpnp/ });
    await own.getByText('Su cuenta').waitFor();
    assert.equal(await own.getByRole('button').count(), 0, 'no change offered on her own account');

    await admin.getByRole('button', { name: 'Cambiar roles de saliente' }).click();
    await admin.getByRole('group', { name: 'Roles de saliente' }).getByLabel('Jefatura de unidad').check();
    await admin.getByRole('button', { name: 'Guardar roles' }).click();
    await admin.getByRole('row', { name: /saliente/ }).getByText('PNP – registro (comisaría), Jefatura de unidad').waitFor();
    await admin.getByRole('button', { name: 'Bloquear la cuenta saliente' }).click();
    await admin.getByRole('row', { name: /saliente/ }).getByText('Bloqueada').waitFor();
    await admin.screenshot({ path: join(shots, 'accounts.png'), fullPage: true });
    const [row] = await rig.t.db.query<{ roles: string[]; active: boolean }>('SELECT roles, active FROM users WHERE username = $1', ['saliente']);
    assert.deepEqual(row, { roles: ['PNP_REGISTRO', 'SUPERVISOR'], active: false });
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
