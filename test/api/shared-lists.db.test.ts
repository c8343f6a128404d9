// Records another agency shares with the reader's: in her list and search, marked as shared, never
// beyond the shared groups (no name when identity was not shared, and no finding them by name);
// read-only unless the share says otherwise; gone when the share ends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let ngo: Client;

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
});
after(() => t.close());

interface Item {
  id: string;
  code: string;
  personName: string;
  sex: string;
  shared?: { ownerAgency: string; bases: string[]; identity: boolean };
}

async function register(client: Client, givenNames: string, dni: string): Promise<{ id: string; code: string }> {
  const res = await client.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames, paternalSurname: 'Ticona', documents: [{ type: 'DNI', number: dni }] } }));
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { caseFile: { id: string; code: string } }).caseFile;
}
const list = async (client: Client, q?: string) => {
  const res = await client.request('GET', `/api/case-files${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { items: Item[]; total: number };
};
const share = async (id: string, body: Record<string, unknown>) => {
  const res = await police.request('POST', `/api/case-files/${id}/shares`, { agency: 'ONG', basis: 'MANDATE', reason: 'requerimiento fiscal del 2026-11-20', ...body });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { share: { id: string } }).share.id;
};

test('a shared case appears in the receiver\'s list, marked, without the name when identity was not shared', async () => {
  const own = await register(ngo, 'Propia', '41000001');
  const caseOnly = await register(police, 'Anatolia', '41000002');
  const withIdentity = await register(police, 'Bernardina', '41000003');
  const before = await list(ngo);
  assert.deepEqual(before.items.map((i) => i.id), [own.id]);

  const caseShare = await share(caseOnly.id, { groups: ['G2'] });
  await share(withIdentity.id, { groups: ['G1', 'G2'] });
  const after = await list(ngo);
  assert.equal(after.total, 3);
  const byId = new Map(after.items.map((i) => [i.id, i]));
  assert.equal(byId.get(own.id)?.shared, undefined);
  assert.deepEqual(byId.get(caseOnly.id)?.shared, { ownerAgency: 'PNP', bases: ['MANDATE'], identity: false });
  assert.equal(byId.get(caseOnly.id)?.personName, '');
  assert.equal(byId.get(caseOnly.id)?.sex, '');
  assert.deepEqual(byId.get(withIdentity.id)?.shared, { ownerAgency: 'PNP', bases: ['MANDATE'], identity: true });
  assert.match(byId.get(withIdentity.id)?.personName ?? '', /^Bernardina Ticona/);

  // Search: by name or document only where identity was shared; by case code where the case was.
  assert.deepEqual((await list(ngo, 'Bernardina Ticona')).items.map((i) => i.id), [withIdentity.id]);
  assert.deepEqual((await list(ngo, 'Anatolia Ticona')).items, [], 'a name not shared cannot be confirmed by searching it');
  assert.deepEqual((await list(ngo, '41000002')).items, []);
  assert.deepEqual((await list(ngo, '41000003')).items.map((i) => i.id), [withIdentity.id]);
  assert.deepEqual((await list(ngo, caseOnly.code)).items.map((i) => i.id), [caseOnly.id]);
  // The owner's list is unchanged: no marks on her own records.
  assert.ok((await list(police)).items.every((i) => i.shared === undefined));

  assert.equal((await police.request('DELETE', `/api/case-files/${caseOnly.id}/shares/${caseShare}`)).statusCode, 204);
  assert.equal((await list(ngo)).items.some((i) => i.id === caseOnly.id), false, 'gone with the share');
});

test('a share is read-only unless it says otherwise; the holding agency alone edits the case core', async () => {
  const readOnly = await register(police, 'Celestina', '41000004');
  await share(readOnly.id, { groups: ['G1', 'G2', 'G5'] });
  const view = (await ngo.request('GET', `/api/case-files/${readOnly.id}`)).json() as { abilities: Record<string, boolean> };
  assert.equal(view.abilities.read, true);
  assert.equal(view.abilities.readCare, true);
  assert.equal(view.abilities.writeCare, false);
  assert.equal(view.abilities.update, false);
  assert.equal((await ngo.request('PATCH', `/api/case-files/${readOnly.id}`, { version: 1, changes: { detectionDate: '2026-10-03' } })).statusCode, 404);

  const writable = await register(police, 'Dionisia', '41000005');
  await share(writable.id, { groups: ['G2', 'G5'], writable: true });
  const writableView = (await ngo.request('GET', `/api/case-files/${writable.id}`)).json() as { abilities: Record<string, boolean> };
  assert.equal(writableView.abilities.writeCare, true, 'the NGO writes the care it was asked to give');
  assert.equal(writableView.abilities.update, false);
  const entries = (await police.request('GET', `/api/case-files/${writable.id}/shares`)).json() as { items: { writable: boolean }[] };
  assert.deepEqual(entries.items.map((e) => e.writable), [true]);
});
