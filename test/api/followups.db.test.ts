// Follow-ups, the worklist and alerts over the API, with a test clock that moves forward: a
// follow-up becomes overdue exactly at midnight in Lima after its day, and its alert reaches the
// assigned worker and her supervisors only. Plans: four-eyes approval. Everything survives a
// rebuild of the projections from the action log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rebuildProjections } from '../../src/server/actions/store.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let clock = new Date('2026-11-02T15:00:00.000Z'); // 10:00 in Lima, Monday 2 November
let gestora: Client;
let colega: Client;
let supervisora: Client;
let policia: Client;
let caseId: string;

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => clock });
  await createUser(t.db, { unitId: t.units.ong, username: 'colega', displayName: 'Otra gestora', password: PASSWORD, roles: ['ONG_PSICOLOGO'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.ong, username: 'supervisora', displayName: 'Supervisora ONG', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  gestora = await t.signIn('gestora');
  colega = await t.signIn('colega');
  supervisora = await t.signIn('supervisora');
  policia = await t.signIn('policia');
  // A man, adult, labour exploitation: no form assumes a girl or sexual exploitation.
  const registration = sampleRegistration({
    person: { givenNames: 'Juan Carlos', sex: 'HOMBRE', birthDate: '1988-05-10', documents: [{ type: 'DNI', number: '41234567' }] },
    caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'], meansOfControl: ['SERVIDUMBRE_POR_DEUDAS'] },
  });
  const created = await gestora.request('POST', '/api/case-files', registration);
  assert.equal(created.statusCode, 201, created.body);
  caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
  for (const [version, to] of [[1, 'ATENCION_INMEDIATA'], [2, 'EN_ATENCION']] as const) {
    const moved = await gestora.request('POST', `/api/case-files/${caseId}/transitions`, { version, to });
    assert.equal(moved.statusCode, 200, moved.body);
  }
});

after(async () => t.close());

interface FollowUp {
  id: string;
  version: number;
  state: string;
  dueOn: string;
  attempt: number;
}

const worklistOf = async (client: Client, query = '') => (await client.request('GET', `/api/worklist${query}`)).json() as { counts: Record<string, number>; overdue: { id: string; personName?: string }[]; dueToday: { id: string }[]; withoutPlan: { caseFileId: string }[]; withoutContact: { caseFileId: string }[] };
const alertKinds = async (client: Client) => ((await client.request('GET', '/api/alerts')).json() as { items: { kind: string; entityId: string }[] }).items;

let firstId: string;

test('a scheduled follow-up is due today, then overdue from midnight in Lima, and alerts the right people only', async () => {
  const res = await gestora.request('POST', `/api/case-files/${caseId}/followups`, { dueOn: '2026-11-02', modality: 'TELEFONICA' });
  assert.equal(res.statusCode, 201, res.body);
  firstId = (res.json() as FollowUp).id;

  let list = await worklistOf(gestora);
  assert.equal(list.counts.today, 1);
  assert.equal(list.counts.overdue, 0);
  assert.equal(list.dueToday[0]?.id, firstId);
  assert.equal(list.counts.withoutPlan, 1, 'in care without a plan');

  clock = new Date('2026-11-03T04:59:59.000Z'); // 23:59:59 in Lima, still the 2nd
  assert.equal((await worklistOf(gestora)).counts.overdue, 0);
  assert.deepEqual(await alertKinds(gestora), []);

  clock = new Date('2026-11-03T05:00:00.000Z'); // midnight in Lima
  list = await worklistOf(gestora);
  assert.equal(list.counts.overdue, 1);
  assert.equal(list.overdue[0]?.personName, 'Juan Carlos Quispe Huamán');
  assert.deepEqual((await alertKinds(gestora)).map((a) => [a.kind, a.entityId]), [['FOLLOWUP_OVERDUE', firstId]]);
  assert.deepEqual((await alertKinds(supervisora)).map((a) => a.kind), ['FOLLOWUP_OVERDUE']);
  assert.deepEqual(await alertKinds(colega), [], 'a colleague it is not assigned to');
  assert.deepEqual(await alertKinds(policia), [], 'another agency');
  assert.equal((await worklistOf(colega, '?scope=mine')).counts.overdue, 0);
  assert.equal((await worklistOf(gestora, '?scope=mine')).counts.overdue, 1);
});

test('recording a contact: the next one within the stage gap, the alert goes, the last contact is kept', async () => {
  const tooLate = await gestora.request('POST', `/api/followups/${firstId}/record`, { version: 1, outcome: 'REALIZADO', doneOn: '2026-11-03', nextDueOn: '2026-11-11' });
  assert.equal(tooLate.statusCode, 422);
  assert.match((tooLate.json() as { title: string }).title, /7 días/);
  const noReason = await gestora.request('POST', `/api/followups/${firstId}/record`, { version: 1, outcome: 'NO_CONTACTADO', doneOn: '2026-11-03', nextDueOn: '2026-11-05' });
  assert.equal(noReason.statusCode, 422);
  const attempt = await gestora.request('POST', `/api/followups/${firstId}/record`, { version: 1, outcome: 'NO_CONTACTADO', doneOn: '2026-11-03', noContactReason: 'NO_CONTESTA', nextDueOn: '2026-11-05' });
  assert.equal(attempt.statusCode, 200, attempt.body);
  const { next } = attempt.json() as { next: FollowUp };
  assert.equal(next.attempt, 2);
  assert.deepEqual(await alertKinds(gestora), []);
  assert.equal((await worklistOf(gestora)).counts.withoutContact, 1, 'an attempt is not a contact; detected a month ago');

  const done = await gestora.request('POST', `/api/followups/${next.id}/record`, {
    version: 1,
    outcome: 'REALIZADO',
    doneOn: '2026-11-03',
    alert: 'SEGURIDAD',
    content: { safety: { threats: 'SI', feelsSafe: 2 }, employment: { situation: 'SIN_EMPLEO' }, notes: 'Refiere llamadas del contratista de la mina (sintético).' },
    nextDueOn: '2026-11-10',
  });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal((await worklistOf(gestora)).counts.withoutContact, 0);
  assert.deepEqual((await alertKinds(supervisora)).map((a) => a.kind), ['FOLLOWUP_FLAG']);
  assert.deepEqual(await alertKinds(colega), []);
  const items = ((await gestora.request('GET', `/api/case-files/${caseId}/followups`)).json() as { items: (FollowUp & { content: { notes?: string } })[]; suggestedNextDueOn: string }).items;
  assert.deepEqual(items.map((f) => f.state).sort(), ['NO_CONTACTADO', 'PROGRAMADO', 'REALIZADO']);
  assert.match(items.find((f) => f.state === 'REALIZADO')?.content.notes ?? '', /contratista/);
  // The police agency does not reach the NGO's case file at all.
  assert.equal((await policia.request('GET', `/api/case-files/${caseId}/followups`)).statusCode, 404);
  const scale = await gestora.request('POST', `/api/followups/${firstId}/record`, { version: 2, outcome: 'REALIZADO', doneOn: '2026-11-03', content: { safety: { feelsSafe: 9 } } });
  assert.equal(scale.statusCode, 400);
});

test('a plan: drafted, agreed with the person, approved by a supervisor who did not write it', async () => {
  const created = await gestora.request('POST', `/api/case-files/${caseId}/plans`, {
    participation: 'ELABORADO_CON_LA_PERSONA',
    place: 'LUGAR_ORIGEN',
    goals: [
      { dimension: 'DOCUMENTACION_IDENTIDAD', objective: 'Obtener su DNI', responsibleEntity: 'RENIEC', targetDate: '2026-11-20' },
      { dimension: 'EMPLEO_INGRESOS', objective: 'Empleo formal por al menos tres meses', responsibleEntity: 'MTPE', targetDate: '2027-03-01' },
    ],
  });
  assert.equal(created.statusCode, 201, created.body);
  const plan = (created.json() as { plan: { id: string; version: number; content: { goals: { id: string }[] } } }).plan;
  assert.equal((await gestora.request('POST', `/api/case-files/${caseId}/plans`, { goals: [] })).statusCode, 409, 'one plan in force');
  assert.equal((await gestora.request('POST', `/api/plans/${plan.id}/transitions`, { version: 1, to: 'EN_VALIDACION_CON_LA_PERSONA' })).statusCode, 200);
  const self = await gestora.request('POST', `/api/plans/${plan.id}/transitions`, { version: 2, to: 'APROBADO' });
  assert.equal(self.statusCode, 422);
  // Four eyes on the worklist: the plan waits on the head of the unit — listed and alerted — not on its author.
  const waiting = async (client: Client) => ((await client.request('GET', '/api/worklist')).json() as { proposals: { kind: string; entityId: string; caseFileId: string }[] }).proposals.filter((p) => p.kind === 'PLAN').map((p) => p.entityId);
  const planAlerts = async (client: Client) => (await alertKinds(client)).filter((a) => a.kind === 'PROPOSAL_PENDING').map((a) => a.entityId);
  assert.deepEqual(await waiting(supervisora), [plan.id]);
  assert.deepEqual(await planAlerts(supervisora), [plan.id]);
  assert.deepEqual(await waiting(gestora), [], 'not its author');
  assert.deepEqual(await planAlerts(gestora), []);
  const approved = await supervisora.request('POST', `/api/plans/${plan.id}/transitions`, { version: 2, to: 'APROBADO' });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.deepEqual([await waiting(supervisora), await planAlerts(supervisora)], [[], []], 'decided: off her worklist and alerts');
  const running = await gestora.request('POST', `/api/plans/${plan.id}/transitions`, { version: 3, to: 'EN_EJECUCION' });
  assert.equal(running.statusCode, 200, running.body);
  assert.equal((running.json() as { plan: { reviewDueOn: string } }).plan.reviewDueOn, '2027-02-01');
  assert.equal((await worklistOf(gestora)).counts.withoutPlan, 0);
  // The next follow-up is brought forward to the first goal's date.
  const suggested = ((await gestora.request('GET', `/api/case-files/${caseId}/followups`)).json() as { suggestedNextDueOn: string }).suggestedNextDueOn;
  assert.equal(suggested, '2026-11-10');
  const progress = await gestora.request('POST', `/api/plans/${plan.id}/progress`, { version: 4, goalId: plan.content.goals[0]?.id, status: 'LOGRADO' });
  assert.equal(progress.statusCode, 200, progress.body);
});

test('everything of the follow-up area is derived again from the action log', async () => {
  const snapshot = async () => ({
    followups: await t.db.query('SELECT id, state, due_on, attempt, alert_type, version, unit_id FROM followups ORDER BY id'),
    plans: await t.db.query('SELECT id, state, plan_version, review_due_on, version FROM care_plans ORDER BY id'),
    contacts: await t.db.query('SELECT * FROM case_contacts ORDER BY case_file_id'),
  });
  const live = await snapshot();
  const counts = await t.db.transaction((tx) => rebuildProjections(tx));
  assert.equal(counts.followUpRecords, live.followups.length + live.plans.length);
  assert.deepEqual(await snapshot(), live);
  const items = ((await gestora.request('GET', `/api/case-files/${caseId}/followups`)).json() as { items: { content: { notes?: string } }[] }).items;
  assert.ok(items.some((f) => f.content.notes?.includes('contratista')), 'sealed content opens after a rebuild');
});
