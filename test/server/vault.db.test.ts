import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { PGlite } from '@electric-sql/pglite';
import { MasterKey, Vault, open, seal } from '../../src/server/crypto/vault.ts';
import { engine } from '../helpers/db.ts';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
// Invented, and unusual enough that finding them anywhere in a dump means a leak.
const GIVEN = 'Zoraidanel';
const SURNAME = 'Quispecahuaña';
const DNI = '48151623';
const NOTE = 'Xyzzyplugh';
let caseId = '';

before(async () => {
  t = await startTestApp();
  police = await t.signIn('policia');
  const res = await police.request(
    'POST',
    '/api/case-files',
    sampleRegistration({ person: { givenNames: GIVEN, paternalSurname: SURNAME, documents: [{ type: 'DNI', number: DNI }] }, caseFile: { confidentialNotes: `${NOTE} (sintético)` } }),
    { 'idempotency-key': 'vault-test-0001' },
  );
  assert.equal(res.statusCode, 201, res.body);
  caseId = (res.json() as { caseFile: { id: string } }).caseFile.id;
  await police.request('PATCH', `/api/persons/${(res.json() as { person: { id: string } }).person.id}`, { version: 1, changes: { aliases: [`${GIVEN} Segunda`] } });
});
after(() => t.close());

test('an authorised reader sees the names; search works by name without accents and by document', async () => {
  const read = (await police.request('GET', `/api/case-files/${caseId}`)).json() as { person: { givenNames: string; paternalSurname: string }; caseFile: { confidentialNotes: string } };
  assert.equal(read.person.givenNames, GIVEN);
  assert.equal(read.caseFile.confidentialNotes, `${NOTE} (sintético)`);
  const byName = (await police.request('GET', '/api/case-files?q=quispecahuana%20zoraidanel')).json() as { items: { id: string; personName: string }[] };
  assert.deepEqual(byName.items.map((i) => i.id), [caseId]);
  assert.equal(byName.items[0]?.personName, `${GIVEN} ${SURNAME} Huamán`);
  const byDocumentRes = await police.request('GET', `/api/case-files?q=${DNI}`);
  const byDocument = byDocumentRes.json() as { items: { id: string }[] };
  assert.deepEqual(byDocument.items.map((i) => i.id), [caseId]);
  const history = (await police.request('GET', `/api/case-files/${caseId}/history`)).json() as { items: { type: string; details: { changes?: { aliases?: string[] } } }[] };
  assert.deepEqual(history.items[0]?.details.changes?.aliases, [`${GIVEN} Segunda`]);
  const replay = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: GIVEN, paternalSurname: SURNAME, documents: [{ type: 'DNI', number: DNI }] }, caseFile: { confidentialNotes: `${NOTE} (sintético)` } }), { 'idempotency-key': 'vault-test-0001' });
  assert.equal((replay.json() as { person: { givenNames: string } }).person.givenNames, GIVEN, 'a replayed answer is opened again');
});

test('a copy of the database alone reveals no name, document number or note', async () => {
  let dump: Buffer;
  if (engine === 'pglite') {
    const pglite = (t.db as unknown as { pglite: PGlite }).pglite;
    await pglite.query('CHECKPOINT');
    dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  } else {
    const result = spawnSync('pg_dump', ['--no-owner', t.db.url ?? ''], { maxBuffer: 512 * 1024 * 1024 });
    assert.equal(result.status, 0, String(result.stderr));
    dump = result.stdout;
  }
  assert.ok(dump.length > 10_000);
  for (const secret of [GIVEN, SURNAME, DNI, NOTE, GIVEN.toLowerCase(), 'quispecahuana']) {
    assert.equal(dump.includes(Buffer.from(secret)), false, `"${secret}" found in the dump`);
  }
});

test('erasing a person destroys her key: the identity is gone, the case file and history remain', async () => {
  const [row] = await t.db.query<{ person_id: string }>('SELECT person_id FROM case_files WHERE id = $1', [caseId]);
  await t.db.query('DELETE FROM person_keys WHERE person_id = $1', [row?.person_id]);
  const read = await police.request('GET', `/api/case-files/${caseId}`);
  assert.equal(read.statusCode, 200);
  const body = read.json() as { person: { givenNames?: string; erased?: boolean; sex: string }; caseFile: { confidentialNotes?: string; exploitationTypes: string[] } };
  assert.equal(body.person.givenNames, undefined);
  assert.equal(body.person.erased, true);
  assert.equal(body.person.sex, 'MUJER');
  assert.equal(body.caseFile.confidentialNotes, undefined);
  assert.deepEqual(body.caseFile.exploitationTypes, ['SEXUAL']);
  assert.equal((await police.request('GET', `/api/case-files/${caseId}/history`)).statusCode, 200);
});

test('sealing: tampering, a wrong record or a wrong key is detected; rotation keeps old keys readable', () => {
  const key = Vault.newDataKey();
  const sealed = seal(key, Buffer.from('dato'), 'person:a');
  assert.equal(open(key, sealed, 'person:a').toString(), 'dato');
  assert.throws(() => open(key, sealed, 'person:b'));
  const tampered = Buffer.from(sealed);
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
  assert.throws(() => open(key, tampered, 'person:a'));
  assert.throws(() => open(Vault.newDataKey(), sealed, 'person:a'));

  const oldMaster = new MasterKey(Vault.newDataKey());
  const newMaster = new MasterKey(Vault.newDataKey());
  const index = Vault.newDataKey();
  const wrapped = new Vault(oldMaster, [], index).wrap(key, 'person:a');
  const rotated = new Vault(newMaster, [oldMaster], index);
  assert.deepEqual(rotated.unwrap(wrapped, 'person:a'), key);
  assert.equal(rotated.wrap(key, 'person:a').masterKeyId, newMaster.id);
  assert.throws(() => new Vault(newMaster, [], index).unwrap(wrapped, 'person:a'), /no disponible|not available/);
});

