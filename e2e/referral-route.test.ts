// The referral journey in Chromium: an NGO refers a man rescued from forced labour to the Ministry
// of Women with the referral form on his case file, resting on his recorded written consent to share
// with the Ministry, picked from a list (none is offered for the police, where he gave none; without
// one chosen nothing is sent); the Ministry's worker
// accepts it in her inbox on the follow-up desk; both agencies then see his route — detection,
// the referral and its acceptance, the service he received — on his pages; the police agency,
// which holds nothing of him, sees nothing of it. On his case file, the NGO's worker records a
// service and a risk assessment with the care forms, draws up his reintegration plan with him on
// the plan screen, sends it for validation, and requests, admits and ends a shelter stay. Another
// man's file is closed the four-eyes way: his case worker proposes the closure, the head of her
// unit finds it waiting on her follow-up desk, reads its reason and approves it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../src/server/commands/directory.ts';
import { PASSWORD, recordSharingConsent, sampleRegistration } from '../test/helpers/app.ts';
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
  await createUser(t.db, { unitId: t.units.ong, username: 'jefa', displayName: 'Jefa del centro (sintética)', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  const gestora = await t.signIn('gestora');
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Wilmer', sex: 'HOMBRE', birthDate: '1990-07-07', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(created.statusCode, 201, created.body);
  ({ id: caseId, personId, code: caseCode } = (created.json() as { caseFile: { id: string; personId: string; code: string } }).caseFile);
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' })).statusCode, 200);
  const today = new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/services`, { kind: 'ATENCION_MEDICA', deliveredOn: today, modality: 'PRESENCIAL' })).statusCode, 201);
  // He consented in writing to share his identity, case and plan with the Ministry of Women.
  await recordSharingConsent(gestora, caseId, 'MIMP', ['G1', 'G2', 'G5']);
});

after(async () => {
  await rig?.close();
});

test('referred, accepted in the inbox, one route for both agencies, nothing for a third', { timeout: 180_000 }, () =>
  rig.photographFailure('referral-route', async () => {
    // The NGO's worker refers him from his case file.
    const sender = await rig.signedInPage('gestora');
    await sender.goto(`${rig.base}/expedientes/${caseId}`);
    await settled(sender);
    const referrals = sender.getByRole('region', { name: 'Derivaciones' });
    await referrals.getByRole('button', { name: 'Derivar a otra institución' }).click();
    const form = referrals.getByRole('form', { name: 'Derivaciones' });
    await form.getByLabel('Unidad de destino *').selectOption({ label: 'DIRCTPTIM Lima — Policía Nacional (sintética)' });
    await form.getByLabel('Motivo de la derivación *').selectOption('SERVICIOS_ADICIONALES');
    await form.getByLabel('Urgencia *').selectOption('PRIORITARIA');
    await form.getByRole('checkbox', { name: 'Salud mental / atención psicológica' }).check();
    await form.getByLabel('Base legal para compartir los datos *').selectOption('CONSENTIMIENTO');
    // He gave no consent to share with the police: none is offered, and the form says where to record one.
    await form.getByText(/No hay un consentimiento registrado y vigente para compartir con Policía Nacional \(sintética\)/).waitFor();
    await form.getByLabel('Unidad de destino *').selectOption({ label: 'CEM Chimbote (sintético) — MIMP (sintético)' });
    await form.getByRole('checkbox', { name: 'Identidad y contacto' }).check();
    await form.getByRole('checkbox', { name: 'Plan de reintegración y seguimientos' }).check();
    // Sent without choosing his recorded consent: refused in place, nothing sent.
    await form.getByRole('button', { name: 'Enviar la derivación' }).click();
    await form.getByText(/Elija el consentimiento registrado de la persona/).first().waitFor();
    const recorded = form.getByLabel('Consentimiento registrado *');
    await recorded.locator('option').nth(1).waitFor({ state: 'attached' });
    assert.deepEqual((await recorded.locator('option').allTextContents()).filter(Boolean).map((o) => o.replace(/^\d\d\/\d\d\/\d{4} · /, '')), ['Escrita con firma · La propia persona · datos: G1, G2, G5']);
    await recorded.selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Enviar la derivación' }).click();
    await sender.getByText('Derivación enviada a CEM Chimbote (sintético) (MIMP (sintético)).').waitFor();
    await referrals.getByRole('listitem').filter({ hasText: 'Enviada' }).waitFor();
    await sender.screenshot({ path: join(shots, 'referral-form.png'), fullPage: true });

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

test('his reintegration plan drawn up with him on the plan screen, and a shelter stay from request to exit', { timeout: 180_000 }, () =>
  rig.photographFailure('care-plan', async () => {
    const ngo = await rig.signedInPage('gestora');
    await ngo.goto(`${rig.base}/expedientes/${caseId}`);
    await settled(ngo);
    await ngo.getByRole('link', { name: 'Elaborar el plan' }).click();
    await settled(ngo);
    const form = ngo.getByRole('form', { name: 'Nuevo plan' });
    await form.getByLabel('Participación de la persona').selectOption('ELABORADO_CON_LA_PERSONA');
    const first = form.getByRole('group', { name: 'Objetivo 1' });
    await first.getByLabel('Dimensión').selectOption('DOCUMENTACION_IDENTIDAD');
    await first.getByLabel('Objetivo', { exact: false }).first().fill('Tener su DNI (sintético)');
    await first.getByLabel('Indicador de logro').fill('DNI emitido');
    // Saved without saying who is responsible: refused in place, the summary names the goal and the field.
    await form.getByRole('button', { name: 'Guardar el plan' }).click();
    await form.getByRole('alert').getByRole('link', { name: /Objetivo 1: Entidad responsable/ }).waitFor();
    await first.getByLabel('Entidad responsable').selectOption('RENIEC');
    await form.getByRole('button', { name: 'Añadir un objetivo' }).click();
    const second = form.getByRole('group', { name: 'Objetivo 2' });
    await second.getByLabel('Dimensión').selectOption('EMPLEO_INGRESOS');
    await second.getByLabel('Objetivo', { exact: false }).first().fill('Empleo formal en construcción (sintético)');
    await second.getByLabel('Entidad responsable').selectOption('MTPE');
    await form.getByRole('button', { name: 'Guardar el plan' }).click();
    await ngo.getByText('Plan guardado como borrador.').waitFor();
    const plan = ngo.getByRole('region', { name: 'Plan de reintegración vigente' });
    await plan.getByRole('cell', { name: 'Empleo formal en construcción (sintético)' }).waitFor();
    await plan.getByRole('button', { name: 'Validar con la persona' }).click();
    await ngo.getByText('El plan pasó a «En validación con la persona».').waitFor();
    // Approval is a supervisor's: the case worker sees why she cannot approve it herself.
    assert.equal(await plan.getByRole('button', { name: 'Aprobar (supervisión)' }).isDisabled(), true);
    await plan.getByText(/^Aprobar \(supervisión\): /).waitFor();
    await ngo.screenshot({ path: join(shots, 'care-plan.png'), fullPage: true });

    // Back on his case file: the plan in force, and a shelter stay requested, admitted and ended.
    await ngo.getByRole('link', { name: 'Volver al expediente' }).click();
    await settled(ngo);
    const care = ngo.getByRole('region', { name: 'Atención', exact: true });
    await care.getByRole('region', { name: 'Plan de reintegración vigente' }).getByText('Tener su DNI (sintético)').waitFor();
    const shelter = care.getByRole('region', { name: 'Alojamiento' });
    const request = shelter.getByRole('form', { name: 'Solicitar un alojamiento' });
    await request.getByLabel('Tipo de alojamiento').selectOption('ALBERGUE_ONG');
    await request.getByLabel('Base legal').selectOption('VOLUNTARIO');
    await request.getByRole('button', { name: 'Solicitar un alojamiento' }).click();
    await ngo.getByText('Alojamiento solicitado.').waitFor();
    await shelter.getByRole('button', { name: 'Registrar el ingreso' }).click();
    await ngo.getByText('Alojamiento: Ingreso.').waitFor();
    const next = shelter.getByRole('form', { name: /Siguiente paso del alojamiento/ });
    await next.getByLabel('Paso siguiente').selectOption('EGRESO');
    await next.getByRole('button', { name: 'Registrar el egreso' }).click();
    await next.getByRole('alert').getByText(/Motivo del egreso/).waitFor();
    await next.getByLabel('Motivo del egreso').selectOption('REINTEGRACION_FAMILIAR');
    await next.getByRole('button', { name: 'Registrar el egreso' }).click();
    await ngo.getByText('Alojamiento: Egreso.').waitFor();
    await shelter.getByRole('listitem').filter({ hasText: 'Reintegración familiar' }).waitFor();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('a closure is proposed with its record and approved by the head of the unit; lost contact is refused before the failed attempts', { timeout: 120_000 }, () =>
  rig.photographFailure('closure', async () => {
    const gestora = await rig.t.signIn('gestora');
    const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Yony', sex: 'HOMBRE', birthDate: '1992-05-05', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { caseFile: { id: string } }).caseFile.id;
    for (const [version, to] of [[1, 'ATENCION_INMEDIATA'], [2, 'EN_ATENCION']] as const) assert.equal((await gestora.request('POST', `/api/case-files/${id}/transitions`, { version, to })).statusCode, 200);

    const page = await rig.signedInPage('gestora');
    await page.goto(`${rig.base}/expedientes/${id}`);
    await settled(page);
    // Every move §8.1 gives to case worker + supervisor says it goes for approval; a plain move does not.
    await page.getByRole('button', { name: 'Proponer «En reintegración» (va a aprobación)' }).waitFor();
    await page.getByRole('button', { name: 'Pasar a «Suspendido»' }).waitFor();
    await page.getByRole('button', { name: 'Proponer «Cerrado» (va a aprobación)' }).click();
    const panel = page.getByRole('form', { name: /Cerrado/ });
    await panel.getByLabel('Motivo (obligatorio').fill('Ya no quiere el servicio (sintético)');
    await panel.getByRole('button', { name: 'Enviar el cierre para aprobación' }).click();
    await panel.locator('.field-error').filter({ hasText: 'obligatorio' }).first().waitFor();
    await panel.getByLabel('Motivo del cierre').selectOption('PERDIDA_DE_CONTACTO');
    await panel.getByRole('button', { name: 'Enviar el cierre para aprobación' }).click();
    await panel.getByRole('alert').getByText(/al menos 3 intentos de contacto fallidos/).waitFor();
    await panel.getByLabel('Motivo del cierre').selectOption('DECISION_DE_LA_PERSONA');
    await panel.getByRole('checkbox', { name: 'La persona acepta ser contactada después del cierre' }).check();
    await panel.getByText('Evaluación final por dimensión').click();
    await panel.getByLabel('Empleo, capacitación e ingresos').selectOption('LOGRADO_PARCIALMENTE');
    await panel.getByText(/lo aprueba una jefatura de la unidad distinta de quien lo propone/).waitFor();
    await panel.getByRole('button', { name: 'Enviar el cierre para aprobación' }).click();
    // A proposal: the file stays in care and shows who proposed its closure, waiting for the head of unit.
    await page.getByText('Cierre enviado para la aprobación de la jefatura.').waitFor();
    const lifecycle = page.getByRole('region', { name: 'Estado del expediente' });
    const proposal = lifecycle.getByRole('region', { name: 'Cierre propuesto' });
    await proposal.getByText(/^Cierre propuesto por Gestora de prueba el /).waitFor();
    await proposal.getByText('A la espera de la aprobación de otra jefatura de la unidad.').waitFor();
    assert.equal(await proposal.getByRole('button', { name: 'Aprobar el cierre' }).count(), 0, 'not hers to approve');
    assert.match((await lifecycle.textContent()) ?? '', /Estado actual: En atención/);
    assert.equal(await page.getByRole('button', { name: 'Proponer «Cerrado» (va a aprobación)' }).count(), 0, 'not proposed twice');
    await page.screenshot({ path: join(shots, 'closure-proposed.png'), fullPage: true });

    // The head of the unit signs in: the proposal waits on her follow-up desk, alerted and listed;
    // from there she opens the file, reads the proposer's reason in clear and approves it.
    const head = await rig.signedInPage('jefa');
    await head.goto(`${rig.base}/seguimiento`);
    await settled(head);
    await head.getByRole('region', { name: 'Alertas' }).getByText(/Propuesta que espera su aprobación/).first().waitFor();
    const waiting = head.getByRole('region', { name: 'Propuestas que esperan su decisión' });
    const waitingRow = waiting.getByRole('row').filter({ hasText: 'Gestora de prueba' }).filter({ hasText: 'Cerrado' });
    await waitingRow.waitFor();
    await waitingRow.getByRole('link').click();
    await settled(head);
    const pending = head.getByRole('region', { name: 'Cierre propuesto' });
    await pending.getByText(/Empleo, capacitación e ingresos: Logrado parcialmente/).waitFor();
    await pending.getByText('Ya no quiere el servicio (sintético)', { exact: false }).waitFor();
    await pending.getByRole('button', { name: 'Aprobar el cierre' }).click();
    await head.getByText('Cierre aprobado: el expediente pasó a «Cerrado».').waitFor();
    await head.getByRole('region', { name: 'Estado del expediente' }).getByText(/Cerrado el \d\d\/\d\d\/\d{4}: Decisión de la persona · acepta contacto posterior · aprobado por la jefatura/).waitFor();
    const history = head.getByRole('region', { name: 'Historial de acciones' });
    await history.getByText(/Cerrado el \d\d\/\d\d\/\d{4}: Decisión de la persona/).waitFor();
    await history.getByText('Cierre propuesto, a la espera de aprobación').waitFor();
    await head.screenshot({ path: join(shots, 'closure.png'), fullPage: true });

    await page.reload();
    await settled(page);
    assert.match((await page.getByRole('region', { name: 'Estado del expediente' }).textContent()) ?? '', /Estado actual: Cerrado/);
    assert.equal(await page.getByRole('link', { name: 'Elaborar el plan' }).count(), 0, 'no new plan on a closed file');
    assert.deepEqual(rig.scriptErrors, []);
  }),
);

test('the police record the complaint with the proceeding form and decline a referral with its reason', { timeout: 120_000 }, () =>
  rig.photographFailure('proceeding', async () => {
    const today = new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
    const policia = await rig.t.signIn('policia');
    const created = await policia.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Nilton', sex: 'HOMBRE', birthDate: '1994-01-15', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { caseFile: { id: string } }).caseFile.id;

    const page = await rig.signedInPage('policia');
    await page.goto(`${rig.base}/expedientes/${id}`);
    await settled(page);
    const form = page.getByRole('form', { name: 'Registrar la denuncia o el proceso' });
    await form.waitFor();
    // A later stage is the prosecutor's: the police are offered the complaint only.
    assert.deepEqual(await form.getByLabel('Etapa').locator('option').allTextContents(), ['Denuncia registrada']);
    await form.getByLabel('Número de denuncia policial').fill('RETA-204-2026 (sintético)');
    await form.getByRole('checkbox', { name: 'Reserva de identidad' }).check();
    await form.getByRole('button', { name: 'Registrar la denuncia o el proceso' }).click();
    await page.getByText('Proceso registrado.', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Proceso penal' }).getByRole('listitem').filter({ hasText: 'Denuncia registrada' }).waitFor();

    // The NGO refers another man to the police; the police decline it in their inbox, saying why.
    const gestora = await rig.t.signIn('gestora');
    const other = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Ulises', sex: 'HOMBRE', birthDate: '1979-12-01', documents: [] } }));
    const { id: otherCase, code } = (other.json() as { caseFile: { id: string; code: string } }).caseFile;
    const consentId = await recordSharingConsent(gestora, otherCase, 'PNP', ['G2']);
    const sent = await gestora.request('POST', `/api/case-files/${otherCase}/referrals`, { toUnitId: rig.t.units.pnp, motive: 'DENUNCIA_PENAL', urgency: 'REGULAR', basis: 'CONSENTIMIENTO', consent: { givenOn: today, form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true, consentId }, sharedGroups: ['G2'] });
    assert.equal(sent.statusCode, 201, sent.body);
    await page.goto(`${rig.base}/seguimiento`);
    await settled(page);
    const row = page.getByRole('region', { name: 'Derivaciones recibidas' }).getByRole('row').filter({ hasText: code });
    await row.getByRole('button', { name: 'Rechazar' }).click();
    assert.equal(await row.getByRole('button', { name: 'Confirmar el rechazo' }).isDisabled(), true, 'not without a reason');
    await row.getByLabel('Motivo del rechazo').selectOption('FUERA_DE_COMPETENCIA');
    await row.getByRole('button', { name: 'Confirmar el rechazo' }).click();
    await page.getByText('Derivación rechazada.').waitFor();
    assert.deepEqual(rig.scriptErrors, []);
  }),
);
