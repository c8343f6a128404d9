// Dropped connections on the case file's forms (forms/draft.ts, forms/submission.ts): the criminal
// proceeding and a referral, half filled when the connection drops, come back after a reload (the
// app from its service worker, the form from its encrypted draft); sent without a connection, they
// wait on this computer, say so, and go once when the connection returns — one record on the
// server. The referral's message names its destination from what was sent, even though the units
// were not read again. Signing out leaves nothing personal in the browser's storage.
// The outbox (forms/outbox.ts): a submission left waiting goes from whichever screen she is on when
// the connection returns, the header counting what waits and saying when it went; one the server
// refuses comes back to its form with the server's words; signing out (after asking) empties it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createAgency, createUnit, createUser } from '../src/server/commands/directory.ts';
import { PASSWORD, recordSharingConsent, sampleRegistration } from '../test/helpers/app.ts';
import { describeViolations, axeViolations, isBlocking } from './axe.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  const mimp = await createAgency(rig.t.db, { key: 'MIMP', name: 'MIMP (sintético)', orgType: 'GOBIERNO_CENTRAL', entity: 'MIMP' });
  await createUnit(rig.t.db, { agencyId: mimp, name: 'CEM Tambopata (sintético)', ubigeo: '170101' });
});

after(async () => {
  await rig?.close();
});

async function newCaseFile(username: string, givenNames: string): Promise<string> {
  const client = await rig.t.signIn(username);
  const created = await client.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames, sex: 'HOMBRE', birthDate: '1992-03-04', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(created.statusCode, 201, created.body);
  return (created.json() as { caseFile: { id: string } }).caseFile.id;
}

