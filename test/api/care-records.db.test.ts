// Services, risk assessments, shelter stays and the criminal proceeding over the API, and the rules
// of the case lifecycle that depend on them (§8.1): a transgender man exploited in a textile
// workshop and a boy of 15 are the people here — no form assumes a girl or sexual exploitation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { closeCaseFile, PASSWORD, supervisedMove, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let clock = new Date('2026-11-02T15:00:00.000Z');
let gestora: Client;
let supervisora: Client;
let policia: Client;
let fiscal: Client;
let albergue: Client;
let shelterId: string;
let caseId: string;
let caseVersion = 0;

const registration = sampleRegistration({
  person: { givenNames: 'Luis Ángel', sex: 'MUJER', genderIdentity: 'HOMBRE_TRANS', birthDate: '1996-01-20', documents: [] },
  caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'], meansOfControl: ['SERVIDUMBRE_POR_DEUDAS'] },
});

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => clock });
  const mp = await createAgency(t.db, { key: 'MP', name: 'Ministerio Público (sintético)', orgType: 'FISCALIA', entity: 'MP' });
  const fiscalia = await createUnit(t.db, { agencyId: mp, name: 'Fiscalía de Trata Lima (sintética)', ubigeo: '150101' });
  await createUser(t.db, { unitId: fiscalia, username: 'fiscal', displayName: 'Fiscal', password: PASSWORD, roles: ['FISCAL'], mustChangePassword: false });
  await createUser(t.db, { unitId: fiscalia, username: 'albergue.mp', displayName: 'Alojamiento temporal MP', password: PASSWORD, roles: ['ALBERGUE'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.ong, username: 'supervisora', displayName: 'Supervisora ONG', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  shelterId = await createUnit(t.db, { agencyId: t.agencies.ong, name: 'Casa de acogida (sintética)', ubigeo: '150101', isShelter: true });
  await t.db.query('UPDATE units SET shelter_capacity = 1 WHERE id = $1', [shelterId]);
  gestora = await t.signIn('gestora');
  supervisora = await t.signIn('supervisora');
  policia = await t.signIn('policia');
  fiscal = await t.signIn('fiscal');
  albergue = await t.signIn('albergue.mp');
  const created = await gestora.request('POST', '/api/case-files', registration);
  assert.equal(created.statusCode, 201, created.body);
  caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
  await move('ATENCION_INMEDIATA');
  await move('EN_ATENCION');
});

after(async () => t.close());

async function move(to: string, reason?: string, expected = 200, extra: Record<string, unknown> = {}) {
  const res = await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version: caseVersion + 1, to, ...(reason ? { reason } : {}), ...extra });
  assert.equal(res.statusCode, expected, res.body);
  if (res.statusCode === 200) caseVersion += 1;
  return res;
}

