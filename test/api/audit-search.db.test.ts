// Searching the audit log (administrators and data-protection officers: by user, record, time,
// action; paged; the search itself audited; another agency's log out of sight) and a record's own
// "who has seen it".
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { REASON_WITHHELD } from '../../src/server/audit/reasons.ts';
import { verifyAuditLog } from '../../src/server/audit/writer.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let ngo: Client;
let officer: Client;
let admin: Client;
let caseId = '';
let personId = '';

interface Entry {
  seq: string;
  at: string;
  user: string | null;
  action: string;
  entityId: string | null;
  outcome: string;
  agency: { key: string } | null;
  purpose: string | null;
  recordIds: string[];
}
interface Page {
  items: Entry[];
  next: string | null;
}

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'oficial.pnp', displayName: 'Oficial de datos PNP', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
  officer = await t.signIn('oficial.pnp');
  admin = await t.signIn('adminpnp');
  const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Yesenia', documents: [] } }));
  assert.equal(res.statusCode, 201, res.body);
  ({ id: caseId, personId } = (res.json() as { caseFile: { id: string; personId: string } }).caseFile);
  for (let i = 0; i < 3; i++) assert.equal((await police.request('GET', `/api/case-files/${caseId}`)).statusCode, 200);
  // The NGO probes the police record: refused, and the probe is logged.
  assert.equal((await ngo.request('GET', `/api/case-files/${caseId}`)).statusCode, 404);
  await ngo.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Otra', documents: [] } }));
});
after(() => t.close());

