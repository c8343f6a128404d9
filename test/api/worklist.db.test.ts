// The worklist read from its projection: every list walked page by page with its cursor gives each
// item once, in order, and as many as the count says; a bad cursor is a 400 in Spanish and English;
// and the per-case projection (worklist_cases) stays what its sources say through a case's life —
// registered, in care without a plan, given a plan, reached, handed to another unit's lead, closed
// — exactly as a rebuild from scratch derives it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rebuildWorklistCases } from '../../src/server/actions/worklist-cases.ts';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { closeCaseFile, PASSWORD, recordSharingConsent, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let clock = new Date('2026-11-02T15:00:00.000Z'); // Monday 2 November, 10:00 in Lima
let gestora: Client;
let supervisora: Client;
let cem: Client;
let mimpUnit: string;
const cases: string[] = [];

interface Page {
  counts: Record<string, number>;
  overdue: { id: string; dueOn: string }[];
  dueToday: { id: string }[];
  upcoming: { id: string }[];
  withoutPlan: { caseFileId: string; caseCode: string }[];
  withoutContact: { caseFileId: string; lastContactOn: string | null }[];
  next: Record<string, string>;
}

const get = async (client: Client, query: string) => {
  const res = await client.request('GET', `/api/worklist${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Page;
};

before(async () => {
  t = await startTestApp({ linkOnArrival: false, now: () => clock });
  const mimp = await createAgency(t.db, { key: 'MIMP', name: 'MIMP (sintético)', orgType: 'GOBIERNO_CENTRAL', entity: 'MIMP' });
  mimpUnit = await createUnit(t.db, { agencyId: mimp, name: 'CEM Pucallpa (sintético)', ubigeo: '250101' });
  await createUser(t.db, { unitId: mimpUnit, username: 'cem', displayName: 'Profesional CEM', password: PASSWORD, roles: ['MIMP_CEM'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.ong, username: 'supervisora', displayName: 'Supervisora ONG', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  gestora = await t.signIn('gestora');
  supervisora = await t.signIn('supervisora');
  cem = await t.signIn('cem');
  // Seven adults in care, men and women, labour and sexual exploitation.
  for (let i = 0; i < 7; i++) {
    const registration = sampleRegistration({
      person: { givenNames: `Persona ${'ABCDEFG'[i]}`, sex: i % 2 ? 'HOMBRE' : 'MUJER', documents: [] },
      caseFile: i % 2 ? { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL'] } : {},
    });
    const created = await gestora.request('POST', '/api/case-files', registration);
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { caseFile: { id: string } }).caseFile.id;
    for (const [version, to] of [[1, 'ATENCION_INMEDIATA'], [2, 'EN_ATENCION']] as const) {
      assert.equal((await gestora.request('POST', `/api/case-files/${id}/transitions`, { version, to })).statusCode, 200);
    }
    cases.push(id);
  }
  // Two follow-ups on each, on days spread from today to six days ahead; then the clock moves a
  // week on, and all fourteen are overdue.
  for (const [i, id] of cases.entries()) {
    for (const day of [i % 7, (i + 3) % 7]) {
      const res = await gestora.request('POST', `/api/case-files/${id}/followups`, { dueOn: `2026-11-0${2 + day}`, modality: 'TELEFONICA' });
      assert.equal(res.statusCode, 201, res.body);
    }
  }
  clock = new Date('2026-11-09T15:00:00.000Z');
});

after(async () => t.close());

/** Every item of one list, page by page. */
async function walk(list: string, key: 'overdue' | 'withoutPlan' | 'withoutContact', limit: number): Promise<{ ids: string[]; pages: number; count: number }> {
  const first = await get(gestora, `?limit=${limit}`);
  const ids = first[key].map((x) => ('id' in x ? x.id : x.caseFileId));
  let cursor = first.next[list];
  let pages = 1;
  while (cursor) {
    const page = await get(gestora, `?limit=${limit}&list=${list}&after=${encodeURIComponent(cursor)}`);
    assert.equal(page.overdue.length + page.withoutPlan.length + page.withoutContact.length, page[key].length, 'only the list asked for');
    ids.push(...page[key].map((x) => ('id' in x ? x.id : x.caseFileId)));
    cursor = page.next[list];
    pages += 1;
  }
  return { ids, pages, count: first.counts[list] ?? -1 };
}

test('every list read page by page gives each item once, in its order, as many as counted', async () => {
  const overdue = await walk('overdue', 'overdue', 4);
  assert.equal(overdue.count, 14);
  assert.equal(overdue.ids.length, 14);
  assert.equal(new Set(overdue.ids).size, 14);
  assert.equal(overdue.pages, 4);
  const all = await get(gestora, '?limit=50');
  assert.deepEqual(all.overdue.map((f) => f.id), overdue.ids, 'the pages join up in the order of one long page');
  assert.deepEqual(all.overdue.map((f) => f.dueOn), [...all.overdue.map((f) => f.dueOn)].sort());
  assert.deepEqual(all.next, {}, 'nothing more to read');

  const withoutPlan = await walk('withoutPlan', 'withoutPlan', 3);
  assert.equal(withoutPlan.count, 7);
  assert.deepEqual([...withoutPlan.ids].sort(), [...cases].sort());
  const withoutContact = await walk('withoutContact', 'withoutContact', 2);
  assert.equal(withoutContact.count, 7);
  assert.deepEqual([...withoutContact.ids].sort(), [...cases].sort());
});

test('a page starts after the last item shown, whatever was done meanwhile', async () => {
  const first = await get(gestora, '?limit=5');
  const shown = first.overdue.map((f) => f.id);
  // The first one shown is recorded as done: the next page must not skip an item for it.
  const done = await gestora.request('POST', `/api/followups/${shown[0]}/record`, { version: 1, outcome: 'REALIZADO', doneOn: '2026-11-09', nextDueOn: '2026-11-12' });
  assert.equal(done.statusCode, 200, done.body);
  const second = await get(gestora, `?limit=5&list=overdue&after=${encodeURIComponent(first.next.overdue ?? '')}`);
  const whole = (await get(gestora, '?limit=50')).overdue.map((f) => f.id);
  assert.deepEqual(second.overdue.map((f) => f.id), whole.slice(4, 9));
  assert.equal(second.counts.overdue, 13);
});

test('a cursor that is not one of the list\'s is refused with a clear message, in Spanish and English', async () => {
  const garbage = await gestora.request('GET', '/api/worklist?list=overdue&after=bm8tZXMtdW4tY3Vyc29y');
  assert.equal(garbage.statusCode, 400);
  assert.match(garbage.body, /página pedida no es válida/);
  const english = await gestora.request('GET', '/api/worklist?list=withoutPlan&after=bm8', undefined, { 'accept-language': 'en' });
  assert.equal(english.statusCode, 400);
  assert.match(english.body, /page asked for is not valid/);
  const first = await get(gestora, '?limit=2');
  const crossed = await gestora.request('GET', `/api/worklist?list=withoutContact&after=${encodeURIComponent(first.next.overdue ?? '')}`);
  assert.equal(crossed.statusCode, 400, 'an overdue cursor is not a without-contact one');
  assert.equal((await gestora.request('GET', `/api/worklist?after=${encodeURIComponent(first.next.overdue ?? '')}`)).statusCode, 400, 'a cursor names its list');
});

test('the per-case projection follows plans, contacts, a lead referral and closure, as a rebuild derives it', async () => {
  const projection = async () => t.db.query<{ case_file_id: string; lead_unit_id: string; state: string; needs_plan: boolean; contact_since: string; last_contact_on: string | null }>(
    'SELECT case_file_id, lead_unit_id, state, needs_plan, contact_since::text, last_contact_on::text FROM worklist_cases ORDER BY case_file_id',
  );
  const rowOf = async (id: string) => (await projection()).find((r) => r.case_file_id === id);
  const [planned, handed, closed] = cases as [string, string, string];

  // A plan in force takes the case off "without a plan"; interrupting it puts it back.
  const plan = await gestora.request('POST', `/api/case-files/${planned}/plans`, { participation: 'ELABORADO_CON_LA_PERSONA', goals: [{ dimension: 'EMPLEO_INGRESOS', objective: 'Capacitación técnica en soldadura', responsibleEntity: 'MTPE' }] });
  assert.equal(plan.statusCode, 201, plan.body);
  assert.equal((await rowOf(planned))?.needs_plan, false);
  const planId = (plan.json() as { plan: { id: string } }).plan.id;
  for (const [version, to, who] of [[1, 'EN_VALIDACION_CON_LA_PERSONA', gestora], [2, 'APROBADO', supervisora], [3, 'EN_EJECUCION', gestora], [4, 'INTERRUMPIDO', gestora]] as const) {
    const moved = await who.request('POST', `/api/plans/${planId}/transitions`, { version, to, reason: 'Perdió el contacto (sintético)' });
    assert.equal(moved.statusCode, 200, moved.body);
  }
  assert.equal((await rowOf(planned))?.needs_plan, true);

  // A contact made (not an attempt) moves "since when not reached".
  const reached = (await projection()).find((r) => r.last_contact_on === null && r.case_file_id !== handed && r.case_file_id !== closed)?.case_file_id ?? '';
  const items = ((await gestora.request('GET', `/api/case-files/${reached}/followups`)).json() as { items: { id: string; state: string; version: number }[] }).items;
  const scheduled = items.find((f) => f.state === 'PROGRAMADO');
  const contact = await gestora.request('POST', `/api/followups/${scheduled?.id}/record`, { version: scheduled?.version, outcome: 'REALIZADO', doneOn: '2026-11-08', nextDueOn: '2026-11-13' });
  assert.equal(contact.statusCode, 200, contact.body);
  assert.deepEqual([(await rowOf(reached))?.last_contact_on, (await rowOf(reached))?.contact_since], ['2026-11-08', '2026-11-08']);

  // An accepted lead referral moves the case to the receiving unit's lists.
  const sent = await gestora.request('POST', `/api/case-files/${handed}/referrals`, {
    toUnitId: mimpUnit,
    motive: 'CAMBIO_DE_LUGAR',
    urgency: 'REGULAR',
    transfersLead: true,
    basis: 'CONSENTIMIENTO',
    consent: { givenOn: '2026-11-05', form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true, consentId: await recordSharingConsent(gestora, handed, 'MIMP', ['G1', 'G2', 'G5']) },
    sharedGroups: ['G1', 'G2', 'G5'],
  });
  assert.equal(sent.statusCode, 201, sent.body);
  const accepted = await cem.request('POST', `/api/referrals/${(sent.json() as { id: string }).id}/transitions`, { version: 2, to: 'ACEPTADA' });
  assert.equal(accepted.statusCode, 200, accepted.body);
  assert.equal((await rowOf(handed))?.lead_unit_id, mimpUnit);
  assert.ok((await get(cem, '?limit=50')).withoutPlan.some((c) => c.caseFileId === handed), 'on the new lead unit\'s list');
  assert.ok(!(await get(gestora, '?limit=50')).withoutPlan.some((c) => c.caseFileId === handed), 'and off the sender\'s');

  // Closed: off every list.
  const { version } = ((await gestora.request('GET', `/api/case-files/${closed}`)).json() as { caseFile: { version: number } }).caseFile;
  const close = await closeCaseFile(gestora, supervisora, closed, version, { reason: 'Decisión de la persona (sintético)', closure: { closedOn: clock.toISOString().slice(0, 10), motive: 'DECISION_DE_LA_PERSONA', acceptsLaterContact: false } });
  assert.equal(close.statusCode, 200, close.body);
  assert.equal(await rowOf(closed), undefined);

  const live = await projection();
  await t.db.transaction((tx) => rebuildWorklistCases(tx));
  assert.deepEqual(await projection(), live, 'kept in step, as derived from scratch');
});
