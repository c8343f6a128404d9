// A person record as linkage sees it: the canonical columns, parsed once into match forms.
import type { CanonicalRecord } from '../domain/person-record.ts';
import {
  fullNameReadings,
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
import { tokenId, tokenIds } from './tokens.ts';

export type LinkageInput = CanonicalRecord;

/** A record ready for comparison: its most likely reading of the names (see `alternativeNames`) and the rest. */
export interface PreparedRecord extends NameReading {
  /** Position in the batch (or in the index). */
  readonly index: number;
  readonly source: string;
  readonly recordId: string;
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
  /** Token numbers of the locality and the department (-1 when missing). */
  readonly localityId: number;
  readonly departmentId: number;
  readonly postcode: string;
  /** Token number of the postcode (-1 when missing). */
  readonly postcodeId: number;
  readonly addressTokens: readonly string[];
  readonly phone: string;
  /**
   * For a record known only by a full-name string, the other plausible readings of it
   * (surnames first or last, one or two surnames). Comparisons use the reading that fits
   * the other record best; the name fields (NameReading) hold the most likely one.
   */
  readonly alternativeNames: readonly NameReading[] | undefined;
}

/** One reading of a person's names. */
export interface NameReading {
  /** Given-name tokens without particles: "María del Carmen" → MARIA, CARMEN. */
  readonly given: readonly string[];
  /** Formal forms of the given names (nicknames resolved): PEPE → JOSE. */
  readonly givenFormal: readonly string[];
  readonly givenPhonetic: readonly string[];
  /** Family surnames in written order; a married "de X" is in `marital`. */
  readonly surnames: readonly string[];
  readonly surnamePhonetic: readonly string[];
  readonly marital: readonly string[];
  /** Surnames sorted and joined: the key of the full-surname frequency table. */
  readonly surnameKey: string;
  /** The name lists above as token numbers (tokens.ts), for fast comparison. */
  readonly givenIds: readonly number[];
  readonly givenFormalIds: readonly number[];
  readonly givenPhoneticIds: readonly number[];
  /** Token number of all given names joined ("MARIA CARMEN"): the key of the full given-name frequency table (-1 without). */
  readonly givenKeyId: number;
  readonly surnameIds: readonly number[];
  readonly surnamePhoneticIds: readonly number[];
  readonly maritalIds: readonly number[];
  /** Token number of `surnameKey` (-1 without surnames). */
  readonly surnameKeyId: number;
}

export interface PrepareOptions {
  /** Year in which stated ages were recorded (defaults to the current year). */
  readonly referenceYear?: number;
}

/** How far back a stated age may have been recorded (canonical records carry no registration date). */
export const AGE_WINDOW_YEARS = 10;

const DATE_PATTERN = /^(\d{4})(?:-?(\d{1,2})(?:-?(\d{1,2}))?)?$/;

/** One shared empty list: most records have no address or married name, a million times over. */
const NONE: readonly string[] = Object.freeze([]);

type GivenPart = Pick<NameReading, 'given' | 'givenFormal' | 'givenPhonetic' | 'givenIds' | 'givenFormalIds' | 'givenPhoneticIds' | 'givenKeyId'>;
type SurnamePart = Omit<NameReading, keyof GivenPart>;

// Given names and surnames are cached apart, by their text: each repeats across many persons,
// while the three fields together are nearly unique to one person.
const givenCache = new Map<string, GivenPart>();
const surnameCache = new Map<string, SurnamePart>();
const CACHE_LIMIT = 200_000;

function givenPartOf(givenText: string): GivenPart {
  let part = givenCache.get(givenText);
  if (!part) {
    part = givenPart(givenText);
    if (givenCache.size > CACHE_LIMIT) givenCache.clear();
    givenCache.set(givenText, part);
  }
  return part;
}

function surnamePartOf(paternal: string, maternal: string): SurnamePart {
  const key = `${paternal}\u0001${maternal}`;
  let part = surnameCache.get(key);
  if (!part) {
    part = surnamePart(paternal, maternal);
    if (surnameCache.size > CACHE_LIMIT) surnameCache.clear();
    surnameCache.set(key, part);
  }
  return part;
}

function nameReading(givenText: string, paternal: string, maternal: string): NameReading {
  return { ...givenPartOf(givenText), ...surnamePartOf(paternal, maternal) };
}

function givenPart(givenText: string): GivenPart {
  const given = nameTokens(givenText);
  const givenFormal: string[] = [];
  for (const g of given) for (const f of formalNames(g)) if (!givenFormal.includes(f)) givenFormal.push(f);
  const givenPhonetic = unique(givenFormal.map(phoneticKey));
  return {
    given,
    givenFormal,
    givenPhonetic,
    givenIds: tokenIds(given),
    givenFormalIds: tokenIds(givenFormal),
    givenPhoneticIds: tokenIds(givenPhonetic),
    givenKeyId: given.length > 0 ? tokenId(given.join(' ')) : -1,
  };
}

function surnamePart(paternal: string, maternal: string): SurnamePart {
  const { surnames, marital } = parseSurnames(paternal, maternal);
  const surnamePhonetic = surnames.map(phoneticKey);
  const surnameKey = [...surnames].sort().join(' ');
  return {
    surnames,
    surnamePhonetic,
    marital: marital.length > 0 ? marital : NONE,
    surnameKey,
    surnameIds: tokenIds(surnames),
    surnamePhoneticIds: tokenIds(surnamePhonetic),
    maritalIds: tokenIds(marital),
    surnameKeyId: surnameKey ? tokenId(surnameKey) : -1,
  };
}

function sameReading(a: NameReading, b: NameReading): boolean {
  return a.given.join(' ') === b.given.join(' ') && a.surnames.join(' ') === b.surnames.join(' ');
}

export function prepareRecord(input: LinkageInput, index: number, options: PrepareOptions = {}): PreparedRecord {
  const givenText = input.given_names ?? '';
  const paternal = input.paternal_surname ?? '';
  const maternal = input.maternal_surname ?? '';
  let names: GivenPart;
  let family: SurnamePart;
  let alternativeNames: NameReading[] | undefined;
  if (!givenText.trim() && !paternal.trim() && !maternal.trim() && input.full_name) {
    const readings = fullNameReadings(input.full_name);
    const likely = parseFullName(input.full_name);
    const reading = nameReading(likely.given, likely.paternal, likely.maternal);
    names = reading;
    family = reading;
    alternativeNames = [];
    for (const r of readings) {
      const other = nameReading(r.given, r.paternal, r.maternal);
      if (!sameReading(other, reading) && !alternativeNames.some((x) => sameReading(x, other))) alternativeNames.push(other);
    }
    if (alternativeNames.length === 0) alternativeNames = undefined;
  } else {
    // The common case: shared parts, no reading object built.
    names = givenPartOf(givenText);
    family = surnamePartOf(paternal, maternal);
  }
  const { given, givenFormal, givenPhonetic } = names;
  const { surnames, surnamePhonetic, marital, surnameKey } = family;
  const locality = toMatchForm(input.locality);
  const department = normaliseCode(input.department);
  const postcode = (input.postcode ?? '').replace(/\s+/g, '').toUpperCase();

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
    source: sharedSource(input.source),
    recordId: input.record_id,
    given,
    givenFormal,
    givenPhonetic,
    surnames,
    surnamePhonetic,
    marital,
    surnameKey,
    givenIds: names.givenIds,
    givenFormalIds: names.givenFormalIds,
    givenPhoneticIds: names.givenPhoneticIds,
    givenKeyId: names.givenKeyId,
    surnameIds: family.surnameIds,
    surnamePhoneticIds: family.surnamePhoneticIds,
    maritalIds: family.maritalIds,
    surnameKeyId: family.surnameKeyId,
    birthYear,
    birthMonth,
    birthDay,
    ageBirthYear,
    sex: normaliseSex(input.sex),
    documentType: normaliseDocumentType(input.document_type),
    documentNumber: normaliseDocument(input.document_number),
    nationality: normaliseCode(input.nationality),
    department,
    locality,
    localityId: locality ? tokenId(locality) : -1,
    departmentId: department ? tokenId(department) : -1,
    postcode,
    postcodeId: postcode ? tokenId(postcode) : -1,
    addressTokens: addressTokens(input.address),
    phone: normalisePhone(input.phone),
    alternativeNames,
  };
}

