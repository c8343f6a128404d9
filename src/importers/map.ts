// Rows of a table to typed records through a mapping profile. Every row ends either mapped
// (validated with the shared zod schemas) or quarantined with its original values in full and the
// reasons per field in Spanish and English: rows in = mapped + quarantined (+ blank rows, counted).
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { TIPO_EXPLOTACION, UNKNOWN } from '../domain/code-lists.ts';
import { normaliseDocumentNumber } from '../domain/documents.ts';
import { todayInPeru } from '../domain/dates.ts';
import { CaseFileInput, freeText, NAME_PATTERN, PersonInput } from '../domain/schemas.ts';
import { fieldErrors } from '../domain/validation.ts';
import { parseFullName } from '../linkage/normalise.ts';
import { CODE_FIELDS, CodeLookup, type CodeField } from './codes.ts';
import { readDate, type DateFormat, type DateReadOptions } from './dates.ts';
import { ImportFileError } from './errors.ts';
import { htcdsTable } from './htcds.ts';
import { bilingual } from './messages.ts';
import { readPlace, readPlaceText, type PlaceCodes, type PlaceLevel, type PlacePart } from './places.ts';
import type { MappedField, MappingProfile, PlaceMapping } from './profile.ts';
import { readTable, type ReadOptions } from './read.ts';
import { isBlankRow, type SourceRow, type Table } from './table.ts';
import { looksLikeFormula, matchKey } from './text.ts';

export interface FieldProblem {
  /** Our field ("person.birthDate", "caseFile.detectionUbigeo", "row"). */
  field: string;
  /** The source column(s) the value came from. */
  column?: string;
  /** The source value, as it was. */
  value?: string;
  /** Message key ("import.date", "invalid.dni"…) for grouping; `es` and `en` are the texts. */
  key: string;
  es: string;
  en: string;
}

export interface CellFlag {
  column: string;
  key: 'import.formula';
  es: string;
  en: string;
}

export interface RowSource {
  file: string;
  /** Source system of the profile ("PNP-RETA"). */
  system: string;
  /** 1-based data row number (header not counted). */
  rowNumber: number;
  /** Line of the file (CSV, JSON) or row of the sheet (XLSX) where the row starts. */
  line: number;
  /** The record's id in the source, from the profile's id column(s). */
  recordId?: string;
  /** sha-256 (hex) of the normalised source row: the same row gives the same fingerprint. */
  fingerprint: string;
}

export interface InvestigationData {
  policeReportNumber?: string;
  prosecutorFileNumber?: string;
  /** Codes of `DELITO_CP` (domain-spec §7.13), legacy articles converted. */
  offences?: string[];
}

/** Where the person lives or was registered: part of the canonical record, not of PersonInput. */
export interface ResidenceData {
  ubigeo?: string;
  address?: string;
  locality?: string;
  postcode?: string;
  phone?: string;
}

export interface MappedRecord {
  person: PersonInput;
  caseFile?: Partial<CaseFileInput>;
  investigation?: InvestigationData;
  residence?: ResidenceData;
  /** Shelter or service admission date (MIMP registers), `YYYY-MM-DD` or partial. */
  care?: { admissionDate?: string };
  source: RowSource;
  flags: CellFlag[];
}

export interface QuarantinedRow {
  source: RowSource;
  /** The original values, column by column, untouched. */
  values: Record<string, string>;
  /** Fields beyond the header's width, untouched. */
  extraValues?: string[];
  problems: FieldProblem[];
  flags: CellFlag[];
}

export type RowOutcome = { status: 'mapped'; record: MappedRecord } | { status: 'quarantined'; row: QuarantinedRow };

export interface UncoveredCode {
  field: string;
  column: string;
  value: string;
  count: number;
}

export interface ParseResult {
  file: string;
  format: Table['format'];
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  columns: string[];
  counts: { rows: number; mapped: number; quarantined: number; blankRows: number };
  outcomes: RowOutcome[];
  /** Columns of the file that the profile does not use. */
  unmappedColumns: string[];
  /** Columns the profile names that the file lacks (their fields stay empty). */
  missingColumns: { field: string; column: string }[];
  /** Source values with no code in the profile or the built-in variants. */
  uncoveredCodes: UncoveredCode[];
}

export interface MapOptions {
  file?: string;
  /** `YYYY-MM-DD`; decides the two-digit-year pivot. Today in Peru by default. */
  today?: string;
  /**
   * A last check of each mapped record by the caller (e.g. that its case file is complete): the
   * problems it returns quarantine the row, with its original values like any other.
   */
  check?: (record: MappedRecord) => FieldProblem[];
  /**
   * When the rows of a file are mapped in pieces by more than one mapper (an import prepares its
   * chunks in two threads), none sees every record id: each row whose record id an earlier row
   * holds is named here (its row number → the earlier row's), from TableMapper.earlierRecordIds.
   */
  earlierRows?: ReadonlyMap<number, number>;
}

