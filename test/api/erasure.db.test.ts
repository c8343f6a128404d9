// The right of cancellation through the API: the data-protection officer of the holding agency
// destroys the person's data key. Her identity, notes and stored answers are gone for good; her
// case file, its history and what statistics count stay; everything is audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUser } from '../../src/server/commands/directory.ts';
import { personKeys } from '../../src/server/crypto/keys.ts';
import { PASSWORD, sampleRegistration, startTestApp, supervisedMove, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let worker: Client;
let supervisor: Client;
let officer: Client;
let otherOfficer: Client;
// Invented and unusual, so that finding them anywhere means a leak.
const GIVEN = 'Wendolyne';
const SURNAME = 'Ccahuanaquispe';
const DNI = '47110815';
const NOTE = 'Plughxyzzy';
let caseId = '';
let personId = '';
let code = '';

before(async () => {
  t = await startTestApp();
  await createUser(t.db, { unitId: t.units.ong, username: 'supervisora.ong', displayName: 'Supervisora ONG', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.ong, username: 'oficial.ong', displayName: 'Oficial de datos ONG', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'oficial.pnp', displayName: 'Oficial de datos PNP', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  worker = await t.signIn('gestora');
  supervisor = await t.signIn('supervisora.ong');
  officer = await t.signIn('oficial.ong');
  otherOfficer = await t.signIn('oficial.pnp');
  const res = await worker.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: GIVEN, paternalSurname: SURNAME, documents: [{ type: 'DNI', number: DNI }] }, caseFile: { confidentialNotes: `${NOTE} (sintético)` } }), { 'idempotency-key': 'erasure-test-0001' });
  assert.equal(res.statusCode, 201, res.body);
  ({ id: caseId, personId, code } = (res.json() as { caseFile: { id: string; personId: string; code: string } }).caseFile);
});
after(() => t.close());

const erase = (client: Client, body: unknown = { requestReference: 'solicitud ARCO 2026-0042 recibida el 2026-11-20' }, headers: Record<string, string> = {}) =>
  client.request('POST', `/api/persons/${personId}/erasure`, body, { 'accept-language': 'en', ...headers });

test('only the holding agency\'s officer erases, and not while the person is still in care', async () => {
  assert.equal((await erase(worker)).statusCode, 403, 'a case worker has no right-of-cancellation permission');
  assert.equal((await erase(otherOfficer)).statusCode, 404, 'another agency\'s officer: as if it did not exist');
  assert.equal((await erase(officer, { requestReference: 'corto' })).statusCode, 400);
  const open = await erase(officer);
  assert.equal(open.statusCode, 409);
  assert.match((open.json() as { title: string }).title, new RegExp(code));
  assert.equal((await t.db.query('SELECT 1 FROM person_keys WHERE person_id = $1', [personId])).length, 1, 'nothing destroyed');
});