test('services delivered: recorded with provider and funding, listed, refused when invalid, unseen by another agency', async () => {
  const ok = await gestora.request('POST', `/api/case-files/${caseId}/services`, { kind: 'INTERMEDIACION_LABORAL', deliveredOn: '2026-11-02', modality: 'PRESENCIAL', durationMinutes: 60, provider: 'Centro de empleo (sintético)', fundingSource: 'GOBIERNO_REGIONAL' });
  assert.equal(ok.statusCode, 201, ok.body);
  const bad = await gestora.request('POST', `/api/case-files/${caseId}/services`, { kind: 'MASAJES', deliveredOn: '2026-12-02', modality: 'PRESENCIAL' });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual((bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort(), ['deliveredOn', 'kind']);
  const list = (await gestora.request('GET', `/api/case-files/${caseId}/services`)).json() as { items: { kind: string; content: { fundingSource: string } }[] };
  assert.deepEqual(list.items.map((s) => [s.kind, s.content.fundingSource]), [['INTERMEDIACION_LABORAL', 'GOBIERNO_REGIONAL']]);
  assert.equal((await policia.request('GET', `/api/case-files/${caseId}/services`)).statusCode, 404);
});

test('risk at intake feeds the plan: a high re-trafficking risk needs a safety goal; the next contact comes by the review', async () => {
  const noPlan = await gestora.request('POST', `/api/case-files/${caseId}/risk-assessments`, { kind: 'SEGURIDAD', occasion: 'INGRESO', level: 'ALTO', assessedOn: '2026-11-02' });
  assert.equal(noPlan.statusCode, 422);
  assert.match((noPlan.json() as { title: string }).title, /plan de seguridad/);
  const late = await gestora.request('POST', `/api/case-files/${caseId}/risk-assessments`, { kind: 'REVICTIMIZACION', occasion: 'INGRESO', level: 'ALTO', assessedOn: '2026-11-02', nextReviewOn: '2026-12-30' });
  assert.equal(late.statusCode, 422, 'a high risk is reviewed within 14 days');
  const risk = await gestora.request('POST', `/api/case-files/${caseId}/risk-assessments`, {
    kind: 'REVICTIMIZACION',
    occasion: 'INGRESO',
    level: 'ALTO',
    assessedOn: '2026-11-02',
    factors: [{ factor: 'DEUDAS', value: 'SI' }, { factor: 'DISCRIMINACION', value: 'SI' }, { factor: 'ORIENTACION_IDENTIDAD_EXPUESTA', value: 'NO_RESPONDE' }],
  });
  assert.equal(risk.statusCode, 201, risk.body);
  assert.equal((risk.json() as { nextReviewOn: string }).nextReviewOn, '2026-11-16');

  const plan = await gestora.request('POST', `/api/case-files/${caseId}/plans`, { participation: 'ELABORADO_CON_LA_PERSONA', goals: [{ dimension: 'EMPLEO_INGRESOS', objective: 'Empleo formal en confección', responsibleEntity: 'MTPE' }] });
  assert.equal(plan.statusCode, 201, plan.body);
  const { id: planId, content } = (plan.json() as { plan: { id: string; content: { goals: { id: string; dimension: string; objective: string; responsibleEntity: string }[] } } }).plan;
  const refused = await gestora.request('POST', `/api/plans/${planId}/transitions`, { version: 1, to: 'EN_VALIDACION_CON_LA_PERSONA' });
  assert.equal(refused.statusCode, 422);
  assert.match((refused.json() as { title: string }).title, /seguridad y protección/);
  const goals = [...content.goals, { dimension: 'SEGURIDAD_PROTECCION', objective: 'Plan de seguridad frente al taller', responsibleEntity: 'MININTER' }];
  assert.equal((await gestora.request('PUT', `/api/plans/${planId}`, { version: 1, content: { participation: 'ELABORADO_CON_LA_PERSONA', goals } })).statusCode, 200);
  assert.equal((await gestora.request('POST', `/api/plans/${planId}/transitions`, { version: 2, to: 'EN_VALIDACION_CON_LA_PERSONA' })).statusCode, 200);

  // In reintegration only with the plan approved.
  await move('EN_REINTEGRACION', undefined, 422);
  assert.equal((await supervisora.request('POST', `/api/plans/${planId}/transitions`, { version: 3, to: 'APROBADO' })).statusCode, 200);
  // Reintegration takes four eyes (§8.1): the case worker proposes, a supervisor of the unit approves.
  const approved = await supervisedMove(gestora, supervisora, caseId, caseVersion + 1, { to: 'EN_REINTEGRACION' });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal((approved.json() as { caseFile: { state: string } }).caseFile.state, 'EN_REINTEGRACION');
  caseVersion += 2;
  // Monthly in reintegration, but the risk review on the 16th comes first.
  const suggested = ((await gestora.request('GET', `/api/case-files/${caseId}/followups`)).json() as { suggestedNextDueOn: string }).suggestedNextDueOn;
  assert.equal(suggested, '2026-11-16');
  // Follow-up only: with most goals achieved, or the person's decision as the reason.
  await move('EN_SEGUIMIENTO', undefined, 422);
  await move('EN_SEGUIMIENTO', 'La persona decide pasar a seguimiento (sintético)');
  const current = ((await gestora.request('GET', `/api/case-files/${caseId}/risk-assessments`)).json() as { current: { kind: string; level: string }[] }).current;
  assert.deepEqual(current.map((r) => [r.kind, r.level]), [['REVICTIMIZACION', 'ALTO']]);
});

test('shelter stays: admitted while there is room, full then, the file not closed while the person stays', async () => {
  const request = async () => {
    const res = await gestora.request('POST', `/api/case-files/${caseId}/shelter-stays`, { kind: 'ALBERGUE_ONG', shelterUnitId: shelterId, legalBasis: 'VOLUNTARIO' });
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { stay: { id: string } }).stay.id;
  };
  const first = await request();
  const second = await request();
  assert.equal((await gestora.request('POST', `/api/shelter-stays/${first}/transitions`, { version: 1, to: 'INGRESO', on: '2026-11-02' })).statusCode, 200);
  const full = await gestora.request('POST', `/api/shelter-stays/${second}/transitions`, { version: 1, to: 'INGRESO', on: '2026-11-02' });
  assert.equal(full.statusCode, 422);
  assert.match((full.json() as { title: string }).title, /completo/);
  const shelters = ((await gestora.request('GET', '/api/shelters')).json() as { items: { id: string; capacity: number; occupancy: number; free: number }[] }).items;
  assert.deepEqual(shelters.find((s) => s.id === shelterId), { id: shelterId, name: 'Casa de acogida (sintética)', agency: (shelters.find((s) => s.id === shelterId) as unknown as { agency: string }).agency, capacity: 1, occupancy: 1, free: 0 });
  assert.equal((await policia.request('GET', `/api/case-files/${caseId}/shelter-stays`)).statusCode, 404, 'where a person is lodged stays within her agency');

  const closing = await move('CERRADO', 'Decisión de la persona (sintético)', 422);
  assert.deepEqual((closing.json() as { errors: { key?: string; path: string; message: string }[] }).errors.map((e) => e.message).filter((m) => /alojamiento/.test(m)).length, 1);
  const noReason = await gestora.request('POST', `/api/shelter-stays/${first}/transitions`, { version: 2, to: 'EGRESO', on: '2026-11-03' });
  assert.equal(noReason.statusCode, 422, 'an exit says why');
  clock = new Date('2026-11-03T15:00:00.000Z');
  const alerts = async (c: Client) => ((await c.request('GET', '/api/alerts')).json() as { items: { kind: string; entityId: string }[] }).items.filter((a) => a.kind === 'SHELTER_SAFETY_EXIT');
  assert.equal((await gestora.request('POST', `/api/shelter-stays/${first}/transitions`, { version: 2, to: 'EGRESO', on: '2026-11-03', exitReason: 'EVASION' })).statusCode, 200);
  assert.equal((await gestora.request('POST', `/api/shelter-stays/${second}/transitions`, { version: 1, to: 'EGRESO', on: '2026-11-03', exitReason: 'OTRO' })).statusCode, 200);
  // Absconding alerts the case team (§8.5), not another agency; an ordinary exit alerts no one.
  assert.deepEqual((await alerts(gestora)).map((a) => a.entityId), [first]);
  assert.deepEqual(await alerts(policia), []);
  // Closed with its closure record (§6.15): why, when, by whom, the follow-up's outcome.
  const closure = { closedOn: '2026-11-03', motive: 'DECISION_DE_LA_PERSONA', acceptsLaterContact: true, finalEvaluation: [{ dimension: 'EMPLEO_INGRESOS', result: 'LOGRADO_PARCIALMENTE' }] };
  const closed = await closeCaseFile(gestora, supervisora, caseId, caseVersion + 1, { reason: 'Decisión de la persona (sintético)', closure });
  assert.equal(closed.statusCode, 200, closed.body);
  const record = (closed.json() as { caseFile: { closure: Record<string, unknown> } }).caseFile.closure;
  assert.deepEqual({ ...record, closedBy: typeof record.closedBy, approvedBy: typeof record.approvedBy, achievedShare: typeof record.achievedShare }, { ...closure, closedBy: 'string', approvedBy: 'string', achievedShare: 'number' });
});

