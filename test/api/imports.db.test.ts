import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { policeStationProfile } from '../helpers/profiles.ts';

let t: TestApp;
let police: Client;
let ngo: Client;

const sample = (name: string) => readFileSync(new URL(`../../data/profiles/samples/${name}`, import.meta.url));
const upload = (fileName: string, bytes: Buffer | string, profileId = 'reta-pnp-sintetico') => ({ fileName, content: Buffer.from(bytes).toString('base64'), profileId });
const count = async (sql: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0]?.n ?? -1;

async function finished(client: Client, id: string) {
  for (let i = 0; i < 600; i++) {
    const batch = (await client.request('GET', `/api/imports/${id}`)).json() as { status: string; counts: Record<string, number>; openQuarantine: number };
    if (batch.status !== 'RUNNING') return batch;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

before(async () => {
  t = await startTestApp();
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
});
after(() => t.close());

test('an upload is imported in the background; its batch shows the counts; a second upload changes nothing', async () => {
  const res = await police.request('POST', '/api/imports', upload('reta.csv', sample('reta-pnp-SINTETICO.csv')));
  assert.equal(res.statusCode, 202, res.body);
  const { id } = res.json() as { id: string };
  const batch = await finished(police, id);
  assert.equal(batch.status, 'COMPLETED');
  assert.deepEqual(batch.counts, { read: 10, imported: 10, updated: 0, unchanged: 0, quarantined: 0, blankRows: 0 });
  const list = (await police.request('GET', '/api/case-files')).json() as { total?: number; items: unknown[] };
  assert.equal(list.items.length, 10);
  const again = await finished(police, ((await police.request('POST', '/api/imports', upload('reta.csv', sample('reta-pnp-SINTETICO.csv')))).json() as { id: string }).id);
  assert.equal(again.counts.unchanged, 10);
  assert.equal(again.counts.imported, 0);
  // Another agency does not see the batch.
  assert.equal((await ngo.request('GET', `/api/imports/${id}`)).statusCode, 404);
  assert.equal(((await ngo.request('GET', '/api/imports')).json() as { items: unknown[] }).items.length, 0);
  assert.ok((await count("audit_log WHERE action = 'IMPORT'")) >= 2);
});

test('the agency, unit and batch that imported records name cannot be deleted or renumbered (migration 0036 keeps what the foreign keys kept)', async () => {
  const [named] = await t.db.query<{ agency_id: string; batch_id: string; unit_id: string }>(
    'SELECT r.agency_id, r.batch_id, c.registering_unit_id AS unit_id FROM import_records r JOIN case_files c ON c.id = r.case_file_id LIMIT 1',
  );
  assert.ok(named, 'an import stored its records');
  await assert.rejects(t.db.query('UPDATE agencies SET id = gen_random_uuid() WHERE id = $1', [named.agency_id]), /named by stored records/);
  await assert.rejects(t.db.query('UPDATE units SET id = gen_random_uuid() WHERE id = $1', [named.unit_id]), /named by stored records/);
  await assert.rejects(t.db.query('DELETE FROM import_batches WHERE id = $1', [named.batch_id]), /named by stored records/);
  await assert.rejects(t.db.query('DELETE FROM agencies WHERE id = $1', [named.agency_id]));
  // Changing anything else of them is not refused.
  await t.db.query('UPDATE import_batches SET file_name = file_name WHERE id = $1', [named.batch_id]);
  assert.equal(await count(`import_records WHERE batch_id = '${named.batch_id}'`), 10);
});

test('bad files and requests are refused in Spanish and English and store nothing', async () => {
  const batches = await count('import_batches');
  const binary = await police.request('POST', '/api/imports', upload('x.csv', Buffer.from([0x41, 0x00, 0x42, 0x0a, 0x43])));
  assert.equal(binary.statusCode, 422);
  assert.match((binary.json() as { title: string }).title, /binario/);
  const english = await police.request('POST', '/api/imports', upload('x.csv', Buffer.from([0x41, 0x00, 0x42, 0x0a, 0x43])), { 'accept-language': 'en' });
  assert.match((english.json() as { title: string }).title, /binary/);
  assert.equal((await police.request('POST', '/api/imports', upload('x.csv', ''))).statusCode, 400);
  assert.equal((await police.request('POST', '/api/imports', { fileName: 'x.csv', content: '%%%', profileId: 'canonico' })).statusCode, 400);
  const unknownProfile = await police.request('POST', '/api/imports', upload('x.csv', 'a,b\n1,2\n', 'no-such-profile'));
  assert.equal(unknownProfile.statusCode, 422);
  const badProfile = await police.request('POST', '/api/imports', { ...upload('x.csv', 'a\n1\n'), profileId: undefined, profile: { id: 'X' } });
  assert.equal(badProfile.statusCode, 422);
  assert.equal(await count('import_batches'), batches);
});

test('a case worker may try a profile on a sample; an administrator may try one too, but not import', async () => {
  const admin = await t.signIn('adminpnp');
  const report = await police.request('POST', '/api/import-profiles/test', upload('mimp.csv', sample('mimp-car-SINTETICO.csv'), 'mimp-car-sintetico'));
  assert.equal(report.statusCode, 200, report.body);
  const body = report.json() as { ok: boolean; counts: { mapped: number }; preview: unknown[] };
  assert.equal(body.ok, true);
  assert.equal(body.counts.mapped, 10);
  assert.equal((await admin.request('GET', '/api/import-profiles')).statusCode, 200);
  assert.equal((await admin.request('POST', '/api/import-profiles/test', upload('mimp.csv', sample('mimp-car-SINTETICO.csv'), 'mimp-car-sintetico'))).statusCode, 200);
  assert.equal((await police.request('POST', '/api/import-profiles', { profile: {} })).statusCode, 403);
  assert.equal((await admin.request('POST', '/api/imports', upload('mimp.csv', sample('mimp-car-SINTETICO.csv'), 'mimp-car-sintetico'))).statusCode, 403);
  assert.equal((await admin.request('GET', '/api/import-quarantine')).statusCode, 403);
});

test('quarantined rows are listed with their reasons, corrected and resubmitted, or discarded; the error report neutralises formulas', async () => {
  const csv = [
    'N° DENUNCIA,ITEM,FECHA DENUNCIA,FORMA DE CONOCIMIENTO,APELLIDOS Y NOMBRES,SEXO,FECHA NAC.,LUGAR DE LOS HECHOS,MODALIDAD',
    'W-1,1,31/02/2024,OPERATIVO,"QUISPE MAMANI, ANA",F,01/01/2000,Puerto Maldonado,EXPLOTACION SEXUAL',
    'W-2,1,10/10/2024,OPERATIVO,"=HYPERLINK(""http://x"")",F,01/01/2001,Puerto Maldonado,EXPLOTACION SEXUAL',
  ].join('\r\n');
  const { id } = (await ngo.request('POST', '/api/imports', upload('w.csv', csv))).json() as { id: string };
  const batch = await finished(ngo, id);
  assert.equal(batch.counts.quarantined, 2);
  assert.equal(batch.openQuarantine, 2);
  const list = (await ngo.request('GET', `/api/import-quarantine?batchId=${id}`)).json() as { total: number; items: { id: string; recordId: string; version: number; values: Record<string, string>; problems: { field: string; es: string; en: string }[] }[] };
  assert.equal(list.total, 2);
  const report = await ngo.request('GET', `/api/imports/${id}/errors.csv`);
  assert.equal(report.statusCode, 200);
  assert.match(report.headers['content-type'] as string, /text\/csv/);
  assert.ok(report.body.includes("'=HYPERLINK"), 'the formula is written as text');
  assert.ok(!/(^|,|")=HYPERLINK/m.test(report.body.replace(/'=HYPERLINK/g, '')));

  const badDate = list.items.find((i) => i.recordId === 'W-1|1');
  assert.ok(badDate);
  assert.equal((await ngo.request('POST', `/api/import-quarantine/${badDate.id}/resubmit`, { version: 1, values: { 'NO EXISTE': 'x' } })).statusCode, 422);
  const correction = { version: 1, values: { 'FECHA DENUNCIA': '28/02/2024' } };
  const fixed = await ngo.request('POST', `/api/import-quarantine/${badDate.id}/resubmit`, correction, { 'idempotency-key': 'quarantine-fix-0001' });
  assert.equal(fixed.statusCode, 200, fixed.body);
  assert.equal((fixed.json() as { status: string }).status, 'imported');
  // The answer lost on its way back: the retry with the same key gets it again, nothing imported twice.
  const retried = await ngo.request('POST', `/api/import-quarantine/${badDate.id}/resubmit`, correction, { 'idempotency-key': 'quarantine-fix-0001' });
  assert.equal(retried.statusCode, 200, retried.body);
  assert.deepEqual(retried.json(), fixed.json());
  assert.equal((await police.request('POST', `/api/import-quarantine/${badDate.id}/discard`, { version: 2, reason: 'x' })).statusCode, 404);
  const formula = list.items.find((i) => i.recordId === 'W-2|1');
  assert.ok(formula);
  const discarded = await ngo.request('POST', `/api/import-quarantine/${formula.id}/discard`, { version: 1, reason: 'Fila de prueba con una fórmula (sintética)' });
  assert.equal(discarded.statusCode, 200, discarded.body);
  assert.equal(((await ngo.request('GET', `/api/imports/${id}`)).json() as { openQuarantine: number }).openQuarantine, 0);
});

test('an administrator saves a profile for her agency, tries it, and the agency imports with it; other agencies do not see it', async () => {
  const admin = await t.signIn('adminpnp');
  const profile = policeStationProfile('comisaria-ejemplo', { es: 'Comisaría de ejemplo (SINTÉTICO)', en: 'Example police station (SYNTHETIC)' });
  const file = 'NRO;NOMBRE;SEXO;EDAD;FECHA;DPTO;TIPO\nC-1;ROJAS PAZ, ANA;1;17;03/05/2026;Cusco;TL\nC-2;LUNA SOTO, EVA;9;30;04/05/2026;Puno;TL\n';
  const bad = await admin.request('POST', '/api/import-profiles', { profile: { ...profile, codes: { sex: { '1': 'MUJERES' } } } }, { 'accept-language': 'en' });
  assert.equal(bad.statusCode, 422);
  assert.ok((bad.json() as { errors: { path: string }[] }).errors.some((e) => e.path === 'profile.codes.sex.1'));
  assert.equal((await admin.request('POST', '/api/import-profiles', { profile: { ...profile, id: 'canonico' } })).statusCode, 409);
  const saved = await admin.request('POST', '/api/import-profiles', { profile });
  assert.equal(saved.statusCode, 201, saved.body);
  assert.equal((await admin.request('POST', '/api/import-profiles', { profile })).statusCode, 409);

  // Listed for the agency (the administrator and its case workers), tried on the sample by id.
  const listed = (await police.request('GET', '/api/import-profiles')).json() as { items: { id: string; origin: string; savedBy?: string }[] };
  assert.deepEqual(listed.items.filter((p) => p.origin === 'agency').map((p) => [p.id, p.savedBy]), [['comisaria-ejemplo', 'adminpnp']]);
  assert.ok(listed.items.some((p) => p.id === 'htcds' && p.origin === 'shipped'));
  const tried = (await admin.request('POST', '/api/import-profiles/test', upload('comisaria.csv', file, 'comisaria-ejemplo'))).json() as { counts: { mapped: number; quarantined: number } };
  assert.deepEqual([tried.counts.mapped, tried.counts.quarantined], [1, 1]);
  assert.equal(await count("import_batches WHERE profile_id = 'comisaria-ejemplo'"), 0);

  const batch = await finished(police, ((await police.request('POST', '/api/imports', upload('comisaria.csv', file, 'comisaria-ejemplo'))).json() as { id: string }).id);
  assert.deepEqual([batch.status, batch.counts.imported, batch.counts.quarantined], ['COMPLETED', 1, 1]);
  const [stored] = await t.db.query<{ source_system: string }>("SELECT r.source_system FROM import_records r JOIN import_batches b ON b.id = r.batch_id WHERE b.profile_id = 'comisaria-ejemplo'");
  assert.equal(stored?.source_system, 'PNP-COMISARIA');

  // Another agency neither sees nor uses it.
  assert.ok(!((await ngo.request('GET', '/api/import-profiles')).json() as { items: { id: string }[] }).items.some((p) => p.id === 'comisaria-ejemplo'));
  assert.equal((await ngo.request('POST', '/api/imports', upload('comisaria.csv', file, 'comisaria-ejemplo'))).statusCode, 422);

  // Retired, it is no longer offered nor used; its batches keep their copy.
  assert.equal((await admin.request('POST', '/api/import-profiles/comisaria-ejemplo/retire')).statusCode, 204);
  assert.equal((await police.request('POST', '/api/imports', upload('comisaria.csv', file, 'comisaria-ejemplo'))).statusCode, 422);
  assert.equal((await admin.request('POST', '/api/import-profiles/comisaria-ejemplo/retire')).statusCode, 404);
  assert.equal((await admin.request('POST', '/api/import-profiles', { profile })).statusCode, 201);
});