test('kept data keys: only the very wrapping they came from finds them; a new or tampered wrapping is unwrapped afresh', () => {
  const oldMaster = new MasterKey(Vault.newDataKey());
  const newMaster = new MasterKey(Vault.newDataKey());
  const index = Vault.newDataKey();
  const vault = new Vault(newMaster, [oldMaster], index);
  const key = Vault.newDataKey();
  const wrapped = vault.wrap(key, 'person:a');
  assert.deepEqual(vault.unwrapKept(wrapped, 'person:a'), key);
  assert.equal(vault.unwrapKept(wrapped, 'person:a'), vault.unwrapKept({ ...wrapped, wrapped: Buffer.from(wrapped.wrapped) }, 'person:a'));
  // The same person's wrapping replaced (another key, or the same key under another master key).
  const other = Vault.newDataKey();
  assert.deepEqual(vault.unwrapKept(vault.wrap(other, 'person:a'), 'person:a'), other);
  const underOld = new Vault(oldMaster, [], index).wrap(key, 'person:a');
  assert.deepEqual(vault.unwrapKept(underOld, 'person:a'), key);
  // Bytes changed in place, or the wrapping of another person: never served from what is kept.
  const tampered = Buffer.from(underOld.wrapped);
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
  assert.throws(() => vault.unwrapKept({ ...underOld, wrapped: tampered }, 'person:a'));
  assert.throws(() => vault.unwrapKept(underOld, 'person:b'));
  // Forgotten (erasure, rotation): a master key no longer held cannot unwrap it again.
  const alone = new Vault(newMaster, [], index);
  const keptAlone = alone.unwrapKept(wrapped, 'person:a');
  assert.deepEqual(keptAlone, key);
  alone.forgetKept('person:a');
  assert.deepEqual(alone.unwrapKept(wrapped, 'person:a'), key);
  // More persons than a vault keeps: each still unwraps to her own key.
  const many = Array.from({ length: 10_050 }, (_, i) => ({ purpose: `person:${i}`, key: Vault.newDataKey() })).map((p) => ({ ...p, wrapped: alone.wrap(p.key, p.purpose) }));
  for (const p of many) alone.unwrapKept(p.wrapped, p.purpose);
  for (const p of [many[0], many[5_000], many[10_049]]) assert.deepEqual(p && alone.unwrapKept(p.wrapped, p.purpose), p?.key);
});

test('blind indexes: a name token hashes the same on every call, past the tokens a vault keeps; kinds and index keys differ', () => {
  const index = Vault.newDataKey();
  const vault = new Vault(new MasterKey(Vault.newDataKey()), [], index);
  const fresh = () => new Vault(new MasterKey(Vault.newDataKey()), [], index);
  const first = vault.blindIndex('name', 'zoraidanel');
  assert.equal(vault.blindIndex('name', 'zoraidanel'), first);
  // More distinct tokens than the vault keeps: the hashes it computes afresh are the same.
  for (let i = 0; i < 60_000; i++) vault.blindIndex('name', `token${i}`);
  assert.equal(vault.blindIndex('name', 'zoraidanel'), first);
  assert.equal(fresh().blindIndex('name', 'zoraidanel'), first);
  assert.equal(vault.blindIndex('name', 'token7'), fresh().blindIndex('name', 'token7'));
  assert.notEqual(vault.blindIndex('document', 'zoraidanel'), first);
  assert.notEqual(new Vault(new MasterKey(Vault.newDataKey()), [], Vault.newDataKey()).blindIndex('name', 'zoraidanel'), first);
});

test('a list names each person as her whole record would, without opening the rest of it', async () => {
  const { openPersonRow, personNameOfRow, PERSON_KEY_JOIN, PERSON_WITH_KEY } = await import('../../src/server/actions/store.ts');
  const { displayName } = await import('../../src/domain/records.ts');
  const shapes = [
    { socialName: 'Zoe Nombre Social' },
    { givenNames: undefined, paternalSurname: undefined, maternalSurname: undefined, fullName: 'Nombre Completo Sintético' },
    { givenNames: undefined, paternalSurname: undefined, maternalSurname: undefined, aliases: ['La Sintética'] },
    { givenNames: undefined, paternalSurname: undefined, maternalSurname: undefined, identificationDescription: 'Mujer joven, cicatriz en la mano (sintético)' },
  ];
  for (const [i, shape] of shapes.entries()) {
    const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { ...shape, documents: [{ type: 'DNI', number: `7000000${i}` }] } }));
    assert.equal(res.statusCode, 201, res.body);
  }
  // Every person of the test: these, the first one (erased above) and whoever the app seeded.
  const rows = await t.db.query<Parameters<typeof openPersonRow>[1]>(`SELECT ${PERSON_WITH_KEY} FROM persons p ${PERSON_KEY_JOIN}`);
  const names = rows.map((r) => personNameOfRow(t.db, r));
  assert.deepEqual(names, rows.map((r) => displayName(openPersonRow(t.db, r))));
  for (const expected of ['Zoe Nombre Social', 'Nombre Completo Sintético', 'La Sintética', 'Mujer joven, cicatriz en la mano (sintético)', '']) assert.ok(names.includes(expected), expected);
});
