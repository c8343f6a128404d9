// The person's route: an NGO refers a man exploited on a fishing boat to the Ministry of Women,
// which accepts; both see one timeline (detection, the referral and its answer, services, the
// contact made); the receiver sees what the referral shares (care) and nothing of where he is
// lodged; the police agency, which holds nothing of him, sees nothing at all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, recordSharingConsent, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let clock = new Date('2026-11-02T15:00:00.000Z');
let gestora: Client;
let cem: Client;
let policia: Client;
let caseId: string;
let personId: string;
let shelterId: string;

interface Route {
  events: { kind: string; code?: string; agency: string; unit?: string; caseCode?: string }[];
  elsewhere: unknown[];
}

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => clock });
  const mimp = await createAgency(t.db, { key: 'MIMP', name: 'MIMP (sintético)', orgType: 'GOBIERNO_CENTRAL', entity: 'MIMP' });
  const cemUnit = await createUnit(t.db, { agencyId: mimp, name: 'CEM Chimbote (sintético)', ubigeo: '021801' });
  await createUser(t.db, { unitId: cemUnit, username: 'cem', displayName: 'Profesional CEM', password: PASSWORD, roles: ['MIMP_CEM'], mustChangePassword: false });
  shelterId = await createUnit(t.db, { agencyId: t.agencies.ong, name: 'Casa de paso (sintética)', ubigeo: '021801', isShelter: true });
  gestora = await t.signIn('gestora');
  cem = await t.signIn('cem');
  policia = await t.signIn('policia');
  const created = await gestora.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Wilmer', sex: 'HOMBRE', birthDate: '1990-07-07', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(created.statusCode, 201, created.body);
  ({ id: caseId, personId } = (created.json() as { caseFile: { id: string; personId: string } }).caseFile);
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' })).statusCode, 200);
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/services`, { kind: 'ATENCION_MEDICA', deliveredOn: '2026-11-02', modality: 'PRESENCIAL' })).statusCode, 201);
  const stay = await gestora.request('POST', `/api/case-files/${caseId}/shelter-stays`, { kind: 'ALBERGUE_ONG', shelterUnitId: shelterId });
  assert.equal(stay.statusCode, 201, stay.body);
  const stayId = (stay.json() as { stay: { id: string } }).stay.id;
  assert.equal((await gestora.request('POST', `/api/shelter-stays/${stayId}/transitions`, { version: 1, to: 'INGRESO', on: '2026-11-02' })).statusCode, 200);
});

after(async () => t.close());

const routeOf = async (client: Client) => client.request('GET', `/api/persons/${personId}/route`);

test('before any referral, the receiving agency and the police see nothing of him', async () => {
  assert.equal((await routeOf(cem)).statusCode, 404);
  assert.equal((await routeOf(policia)).statusCode, 404);
  const own = (await routeOf(gestora)).json() as Route;
  assert.deepEqual(own.events.map((e) => e.kind).sort(), ['CASE_STATE', 'DETECTED', 'SERVICE', 'SHELTER_ENTRY']);
  assert.ok(own.events.some((e) => e.kind === 'SHELTER_ENTRY' && e.unit === 'Casa de paso (sintética)'), 'his own agency sees where he is lodged');
});

test('referred and accepted: both agencies see one route; the police still nothing', async () => {
  clock = new Date('2026-11-03T15:00:00.000Z');
  const sent = await gestora.request('POST', `/api/case-files/${caseId}/referrals`, {
    toUnitId: (await t.db.query<{ id: string }>("SELECT id FROM units WHERE name = 'CEM Chimbote (sintético)'"))[0]?.id,
    motive: 'SERVICIOS_ADICIONALES',
    services: ['SALUD_MENTAL_PSICOLOGICA'],
    urgency: 'PRIORITARIA',
    basis: 'CONSENTIMIENTO',
    consent: { givenOn: '2026-11-02', form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true, consentId: await recordSharingConsent(gestora, caseId, 'MIMP', ['G1', 'G2', 'G5']) },
    sharedGroups: ['G1', 'G2', 'G5'],
  });
  assert.equal(sent.statusCode, 201, sent.body);
  const referralId = (sent.json() as { id: string }).id;
  // Pending: the receiver sees the referral in the route, nothing of the case yet.
  const pending = (await routeOf(cem)).json() as Route;
  assert.deepEqual(pending.events.map((e) => [e.kind, e.code]), [['REFERRAL', 'ENVIADA']]);
  assert.equal(pending.events[0]?.caseCode, undefined);

  clock = new Date('2026-11-04T15:00:00.000Z');
  assert.equal((await cem.request('POST', `/api/referrals/${referralId}/transitions`, { version: 2, to: 'ACEPTADA' })).statusCode, 200);
  const sender = (await routeOf(gestora)).json() as Route;
  const receiver = (await routeOf(cem)).json() as Route;
  const [ong] = await t.db.query<{ name: string }>('SELECT name FROM agencies WHERE id = $1', [t.agencies.ong]);
  for (const route of [sender, receiver]) {
    assert.deepEqual(route.events.filter((e) => e.kind === 'REFERRAL').map((e) => [e.code, e.agency]), [['ENVIADA', ong?.name], ['ACEPTADA', 'MIMP (sintético)']]);
    assert.ok(route.events.some((e) => e.kind === 'DETECTED'));
    assert.ok(route.events.some((e) => e.kind === 'SERVICE' && e.code === 'ATENCION_MEDICA'));
  }
  // The referral shares care (G5), never where he is lodged (G6).
  const entry = receiver.events.find((e) => e.kind === 'SHELTER_ENTRY');
  assert.ok(entry, 'the stay is part of his route');
  assert.equal(entry?.unit, undefined, 'but not the shelter');
  assert.deepEqual(receiver.elsewhere, [], 'nor that he has records elsewhere');
  assert.equal((await routeOf(policia)).statusCode, 404, 'a third agency sees nothing of it');
});