const PartialCaseFile = CaseFileInput.partial();
const FORMULA_TEXT = bilingual('import.formula');
const ShortText = freeText(300);
const NumberText = freeText(60);

const CASE_FIELDS: readonly MappedField[] = ['detectionDate', 'detectionSource', 'detectionPlace', 'exploitationTypes', 'legalPurposes', 'traffickingStatus', 'exploitationPlace', 'recruitmentDate', 'statusDeterminedBy', 'meansOfControl', 'recruitmentMethods', 'minorAtDetection'];

/** Which source field a schema path comes from, to name the column in a problem. */
const PATH_FIELD: Record<string, MappedField> = {
  'person.givenNames': 'givenNames',
  'person.paternalSurname': 'paternalSurname',
  'person.maternalSurname': 'maternalSurname',
  'person.fullName': 'fullName',
  'person.identificationDescription': 'identificationDescription',
  'person.sex': 'sex',
  'person.genderIdentity': 'genderIdentity',
  'person.birthDate': 'birthDate',
  'person.estimatedAge': 'age',
  'person.nationalities': 'nationality',
  'person.documents': 'documentNumber',
  'caseFile.detectionDate': 'detectionDate',
  'caseFile.detectionSource': 'detectionSource',
  'caseFile.detectionUbigeo': 'detectionPlace',
  'caseFile.exploitationTypes': 'exploitationTypes',
  'caseFile.legalPurposes': 'legalPurposes',
  'caseFile.traffickingStatus': 'traffickingStatus',
  'caseFile.exploitationPlaces': 'exploitationPlace',
  'caseFile.recruitmentDate': 'recruitmentDate',
  'caseFile.statusDeterminedBy': 'statusDeterminedBy',
  'caseFile.meansOfControl': 'meansOfControl',
  'caseFile.recruitmentMethods': 'recruitmentMethods',
  'caseFile.minorAtDetection': 'minorAtDetection',
};

function placeColumns(mapping: PlaceMapping): string[] {
  if (typeof mapping === 'string') return [mapping];
  return [mapping.column, mapping.department, mapping.province, mapping.district].filter((c): c is string => c !== undefined);
}

function mappedColumns(profile: MappingProfile, field: MappedField): string[] {
  const mapping = profile.fields[field];
  if (mapping === undefined) return [];
  return typeof mapping === 'string' ? [mapping] : placeColumns(mapping);
}

/** A compiled profile: column positions and code lookups, built once per file. */
class RowMapper {
  private readonly index = new Map<string, number>();
  private readonly lookups = new Map<CodeField | 'nationality', CodeLookup>();
  readonly missingColumns: { field: string; column: string }[] = [];
  readonly uncovered = new Map<string, UncoveredCode>();
  private readonly seenIds = new Map<string, number>();
  private readonly dateOptions: DateReadOptions;
  private readonly recordIdColumns: string[];
  private readonly columnPositions = new Map<string, number | undefined>();
  private readonly placeCache = new Map<string, ReturnType<typeof readPlaceText>>();
  private readonly fingerprinter: (row: SourceRow) => string;
  /** The row being mapped and its problems (rows are mapped one at a time). */
  private row: SourceRow = { rowNumber: 0, line: 0, values: [] };
  private problems: FieldProblem[] = [];

  constructor(
    private readonly profile: MappingProfile,
    private readonly table: Table,
    private readonly file: string,
    today: string,
    private readonly check?: (record: MappedRecord) => FieldProblem[],
    private readonly earlierRows?: ReadonlyMap<number, number>,
  ) {
    table.columns.forEach((c, i) => {
      const key = matchKey(c);
      if (!this.index.has(key)) this.index.set(key, i);
    });
    for (const field of Object.keys(profile.fields) as MappedField[]) {
      for (const column of mappedColumns(profile, field)) {
        if (!this.index.has(matchKey(column))) this.missingColumns.push({ field, column });
      }
    }
    this.recordIdColumns = profile.recordId === undefined ? [] : typeof profile.recordId === 'string' ? [profile.recordId] : profile.recordId;
    for (const column of this.recordIdColumns) {
      if (!this.index.has(matchKey(column))) throw new ImportFileError(file, { line: 1, column }, 'import.missingColumn', { column, field: 'recordId' });
    }
    for (const [field, list] of Object.entries(CODE_FIELDS) as [CodeField, (typeof CODE_FIELDS)[CodeField]][]) {
      this.lookups.set(field, new CodeLookup(field, list, profile.codes[field] ?? {}));
    }
    this.lookups.set('nationality', new CodeLookup('nationality', undefined, {}));
    this.fingerprinter = fingerprinterFor(table.columns);
    this.dateOptions = { formats: profile.dates.formats, today, date1904: table.date1904 ?? false };
    if (profile.dates.twoDigitYearPivot !== undefined) this.dateOptions.twoDigitYearPivot = profile.dates.twoDigitYearPivot;
  }

