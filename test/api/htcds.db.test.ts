// HTCDS through the API and the database: the police export a selection of case files (identity
// only where the person consented to share it with the recipient), the NGO imports the file with
// the shipped profile and gets the same case data back; the same file again, or its JSON form,
// changes nothing; a case file out of reach exports nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { careConsent } from '../permissions/consents.cases.ts';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let ngo: Client;

interface CaseView { caseFile: Record<string, unknown> & { id: string; personId: string }; person?: Record<string, unknown> }

const register = async (client: Client, overrides: Parameters<typeof sampleRegistration>[0]) => {
  const res = await client.request('POST', '/api/case-files', sampleRegistration(overrides));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as CaseView;
};
const exported = async (client: Client, body: unknown) => {
  const res = await client.request('POST', '/api/exports/htcds', body);
  assert.equal(res.statusCode, 200, res.body);
  return res;
};
async function imported(client: Client, fileName: string, content: string) {
  const res = await client.request('POST', '/api/imports', { fileName, content: Buffer.from(content).toString('base64'), profileId: 'htcds' });
  assert.equal(res.statusCode, 202, res.body);
  const { id } = res.json() as { id: string };
  for (let i = 0; i < 600; i++) {
    const batch = (await client.request('GET', `/api/imports/${id}`)).json() as { status: string; counts: Record<string, number> };
    if (batch.status !== 'RUNNING') return batch;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const CARRIED = ['detectionDate', 'detectionSource', 'detectionUbigeo', 'minorAtDetection', 'traffickingStatus', 'statusDeterminedBy', 'legalPurposes', 'exploitationTypes', 'meansOfControl', 'recruitmentMethods', 'exploitationPlaces', 'recruitmentDate'];
const carried = (c: Record<string, unknown>) => Object.fromEntries(CARRIED.map((k) => [k, c[k]]));

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
});
after(() => t.close());

