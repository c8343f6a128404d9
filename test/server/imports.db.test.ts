import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { shippedProfile } from '../../src/importers/index.ts';
import type { Actor } from '../../src/server/actor.ts';
import { loadCaseFile, loadPerson, rebuildProjections } from '../../src/server/actions/store.ts';
import { importFile, sha256Hex } from '../../src/server/imports/engine.ts';
import { discardQuarantined, listQuarantine, resubmitQuarantined } from '../../src/server/imports/quarantine-store.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Actor;
let ngo: Actor;

const sample = (name: string) => readFileSync(new URL(`../../data/profiles/samples/${name}`, import.meta.url));
const profile = (id: string) => {
  const p = shippedProfile(id);
  if (!p) throw new Error(id);
  return p;
};
const TODAY = '2026-11-27';

async function actorFor(username: string, agencyKey: string): Promise<Actor> {
  const [row] = await t.db.query<{ id: string; unit_id: string; agency_id: string; roles: string[] }>('SELECT u.id, u.unit_id, n.agency_id, u.roles FROM users u JOIN units n ON n.id = u.unit_id WHERE username = $1', [username]);
  if (!row) throw new Error(username);
  return { userId: row.id, unitId: row.unit_id, agencyId: row.agency_id, agencyKey, roles: row.roles, username };
}

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]?.n ?? -1;

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  police = await actorFor('policia', 'PNP');
  ngo = await actorFor('gestora', 'ONG');
});
after(() => t.close());

