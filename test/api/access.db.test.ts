// Access beyond the owner: shares with another agency on a basis and field groups, revocation,
// breaking the glass with a reason for a few hours, and what the owner sees of it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let ngo: Client;
let dpo: Client;

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  const agency = await createAgency(t.db, { key: 'APD', name: 'Oficina de datos personales (sintética)', orgType: 'GOBIERNO_CENTRAL', entity: 'MINJUSDH' });
  const unit = await createUnit(t.db, { agencyId: agency, name: 'Oficial de datos', ubigeo: '150101' });
  await createUser(t.db, { unitId: unit, username: 'oficial', displayName: 'Oficial de datos', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
  dpo = await t.signIn('oficial');
});
after(() => t.close());

async function register(client: Client): Promise<{ id: string; personId: string }> {
  const res = await client.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa Elvira', documents: [] } }));
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json() as { caseFile: { id: string; personId: string } };
  return { id: body.caseFile.id, personId: body.caseFile.personId };
}

const audited = async (entityId: string, action: string) =>
  t.db.query<{ purpose: string | null; username: string; field_groups: string[] }>('SELECT purpose, username, field_groups FROM audit_log WHERE entity_id = $1 AND action = $2', [entityId, action]);

test('a record shared on a legal mandate opens to the other agency, with only the shared groups, until revoked', async () => {
  const own = await register(police);
  const before = await ngo.request('GET', `/api/case-files/${own.id}`);
  const missing = await ngo.request('GET', `/api/case-files/${randomUUID()}`);
  assert.equal(before.statusCode, 404);
  assert.deepEqual(before.json(), missing.json(), 'another agency\'s record looks exactly like a missing one');

  const refused = await police.request('POST', `/api/case-files/${own.id}/shares`, { agency: 'ONG', basis: 'MANDATE', groups: ['G2', 'G6'], reason: 'consentimiento escrito del 2026-11-20' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /G6/);
  const shortReason = await police.request('POST', `/api/case-files/${own.id}/shares`, { agency: 'ONG', basis: 'MANDATE', groups: ['G2'], reason: 'porque' });
  assert.equal(shortReason.statusCode, 400);
  assert.equal((await police.request('POST', `/api/case-files/${own.id}/shares`, { agency: 'XYZ', basis: 'MANDATE', groups: ['G2'], reason: 'consentimiento escrito' })).statusCode, 400);

  // Only the case core first: the NGO sees the case but not who she is.
  const core = await police.request('POST', `/api/case-files/${own.id}/shares`, { agency: 'ONG', basis: 'MANDATE', groups: ['G2'], reason: 'consentimiento escrito del 2026-11-20' });
  assert.equal(core.statusCode, 201, core.body);
  const coreView = (await ngo.request('GET', `/api/case-files/${own.id}`)).json() as { person?: unknown; caseFile: { id: string }; abilities: Record<string, boolean> };
  assert.equal(coreView.caseFile.id, own.id);
  assert.equal(coreView.person, undefined);
  assert.equal(coreView.abilities.transition, false, 'the lifecycle stays with the owner');
  assert.equal((await ngo.request('GET', `/api/case-files/${own.id}/history`)).statusCode, 403, 'the history shows identity changes');

  const identity = await police.request('POST', `/api/case-files/${own.id}/shares`, { agency: 'ONG', basis: 'MANDATE', groups: ['G1', 'G2'], reason: 'consentimiento escrito ampliado' });
  const fullView = (await ngo.request('GET', `/api/case-files/${own.id}`)).json() as { person?: { givenNames: string } };
  assert.equal(fullView.person?.givenNames, 'Rosa Elvira');
  const reads = await audited(own.id, 'READ');
  assert.ok(reads.some((r) => r.username === 'gestora' && r.purpose === 'shared'), 'reads of a shared record are audited as such');

  // Only the owner may share or revoke; the receiver cannot pass it on.
  assert.equal((await ngo.request('POST', `/api/case-files/${own.id}/shares`, { agency: 'NAC', basis: 'MANDATE', groups: ['G2'], reason: 'reenvío no permitido' })).statusCode, 404);
  const shares = (await police.request('GET', `/api/case-files/${own.id}/shares`)).json() as { items: { id: string; agency: { key: string }; basis: string; inForce: boolean }[] };
  assert.equal(shares.items.length, 2);
  for (const share of shares.items) assert.equal((await police.request('DELETE', `/api/case-files/${own.id}/shares/${share.id}`)).statusCode, 204);
  assert.equal((await police.request('DELETE', `/api/case-files/${own.id}/shares/${(identity.json() as { share: { id: string } }).share.id}`)).statusCode, 404, 'revoked once');
  assert.equal((await ngo.request('GET', `/api/case-files/${own.id}`)).statusCode, 404, 'revocation closes it again');
  assert.equal((await audited(own.id, 'SHARE')).length, 2);
  assert.equal((await audited(own.id, 'REVOKE_SHARE')).length, 2);
});

test('breaking the glass needs the role and a reason, opens the record to that user for three hours, and the owner sees it', async () => {
  const own = await register(ngo);
  assert.equal((await dpo.request('GET', `/api/case-files/${own.id}`)).statusCode, 404);
  assert.equal((await police.request('POST', `/api/case-files/${own.id}/break-glass`, { reason: 'quiero ver este expediente por curiosidad' })).statusCode, 403, 'a role without break-glass');
  const noReason = await dpo.request('POST', `/api/case-files/${own.id}/break-glass`, { reason: 'urgente' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /20/);
  assert.equal((await dpo.request('POST', `/api/case-files/${own.id}/break-glass`, { reason: 'solicitud ARCO de acceso urgente', hours: 8 })).statusCode, 400, 'at most three hours');

  const reason = 'solicitud ARCO de acceso n.º 14: la titular pide sus datos hoy';
  const opened = await dpo.request('POST', `/api/case-files/${own.id}/break-glass`, { reason });
  assert.equal(opened.statusCode, 201, opened.body);
  const until = new Date((opened.json() as { access: { expiresAt: string } }).access.expiresAt).getTime();
  assert.ok(Math.abs(until - Date.now() - 3 * 3600_000) < 120_000, 'three hours');

  const view = await dpo.request('GET', `/api/case-files/${own.id}`);
  assert.equal(view.statusCode, 200);
  const body = view.json() as { person?: { givenNames: string }; abilities: Record<string, boolean> };
  assert.equal(body.person?.givenNames, 'Rosa Elvira');
  assert.equal(body.abilities.update, false, 'reading only');
  assert.equal((await dpo.request('PATCH', `/api/case-files/${own.id}`, { version: 1, changes: { meansOfControl: ['AMENAZAS'] } })).statusCode, 403, 'no writing');

  const glass = await audited(own.id, 'BREAK_GLASS');
  assert.equal(glass.length, 1);
  assert.equal(glass[0]?.purpose?.includes('titular'), false, 'the reason is not stored readable in the audit log');
  assert.equal(glass[0]?.username, 'oficial');
  const logged = (await dpo.request('GET', `/api/audit?record=${own.id}&action=BREAK_GLASS`)).json() as { items: { purpose: string }[] };
  assert.deepEqual(logged.items.map((e) => e.purpose), [reason], 'the data-protection officer reads it');

  // The owning agency is told: who, why, until when.
  const told = (await ngo.request('GET', '/api/break-glass')).json() as { items: { caseFileId: string; user: string; reason: string; inForce: boolean }[] };
  const entry = told.items.find((i) => i.caseFileId === own.id);
  assert.equal(entry?.user, 'oficial');
  assert.equal(entry?.reason, reason);
  assert.equal(entry?.inForce, true);
  assert.equal(((await police.request('GET', '/api/break-glass')).json() as { items: unknown[] }).items.length, 0, 'other agencies are not told');

  // Time is up: closed again, like a missing record.
  await t.db.query("UPDATE record_access SET expires_at = now() - interval '1 second' WHERE case_file_id = $1", [own.id]);
  const closed = await dpo.request('GET', `/api/case-files/${own.id}`);
  assert.equal(closed.statusCode, 404);
  assert.deepEqual(closed.json(), (await dpo.request('GET', `/api/case-files/${randomUUID()}`)).json());
  assert.equal((await dpo.request('POST', `/api/case-files/${randomUUID()}/break-glass`, { reason })).statusCode, 404);
});

// Retried writes: sent again with the same Idempotency-Key they answer the first answer and change
// nothing; the same key with another request is refused with 422 and changes nothing.
const count = async (sql: string, params: unknown[]) => Number((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0]?.n);

test('a share sent again with the same key is made once; the same key with another share is refused', async () => {
  const own = await register(police);
  const body = { agency: 'ONG', basis: 'MANDATE', groups: ['G2'], reason: 'oficio fiscal del 2026-11-20 (sintético)' };
  const key = 'share-retry-0001';
  const first = await police.request('POST', `/api/case-files/${own.id}/shares`, body, { 'idempotency-key': key });
  assert.equal(first.statusCode, 201, first.body);
  const retries = await Promise.all([1, 2].map(() => police.request('POST', `/api/case-files/${own.id}/shares`, body, { 'idempotency-key': key })));
  for (const retry of retries) {
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), first.json(), 'the first answer, the same share');
  }
  assert.equal(await count('SELECT 1 FROM record_access WHERE case_file_id = $1', [own.id]), 1, 'one share, not three');

  const other = await police.request('POST', `/api/case-files/${own.id}/shares`, { ...body, groups: ['G1', 'G2'] }, { 'idempotency-key': key, 'accept-language': 'en' });
  assert.equal(other.statusCode, 422, 'the same key with another request');
  assert.equal(await count('SELECT 1 FROM record_access WHERE case_file_id = $1', [own.id]), 1, 'nothing shared by the refused request');

  // Revoking: the retry answers 204 again instead of "no such share".
  const shareId = (first.json() as { share: { id: string } }).share.id;
  const revoke = () => police.request('DELETE', `/api/case-files/${own.id}/shares/${shareId}`, undefined, { 'idempotency-key': 'revoke-retry-0001' });
  assert.equal((await revoke()).statusCode, 204);
  const again = await revoke();
  assert.equal(again.statusCode, 204);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal((await police.request('DELETE', `/api/case-files/${own.id}/shares/${shareId}`)).statusCode, 404, 'without a key, a second revocation is still refused');
  assert.equal(await count('SELECT 1 FROM record_access WHERE case_file_id = $1 AND revoked_at IS NOT NULL', [own.id]), 1);
});

