// Closing a case file takes four eyes (domain-spec §8.1: "case worker + SUPERVISOR approval"): the
// case worker's close is a proposal, the file keeps its state and shows it; a head of the unit
// holding the file — not the one who proposed it — approves it (the file is closed, the record says
// who approved) or returns it with a reason (the proposal is gone). Everyone else is refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUnit, createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
const c: Record<string, Client> = {};
const ids: Record<string, string> = {};

interface View {
  caseFile: { id: string; state: string; version: number; closureProposal?: { proposedBy: string; reason: string; closure: { motive: string; closedBy: string } }; closure?: { motive: string; closedBy: string; approvedBy?: string } };
  abilities: { decideClosure: boolean; close: boolean };
  nextStates: string[];
  closureProposedByName?: string;
}

const closure = { closedOn: '2026-10-20', motive: 'DECISION_DE_LA_PERSONA', acceptsLaterContact: true, finalEvaluation: [{ dimension: 'EMPLEO_INGRESOS', result: 'LOGRADO' }] };
const propose = (who: Client, id: string, version: number) => who.request('POST', `/api/case-files/${id}/transitions`, { version, to: 'CERRADO', reason: 'La persona decide cerrar (sintético)', closure });
const approve = (who: Client, id: string, version: number, headers: Record<string, string> = {}) => who.request('POST', `/api/case-files/${id}/closure/approval`, { version }, headers);
const giveBack = (who: Client, id: string, body: Record<string, unknown>) => who.request('POST', `/api/case-files/${id}/closure/return`, body);
const view = async (who: Client, id: string) => (await who.request('GET', `/api/case-files/${id}`)).json() as View;
const key = (res: { json(): unknown }) => (res.json() as { key?: string; title: string }).title;

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => new Date('2026-10-21T15:00:00.000Z') });
  const otherUnit = await createUnit(t.db, { agencyId: t.agencies.ong, name: 'Centro de atención Pucallpa (sintético)', ubigeo: '250101' });
  const users: [string, string, string[]][] = [
    ['jefa', t.units.ong, ['SUPERVISOR']],
    ['jefa.gestora', t.units.ong, ['SUPERVISOR', 'ONG_GESTOR']],
    ['gestor2', t.units.ong, ['ONG_GESTOR']],
    ['jefa.pucallpa', otherUnit, ['SUPERVISOR', 'ONG_GESTOR']],
    ['jefa.sola.pucallpa', otherUnit, ['SUPERVISOR']],
  ];
  for (const [username, unitId, roles] of users) ids[username] = await createUser(t.db, { unitId, username, displayName: `Usuaria ${username} (sintética)`, password: PASSWORD, roles, mustChangePassword: false });
  for (const username of ['gestora', 'policia', ...users.map(([u]) => u)]) c[username] = await t.signIn(username);
  const [gestora] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'gestora'");
  ids.gestora = gestora?.id ?? '';
});

after(async () => t.close());

/** A file of the NGO's unit in care (EN_ATENCION), at version 3. */
async function inCare(name: string): Promise<string> {
  const created = await c.gestora?.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: name, sex: 'HOMBRE', birthDate: '1991-09-09', documents: [] }, caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } }));
  assert.equal(created?.statusCode, 201, created?.body);
  const id = (created?.json() as { caseFile: { id: string } }).caseFile.id;
  for (const [version, to] of [[1, 'ATENCION_INMEDIATA'], [2, 'EN_ATENCION']] as const) assert.equal((await c.gestora?.request('POST', `/api/case-files/${id}/transitions`, { version, to }))?.statusCode, 200);
  return id;
}

