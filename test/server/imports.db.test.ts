import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { shippedProfile } from '../../src/importers/index.ts';
import type { Actor } from '../../src/server/actor.ts';
import { keyOfPerson, loadCaseFile, loadPerson, rebuildProjections } from '../../src/server/actions/store.ts';
import { caseFileHistory } from '../../src/server/queries/case-files.ts';
import { updateCaseFile } from '../../src/server/commands/case-files.ts';
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
  // One action a row registers the person and her case file, naming the import and the row.
  assert.equal(await count("actions WHERE reason = $1 AND action_type = 'record.imported' AND entity_type = 'person'", [`import:${first.batchId}`]), 10);
  assert.equal(await count("actions WHERE reason = $1 AND action_type IN ('person.registered', 'case.registered')", [`import:${first.batchId}`]), 0);
  assert.equal(
    await count(
      `import_records r JOIN actions a ON a.entity_type = 'person' AND a.entity_id = r.person_id AND a.entity_version = 1 AND a.action_type = 'record.imported'
        WHERE r.batch_id = $1 AND a.payload->'caseFile'->>'id' = r.case_file_id::text AND a.payload->'import'->>'batchId' = $1::text`,
      [first.batchId],
    ),
    10,
  );
  assert.deepEqual((await t.db.query<{ n: number }>("SELECT (payload->'import'->>'rowNumber')::int AS n FROM actions WHERE reason = $1 ORDER BY 1", [`import:${first.batchId}`])).map((r) => r.n), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
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
  // The case file's history shows the imported row as her registration and her case file's, then the change.
  const [imported] = await t.db.query<{ case_file_id: string }>("SELECT case_file_id FROM import_records WHERE record_key = 'D-2024-000101|1'");
  const key = await keyOfPerson(t.db, record?.person_id ?? '');
  const history = await caseFileHistory(t.db, imported?.case_file_id ?? '', record?.person_id ?? '', key);
  assert.deepEqual(history.map((h) => [h.type, h.entityType, h.version]), [['person.updated', 'person', 2], ['case.registered', 'case_file', 1], ['person.registered', 'person', 1]]);
  const registered = history[1]?.details as { data: { detectionDate: string }; code: string; personId: string; registeringUnitId: string };
  assert.equal(registered.data.detectionDate, '2024-03-12');
  assert.match(registered.code, /^TP-2024-\d{6}$/);
  assert.deepEqual([registered.personId, registered.registeringUnitId], [record?.person_id, police.unitId]);
  assert.equal((history[2]?.details as { data: { givenNames: string; birthDate: string } }).data.givenNames, 'ROSA ELENA', 'her identity, opened with her key');
  assert.equal((history[2]?.details as { data: { birthDate: string } }).data.birthDate, '2007-04-03');
  assert.match(history[2]?.reason ?? '', /^import:/);
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

test('an XLSX register goes through the database like its CSV: every record, field by field', async () => {
  // The shelter register as a workbook (serial dates as numeric cells), into the police agency;
  // the NGO imported the same rows as CSV above.
  const xlsx = await importFile(t.db, police, { fileName: 'mimp-car-SINTETICO.xlsx', bytes: sample('mimp-car-SINTETICO.xlsx'), profile: profile('mimp-car-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([xlsx.format, xlsx.read, xlsx.imported, xlsx.quarantined], ['xlsx', 10, 10, 0]);
  const records = async (agencyId: string) => {
    const rows = await t.db.query<{ record_key: string; person_id: string; case_file_id: string }>("SELECT record_key, person_id, case_file_id FROM import_records WHERE agency_id = $1 AND source_system = 'MIMP-CAR' ORDER BY record_key", [agencyId]);
    return Promise.all(rows.map(async (r) => {
      const person = await loadPerson(t.db, r.person_id, agencyId);
      const caseFile = await loadCaseFile(t.db, r.case_file_id, agencyId);
      const { id, version, ownerAgencyId, createdAt, updatedAt, ...personFields } = person ?? ({} as NonNullable<typeof person>);
      const { id: _c, code, personId, version: _v, ownerAgencyId: _o, registeringUnitId, createdAt: _a, updatedAt: _u, ...caseFields } = caseFile ?? ({} as NonNullable<typeof caseFile>);
      return { key: r.record_key, person: personFields, caseFile: caseFields };
    }));
  };
  const fromXlsx = await records(police.agencyId);
  assert.equal(fromXlsx.length, 10);
  assert.deepEqual(fromXlsx, await records(ngo.agencyId));
  const first = fromXlsx[0];
  assert.deepEqual(
    [first?.key, first?.person.givenNames, first?.person.paternalSurname, first?.person.birthDate, first?.person.documents, first?.caseFile.detectionDate, first?.caseFile.detectionUbigeo, first?.caseFile.detectionSource, first?.caseFile.exploitationTypes, first?.caseFile.minorAtDetection],
    ['CAR-0001', 'ROSA ELENA', 'HUAMÁN', '2007-04-03', [{ type: 'DNI', number: '71234560' }], '2024-04-01', '17', 'DERIVACION_INSTITUCIONAL', ['SEXUAL'], 'SI'],
  );
  const again = await importFile(t.db, police, { fileName: 'mimp-car-SINTETICO.xlsx', bytes: sample('mimp-car-SINTETICO.xlsx'), profile: profile('mimp-car-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([again.imported, again.updated, again.unchanged], [0, 0, 10]);
});

test('an update of an imported record that fails validation is quarantined and changes nothing', async () => {
  const original = 'D-2024-000101,1,12/03/2024,COMISARIA EJEMPLO A,OPERATIVO,"HUAMAN QUISPE, ROSA ELENA",F,03/04/2007';
  const csv = sample('reta-pnp-SINTETICO.csv').toString('utf8');
  assert.ok(csv.includes(original));
  const [record] = await t.db.query<{ person_id: string; case_file_id: string; fingerprint: string }>("SELECT person_id, case_file_id, fingerprint FROM import_records WHERE record_key = 'D-2024-000101|1'");
  const personId = record?.person_id ?? '';
  const caseFileId = record?.case_file_id ?? '';
  // Someone recorded when the status was determined: after the detection, as it must be.
  const caseBefore = await loadCaseFile(t.db, caseFileId, police.agencyId);
  await t.db.transaction((tx) => updateCaseFile(tx, police, caseFileId, { version: caseBefore?.version ?? 0, changes: { statusDeterminedOn: '2024-03-15' } }));
  const state = async () => ({
    person: await loadPerson(t.db, personId, police.agencyId),
    caseFile: await loadCaseFile(t.db, caseFileId, police.agencyId),
    actions: await count('actions'),
    stored: (await t.db.query<{ fingerprint: string }>("SELECT fingerprint FROM import_records WHERE record_key = 'D-2024-000101|1'"))[0]?.fingerprint,
  });
  const before = await state();

  // 1. A value the mapping refuses (31 February).
  const impossible = await importFile(t.db, police, { fileName: 'reta-v3.csv', bytes: Buffer.from(csv.replace(original, original.replace('03/04/2007', '31/02/2007'))), profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([impossible.updated, impossible.quarantined], [0, 1]);
  assert.deepEqual(await state(), before);

  // 2. A change the person accepts (a birth date) but the case file refuses (a detection after
  //    the determination): refused whole, the person's half included.
  const halfway = await importFile(t.db, police, { fileName: 'reta-v4.csv', bytes: Buffer.from(csv.replace(original, original.replace('12/03/2024', '20/03/2024').replace('03/04/2007', '05/04/2007'))), profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY });
  assert.deepEqual([halfway.updated, halfway.quarantined], [0, 1]);
  assert.deepEqual(await state(), before);
  assert.notEqual(before.person?.birthDate, '2007-04-05');
  const { items } = await listQuarantine(t.db, police.agencyId, { batchId: halfway.batchId, limit: 10, offset: 0 });
  assert.deepEqual(items.map((q) => [q.recordId, q.problems.map((p) => p.field)]), [['D-2024-000101|1', ['changes.statusDeterminedOn']]]);
  assert.match(items[0]?.problems[0]?.es ?? '', /anterior a la detección/);
  assert.match(items[0]?.problems[0]?.en ?? '', /precede the detection/);
});

test('projections rebuilt from the log hold the imported records, exactly as they were', async () => {
  const before = await count('case_files');
  const persons = await count('persons');
  assert.ok(await count("actions WHERE action_type = 'record.imported'") >= 30, 'imported rows of several files and profiles');
  // Every column but the sealed ones (sealed afresh, with a new IV), and every record opened whole.
  const state = async () => {
    const [digest] = await t.db.query<{ d: string }>(
      `SELECT (SELECT string_agg((to_jsonb(p) - 'sealed')::text, ',' ORDER BY p.id) FROM persons p) || (SELECT string_agg((to_jsonb(c) - 'sealed')::text, ',' ORDER BY c.id) FROM case_files c) AS d`,
    );
    const rows = await t.db.query<{ id: string; person_id: string; owner_agency_id: string }>('SELECT id, person_id, owner_agency_id FROM case_files ORDER BY id');
    const opened = [];
    for (const r of rows) opened.push([await loadCaseFile(t.db, r.id, r.owner_agency_id), await loadPerson(t.db, r.person_id, r.owner_agency_id)]);
    const alone = await t.db.query<{ id: string; owner_agency_id: string }>('SELECT id, owner_agency_id FROM persons p WHERE NOT EXISTS (SELECT 1 FROM case_files c WHERE c.person_id = p.id) ORDER BY id');
    for (const p of alone) opened.push([await loadPerson(t.db, p.id, p.owner_agency_id)]);
    return { digest: digest?.d, opened };
  };
  const live = await state();
  const rebuilt = await t.db.transaction((tx) => rebuildProjections(tx));
  assert.equal(rebuilt.caseFiles, before);
  assert.equal(rebuilt.persons, persons);
  assert.deepEqual(await state(), live);
});

test('a file prepared in a thread of its own stores what the main thread stores; again, nothing; a changed row, its update', async () => {
  const bytes = sample('reta-pnp-SINTETICO.csv');
  // The police imported this file in the main thread (first test); the NGO imports it through the thread, in chunks of 3.
  const threaded = await importFile(t.db, ngo, { fileName: 'reta.csv', bytes, profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY, chunkSize: 3, thread: true });
  assert.deepEqual([threaded.read, threaded.imported, threaded.updated, threaded.unchanged, threaded.quarantined], [10, 10, 0, 0, 0]);
  assert.equal(await count("actions WHERE reason = $1 AND action_type = 'record.imported'", [`import:${threaded.batchId}`]), 10);
  assert.equal(await count('worklist_cases w JOIN import_records r ON r.case_file_id = w.case_file_id WHERE r.batch_id = $1', [threaded.batchId]), 10);
  const records = async (agencyId: string) => {
    const rows = await t.db.query<{ record_key: string; person_id: string; case_file_id: string }>('SELECT record_key, person_id, case_file_id FROM import_records WHERE agency_id = $1 AND source_system = $2 ORDER BY record_key', [agencyId, 'PNP-RETA']);
    const out = [];
    for (const r of rows) {
      const { id: _p, ownerAgencyId: _a, createdAt: _c, updatedAt: _u, version: _v, ...person } = (await loadPerson(t.db, r.person_id, agencyId)) ?? {};
      const { id: _i, code, personId: _pid, ownerAgencyId: _o, registeringUnitId: _r, createdAt: _cc, updatedAt: _uu, version: _vv, ...caseFile } = (await loadCaseFile(t.db, r.case_file_id, agencyId)) ?? { code: '' };
      out.push({ key: r.record_key, person, caseFile, code: code.replace(/\d{6}$/, '') });
    }
    return out;
  };
  // The rows of this file only (both agencies hold others, from the tests above).
  const keys = (await t.db.query<{ record_key: string }>('SELECT record_key FROM import_records WHERE batch_id = $1', [threaded.batchId])).map((r) => r.record_key);
  const there = (await records(ngo.agencyId)).filter((r) => keys.includes(r.key));
  const here = (await records(police.agencyId)).filter((r) => keys.includes(r.key));
  assert.deepEqual([here.length, there.length], [10, 10]);
  // The police's first row was changed since (a birth date): compared without it.
  assert.deepEqual(there.slice(1), here.slice(1));
  const again = await importFile(t.db, ngo, { fileName: 'reta.csv', bytes, profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY, chunkSize: 3, thread: true });
  assert.deepEqual([again.imported, again.updated, again.unchanged, again.quarantined], [0, 0, 10, 0]);
  const changed = bytes.toString('utf8').replace('"HUAMAN QUISPE, ROSA ELENA",F,03/04/2007', '"HUAMAN QUISPE, ROSA ELENA",F,04/04/2007');
  const update = await importFile(t.db, ngo, { fileName: 'reta-v2.csv', bytes: Buffer.from(changed), profile: profile('reta-pnp-sintetico'), linkage: 'off', today: TODAY, chunkSize: 3, thread: true });
  assert.deepEqual([update.imported, update.updated, update.unchanged], [0, 1, 9]);
  // Her person as the main thread's update left it (the police's case file was edited since, by hand).
  const updated = (await records(ngo.agencyId)).find((r) => r.key === here[0]?.key);
  assert.equal((updated?.person as { birthDate?: string } | undefined)?.birthDate, '2007-04-04');
  assert.deepEqual(updated?.person, here[0]?.person, 'the same change as the main thread made');
  assert.deepEqual(updated?.caseFile, there[0]?.caseFile);
});

test('chunks prepared in turn by this thread and another store what one preparer stores; a record id repeated in another chunk is quarantined as repeated', async () => {
  // Ids of their own (D-2025-…), and rows 11 and 12 repeating the ids of rows 2 and 7 with other values:
  // in chunks of 2, rows 2, 7, 11 and 12 fall to the two preparers unevenly.
  const lines = sample('reta-pnp-SINTETICO.csv').toString('utf8').trimEnd().replaceAll('D-2024-', 'D-2025-').split('\n');
  const repeated = [2, 7].map((i) => (lines[i] as string).replace('SINTÉTICO', 'SINTÉTICO (REPETIDO)'));
  const bytes = Buffer.from([...lines, ...repeated].join('\n'));
  const options = { fileName: 'reta-repetido.csv', bytes, profile: profile('reta-pnp-sintetico'), linkage: 'off' as const, today: TODAY, chunkSize: 2 };
  const alone = await importFile(t.db, police, options);
  const inTurn = await importFile(t.db, ngo, { ...options, threads: 1 });
  for (const summary of [alone, inTurn]) assert.deepEqual([summary.read, summary.imported, summary.updated, summary.unchanged, summary.quarantined], [12, 10, 0, 0, 2]);
  const quarantined = async (agencyId: string, batchId: string) =>
    (await listQuarantine(t.db, agencyId, { batchId, limit: 100, offset: 0 })).items.map((q) => [q.rowNumber, q.recordId, q.problems.map((p) => [p.field, p.key, p.es])]);
  const there = await quarantined(ngo.agencyId, inTurn.batchId);
  assert.deepEqual(there, await quarantined(police.agencyId, alone.batchId));
  assert.deepEqual(
    there.map(([row, id, problems]) => [row, id, (problems as string[][]).map((p) => p[1])]),
    [
      [11, 'D-2025-000101|2', ['import.duplicateRecordId']],
      [12, 'D-2025-000152|1', ['import.duplicateRecordId']],
    ],
  );
  // The case files' codes follow the file's order.
  const codes = (
    await t.db.query<{ code: string }>(
      `SELECT c.code FROM actions a JOIN case_files c ON c.id = (a.payload->'caseFile'->>'id')::uuid
        WHERE a.reason = $1 AND a.action_type = 'record.imported' ORDER BY (a.payload->'import'->>'rowNumber')::int`,
      [`import:${inTurn.batchId}`],
    )
  ).map((r) => r.code);
  assert.equal(codes.length, 10);
  assert.deepEqual(codes, [...codes].sort());
  const again = await importFile(t.db, ngo, { ...options, threads: 1 });
  assert.deepEqual([again.imported, again.updated, again.unchanged], [0, 0, 10]);
});
