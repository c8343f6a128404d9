// How each agency writes the same person down: its habits (upper case, one surname, only an
// age) and its mistakes (typos, a wrong DNI digit). Each applied variation is reported as an
// error cause so the linkage benchmark can break its errors down by cause.
import { NICKNAMES, STREET_KIND_SPELLINGS, SURNAME_VARIANTS, peruvianSurnames } from './names.ts';
import { yearsBetween } from './calendar.ts';
import { DETECTION_DEPARTMENTS, districtIn } from './geography.ts';
import { addressFor } from './people.ts';
import type { SyntheticPerson } from './people.ts';
import type { Random } from './random.ts';

export const ERROR_CAUSES = [
  'DUPLICATE_IN_SOURCE',
  'SECOND_SURNAME_DROPPED',
  'SURNAMES_SWAPPED',
  'MARRIED_SURNAME_ADDED',
  'ACCENTS_DROPPED',
  'UPPER_CASE',
  'TYPO_TRANSPOSITION',
  'TYPO_DELETION',
  'TYPO_INSERTION',
  'TYPO_SUBSTITUTION',
  'QUECHUA_SPELLING_VARIANT',
  'NICKNAME',
  'SOCIAL_NAME',
  'COMPOUND_GIVEN_NAME_CUT',
  'FULL_NAME_ONLY',
  'SURNAMES_MISSING',
  'GIVEN_NAME_IN_SURNAME_FIELD',
  'SEX_MISSING',
  'BIRTH_DATE_MONTH_ONLY',
  'BIRTH_DATE_YEAR_ONLY',
  'BIRTH_DATE_DAY_MONTH_SWAPPED',
  'BIRTH_YEAR_OFF_BY_ONE',
  'AGE_ONLY',
  'AGE_ESTIMATE_OFF',
  'BIRTH_DATE_MISSING',
  'DOCUMENT_MISSING',
  'DOCUMENT_DIGIT_WRONG',
  'NATIONALITY_MISSING',
  'DEPARTMENT_DIFFERS',
  'ADDRESS_VARIANT',
  'PHONE_FORMAT',
  'TYPO_FIRST_LETTER',
  'GIVEN_NAME_MISSING',
  'SEX_WRONG',
  'LOCALITY_DIFFERS',
  'ADDRESS_DIFFERS',
  'PHONE_DIFFERS',
] as const;
export type ErrorCause = (typeof ERROR_CAUSES)[number];

/** How a birth date ends up in an agency's record: exact most of the time at some agencies. */
export interface BirthDateHabits {
  readonly monthOnly: number;
  readonly yearOnly: number;
  readonly dayMonthSwapped: number;
  readonly yearOffByOne: number;
  readonly ageOnly: number;
  readonly missing: number;
}

/** Probabilities (0–1) that a record of this agency shows each habit or mistake. */
export interface AgencyHabits {
  readonly upperCase: number;
  readonly accentsDropped: number;
  readonly secondSurnameDropped: number;
  readonly surnamesSwapped: number;
  readonly marriedSurname: number;
  readonly fullNameOnly: number;
  /** In a full-name string, surnames first ("QUISPE MAMANI ROSA") rather than given names first. */
  readonly fullNameSurnamesFirst: number;
  readonly surnamesMissing: number;
  /** Given name typed in the surname field and the paternal surname in the given-name field. */
  readonly givenSurnameSwapped: number;
  readonly typo: number;
  readonly quechuaVariant: number;
  readonly nickname: number;
  readonly socialName: number;
  readonly compoundCut: number;
  readonly sexMissing: number;
  readonly birthDate: BirthDateHabits;
  readonly ageEstimateOff: number;
  readonly documentMissing: number;
  readonly documentDigitWrong: number;
  readonly nationalityMissing: number;
  readonly departmentDiffers: number;
  readonly locality: number;
  readonly address: number;
  readonly phone: number;
  /**
   * Mistakes and disagreements real registries show that a linker must survive (drawn from a
   * stream of their own, so the other variations of a seed stay as they were):
   * a name's first letter wrong (Uamán, Bargas, Kispe, Llesenia), no given name at all, the
   * wrong sex ticked, another district of the department (the office's, her home's), another
   * address (she moved, a shelter, the place of exploitation), another phone (a relative's, a
   * new number).
   */
  readonly harsh: {
    readonly firstLetterTypo: number;
    readonly givenNameMissing: number;
    readonly sexWrong: number;
    readonly localityDiffers: number;
    readonly addressDiffers: number;
    readonly phoneDiffers: number;
  };
}