test('a police file becomes persons and case files through the action log; importing it again changes nothing', async () => {
  const bytes = sample('reta-pnp-SINTETICO.csv');
  const first = await importFile(t.db, police, { fileName: 'reta.csv', bytes, profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY, chunkSize: 3 });
  assert.deepEqual([first.read, first.imported, first.updated, first.unchanged, first.quarantined], [10, 10, 0, 0, 0]);
  assert.equal(await count('case_files WHERE owner_agency_id = $1', [police.agencyId]), 10);
  assert.equal(await count("actions WHERE reason = $1 AND action_type = 'person.registered'", [`import:${first.batchId}`]), 10);
  assert.equal(await count("actions WHERE reason = $1 AND action_type = 'case.registered'", [`import:${first.batchId}`]), 10);
  const [batch] = await t.db.query<{ status: string; file_sha256: string; imported: number; rows_done: number; user_id: string }>('SELECT * FROM import_batches WHERE id = $1', [first.batchId]);
  assert.equal(batch?.status, 'COMPLETED');
  assert.equal(batch?.file_sha256, sha256Hex(bytes));
  assert.equal(batch?.imported, 10);
  assert.equal(batch?.rows_done, 10);
  assert.equal(batch?.user_id, police.userId);

  // Field by field: the first row of the synthetic RETA sample.
  const [record] = await t.db.query<{ person_id: string; case_file_id: string }>("SELECT person_id, case_file_id FROM import_records WHERE record_key = 'D-2024-000101|1'");
  const person = await loadPerson(t.db, record?.person_id ?? '', police.agencyId);
  const caseFile = await loadCaseFile(t.db, record?.case_file_id ?? '', police.agencyId);
  assert.equal(person?.givenNames, 'ROSA ELENA');
  assert.equal(person?.paternalSurname, 'HUAMAN');
  assert.equal(person?.birthDate, '2007-04-03');
  assert.deepEqual(person?.documents, [{ type: 'DNI', number: '71234560' }]);
  assert.equal(caseFile?.detectionDate, '2024-03-12');
  assert.equal(caseFile?.detectionUbigeo, '170101');
  assert.equal(caseFile?.minorAtDetection, 'SI');
  assert.match(caseFile?.code ?? '', /^TP-2024-\d{6}$/);

  const again = await importFile(t.db, police, { fileName: 'reta.csv', bytes, profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([again.imported, again.updated, again.unchanged, again.quarantined], [0, 0, 10, 0]);
  assert.equal(await count('persons WHERE owner_agency_id = $1', [police.agencyId]), 10);
});

test('a changed row updates its record with visible actions', async () => {
  const text = sample('reta-pnp-SINTETICO.csv').toString('utf8').replace('D-2024-000101,1,12/03/2024,COMISARIA EJEMPLO A,OPERATIVO,"HUAMAN QUISPE, ROSA ELENA",F,03/04/2007', 'D-2024-000101,1,12/03/2024,COMISARIA EJEMPLO A,OPERATIVO,"HUAMAN QUISPE, ROSA ELENA",F,04/04/2007');
  const result = await importFile(t.db, police, { fileName: 'reta-v2.csv', bytes: Buffer.from(text), profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([result.imported, result.updated, result.unchanged], [0, 1, 9]);
  const [record] = await t.db.query<{ person_id: string }>("SELECT person_id FROM import_records WHERE record_key = 'D-2024-000101|1'");
  const person = await loadPerson(t.db, record?.person_id ?? '', police.agencyId);
  assert.equal(person?.birthDate, '2007-04-04');
  assert.equal(person?.version, 2);
  assert.equal(await count("actions WHERE entity_id = $1 AND action_type = 'person.updated' AND reason = $2", [record?.person_id, `import:${result.batchId}`]), 1);
});

test('rows that cannot be imported are quarantined with reasons, once, and can be corrected or discarded', async () => {
  const csv = [
    'N° DENUNCIA,ITEM,FECHA DENUNCIA,FORMA DE CONOCIMIENTO,APELLIDOS Y NOMBRES,SEXO,FECHA NAC.,LUGAR DE LOS HECHOS,MODALIDAD',
    'Q-1,1,31/02/2024,OPERATIVO,"QUISPE MAMANI, ANA",F,01/01/2000,Puerto Maldonado,EXPLOTACION SEXUAL',
    'Q-2,1,,OPERATIVO,"CONDORI, LUZ",F,01/01/2001,Puerto Maldonado,EXPLOTACION SEXUAL',
    'Q-3,1,10/10/2024,OPERATIVO,"ROJAS, EVA",F,01/01/1999,Puerto Maldonado,EXPLOTACION SEXUAL',
  ].join('\n');
  const first = await importFile(t.db, ngo, { fileName: 'q.csv', bytes: Buffer.from(csv), profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([first.read, first.imported, first.quarantined], [3, 1, 2]);
  const again = await importFile(t.db, ngo, { fileName: 'q.csv', bytes: Buffer.from(csv), profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([again.imported, again.unchanged, again.quarantined], [0, 1, 2]);
  const open = await listQuarantine(t.db, ngo.agencyId, { status: 'OPEN', limit: 50, offset: 0 });
  assert.equal(open.total, 2, 'a re-import does not quarantine the same row twice');
  const badDate = open.items.find((i) => i.recordId === 'Q-1|1');
  const noDate = open.items.find((i) => i.recordId === 'Q-2|1');
  assert.ok(badDate && noDate);
  assert.equal(badDate.values['FECHA DENUNCIA'], '31/02/2024');
  assert.ok(badDate.problems.some((p) => p.field === 'caseFile.detectionDate' && /31\/02\/2024/.test(p.es) && p.en.length > 0));
  assert.ok(noDate.problems.some((p) => p.field === 'caseFile.detectionDate'));
  // Names never sit readable in the table.
  const raw = await t.db.query<{ sealed: Buffer }>('SELECT sealed FROM import_quarantine');
  assert.ok(raw.every((r) => !Buffer.from(r.sealed).toString('latin1').includes('QUISPE')));

  // A correction that is still wrong keeps the row open with the new reason.
  const still = await t.db.transaction((tx) => resubmitQuarantined(tx, ngo, badDate.id, { version: 1, values: { 'FECHA DENUNCIA': '30/02/2024' } }, 'off', []));
  assert.equal(still.status, 'quarantined');
  assert.equal(still.item.version, 2);
  assert.equal(still.item.values['FECHA DENUNCIA'], '30/02/2024');
  const fixed = await t.db.transaction((tx) => resubmitQuarantined(tx, ngo, badDate.id, { version: 2, values: { 'FECHA DENUNCIA': '28/02/2024' } }, 'off', []));
  assert.equal(fixed.status, 'imported');
  assert.equal(fixed.item.status, 'RESOLVED');
  const caseFile = fixed.status === 'imported' ? await loadCaseFile(t.db, fixed.caseFileId ?? '', ngo.agencyId) : undefined;
  assert.equal(caseFile?.detectionDate, '2024-02-28');
  await assert.rejects(t.db.transaction((tx) => resubmitQuarantined(tx, ngo, badDate.id, { version: 3, values: {} }, 'off', [])), /quarantineClosed/);
  await assert.rejects(t.db.transaction((tx) => discardQuarantined(tx, ngo, noDate.id, { version: 7, reason: 'x' })), /versionConflict/);
  const discarded = await t.db.transaction((tx) => discardQuarantined(tx, ngo, noDate.id, { version: 1, reason: 'Duplicado de otro registro (sintético)' }));
  assert.equal(discarded.status, 'DISCARDED');
  assert.equal(await count('import_quarantine'), 2, 'nothing is deleted');
  // Another agency sees none of it.
  assert.equal((await listQuarantine(t.db, police.agencyId, { limit: 50, offset: 0 })).total, 0);
});

test('a shelter register without a detection date takes the admission date; persons without case data are kept alone', async () => {
  const mimp = await importFile(t.db, ngo, { fileName: 'mimp.csv', bytes: sample('mimp-car-SINTETICO.csv'), profile: profile('mimp-car-sintetico'), linkage: 'queue', today: TODAY });
  assert.equal(mimp.imported, 10);
  const [row] = await t.db.query<{ detection_date: string }>("SELECT c.detection_date FROM import_records r JOIN case_files c ON c.id = r.case_file_id WHERE r.record_key = 'CAR-0001'");
  assert.equal(row?.detection_date, '2024-04-01');
  assert.equal(await count('linkage_queue'), 10, 'queued for record linkage in the same transaction');
  const canonical = await importFile(t.db, ngo, { fileName: 'c.csv', bytes: sample('canonico-SINTETICO.csv'), profile: profile('canonico'), linkage: 'off', today: TODAY });
  assert.equal(canonical.imported, 10);
  assert.equal(await count('import_records WHERE batch_id = $1 AND case_file_id IS NULL', [canonical.batchId]), 10);
});

test('projections rebuilt from the log hold the imported records', async () => {
  const before = await count('case_files');
  const persons = await count('persons');
  const rebuilt = await t.db.transaction((tx) => rebuildProjections(tx));
  assert.equal(rebuilt.caseFiles, before);
  assert.equal(rebuilt.persons, persons);
});