/** The records of this case file on the server: proceedings, referrals, or follow-ups done. */
async function count(what: 'proceedings' | 'referrals' | 'followups done', caseFileId: string): Promise<number> {
  const from = what === 'followups done' ? "followups WHERE state = 'REALIZADO' AND" : `${what} WHERE`;
  const [row] = await rig.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} case_file_id = $1`, [caseFileId]);
  return row?.n ?? 0;
}

const dayInLima = (offset: number) => new Date(Date.now() - 5 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** A new case file of this user's, open in her browser, whose service worker keeps the app from now on. */
async function openNewCaseFile(username: string, givenNames: string): Promise<{ page: Page; caseFileId: string }> {
  const caseFileId = await newCaseFile(username, givenNames);
  const page = await rig.signedInPage(username);
  await page.goto(`${rig.base}/expedientes/${caseFileId}`);
  await settled(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  return { page, caseFileId };
}

const draftKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('enlace.draft.')));

/** Reload without a connection (the app comes from the service worker and waits), then the connection returns. */
async function reloadOfflineThenReconnect(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Sin conexión' }).waitFor();
  await page.context().setOffline(false);
  await settled(page);
}

async function noBlockingViolations(page: Page, where: string): Promise<void> {
  const blocking = (await axeViolations(page)).filter(isBlocking);
  assert.deepEqual(blocking, [], describeViolations(where, blocking));
}

test('the proceeding: half filled, survives an offline reload; sent offline, it waits and goes once when the connection returns', { timeout: 150_000 }, () =>
  rig.photographFailure('offline-proceeding', async () => {
    const { page, caseFileId } = await openNewCaseFile('policia', 'Teodoro');

    let form = page.getByRole('form', { name: 'Registrar la denuncia o el proceso' });
    await form.getByLabel('Número de denuncia policial').fill('PTO-771-2026 (sintético)');
    await form.getByRole('status').getByText('Borrador guardado en este equipo, cifrado').waitFor();
    const stored = await page.evaluate((id) => localStorage.getItem(`enlace.draft.proceeding:${id}`) ?? '', caseFileId);
    assert.ok(stored.length > 50, 'the draft is kept');
    assert.doesNotMatch(stored, /PTO-771/, 'encrypted');

    // The connection drops and the page is reloaded: once it is back, so is the form.
    await reloadOfflineThenReconnect(page);
    form = page.getByRole('form', { name: 'Registrar la denuncia o el proceso' });
    await form.getByRole('status').getByText('Se recuperó el borrador').waitFor();
    assert.equal(await form.getByLabel('Número de denuncia policial').inputValue(), 'PTO-771-2026 (sintético)');

    // Sent without a connection: kept, said so, nothing on the server; a reload changes nothing.
    await page.context().setOffline(true);
    await form.getByRole('checkbox', { name: 'Reserva de identidad' }).check();
    await form.getByRole('button', { name: 'Registrar la denuncia o el proceso' }).click();
    await form.getByRole('status').getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await form.getByRole('button', { name: 'Enviar ahora' }).waitFor();
    await noBlockingViolations(page, 'proceeding queued');
    await page.screenshot({ path: join(shots, 'offline-proceeding-queued.png'), fullPage: true });
    assert.equal(await count('proceedings', caseFileId), 0);
    await page.reload();
    await page.getByRole('heading', { name: 'Sin conexión' }).waitFor();
    assert.equal(await count('proceedings', caseFileId), 0, 'nothing reached the server yet');
    await page.context().setOffline(false);

    await page.getByText('Proceso registrado.', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Proceso penal' }).getByRole('listitem').filter({ hasText: 'Denuncia registrada' }).waitFor();
    assert.equal(await count('proceedings', caseFileId), 1, 'exactly one proceeding');
    assert.deepEqual(await draftKeys(page), [], 'the sent draft is gone');
    await page.waitForTimeout(1500);
    assert.equal(await count('proceedings', caseFileId), 1, 'nothing sent again');

    // Correcting the person's data goes through the same hooks: unchanged is refused in place, a change is saved once.
    await page.getByRole('button', { name: 'Corregir datos de la persona' }).click();
    const edit = page.getByRole('region', { name: 'Corregir los datos de la persona' });
    await edit.getByRole('button', { name: 'Guardar cambios' }).click();
    await edit.getByRole('alert').getByText('No ha cambiado ningún dato.').waitFor();
    await edit.getByLabel('Nombres', { exact: true }).fill('Teodoro Amadeo');
    await edit.getByRole('status').getByText('Borrador guardado').waitFor();
    // A reload reopens the correction where she left it.
    await page.reload();
    await settled(page);
    await edit.getByRole('status').getByText('Se recuperó el borrador').waitFor();
    assert.equal(await edit.getByLabel('Nombres', { exact: true }).inputValue(), 'Teodoro Amadeo');
    await edit.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByText('Datos de la persona guardados.').waitFor();
    assert.deepEqual(await draftKeys(page), []);
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('a referral: restored after a reload, sent offline, delivered once with its destination named; sign-out leaves nothing', { timeout: 150_000 }, () =>
  rig.photographFailure('offline-referral', async () => {
    const { page, caseFileId } = await openNewCaseFile('gestora', 'Saturnino');
    // He consented in writing to share his case with the Ministry of Women: the referral rests on it.
    await recordSharingConsent(await rig.t.signIn('gestora'), caseFileId, 'MIMP', ['G2']);

    const referrals = page.getByRole('region', { name: 'Derivaciones' });
    await referrals.getByRole('button', { name: 'Derivar a otra institución' }).click();
    let form = referrals.getByRole('form', { name: 'Derivaciones' });
    await form.getByLabel('Unidad de destino *').selectOption({ label: 'CEM Tambopata (sintético) — MIMP (sintético)' });
    await form.getByLabel('Motivo de la derivación *').selectOption('SERVICIOS_ADICIONALES');
    await form.getByLabel('Urgencia *').selectOption('PRIORITARIA');
    await form.getByRole('status').getByText('Borrador guardado en este equipo, cifrado').waitFor();

    // Reloaded after the connection dropped: the form opens by itself, as she left it.
    await reloadOfflineThenReconnect(page);
    form = page.getByRole('region', { name: 'Derivaciones' }).getByRole('form', { name: 'Derivaciones' });
    await form.getByRole('status').getByText('Se recuperó el borrador').waitFor();
    assert.equal(await form.getByLabel('Urgencia *').inputValue(), 'PRIORITARIA');

    await form.getByLabel('Base legal para compartir los datos *').selectOption('CONSENTIMIENTO');
    await form.getByLabel('Consentimiento registrado *').selectOption({ index: 1 });
    await page.context().setOffline(true);
    await form.getByRole('button', { name: 'Enviar la derivación' }).click();
    await form.getByRole('status').getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await noBlockingViolations(page, 'referral queued');
    assert.equal(await count('referrals', caseFileId), 0);

    // Reloaded offline, then the connection returns: sent once, its destination named from what was sent.
    await page.reload();
    await page.getByRole('heading', { name: 'Sin conexión' }).waitFor();
    await page.context().setOffline(false);
    await page.getByText('Derivación enviada a CEM Tambopata (sintético) (MIMP (sintético)).').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'offline-referral-sent.png'), fullPage: true });
    assert.equal(await count('referrals', caseFileId), 1, 'exactly one referral');
    assert.deepEqual(await draftKeys(page), []);

    // A draft left half filled (a shelter stay) goes with the sign-out, and nothing personal stays.
    const stay = page.getByRole('form', { name: 'Solicitar un alojamiento' });
    await stay.getByLabel('Observaciones (nunca la dirección)').fill('Prefiere un lugar cerca de su hermana (sintético)');
    await stay.getByRole('status').getByText('Borrador guardado').waitFor();
    assert.equal((await draftKeys(page)).length, 1);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    const left = await page.evaluate(async () => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage), databases: (await indexedDB.databases()).map((d) => d.name) }));
    assert.deepEqual(left.session, []);
    assert.deepEqual(left.databases, [], 'no IndexedDB database');
    assert.ok(left.local.every((key) => key === 'enlace.lang'), `only the language choice in local storage: ${left.local.join(', ')}`);
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('a follow-up: scheduled, its record half filled survives a reload, sent offline, recorded once when the connection returns', { timeout: 150_000 }, () =>
  rig.photographFailure('offline-followup', async () => {
    const { page, caseFileId } = await openNewCaseFile('gestora', 'Eusebio');

    const followUps = page.getByRole('region', { name: 'Seguimientos' });
    const schedule = followUps.getByRole('form', { name: 'Programar el seguimiento' });
    await schedule.getByLabel('Fecha del seguimiento').fill(dayInLima(0));
    await schedule.getByLabel('Modalidad').selectOption('TELEFONICA');
    await schedule.getByRole('button', { name: 'Programar el seguimiento' }).click();
    await page.getByText(/Seguimiento programado para el/).waitFor();

    const record = followUps.getByRole('form', { name: /Registrar el seguimiento del/ });
    await record.getByLabel('Acuerdos').fill('Volver a llamar el lunes (sintético)');
    await record.getByLabel('Riesgo de volver a ser captada o captado').selectOption('BAJO');
    await record.getByLabel('Próximo seguimiento').fill(dayInLima(7));
    await record.getByRole('status').getByText('Borrador guardado').waitFor();
    await page.reload();
    await settled(page);
    await record.getByRole('status').getByText('Se recuperó el borrador').waitFor();
    assert.equal(await record.getByLabel('Acuerdos').inputValue(), 'Volver a llamar el lunes (sintético)');

    await page.context().setOffline(true);
    await record.getByRole('button', { name: 'Registrar el seguimiento' }).click();
    await record.getByRole('status').getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await noBlockingViolations(page, 'follow-up queued');
    await page.reload();
    await page.getByRole('heading', { name: 'Sin conexión' }).waitFor();
    assert.equal(await count('followups done', caseFileId), 0);
    await page.context().setOffline(false);
    await page.getByText('Seguimiento registrado.').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'offline-followup-sent.png'), fullPage: true });
    assert.equal(await count('followups done', caseFileId), 1, 'recorded once');
    assert.deepEqual(await draftKeys(page), []);
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('the outbox: a proceeding sent offline goes from another screen when the connection returns, counted in the header, once', { timeout: 150_000 }, () =>
  rig.photographFailure('outbox-elsewhere', async () => {
    const { page, caseFileId } = await openNewCaseFile('policia', 'Anselmo');
    const outbox = page.getByRole('banner').getByRole('status');

    const form = page.getByRole('form', { name: 'Registrar la denuncia o el proceso' });
    await form.getByLabel('Número de denuncia policial').fill('PTO-912-2026 (sintético)');
    await page.context().setOffline(true);
    await form.getByRole('button', { name: 'Registrar la denuncia o el proceso' }).click();
    await form.getByRole('status').getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await outbox.getByText('1 registro por enviar', { exact: true }).waitFor();
    await page.getByRole('banner').getByText('Ver envíos').click();
    await page.getByRole('banner').getByText(/^Proceso penal: enviado por usted el \d{2}\/\d{2}\/\d{4}/).waitFor();
    await noBlockingViolations(page, 'outbox open in the header');
    await page.screenshot({ path: join(shots, 'outbox-waiting.png'), fullPage: true });

    // Elsewhere in the app, still offline: nothing sent; then the connection returns.
    await page.getByRole('banner').getByRole('link', { name: 'Expedientes', exact: true }).click();
    await page.waitForURL(`${rig.base}/expedientes`);
    assert.equal(await count('proceedings', caseFileId), 0);
    await page.context().setOffline(false);
    await outbox.getByText(/^Enviado a las /).waitFor({ timeout: 30_000 });
    await page.getByRole('banner').getByText(/^Proceso penal: llegó al servidor el /).waitFor();
    assert.equal(await count('proceedings', caseFileId), 1, 'exactly one proceeding');
    assert.deepEqual(await draftKeys(page), [], 'nothing left waiting');
    await page.waitForTimeout(1500);
    assert.equal(await count('proceedings', caseFileId), 1, 'nothing sent again');
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('the outbox: a profile refused by the server (its id taken meanwhile) goes back to its form with the reason, not dropped', { timeout: 180_000 }, () =>
  rig.photographFailure('outbox-refused', async () => {
    const page = await rig.signedInPage('adminpnp');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${rig.base}/importaciones/perfiles`);
    await settled(page);
    await page.getByRole('button', { name: 'Partir de este: canonico', exact: true }).click();
    const profile = { ...(JSON.parse(await page.getByLabel('Perfil (JSON)').inputValue()) as Record<string, unknown>), id: 'perfil-en-espera' };
    const text = JSON.stringify(profile, null, 2);
    await page.getByLabel('Perfil (JSON)').fill(text);
    const sample = readFileSync(new URL('../data/profiles/samples/canonico-SINTETICO.csv', import.meta.url));
    await page.getByLabel('Archivo de muestra').setInputFiles({ name: 'canonico-SINTETICO.csv', mimeType: 'text/csv', buffer: sample });
    await page.getByRole('button', { name: 'Probar con la muestra' }).click();
    await page.getByText(/^Perfil válido\. Filas leídas: \d+/).waitFor();

    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Guardar perfil' }).click();
    await page.getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Cuentas', exact: true }).click();
    await page.waitForURL(`${rig.base}/cuentas`);
    // Meanwhile, from another computer, the same id is saved: the waiting save will be refused.
    const elsewhere = await rig.t.signIn('adminpnp');
    assert.equal((await elsewhere.request('POST', '/api/import-profiles', { profile })).statusCode, 201);
    await page.context().setOffline(false);

    const outbox = page.getByRole('banner').getByRole('status');
    await outbox.getByText('1 registro rechazado: revíselo', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal((await draftKeys(page)).length, 1, 'the refused submission is kept');
    await page.getByRole('banner').getByText('Ver envíos').click();
    await page.getByRole('banner').getByRole('link', { name: 'Abrir' }).click();
    await page.waitForURL(`${rig.base}/importaciones/perfiles`);
    await page.getByRole('alert').getByText('Ya existe un perfil con el identificador «perfil-en-espera».').waitFor();
    assert.equal(await page.getByLabel('Perfil (JSON)').inputValue(), text, 'what she wrote is back in the form');
    await noBlockingViolations(page, 'profile refused');
    await page.screenshot({ path: join(shots, 'outbox-refused.png'), fullPage: true });

    // She drops it: the outbox is empty.
    await page.getByRole('button', { name: 'Descartar el borrador' }).click();
    await outbox.getByText(/rechazado/).waitFor({ state: 'detached' });
    assert.deepEqual(await draftKeys(page), []);
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('the outbox: an account\'s roles changed offline wait; signing out asks, then empties the outbox and nothing is sent', { timeout: 150_000 }, () =>
  rig.photographFailure('outbox-sign-out', async () => {
    await createUser(rig.t.db, { unitId: rig.t.units.pnp, username: 'rotativa', displayName: 'Agente rotativa (sintética)', password: PASSWORD, roles: ['PNP_REGISTRO'], mustChangePassword: false });
    const page = await rig.signedInPage('adminpnp');
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.goto(`${rig.base}/cuentas`);
    await settled(page);
    await page.getByRole('button', { name: 'Cambiar roles de rotativa' }).click();
    await page.context().setOffline(true);
    await page.getByRole('group', { name: 'Roles de rotativa' }).getByLabel('Jefatura de unidad').check();
    await page.getByRole('button', { name: 'Guardar roles' }).click();
    await page.getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await page.getByRole('banner').getByRole('status').getByText('1 registro por enviar', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    assert.match(asked.join(' '), /Hay 1 registro sin enviar en este equipo/);
    const left = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(left.every((key) => key === 'enlace.lang'), `only the language choice in local storage: ${left.join(', ')}`);
    await page.context().setOffline(false);
    await page.waitForTimeout(2000);
    const [row] = await rig.t.db.query<{ roles: string[] }>("SELECT roles FROM users WHERE username = 'rotativa'");
    assert.deepEqual(row?.roles, ['PNP_REGISTRO'], 'nothing was sent');
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('the outbox: a new API client created offline is sent from elsewhere; its secret, shown once, waits for its screen', { timeout: 150_000 }, () =>
  rig.photographFailure('outbox-answer', async () => {
    const page = await rig.signedInPage('adminpnp');
    await page.goto(`${rig.base}/cuentas/sistemas`);
    await settled(page);
    await page.getByLabel('Nombre del sistema').fill('SIDPOL en espera (sintético)');
    await page.getByRole('checkbox', { name: 'PNP – investigación (DIRCTPTIM)' }).check();
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Crear cliente' }).click();
    await page.getByText('Sin conexión: el registro quedó guardado en este equipo').waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Cuentas', exact: true }).click();
    await page.waitForURL(`${rig.base}/cuentas`);
    await page.context().setOffline(false);

    const outbox = page.getByRole('banner').getByRole('status');
    await outbox.getByText('1 registro enviado con una respuesta por ver', { exact: true }).waitFor({ timeout: 30_000 });
    const clients = () => rig.t.db.query<{ id: string }>("SELECT id FROM api_clients WHERE name = 'SIDPOL en espera (sintético)'");
    assert.equal((await clients()).length, 1, 'created once');
    await page.getByRole('banner').getByText('Ver envíos').click();
    await page.getByRole('banner').getByRole('link', { name: 'Abrir' }).click();
    // Asked again with the same key: the server answers as the first time, secret included, and creates nothing.
    await page.getByRole('heading', { name: 'Cliente creado: copie el secreto ahora' }).waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('client-secret').textContent()) ?? '', /\S{20,}/);
    assert.equal((await clients()).length, 1, 'still one client');
    await outbox.getByText(/respuesta por ver/).waitFor({ state: 'detached' });
    assert.deepEqual(await draftKeys(page), []);
    await page.context().close();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