/** Every reading of a record's names: the one in its fields first, then the alternatives. */
export function nameViews(r: PreparedRecord): readonly PreparedRecord[] {
  if (!r.alternativeNames) return [r];
  // Scoring one record against its candidates asks for its views once per candidate: the last
  // record's views are kept at hand, without a look in the WeakMap.
  if (r === lastViewed) return lastViews;
  let views = viewCache.get(r);
  if (!views) {
    views = [r, ...r.alternativeNames.map((names) => withNames(r, names))];
    viewCache.set(r, views);
  }
  lastViewed = r;
  lastViews = views;
  return views;
}

let lastViewed: PreparedRecord | undefined;
let lastViews: readonly PreparedRecord[] = [];

/** A copy of `r` read with other names; built field by field so every record keeps one shape (fast property access). */
function withNames(r: PreparedRecord, names: NameReading): PreparedRecord {
  return {
    index: r.index,
    source: r.source,
    recordId: r.recordId,
    given: names.given,
    givenFormal: names.givenFormal,
    givenPhonetic: names.givenPhonetic,
    surnames: names.surnames,
    surnamePhonetic: names.surnamePhonetic,
    marital: names.marital,
    surnameKey: names.surnameKey,
    givenIds: names.givenIds,
    givenFormalIds: names.givenFormalIds,
    givenPhoneticIds: names.givenPhoneticIds,
    givenKeyId: names.givenKeyId,
    surnameIds: names.surnameIds,
    surnamePhoneticIds: names.surnamePhoneticIds,
    maritalIds: names.maritalIds,
    surnameKeyId: names.surnameKeyId,
    birthYear: r.birthYear,
    birthMonth: r.birthMonth,
    birthDay: r.birthDay,
    ageBirthYear: r.ageBirthYear,
    sex: r.sex,
    documentType: r.documentType,
    documentNumber: r.documentNumber,
    nationality: r.nationality,
    department: r.department,
    locality: r.locality,
    localityId: r.localityId,
    departmentId: r.departmentId,
    postcode: r.postcode,
    postcodeId: r.postcodeId,
    addressTokens: r.addressTokens,
    phone: r.phone,
    alternativeNames: undefined,
  };
}