  get usedColumns(): Set<number> {
    const used = new Set<number>();
    const all = [...this.recordIdColumns, ...(this.profile.sourceColumn ? [this.profile.sourceColumn] : []), ...(Object.keys(this.profile.fields) as MappedField[]).flatMap((f) => mappedColumns(this.profile, f))];
    for (const c of all) {
      const at = this.index.get(matchKey(c));
      if (at !== undefined) used.add(at);
    }
    return used;
  }

  private cell(row: SourceRow, column: string | undefined): string {
    if (column === undefined) return '';
    let at: number | undefined;
    if (this.columnPositions.has(column)) at = this.columnPositions.get(column);
    else {
      at = this.index.get(matchKey(column));
      this.columnPositions.set(column, at);
    }
    return at === undefined ? '' : (row.values[at] ?? '').trim();
  }

  /** Places repeat down a file: each distinct text is resolved once. */
  private placeText(text: string, level: PlaceLevel, codes: PlaceCodes): ReturnType<typeof readPlaceText> {
    const key = `${level}\u0000${codes}\u0000${text}`;
    let reading = this.placeCache.get(key);
    if (reading === undefined) {
      reading = readPlaceText(text, level, codes);
      if (this.placeCache.size < 100_000) this.placeCache.set(key, reading);
    }
    return reading;
  }

  /** The source column(s) of a field, as problems name them. */
  private columnOf(field: MappedField): string | undefined {
    return mappedColumns(this.profile, field).join(' + ') || undefined;
  }

  private problem(field: string, source: MappedField | undefined, value: string | undefined, key: string, params: Record<string, string> = {}, texts?: { es: string; en: string }): void {
    const text = texts ?? bilingual(key, params);
    const p: FieldProblem = { field, key, es: text.es, en: text.en };
    const column = source ? this.columnOf(source) : undefined;
    if (column !== undefined) p.column = column;
    if (value !== undefined) p.value = value;
    this.problems.push(p);
  }

  /** The trimmed cell of a field mapped to one column. */
  private get(field: MappedField): string {
    const mapping = this.profile.fields[field];
    return typeof mapping === 'string' ? this.cell(this.row, mapping) : '';
  }

  /** One code; an unknown value is a problem and is counted among the uncovered codes. */
  private code(field: CodeField | 'nationality', raw: string, target: string, from: MappedField): string | undefined {
    const reading = (this.lookups.get(field) as CodeLookup).read(raw);
    if (reading.ok) return reading.code;
    this.problem(target, from, raw, reading.key, reading.params);
    const column = this.columnOf(from) ?? '';
    const key = `${field}\u0000${raw}`;
    const seen = this.uncovered.get(key);
    if (seen) seen.count++;
    else this.uncovered.set(key, { field, column, value: raw, count: 1 });
    return undefined;
  }

  private codes(field: CodeField | 'nationality', raw: string, target: string, from: MappedField): string[] {
    const out: string[] = [];
    for (const part of raw.split(this.profile.multiValueSeparator)) {
      if (part.trim() === '') continue;
      const c = this.code(field, part, target, from);
      if (c !== undefined && !out.includes(c)) out.push(c);
    }
    return out;
  }

  private date(raw: string, target: string, from: MappedField, formats?: readonly DateFormat[]) {
    if (raw === '') return undefined;
    const reading = readDate(raw, formats ? { ...this.dateOptions, formats } : this.dateOptions);
    if (!reading.ok) this.problem(target, from, raw, reading.key, reading.params);
    return reading.ok ? reading : undefined;
  }

  /** A date that must be a whole day (detection, admission). */
  private day(raw: string, target: string, from: MappedField): string | undefined {
    const reading = this.date(raw, target, from, this.dateOptions.formats.filter((f) => f !== 'AGE'));
    if (!reading) return undefined;
    if (reading.kind !== 'date' || reading.value.length !== 10) {
      this.problem(target, from, raw, 'import.dayNeeded', { value: raw });
      return undefined;
    }
    return reading.value;
  }

