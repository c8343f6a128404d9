// The linkage summary reads counts kept by triggers (migration 0045) as records and groups change.
// Whatever changes them (registrations in several agencies, at once or one by one, linking on
// arrival, a review decision, an unlink, a detach, an import, an ARCO cancellation, the rebuild of
// the projections, the batch linkage, a record moved to another agency) they must give exactly the
// summary counted from scratch over every record and group; and the migration counts what was
// stored before it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { rebuildProjections } from '../../src/server/actions/store.ts';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { linkAllPersons } from '../../src/server/linkage/batch.ts';
import { linkageSummary, linkageSummaryFromScratch } from '../../src/server/queries/linkage.ts';
import type { Queryable } from '../../src/server/db/database.ts';
import { PASSWORD, sampleRegistration, startTestApp, supervisedMove, type Client, type TestApp } from '../helpers/app.ts';
import { engine } from '../helpers/db.ts';

const thresholds = { link: 0.999, review: 0.2 };
let t: TestApp;
let police: Client;
let ngo: Client;
let shelter: Client;
let reviewer: Client;
let supervisor: Client;
let officer: Client;

before(async () => {
  t = await startTestApp({ linkThresholds: thresholds });
  // A third agency, so that groups hold records of three agencies and overlap has three pairs.
  const shelterAgency = await createAgency(t.db, { key: 'ALB', name: 'Albergue de ejemplo (sintético)', orgType: 'ONG', entity: 'ONG' });
  const shelterUnit = await createUnit(t.db, { agencyId: shelterAgency, name: 'Albergue Cusco', ubigeo: '080101' });
  await createUser(t.db, { unitId: shelterUnit, username: 'albergue', displayName: 'Gestora del albergue', password: PASSWORD, roles: ['ONG_GESTOR'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.ong, username: 'supervisora.ong', displayName: 'Supervisora ONG', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.ong, username: 'oficial.ong', displayName: 'Oficial de datos ONG', password: PASSWORD, roles: ['OFICIAL_DATOS'], mustChangePassword: false });
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
  shelter = await t.signIn('albergue');
  reviewer = await t.signIn('vinculador');
  supervisor = await t.signIn('supervisora.ong');
  officer = await t.signIn('oficial.ong');
});
after(() => t.close());

async function register(client: Client, person: Record<string, unknown>): Promise<{ caseFile: { id: string; version: number }; person: { id: string } }> {
  const res = await client.request('POST', '/api/case-files', sampleRegistration({ person }));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { caseFile: { id: string; version: number }; person: { id: string } };
}

/** The matches of a record, as stored. */
const matchesOf = (personId: string) =>
  t.db.query<{ id: string; status: string; version: number; person_a: string; person_b: string }>('SELECT id, status, version, person_a, person_b FROM matches WHERE person_a = $1 OR person_b = $1', [personId]);

/** The route's answer equals the summary counted from scratch; returns it. */
async function kept(step: string) {
  const res = await reviewer.request('GET', '/api/linkage/summary');
  assert.equal(res.statusCode, 200, res.body);
  const scratch = await linkageSummaryFromScratch(t.db);
  assert.deepEqual(res.json(), scratch, `after ${step}`);
  assert.deepEqual(await linkageSummary(t.db), scratch, `after ${step}`);
  return scratch;
}

const woman = { givenNames: 'Eulalia Rosario', paternalSurname: 'Cutipa', maternalSurname: 'Mamani', birthDate: '1998-04-19', documents: [{ type: 'DNI', number: '45871236' }] };

test('registrations in three agencies, linked on arrival, one agency twice in a group', async () => {
  assert.deepEqual(await kept('nothing yet'), { records: 0, persons: 0, perAgency: [], overlap: [], pendingReview: 0 });
  await register(police, woman);
  await register(ngo, { ...woman, givenNames: 'Eulalia' });
  await register(shelter, { ...woman, maternalSurname: 'MAMANI' });
  await register(police, { ...woman, givenNames: 'Eulalia R.' });
  await register(ngo, { givenNames: 'Teófila', paternalSurname: 'Huarachi', maternalSurname: 'Sullca', birthDate: '2004-12-01', documents: [] });
  const summary = await kept('registrations');
  assert.equal(summary.records, 5);
  assert.equal(summary.persons, 2, 'four records of one woman and one of another');
  assert.deepEqual(summary.overlap, [{ a: 'ALB', b: 'ONG', persons: 1 }, { a: 'ALB', b: 'PNP', persons: 1 }, { a: 'ONG', b: 'PNP', persons: 1 }]);
});

test('registrations at the same time, some joining one group, counted like one by one', async () => {
  const other = { givenNames: 'Hermelinda', paternalSurname: 'Ccallo', maternalSurname: 'Quispe', birthDate: '2000-08-08', documents: [{ type: 'DNI', number: '46012398' }] };
  const clients = [police, ngo, shelter];
  await Promise.all(
    Array.from({ length: 9 }, (_, i) =>
      register(clients[i % 3] as Client, i % 3 === 2 ? { givenNames: `Lone${String.fromCharCode(97 + i)}`, paternalSurname: 'Sintética', birthDate: `199${i}-01-0${(i % 8) + 1}`, documents: [] } : { ...other, givenNames: i % 2 ? 'Hermelinda' : 'Hermelinda Rosa' }),
    ),
  );
  await kept('concurrent registrations');
});

test('a review decision merges, an unlink and a detach split, and the counts follow', async () => {
  const a = await register(police, { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: 'Condori', birthDate: '2008-05-10', documents: [] });
  const b = await register(shelter, { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: undefined, birthDate: '2008-10-05', documents: [] });
  const pair = (await matchesOf(b.person.id)).find((m) => [m.person_a, m.person_b].includes(a.person.id));
  assert.equal(pair?.status, 'PENDING_REVIEW');
  const before = await kept('a doubtful pair');
  const decided = await reviewer.request('POST', `/api/matches/${pair?.id}/decision`, { version: pair?.version, decision: 'CONFIRMED' });
  assert.equal(decided.statusCode, 200, decided.body);
  assert.equal((await kept('a confirmation')).persons, before.persons - 1);

  const [first] = await t.db.query<{ id: string }>("SELECT p.id FROM persons p JOIN agencies a ON a.id = p.owner_agency_id WHERE a.key = 'ONG' AND p.id IN (SELECT person_id FROM person_groups) LIMIT 1");
  const link = (await matchesOf(first?.id ?? '')).find((m) => m.status === 'LINKED_AUTO');
  assert.ok(link, 'an automatic link to undo');
  const unlinked = await reviewer.request('POST', `/api/matches/${link.id}/unlink`, { version: link.version, reason: 'Dos personas distintas (sintético)' });
  assert.equal(unlinked.statusCode, 200, unlinked.body);
  await kept('an unlink');

  const [member] = await t.db.query<{ person_id: string }>('SELECT person_id FROM person_groups ORDER BY person_id LIMIT 1');
  const detached = await reviewer.request('POST', `/api/persons/${member?.person_id}/detach`, { reason: 'Registro de otra persona (sintético)' });
  assert.equal(detached.statusCode, 200, detached.body);
  await kept('a detach');
});

test('an import of ten case files is counted', async () => {
  const content = readFileSync(new URL('../../data/profiles/samples/reta-pnp-SINTETICO.csv', import.meta.url)).toString('base64');
  const res = await police.request('POST', '/api/imports', { fileName: 'reta.csv', content, profileId: 'reta-pnp-sintetico' });
  assert.equal(res.statusCode, 202, res.body);
  const { id } = res.json() as { id: string };
  for (let i = 0; i < 600; i++) {
    const batch = (await police.request('GET', `/api/imports/${id}`)).json() as { status: string };
    if (batch.status !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const before = (await linkageSummaryFromScratch(t.db)).records;
  assert.ok(before >= 10);
  await kept('an import');
});

test('an ARCO cancellation leaves the counts as counted from scratch', async () => {
  const registered = await register(ngo, { ...woman, givenNames: 'Eulalia Rosario del Pilar' });
  let version = registered.caseFile.version;
  const step = async (path: string, method: string, body: Record<string, unknown>) => {
    const res = await ngo.request(method, `/api/case-files/${registered.caseFile.id}${path}`, { version, ...body });
    assert.equal(res.statusCode, 200, res.body);
    version = (res.json() as { caseFile: { version: number } }).caseFile.version;
  };
  await step('/transitions', 'POST', { to: 'EN_IDENTIFICACION' });
  await step('', 'PATCH', { changes: { traffickingStatus: 'DESCARTADA' }, reason: 'la evaluación descartó la trata (sintético)' });
  const discarded = await supervisedMove(ngo, supervisor, registered.caseFile.id, version, { to: 'DESCARTADO', reason: 'no es víctima de trata (sintético)' });
  assert.equal(discarded.statusCode, 200, discarded.body);
  const erased = await officer.request('POST', `/api/persons/${registered.person.id}/erasure`, { requestReference: 'solicitud ARCO 2026-0099 (sintética)' });
  assert.equal(erased.statusCode, 200, erased.body);
  await kept('an ARCO cancellation');
});

test('the rebuild of the projections and the batch linkage are counted', async () => {
  await t.db.transaction((tx) => rebuildProjections(tx));
  await kept('the rebuild of the projections');
  await linkAllPersons(t.db, { thresholds });
  await kept('the batch linkage');
});

test('a record moved to another agency is counted there', async () => {
  const [member] = await t.db.query<{ person_id: string }>("SELECT g.person_id FROM person_groups g JOIN persons p ON p.id = g.person_id JOIN agencies a ON a.id = p.owner_agency_id WHERE a.key = 'PNP' LIMIT 1");
  assert.ok(member);
  await t.db.query('UPDATE persons SET owner_agency_id = $1 WHERE id = $2', [t.agencies.ong, member.person_id]);
  await kept('a move');
});

// Counts are appended, not updated in place: a transaction still open holds no lock that another
// registration of the same agency, or a summary folding the counts, would wait for (counter rows
// updated in place queued registrations, and deadlocked two of them in bench:api).
test('an open registration holds up neither another registration of its agency nor the summary', { skip: engine === 'pglite' && 'one connection: nothing runs concurrently' }, async () => {
  const insertPerson = (tx: Queryable) =>
    tx.query("INSERT INTO persons (id, owner_agency_id, version, data, name_tokens, sex, created_at, updated_at) VALUES (gen_random_uuid(), $1, 1, '{}'::jsonb, '{}', 'F', now(), now())", [t.agencies.ong]);
  const before = await linkageSummaryFromScratch(t.db);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let opened = () => {};
  const open = new Promise<void>((resolve) => (opened = resolve));
  const first = t.db.transaction(async (tx) => {
    await insertPerson(tx);
    opened();
    await held;
  });
  await open;
  try {
    await t.db.transaction(async (tx) => {
      await tx.query("SET LOCAL lock_timeout = '2s'");
      await insertPerson(tx);
    });
    await t.db.transaction(async (tx) => {
      await tx.query("SET LOCAL lock_timeout = '2s'");
      await tx.query('SELECT enlace_linkage_fold()');
    });
  } finally {
    release();
    await first;
  }
  const after = await kept('two registrations, one folded while the other was open');
  assert.equal(after.records, before.records + 2);
});

test('the migration counts the records and groups stored before it', async () => {
  const live = await linkageSummaryFromScratch(t.db);
  assert.ok(live.overlap.length > 0 && live.persons < live.records, 'groups across agencies to count');
  // As before 0045: no counts, no triggers.
  for (const statement of [
    'DROP TABLE linkage_agency_records, linkage_review_counts, linkage_regrouped, linkage_group_agencies, linkage_group_counts',
    'DROP FUNCTION enlace_linkage_groups_inserted, enlace_linkage_groups_deleted, enlace_linkage_groups_updated, enlace_linkage_persons_inserted, enlace_linkage_persons_deleted, enlace_linkage_person_moved, enlace_linkage_matches_inserted, enlace_linkage_matches_deleted, enlace_linkage_matches_updated CASCADE',
    'DROP FUNCTION enlace_linkage_count_all, enlace_linkage_fold, enlace_linkage_recount, enlace_linkage_counted_later',
    'DELETE FROM schema_migrations WHERE version = 45',
  ])
    await t.db.query(statement);
  assert.deepEqual(await migrate(t.db), [45]);
  assert.deepEqual(await linkageSummary(t.db), live);
  await register(shelter, { ...woman, givenNames: 'Eulalia Rosa' });
  await kept('a registration after the migration');
});
