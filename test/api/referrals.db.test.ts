// Referrals between agencies over the API, with a test clock: an NGO refers a woman to the
// Ministry of Women (MIMP) with her written consent; the case file waits as "referred"; the
// answer deadline raises an alert exactly at 72 hours for the receiving unit and the sender only;
// once accepted, MIMP reaches the case in the shared groups and takes the lead of care; the
// police agency sees nothing of any of it; revoking takes the access back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, recordSharingConsent, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let clock = new Date('2026-11-02T15:00:00.000Z');
let gestora: Client;
let colega: Client;
let cem: Client;
let cemSupervisora: Client;
let policia: Client;
let mimpUnit: string;
let cemUserId: string;
let caseId: string;
let referralId: string;
/** Her written consent, recorded, to share identity, the case and her plan with the Ministry of Women. */
let consentId: string;

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => clock });
  const mimp = await createAgency(t.db, { key: 'MIMP', name: 'MIMP (sintético)', orgType: 'GOBIERNO_CENTRAL', entity: 'MIMP' });
  mimpUnit = await createUnit(t.db, { agencyId: mimp, name: 'CEM Iquitos (sintético)', ubigeo: '160101' });
  cemUserId = await createUser(t.db, { unitId: mimpUnit, username: 'cem', displayName: 'Profesional CEM', password: PASSWORD, roles: ['MIMP_CEM'], mustChangePassword: false });
  await createUser(t.db, { unitId: mimpUnit, username: 'cem.jefa', displayName: 'Jefa CEM', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.ong, username: 'colega', displayName: 'Otra gestora', password: PASSWORD, roles: ['ONG_GESTOR'], mustChangePassword: false });
  gestora = await t.signIn('gestora');
  colega = await t.signIn('colega');
  cem = await t.signIn('cem');
  cemSupervisora = await t.signIn('cem.jefa');
  policia = await t.signIn('policia');
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration());
  caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' })).statusCode, 200);
  consentId = await recordSharingConsent(gestora, caseId, 'MIMP', ['G1', 'G2', 'G5']);
});

after(async () => t.close());

const consent = { givenOn: '2026-11-01', form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true };
const referral = (over: Record<string, unknown> = {}) => ({
  toUnitId: mimpUnit,
  motive: 'SERVICIOS_ADICIONALES',
  services: ['SALUD_MENTAL_PSICOLOGICA', 'ALOJAMIENTO'],
  urgency: 'PRIORITARIA',
  transfersLead: true,
  basis: 'CONSENTIMIENTO',
  consent: { ...consent, consentId },
  sharedGroups: ['G1', 'G2', 'G5'],
  note: 'Coordinar la recepción por teléfono (sintético).',
  ...over,
});
const caseState = async () => ((await gestora.request('GET', `/api/case-files/${caseId}`)).json() as { caseFile: { state: string; version: number } }).caseFile;
const alerts = async (c: Client) => ((await c.request('GET', '/api/alerts')).json() as { items: { kind: string; entityId: string }[] }).items.map((a) => a.kind);
const inbox = async (c: Client) => ((await c.request('GET', '/api/referrals?box=inbox')).json() as { items: { id: string; overdue: boolean; hoursToAnswer: number | null }[] }).items;