test('the case worker\'s close is a proposal: the file keeps its state and shows who proposed it, with the record', async () => {
  const id = await inCare('Abel');
  const proposed = await propose(c.gestora as Client, id, 3);
  assert.equal(proposed.statusCode, 202, proposed.body);
  const body = proposed.json() as View;
  assert.equal(body.caseFile.state, 'EN_ATENCION');
  assert.equal(body.caseFile.version, 4);
  assert.equal(body.caseFile.closure, undefined);
  assert.equal(body.caseFile.closureProposal?.proposedBy, ids.gestora);
  assert.equal(body.caseFile.closureProposal?.closure.closedBy, ids.gestora);
  assert.equal(body.caseFile.closureProposal?.closure.motive, 'DECISION_DE_LA_PERSONA');
  assert.equal(body.caseFile.closureProposal?.reason, 'La persona decide cerrar (sintético)');
  assert.equal(body.closureProposedByName, 'Gestora de prueba');
  assert.equal(body.abilities.decideClosure, false, 'not for the one who proposed it');
  assert.ok(!body.nextStates.includes('CERRADO'), 'not proposed twice');

  const seen = await view(c.jefa as Client, id);
  assert.equal(seen.abilities.decideClosure, true);
  assert.equal(seen.closureProposedByName, 'Gestora de prueba');
  // The approver reads the proposer's words in clear; they are kept sealed under the person's key,
  // never readable in the database, and her read is audited like any other.
  assert.equal(seen.caseFile.closureProposal?.reason, 'La persona decide cerrar (sintético)');
  const [row] = await t.db.query<{ data: string }>('SELECT data::text AS data FROM case_files WHERE id = $1', [id]);
  assert.ok(row?.data.includes('DECISION_DE_LA_PERSONA') && !row.data.includes('decide cerrar'), 'the reason is not stored readable');
  const reads = await t.db.query<{ username: string }>("SELECT username FROM audit_log WHERE entity_id = $1 AND action = 'READ'", [id]);
  assert.ok(reads.some((r) => r.username === 'jefa'), 'the approver\'s read is audited');
  const again = await propose(c.gestora as Client, id, 4);
  assert.equal(again.statusCode, 422);
  assert.match(key(again), /Ya hay un cierre propuesto/);

  const history = ((await c.gestora?.request('GET', `/api/case-files/${id}/history`))?.json() as { items: { type: string; actor: string; reason: string }[] }).items;
  assert.deepEqual([history[0]?.type, history[0]?.actor, history[0]?.reason], ['case.closureProposed', 'Gestora de prueba', 'La persona decide cerrar (sintético)']);
  const audited = await t.db.query<{ purpose: string; username: string }>("SELECT purpose, username FROM audit_log WHERE entity_id = $1 AND action = 'TRANSITION' ORDER BY seq", [id]);
  assert.deepEqual([audited.at(-1)?.purpose.split(' ')[0], audited.at(-1)?.username], ['CLOSURE_PROPOSED', 'gestora'], 'its reason sealed beside it');
});

test('approved by a supervisor of the unit: closed now, the record keeps who proposed and who approved it', async () => {
  const id = await inCare('Bruno');
  assert.equal((await propose(c.gestora as Client, id, 3)).statusCode, 202);
  const stale = await approve(c.jefa as Client, id, 3);
  assert.equal(stale.statusCode, 409, 'a stale version');
  assert.equal((await view(c.jefa as Client, id)).caseFile.state, 'EN_ATENCION');

  const approved = await approve(c.jefa as Client, id, 4);
  assert.equal(approved.statusCode, 200, approved.body);
  const { caseFile } = approved.json() as View;
  assert.equal(caseFile.state, 'CERRADO');
  assert.equal(caseFile.version, 5);
  assert.equal(caseFile.closureProposal, undefined);
  assert.deepEqual([caseFile.closure?.motive, caseFile.closure?.closedBy, caseFile.closure?.approvedBy], ['DECISION_DE_LA_PERSONA', ids.gestora, ids.jefa]);
  const history = ((await c.gestora?.request('GET', `/api/case-files/${id}/history`))?.json() as { items: { type: string; actor: string; reason: string; details: { to?: string } }[] }).items;
  assert.deepEqual([history[0]?.type, history[0]?.details.to, history[0]?.actor, history[0]?.reason], ['case.transitioned', 'CERRADO', 'Usuaria jefa (sintética)', 'La persona decide cerrar (sintético)']);
  const audited = await t.db.query<{ purpose: string; username: string }>("SELECT purpose, username FROM audit_log WHERE entity_id = $1 AND action = 'TRANSITION' ORDER BY seq", [id]);
  assert.deepEqual(audited.at(-1), { purpose: 'CLOSURE_APPROVED', username: 'jefa' });
  const twice = await approve(c.jefa as Client, id, 5);
  assert.equal(twice.statusCode, 422, 'nothing left to approve');
  assert.match(key(twice), /No hay un cierre propuesto/);
});