  private place(mapping: PlaceMapping, target: string, from: MappedField): string | undefined {
    let reading;
    let shown: string;
    if (typeof mapping === 'string' || mapping.column !== undefined) {
      const column = typeof mapping === 'string' ? mapping : (mapping.column as string);
      const level: PlaceLevel = typeof mapping === 'string' ? 'any' : mapping.level;
      shown = this.cell(this.row, column);
      if (shown === '') return undefined;
      reading = this.placeText(shown, level, typeof mapping === 'string' ? 'AUTO' : mapping.codes);
    } else {
      const parts: PlacePart[] = [];
      if (mapping.department) parts.push({ value: this.cell(this.row, mapping.department), level: 'department' });
      if (mapping.province) parts.push({ value: this.cell(this.row, mapping.province), level: 'province' });
      if (mapping.district) parts.push({ value: this.cell(this.row, mapping.district), level: 'district' });
      shown = parts.map((p) => p.value).filter((v) => v !== '').join(', ');
      if (shown === '') return undefined;
      reading = readPlace(parts, mapping.codes);
    }
    if (reading.ok) return reading.ubigeo;
    this.problem(target, from, shown, reading.key, reading.params);
    return undefined;
  }

  /** Free text validated like the shared schemas' free text (no markup, no control characters). */
  private text(raw: string, target: string, from: MappedField, schema: z.ZodType<string>): string | undefined {
    if (raw === '') return undefined;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.problem(target, from, raw, issue.message);
    return undefined;
  }

  /** The row's source system and the parts of its record id (none when the profile names no id column). */
  private recordIdOf(row: SourceRow): { system: string; parts?: string[] } {
    const system = this.cell(row, this.profile.sourceColumn) || this.profile.source;
    return this.recordIdColumns.length > 0 ? { system, parts: this.recordIdColumns.map((c) => this.cell(row, c)) } : { system };
  }

  /** The first row holding this record id, when one came before; else this row becomes it. */
  private sighted(key: string, rowNumber: number): number | undefined {
    const earlier = this.seenIds.get(key);
    if (earlier === undefined) this.seenIds.set(key, rowNumber);
    return earlier;
  }

  /** Rows whose record id an earlier row of these holds (row number → the first row's), as mapRow finds them one by one. */
  earlierRecordIds(rows: readonly SourceRow[]): Map<number, number> {
    const firsts = new Map<string, number>();
    const earlier = new Map<number, number>();
    for (const row of rows) {
      const { system, parts } = this.recordIdOf(row);
      if (!parts || parts.some((p) => p === '')) continue;
      const key = `${system}\u0000${parts.join('|')}`;
      const first = firsts.get(key);
      if (first === undefined) firsts.set(key, row.rowNumber);
      else earlier.set(row.rowNumber, first);
    }
    return earlier;
  }