export interface AgencyProfile {
  /** The `source` of its records and the key of its demo organisation. */
  readonly key: string;
  /** Share of the invented victims this agency registers, for children and for adults. */
  readonly coverage: { readonly minors: number; readonly adults: number };
  /** Share of its persons it registers twice (another office, another operation). */
  readonly duplicateRate: number;
  /** Days between detection and this agency's registration. */
  readonly delayDays: readonly [min: number, max: number];
  readonly habits: AgencyHabits;
}

/**
 * The four agencies of the demo. PNP sees most rescued persons and types in capitals without
 * accents; the prosecutor (MP) records both surnames and exact dates; MIMP sees the children
 * (often by nickname, often only an age); the NGO writes full names in one string.
 */
export const DEFAULT_AGENCY_PROFILES: readonly AgencyProfile[] = [
  {
    key: 'PNP',
    coverage: { minors: 0.8, adults: 0.82 },
    duplicateRate: 0.04,
    delayDays: [0, 2],
    habits: {
      upperCase: 0.75, accentsDropped: 0.65, secondSurnameDropped: 0.18, surnamesSwapped: 0.03, marriedSurname: 0.03,
      fullNameOnly: 0.06, fullNameSurnamesFirst: 0.9, surnamesMissing: 0.01, givenSurnameSwapped: 0.01, typo: 0.1, quechuaVariant: 0.2, nickname: 0.03,
      socialName: 0.1, compoundCut: 0.15, sexMissing: 0.01,
      birthDate: { monthOnly: 0.02, yearOnly: 0.08, dayMonthSwapped: 0.03, yearOffByOne: 0.03, ageOnly: 0.15, missing: 0.08 },
      ageEstimateOff: 0.3, documentMissing: 0.2, documentDigitWrong: 0.04, nationalityMissing: 0.03, departmentDiffers: 0.05,
      locality: 0.6, address: 0.4, phone: 0.5,
      harsh: { firstLetterTypo: 0.03, givenNameMissing: 0.01, sexWrong: 0.005, localityDiffers: 0.2, addressDiffers: 0.25, phoneDiffers: 0.2 },
    },
  },
  {
    key: 'MP',
    coverage: { minors: 0.55, adults: 0.6 },
    duplicateRate: 0.02,
    delayDays: [1, 30],
    habits: {
      upperCase: 0.35, accentsDropped: 0.2, secondSurnameDropped: 0.07, surnamesSwapped: 0.02, marriedSurname: 0.06,
      fullNameOnly: 0.02, fullNameSurnamesFirst: 0.7, surnamesMissing: 0.005, givenSurnameSwapped: 0.005, typo: 0.04, quechuaVariant: 0.1, nickname: 0.01,
      socialName: 0.2, compoundCut: 0.05, sexMissing: 0.02,
      birthDate: { monthOnly: 0.01, yearOnly: 0.04, dayMonthSwapped: 0.02, yearOffByOne: 0.02, ageOnly: 0.06, missing: 0.04 },
      ageEstimateOff: 0.2, documentMissing: 0.12, documentDigitWrong: 0.02, nationalityMissing: 0.05, departmentDiffers: 0.12,
      locality: 0.5, address: 0.5, phone: 0.3,
      harsh: { firstLetterTypo: 0.015, givenNameMissing: 0.005, sexWrong: 0.003, localityDiffers: 0.15, addressDiffers: 0.2, phoneDiffers: 0.15 },
    },
  },
  {
    key: 'MIMP',
    coverage: { minors: 0.85, adults: 0.25 },
    duplicateRate: 0.03,
    delayDays: [1, 60],
    habits: {
      upperCase: 0.15, accentsDropped: 0.3, secondSurnameDropped: 0.25, surnamesSwapped: 0.04, marriedSurname: 0.02,
      fullNameOnly: 0.04, fullNameSurnamesFirst: 0.3, surnamesMissing: 0.03, givenSurnameSwapped: 0.02, typo: 0.07, quechuaVariant: 0.15, nickname: 0.12,
      socialName: 0.5, compoundCut: 0.2, sexMissing: 0.01,
      birthDate: { monthOnly: 0.03, yearOnly: 0.1, dayMonthSwapped: 0.03, yearOffByOne: 0.05, ageOnly: 0.3, missing: 0.05 },
      ageEstimateOff: 0.35, documentMissing: 0.3, documentDigitWrong: 0.03, nationalityMissing: 0.04, departmentDiffers: 0.2,
      locality: 0.4, address: 0.3, phone: 0.2,
      harsh: { firstLetterTypo: 0.025, givenNameMissing: 0.01, sexWrong: 0.005, localityDiffers: 0.25, addressDiffers: 0.3, phoneDiffers: 0.2 },
    },
  },
  {
    key: 'ONG',
    coverage: { minors: 0.15, adults: 0.3 },
    duplicateRate: 0.01,
    delayDays: [7, 180],
    habits: {
      upperCase: 0.05, accentsDropped: 0.15, secondSurnameDropped: 0.2, surnamesSwapped: 0.05, marriedSurname: 0.08,
      fullNameOnly: 0.4, fullNameSurnamesFirst: 0.1, surnamesMissing: 0.02, givenSurnameSwapped: 0.02, typo: 0.05, quechuaVariant: 0.12, nickname: 0.1,
      socialName: 0.7, compoundCut: 0.15, sexMissing: 0.02,
      birthDate: { monthOnly: 0.04, yearOnly: 0.08, dayMonthSwapped: 0.02, yearOffByOne: 0.04, ageOnly: 0.25, missing: 0.06 },
      ageEstimateOff: 0.3, documentMissing: 0.35, documentDigitWrong: 0.03, nationalityMissing: 0.02, departmentDiffers: 0.3,
      locality: 0.3, address: 0.2, phone: 0.6,
      harsh: { firstLetterTypo: 0.02, givenNameMissing: 0.005, sexWrong: 0.005, localityDiffers: 0.25, addressDiffers: 0.35, phoneDiffers: 0.25 },
    },
  },
];