test('export to HTCDS and import it back: the case data returns field by field, identity only with consent', async () => {
  const caseData = { recruitmentPlace: undefined, exploitationPlaces: [{ country: 'PER', ubigeo: '170101' }], traffickingStatus: 'VICTIMA_DETERMINADA', statusDeterminedBy: 'PNP', recruitmentMethods: ['REDES_SOCIALES', 'SECUESTRO'], recruitmentDate: '2025-12' };
  const shared = await register(police, { person: { motherTongue: undefined, genderIdentity: 'MUJER_TRANS' }, caseFile: caseData });
  const pseudonymous = await register(police, { person: { givenNames: 'Julia', motherTongue: undefined }, caseFile: { ...caseData, exploitationTypes: ['LABORAL', 'MENDICIDAD'], legalPurposes: ['EXPLOTACION_LABORAL', 'MENDICIDAD'] } });
  const consent = await police.request('POST', `/api/case-files/${shared.caseFile.id}/consents`, { ...careConsent, purpose: 'COMPARTIR_CON_ENTIDAD', agency: 'ONG', groups: ['G1', 'G2'] });
  assert.equal(consent.statusCode, 201, consent.body);
  const ids = [shared.caseFile.id, pseudonymous.caseFile.id];

  // Without a recipient nobody's identity leaves.
  const anonymous = JSON.parse((await exported(police, { caseFileIds: ids, format: 'json' })).body) as { standard: string; records: Record<string, unknown>[] };
  assert.equal(anonymous.standard, 'HTCDS');
  assert.deepEqual(anonymous.records.map((r) => [r.prs_FirstName, r.x_enlace_IdentityShared]), [['', 'NO'], ['', 'NO']]);

  const csv = await exported(police, { caseFileIds: ids, format: 'csv', recipient: 'ONG' });
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.match(csv.body, /prs_FirstName,prs_SecondName/);
  assert.match(csv.body, /María del Carmen,Quispe Huamán,1999-03-14,TransgenderFeminine,PER,40123456,ActualVictimOfTrafficking,Police,ThroughOnlineSocialNetworks;Other,/);
  assert.doesNotMatch(csv.body, /Julia/);
  const audited = await t.db.query<{ entity_id: string; field_groups: string[] }>("SELECT entity_id, field_groups FROM audit_log WHERE action = 'EXPORT_HTCDS' AND purpose = 'htcds:ONG'");
  assert.deepEqual(audited.map((a) => [a.entity_id, [...a.field_groups].sort()]).sort(), [[shared.caseFile.id, ['G1', 'G2']], [pseudonymous.caseFile.id, ['G2']]].sort());

  const batch = await imported(ngo, 'htcds-pnp.csv', csv.body);
  assert.equal(batch.status, 'COMPLETED');
  assert.deepEqual(batch.counts, { read: 2, imported: 2, updated: 0, unchanged: 0, quarantined: 0, blankRows: 0 });
  const stored = await t.db.query<{ record_key: string; case_file_id: string }>("SELECT record_key, case_file_id FROM import_records WHERE agency_id = $1 AND source_system = 'HTCDS'", [t.agencies.ong]);
  const copyOf = (id: string) => stored.find((s) => s.record_key === id)?.case_file_id as string;
  for (const original of [shared, pseudonymous]) {
    const copy = (await ngo.request('GET', `/api/case-files/${copyOf(original.caseFile.id)}`)).json() as CaseView;
    assert.deepEqual(carried(copy.caseFile), carried(original.caseFile));
  }
  const sharedCopy = (await ngo.request('GET', `/api/case-files/${copyOf(shared.caseFile.id)}`)).json() as CaseView;
  const p = shared.person as Record<string, unknown>;
  assert.deepEqual(
    ['givenNames', 'paternalSurname', 'maternalSurname', 'sex', 'genderIdentity', 'birthDate', 'nationalities', 'documents'].map((k) => sharedCopy.person?.[k]),
    ['givenNames', 'paternalSurname', 'maternalSurname', 'sex', 'genderIdentity', 'birthDate', 'nationalities', 'documents'].map((k) => p[k]),
  );
  const pseudonymousCopy = (await ngo.request('GET', `/api/case-files/${copyOf(pseudonymous.caseFile.id)}`)).json() as CaseView;
  assert.equal(pseudonymousCopy.person?.identificationDescription, `HTCDS ${pseudonymous.caseFile.id}`);
  assert.equal(pseudonymousCopy.person?.givenNames, undefined);

  // The same file again, and the same records as JSON, change nothing.
  assert.equal((await imported(ngo, 'htcds-pnp.csv', csv.body)).counts.unchanged, 2);
  const json = await exported(police, { caseFileIds: ids, format: 'json', recipient: 'ONG' });
  assert.deepEqual((await imported(ngo, 'htcds-pnp.json', json.body)).counts, { read: 2, imported: 0, updated: 0, unchanged: 2, quarantined: 0, blankRows: 0 });
});

test('a case file out of reach exports nothing; bad requests are refused in es and en', async () => {
  const own = await register(police, {});
  const other = await register(ngo, {});
  const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'EXPORT_HTCDS'"))[0]?.n;
  assert.equal((await police.request('POST', '/api/exports/htcds', { caseFileIds: [own.caseFile.id, other.caseFile.id] })).statusCode, 404);
  assert.equal((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'EXPORT_HTCDS'"))[0]?.n, before);
  const empty = await police.request('POST', '/api/exports/htcds', { caseFileIds: [] }, { 'accept-language': 'en' });
  assert.equal(empty.statusCode, 400);
  assert.equal((empty.json() as { errors: { path: string }[] }).errors[0]?.path, 'caseFileIds');
  const unknown = await police.request('POST', '/api/exports/htcds', { caseFileIds: [own.caseFile.id], recipient: 'NADIE' });
  assert.equal(unknown.statusCode, 400);
  assert.equal((unknown.json() as { errors: { path: string }[] }).errors[0]?.path, 'recipient');
});
