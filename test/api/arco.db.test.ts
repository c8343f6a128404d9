// The right of access (ARCO): the agency's data-protection officer exports everything held about
// a person — identity, case files, their history, shares, and who read them — as JSON and as a
// readable document; nobody else may, and another agency's person is not found.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { todayInPeru } from '../../src/domain/dates.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, recordSharingConsent, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let dpo: Client;
let personId = '';
let caseId = '';

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'oficial.pnp', displayName: 'Oficial de datos PNP', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  police = await t.signIn('policia');
  dpo = await t.signIn('oficial.pnp');
  const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Edelmira <b>', paternalSurname: 'Ccahuana' }, caseFile: { confidentialNotes: 'Nota sintética del equipo' } }));
  // Markup in a name is refused; a plain one is registered.
  assert.equal(res.statusCode, 400);
  const ok = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Edelmira', paternalSurname: "D'Ccahuana" }, caseFile: { confidentialNotes: 'Nota sintética del equipo <con ángulos>'.replace(/[<>]/g, '') } }));
  assert.equal(ok.statusCode, 201, ok.body);
  const body = ok.json() as { caseFile: { id: string; personId: string; version: number } };
  caseId = body.caseFile.id;
  personId = body.caseFile.personId;
  await police.request('GET', `/api/case-files/${caseId}`);
  await police.request('PATCH', `/api/case-files/${caseId}`, { version: 1, changes: { meansOfControl: ['AMENAZAS'] }, reason: 'rectificación pedida por la titular' });
});
after(() => t.close());

test('the data-protection officer exports everything held about the person, including who read it', async () => {
  const res = await dpo.request('GET', `/api/persons/${personId}/export`);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-disposition']), /attachment/);
  const data = res.json() as {
    person: { givenNames: string; paternalSurname: string };
    caseFiles: { caseFile: { id: string; confidentialNotes: string; meansOfControl: string[] }; history: { type: string; reason: string | null }[] }[];
    accessLog: { user: string; action: string }[];
  };
  assert.equal(data.person.givenNames, 'Edelmira');
  assert.equal(data.caseFiles.length, 1);
  assert.equal(data.caseFiles[0]?.caseFile.id, caseId);
  assert.equal(data.caseFiles[0]?.caseFile.confidentialNotes, 'Nota sintética del equipo con ángulos');
  assert.deepEqual(data.caseFiles[0]?.caseFile.meansOfControl, ['AMENAZAS'], 'the rectified value');
  assert.ok(data.caseFiles[0]?.history.some((h) => h.type === 'case.updated' && h.reason === 'rectificación pedida por la titular'));
  assert.ok(data.accessLog.some((l) => l.user === 'policia' && l.action === 'READ'), 'who read her case file');
  const exports = await t.db.query<{ username: string }>("SELECT username FROM audit_log WHERE action = 'EXPORT' AND entity_id = $1", [personId]);
  assert.deepEqual(exports.map((e) => e.username), ['oficial.pnp'], 'the export itself is audited');
});

