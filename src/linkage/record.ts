// A person record as linkage sees it: the canonical columns, parsed once into match forms.
import type { CanonicalRecord } from '../domain/person-record.ts';
import {
  formalNames,
  nameTokens,
  normaliseDocument,
  normaliseDocumentType,
  normalisePhone,
  normaliseSex,
  parseFullName,
  parseSurnames,
  phoneticKey,
  toMatchForm,
} from './normalise.ts';

export type LinkageInput = CanonicalRecord;

export interface PreparedRecord {
  /** Position in the batch (or in the index). */
  readonly index: number;
  readonly source: string;
  readonly recordId: string;
  /** Given-name tokens without particles: "María del Carmen" → MARIA, CARMEN. */
  readonly given: readonly string[];
  /** Formal forms of the given names (nicknames resolved): PEPE → JOSE. */
  readonly givenFormal: readonly string[];
  readonly givenPhonetic: readonly string[];
  /** Family surnames in written order; a married "de X" is in `marital`. */
  readonly surnames: readonly string[];
  readonly surnamePhonetic: readonly string[];
  readonly marital: readonly string[];
  /** Birth date parts; 0 when unknown. Impossible parts (month 13) are kept for typo matching. */
  readonly birthYear: number;
  readonly birthMonth: number;
  readonly birthDay: number;
  /**
   * Latest birth year a stated age allows, when there is no birth date; 0 otherwise. The age
   * was stated on an unknown day up to AGE_WINDOW_YEARS before the reference year.
   */
  readonly ageBirthYear: number;
  readonly sex: string;
  readonly documentType: string;
  readonly documentNumber: string;
  readonly nationality: string;
  readonly department: string;
  readonly locality: string;
  readonly postcode: string;
  readonly addressTokens: readonly string[];
  readonly phone: string;
}

export interface PrepareOptions {
  /** Year in which stated ages were recorded (defaults to the current year). */
  readonly referenceYear?: number;
}

/** How far back a stated age may have been recorded (canonical records carry no registration date). */
export const AGE_WINDOW_YEARS = 10;

const DATE_PATTERN = /^(\d{4})(?:-?(\d{1,2})(?:-?(\d{1,2}))?)?$/;

export function prepareRecord(input: LinkageInput, index: number, options: PrepareOptions = {}): PreparedRecord {
  let givenText = input.given_names ?? '';
  let paternal = input.paternal_surname ?? '';
  let maternal = input.maternal_surname ?? '';
  if (!givenText.trim() && !paternal.trim() && !maternal.trim() && input.full_name) {
    const parsed = parseFullName(input.full_name);
    givenText = parsed.given;
    paternal = parsed.paternal;
    maternal = parsed.maternal;
  }
  const given = nameTokens(givenText);
  const givenFormal: string[] = [];
  for (const g of given) for (const f of formalNames(g)) if (!givenFormal.includes(f)) givenFormal.push(f);
  const { surnames, marital } = parseSurnames(paternal, maternal);

  let birthYear = 0;
  let birthMonth = 0;
  let birthDay = 0;
  const birth = (input.birth_date ?? '').trim();
  const m = DATE_PATTERN.exec(birth);
  if (m) {
    birthYear = Number(m[1]);
    birthMonth = m[2] ? Number(m[2]) : 0;
    birthDay = m[3] ? Number(m[3]) : 0;
  }
  let ageBirthYear = 0;
  const age = Number.parseInt((input.age ?? '').trim(), 10);
  if (birthYear === 0 && Number.isFinite(age) && age >= 0 && age < 120) {
    ageBirthYear = (options.referenceYear ?? new Date().getUTCFullYear()) - age;
  }

  return {
    index,
    source: input.source,
    recordId: input.record_id,
    given,
    givenFormal,
    givenPhonetic: unique(givenFormal.map(phoneticKey)),
    surnames,
    surnamePhonetic: surnames.map(phoneticKey),
    marital,
    birthYear,
    birthMonth,
    birthDay,
    ageBirthYear,
    sex: normaliseSex(input.sex),
    documentType: normaliseDocumentType(input.document_type),
    documentNumber: normaliseDocument(input.document_number),
    nationality: toMatchForm(input.nationality),
    department: toMatchForm(input.department),
    locality: toMatchForm(input.locality),
    postcode: (input.postcode ?? '').replace(/\s+/g, '').toUpperCase(),
    addressTokens: addressTokens(input.address),
    phone: normalisePhone(input.phone),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

/** Address words and numbers, with house-number and street-type noise kept: order is ignored. */
function addressTokens(address: string | undefined): string[] {
  if (!address) return [];
  // eslint-disable-next-line no-control-regex
  const s = (/[^\x00-\x7f]/.test(address) ? address.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : address)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
  return s ? unique(s.split(' ')) : [];
}
