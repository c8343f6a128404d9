// HTCDS v2.0 both ways, without a database: the picklists copied from the standard's field sheet,
// our codes to HTCDS values and back, the legal purposes against the HTCDS types, the mapping as
// docs/HTCDS.md writes it down, and a case file through an HTCDS file and the shipped profile.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FINALIDAD_EXPLOTACION, TIPO_EXPLOTACION } from '../../src/domain/code-lists.ts';
import type { CaseFileRecord, PersonRecord } from '../../src/domain/records.ts';
import { legalPurposesOf, parseFile, shippedProfile } from '../../src/importers/index.ts';
import {
  fromHtcdsValue,
  HTCDS_CODED_FIELDS,
  HTCDS_PICKLISTS,
  htcdsCsv,
  htcdsJson,
  htcdsMappingMarkdown,
  toHtcdsRecord,
  toHtcdsValue,
  type HtcdsCodedField,
} from '../../src/importers/htcds.ts';
import { toRegistration } from '../../src/importers/registration.ts';
import { ZipArchive } from '../../src/importers/zip.ts';

const profile = shippedProfile('htcds');
const fields = Object.keys(HTCDS_CODED_FIELDS) as HtcdsCodedField[];

test('the picklists the build uses are those of the field sheet copied from the standard', () => {
  const ods = new ZipArchive(readFileSync(new URL('../../data/standards/htcds/htcds-field-standards-2.0.ods', import.meta.url)));
  const xml = new TextDecoder().decode(ods.read('content.xml'));
  const cellTexts = (cell: string) => [...cell.matchAll(/<text:p[^>]*>(.*?)<\/text:p>/gs)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, ''));
  const found: Record<string, string[]> = {};
  for (const row of xml.matchAll(/<table:table-row[^>]*>(.*?)<\/table:table-row>/gs)) {
    const cells = [...(row[1] ?? '').matchAll(/<table:table-cell[^>]*?(?:\/>|>(.*?)<\/table:table-cell>)/gs)].map((m) => cellTexts(m[1] ?? ''));
    const at = cells.findIndex((c) => c.length === 1 && /^(prs|vic|cas|org|per|hte|spl|con|cco)_[A-Za-z]+$/.test(c[0] ?? ''));
    if (at < 0) continue;
    const [type, , values] = cells.slice(at + 1);
    if (type?.join('').includes('Picklist') && values && values.length > 1) found[cells[at]?.[0] as string] = values;
  }
  assert.deepEqual(found, HTCDS_PICKLISTS);
  for (const field of fields) assert.ok(HTCDS_PICKLISTS[field], field);
});

test('every HTCDS value of a mapped field reads as one of our codes, which writes back the same value', () => {
  for (const field of fields) {
    for (const value of HTCDS_PICKLISTS[field] ?? []) {
      const code = fromHtcdsValue(field, value);
      assert.ok(code, `${field} ${value}`);
      assert.equal(toHtcdsValue(field, code), value, `${field} ${value} → ${code}`);
    }
    assert.equal(fromHtcdsValue(field, 'NotInTheStandard'), undefined);
  }
});

test('every one of our codes writes an HTCDS value of the field (no-value codes write none), read back as a code with that value', () => {
  for (const field of fields) {
    for (const v of HTCDS_CODED_FIELDS[field].values) {
      const value = toHtcdsValue(field, v.code);
      if (v.noValue && !(field === 'prs_Gender' && v.code !== 'NO_APLICA')) {
        assert.equal(value, '', `${field} ${v.code}`);
        continue;
      }
      assert.ok((HTCDS_PICKLISTS[field] ?? []).includes(value), `${field} ${v.code} → "${value}"`);
      assert.equal(toHtcdsValue(field, fromHtcdsValue(field, value) as string), value);
    }
  }
});