  mapRow(row: SourceRow): RowOutcome {
    this.row = row;
    const problems: FieldProblem[] = [];
    this.problems = problems;
    const flags: CellFlag[] = [];
    const fields = this.profile.fields;

    const columns = this.table.columns;
    for (let i = 0; i < columns.length; i++) {
      if (looksLikeFormula(row.values[i] ?? '')) flags.push({ column: columns[i] as string, key: 'import.formula', ...FORMULA_TEXT });
    }
    if (row.width !== undefined) {
      this.problem('row', undefined, undefined, 'import.rowWidth', { actual: String(row.width), expected: String(this.table.columns.length) });
    }

    const { system, parts } = this.recordIdOf(row);
    const source: RowSource = { file: this.file, system, rowNumber: row.rowNumber, line: row.line, fingerprint: this.fingerprinter(row) };
    if (parts) {
      if (parts.some((p) => p === '')) {
        this.problem('source.recordId', undefined, parts.join('|'), 'import.missingRecordId', { column: this.recordIdColumns.join(' + ') });
      } else {
        source.recordId = parts.join('|');
        const earlier = this.earlierRows ? this.earlierRows.get(row.rowNumber) : this.sighted(`${system}\u0000${source.recordId}`, row.rowNumber);
        if (earlier !== undefined) this.problem('source.recordId', undefined, source.recordId, 'import.duplicateRecordId', { value: source.recordId, row: String(earlier) });
      }
    }


    // Person.
    const person: Record<string, unknown> = {};
    const name = (field: 'givenNames' | 'paternalSurname' | 'maternalSurname') => {
      const v = this.get(field).replace(/\s+/g, ' ');
      if (v !== '') person[field] = v;
    };
    name('givenNames');
    name('paternalSurname');
    name('maternalSurname');
    const full = this.get('fullName').replace(/\s+/g, ' ');
    if (full !== '') {
      // "SURNAMES, GIVEN NAMES": the schema refuses the comma, so the parts are kept separately
      // (as the linkage engine reads them) and the full string without the comma.
      if ((full.match(/,/g) ?? []).length === 1 && NAME_PATTERN.test(full.replace(',', ' ')) && person.givenNames === undefined && person.paternalSurname === undefined) {
        const parsed = parseFullName(full);
        if (parsed.given) person.givenNames = parsed.given;
        if (parsed.paternal) person.paternalSurname = parsed.paternal;
        if (parsed.maternal) person.maternalSurname = parsed.maternal;
        person.fullName = full.replace(/\s*,\s*/, ' ');
      } else person.fullName = full;
    }
    const description = this.text(this.get('identificationDescription'), 'person.identificationDescription', 'identificationDescription', ShortText);
    if (description !== undefined) person.identificationDescription = description;
    const sexRaw = this.get('sex');
    // An unknown code is reported once, here; the placeholder keeps the schema from repeating it.
    person.sex = sexRaw === '' ? (this.profile.defaults.sex ?? UNKNOWN) : (this.code('sex', sexRaw, 'person.sex', 'sex') ?? UNKNOWN);

    const genderRaw = this.get('genderIdentity');
    if (genderRaw !== '') {
      const gender = this.code('genderIdentity', genderRaw, 'person.genderIdentity', 'genderIdentity');
      if (gender !== undefined) person.genderIdentity = gender;
    }

    const birth = this.date(this.get('birthDate'), 'person.birthDate', 'birthDate');
    if (birth?.kind === 'date') person.birthDate = birth.value;
    else if (birth?.kind === 'age') person.estimatedAge = birth.value;
    const ageRaw = this.get('age');
    if (ageRaw !== '' && person.birthDate === undefined && person.estimatedAge === undefined) {
      const age = readDate(ageRaw, { ...this.dateOptions, formats: ['AGE'] });
      if (age.ok && age.kind === 'age') person.estimatedAge = age.value;
      else this.problem('person.estimatedAge', 'age', ageRaw, 'import.age', { value: ageRaw });
    }

    const nationalityRaw = this.get('nationality');
    const nationalities = nationalityRaw === '' ? [] : this.codes('nationality', nationalityRaw, 'person.nationalities', 'nationality');
    if (nationalities.length === 0 && nationalityRaw === '') {
      const fallback = this.profile.defaults.nationality;
      const reading = fallback ? (this.lookups.get('nationality') as CodeLookup).read(fallback) : undefined;
      nationalities.push(reading?.ok ? reading.code : UNKNOWN);
    }
    person.nationalities = nationalities.length > 0 ? nationalities : [UNKNOWN];

    const documents = this.documents(this.get('documentType'), this.get('documentNumber'));
    if (documents) person.documents = documents;

    // Residence (the canonical record's own columns).
    const residence: ResidenceData = {};
    if (fields.residence) {
      const ubigeo = this.place(fields.residence, 'residence.ubigeo', 'residence');
      if (ubigeo) residence.ubigeo = ubigeo;
    }
    for (const key of ['address', 'locality', 'postcode', 'phone'] as const) {
      const v = this.text(this.get(key), `residence.${key}`, key, ShortText);
      if (v !== undefined) residence[key] = v;
    }

    // Case file.
    let caseFile: Record<string, unknown> | undefined;
    if (CASE_FIELDS.some((f) => fields[f] !== undefined) || this.profile.defaults.exploitationTypes || this.profile.defaults.detectionSource) {
      caseFile = {};
      const detection = this.day(this.get('detectionDate'), 'caseFile.detectionDate', 'detectionDate');
      if (detection) caseFile.detectionDate = detection;
      const sourceRaw = this.get('detectionSource');
      const detectionSource = sourceRaw !== '' ? this.code('detectionSource', sourceRaw, 'caseFile.detectionSource', 'detectionSource') : this.profile.defaults.detectionSource;
      if (detectionSource) caseFile.detectionSource = detectionSource;
      if (fields.detectionPlace) {
        const ubigeo = this.place(fields.detectionPlace, 'caseFile.detectionUbigeo', 'detectionPlace');
        if (ubigeo) caseFile.detectionUbigeo = ubigeo;
      }
      const typesRaw = this.get('exploitationTypes') || (this.profile.defaults.exploitationTypes ?? '');
      const types = typesRaw === '' ? [] : this.codes('exploitationTypes', typesRaw, 'caseFile.exploitationTypes', 'exploitationTypes');
      if (types.length > 0) caseFile.exploitationTypes = types;
      const purposesRaw = this.get('legalPurposes') || (this.profile.defaults.legalPurposes ?? '');
      const purposes = purposesRaw === '' ? legalPurposesOf(types) : this.codes('legalPurposes', purposesRaw, 'caseFile.legalPurposes', 'legalPurposes');
      if (purposes.length > 0) caseFile.legalPurposes = purposes;
      const statusRaw = this.get('traffickingStatus');
      const status = statusRaw !== '' ? this.code('traffickingStatus', statusRaw, 'caseFile.traffickingStatus', 'traffickingStatus') : this.profile.defaults.traffickingStatus;
      if (status) caseFile.traffickingStatus = status;
      if (fields.exploitationPlace) {
        const ubigeo = this.place(fields.exploitationPlace, 'caseFile.exploitationPlaces', 'exploitationPlace');
        if (ubigeo) caseFile.exploitationPlaces = [{ country: 'PER', ubigeo }];
      }
      const determinedRaw = this.get('statusDeterminedBy');
      if (determinedRaw !== '') {
        const determinedBy = this.code('statusDeterminedBy', determinedRaw, 'caseFile.statusDeterminedBy', 'statusDeterminedBy');
        if (determinedBy !== undefined) caseFile.statusDeterminedBy = determinedBy;
      }
      const minorRaw = this.get('minorAtDetection');
      if (minorRaw !== '') {
        const minor = this.code('minorAtDetection', minorRaw, 'caseFile.minorAtDetection', 'minorAtDetection');
        if (minor !== undefined) caseFile.minorAtDetection = minor;
      }
      for (const [field, target] of [['meansOfControl', 'caseFile.meansOfControl'], ['recruitmentMethods', 'caseFile.recruitmentMethods']] as const) {
        const raw = this.get(field);
        const values = raw === '' ? [] : this.codes(field, raw, target, field);
        if (values.length > 0) caseFile[field] = values;
      }
      const recruitment = this.date(this.get('recruitmentDate'), 'caseFile.recruitmentDate', 'recruitmentDate', this.dateOptions.formats.filter((f) => f !== 'AGE'));
      if (recruitment?.kind === 'date') caseFile.recruitmentDate = recruitment.value;
    }

    // Investigation.
    const investigation: InvestigationData = {};
    const police = this.text(this.get('policeReportNumber'), 'investigation.policeReportNumber', 'policeReportNumber', NumberText);
    if (police) investigation.policeReportNumber = police;
    const prosecutor = this.text(this.get('prosecutorFileNumber'), 'investigation.prosecutorFileNumber', 'prosecutorFileNumber', NumberText);
    if (prosecutor) investigation.prosecutorFileNumber = prosecutor;
    const offencesRaw = this.get('offences');
    if (offencesRaw !== '') {
      const offences = this.codes('offences', offencesRaw, 'investigation.offences', 'offences');
      if (offences.length > 0) investigation.offences = offences;
    }
    const admission = this.day(this.get('admissionDate'), 'care.admissionDate', 'admissionDate');

    // Validation with the shared schemas; their messages per field, in both languages.
    const personResult = PersonInput.safeParse(person);
    const rawOf = (field: MappedField): string => mappedColumns(this.profile, field).map((c) => this.cell(row, c)).filter((v) => v !== '').join(' | ');
    if (!personResult.success) this.schemaProblems(personResult.error, 'person', rawOf);
    const caseResult = caseFile ? PartialCaseFile.safeParse(caseFile) : undefined;
    if (caseResult && !caseResult.success) this.schemaProblems(caseResult.error, 'caseFile', rawOf);

    let record: MappedRecord | undefined;
    if (problems.length === 0 && personResult.success && (!caseResult || caseResult.success)) {
      record = { person: personResult.data, source, flags };
      if (caseResult?.success) record.caseFile = caseResult.data;
      if (Object.keys(investigation).length > 0) record.investigation = investigation;
      if (Object.keys(residence).length > 0) record.residence = residence;
      if (admission) record.care = { admissionDate: admission };
      if (this.check) problems.push(...this.check(record));
    }
    if (!record || problems.length > 0) {
      const values: Record<string, string> = {};
      this.table.columns.forEach((c, i) => (values[c] = row.values[i] ?? ''));
      const quarantined: QuarantinedRow = { source, values, problems, flags };
      if (row.extra) quarantined.extraValues = row.extra;
      return { status: 'quarantined', row: quarantined };
    }
    return { status: 'mapped', record };
  }

