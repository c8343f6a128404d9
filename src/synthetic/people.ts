// One invented victim as she really is (the ground truth), before any agency writes her down.
// Distributions are shaped like Peru's published figures: about 94 % women, about 59 % under 18
// at detection, mostly Peruvian with a significant Venezuelan share, sexual exploitation first.
import {
  AMAZON_DEPARTMENTS,
  DETECTION_DEPARTMENTS,
  NATIONALITIES,
  QUECHUA_DEPARTMENTS,
  districtIn,
  recruitmentDepartmentFor,
  surnameRegionOf,
} from './geography.ts';
import {
  ANDEAN_NEIGHBOUR_SURNAMES,
  PERU_FEMALE_GIVEN,
  PERU_MALE_GIVEN,
  SETTLEMENT_NAMES,
  STREET_KINDS,
  STREET_NAMES,
  VENEZUELA_FEMALE_GIVEN,
  VENEZUELA_MALE_GIVEN,
  VENEZUELA_SURNAMES,
  peruvianSurnames,
} from './names.ts';
import { dayNumber, isoDayOf, yearsBetween } from './calendar.ts';
import { Random, Weighted, mixSeed } from './random.ts';

export type RegisteredSex = 'MUJER' | 'HOMBRE' | 'INTERSEX';
export type GenderIdentity = 'MUJER' | 'HOMBRE' | 'MUJER_TRANS' | 'HOMBRE_TRANS' | 'NO_BINARIE';

export interface SyntheticDocument {
  /** A `TIPO_DOCUMENTO` code. */
  readonly type: string;
  readonly number: string;
  readonly issuingCountry: string;
}

export interface SyntheticPerson {
  /** `SYN-P-0000001`: the ground-truth identity shared by all records of this person. */
  readonly id: string;
  readonly givenNames: string;
  readonly paternalSurname: string;
  readonly maternalSurname: string;
  /** The name a trans or non-binary person uses, when it differs from the registered one. */
  readonly socialName?: string;
  readonly sex: RegisteredSex;
  readonly genderIdentity?: GenderIdentity;
  /** `YYYY-MM-DD`, always exact in the truth. */
  readonly birthDate: string;
  readonly ageAtDetection: number;
  readonly nationality: string;
  readonly document?: SyntheticDocument;
  /** First detection, `YYYY-MM-DD`; agencies register on or after this day. */
  readonly detectionDate: string;
  /** The same day as a day number (days since 1970-01-01), for date arithmetic. */
  readonly detectionDay: number;
  /** Department (2 digits) and district (6 digits) where the person was detected and exploited. */
  readonly detectionDepartment: string;
  readonly detectionDistrict: string;
  readonly detectionLocality: string;
  /** Peruvian department of recruitment, or undefined when recruited abroad. */
  readonly recruitmentDepartment?: string;
  readonly recruitmentCountry: string;
  /** `TIPO_EXPLOTACION` codes; the first is the main form. */
  readonly exploitationTypes: readonly string[];
  /** Sector of labour exploitation in words (mining, logging, domestic work…), when labour. */
  readonly exploitationSetting?: string;
  /** ISO 639-3 code. */
  readonly motherTongue: string;
  readonly phone?: string;
  readonly address?: string;
  /**
   * The elder sibling (`SYN-P-…`) this person shares surnames, origin and often the rescue with:
   * different persons that look alike, the classic false match. Twins share the birth date too.
   */
  readonly siblingOf?: string;
  readonly twin?: boolean;
}

/** The first and last day detections are spread over: fixed so that output never depends on today. */
export const FIRST_DETECTION_DAY = dayNumber(2016, 1, 1);
export const LAST_DETECTION_DAY = dayNumber(2025, 12, 31);

interface Profile {
  readonly sex: RegisteredSex;
  readonly identity?: GenderIdentity;
}

// Registered sex ~93.7 % women; a small share of trans and non-binary persons exercises those paths.
const PROFILES = new Weighted<Profile>([
  [{ sex: 'MUJER' }, 91.2],
  [{ sex: 'MUJER', identity: 'MUJER' }, 2],
  [{ sex: 'HOMBRE' }, 4.6],
  [{ sex: 'HOMBRE', identity: 'HOMBRE' }, 0.4],
  [{ sex: 'HOMBRE', identity: 'MUJER_TRANS' }, 1.0],
  [{ sex: 'MUJER', identity: 'HOMBRE_TRANS' }, 0.3],
  [{ sex: 'MUJER', identity: 'NO_BINARIE' }, 0.2],
  [{ sex: 'HOMBRE', identity: 'NO_BINARIE' }, 0.1],
  [{ sex: 'INTERSEX' }, 0.2],
]);