test('Peruvian legal purposes and HTCDS types of exploitation, both ways', () => {
  const typesOf = (purpose: string) => new Set(TIPO_EXPLOTACION.values.filter((t) => t.legal?.includes(purpose)).map((t) => toHtcdsValue('vic_TypeOfExploitation', t.code)));
  // An HTCDS type read back carries legal purposes whose own HTCDS types include it.
  for (const type of HTCDS_PICKLISTS.vic_TypeOfExploitation ?? []) {
    const purposes = legalPurposesOf([fromHtcdsValue('vic_TypeOfExploitation', type) as string]);
    assert.ok(purposes.length > 0, type);
    for (const p of purposes) assert.ok(typesOf(p).has(type), `${type} → ${p}`);
  }
  // Every legal purpose but "not determined" is reached by some HTCDS type.
  for (const p of FINALIDAD_EXPLOTACION.values.filter((v) => v.code !== 'NO_DETERMINADA')) assert.ok(typesOf(p.code).size > 0, p.code);
});

test('docs/HTCDS.md writes down the mapping the code uses', () => {
  const doc = readFileSync(new URL('../../docs/HTCDS.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(htcdsMappingMarkdown()), 'docs/HTCDS.md: paste the output of htcdsMappingMarkdown() again');
});

const person: PersonRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  version: 1,
  ownerAgencyId: 'a',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  givenNames: 'Rosa Elena',
  paternalSurname: 'Quispe',
  maternalSurname: 'Mamani',
  sex: 'MUJER',
  birthDate: '2009-05-02',
  nationalities: ['PER', 'BOL'],
  documents: [{ type: 'DNI', number: '71234567' }],
};
const caseFile: CaseFileRecord = {
  id: '00000000-0000-4000-8000-0000000000c1',
  code: 'PNP-2026-000001',
  personId: person.id,
  state: 'EN_ATENCION',
  version: 3,
  ownerAgencyId: 'a',
  registeringUnitId: 'u',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  detectionDate: '2026-03-12',
  detectionSource: 'OPERATIVO_POLICIAL',
  detectionUbigeo: '170101',
  minorAtDetection: 'SI',
  traffickingStatus: 'VICTIMA_DETERMINADA',
  statusDeterminedBy: 'FISCALIA_O_PODER_JUDICIAL',
  legalPurposes: ['EXPLOTACION_SEXUAL', 'ESCLAVITUD_PRACTICAS_ANALOGAS'],
  exploitationTypes: ['SEXUAL', 'ESCLAVITUD'],
  meansOfControl: ['RESTRINGE_MOVIMIENTO', 'RETIENE_DOCUMENTOS'],
  legalMeans: [],
  recruitmentMethods: ['SECUESTRO'],
  recruitmentDate: '2025-11',
  exploitationPlaces: [{ country: 'PER', ubigeo: '170101' }],
};

test('a case file exported as HTCDS (CSV and JSON) comes back through the shipped profile with every field it carries', () => {
  assert.ok(profile);
  const record = toHtcdsRecord(caseFile, person, 'PNP');
  assert.equal(record.vic_TypeOfExploitation.toString(), 'SexualExploitation,Other');
  assert.equal(record.prs_Gender, 'Feminine');
  for (const bytes of [Buffer.from(htcdsCsv([record])), Buffer.from(htcdsJson([record], '2026-11-27T00:00:00Z'))]) {
    const result = parseFile(bytes, profile, { file: 'x', today: '2026-11-27' });
    const outcome = result.outcomes[0];
    assert.equal(outcome?.status, 'mapped', JSON.stringify(outcome));
    if (outcome?.status !== 'mapped') continue;
    const { person: p, caseFile: c, source } = outcome.record;
    assert.equal(source.recordId, caseFile.id);
    assert.deepEqual(
      { givenNames: p.givenNames, paternalSurname: p.paternalSurname, maternalSurname: p.maternalSurname, sex: p.sex, genderIdentity: p.genderIdentity, birthDate: p.birthDate, nationalities: p.nationalities, documents: p.documents },
      { givenNames: 'Rosa Elena', paternalSurname: 'Quispe', maternalSurname: 'Mamani', sex: 'MUJER', genderIdentity: undefined, birthDate: '2009-05-02', nationalities: ['PER', 'BOL'], documents: [{ type: 'DNI', number: '71234567' }] },
    );
    const { id, code, personId, state, version, ownerAgencyId, registeringUnitId, createdAt, updatedAt, ...carried } = caseFile;
    assert.deepEqual(c, carried);
  }
});

test('a pseudonymous record carries no identity and comes back recognisable by its case id', () => {
  assert.ok(profile);
  const record = toHtcdsRecord(caseFile, undefined, 'PNP');
  for (const column of ['prs_FirstName', 'prs_SecondName', 'prs_Birthdate', 'prs_IdentityNumber', 'x_enlace_PaternalSurname'] as const) assert.equal(record[column], '');
  const outcome = parseFile(Buffer.from(htcdsCsv([record])), profile, { file: 'x', today: '2026-11-27' }).outcomes[0];
  assert.equal(outcome?.status, 'mapped', JSON.stringify(outcome));
  if (outcome?.status === 'mapped') {
    assert.equal(outcome.record.person.identificationDescription, `HTCDS ${caseFile.id}`);
    assert.equal(outcome.record.person.sex, 'DESCONOCIDO');
    assert.equal(outcome.record.caseFile?.minorAtDetection, 'SI');
  }
});

test('a file from another HTCDS system is read from the standard fields; what it lacks or the standard does not know is quarantined per field', () => {
  assert.ok(profile);
  const json = JSON.stringify({ records: [
    { Id: 'EXT-1', prs_FirstName: 'Ana', prs_SecondName: 'Rojas', prs_Gender: 'TransgenderFeminine', prs_Citizenship: ['VE'], vic_TraffickingStatus: 'PossibleVictimOfTrafficking', vic_TypeOfExploitation: ['ForcedLabour', 'ForcedBegging'], vic_MethodsOfControl: ['DebtBondage', 'Other'] },
    { Id: 'EXT-2', prs_FirstName: 'Luz', vic_TypeOfExploitation: ['Smuggling'] },
  ] });
  // As the import engine does: a record must also make a complete registration.
  const check = (record: Parameters<typeof toRegistration>[0]) => {
    const registration = toRegistration(record);
    return registration.ok ? [] : registration.problems;
  };
  const result = parseFile(Buffer.from(json), profile, { file: 'ext.json', today: '2026-11-27', check });
  const [first, second] = result.outcomes;
  assert.equal(first?.status, 'quarantined');
  if (first?.status === 'quarantined') {
    assert.deepEqual(first.row.values.gender_identity, 'MUJER_TRANS');
    assert.equal(first.row.values.exploitation_types, 'LABORAL;MENDICIDAD');
    assert.equal(first.row.values.means_of_control, 'SERVIDUMBRE_POR_DEUDAS;OTRO');
    assert.equal(first.row.values.nationality, 'VE');
    const fieldsOf = first.row.problems.map((p) => p.field).sort();
    assert.deepEqual(fieldsOf, ['caseFile.detectionDate', 'caseFile.detectionUbigeo']);
    assert.ok(first.row.problems.every((p) => p.es !== '' && p.en !== ''));
  }
  assert.equal(second?.status, 'quarantined');
  if (second?.status === 'quarantined') assert.ok(second.row.problems.some((p) => p.field === 'caseFile.exploitationTypes' && p.value === 'Smuggling'), JSON.stringify(second.row.problems));
});

test('the CSV export neutralises cells a spreadsheet would run', () => {
  const record = toHtcdsRecord(caseFile, { ...person, identificationDescription: '=HYPERLINK("http://x")' }, 'PNP');
  assert.match(htcdsCsv([record]), /'=HYPERLINK/);
});