test('a referral rests on her recorded consent that names the destination, in writing for identity data', async () => {
  const refer = (over: Record<string, unknown>) => gestora.request('POST', `/api/case-files/${caseId}/referrals`, referral(over), { 'accept-language': 'en' });
  const paths = (res: { json(): unknown }) => (res.json() as { errors: { path: string }[] }).errors.map((e) => e.path);
  // Typed in, not recorded: refused, it must be one of her recorded consents.
  const unrecorded = await refer({ consent });
  assert.equal(unrecorded.statusCode, 422);
  assert.deepEqual(paths(unrecorded), ['consent.consentId']);
  assert.match(unrecorded.body, /recorded consent/);
  // Recorded for another agency: it does not name this one.
  const toPolice = await refer({ consent: { ...consent, consentId: await recordSharingConsent(gestora, caseId, 'PNP', ['G1', 'G2', 'G5']) } });
  assert.equal(toPolice.statusCode, 422);
  assert.deepEqual(paths(toPolice), ['consent.consentId']);
  // Recorded verbally, for the case core only: it does not cover her identity — retyped as written or not.
  const verbal = await recordSharingConsent(gestora, caseId, 'MIMP', ['G2'], { form: 'VERBAL_REGISTRADA' });
  assert.equal((await refer({ consent: { ...consent, consentId: verbal } })).statusCode, 422);
  // Withdrawn: nothing rests on it any more.
  const withdrawn = await recordSharingConsent(gestora, caseId, 'MIMP', ['G1', 'G2', 'G5']);
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/consents/${withdrawn}/withdrawal`, { withdrawnOn: '2026-11-02' })).statusCode, 200);
  assert.equal((await refer({ consent: { ...consent, consentId: withdrawn } })).statusCode, 422);
  assert.equal(await t.db.query('SELECT 1 FROM referrals WHERE case_file_id = $1', [caseId]).then((r) => r.length), 0, 'nothing sent');
  const shelterAddress = await gestora.request('POST', `/api/case-files/${caseId}/referrals`, referral({ sharedGroups: ['G2', 'G6'] }));
  assert.equal(shelterAddress.statusCode, 400, 'shelter locations (G6) never travel');
  assert.equal((await policia.request('POST', `/api/case-files/${caseId}/referrals`, referral())).statusCode, 404, 'another agency cannot refer this case file');
});

test('sent: the case file waits as referred; the receiving unit sees a summary, nobody else anything', async () => {
  const sent = await gestora.request('POST', `/api/case-files/${caseId}/referrals`, referral());
  assert.equal(sent.statusCode, 201, sent.body);
  const body = sent.json() as { id: string; state: string; dueAt: string };
  referralId = body.id;
  assert.equal(body.state, 'ENVIADA');
  assert.equal(body.dueAt, '2026-11-05T15:00:00.000Z');
  assert.equal((await caseState()).state, 'DERIVADO_PENDIENTE');

  assert.deepEqual((await inbox(cem)).map((r) => r.id), [referralId]);
  assert.deepEqual(await inbox(policia), []);
  const view = (await cem.request('GET', `/api/referrals/${referralId}`)).json() as { side: string; moves: string[]; caseSummary: { code: string; sex: string }; referral: { content: { consent?: unknown } } };
  assert.equal(view.side, 'receiver');
  assert.deepEqual(view.moves, ['ACEPTADA', 'RECHAZADA']);
  assert.equal(view.caseSummary.sex, 'MUJER');
  assert.equal(view.referral.content.consent, undefined, 'the consent form stays with the sender');
  assert.equal((await policia.request('GET', `/api/referrals/${referralId}`)).statusCode, 404);
  // Before accepting, the receiver reaches nothing of the case file itself.
  assert.equal((await cem.request('GET', `/api/case-files/${caseId}/followups`)).statusCode, 404);
  const wrongSide = await gestora.request('POST', `/api/referrals/${referralId}/transitions`, { version: 2, to: 'ACEPTADA' });
  assert.equal(wrongSide.statusCode, 422);
  assert.equal((await policia.request('POST', `/api/referrals/${referralId}/transitions`, { version: 2, to: 'ACEPTADA' })).statusCode, 404);
});

test('not answered in 72 hours: an alert for the receiving unit and the sender, exactly then, and for no one else', async () => {
  clock = new Date('2026-11-05T14:59:59.999Z');
  assert.deepEqual(await alerts(cem), []);
  assert.equal((await inbox(cem))[0]?.overdue, false);
  clock = new Date('2026-11-05T15:00:00.000Z');
  assert.deepEqual(await alerts(cem), ['REFERRAL_UNANSWERED']);
  assert.deepEqual(await alerts(cemSupervisora), ['REFERRAL_UNANSWERED']);
  assert.deepEqual(await alerts(gestora), ['REFERRAL_UNANSWERED']);
  assert.deepEqual(await alerts(colega), [], 'another worker of the sending unit');
  assert.deepEqual(await alerts(policia), []);
  assert.equal((await inbox(cem))[0]?.overdue, true);
});

test('accepted: MIMP takes the lead, reaches the shared groups and follows the person; the police still see nothing', async () => {
  clock = new Date('2026-11-05T18:00:00.000Z');
  const accepted = await cem.request('POST', `/api/referrals/${referralId}/transitions`, { version: 2, to: 'ACEPTADA', assignedUserId: cemUserId });
  assert.equal(accepted.statusCode, 200, accepted.body);
  assert.equal((await caseState()).state, 'EN_ATENCION');
  assert.deepEqual(await alerts(cem), []);
  assert.equal((await inbox(cem))[0]?.hoursToAnswer, 75);

  const followUps = await cem.request('GET', `/api/case-files/${caseId}/followups`);
  assert.equal(followUps.statusCode, 200, followUps.body);
  assert.equal((followUps.json() as { canWrite: boolean }).canWrite, true);
  const scheduled = await cem.request('POST', `/api/case-files/${caseId}/followups`, { dueOn: '2026-11-06', modality: 'PRESENCIAL' });
  assert.equal(scheduled.statusCode, 201, scheduled.body);
  const worklist = (await cem.request('GET', '/api/worklist')).json() as { counts: { upcoming: number; withoutPlan: number }; withoutPlan: { caseFileId: string; personName?: string }[] };
  assert.equal(worklist.counts.upcoming, 1);
  assert.deepEqual(worklist.withoutPlan.map((c) => c.caseFileId), [caseId], 'the lead of care moved to MIMP');
  assert.equal(worklist.withoutPlan[0]?.personName, undefined, 'names of another agency’s records stay out of lists');
  const ongList = (await gestora.request('GET', '/api/worklist')).json() as { withoutPlan: unknown[] };
  assert.deepEqual(ongList.withoutPlan, []);
  // The sender sees MIMP's follow-up on her own case file.
  const seen = (await gestora.request('GET', `/api/case-files/${caseId}/followups`)).json() as { items: unknown[] };
  assert.equal(seen.items.length, 1);
  assert.equal((await policia.request('GET', `/api/case-files/${caseId}/followups`)).statusCode, 404);
  assert.equal((await policia.request('GET', `/api/case-files/${caseId}/referrals`)).statusCode, 404);
  // The case file itself opens to MIMP as a share (record_access), in the groups the referral names.
  const file = await cem.request('GET', `/api/case-files/${caseId}`);
  assert.equal(file.statusCode, 200, file.body);
  assert.equal((file.json() as { person?: { givenNames?: string } }).person?.givenNames, 'María del Carmen');
  assert.equal((await policia.request('GET', `/api/case-files/${caseId}`)).statusCode, 404);
});

test('revoked: the access it gave ends', async () => {
  const noReason = await gestora.request('POST', `/api/referrals/${referralId}/transitions`, { version: 3, to: 'REVOCADA' });
  assert.equal(noReason.statusCode, 422);
  const revoked = await gestora.request('POST', `/api/referrals/${referralId}/transitions`, { version: 3, to: 'REVOCADA', reason: 'La persona retiró su consentimiento' });
  assert.equal(revoked.statusCode, 200, revoked.body);
  assert.equal((await cem.request('GET', `/api/case-files/${caseId}/followups`)).statusCode, 404);
  assert.equal((await cem.request('GET', `/api/case-files/${caseId}`)).statusCode, 404);
});

test('a rejected lead referral sends the file back and must be sent again within 72 hours', async () => {
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa', documents: [] } }));
  const other = (created.json() as { caseFile: { id: string } }).caseFile.id;
  await gestora.request('POST', `/api/case-files/${other}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' });
  const hers = { urgency: 'INMEDIATA', consent: { ...consent, consentId: await recordSharingConsent(gestora, other, 'MIMP', ['G1', 'G2', 'G5']) } };
  const sent = (await gestora.request('POST', `/api/case-files/${other}/referrals`, referral(hers))).json() as { id: string };
  const rejected = await cem.request('POST', `/api/referrals/${sent.id}/transitions`, { version: 2, to: 'RECHAZADA', rejectionReason: 'SIN_CUPO' });
  assert.equal(rejected.statusCode, 200, rejected.body);
  const file = (await gestora.request('GET', `/api/case-files/${other}`)).json() as { caseFile: { state: string } };
  assert.equal(file.caseFile.state, 'ATENCION_INMEDIATA');
  clock = new Date(clock.getTime() + 72 * 3_600_000 - 1);
  assert.ok(!(await alerts(gestora)).includes('REFERRAL_REREFER'));
  clock = new Date(clock.getTime() + 1);
  assert.ok((await alerts(gestora)).includes('REFERRAL_REREFER'));
  assert.ok(!(await alerts(cem)).includes('REFERRAL_REREFER'));
  const again = await gestora.request('POST', `/api/case-files/${other}/referrals`, referral(hers));
  assert.equal(again.statusCode, 201, again.body);
  assert.ok(!(await alerts(gestora)).includes('REFERRAL_REREFER'));
});