test('breaking the glass sent again with the same key opens one access, whose clock does not start again', async () => {
  const own = await register(police);
  const body = { reason: 'solicitud ARCO urgente de la titular (sintético)' };
  const key = 'glass-retry-0001';
  const first = await dpo.request('POST', `/api/case-files/${own.id}/break-glass`, body, { 'idempotency-key': key });
  assert.equal(first.statusCode, 201, first.body);
  const retry = await dpo.request('POST', `/api/case-files/${own.id}/break-glass`, body, { 'idempotency-key': key });
  assert.equal(retry.statusCode, 201);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.deepEqual(retry.json(), first.json(), 'the same access and the same end');
  assert.equal(await count("SELECT 1 FROM record_access WHERE case_file_id = $1 AND basis = 'BREAK_GLASS'", [own.id]), 1);

  const other = await dpo.request('POST', `/api/case-files/${own.id}/break-glass`, { ...body, hours: 1 }, { 'idempotency-key': key, 'accept-language': 'en' });
  assert.equal(other.statusCode, 422);
  assert.match(other.body, /idempotency key/i);
  assert.equal(await count("SELECT 1 FROM record_access WHERE case_file_id = $1 AND basis = 'BREAK_GLASS'", [own.id]), 1);
  assert.equal((await dpo.request('POST', `/api/case-files/${own.id}/break-glass`, body, { 'idempotency-key': 'no' })).statusCode, 400, 'a malformed key is refused');
});
