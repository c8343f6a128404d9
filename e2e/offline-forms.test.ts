// Dropped connections on the case file's forms (forms/draft.ts, forms/submission.ts): the criminal
// proceeding and a referral, half filled when the connection drops, come back after a reload (the
// app from its service worker, the form from its encrypted draft); sent without a connection, they
// wait on this computer, say so, and go once when the connection returns — one record on the
// server. The referral's message names its destination from what was sent, even though the units
// were not read again. Signing out leaves nothing personal in the browser's storage.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createAgency, createUnit } from '../src/server/commands/directory.ts';
import { sampleRegistration } from '../test/helpers/app.ts';
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
    await form.getByLabel('Forma del consentimiento *').selectOption('ESCRITA_FIRMA');
    await form.getByLabel('Otorgado por *').selectOption('TITULAR');
    await form.getByRole('checkbox', { name: 'El consentimiento nombra a la institución de destino' }).check();
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