/** A canonical record with every column, mutable while it is built; `record_id` is set on output. */
export interface RecordedFields {
  source: string;
  record_id: string;
  given_names: string;
  paternal_surname: string;
  maternal_surname: string;
  full_name: string;
  sex: string;
  birth_date: string;
  age: string;
  document_type: string;
  document_number: string;
  nationality: string;
  department: string;
  address: string;
  locality: string;
  postcode: string;
  phone: string;
}

const ACCENTED: Record<string, string> = {
  á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u', ü: 'u', ñ: 'n',
  Á: 'A', É: 'E', Í: 'I', Ó: 'O', Ú: 'U', Ü: 'U', Ñ: 'N',
};
const ACCENTED_PATTERN = /[áéíóúüñÁÉÍÓÚÜÑ]/g;

// Names repeat a lot (a few hundred table names, plus typos): remembering the stripped forms keeps
// the million-record path fast. Bounded, so memory stays constant.
const strippedCache = new Map<string, string>();

export function dropAccents(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  let stripped = strippedCache.get(text);
  if (stripped === undefined) {
    stripped = text.replace(ACCENTED_PATTERN, (c) => ACCENTED[c] ?? c);
    if (strippedCache.size >= 50_000) strippedCache.clear();
    strippedCache.set(text, stripped);
  }
  return stripped;
}

const PARTICLES: ReadonlySet<string> = new Set(['de', 'del', 'la', 'las', 'los', 'y']);

// Neighbouring keys on a Spanish keyboard, for substitutions and insertions that look like slips.
const KEY_NEIGHBOURS: Record<string, string> = {
  a: 'sqz', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'kñ',
  m: 'n', n: 'bm', ñ: 'l', o: 'ip', p: 'o', q: 'wa', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe',
  x: 'zc', y: 'tu', z: 'xa',
};

const TYPO_KINDS = ['TYPO_TRANSPOSITION', 'TYPO_DELETION', 'TYPO_INSERTION', 'TYPO_SUBSTITUTION'] as const;
type TypoKind = (typeof TYPO_KINDS)[number];

function neighbourOf(letter: string, random: Random): string {
  const lower = letter.toLowerCase();
  const options = KEY_NEIGHBOURS[lower] ?? 'aeio';
  const chosen = options.charAt(random.int(options.length));
  return letter === lower ? chosen : chosen.toUpperCase();
}