  private schemaProblems(
    error: z.ZodError,
    prefix: 'person' | 'caseFile',
    rawOf: (field: MappedField) => string,
  ): void {
    // fieldErrors translates our keys and zod's own issues alike, in the same order as the issues.
    const es = fieldErrors(error, 'es', [prefix]);
    const en = fieldErrors(error, 'en', [prefix]);
    error.issues.forEach((issue, i) => {
      const path = es[i]?.path ?? prefix;
      const top = path.split('.').slice(0, 2).join('.');
      const from = PATH_FIELD[top];
      const sourceField = from === 'age' && this.profile.fields.age === undefined ? 'birthDate' : from;
      const shown = sourceField ? rawOf(sourceField) : undefined;
      this.problem(path, sourceField, shown, issue.message, {}, { es: es[i]?.message ?? issue.message, en: en[i]?.message ?? issue.message });
    });
  }

  private documents(typeRaw: string, numberRaw: string): { type: string; number?: string }[] | undefined {
    if (typeRaw === '' && numberRaw === '') return undefined;
    const lookup = this.lookups.get('documentType') as CodeLookup;
    let type: string | undefined;
    let number = numberRaw;
    if (typeRaw !== '') {
      const reading = lookup.read(typeRaw);
      if (!reading.ok) {
        this.problem('person.documents.type', 'documentType', typeRaw, reading.key, reading.params);
        return undefined;
      }
      type = reading.code === UNKNOWN ? undefined : reading.code;
    } else {
      // "DNI 01234567", "C.E. N° 001234567", "PASAPORTE: AB123456", or a type alone ("SIN DOCUMENTO").
      const whole = lookup.read(numberRaw);
      if (whole.ok && whole.code !== UNKNOWN) {
        type = whole.code;
        number = '';
      } else {
        const m = /^(.*?[\p{L}.])\s*(?:N[°º]\s*|NRO\.?\s*|NUM\.?\s*|#\s*|:\s*)?([A-Za-z]*\d[\w-]*)$/u.exec(numberRaw);
        if (m) {
          const prefix = lookup.read((m[1] as string).replace(/[:\s]+$/, ''));
          if (prefix.ok && prefix.code !== UNKNOWN) {
            type = prefix.code;
            number = m[2] as string;
          }
        }
      }
    }
    if (type === undefined) {
      type = this.profile.defaults.documentType ?? (/^\d{8}$/.test(number.replace(/[\s.-]/g, '')) ? 'DNI' : undefined);
      if (type === undefined) {
        this.problem('person.documents.type', 'documentNumber', numberRaw, 'import.documentType', { value: numberRaw });
        return undefined;
      }
    }
    if (type === 'SIN_DOCUMENTO') return [{ type }];
    let normalised = normaliseDocumentNumber(number);
    if (type === 'DNI') normalised = normalised.replace(/[.-]/g, '');
    return [normalised === '' ? { type } : { type, number: normalised }];
  }
}

/** Legal purposes (§7.4a) implied by descriptive exploitation types (§7.4b). */
export function legalPurposesOf(types: readonly string[]): string[] {
  const out: string[] = [];
  for (const type of types) {
    const value = TIPO_EXPLOTACION.values.find((v) => v.code === type);
    for (const legal of value?.legal ?? (value?.noValue ? ['NO_DETERMINADA'] : [])) if (!out.includes(legal)) out.push(legal);
  }
  return out;
}

/**
 * sha-256 of the row as (column, value) pairs: names and values trimmed and NFC-normalised, pairs
 * sorted by column, empty values left out. Reordering columns or adding an empty one changes
 * nothing; any change of a value changes the fingerprint. The column order is sorted once per file.
 */
export function fingerprinterFor(columns: readonly string[]): (row: SourceRow) => string {
  const names = columns.map((c) => c.normalize('NFC').trim());
  const order = names.map((_, i) => i).sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : (names[a] as string) > (names[b] as string) ? 1 : a - b));
  return (row) => {
    let text = '';
    for (const i of order) {
      const raw = row.values[i] ?? '';
      const value = (/[^\x00-\x7f]/.test(raw) ? raw.normalize('NFC') : raw).trim();
      // Length-prefixed, so that no value can imitate a separator.
      if (value !== '') text += `${(names[i] as string).length}:${names[i] as string}${value.length}:${value}`;
    }
    (row.extra ?? []).forEach((raw, i) => {
      const value = raw.normalize('NFC').trim();
      if (value !== '') text += `+${i}:${value.length}:${value}`;
    });
    return createHash('sha256').update(text).digest('hex');
  };
}

