import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rebuildProjections } from '../../src/server/actions/store.ts';
import { DatabaseNewerThanCodeError, loadMigrations, migrate, splitStatements } from '../../src/server/db/migrate.ts';
import { sampleRegistration, startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;

/** The projections as readers see them: the sealed bytes change with every seal, their content must not. */
async function snapshot(withLinks = false) {
  const { openPersonRow, PERSON_KEY_JOIN, PERSON_WITH_KEY } = await import('../../src/server/actions/store.ts');
  const persons = await t.db.query<Parameters<typeof openPersonRow>[1] & { name_tokens: string[]; document_index: string[]; sex: string; birth_year: number | null }>(
    `SELECT ${PERSON_WITH_KEY}, p.name_tokens, p.document_index, p.sex, p.birth_year FROM persons p ${PERSON_KEY_JOIN} ORDER BY p.id`,
  );
  const cases = await t.db.query<{ id: string; owner_agency_id: string }>('SELECT id, owner_agency_id FROM case_files ORDER BY id');
  const { loadCaseFile } = await import('../../src/server/actions/store.ts');
  return {
    persons: persons.map((r) => ({ person: openPersonRow(t.db, r), tokens: r.name_tokens, documents: r.document_index, sex: r.sex, birthYear: r.birth_year })),
    cases: await Promise.all(cases.map((c) => loadCaseFile(t.db, c.id, c.owner_agency_id))),
    ...(withLinks
      ? { matches: await t.db.query('SELECT * FROM matches ORDER BY id'), groups: await t.db.query('SELECT * FROM person_groups ORDER BY person_id') }
      : {}),
  };
}

before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('the action log refuses updates and deletes', async () => {
  const police = await t.signIn('policia');
  assert.equal((await police.request('POST', '/api/case-files', sampleRegistration())).statusCode, 201);
  await assert.rejects(t.db.query("UPDATE actions SET reason = 'x'"), /append-only/);
  await assert.rejects(t.db.query('DELETE FROM actions'), /append-only/);
});

test('projections rebuilt from the actions equal the live ones', async () => {
  const police = await t.signIn('policia');
  const created = (await police.request('POST', '/api/case-files', sampleRegistration())).json() as { caseFile: { id: string }; person: { id: string } };
  await police.request('POST', `/api/case-files/${created.caseFile.id}/transitions`, { version: 1, to: 'ATENCION_INMEDIATA' });
  await police.request('PATCH', `/api/case-files/${created.caseFile.id}`, { version: 2, changes: { meansOfControl: ['AMENAZAS'] } });
  await police.request('PATCH', `/api/persons/${created.person.id}`, { version: 1, changes: { socialName: 'Carmen' } });
  const live = await snapshot();
  const counts = await t.db.transaction((tx) => rebuildProjections(tx));
  assert.equal(counts.caseFiles, live.cases.length);
  assert.deepEqual(await snapshot(), live);
});

test('migrations are idempotent, and a database newer than the code is refused', async () => {
  assert.deepEqual(await migrate(t.db), []);
  await t.db.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from-the-future')");
  await assert.rejects(migrate(t.db), DatabaseNewerThanCodeError);
  await t.db.query('DELETE FROM schema_migrations WHERE version = 9999');
  assert.ok(loadMigrations().length >= 1);
});

test('two migration files with one number are refused, not one of them skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-migrations-'));
  writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
  writeFileSync(join(dir, '0001_b.sql'), 'SELECT 2;');
  assert.throws(() => loadMigrations(pathToFileURL(`${dir}/`)), /two migrations numbered 1/);
});

test('the SQL splitter keeps function bodies and quoted semicolons whole', () => {
  const parts = splitStatements("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;\n-- comment; here\nSELECT 'a;b';");
  assert.equal(parts.length, 2);
  assert.match(parts[0] ?? '', /RETURN 1; END;/);
  assert.equal(parts[1], "SELECT 'a;b'");
});