/** Ages at detection of children; adolescents dominate. */
const MINOR_AGES = new Weighted<number>([
  [3, 0.5], [5, 0.5], [7, 1], [9, 1.5], [10, 2], [11, 2.5], [12, 6], [13, 10], [14, 15], [15, 20], [16, 22], [17, 19.5],
]);

// 18–29 is about 38 % of all victims (≈ 93 % of the adults).
const ADULT_AGE_BANDS = new Weighted<readonly [number, number]>([
  [[18, 22], 50], [[23, 29], 43], [[30, 39], 5], [[40, 59], 2],
]);

const FEMALE_EXPLOITATION = new Weighted<string>([
  ['SEXUAL', 66], ['LABORAL', 20], ['SERVIDUMBRE_DOMESTICA', 6], ['MENDICIDAD', 2], ['ACTIVIDADES_DELICTIVAS', 1],
  ['MATRIMONIO_FORZADO', 0.8], ['VENTA_NNA', 0.4], ['DESCONOCIDO', 3],
]);
const MALE_EXPLOITATION = new Weighted<string>([
  ['LABORAL', 66], ['SEXUAL', 12], ['ACTIVIDADES_DELICTIVAS', 8], ['MENDICIDAD', 5], ['RECLUTAMIENTO_FORZADO', 1],
  ['DESCONOCIDO', 3],
]);

function labourSetting(department: string, random: Random): string {
  if (department === '17' || department === '21') return random.chance(0.85) ? 'Minería ilegal de oro' : 'Comercio y restaurantes';
  if (department === '16' || department === '25') return random.chance(0.6) ? 'Tala ilegal' : 'Pesca y aserraderos';
  if (department === '15' || department === '07') return random.pick(['Trabajo del hogar', 'Textilería', 'Comercio ambulatorio', 'Construcción']);
  if (department === '20' || department === '13' || department === '11') return 'Agroexportación';
  return random.pick(['Agricultura', 'Comercio', 'Trabajo del hogar', 'Restaurantes']);
}

