// HTCDS v2.0 (the Human Trafficking Case Data Standard by IOM, CC BY 4.0; data/standards/htcds/)
// both ways: a case file and its person as one HTCDS record (export), and an HTCDS file as the
// columns of the shipped profile `htcds` (import, through the same mapping, validation and
// quarantine as any agency file). docs/HTCDS.md writes the mapping down; `htcdsMappingMarkdown()`
// is what it shows, and a test keeps the two equal. Pure: no I/O.
//
// HTCDS has no field for what Peruvian law and our minimal data need (detection date and place,
// the legal purpose of art. 129-A, the registered sex apart from gender, our finer exploitation
// types): those travel in `x_enlace_*` columns beside the standard's, holding our codes exactly.
// A consumer of the standard ignores them; an import prefers them when the file has them, so an
// Enlace export comes back whole, and a file from another system is read from its HTCDS fields.
import { stringify } from 'csv-stringify/sync';
import picklistFile from '../../data/standards/htcds/picklists.json' with { type: 'json' };
import {
  CONDICION_TRATA,
  ENTIDAD_DETERMINA,
  ESTADO_EXPEDIENTE,
  FINALIDAD_EXPLOTACION,
  IDENTIDAD_GENERO,
  MEDIO_CONTROL,
  METODO_CAPTACION,
  TIPO_EXPLOTACION,
  type CodeList,
} from '../domain/code-lists.ts';
import type { CaseFileRecord, PersonRecord } from '../domain/records.ts';
import type { SourceRow, Table } from './table.ts';
import { neutraliseFormula } from './text.ts';

/** The picklists of the v2.0 field sheet (field name → value names), copied from the standard. */
export const HTCDS_PICKLISTS: Readonly<Record<string, readonly string[]>> = picklistFile.picklists;

/** HTCDS picklist fields that carry one of our code lists (its values' `htcds`). */
export const HTCDS_CODED_FIELDS = {
  prs_Gender: IDENTIDAD_GENERO,
  vic_TraffickingStatus: CONDICION_TRATA,
  vic_TraffickingStatusDecisionMakingOrg: ENTIDAD_DETERMINA,
  vic_MethodOfRecruitment: METODO_CAPTACION,
  vic_MethodsOfControl: MEDIO_CONTROL,
  vic_TypeOfExploitation: TIPO_EXPLOTACION,
  cas_Status: ESTADO_EXPEDIENTE,
} as const satisfies Record<string, CodeList>;
export type HtcdsCodedField = keyof typeof HTCDS_CODED_FIELDS;

/**
 * Where several of our codes share one HTCDS value, the one an HTCDS value is read as. Otherwise
 * the first code of our list with that value.
 */
const PREFERRED: Partial<Record<HtcdsCodedField, Record<string, string>>> = {
  vic_TypeOfExploitation: { Other: 'OTRA', ForcedAdoption: 'ADOPCION_IRREGULAR', ForcedLabour: 'LABORAL' },
  vic_MethodsOfControl: { Other: 'OTRO' },
  vic_MethodOfRecruitment: { Other: 'OTRO' },
  vic_TraffickingStatus: { NotAVictimOfTrafficking: 'DESCARTADA' },
  cas_Status: { Active: 'EN_ATENCION', Closed: 'CERRADO' },
};

/** Our code → its HTCDS value; '' when the value is not in the field's picklist (a no-value code). */
export function toHtcdsValue(field: HtcdsCodedField, code: string): string {
  const value = HTCDS_CODED_FIELDS[field].values.find((v) => v.code === code)?.htcds;
  return value !== undefined && (HTCDS_PICKLISTS[field] ?? []).includes(value) ? value : '';
}

/** An HTCDS value → our code; undefined when the standard has no such value for the field. */
export function fromHtcdsValue(field: HtcdsCodedField, value: string): string | undefined {
  if (!(HTCDS_PICKLISTS[field] ?? []).includes(value)) return undefined;
  const preferred = PREFERRED[field]?.[value];
  if (preferred !== undefined) return preferred;
  return HTCDS_CODED_FIELDS[field].values.find((v) => v.htcds === value)?.code;
}

/** A person's registered sex as the HTCDS gender when she recorded no gender identity. */
const GENDER_OF_SEX: Record<string, string> = { MUJER: 'Feminine', HOMBRE: 'Masculine' };
const SEX_OF_GENDER: Record<string, string> = { Feminine: 'MUJER', Masculine: 'HOMBRE' };