test('refused: the proposer herself (a supervisor too), a case worker, a supervisor of another unit, another agency', async () => {
  const id = await inCare('Ciro');
  assert.equal((await propose(c['jefa.gestora'] as Client, id, 3)).statusCode, 202, 'a supervisor proposes like anyone');
  const self = await approve(c['jefa.gestora'] as Client, id, 4);
  assert.equal(self.statusCode, 403);
  assert.match(key(self), /Quien propuso el cierre no puede aprobarlo/);
  const selfEn = await approve(c['jefa.gestora'] as Client, id, 4, { 'accept-language': 'en' });
  assert.match(key(selfEn), /Whoever proposed the closure cannot approve/);
  assert.equal((await giveBack(c['jefa.gestora'] as Client, id, { version: 4, reason: 'Me retracto' })).statusCode, 403, 'nor return it');

  const worker = await approve(c.gestor2 as Client, id, 4);
  assert.equal(worker.statusCode, 403);
  assert.match(key(worker), /jefatura \(supervisión\) de la unidad/);
  const otherUnit = await approve(c['jefa.pucallpa'] as Client, id, 4);
  assert.equal(otherUnit.statusCode, 403, 'reads the agency\'s files, heads another unit');
  assert.equal((await approve(c['jefa.sola.pucallpa'] as Client, id, 4)).statusCode, 404, 'out of her reach');
  assert.equal((await approve(c.policia as Client, id, 4)).statusCode, 404, 'another agency');
  assert.equal((await view(c.gestora as Client, id)).caseFile.state, 'EN_ATENCION');

  // Another head of the unit approves it.
  const approved = await approve(c.jefa as Client, id, 4);
  assert.equal(approved.statusCode, 200, approved.body);
  const { closure: record } = (approved.json() as View).caseFile;
  assert.deepEqual([record?.closedBy, record?.approvedBy], [ids['jefa.gestora'], ids.jefa]);
});

test('returned with a reason: the proposal is gone, the file stays open and may be proposed again', async () => {
  const id = await inCare('Dario');
  assert.equal((await propose(c.gestora as Client, id, 3)).statusCode, 202);
  const noReason = await giveBack(c.jefa as Client, id, { version: 4, reason: '  ' });
  assert.equal(noReason.statusCode, 400);
  assert.deepEqual((noReason.json() as { errors: { path: string }[] }).errors.map((e) => e.path), ['reason']);
  assert.equal((await giveBack(c.jefa as Client, id, { version: 3, reason: 'Falta la evaluación final' })).statusCode, 409);
  const returned = await giveBack(c.jefa as Client, id, { version: 4, reason: 'Falta la evaluación de salud (sintético)' });
  assert.equal(returned.statusCode, 200, returned.body);
  const body = returned.json() as View;
  assert.deepEqual([body.caseFile.state, body.caseFile.version, body.caseFile.closureProposal, body.caseFile.closure], ['EN_ATENCION', 5, undefined, undefined]);
  const history = ((await c.gestora?.request('GET', `/api/case-files/${id}/history`))?.json() as { items: { type: string; actor: string; reason: string }[] }).items;
  assert.deepEqual([history[0]?.type, history[0]?.actor, history[0]?.reason], ['case.closureReturned', 'Usuaria jefa (sintética)', 'Falta la evaluación de salud (sintético)']);
  assert.ok((await view(c.gestora as Client, id)).nextStates.includes('CERRADO'));
  assert.equal((await approve(c.jefa as Client, id, 5)).statusCode, 422, 'nothing to approve once returned');
  assert.equal((await propose(c.gestora as Client, id, 5)).statusCode, 202, 'proposed again');
});

test('another move leaves a pending proposal behind, and an approval checks the closing rules again', async () => {
  const id = await inCare('Elmer');
  assert.equal((await propose(c.gestora as Client, id, 3)).statusCode, 202);
  const suspended = await c.gestora?.request('POST', `/api/case-files/${id}/transitions`, { version: 4, to: 'SUSPENDIDO', reason: 'Hospitalizado (sintético)', reviewDate: '2026-11-30' });
  assert.equal(suspended?.statusCode, 200, suspended?.body);
  assert.equal((suspended?.json() as View).caseFile.closureProposal, undefined);

  // Proposed from suspension; meanwhile a referral is sent and waits for an answer: not closed.
  assert.equal((await propose(c.gestora as Client, id, 5)).statusCode, 202);
  const sent = await c.gestora?.request('POST', `/api/case-files/${id}/referrals`, { toUnitId: t.units.pnp, motive: 'DENUNCIA_PENAL', urgency: 'REGULAR', basis: 'INTERES_VITAL', sharedGroups: ['G2'] });
  assert.equal(sent?.statusCode, 201, sent?.body);
  const { version } = (await view(c.jefa as Client, id)).caseFile;
  const refused = await approve(c.jefa as Client, id, version);
  assert.equal(refused.statusCode, 422, refused.body);
  assert.match(key(refused), /derivación pendiente/);
});