/** One slip of the keyboard inside a word of at least three letters; undefined when there is none. */
export function applyTypo(text: string, kind: TypoKind, random: Random): string | undefined {
  const words = text.split(' ');
  const candidates = words.map((w, i) => (w.length >= 3 && /^[\p{L}]+$/u.test(w) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return undefined;
  const wordIndex = random.pick(candidates);
  const word = words[wordIndex] as string;
  // Never touch the first letter: registries rarely get it wrong, and blocking relies on it.
  const at = 1 + random.int(word.length - 1);
  let changed: string;
  switch (kind) {
    case 'TYPO_TRANSPOSITION': {
      const i = Math.min(at, word.length - 2);
      if (i < 1 || word[i] === word[i + 1]) return undefined;
      changed = word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
      break;
    }
    case 'TYPO_DELETION':
      if (word.length < 4) return undefined;
      changed = word.slice(0, at) + word.slice(at + 1);
      break;
    case 'TYPO_INSERTION': {
      const previous = word.charAt(at - 1);
      const inserted = random.chance(0.5) ? previous : neighbourOf(previous, random);
      changed = word.slice(0, at) + inserted + word.slice(at);
      break;
    }
    case 'TYPO_SUBSTITUTION':
      changed = word.slice(0, at) + neighbourOf(word.charAt(at), random) + word.slice(at + 1);
      break;
  }
  if (changed === word) return undefined;
  words[wordIndex] = changed;
  return words.join(' ');
}

// How a name's first letter goes wrong in Peruvian registries: letters that sound alike
// (B/V, C/K/Qu, S/Z/Ce, G/J before e and i, Y/Ll/I, Hu/W/Gu) and a silent H dropped or added.
const FIRST_LETTER_CONFUSIONS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^Hu/i, ['U', 'W', 'Gu']],
  [/^Gu/i, ['Hu', 'W']],
  [/^W/i, ['Hu', 'Gu']],
  [/^Qu(?=[ei])/i, ['K', 'C']],
  [/^C(?=[aou])/i, ['K', 'Q']],
  [/^K/i, ['C', 'Q']],
  [/^C(?=[ei])/i, ['S', 'Z']],
  [/^S/i, ['Z', 'C']],
  [/^Z/i, ['S']],
  [/^B/i, ['V']],
  [/^V/i, ['B']],
  [/^G(?=[ei])/i, ['J']],
  [/^J/i, ['G', 'Y']],
  [/^Y/i, ['Ll', 'I']],
  [/^Ll/i, ['Y']],
  [/^I/i, ['Y', 'Hi']],
  [/^H/i, ['']],
  [/^(?=[AEO])/i, ['H']],
];

/**
 * A name written with its first letter wrong: a letter that sounds alike (Bargas, Kispe,
 * Llesenia, Uamán, Helena) or, a third of the time, a neighbouring key. Undefined if none applies.
 */
export function firstLetterSlip(word: string, random: Random): string | undefined {
  if (word.length < 3) return undefined;
  const upper = word === word.toUpperCase();
  let changed: string | undefined;
  if (!random.chance(1 / 3)) {
    for (const [pattern, options] of FIRST_LETTER_CONFUSIONS) {
      const m = pattern.exec(word);
      if (!m) continue;
      const replacement = random.pick(options);
      const rest = word.slice(m[0].length);
      if (m[0] === '') changed = replacement + word.charAt(0).toLowerCase() + rest.slice(1);
      else changed = replacement === '' ? rest.charAt(0).toUpperCase() + rest.slice(1) : replacement + rest;
      break;
    }
  }
  if (changed === undefined) changed = neighbourOf(word.charAt(0), random).toUpperCase() + word.slice(1);
  if (upper) changed = changed.toUpperCase();
  return changed !== word && changed.length >= 2 ? changed : undefined;
}

/** `firstLetterSlip` on the first word of three letters or more of a name field. */
function slipFirstLetterOfField(text: string, random: Random): string | undefined {
  const words = text.split(' ');
  const at = words.findIndex((w) => w.length >= 3 && /^[\p{L}]+$/u.test(w));
  if (at < 0) return undefined;
  const changed = firstLetterSlip(words[at] as string, random);
  if (changed === undefined) return undefined;
  words[at] = changed;
  return words.join(' ');
}