test('the criminal proceeding: complaint, stages only the prosecutor moves, file numbers; care staff see the stage only', async () => {
  const mpCase = await fiscal.request('POST', '/api/case-files', registration);
  assert.equal(mpCase.statusCode, 201, mpCase.body);
  const mpCaseId = (mpCase.json() as { caseFile: { id: string } }).caseFile.id;
  const opened = await fiscal.request('POST', `/api/case-files/${mpCaseId}/proceedings`, { stage: 'DENUNCIA_REGISTRADA', stageOn: '2026-10-05', policeReportNumber: 'RETA-118-2026 (sintético)', protectionMeasures: ['RESERVA_IDENTIDAD'] });
  assert.equal(opened.statusCode, 201, opened.body);
  const id = (opened.json() as { proceeding: { id: string } }).proceeding.id;
  const jump = await fiscal.request('POST', `/api/proceedings/${id}/stages`, { version: 1, to: 'JUICIO_ORAL', on: '2026-10-20' });
  assert.equal(jump.statusCode, 422, 'no trial straight from the complaint');
  assert.equal((await fiscal.request('POST', `/api/proceedings/${id}/stages`, { version: 1, to: 'DILIGENCIAS_PRELIMINARES', on: '2026-10-06', victimParticipated: true })).statusCode, 200);
  const numbered = await fiscal.request('PUT', `/api/proceedings/${id}`, { version: 2, prosecutorFileNumber: 'CF-2026-506 (sintético)', victimIsCivilParty: true });
  assert.equal(numbered.statusCode, 200, numbered.body);
  const formalised = await fiscal.request('POST', `/api/proceedings/${id}/stages`, { version: 3, to: 'INVESTIGACION_PREPARATORIA', on: '2026-10-30', protectionMeasures: ['RESERVA_IDENTIDAD', 'DECLARACION_UNICA'] });
  assert.equal(formalised.statusCode, 200, formalised.body);
  const p = (formalised.json() as { proceeding: { stage: string; content: { policeReportNumber: string; prosecutorFileNumber: string; protectionMeasures: string[]; victimIsCivilParty: boolean; steps: { stage: string }[] } }; nextStages: string[] }).proceeding;
  assert.equal(p.stage, 'INVESTIGACION_PREPARATORIA');
  assert.deepEqual([p.content.policeReportNumber, p.content.prosecutorFileNumber, p.content.victimIsCivilParty], ['RETA-118-2026 (sintético)', 'CF-2026-506 (sintético)', true]);
  assert.deepEqual(p.content.protectionMeasures, ['RESERVA_IDENTIDAD', 'DECLARACION_UNICA']);
  assert.deepEqual(p.content.steps.map((s) => s.stage), ['DENUNCIA_REGISTRADA', 'DILIGENCIAS_PRELIMINARES', 'INVESTIGACION_PREPARATORIA']);

  // The shelter staff of the same unit (no access to G4) see where the proceeding stands, nothing else.
  const seen = (await albergue.request('GET', `/api/case-files/${mpCaseId}/proceedings`)).json() as { full: boolean; items: { proceeding: Record<string, unknown> }[] };
  assert.equal(seen.full, false);
  assert.deepEqual(Object.keys(seen.items[0]?.proceeding ?? {}).sort(), ['caseFileId', 'id', 'stage', 'stageOn', 'version']);
  assert.equal((await albergue.request('POST', `/api/proceedings/${id}/stages`, { version: 4, to: 'ETAPA_INTERMEDIA', on: '2026-11-02' })).statusCode, 403);
  assert.equal((await gestora.request('GET', `/api/case-files/${mpCaseId}/proceedings`)).statusCode, 404, 'another agency\'s file');
});