// The other moves §8.1 gives to "case worker + SUPERVISOR" take the same four eyes (one mechanism:
// propose, approve or return); reopening and restoring a discarded file are the supervisor's own.
const move = (who: Client, id: string, version: number, body: Record<string, unknown>) => who.request('POST', `/api/case-files/${id}/transitions`, { version, ...body });
const audits = async (id: string) => (await t.db.query<{ purpose: string; username: string }>("SELECT purpose, username FROM audit_log WHERE entity_id = $1 AND action = 'TRANSITION' ORDER BY seq", [id])).map((a) => [a.purpose.split(' ')[0], a.username]);

/** A file of the NGO's unit in identification whose trafficking status was ruled out, at version 3. */
async function ruledOut(name: string): Promise<string> {
  const created = await c.gestora?.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: name, sex: 'MUJER', birthDate: '1990-03-03', documents: [] } }));
  assert.equal(created?.statusCode, 201, created?.body);
  const id = (created?.json() as { caseFile: { id: string } }).caseFile.id;
  assert.equal((await move(c.gestora as Client, id, 1, { to: 'EN_IDENTIFICACION' })).statusCode, 200);
  const patched = await c.gestora?.request('PATCH', `/api/case-files/${id}`, { version: 2, changes: { traffickingStatus: 'DESCARTADA' }, reason: 'la evaluación descartó la trata (sintético)' });
  assert.equal(patched?.statusCode, 200, patched?.body);
  return id;
}

test('discarding: proposed by a role §8.1 names (not a supervisor alone), approved by a supervisor of the unit, or returned', async () => {
  const id = await ruledOut('Flor');
  const before = await view(c.gestora as Client, id);
  assert.ok(before.nextStates.includes('DESCARTADO'));
  assert.ok((before as View & { approvalNeeded: string[] }).approvalNeeded.includes('DESCARTADO'), 'the screen says it goes for approval');
  assert.ok(!(await view(c.jefa as Client, id)).nextStates.includes('DESCARTADO'), 'not offered to a supervisor alone');
  const bySupervisor = await move(c.jefa as Client, id, 3, { to: 'DESCARTADO', reason: 'No es trata (sintético)' });
  assert.equal(bySupervisor.statusCode, 403);
  assert.match(key(bySupervisor), /Descartan un expediente la fiscalía/);
  assert.equal((await move(c.gestora as Client, id, 3, { to: 'DESCARTADO' })).statusCode, 422, 'with a reason');

  const proposed = await move(c.gestora as Client, id, 3, { to: 'DESCARTADO', reason: 'No es trata (sintético)' });
  assert.equal(proposed.statusCode, 202, proposed.body);
  const body = proposed.json() as View & { caseFile: { closureProposal?: { to?: string } } };
  assert.deepEqual([body.caseFile.state, body.caseFile.closureProposal?.to, body.caseFile.closure], ['EN_IDENTIFICACION', 'DESCARTADO', undefined]);
  assert.ok(!body.nextStates.includes('DESCARTADO'), 'not proposed twice');
  const again = await move(c.gestora as Client, id, 4, { to: 'DESCARTADO', reason: 'otra vez' });
  assert.equal(again.statusCode, 422);
  assert.match(key(again), /Ya hay un cambio de estado propuesto/);
  assert.equal((await approve(c.gestora as Client, id, 4)).statusCode, 403, 'not by the proposer');
  assert.equal((await approve(c.gestor2 as Client, id, 4)).statusCode, 403, 'nor by another case worker');

  const returned = await giveBack(c.jefa as Client, id, { version: 4, reason: 'Falta el informe de la fiscalía (sintético)' });
  assert.equal(returned.statusCode, 200, returned.body);
  assert.deepEqual([(returned.json() as View).caseFile.state, (returned.json() as View).caseFile.closureProposal], ['EN_IDENTIFICACION', undefined]);
  const returnedEntry = ((await c.gestora?.request('GET', `/api/case-files/${id}/history`))?.json() as { items: { type: string; details: { to?: string } }[] }).items[0];
  assert.deepEqual([returnedEntry?.type, returnedEntry?.details.to], ['case.closureReturned', 'DESCARTADO'], 'the history says which move was returned');
  assert.equal((await move(c.gestora as Client, id, 5, { to: 'DESCARTADO', reason: 'Informe recibido (sintético)' })).statusCode, 202);
  const approved = await approve(c.jefa as Client, id, 6);
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal((approved.json() as View).caseFile.state, 'DESCARTADO');
  const history = ((await c.gestora?.request('GET', `/api/case-files/${id}/history`))?.json() as { items: { type: string; actor: string; details: { to?: string; proposedBy?: string } }[] }).items;
  assert.deepEqual([history[0]?.type, history[0]?.details.to, history[0]?.details.proposedBy, history[0]?.actor], ['case.transitioned', 'DESCARTADO', ids.gestora, 'Usuaria jefa (sintética)']);
  assert.deepEqual((await audits(id)).slice(-4), [['DESCARTADO_PROPOSED', 'gestora'], ['DESCARTADO_RETURNED', 'jefa'], ['DESCARTADO_PROPOSED', 'gestora'], ['DESCARTADO_APPROVED', 'jefa']]);

  // Back to identification with new evidence: the prosecutor or a supervisor, not the case worker.
  assert.ok(!(await view(c.gestora as Client, id)).nextStates.includes('EN_IDENTIFICACION'));
  const byWorker = await move(c.gestora as Client, id, 7, { to: 'EN_IDENTIFICACION', reason: 'Nueva evidencia (sintético)' });
  assert.equal(byWorker.statusCode, 403);
  assert.match(key(byWorker), /Solo la fiscalía o una jefatura/);
  const en = await c.gestora?.request('POST', `/api/case-files/${id}/transitions`, { version: 7, to: 'EN_IDENTIFICACION', reason: 'New evidence' }, { 'accept-language': 'en' });
  assert.match(key(en as { json(): unknown }), /Only the prosecutor or a head/);
  const restored = await move(c.jefa as Client, id, 7, { to: 'EN_IDENTIFICACION', reason: 'Nueva evidencia (sintético)' });
  assert.equal(restored.statusCode, 200, restored.body);
  assert.equal((restored.json() as View).caseFile.state, 'EN_IDENTIFICACION');
});