const search = async (client: Client, query: string) => {
  const res = await client.request('GET', `/api/audit?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Page;
};

test('the officer finds entries by record, by user, by action and by time, newest first', async () => {
  const byRecord = await search(officer, `record=${caseId}`);
  assert.ok(byRecord.items.length >= 5);
  assert.ok(byRecord.items.every((e) => e.entityId === caseId || e.entityId === personId));
  const seqs = byRecord.items.map((e) => Number(e.seq));
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
  const reads = await search(officer, `record=${caseId}&action=READ&user=POLICIA`);
  assert.equal(reads.items.length, 3);
  assert.ok(reads.items.every((e) => e.user === 'policia' && e.action === 'READ'));
  const denied = await search(officer, `record=${caseId}&outcome=denied`);
  assert.deepEqual(denied.items.map((e) => [e.user, e.agency?.key]), [['gestora', 'ONG']], 'a probe from another agency shows on the record it aimed at');
  assert.equal((await search(officer, 'from=2000-01-01&to=2000-12-31')).items.length, 0);
  const today = new Date().toISOString();
  assert.ok((await search(officer, `to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&from=${encodeURIComponent(new Date(Date.parse(today) - 3_600_000).toISOString())}`)).items.length > 0);
});

test('pages follow each other without gaps or repeats', async () => {
  const all = await search(officer, 'limit=200');
  const seen: string[] = [];
  let before: string | null = null;
  do {
    const page: Page = await search(officer, `limit=2${before ? `&before=${before}` : ''}`);
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((e) => e.seq));
    before = page.next;
  } while (before);
  // Each search adds an entry of its own (after it has read): the pages hold every entry there was before them, once, newest first.
  assert.equal(new Set(seen).size, seen.length);
  assert.deepEqual(seen.map(Number), [...seen.map(Number)].sort((a, b) => b - a));
  for (const entry of all.items) assert.ok(seen.includes(entry.seq), `entry ${entry.seq} missing from the pages`);
});

test('the search is audited, reaches the agency\'s own log only, and answers bad filters with 400', async () => {
  await search(admin, `record=${caseId}&action=READ`);
  const searches = await search(officer, 'action=AUDIT_SEARCH&user=adminpnp');
  assert.ok(searches.items.some((e) => e.entityId === caseId), 'the administrator\'s search is itself in the log');
  // The NGO's own registration is not the police officer's to see.
  const all = await search(officer, 'limit=200');
  assert.ok(all.items.every((e) => e.agency?.key !== 'ONG' || e.entityId === caseId), 'another agency\'s users appear only where they touched this agency\'s records');
  for (const query of ['limit=0', 'limit=500', 'from=ayer', 'record=123', 'outcome=maybe', 'action=drop%20table', 'before=abc', 'other=1']) {
    const res = await officer.request('GET', `/api/audit?${query}`, undefined, { 'accept-language': 'en' });
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
  }
  assert.equal((await police.request('GET', '/api/audit')).statusCode, 403, 'a case worker does not search the log');
});

test('the holding agency sees who has seen its record; nobody else does', async () => {
  const res = await police.request('GET', `/api/case-files/${caseId}/access-log`);
  assert.equal(res.statusCode, 200, res.body);
  const log = res.json() as Page & { viewers: { user: string; times: number; agency: { key: string } }[] };
  const policia = log.viewers.find((v) => v.user === 'policia');
  assert.ok(policia && policia.times >= 4, 'registration and three reads');
  assert.equal(log.viewers.some((v) => v.user === 'gestora'), false, 'a refused probe is not a view');
  assert.ok(log.items.some((e) => e.user === 'gestora' && e.outcome === 'denied'), 'but it is in the log');
  assert.equal((await ngo.request('GET', `/api/case-files/${caseId}/access-log`)).statusCode, 404);
  assert.equal((await police.request('GET', `/api/case-files/${randomUUID()}/access-log`)).statusCode, 404);
  const again = (await police.request('GET', `/api/case-files/${caseId}/access-log?limit=3`)).json() as Page;
  assert.ok(again.items.some((e) => e.action === 'READ_ACCESS_LOG' && e.user === 'policia'), 'reading the log is itself logged');
  assert.ok(again.next, 'more than one page');
});

test('a list or search names the records it returned: the record\'s log and the search by record find it', async () => {
  const listed = (await police.request('GET', '/api/case-files?q=Yesenia')).json() as { items: { id: string }[] };
  assert.ok(listed.items.some((i) => i.id === caseId));
  const found = await search(officer, `record=${caseId}&action=LIST`);
  const entry = found.items.find((e) => e.user === 'policia');
  assert.ok(entry, 'the search that returned it');
  assert.deepEqual([...(entry?.recordIds ?? [])].sort(), listed.items.map((i) => i.id).sort());
  const log = (await police.request('GET', `/api/case-files/${caseId}/access-log?limit=200`)).json() as Page;
  assert.ok(log.items.some((e) => e.action === 'LIST' && e.user === 'policia'), 'the record\'s own log shows the list that showed it');
  const { problems } = await verifyAuditLog(t.db);
  assert.deepEqual(problems, [], 'the record ids are part of the chained entries');
});

test('an edit\'s reason is sealed in the audit log: the officer and the holding agency read it, the administrator does not', async () => {
  const reason = 'Yesenia pidió corregirlo en la entrevista (sintético)';
  const version = ((await police.request('GET', `/api/case-files/${caseId}`)).json() as { caseFile: { version: number } }).caseFile.version;
  const edited = await police.request('PATCH', `/api/case-files/${caseId}`, { version, changes: { meansOfControl: ['AMENAZAS'] }, reason });
  assert.equal(edited.statusCode, 200, edited.body);
  const raw = await t.db.query<{ purpose: string | null }>("SELECT purpose FROM audit_log WHERE entity_id = $1 AND action = 'UPDATE'", [caseId]);
  assert.equal(raw.length, 1);
  assert.equal(raw[0]?.purpose?.includes('Yesenia'), false, 'not readable in the database');
  assert.equal((await t.db.query("SELECT 1 FROM audit_log WHERE purpose LIKE '%entrevista%'")).length, 0);
  assert.deepEqual((await search(officer, `record=${caseId}&action=UPDATE`)).items.map((e) => e.purpose), [reason]);
  assert.deepEqual((await search(admin, `record=${caseId}&action=UPDATE`)).items.map((e) => e.purpose), [REASON_WITHHELD], 'no case content for the administrator');
  const log = (await police.request('GET', `/api/case-files/${caseId}/access-log?limit=200`)).json() as Page;
  assert.deepEqual(log.items.filter((e) => e.action === 'UPDATE').map((e) => e.purpose), [reason]);
});
