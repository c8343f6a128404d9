// The server's logs never contain personal data: requests carrying synthetic names and document
// numbers (registration, search, edits, bad input, another agency's probe, a consent) are driven
// through the app with every log line kept (level trace), and none of them names anyone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sampleRegistration, startTestApp, type TestApp } from '../helpers/app.ts';
import { collideOnInsert } from '../helpers/collide.ts';

// Invented and unusual, so that finding them in a log line can only mean a leak.
const GIVEN = 'Quilliamara';
const SURNAME = 'Xochitapia';
const DNI = '49517263';
const NOTE = 'Frobnicaciones';
const lines: string[] = [];
let t: TestApp;

before(async () => {
  t = await startTestApp({ linkOnArrival: true, logLevel: 'trace', logStream: { write: (line: string) => void lines.push(line) } });
});
after(() => t.close());

test('no log line holds a name, a document number or a note, whatever the request', async () => {
  const police = await t.signIn('policia');
  const ngo = await t.signIn('gestora');
  const registration = sampleRegistration({ person: { givenNames: GIVEN, paternalSurname: SURNAME, documents: [{ type: 'DNI', number: DNI }] }, caseFile: { confidentialNotes: `${NOTE} (sintético)` } });
  const created = await police.request('POST', '/api/case-files', registration, { 'idempotency-key': 'log-redaction-0001' });
  assert.equal(created.statusCode, 201, created.body);
  const { id, personId } = (created.json() as { caseFile: { id: string; personId: string } }).caseFile;
  // Twice the same, a replay; then searches by name and document, in the query string.
  await police.request('POST', '/api/case-files', registration, { 'idempotency-key': 'log-redaction-0001' });
  await police.request('GET', `/api/case-files?q=${encodeURIComponent(`${GIVEN} ${SURNAME}`)}`);
  await police.request('GET', `/api/case-files?q=${DNI}`);
  // Bad input that repeats the names: validation, markup, malformed JSON, a name where an id goes.
  await police.request('POST', '/api/case-files', { ...registration, person: { ...registration.person, givenNames: `<b>${GIVEN}</b>` } });
  await police.request('PATCH', `/api/persons/${personId}`, { version: 99, changes: { givenNames: `${GIVEN}a` } });
  await t.app.inject({ method: 'POST', url: '/api/case-files', headers: { cookie: police.cookie, 'x-csrf-token': police.csrf, 'content-type': 'application/json' }, payload: `{"person": {"givenNames": "${GIVEN}", ` });
  await police.request('GET', `/api/case-files/${GIVEN}-${DNI}`);
  await police.request('GET', `/api/persons/${SURNAME}/export`);
  // Another agency's probe, a sign-in with a name as the user, a consent with a child's words.
  await ngo.request('GET', `/api/case-files/${id}`);
  await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: `${GIVEN}.${SURNAME}`, password: `${DNI}-${NOTE}` } });
  await police.request('POST', `/api/case-files/${id}/consents`, { purpose: 'ATENCION_Y_SERVICIOS', granted: true, form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', givenOn: '2026-11-20', checklist: { assent: true, purposeExplained: true, usesExplained: true, researchUse: true, rightToAccess: true, retention: true, howToWithdraw: true }, language: 'es', interpreter: false, childOpinion: `${GIVEN} ${NOTE}` });
  await police.request('GET', `/api/case-files/${id}`);
  await police.request('GET', `/api/case-files/${id}/history`);

  assert.ok(lines.length > 20, `the logs were captured (${lines.length} lines)`);
  assert.ok(lines.some((l) => l.includes('/api/case-files')), 'requests are logged');
  const secrets = [GIVEN, SURNAME, DNI, NOTE, GIVEN.toLowerCase(), SURNAME.toLowerCase()];
  const leaks = lines.filter((line) => secrets.some((s) => line.includes(s)));
  assert.deepEqual(leaks, [], 'log lines naming a synthetic person');
});

test('a write the database refuses is logged without its statement or its values', async () => {
  const police = await t.signIn('policia');
  const place = '250101'; // an open value of the registration (detection place), unusual in these tests
  const collision = await collideOnInsert(t.db, 'case_files', 1_000);
  const from = lines.length;
  try {
    const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: GIVEN, paternalSurname: SURNAME }, caseFile: { detectionUbigeo: place } }));
    assert.equal(res.statusCode, 503, res.body);
  } finally {
    await collision.stop();
  }
  const logged = lines.slice(from);
  assert.ok(logged.some((l) => l.includes('collision (test)')), 'the failure is logged');
  assert.deepEqual(logged.filter((l) => /"(params|parameters|query)":/.test(l) || l.includes(place) || l.includes(GIVEN)), [], 'log lines with the statement or its values');
});