test('reintegration and closing by referral are proposals too, checked against their rules when proposed and when approved', async () => {
  const id = await inCare('Gil');
  const noPlan = await move(c.gestora as Client, id, 3, { to: 'EN_REINTEGRACION' });
  assert.equal(noPlan.statusCode, 422, 'no approved plan');
  const notAccepted = await move(c.gestora as Client, id, 3, { to: 'CERRADO_DERIVADO', reason: 'La policía asume el caso (sintético)' });
  assert.equal(notAccepted.statusCode, 422, 'no lead referral accepted');
  assert.equal((await view(c.gestora as Client, id)).caseFile.version, 3, 'nothing changed');

  // A lead referral accepted by the receiver does not close the file by itself: the case worker
  // proposes closing by referral and a supervisor of the unit approves it.
  const sent = await c.gestora?.request('POST', `/api/case-files/${id}/referrals`, { toUnitId: t.units.pnp, motive: 'DENUNCIA_PENAL', urgency: 'REGULAR', basis: 'INTERES_VITAL', sharedGroups: ['G2'], transfersLead: true });
  assert.equal(sent?.statusCode, 201, sent?.body);
  const referral = sent?.json() as { id: string; version: number };
  const accepted = await c.policia?.request('POST', `/api/referrals/${referral.id}/transitions`, { version: referral.version, to: 'ACEPTADA' });
  assert.equal(accepted?.statusCode, 200, accepted?.body);
  const { caseFile } = await view(c.gestora as Client, id);
  assert.equal(caseFile.state, 'EN_ATENCION', 'the acceptance alone moves nothing');
  const proposed = await move(c.gestora as Client, id, caseFile.version, { to: 'CERRADO_DERIVADO', reason: 'La policía asume el caso (sintético)' });
  assert.equal(proposed.statusCode, 202, proposed.body);
  const approved = await approve(c.jefa as Client, id, caseFile.version + 1);
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal((approved.json() as View).caseFile.state, 'CERRADO_DERIVADO');

  // Reopening with a new need is a supervisor's of the unit, with the reason.
  const version = caseFile.version + 2;
  assert.ok(!(await view(c.gestora as Client, id)).nextStates.includes('EN_ATENCION'));
  assert.ok((await view(c.jefa as Client, id)).nextStates.includes('EN_ATENCION'));
  const byWorker = await move(c.gestora as Client, id, version, { to: 'EN_ATENCION', reason: 'Nueva necesidad (sintético)' });
  assert.equal(byWorker.statusCode, 403);
  assert.match(key(byWorker), /Solo una jefatura/);
  assert.equal((await move(c['jefa.pucallpa'] as Client, id, version, { to: 'EN_ATENCION', reason: 'Nueva necesidad (sintético)' })).statusCode, 403, 'a supervisor of another unit');
  assert.equal((await move(c.jefa as Client, id, version, { to: 'EN_ATENCION' })).statusCode, 422, 'with a reason');
  const reopened = await move(c.jefa as Client, id, version, { to: 'EN_ATENCION', reason: 'Nueva necesidad (sintético)' });
  assert.equal(reopened.statusCode, 200, reopened.body);
  assert.equal((reopened.json() as View).caseFile.state, 'EN_ATENCION');
});