/** The columns of an export, in order: the standard's, then ours. */
export const HTCDS_EXPORT_COLUMNS = [
  'prs_FirstName',
  'prs_SecondName',
  'prs_Birthdate',
  'prs_Gender',
  'prs_Citizenship',
  'prs_IdentityNumber',
  'vic_TraffickingStatus',
  'vic_TraffickingStatusDecisionMakingOrg',
  'vic_MethodOfRecruitment',
  'vic_MethodsOfControl',
  'vic_TypeOfExploitation',
  'cas_Status',
  'x_enlace_CaseId',
  'x_enlace_CaseCode',
  'x_enlace_Agency',
  'x_enlace_IdentityShared',
  'x_enlace_PaternalSurname',
  'x_enlace_MaternalSurname',
  'x_enlace_IdentificationDescription',
  'x_enlace_Sex',
  'x_enlace_GenderIdentity',
  'x_enlace_EstimatedAge',
  'x_enlace_DocumentType',
  'x_enlace_Nationalities',
  'x_enlace_DetectionDate',
  'x_enlace_DetectionSource',
  'x_enlace_DetectionUbigeo',
  'x_enlace_MinorAtDetection',
  'x_enlace_TraffickingStatus',
  'x_enlace_LegalPurposes',
  'x_enlace_ExploitationTypes',
  'x_enlace_MeansOfControl',
  'x_enlace_RecruitmentMethods',
  'x_enlace_ExploitationUbigeo',
  'x_enlace_RecruitmentDate',
] as const;
export type HtcdsColumn = (typeof HTCDS_EXPORT_COLUMNS)[number];
/** One exported record: multi-select fields as lists. */
export type HtcdsRecord = Record<HtcdsColumn, string | string[]>;

const unique = (values: readonly string[]) => [...new Set(values.filter((v) => v !== ''))];

/**
 * One case file as an HTCDS record. `person` is given only when her identity may be shared with
 * the recipient (the caller decides: access rules and consent); without it the record is
 * pseudonymous, as the standard's guidance for sharing advises: the case id stands for the name.
 */
export function toHtcdsRecord(caseFile: CaseFileRecord, person: PersonRecord | undefined, agencyKey: string): HtcdsRecord {
  const p = person;
  const surnames = [p?.paternalSurname, p?.maternalSurname].filter((s): s is string => s !== undefined && s !== '');
  const gender = p ? (p.genderIdentity ? toHtcdsValue('prs_Gender', p.genderIdentity) : (GENDER_OF_SEX[p.sex] ?? 'NonSpecifiedUnknown')) : '';
  const document = p?.documents.find((d) => d.number !== undefined) ?? p?.documents[0];
  const peruvian = caseFile.exploitationPlaces.find((place) => place.ubigeo !== undefined);
  return {
    prs_FirstName: p?.givenNames ?? '',
    prs_SecondName: surnames.length > 0 ? surnames.join(' ') : (p?.fullName && !p.givenNames ? p.fullName : ''),
    prs_Birthdate: p?.birthDate ?? '',
    prs_Gender: gender,
    prs_Citizenship: p ? p.nationalities.filter((n) => n !== 'DESCONOCIDO') : [],
    prs_IdentityNumber: document?.number ?? '',
    vic_TraffickingStatus: toHtcdsValue('vic_TraffickingStatus', caseFile.traffickingStatus),
    vic_TraffickingStatusDecisionMakingOrg: caseFile.statusDeterminedBy ? toHtcdsValue('vic_TraffickingStatusDecisionMakingOrg', caseFile.statusDeterminedBy) : '',
    vic_MethodOfRecruitment: unique(caseFile.recruitmentMethods.map((c) => toHtcdsValue('vic_MethodOfRecruitment', c))),
    vic_MethodsOfControl: unique(caseFile.meansOfControl.map((c) => toHtcdsValue('vic_MethodsOfControl', c))),
    vic_TypeOfExploitation: unique(caseFile.exploitationTypes.map((c) => toHtcdsValue('vic_TypeOfExploitation', c))),
    cas_Status: toHtcdsValue('cas_Status', caseFile.state),
    x_enlace_CaseId: caseFile.id,
    x_enlace_CaseCode: caseFile.code,
    x_enlace_Agency: agencyKey,
    x_enlace_IdentityShared: p ? 'SI' : 'NO',
    x_enlace_PaternalSurname: p?.paternalSurname ?? '',
    x_enlace_MaternalSurname: p?.maternalSurname ?? '',
    x_enlace_IdentificationDescription: p?.identificationDescription ?? '',
    x_enlace_Sex: p?.sex ?? '',
    x_enlace_GenderIdentity: p?.genderIdentity ?? '',
    x_enlace_EstimatedAge: p?.estimatedAge !== undefined ? String(p.estimatedAge) : '',
    x_enlace_DocumentType: document?.type ?? '',
    x_enlace_Nationalities: p ? [...p.nationalities] : [],
    x_enlace_DetectionDate: caseFile.detectionDate,
    x_enlace_DetectionSource: caseFile.detectionSource,
    x_enlace_DetectionUbigeo: caseFile.detectionUbigeo,
    x_enlace_MinorAtDetection: caseFile.minorAtDetection,
    x_enlace_TraffickingStatus: caseFile.traffickingStatus,
    x_enlace_LegalPurposes: [...caseFile.legalPurposes],
    x_enlace_ExploitationTypes: [...caseFile.exploitationTypes],
    x_enlace_MeansOfControl: [...caseFile.meansOfControl],
    x_enlace_RecruitmentMethods: [...caseFile.recruitmentMethods],
    x_enlace_ExploitationUbigeo: peruvian?.ubigeo ?? '',
    x_enlace_RecruitmentDate: caseFile.recruitmentDate ?? '',
  };
}