test('bulk-loaded synthetic cases are real actions: rebuilding their projections changes nothing', async () => {
  const { ensureDemoDirectory, loadSyntheticCases } = await import('../../src/server/commands/seed.ts');
  const directory = await t.db.transaction((tx) => ensureDemoDirectory(tx));
  const loaded = await loadSyntheticCases(t.db, directory, { persons: 150, seed: 7, batchSize: 100 });
  assert.ok(loaded >= 150);
  const { linkAllPersons } = await import('../../src/server/linkage/batch.ts');
  const linked = await linkAllPersons(t.db);
  assert.ok(linked.linked > 0, 'the same synthetic persons at several agencies are linked');
  assert.ok(linked.persons < linked.records);
  const again = await linkAllPersons(t.db);
  assert.equal(again.proposed, 0, 'a second batch proposes nothing new');
  const live = await snapshot(true);
  await t.db.transaction((tx) => rebuildProjections(tx));
  assert.deepEqual(await snapshot(true), live);
  const caseIds = (await t.db.query<{ id: string }>('SELECT c.id FROM case_files c JOIN agencies a ON a.id = c.owner_agency_id WHERE a.key <> $1', ['PNP'])).map((r) => r.id);
  const { loadCaseFile } = await import('../../src/server/actions/store.ts');
  const sample = await Promise.all(caseIds.slice(0, 20).map(async (id) => {
    const [row] = await t.db.query<{ owner_agency_id: string }>('SELECT owner_agency_id FROM case_files WHERE id = $1', [id]);
    return loadCaseFile(t.db, id, row?.owner_agency_id ?? '');
  }));
  assert.ok(sample.every((c) => /SINT/i.test(c?.confidentialNotes ?? '')), 'every synthetic case file says so');
});

test('concurrent reads gathered into one query each get their own case file, and only within their agency', async () => {
  const { loadCaseFileWithPerson, readCaseFileWithPerson } = await import('../../src/server/actions/store.ts');
  const police = await t.signIn('policia');
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await police.request('POST', '/api/case-files', sampleRegistration());
    assert.equal(res.statusCode, 201);
    ids.push((res.json() as { caseFile: { id: string } }).caseFile.id);
  }
  const [owner] = await t.db.query<{ owner_agency_id: string }>('SELECT owner_agency_id FROM case_files WHERE id = $1', [ids[0]]);
  const [other] = await t.db.query<{ id: string }>('SELECT id FROM agencies WHERE id <> $1 LIMIT 1', [owner?.owner_agency_id]);
  const agency = owner?.owner_agency_id as string;
  // Asked at once: the same file twice, every file, one from the wrong agency, one that does not exist.
  const asked = [ids[0], ...ids, ids[1]].map((id) => readCaseFileWithPerson(t.db, id as string, agency));
  const wrongAgency = readCaseFileWithPerson(t.db, ids[2] as string, other?.id as string);
  const missing = readCaseFileWithPerson(t.db, '00000000-0000-4000-8000-000000000000', agency);
  const answers = await Promise.all(asked);
  assert.deepEqual(answers.map((a) => a?.caseFile.id), [ids[0], ...ids, ids[1]]);
  for (const [i, answer] of answers.entries()) {
    const single = await loadCaseFileWithPerson(t.db, answer?.caseFile.id as string, agency);
    assert.deepEqual(answer, single, `read ${i} equals the single read`);
  }
  assert.equal(await wrongAgency, undefined);
  assert.equal(await missing, undefined);
});

test('a user, unit or agency named in the action log cannot be deleted (the log keeps who acted)', async () => {
  const police = await t.signIn('policia');
  const res = await police.request('POST', '/api/case-files', sampleRegistration());
  assert.equal(res.statusCode, 201);
  const [actor] = await t.db.query<{ actor_user_id: string; actor_unit_id: string; agency_id: string }>(
    "SELECT actor_user_id, actor_unit_id, agency_id FROM actions WHERE entity_type = 'case_file' AND entity_id = $1",
    [(res.json() as { caseFile: { id: string } }).caseFile.id],
  );
  await assert.rejects(t.db.query('DELETE FROM users WHERE id = $1', [actor?.actor_user_id]), /action log/);
  await assert.rejects(t.db.query('DELETE FROM units WHERE id = $1', [actor?.actor_unit_id]), /action log/);
  await assert.rejects(t.db.query('DELETE FROM agencies WHERE id = $1', [actor?.agency_id]), /action log/);
  assert.equal((await police.request('GET', '/api/case-files?pageSize=1')).statusCode, 200);
});