test('a child\'s file enters care only linked to the Ministry of Women\'s protection unit', async () => {
  const boy = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Kevin', sex: 'HOMBRE', birthDate: '2011-04-02', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(boy.statusCode, 201, boy.body);
  const id = (boy.json() as { caseFile: { id: string } }).caseFile.id;
  assert.equal((await gestora.request('POST', `/api/case-files/${id}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' })).statusCode, 200);
  const refused = await gestora.request('POST', `/api/case-files/${id}/transitions`, { version: 2, to: 'EN_ATENCION' });
  assert.equal(refused.statusCode, 422);
  assert.match((refused.json() as { title: string }).title, /MIMP/);
});

test('a child absconding from a shelter alerts the protection unit and the prosecutor of the place, and the unit that took the case (§8.5)', async () => {
  clock = new Date('2026-11-05T15:00:00.000Z');
  const mimp = await createAgency(t.db, { key: 'MIMP', name: 'MIMP (sintético)', orgType: 'UNIDAD_MIMP', entity: 'MIMP' });
  const units = {
    upeLima: await createUnit(t.db, { agencyId: mimp, name: 'UPE Lima (sintética)', ubigeo: '150101' }),
    upeMdd: await createUnit(t.db, { agencyId: mimp, name: 'UPE Madre de Dios (sintética)', ubigeo: '170101' }),
    cemMdd: await createUnit(t.db, { agencyId: mimp, name: 'CEM Puerto Maldonado (sintético)', ubigeo: '170101' }),
  };
  await createUser(t.db, { unitId: units.upeLima, username: 'upe.lima', displayName: 'UPE Lima', password: PASSWORD, roles: ['MIMP_UPE'], mustChangePassword: false });
  await createUser(t.db, { unitId: units.upeMdd, username: 'upe.mdd', displayName: 'UPE Madre de Dios', password: PASSWORD, roles: ['MIMP_UPE'], mustChangePassword: false });
  await createUser(t.db, { unitId: units.cemMdd, username: 'cem.mdd', displayName: 'CEM Puerto Maldonado', password: PASSWORD, roles: ['MIMP_CEM'], mustChangePassword: false });
  const [upeLima, upeMdd, cemMdd] = await Promise.all(['upe.lima', 'upe.mdd', 'cem.mdd'].map((u) => t.signIn(u)));

  // A girl of 15 detected in Madre de Dios, followed by the NGO, referred for care to the CEM there.
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa', sex: 'MUJER', birthDate: '2011-03-01', documents: [] } }));
  assert.equal(created.statusCode, 201, created.body);
  const childCase = (created.json() as { caseFile: { id: string } }).caseFile.id;
  const referred = await gestora.request('POST', `/api/case-files/${childCase}/referrals`, { toUnitId: units.cemMdd, motive: 'SERVICIOS_ADICIONALES', services: ['SALUD_MENTAL_PSICOLOGICA'], urgency: 'INMEDIATA', basis: 'PROTECCION_NNA', sharedGroups: ['G2'] });
  assert.equal(referred.statusCode, 201, referred.body);
  const referral = referred.json() as { id: string; version: number };
  assert.equal((await cemMdd?.request('POST', `/api/referrals/${referral.id}/transitions`, { version: referral.version, to: 'ACEPTADA' }))?.statusCode, 200);

  // Lodged in the NGO's shelter in Lima, she absconds.
  const stay = await gestora.request('POST', `/api/case-files/${childCase}/shelter-stays`, { kind: 'CAR_NNA_ESPECIALIZADO_TRATA', shelterUnitId: shelterId, legalBasis: 'MEDIDA_PROTECCION_UPE' });
  assert.equal(stay.statusCode, 201, stay.body);
  const stayId = (stay.json() as { stay: { id: string } }).stay.id;
  assert.equal((await gestora.request('POST', `/api/shelter-stays/${stayId}/transitions`, { version: 1, to: 'INGRESO', on: '2026-11-04' })).statusCode, 200);
  assert.equal((await gestora.request('POST', `/api/shelter-stays/${stayId}/transitions`, { version: 2, to: 'EGRESO', on: '2026-11-05', exitReason: 'EVASION' })).statusCode, 200);

  const alerts = async (c: Client | undefined) => ((await c?.request('GET', '/api/alerts'))?.json() as { items: { kind: string; entityId: string }[] }).items.filter((a) => a.kind.startsWith('SHELTER_')).map((a) => `${a.kind} ${a.entityId === stayId ? 'child' : 'other'}`);
  assert.ok((await alerts(gestora)).includes('SHELTER_SAFETY_EXIT child'), 'the case team');
  assert.deepEqual(await alerts(fiscal), ['SHELTER_CHILD_ABSCONDED child'], 'the prosecutor where the shelter is; not for the adult who absconded there');
  assert.deepEqual(await alerts(upeLima), ['SHELTER_CHILD_ABSCONDED child'], 'the protection unit where the shelter is');
  assert.deepEqual(await alerts(cemMdd), ['SHELTER_CHILD_ABSCONDED child'], 'the Ministry unit that took her case');
  assert.deepEqual(await alerts(upeMdd), [], 'not a protection unit of another place');
  assert.deepEqual(await alerts(policia), []);
  assert.deepEqual(await alerts(albergue), [], 'the prosecutor\'s shelter staff are not the prosecutor');

  // Two weeks later the alert has done its work.
  clock = new Date('2026-11-20T15:00:00.000Z');
  assert.deepEqual(await alerts(fiscal), []);
});

test('closure for lost contact: refused without its record, and before three failed attempts over three months', async () => {
  clock = new Date('2026-07-01T15:00:00.000Z');
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Wilber', sex: 'HOMBRE', birthDate: '1988-02-11', documents: [] }, caseFile: { detectionDate: '2026-06-20', legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(created.statusCode, 201, created.body);
  const id = (created.json() as { caseFile: { id: string } }).caseFile.id;
  let version = 1;
  const transition = async (body: Record<string, unknown>, expected = 200) => {
    const res = await gestora.request('POST', `/api/case-files/${id}/transitions`, { version, ...body });
    assert.equal(res.statusCode, expected, res.body);
    if (res.statusCode === 200) version += 1;
    return res;
  };
  await transition({ to: 'ATENCION_INMEDIATA' });
  await transition({ to: 'EN_ATENCION' });
  await transition({ to: 'SUSPENDIDO', reason: 'No responde al teléfono (sintético)', reviewDate: '2026-10-30' });

  // Three contact attempts that fail, from July to October.
  const scheduled = await gestora.request('POST', `/api/case-files/${id}/followups`, { dueOn: '2026-07-10', modality: 'TELEFONICA' });
  assert.equal(scheduled.statusCode, 201, scheduled.body);
  let followUp = scheduled.json() as { id: string; version: number };
  const fail = async (on: string, nextDueOn?: string) => {
    clock = new Date(`${on}T15:00:00.000Z`);
    const res = await gestora.request('POST', `/api/followups/${followUp.id}/record`, { version: followUp.version, outcome: 'NO_CONTACTADO', doneOn: on, noContactReason: 'NO_CONTESTA', ...(nextDueOn ? { nextDueOn } : {}) });
    assert.equal(res.statusCode, 200, res.body);
    const next = (res.json() as { next?: { id: string; version: number } }).next;
    if (next) followUp = next;
  };
  const lostContact = (closedOn: string) => ({ to: 'CERRADO', reason: 'Sin contacto (sintético)', closure: { closedOn, motive: 'PERDIDA_DE_CONTACTO', acceptsLaterContact: false } });
  await fail('2026-07-10', '2026-08-20');
  await fail('2026-08-20', '2026-10-15');

  const bare = await transition({ to: 'CERRADO', reason: 'Sin contacto (sintético)' }, 422);
  assert.match((bare.json() as { title: string }).title, /registro de cierre/);
  const early = await transition(lostContact('2026-08-20'), 422);
  assert.match((early.json() as { title: string }).title, /al menos 3 intentos/);
  assert.deepEqual((early.json() as { errors: { path: string }[] }).errors.map((e) => e.path), ['closure.motive']);
  const plain = await transition({ ...lostContact('2026-08-20'), to: 'EN_ATENCION', reason: 'x' }, 422);
  assert.match((plain.json() as { title: string }).title, /cierre/);

  await fail('2026-10-15');
  const closed = await closeCaseFile(gestora, supervisora, id, version, lostContact('2026-10-15'));
  assert.equal(closed.statusCode, 200, closed.body);
  version += 2;
  const { closure } = (closed.json() as { caseFile: { closure: { motive: string; failedAttempts: number; closedOn: string; acceptsLaterContact: boolean; closedBy: string } } }).caseFile;
  assert.deepEqual([closure.motive, closure.failedAttempts, closure.closedOn, closure.acceptsLaterContact], ['PERDIDA_DE_CONTACTO', 3, '2026-10-15', false]);
  const [me] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'gestora'");
  assert.equal(closure.closedBy, me?.id);

  // Reopened by the supervisor with a new need: the closure leaves the file, its history keeps it.
  const reopened = await supervisora.request('POST', `/api/case-files/${id}/transitions`, { version, to: 'EN_ATENCION', reason: 'Vuelve a buscar apoyo (sintético)' });
  assert.equal(reopened.statusCode, 200, reopened.body);
  assert.equal((reopened.json() as { caseFile: { closure?: unknown } }).caseFile.closure, undefined);
  const history = ((await gestora.request('GET', `/api/case-files/${id}/history`)).json() as { items: { type: string; details: Record<string, unknown> }[] }).items;
  assert.ok(history.some((h) => h.type === 'case.transitioned' && (h.details.closure as { motive?: string } | undefined)?.motive === 'PERDIDA_DE_CONTACTO'), JSON.stringify(history.map((h) => h.details)));
});