function shortenCompound(givenNames: string, random: Random): string | undefined {
  const tokens = givenNames.split(' ').filter((t) => !PARTICLES.has(t.toLowerCase()));
  if (tokens.length < 2) return undefined;
  // "Carmen" for "María del Carmen": the name in use is as often the second as the first.
  return givenNames.startsWith('María') || givenNames.startsWith('José') ? (random.chance(0.7) ? (tokens[tokens.length - 1] as string) : (tokens[0] as string)) : random.pick(tokens);
}

// Men's names that end women's compound names ("María José"): their nicknames are men's.
const MALE_TOKENS: ReadonlySet<string> = new Set(['José', 'Jesús', 'Luis', 'Antonio', 'Francisco', 'Ignacio', 'Jorge', 'Carlos', 'Juan']);

function nicknameOf(givenNames: string, female: boolean, random: Random): string | undefined {
  if (givenNames === 'María José') return 'Majo';
  const tokens = givenNames.split(' ').filter((t) => !PARTICLES.has(t.toLowerCase()) && !(female && MALE_TOKENS.has(t)));
  for (const token of random.chance(0.5) ? tokens : [...tokens].reverse()) {
    const options = NICKNAMES[token];
    if (options) return random.pick(options);
  }
  return undefined;
}

function surnameVariant(surname: string, random: Random): string | undefined {
  const options = SURNAME_VARIANTS[surname];
  return options ? random.pick(options) : undefined;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}


function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Writes `person` down as agency `profile` would on `registeredOn`, drawing every habit and
 * mistake from `random`. Pushes the causes applied onto `errors`.
 */