test('the readable document escapes every value and loads nothing from elsewhere', async () => {
  const res = await dpo.request('GET', `/api/persons/${personId}/export.html`, undefined, { 'accept-language': 'en' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
  assert.match(res.body, /Personal data held by/);
  assert.match(res.body, /D&#39;Ccahuana/);
  assert.doesNotMatch(res.body, /<script|src=|href=/);
});

test('nobody else may export, and another agency\'s person is not found', async () => {
  assert.equal((await police.request('GET', `/api/persons/${personId}/export`)).statusCode, 403);
  const ngoDpoUnit = t.units.ong;
  await createUser(t.db, { unitId: ngoDpoUnit, username: 'oficial.ong', displayName: 'Oficial de datos ONG', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  const other = await t.signIn('oficial.ong');
  const res = await other.request('GET', `/api/persons/${personId}/export`);
  assert.equal(res.statusCode, 404);
});

test('the export as a PDF: a well-formed document holding the same content, audited', async () => {
  const res = await dpo.request('GET', `/api/persons/${personId}/export.pdf`, undefined, { 'accept-language': 'en' });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/pdf/);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="acceso-.*\.pdf"/);
  const pdf = res.rawPayload;
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF-1.4'));
  assert.ok(text.trimEnd().endsWith('%%EOF'));
  // The cross-reference table points at its objects: a reader can open it.
  const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
  assert.equal(text.slice(startxref, startxref + 4), 'xref');
  const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  offsets.forEach((offset, i) => assert.ok(text.startsWith(`${i + 1} 0 obj`, offset), `object ${i + 1} at ${offset}`));
  // Its content: the name (escaped for a PDF string), the note, the history and the access log, in English.
  assert.ok(text.includes("Edelmira") && text.includes("D'Ccahuana"));
  assert.ok(text.includes('Nota sint\xe9tica del equipo'), 'accents in WinAnsi');
  assert.ok(text.includes('Personal data held by'));
  assert.ok(text.includes('rectificaci\xf3n pedida por la titular'));
  const [entry] = await t.db.query<{ purpose: string }>("SELECT purpose FROM audit_log WHERE entity_id = $1 AND action = 'EXPORT' AND purpose LIKE '%PDF%'", [personId]);
  assert.equal(entry?.purpose, 'ARCO access (PDF)');
  assert.equal((await police.request('GET', `/api/persons/${personId}/export.pdf`)).statusCode, 403);
});

test('the export holds the follow-up recorded on her case files: services, plan, shelter stays, referrals, follow-ups, risk, the proceeding', async () => {
  const today = todayInPeru();
  // The NGO follows a man rescued from forced labour: every kind of care record on his file.
  const gestora = await t.signIn('gestora');
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Teófilo', sex: 'HOMBRE', birthDate: '1985-09-09', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(created.statusCode, 201, created.body);
  const { id: ngoCase, personId: ngoPerson } = (created.json() as { caseFile: { id: string; personId: string } }).caseFile;
  const post = async (path: string, body: unknown) => {
    const res = await gestora.request('POST', path, body);
    assert.equal(res.statusCode, 201, `${path}: ${res.body}`);
  };
  await post(`/api/case-files/${ngoCase}/services`, { kind: 'ORIENTACION_LEGAL', deliveredOn: today, modality: 'PRESENCIAL', provider: 'Abogada de la ONG (sintética)' });
  await post(`/api/case-files/${ngoCase}/risk-assessments`, { kind: 'SEGURIDAD', occasion: 'INGRESO', level: 'MEDIO', assessedOn: today });
  await post(`/api/case-files/${ngoCase}/plans`, { participation: 'ELABORADO_CON_LA_PERSONA', goals: [{ dimension: 'EMPLEO_INGRESOS', objective: 'Empleo formal (sintético)', responsibleEntity: 'MTPE' }] });
  await post(`/api/case-files/${ngoCase}/shelter-stays`, { kind: 'ALBERGUE_ONG', legalBasis: 'VOLUNTARIO' });
  await post(`/api/case-files/${ngoCase}/followups`, { dueOn: today, modality: 'TELEFONICA' });
  await post(`/api/case-files/${ngoCase}/referrals`, {
    toUnitId: t.units.pnp,
    motive: 'DENUNCIA_PENAL',
    urgency: 'REGULAR',
    basis: 'CONSENTIMIENTO',
    consent: { givenOn: today, form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true, consentId: await recordSharingConsent(gestora, ngoCase, 'PNP', ['G2']) },
    sharedGroups: ['G2'],
  });
  await createUser(t.db, { unitId: t.units.ong, username: 'datos.ong', displayName: 'Oficial de datos ONG', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  const ngoDpo = await t.signIn('datos.ong');
  const res = await ngoDpo.request('GET', `/api/persons/${ngoPerson}/export`);
  assert.equal(res.statusCode, 200, res.body);
  const held = (res.json() as { caseFiles: { followUp: Record<string, { kind?: string; state?: string; content?: Record<string, unknown> }[]> }[] }).caseFiles[0]?.followUp ?? {};
  assert.deepEqual(
    Object.fromEntries(Object.entries(held).map(([section, records]) => [section, records.length])),
    { services: 1, plans: 1, shelterStays: 1, referrals: 1, proceedings: 0, followUps: 1, riskAssessments: 1 },
  );
  assert.equal(held.services?.[0]?.content?.provider, 'Abogada de la ONG (sintética)', 'sealed content opened for her');
  assert.equal(held.referrals?.[0]?.state, 'ENVIADA');
  const page = await ngoDpo.request('GET', `/api/persons/${ngoPerson}/export.html`);
  for (const heading of ['Servicios brindados', 'Planes de reintegración', 'Alojamientos', 'Derivaciones', 'Seguimientos', 'Evaluaciones de riesgo']) assert.match(page.body, new RegExp(`<h3>${heading}</h3>`));
  assert.match(page.body, /Empleo formal \(sintético\)/);

  // The police file: the criminal proceeding it recorded is in its own export.
  const opened = await police.request('POST', `/api/case-files/${caseId}/proceedings`, { stage: 'DENUNCIA_REGISTRADA', stageOn: today, policeReportNumber: 'RETA-777-2026 (sintético)' });
  assert.equal(opened.statusCode, 201, opened.body);
  const policeExport = (await dpo.request('GET', `/api/persons/${personId}/export`)).json() as { caseFiles: { followUp: { proceedings: { content: { policeReportNumber: string } }[] } }[] };
  assert.deepEqual(policeExport.caseFiles[0]?.followUp.proceedings.map((p) => p.content.policeReportNumber), ['RETA-777-2026 (sintético)']);
  const pdf = await dpo.request('GET', `/api/persons/${personId}/export.pdf`, undefined, { 'accept-language': 'en' });
  assert.equal(pdf.statusCode, 200);
  const text = pdf.rawPayload.toString('latin1');
  assert.ok(text.includes('Criminal proceeding') && text.includes('RETA-777-2026'), 'the PDF holds it too');
});
