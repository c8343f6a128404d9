import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { entryHash, genesisHash, verifyChain, type AuditEntry } from '../../src/server/audit/chain.ts';
import { verifyAuditLog } from '../../src/server/audit/writer.ts';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
before(async () => {
  t = await startTestApp();
  police = await t.signIn('policia');
});
after(() => t.close());

async function auditRows(entityId: string) {
  return t.db.query<{ action: string; username: string; field_groups: string[]; outcome: string }>('SELECT action, username, field_groups, outcome FROM audit_log WHERE entity_id = $1 ORDER BY seq', [entityId]);
}

test('every read and write of a case file is audited before the answer leaves', async () => {
  const created = (await police.request('POST', '/api/case-files', sampleRegistration())).json() as { caseFile: { id: string } };
  const id = created.caseFile.id;
  await police.request('GET', `/api/case-files/${id}`);
  await police.request('GET', `/api/case-files/${id}/history`);
  await police.request('POST', `/api/case-files/${id}/transitions`, { version: 1, to: 'EN_IDENTIFICACION' });
  const rows = await auditRows(id);
  assert.deepEqual(rows.map((r) => r.action), ['CREATE', 'READ', 'READ_HISTORY', 'TRANSITION']);
  assert.ok(rows.every((r) => r.username === 'policia' && r.outcome === 'ok'));
  assert.deepEqual(rows[1]?.field_groups, ['G1', 'G2']);
});

test("another agency's probe for a record is audited as denied", async () => {
  const created = (await police.request('POST', '/api/case-files', sampleRegistration())).json() as { caseFile: { id: string } };
  const ngo = await t.signIn('gestora');
  assert.equal((await ngo.request('GET', `/api/case-files/${created.caseFile.id}`)).statusCode, 404);
  const rows = await auditRows(created.caseFile.id);
  assert.deepEqual(rows.map((r) => [r.username, r.outcome]), [['policia', 'ok'], ['gestora', 'denied']]);
});

test('the audit log refuses updates and deletes', async () => {
  await assert.rejects(t.db.query("UPDATE audit_log SET username = 'x'"), /append-only/);
  await assert.rejects(t.db.query('DELETE FROM audit_log'), /append-only/);
});

test('audit verify finds an altered entry, a removed one and a cut tail', async () => {
  for (let i = 0; i < 3; i++) await police.request('GET', '/api/case-files');
  assert.deepEqual((await verifyAuditLog(t.db)).problems, []);
  // Someone with database rights switches the protection off and edits the log directly.
  await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  const [victim] = await t.db.query<{ seq: number }>("SELECT seq FROM audit_log WHERE action = 'READ' ORDER BY seq LIMIT 1");
  await t.db.query("UPDATE audit_log SET username = 'nadie' WHERE seq = $1", [victim?.seq]);
  let problems = (await verifyAuditLog(t.db)).problems;
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.kind, 'altered');
  assert.equal((problems[0] as { seq: number }).seq, victim?.seq);

  await t.db.query("UPDATE audit_log SET username = 'policia' WHERE seq = $1", [victim?.seq]);
  assert.deepEqual((await verifyAuditLog(t.db)).problems, []);
  await t.db.query('DELETE FROM audit_log WHERE seq = $1', [victim?.seq]);
  problems = (await verifyAuditLog(t.db)).problems;
  assert.equal(problems[0]?.kind, 'missing');

  const [last] = await t.db.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM audit_log');
  await t.db.query('DELETE FROM audit_log WHERE seq < $1', [last?.seq]);
  await t.db.query('DELETE FROM audit_log WHERE seq = $1', [last?.seq]);
  problems = (await verifyAuditLog(t.db)).problems;
  assert.equal(problems[0]?.kind, 'truncated');
  await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
});

test('the chain functions: an entry hashes every field', () => {
  const entry: AuditEntry = { at: '2026-11-26T10:00:00.000Z', userId: null, username: 'u', agencyId: null, unitId: null, ip: '127.0.0.1', action: 'READ', entityType: 'case_file', entityId: null, fieldGroups: ['G1'], purpose: null, outcome: 'ok' };
  const chain = '00000000-0000-4000-8000-000000000001';
  const h1 = entryHash(genesisHash(chain), chain, 1, entry);
  assert.notEqual(h1, entryHash(genesisHash(chain), chain, 1, { ...entry, fieldGroups: ['G1', 'G3'] }));
  assert.notEqual(h1, entryHash(genesisHash(chain), chain, 1, { ...entry, ip: '10.0.0.1' }));
  const row = { ...entry, seq: 1, chain, chainSeq: 1, prevHash: genesisHash(chain), hash: h1 };
  assert.deepEqual(verifyChain(chain, [row], { seq: 1, hash: h1 }), []);
  assert.equal(verifyChain(chain, [], { seq: 1, hash: h1 })[0]?.kind, 'truncated');
});