/**
 * `b` read with its given name and first surname exchanged, when the two records look typed
 * into each other's fields ("Layme | Maribel Huillca" against "Maribel | Layme Huillca"):
 * each one's first given name is among the other's surnames. Otherwise `b` itself.
 */
export function withFieldsUnswapped(a: PreparedRecord, b: PreparedRecord): PreparedRecord {
  const ga = a.givenPhoneticIds[0];
  const gb = b.givenPhoneticIds[0];
  if (ga === undefined || gb === undefined || ga === gb || b.surnames.length === 0) return b;
  if (!b.surnamePhoneticIds.includes(ga) || !a.surnamePhoneticIds.includes(gb)) return b;
  let view = swapCache.get(b);
  if (!view) {
    view = withNames(b, nameReading(b.surnames[0] as string, b.given.join(' '), b.surnames.slice(1).join(' ')));
    swapCache.set(b, view);
  }
  return view;
}

const swapCache = new WeakMap<PreparedRecord, PreparedRecord>();

// Views are built once per record, not once per compared pair.
const viewCache = new WeakMap<PreparedRecord, readonly PreparedRecord[]>();

/** How many of `a`'s tokens `b` holds too. Indexed loops: the lists are frozen or not, and a for…of over both kinds allocated an iterator result per token. */
function shared(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (b.includes(a[i] as number)) n++;
  return n;
}

function agreement(a: NameReading, b: NameReading): number {
  return (
    2 * shared(a.givenFormalIds, b.givenFormalIds) +
    2 * shared(a.surnameIds, b.surnameIds) +
    shared(a.givenPhoneticIds, b.givenPhoneticIds) +
    shared(a.surnamePhoneticIds, b.surnamePhoneticIds)
  );
}

/** The readings of two records' names that agree best (most records have only one). */
export function resolveNames(a: PreparedRecord, b: PreparedRecord): readonly [PreparedRecord, PreparedRecord] {
  if (!a.alternativeNames && !b.alternativeNames) return [a, b];
  // Scoring a pair resolves it twice in a row (its levels, then its weight): the second is remembered.
  if (resolvedBest && resolvedA === a && resolvedB === b) return resolvedBest;
  // The first views are the records themselves: the first pair met is (a, b), kept unless bettered.
  const viewsA = nameViews(a);
  const viewsB = nameViews(b);
  let bestA = 0;
  let bestB = 0;
  let bestScore = -1;
  for (let i = 0; i < viewsA.length; i++) {
    for (let j = 0; j < viewsB.length; j++) {
      const score = agreement(viewsA[i] as PreparedRecord, viewsB[j] as PreparedRecord);
      if (score > bestScore) {
        bestScore = score;
        bestA = i;
        bestB = j;
      }
    }
  }
  resolvedA = a;
  resolvedB = b;
  resolvedBest = [viewsA[bestA] as PreparedRecord, viewsB[bestB] as PreparedRecord];
  return resolvedBest;
}

let resolvedA: PreparedRecord | undefined;
let resolvedB: PreparedRecord | undefined;
let resolvedBest: readonly [PreparedRecord, PreparedRecord] | undefined;

/** Codes and place names: upper-case ASCII letters and digits ("15", "Lima", "PER"). */
function normaliseCode(value: string | undefined): string {
  if (!value) return '';
  // A handful of codes repeat in every record: one string each, not one per record.
  let code = codeCache.get(value);
  if (code === undefined) {
    code = computeCode(value);
    if (codeCache.size > CACHE_LIMIT) codeCache.clear();
    codeCache.set(value, code);
  }
  return code;
}

const codeCache = new Map<string, string>();
const sources = new Map<string, string>();

/** One string per source name ("PNP"), however many records carry it. */
function sharedSource(source: string): string {
  const known = sources.get(source);
  if (known !== undefined) return known;
  if (sources.size > CACHE_LIMIT) sources.clear();
  sources.set(source, source);
  return source;
}

function computeCode(value: string): string {
  // eslint-disable-next-line no-control-regex
  const s = /[^\x00-\x7f]/.test(value) ? value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : value;
  return s.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

/** Address words and numbers, with house-number and street-type noise kept: order is ignored. */
function addressTokens(address: string | undefined): readonly string[] {
  if (!address) return NONE;
  // eslint-disable-next-line no-control-regex
  const s = (/[^\x00-\x7f]/.test(address) ? address.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : address)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
  return s ? unique(s.split(' ')) : NONE;
}