test('erasure destroys the key: no name, document or note is readable or findable; the case, its history and counts stay', async () => {
  // The case ends: identification finds no trafficking, and the file is discarded.
  let version = 1;
  const step = async (path: string, method: string, body: Record<string, unknown>) => {
    const res = await worker.request(method, `/api/case-files/${caseId}${path}`, { version, ...body });
    assert.equal(res.statusCode, 200, res.body);
    version = (res.json() as { caseFile: { version: number } }).caseFile.version;
  };
  await step('/transitions', 'POST', { to: 'EN_IDENTIFICACION' });
  await step('', 'PATCH', { changes: { traffickingStatus: 'DESCARTADA' }, reason: 'la evaluación descartó la trata (sintético)' });
  // Discarding takes four eyes (§8.1): the case manager proposes it, a supervisor of the unit approves.
  const discarded = await supervisedMove(worker, supervisor, caseId, version, { to: 'DESCARTADO', reason: 'no es víctima de trata (sintético)' });
  assert.equal(discarded.statusCode, 200, discarded.body);
  const retryKey = { 'idempotency-key': 'erasure-request-0042' };
  const res = await erase(officer, undefined, retryKey);
  assert.equal(res.statusCode, 200, res.body);
  // The answer lost on the way: sent again with its key, the first answer, not "already erased".
  const retried = await erase(officer, undefined, retryKey);
  assert.equal(retried.statusCode, 200, retried.body);
  assert.equal(retried.headers['idempotent-replayed'], 'true');
  assert.deepEqual(retried.json(), res.json());
  assert.equal((await erase(officer, { requestReference: 'otra solicitud ARCO 2026-0043 del 2026-11-21' }, retryKey)).statusCode, 422, 'the same key with another request');
  assert.equal((await t.db.query('SELECT 1 FROM erasures WHERE person_id = $1', [personId])).length, 1, 'erased once');
  const { erasure } = res.json() as { erasure: { caseFiles: number; storedAnswersRemoved: number; erasedAt: string } };
  assert.equal(erasure.caseFiles, 1);
  assert.ok(erasure.storedAnswersRemoved >= 1, 'the stored answer of her registration held her name');

  const view = (await worker.request('GET', `/api/case-files/${caseId}`)).json() as { person: { givenNames?: string; erased?: boolean; sex: string }; caseFile: { confidentialNotes?: string; exploitationTypes: string[]; state: string } };
  assert.equal(view.person.erased, true);
  assert.equal(view.person.givenNames, undefined);
  assert.equal(view.person.sex, 'MUJER');
  assert.equal(view.caseFile.confidentialNotes, undefined);
  assert.deepEqual(view.caseFile.exploitationTypes, ['SEXUAL']);
  assert.equal(view.caseFile.state, 'DESCARTADO');
  const history = await worker.request('GET', `/api/case-files/${caseId}/history`);
  assert.equal(history.statusCode, 200);
  const items = (history.json() as { items: { type: string; actor: string | null }[] }).items;
  assert.deepEqual([...new Set(items.map((i) => i.type))].sort(), ['case.closureProposed', 'case.registered', 'case.transitioned', 'case.updated', 'person.registered']);
  assert.ok(items.every((i) => i.actor), 'who did what stays');
  assert.ok(!history.body.includes(GIVEN) && !history.body.includes(DNI));
  // The reasons were sealed under her key: they went with it (the entries say there was one).
  const update = (history.json() as { items: { type: string; reason: string | null }[] }).items.find((i) => i.type === 'case.updated');
  assert.equal(update?.reason, '[motivo reservado / reason withheld]');
  assert.ok(!history.body.includes('descartó la trata'));

  for (const q of [encodeURIComponent(`${GIVEN} ${SURNAME}`), DNI]) {
    const found = (await worker.request('GET', `/api/case-files?q=${q}`)).json() as { items: unknown[] };
    assert.equal(found.items.length, 0, `search ${q}`);
  }
  assert.equal((await personKeys(t.db, [personId])).size, 0, 'even with the master key there is nothing to unwrap');
  const [row] = await t.db.query<{ sealed: unknown; name_tokens: string[]; document_index: string[]; sex: string }>('SELECT sealed, name_tokens, document_index, sex FROM persons WHERE id = $1', [personId]);
  assert.deepEqual([row?.sealed, row?.name_tokens, row?.document_index, row?.sex], [null, [], [], 'MUJER']);
  assert.equal((await t.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', ['erasure-test-0001'])).length, 0);
  const [entry] = await t.db.query<{ username: string; purpose: string }>("SELECT username, purpose FROM audit_log WHERE entity_id = $1 AND action = 'ERASE'", [personId]);
  assert.deepEqual(entry, { username: 'oficial.ong', purpose: 'solicitud ARCO 2026-0042 recibida el 2026-11-20' });
  const [kept] = await t.db.query<{ erased_by: string }>('SELECT u.username AS erased_by FROM erasures e JOIN users u ON u.id = e.erased_by WHERE e.person_id = $1', [personId]);
  assert.equal(kept?.erased_by, 'oficial.ong');

  // The export still answers: there is a person, erased, and what was done with her records.
  const exported = await officer.request('GET', `/api/persons/${personId}/export`);
  assert.equal(exported.statusCode, 200);
  assert.equal((exported.json() as { person: { erased?: boolean } }).person.erased, true);
  assert.ok(!exported.body.includes(GIVEN) && !exported.body.includes(NOTE));
  // Changing her identity now is refused; erasing again too.
  const edit = await worker.request('PATCH', `/api/persons/${personId}`, { version: 1, changes: { aliases: ['Otra'] } });
  assert.equal(edit.statusCode, 409);
  assert.match((edit.json() as { type: string }).type, /personErased/);
  assert.equal((await erase(officer)).statusCode, 409, 'without a key, erasing again is refused');
});