/** Multi-valued cells of the CSV form are joined with this. */
export const HTCDS_SEPARATOR = ';';

/** CSV (UTF-8 with BOM, comma): one row per case file; cells a spreadsheet would run are neutralised. */
export function htcdsCsv(records: readonly HtcdsRecord[]): string {
  const rows = records.map((r) => HTCDS_EXPORT_COLUMNS.map((c) => {
    const value = r[c];
    return neutraliseFormula(Array.isArray(value) ? value.join(HTCDS_SEPARATOR) : value);
  }));
  return `\ufeff${stringify([[...HTCDS_EXPORT_COLUMNS], ...rows])}`;
}

/**
 * JSON: `{ standard, version, records }`, multi-select fields as arrays. Every field is written,
 * empty ones too: an empty `x_enlace_*` field says "not recorded", which a missing one does not.
 */
export function htcdsJson(records: readonly HtcdsRecord[], exportedAt: string): string {
  const ordered = records.map((r) => Object.fromEntries(HTCDS_EXPORT_COLUMNS.map((c) => [c, r[c]])));
  return `${JSON.stringify({ standard: 'HTCDS', version: '2.0', generator: 'Enlace', exportedAt, attribution: HTCDS_ATTRIBUTION, records: ordered }, null, 2)}\n`;
}

export const HTCDS_ATTRIBUTION = 'Human Trafficking Case Data Standard (HTCDS) v2.0 by IOM, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). No endorsement by IOM is implied.';

// ---- Import: an HTCDS table as the columns of the shipped profile `htcds` ----------------------

/** The columns `htcdsTable` gives, which data/profiles/htcds.json maps. */
export const HTCDS_IMPORT_COLUMNS = [
  'record_id',
  'given_names',
  'paternal_surname',
  'maternal_surname',
  'identification_description',
  'sex',
  'gender_identity',
  'birth_date',
  'age',
  'document_type',
  'document_number',
  'nationality',
  'detection_date',
  'detection_source',
  'detection_ubigeo',
  'minor_at_detection',
  'trafficking_status',
  'status_determined_by',
  'legal_purposes',
  'exploitation_types',
  'means_of_control',
  'recruitment_methods',
  'exploitation_ubigeo',
  'recruitment_date',
] as const;
type ImportColumn = (typeof HTCDS_IMPORT_COLUMNS)[number];

/** Columns that may name the record in a file from another system (the standard names none). */
const ID_COLUMNS = ['x_enlace_CaseId', 'Id', 'id', 'cas_Id', 'cas_CaseNumber', 'CaseNumber'];

/** Each value of a multi-valued cell read as our code; a value the standard lacks stays as it is (and is refused by the mapping). */
function codesOf(field: HtcdsCodedField, cell: string): string {
  return unique(cell.split(HTCDS_SEPARATOR).map((v) => v.trim()).filter((v) => v !== '').map((v) => fromHtcdsValue(field, v) ?? v)).join(HTCDS_SEPARATOR);
}

/**
 * An HTCDS file read as a table (CSV header or JSON keys: the standard's field names) → the same
 * rows with the columns of the shipped profile `htcds`. A file with `x_enlace_*` columns is an
 * Enlace export: those hold our codes and win, even when empty (an empty gender identity was not
 * recorded; the HTCDS gender then came from the registered sex). Without them every field comes
 * from the standard's. A row without any name gets "HTCDS <id>" as how to recognise the person.
 */
