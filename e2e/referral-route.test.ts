// The referral journey in Chromium: an NGO refers a man rescued from forced labour to the Ministry
// of Women (the referral is sent through the API: the web form to refer is not built yet); the
// Ministry's worker accepts it in her inbox on the follow-up desk; both agencies then see his
// route — detection, the referral and its acceptance, the service he received — on his pages;
// the police agency, which holds nothing of him, sees nothing of it. On his case file, the NGO's
// worker records a service and a risk assessment with the care forms.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../src/server/commands/directory.ts';
import { PASSWORD, sampleRegistration } from '../test/helpers/app.ts';
import { settled, shots, startBrowserRig, type BrowserRig } from './support.ts';

let rig: BrowserRig;
let caseId: string;
let personId: string;
let caseCode: string;

before(async () => {
  rig = await startBrowserRig({ linkOnArrival: false });
  const { t } = rig;
  const mimp = await createAgency(t.db, { key: 'MIMP', name: 'MIMP (sintético)', orgType: 'GOBIERNO_CENTRAL', entity: 'MIMP' });
  const cemUnit = await createUnit(t.db, { agencyId: mimp, name: 'CEM Chimbote (sintético)', ubigeo: '021801' });
  await createUser(t.db, { unitId: cemUnit, username: 'cem', displayName: 'Profesional CEM', password: PASSWORD, roles: ['MIMP_CEM'], mustChangePassword: false });
  const gestora = await t.signIn('gestora');
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Wilmer', sex: 'HOMBRE', birthDate: '1990-07-07', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(created.statusCode, 201, created.body);
  ({ id: caseId, personId, code: caseCode } = (created.json() as { caseFile: { id: string; personId: string; code: string } }).caseFile);
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' })).statusCode, 200);
  const today = new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/services`, { kind: 'ATENCION_MEDICA', deliveredOn: today, modality: 'PRESENCIAL' })).statusCode, 201);
  const sent = await gestora.request('POST', `/api/case-files/${caseId}/referrals`, {
    toUnitId: cemUnit,
    motive: 'SERVICIOS_ADICIONALES',
    services: ['SALUD_MENTAL_PSICOLOGICA'],
    urgency: 'PRIORITARIA',
    basis: 'CONSENTIMIENTO',
    consent: { givenOn: today, form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true },
    sharedGroups: ['G1', 'G2', 'G5'],
  });
  assert.equal(sent.statusCode, 201, sent.body);
});

after(async () => {
  await rig?.close();
});

test('referred, accepted in the inbox, one route for both agencies, nothing for a third', { timeout: 180_000 }, () =>
  rig.photographFailure('referral-route', async () => {
    // The Ministry's worker accepts it on her follow-up desk.
    const cem = await rig.signedInPage('cem');
    await cem.goto(`${rig.base}/seguimiento`);
    await settled(cem);
    const inbox = cem.getByRole('region', { name: 'Derivaciones recibidas' });
    const row = inbox.getByRole('row').filter({ hasText: caseCode });
    await row.getByRole('button', { name: 'Aceptar' }).click();
    await cem.getByText('Derivación aceptada.').waitFor();

    // Both see his route: on the shared case file for the receiver, on his person page for the sender.
    await cem.goto(`${rig.base}/expedientes/${caseId}`);
    await settled(cem);
    const receiverRoute = cem.getByRole('region', { name: 'Ruta de la persona' });
    await receiverRoute.getByText('Aceptada').waitFor();
    const receiverText = (await receiverRoute.textContent()) ?? '';
    assert.match(receiverText, /Detección/);
    assert.match(receiverText, /Atención médica/);
    await cem.screenshot({ path: join(shots, 'route-receiver.png'), fullPage: true });

    const ngo = await rig.signedInPage('gestora');
    await ngo.goto(`${rig.base}/personas/${personId}`);
    await settled(ngo);
    const senderRoute = ngo.getByRole('region', { name: 'Ruta de la persona' });
    await senderRoute.getByText('Aceptada').waitFor();
    assert.match((await senderRoute.textContent()) ?? '', /Enviada/);
    await ngo.screenshot({ path: join(shots, 'route-sender.png'), fullPage: true });

    // On his case file the worker records a service and his risk at intake, with the same forms as for anyone.
    await ngo.goto(`${rig.base}/expedientes/${caseId}`);
    await settled(ngo);
    const care = ngo.getByRole('region', { name: 'Atención', exact: true });
    await care.getByLabel('Servicio *').selectOption({ label: 'Orientación legal' });
    await care.getByRole('button', { name: 'Registrar el servicio' }).click();
    await care.getByRole('region', { name: 'Servicios brindados' }).getByRole('listitem').filter({ hasText: 'Orientación legal' }).waitFor();
    await care.getByLabel('Tipo de evaluación').selectOption('REVICTIMIZACION');
    await care.getByLabel('Nivel de riesgo *').selectOption('MEDIO');
    await care.getByRole('button', { name: 'Registrar la evaluación' }).click();
    await care.getByRole('region', { name: 'Riesgo actual' }).getByRole('listitem').filter({ hasText: 'Medio' }).waitFor();
    await ngo.screenshot({ path: join(shots, 'care-records.png'), fullPage: true });

    // A third agency: nothing of him, not even that the route exists.
    const police = await rig.signedInPage('policia');
    await police.goto(`${rig.base}/personas/${personId}`);
    await settled(police);
    const policeRoute = police.getByRole('region', { name: 'Ruta de la persona' });
    await policeRoute.getByRole('alert').waitFor();
    assert.doesNotMatch((await policeRoute.textContent()) ?? '', /Aceptada|Derivación:|Atención médica/);
    assert.equal((await police.request.get(`${rig.base}/api/persons/${personId}/route`)).status(), 404);
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