export function fingerprint(columns: readonly string[], row: SourceRow): string {
  return fingerprinterFor(columns)(row);
}

/** Maps the rows of a table one at a time (a large file need not hold every mapped row at once). */
export interface TableMapper {
  map(row: SourceRow): RowOutcome;
  /** What the rows mapped so far showed: unused and missing columns, codes without a mapping. */
  findings(): Pick<ParseResult, 'unmappedColumns' | 'missingColumns' | 'uncoveredCodes'>;
  /** The table's rows whose record id an earlier row holds (for MapOptions.earlierRows), without mapping them. */
  earlierRecordIds(): Map<number, number>;
}

/** Throws ImportFileError only when the profile's id column is absent. */
export function tableMapper(table: Table, profile: MappingProfile, options: MapOptions = {}): TableMapper {
  const file = options.file ?? '-';
  const mapper = new RowMapper(profile, table, file, options.today ?? todayInPeru(), options.check, options.earlierRows);
  return {
    map(row) {
      try {
        return mapper.mapRow(row);
      } catch (error) {
        // A bug must not lose a row: it is quarantined with the error as its reason.
        const values: Record<string, string> = {};
        table.columns.forEach((c, i) => (values[c] = row.values[i] ?? ''));
        const detail = error instanceof Error ? error.message : String(error);
        return {
          status: 'quarantined',
          row: {
            source: { file, system: profile.source, rowNumber: row.rowNumber, line: row.line, fingerprint: fingerprint(table.columns, row) },
            values,
            problems: [{ field: 'row', key: 'import.unexpected', ...bilingual('import.unexpected', { detail }) }],
            flags: [],
          },
        };
      }
    },
    earlierRecordIds: () => mapper.earlierRecordIds(table.rows),
    findings() {
      const used = mapper.usedColumns;
      return {
        unmappedColumns: table.columns.filter((_, i) => !used.has(i)),
        missingColumns: mapper.missingColumns,
        uncoveredCodes: [...mapper.uncovered.values()].sort((a, b) => b.count - a.count),
      };
    },
  };
}