export function htcdsTable(table: Table): Table {
  const at = new Map(table.columns.map((c, i) => [c.trim(), i] as const));
  const enlace = table.columns.some((c) => c.trim().startsWith('x_enlace_'));
  const idColumn = ID_COLUMNS.find((c) => at.has(c));
  const rows: SourceRow[] = table.rows.map((row) => {
    const get = (column: string) => {
      const i = at.get(column);
      return i === undefined ? '' : (row.values[i] ?? '').trim();
    };
    const ours = (column: string, fallback: () => string) => (enlace && at.has(column) ? get(column) : fallback());
    const out: Record<ImportColumn, string> = {
      record_id: idColumn ? get(idColumn) : '',
      given_names: [get('prs_FirstName'), get('prs_MiddleName')].filter((v) => v !== '').join(' '),
      paternal_surname: ours('x_enlace_PaternalSurname', () => get('prs_SecondName')),
      maternal_surname: ours('x_enlace_MaternalSurname', () => ''),
      identification_description: ours('x_enlace_IdentificationDescription', () => ''),
      sex: ours('x_enlace_Sex', () => SEX_OF_GENDER[get('prs_Gender')] ?? ''),
      gender_identity: ours('x_enlace_GenderIdentity', () => (get('prs_Gender') === '' ? '' : codesOf('prs_Gender', get('prs_Gender')))),
      birth_date: get('prs_Birthdate'),
      age: ours('x_enlace_EstimatedAge', () => ''),
      document_type: ours('x_enlace_DocumentType', () => {
        const number = get('prs_IdentityNumber');
        return number === '' || /^\d{8}$/.test(number) ? '' : 'CEDULA_IDENTIDAD_EXTRANJERA';
      }),
      document_number: get('prs_IdentityNumber'),
      nationality: ours('x_enlace_Nationalities', () => get('prs_Citizenship')),
      detection_date: ours('x_enlace_DetectionDate', () => ''),
      detection_source: ours('x_enlace_DetectionSource', () => ''),
      detection_ubigeo: ours('x_enlace_DetectionUbigeo', () => ''),
      minor_at_detection: ours('x_enlace_MinorAtDetection', () => ''),
      trafficking_status: ours('x_enlace_TraffickingStatus', () => codesOf('vic_TraffickingStatus', get('vic_TraffickingStatus'))),
      status_determined_by: codesOf('vic_TraffickingStatusDecisionMakingOrg', get('vic_TraffickingStatusDecisionMakingOrg')),
      legal_purposes: ours('x_enlace_LegalPurposes', () => ''),
      exploitation_types: ours('x_enlace_ExploitationTypes', () => codesOf('vic_TypeOfExploitation', get('vic_TypeOfExploitation'))),
      means_of_control: ours('x_enlace_MeansOfControl', () => codesOf('vic_MethodsOfControl', get('vic_MethodsOfControl'))),
      recruitment_methods: ours('x_enlace_RecruitmentMethods', () => codesOf('vic_MethodOfRecruitment', get('vic_MethodOfRecruitment'))),
      exploitation_ubigeo: ours('x_enlace_ExploitationUbigeo', () => ''),
      recruitment_date: ours('x_enlace_RecruitmentDate', () => ''),
    };
    const named = [out.given_names, out.paternal_surname, out.maternal_surname, out.identification_description].some((v) => v !== '');
    if (!named && out.record_id !== '') out.identification_description = `HTCDS ${out.record_id}`;
    return { rowNumber: row.rowNumber, line: row.line, values: HTCDS_IMPORT_COLUMNS.map((c) => out[c]) };
  });
  return { ...table, columns: [...HTCDS_IMPORT_COLUMNS], rows };
}

// ---- The mapping written down (docs/HTCDS.md) ---------------------------------------------------

/** The mapping tables of docs/HTCDS.md, generated from the code lists. */
export function htcdsMappingMarkdown(): string {
  const out: string[] = [];
  for (const [field, list] of Object.entries(HTCDS_CODED_FIELDS) as [HtcdsCodedField, CodeList][]) {
    out.push(`### \`${field}\` ↔ ${list.name}`, '', '| Enlace code | label | HTCDS value | read back as |', '|---|---|---|---|');
    for (const v of list.values) {
      const htcds = toHtcdsValue(field, v.code);
      out.push(`| \`${v.code}\` | ${v.es} / ${v.en} | ${htcds === '' ? '—' : `\`${htcds}\``} | ${htcds === '' ? '—' : `\`${fromHtcdsValue(field, htcds) ?? '?'}\``} |`);
    }
    out.push('');
  }
  out.push('### Peruvian legal purposes (art. 129-A.2) ↔ `vic_TypeOfExploitation`', '', '| legal purpose | label | HTCDS types of exploitation |', '|---|---|---|');
  for (const purpose of FINALIDAD_EXPLOTACION.values) {
    const types = unique(TIPO_EXPLOTACION.values.filter((t) => t.legal?.includes(purpose.code)).map((t) => toHtcdsValue('vic_TypeOfExploitation', t.code)));
    out.push(`| \`${purpose.code}\` | ${purpose.es} | ${types.length === 0 ? '— (kept in `x_enlace_LegalPurposes`)' : types.map((t) => `\`${t}\``).join(', ')} |`);
  }
  out.push('');
  return out.join('\n');
}