export function recordPerson(person: SyntheticPerson, profile: AgencyProfile, registeredOn: string, random: Random, errors: ErrorCause[], harsh: Random = random): RecordedFields {
  const habits = profile.habits;
  const harshHabits = habits.harsh;

  // Names.
  let given = person.givenNames;
  if (person.socialName && random.chance(habits.socialName)) {
    given = person.socialName;
    errors.push('SOCIAL_NAME');
  }
  if (random.chance(habits.nickname)) {
    const femaleName = given === person.socialName ? person.genderIdentity === 'MUJER_TRANS' : person.sex !== 'HOMBRE';
    const nickname = nicknameOf(given, femaleName, random);
    if (nickname) {
      given = nickname;
      errors.push('NICKNAME');
    }
  } else if (random.chance(habits.compoundCut)) {
    const short = shortenCompound(given, random);
    if (short) {
      given = short;
      errors.push('COMPOUND_GIVEN_NAME_CUT');
    }
  }
  let paternal = person.paternalSurname;
  let maternal = person.maternalSurname;
  if (random.chance(habits.quechuaVariant)) {
    const pv = surnameVariant(paternal, random);
    const mv = pv === undefined || random.chance(0.3) ? surnameVariant(maternal, random) : undefined;
    if (pv) paternal = pv;
    if (mv) maternal = mv;
    if (pv || mv) errors.push('QUECHUA_SPELLING_VARIANT');
  }
  if (random.chance(habits.secondSurnameDropped)) {
    maternal = '';
    errors.push('SECOND_SURNAME_DROPPED');
  } else if (person.sex === 'MUJER' && person.ageAtDetection >= 20 && random.chance(habits.marriedSurname)) {
    maternal = `${maternal} de ${peruvianSurnames('general').draw(random)}`;
    errors.push('MARRIED_SURNAME_ADDED');
  }
  if (maternal && random.chance(habits.surnamesSwapped)) {
    [paternal, maternal] = [maternal, paternal];
    errors.push('SURNAMES_SWAPPED');
  }
  if (random.chance(habits.surnamesMissing)) {
    paternal = '';
    maternal = '';
    errors.push('SURNAMES_MISSING');
  }
  if (paternal && random.chance(habits.givenSurnameSwapped)) {
    [given, paternal] = [paternal, given];
    errors.push('GIVEN_NAME_IN_SURNAME_FIELD');
  }
  if (random.chance(habits.typo)) {
    const kind = random.pick(TYPO_KINDS);
    const field = random.int(3);
    const original = field === 0 ? given : field === 1 ? paternal : maternal;
    const typed = original ? applyTypo(original, kind, random) : undefined;
    if (typed !== undefined) {
      if (field === 0) given = typed;
      else if (field === 1) paternal = typed;
      else maternal = typed;
      errors.push(kind);
    }
  }
  if (harsh.chance(harshHabits.firstLetterTypo)) {
    const fields = [given, paternal, maternal].map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
    const field = fields.length > 0 ? harsh.pick(fields) : -1;
    const original = field === 0 ? given : field === 1 ? paternal : maternal;
    const slipped = field >= 0 ? slipFirstLetterOfField(original, harsh) : undefined;
    if (slipped !== undefined) {
      if (field === 0) given = slipped;
      else if (field === 1) paternal = slipped;
      else maternal = slipped;
      errors.push('TYPO_FIRST_LETTER');
    }
  }
  if ((paternal || maternal) && harsh.chance(harshHabits.givenNameMissing)) {
    given = '';
    errors.push('GIVEN_NAME_MISSING');
  }
  if (random.chance(habits.accentsDropped)) {
    const strippedGiven = dropAccents(given);
    const strippedPaternal = dropAccents(paternal);
    const strippedMaternal = dropAccents(maternal);
    if (strippedGiven !== given || strippedPaternal !== paternal || strippedMaternal !== maternal) errors.push('ACCENTS_DROPPED');
    given = strippedGiven;
    paternal = strippedPaternal;
    maternal = strippedMaternal;
  }
  if (random.chance(habits.upperCase)) {
    given = given.toUpperCase();
    paternal = paternal.toUpperCase();
    maternal = maternal.toUpperCase();
    errors.push('UPPER_CASE');
  }
  let fullName = '';
  if ((paternal || maternal) && random.chance(habits.fullNameOnly)) {
    const surnames = maternal ? `${paternal} ${maternal}` : paternal;
    fullName = random.chance(habits.fullNameSurnamesFirst) ? `${surnames} ${given}` : `${given} ${surnames}`;
    given = '';
    paternal = '';
    maternal = '';
    errors.push('FULL_NAME_ONLY');
  }

  // Sex.
  let sex: string = person.sex;
  if (random.chance(habits.sexMissing)) {
    sex = '';
    errors.push('SEX_MISSING');
  } else if (harsh.chance(harshHabits.sexWrong)) {
    sex = sex === 'MUJER' ? 'HOMBRE' : 'MUJER';
    errors.push('SEX_WRONG');
  }

  // Birth date or age.
  let birthDate = person.birthDate;
  let age = '';
  const b = habits.birthDate;
  const roll = random.next();
  let edge = b.monthOnly;
  if (roll < edge) {
    birthDate = birthDate.slice(0, 7);
    errors.push('BIRTH_DATE_MONTH_ONLY');
  } else if (roll < (edge += b.yearOnly)) {
    birthDate = birthDate.slice(0, 4);
    errors.push('BIRTH_DATE_YEAR_ONLY');
  } else if (roll < (edge += b.dayMonthSwapped)) {
    const month = Number(birthDate.slice(5, 7));
    const day = Number(birthDate.slice(8, 10));
    if (day <= 12 && day !== month) {
      birthDate = `${birthDate.slice(0, 4)}-${pad2(day)}-${pad2(month)}`;
      errors.push('BIRTH_DATE_DAY_MONTH_SWAPPED');
    }
  } else if (roll < (edge += b.yearOffByOne)) {
    let year = Number(birthDate.slice(0, 4)) + (random.chance(0.5) ? 1 : -1);
    if (year > Number(registeredOn.slice(0, 4))) year -= 2;
    let rest = birthDate.slice(4);
    if (rest === '-02-29' && !isLeap(year)) rest = '-02-28';
    birthDate = `${year}${rest}`;
    errors.push('BIRTH_YEAR_OFF_BY_ONE');
  } else if (roll < (edge += b.ageOnly)) {
    let value = yearsBetween(person.birthDate, registeredOn);
    if (random.chance(habits.ageEstimateOff)) {
      value = Math.max(0, value + (random.chance(0.5) ? 1 : -1) * random.between(1, 2));
      errors.push('AGE_ESTIMATE_OFF');
    }
    age = String(value);
    birthDate = '';
    errors.push('AGE_ONLY');
  } else if (roll < edge + b.missing) {
    birthDate = '';
    errors.push('BIRTH_DATE_MISSING');
  }

  // Identity document.
  let documentType = '';
  let documentNumber = '';
  if (person.document) {
    if (random.chance(habits.documentMissing)) {
      errors.push('DOCUMENT_MISSING');
    } else {
      documentType = person.document.type;
      documentNumber = person.document.number;
      if (random.chance(habits.documentDigitWrong)) {
        const digits = [...documentNumber];
        const positions = digits.map((c, i) => (c >= '0' && c <= '9' ? i : -1)).filter((i) => i >= 0);
        const at = positions.length > 0 ? random.pick(positions) : -1;
        const next = digits[at + 1];
        if (at >= 0 && next !== undefined && next >= '0' && next <= '9' && next !== digits[at] && random.chance(0.3)) {
          // Two neighbouring digits swapped, the other common slip.
          digits[at + 1] = digits[at] as string;
          digits[at] = next;
        } else if (at >= 0) {
          digits[at] = String((Number(digits[at]) + 1 + random.int(9)) % 10);
        }
        if (at >= 0) {
          documentNumber = digits.join('');
          errors.push('DOCUMENT_DIGIT_WRONG');
        }
      }
    }
  }

  let nationality = person.nationality;
  if (random.chance(habits.nationalityMissing)) {
    nationality = '';
    errors.push('NATIONALITY_MISSING');
  }

  // The department of the registering office, which may not be where the person was found.
  let department = person.detectionDepartment;
  if (random.chance(habits.departmentDiffers)) {
    const other =
      person.recruitmentDepartment && person.recruitmentDepartment !== department
        ? person.recruitmentDepartment
        : department !== '15' && random.chance(0.6)
          ? '15'
          : DETECTION_DEPARTMENTS.draw(random);
    if (other !== department) {
      department = other;
      errors.push('DEPARTMENT_DIFFERS');
    }
  }

  // Columns in the order of CANONICAL_COLUMNS, so that the object can be written as it is.
  // Address: written as the agency writes it (Jirón / Jr. / JR; without the number).
  let address = '';
  if (person.address && random.chance(habits.address)) {
    address = person.address;
    if (random.chance(0.3)) {
      const space = address.indexOf(' ');
      const spellings = STREET_KIND_SPELLINGS[address.slice(0, space)];
      address = random.chance(0.7) && spellings ? `${random.pick(spellings)}${address.slice(space)}` : address.replace(/ \d+$/, '');
      if (address !== person.address) errors.push('ADDRESS_VARIANT');
    }
    if (harsh.chance(harshHabits.addressDiffers)) {
      // She moved, or gave a shelter's address, or the place where she was exploited.
      const other = addressFor(harsh);
      if (other !== address) {
        address = other;
        errors.push('ADDRESS_DIFFERS');
      }
    }
  }

  // Phone: the same mobile number written with spaces or the country code.
  let phone = '';
  if (person.phone && random.chance(habits.phone)) {
    phone = person.phone;
    if (random.chance(0.2)) {
      phone = random.chance(0.5) ? `+51 ${phone}` : `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
      errors.push('PHONE_FORMAT');
    }
    if (harsh.chance(harshHabits.phoneDiffers)) {
      // A relative's or a friend's phone, or a new number.
      phone = `9${harsh.digits(8)}`;
      errors.push('PHONE_DIFFERS');
    }
  }

  // District: where the person was found, or another one of the department (the office's, her home's).
  let locality = department === person.detectionDepartment && random.chance(habits.locality) ? person.detectionLocality : '';
  if (locality ? harsh.chance(harshHabits.localityDiffers) : department !== person.detectionDepartment && harsh.chance(habits.locality / 2)) {
    const other = districtIn(department, harsh).name;
    if (other !== person.detectionLocality) {
      locality = other;
      errors.push('LOCALITY_DIFFERS');
    }
  }

  return {
    source: profile.key,
    record_id: '',
    given_names: given,
    paternal_surname: paternal,
    maternal_surname: maternal,
    full_name: fullName,
    sex,
    birth_date: birthDate,
    age,
    document_type: documentType,
    document_number: documentNumber,
    nationality,
    department,
    address,
    locality,
    postcode: '',
    phone,
  };
}