/** A street address, or a block and lot in a human settlement (AA.HH.), as in much of urban Peru. */
export function addressFor(random: Random): string {
  if (random.chance(0.6)) return `${random.pick(STREET_KINDS)} ${random.pick(STREET_NAMES)} ${random.between(100, 1999)}`;
  const block = String.fromCharCode(65 + random.int(12));
  return `Mz. ${block} Lt. ${random.between(1, 30)}, AA.HH. ${random.pick(SETTLEMENT_NAMES)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function givenNamesFor(nationality: string, sex: RegisteredSex, random: Random): string {
  const female = sex === 'MUJER' || (sex === 'INTERSEX' && random.chance(0.5));
  if (nationality === 'VEN' || nationality === 'COL' || nationality === 'ECU') {
    return (female ? VENEZUELA_FEMALE_GIVEN : VENEZUELA_MALE_GIVEN).draw(random);
  }
  return (female ? PERU_FEMALE_GIVEN : PERU_MALE_GIVEN).draw(random);
}

function surnameFor(nationality: string, originDepartment: string, random: Random): string {
  if (nationality === 'VEN') return VENEZUELA_SURNAMES.draw(random);
  if (nationality === 'COL' || nationality === 'ECU') return ANDEAN_NEIGHBOUR_SURNAMES.draw(random);
  if (nationality === 'BOL') return peruvianSurnames('andean').draw(random);
  // People move: a surname from the region of origin most of the time, else from anywhere.
  return peruvianSurnames(random.chance(0.7) ? surnameRegionOf(originDepartment) : 'general').draw(random);
}

function documentFor(nationality: string, ageAtDetection: number, random: Random): SyntheticDocument | undefined {
  if (nationality === 'PER') {
    // Most Peruvians have a DNI (children too), but many do not carry it or never got one.
    if (random.chance(ageAtDetection < 18 ? 0.62 : 0.72)) return { type: 'DNI', number: random.digits(8), issuingCountry: 'PER' };
    if (ageAtDetection < 18 && random.chance(0.15)) return { type: 'PARTIDA_NACIMIENTO', number: `PN${random.digits(8)}`, issuingCountry: 'PER' };
    return undefined;
  }
  const roll = random.next();
  if (nationality === 'VEN') {
    if (roll < 0.18) return { type: 'PTP', number: random.digits(9), issuingCountry: 'PER' };
    if (roll < 0.38) return { type: 'CPP', number: random.digits(9), issuingCountry: 'PER' };
    if (roll < 0.48) return { type: 'CARNE_EXTRANJERIA', number: `00${random.digits(7)}`, issuingCountry: 'PER' };
    if (roll < 0.58) return { type: 'PASAPORTE', number: random.digits(9), issuingCountry: 'VEN' };
    if (roll < 0.76) return { type: 'CEDULA_IDENTIDAD_EXTRANJERA', number: `V${random.between(10_000_000, 32_000_000)}`, issuingCountry: 'VEN' };
    return undefined;
  }
  if (roll < 0.3) {
    const letters = String.fromCharCode(65 + random.int(26), 65 + random.int(26));
    return { type: 'PASAPORTE', number: `${letters}${random.digits(7)}`, issuingCountry: nationality };
  }
  if (roll < 0.45) return { type: 'CARNE_EXTRANJERIA', number: `00${random.digits(7)}`, issuingCountry: 'PER' };
  if (roll < 0.65) return { type: 'CEDULA_IDENTIDAD_EXTRANJERA', number: random.digits(nationality === 'BOL' ? 7 : 10), issuingCountry: nationality };
  return undefined;
}

function motherTongueFor(nationality: string, originDepartment: string, random: Random): string {
  if (nationality === 'BOL') return random.chance(0.3) ? (random.chance(0.5) ? 'aym' : 'que') : 'spa';
  if (nationality !== 'PER') return 'spa';
  if (originDepartment === '21') return random.chance(0.35) ? (random.chance(0.5) ? 'aym' : 'que') : 'spa';
  if (QUECHUA_DEPARTMENTS.has(originDepartment)) return random.chance(0.35) ? 'que' : 'spa';
  if (AMAZON_DEPARTMENTS.has(originDepartment) && random.chance(0.08)) {
    return random.pick(['shp', 'agr', 'cni', 'kbh', 'cof', 'yag', 'ese']);
  }
  return 'spa';
}

/** Builds person number `index` (0-based) entirely from `random`, which should be seeded for this person. */
export function generatePerson(index: number, random: Random): SyntheticPerson {
  const profile = PROFILES.draw(random);
  const sex = profile.sex;
  const maleLike = sex === 'HOMBRE' && profile.identity !== 'MUJER_TRANS';
  // Men are detected older (labour exploitation of adults); overall about 59 % are children.
  const minor = random.chance(maleLike ? 0.42 : 0.6);
  const ageAtDetection = minor ? MINOR_AGES.draw(random) : (([lo, hi]) => random.between(lo, hi))(ADULT_AGE_BANDS.draw(random));

  const nationality = NATIONALITIES.draw(random);
  const detectionDepartment = DETECTION_DEPARTMENTS.draw(random);
  const district = districtIn(detectionDepartment, random);
  const recruitmentDepartment = nationality === 'PER' ? recruitmentDepartmentFor(detectionDepartment, random) : random.chance(0.2) ? detectionDepartment : undefined;
  const originDepartment = recruitmentDepartment ?? detectionDepartment;

  const mainType = (maleLike ? MALE_EXPLOITATION : FEMALE_EXPLOITATION).draw(random);
  const exploitationTypes = [mainType === 'LABORAL' && minor && random.chance(0.5) ? 'TRABAJO_INFANTIL' : mainType];
  // Some victims suffer more than one form (sexual and labour in mining camps, for example).
  if (mainType === 'SEXUAL' && random.chance(0.08)) exploitationTypes.push('LABORAL');
  else if (mainType === 'LABORAL' && random.chance(0.06)) exploitationTypes.push('SERVIDUMBRE_DOMESTICA');
  const labour = exploitationTypes.some((t) => t === 'LABORAL' || t === 'TRABAJO_INFANTIL');

  const detectionDay = FIRST_DETECTION_DAY + random.int(LAST_DETECTION_DAY - FIRST_DETECTION_DAY + 1);
  const birthDate = isoDayOf(detectionDay - Math.floor(ageAtDetection * 365.25) - random.int(365));
  const detectionDate = isoDayOf(detectionDay);

  const givenNames = givenNamesFor(nationality, sex, random);
  const paternalSurname = surnameFor(nationality, originDepartment, random);
  let maternalSurname = surnameFor(nationality, originDepartment, random);
  if (maternalSurname === paternalSurname && random.chance(0.7)) maternalSurname = surnameFor(nationality, originDepartment, random);

  let socialName: string | undefined;
  if (profile.identity === 'MUJER_TRANS') socialName = PERU_FEMALE_GIVEN.draw(random);
  else if (profile.identity === 'HOMBRE_TRANS') socialName = PERU_MALE_GIVEN.draw(random);

  const person: Writable<SyntheticPerson> = {
    id: `SYN-P-${pad(index + 1, 7)}`,
    givenNames,
    paternalSurname,
    maternalSurname,
    sex,
    birthDate,
    ageAtDetection: yearsBetween(birthDate, detectionDate),
    nationality,
    detectionDate,
    detectionDay,
    detectionDepartment,
    detectionDistrict: district.code,
    detectionLocality: district.name,
    recruitmentCountry: recruitmentDepartment ? 'PER' : nationality,
    exploitationTypes,
    motherTongue: motherTongueFor(nationality, originDepartment, random),
  };
  if (socialName) person.socialName = socialName;
  if (profile.identity) person.genderIdentity = profile.identity;
  if (recruitmentDepartment) person.recruitmentDepartment = recruitmentDepartment;
  const document = documentFor(nationality, ageAtDetection, random);
  if (document) person.document = document;
  if (labour) person.exploitationSetting = labourSetting(detectionDepartment, random);
  if (random.chance(0.35)) person.phone = `9${random.digits(8)}`;
  if (random.chance(0.3)) person.address = addressFor(random);
  return person;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Share of persons who are the younger sibling of the person before them. */
export const SIBLING_SHARE = 0.04;
const TWIN_SHARE = 0.15;

function isSiblingSlot(seed: number, index: number): boolean {
  return index > 0 && mixSeed(seed, index, 4) / 4294967296 < SIBLING_SHARE;
}

/**
 * Person number `index` (0-based) of the registry for `seed`. Depends only on the seed and the
 * index; about 4 % are siblings of the person before them (never chains of siblings).
 */
export function personAt(seed: number, index: number): SyntheticPerson {
  const own = generatePerson(index, new Random(mixSeed(seed, index, 1)));
  if (!isSiblingSlot(seed, index) || isSiblingSlot(seed, index - 1)) return own;
  const elder = generatePerson(index - 1, new Random(mixSeed(seed, index - 1, 1)));
  return asSiblingOf(own, elder, new Random(mixSeed(seed, index, 3)));
}

function shiftYears(isoDay: string, years: number): string {
  const year = Number(isoDay.slice(0, 4)) + years;
  const rest = isoDay.slice(4) === '-02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? '-02-28' : isoDay.slice(4);
  return `${year}${rest}`;
}

function asSiblingOf(own: SyntheticPerson, elder: SyntheticPerson, random: Random): SyntheticPerson {
  let givenNames = givenNamesFor(elder.nationality, own.sex, random);
  for (let attempt = 0; attempt < 5 && givenNames === elder.givenNames; attempt++) givenNames = givenNamesFor(elder.nationality, own.sex, random);
  // Siblings are often recruited and rescued together.
  const found = random.chance(0.7) ? elder : own;
  const twin = random.chance(TWIN_SHARE);
  let birthDate = elder.birthDate;
  if (!twin) {
    birthDate = shiftYears(elder.birthDate, random.between(1, 5));
    // A younger sibling must be born before her own detection; else she is the elder one.
    if (yearsBetween(birthDate, found.detectionDate) < 1) birthDate = shiftYears(elder.birthDate, -random.between(1, 5));
    const day = Number(birthDate.slice(8, 10));
    const shifted = Math.min(28, Math.max(1, day + random.between(-20, 20)));
    birthDate = `${birthDate.slice(0, 8)}${shifted < 10 ? '0' : ''}${shifted}`;
  }
  // Built field by field: object rest/spread copies are slow, and this runs for 4 % of a million.
  const sibling: Writable<SyntheticPerson> = {
    id: own.id,
    givenNames,
    paternalSurname: elder.paternalSurname,
    maternalSurname: elder.maternalSurname,
    sex: own.sex,
    birthDate,
    ageAtDetection: yearsBetween(birthDate, found.detectionDate),
    nationality: elder.nationality,
    detectionDate: found.detectionDate,
    detectionDay: found.detectionDay,
    detectionDepartment: found.detectionDepartment,
    detectionDistrict: found.detectionDistrict,
    detectionLocality: found.detectionLocality,
    recruitmentCountry: elder.recruitmentCountry,
    exploitationTypes: own.exploitationTypes,
    motherTongue: elder.motherTongue,
    siblingOf: elder.id,
  };
  if (own.socialName) sibling.socialName = own.socialName;
  if (own.genderIdentity) sibling.genderIdentity = own.genderIdentity;
  if (elder.recruitmentDepartment) sibling.recruitmentDepartment = elder.recruitmentDepartment;
  if (own.document && own.nationality === elder.nationality) sibling.document = own.document;
  if (own.exploitationSetting) sibling.exploitationSetting = own.exploitationSetting;
  const phone = elder.phone ?? own.phone;
  if (phone) sibling.phone = phone;
  const address = elder.address ?? own.address;
  if (address) sibling.address = address;
  if (twin) sibling.twin = true;
  return sibling;
}