test('a girl at detection who has come of age consents herself and is referred as an adult, to an NGO', async () => {
  // Detected at 17 in 2024, 19 today: her own written consent, and a lead referral to another NGO
  // (a child's must go to the Ministry of Women, with a representative's consent).
  const other = await createAgency(t.db, { key: 'ONG2', name: 'Otra ONG (sintética)', orgType: 'ONG', entity: 'ONG' });
  const otherUnit = await createUnit(t.db, { agencyId: other, name: 'Casa de acogida Cusco (sintética)', ubigeo: '080101' });
  const registered = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Yeni', paternalSurname: 'Ccoa', maternalSurname: 'Huillca', birthDate: '2007-05-01', documents: [] }, caseFile: { detectionDate: '2024-06-01' } }));
  assert.equal(registered.statusCode, 201, registered.body);
  const grownUp = (registered.json() as { caseFile: { id: string; minorAtDetection?: string } }).caseFile;
  const [row] = await t.db.query<{ minor: string }>("SELECT data->>'minorAtDetection' AS minor FROM case_files WHERE id = $1", [grownUp.id]);
  assert.equal(row?.minor, 'SI', 'a child at detection');
  assert.equal((await gestora.request('POST', `/api/case-files/${grownUp.id}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' })).statusCode, 200);
  const own = await recordSharingConsent(gestora, grownUp.id, 'ONG2', ['G1', 'G2']);
  const res = await gestora.request('POST', `/api/case-files/${grownUp.id}/referrals`, referral({ toUnitId: otherUnit, consent: { ...consent, consentId: own }, sharedGroups: ['G1', 'G2'] }));
  assert.equal(res.statusCode, 201, res.body);
  // She is no child now: the child-protection basis does not apply to her.
  const asChild = await gestora.request('POST', `/api/case-files/${grownUp.id}/referrals`, referral({ toUnitId: otherUnit, transfersLead: false, basis: 'PROTECCION_NNA', consent: undefined, sharedGroups: ['G2'] }));
  assert.equal(asChild.statusCode, 422, asChild.body);
  assert.match(asChild.body, /childProtectionOnlyForChildren|NNA|niñ/i);
});