/** Maps an already-read table. Throws ImportFileError only when the profile's id column is absent. */
export function mapTable(table: Table, profile: MappingProfile, options: MapOptions = {}): ParseResult {
  const mapper = tableMapper(table, profile, options);
  const outcomes = table.rows.map((row) => mapper.map(row));
  const mapped = outcomes.filter((o) => o.status === 'mapped').length;
  const result: ParseResult = {
    file: options.file ?? '-',
    format: table.format,
    columns: table.columns,
    counts: { rows: table.rows.length, mapped, quarantined: table.rows.length - mapped, blankRows: table.blankRows },
    outcomes,
    ...mapper.findings(),
  };
  if (table.encoding) result.encoding = table.encoding;
  if (table.delimiter) result.delimiter = table.delimiter;
  if (table.sheet) result.sheet = table.sheet;
  return result;
}

export interface ParseFileOptions extends MapOptions, Omit<ReadOptions, 'file'> {}

/** File bytes in, typed rows and per-field problems out. Throws ImportFileError when the file cannot be read. */
export function parseFile(bytes: Uint8Array, profile: MappingProfile, options: ParseFileOptions = {}): ParseResult {
  return mapTable(readProfileTable(bytes, profile, options), profile, mapOptionsOf(options));
}

function mapOptionsOf(options: MapOptions): MapOptions {
  const mapOptions: MapOptions = { file: options.file ?? '-' };
  if (options.today) mapOptions.today = options.today;
  if (options.check) mapOptions.check = options.check;
  return mapOptions;
}

/** The file read as a table with the profile's format, encoding, delimiter and sheet. */
export function readProfileTable(bytes: Uint8Array, profile: MappingProfile, options: Omit<ParseFileOptions, 'today' | 'check'> = {}): Table {
  const file = options.file ?? '-';
  const readOptions: ReadOptions = { file, format: options.format ?? profile.file.format, encoding: options.encoding ?? profile.file.encoding };
  const delimiter = options.delimiter ?? profile.file.delimiter;
  if (delimiter) readOptions.delimiter = delimiter;
  const sheet = options.sheet ?? profile.file.sheet;
  if (sheet) readOptions.sheet = sheet;
  if (options.sheetReader) readOptions.sheetReader = options.sheetReader;
  if (options.maxRecordChars) readOptions.maxRecordChars = options.maxRecordChars;
  const table = readTable(bytes, readOptions);
  return profile.file.layout === 'htcds' ? htcdsTable(table) : table;
}

/**
 * A quarantined row after a person corrected it (web app): its values by column, mapped again with
 * the same profile. The fingerprint is that of the corrected values; keep the original row's
 * fingerprint too if re-imports of the original file must recognise it. A duplicate record id is
 * not detectable here (one row alone): the caller checks it against what is stored.
 */
export function remapRow(profile: MappingProfile, values: Readonly<Record<string, string>>, origin: { file?: string; rowNumber: number; line: number }, options: MapOptions = {}): RowOutcome {
  const columns = Object.keys(values);
  const row: SourceRow = { rowNumber: origin.rowNumber, line: origin.line, values: columns.map((c) => values[c] ?? '') };
  const file = origin.file ?? options.file ?? '-';
  const quarantine = (key: string, params: Record<string, string> = {}): RowOutcome => ({
    status: 'quarantined',
    row: {
      source: { file, system: profile.source, rowNumber: row.rowNumber, line: row.line, fingerprint: fingerprint(columns, row) },
      values: { ...values },
      problems: [{ field: 'row', key, ...bilingual(key, params) }],
      flags: [],
    },
  });
  if (isBlankRow(row.values)) return quarantine('invalid.required');
  const table: Table = { format: 'csv', columns, rows: [row], blankRows: 0 };
  try {
    return mapTable(table, profile, mapOptionsOf({ ...options, file })).outcomes[0] ?? quarantine('invalid.required');
  } catch (error) {
    if (error instanceof ImportFileError) return quarantine(error.key, error.params);
    throw error;
  }
}