test('four eyes on the worklist: a proposal waits on the heads of its unit — listed and alerted — never on its proposer', async () => {
  interface Desk {
    counts: { proposals: number };
    proposals: { caseFileId: string; caseCode: string; to: string; proposedBy: string; proposedAt: string; personName?: string }[];
  }
  const desk = async (who: string) => {
    const res = await c[who]?.request('GET', '/api/worklist?scope=unit');
    assert.equal(res?.statusCode, 200, res?.body);
    return res?.json() as Desk;
  };
  const alerted = async (who: string) => ((await c[who]?.request('GET', '/api/alerts'))?.json() as { items: { kind: string; caseFileId: string; detail?: string }[] }).items.filter((a) => a.kind === 'PROPOSAL_PENDING').map((a) => a.caseFileId);
  const byWorker = await inCare('Dario');
  assert.equal((await propose(c.gestora as Client, byWorker, 3)).statusCode, 202);
  const bySupervisor = await inCare('Elmer');
  const discard = await c['jefa.gestora']?.request('POST', `/api/case-files/${bySupervisor}/transitions`, { version: 3, to: 'CERRADO', reason: 'Cierre propuesto por la jefa (sintético)', closure });
  assert.equal(discard?.statusCode, 202, discard?.body);

  const head = await desk('jefa');
  const item = head.proposals.find((p) => p.caseFileId === byWorker);
  assert.deepEqual([item?.to, item?.proposedBy, item?.personName?.startsWith('Dario')], ['CERRADO', 'Gestora de prueba', true], 'what waits, who proposed it, for whom');
  assert.ok(head.proposals.some((p) => p.caseFileId === bySupervisor));
  assert.equal(head.counts.proposals, head.proposals.length);
  assert.deepEqual((await alerted('jefa')).filter((id) => [byWorker, bySupervisor].includes(id)).sort(), [byWorker, bySupervisor].sort());

  // The supervisor who proposed one sees the other, not her own; she may not approve her own.
  const proposer = await desk('jefa.gestora');
  assert.ok(proposer.proposals.some((p) => p.caseFileId === byWorker));
  assert.ok(!proposer.proposals.some((p) => p.caseFileId === bySupervisor), 'not her own proposal');
  assert.ok(!(await alerted('jefa.gestora')).includes(bySupervisor), 'not alerted by her own proposal');
  assert.equal((await approve(c['jefa.gestora'] as Client, bySupervisor, 4)).statusCode, 403);
  // Case workers, whoever proposed, and heads of other units: nothing to decide.
  for (const who of ['gestora', 'gestor2', 'jefa.pucallpa']) {
    assert.equal((await desk(who)).proposals.length, 0, who);
    assert.deepEqual(await alerted(who), [], who);
  }
  const listed = await t.db.query<{ record_ids: string[] }>("SELECT record_ids FROM audit_log WHERE username = 'jefa' AND purpose = 'worklist:unit' ORDER BY seq DESC LIMIT 1");
  assert.ok(listed[0]?.record_ids.includes(byWorker), 'the list of what waits is audited as read');

  // Decided: off the worklist and the alerts.
  assert.equal((await approve(c.jefa as Client, byWorker, 4)).statusCode, 200);
  assert.ok(!(await desk('jefa')).proposals.some((p) => p.caseFileId === byWorker));
  assert.ok(!(await alerted('jefa')).includes(byWorker));
});
