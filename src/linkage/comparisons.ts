// Field comparisons with graded levels, Fellegi–Sunter style. Level 0 always means "no
// information" (a field missing on either side) and carries weight 0; levels 1..k run
// from strongest agreement to plain disagreement.
import { AGE_WINDOW_YEARS } from './record.ts';
import type { PreparedRecord } from './record.ts';
import { oneDigitApart, withinOneEdit } from './similarity.ts';
import { tokenSimilarity } from './tokens.ts';

/** Frequency tables a term-frequency adjustment can look values up in. */
export type TfTable = 'givenFull' | 'givenFirst' | 'surnameFull' | 'surnameToken' | 'postcode' | 'locality';

export interface Comparison {
  readonly name: string;
  /** Level labels; index 0 is the null level. */
  readonly levels: readonly string[];
  compare(a: PreparedRecord, b: PreparedRecord): number;
  /** For levels whose weight depends on how common the shared value is: the table to look it up in. */
  tfTable?(level: number): TfTable | undefined;
  /**
   * The shared value's token number (tokens.ts) at such a level, -1 if none; read from `b`
   * (the side whose names are not in doubt when only one side is).
   */
  tfToken?(a: PreparedRecord, b: PreparedRecord, level: number): number;
  /**
   * A field a family shares (phone, address, district): agreement on it says "same household"
   * as much as "same person", so between records whose surnames agree it weighs by how often
   * relatives agree on it (LinkageModel.kinWeights), not how often random pairs do.
   */
  readonly household?: boolean;
  /** On the surnames comparison: the levels at which two records may be of one family. */
  kinship?(level: number): boolean;
  /** Rough m probabilities per level to start EM from (index 0 ignored). */
  readonly mStart: readonly number[];
  /** Rough u probabilities (random pairs of a population): a prior that only matters for tiny inputs. */
  readonly uStart: readonly number[];
}

// Name lists are compared as token numbers (tokens.ts): equal numbers, equal tokens.

function includesAny(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (b.includes(a[i] as number)) return true;
  return false;
}

function sameSequence(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && isSubset(a, b);
}

/** True when every token of `small` appears in `large`. */
function isSubset(small: readonly number[], large: readonly number[]): boolean {
  for (let i = 0; i < small.length; i++) if (!large.includes(small[i] as number)) return false;
  return true;
}

/** Whichever of the two lists is shorter is contained in the other. */
function shorterContained(a: readonly number[], b: readonly number[]): boolean {
  return a.length <= b.length ? isSubset(a, b) : isSubset(b, a);
}

/**
 * `aligned`: for every token of the shorter list, its best Jaro-Winkler in the other, and
 * the weakest of those; `best`: the best single token pair.
 */
function surnameSimilarity(a: readonly number[], b: readonly number[]): void {
  const small = a.length <= b.length ? a : b;
  const large = a.length <= b.length ? b : a;
  let worst = 1;
  let bestOverall = 0;
  for (let i = 0; i < small.length; i++) {
    const x = small[i] as number;
    let best = 0;
    for (let j = 0; j < large.length; j++) {
      const s = tokenSimilarity(x, large[j] as number);
      if (s > best) best = s;
    }
    if (best < worst) worst = best;
    if (best > bestOverall) bestOverall = best;
  }
  similarity.aligned = worst;
  similarity.best = bestOverall;
}

/**
 * What `surnameSimilarity` found last, in one object reused: it runs for most candidate pairs,
 * and a tuple and an object for each were most of what scoring a record allocated.
 */
const similarity = { aligned: 0, best: 0 };

function bestSimilarity(a: readonly number[], b: readonly number[]): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const s = tokenSimilarity(a[i] as number, b[j] as number);
      if (s > best) best = s;
    }
  }
  return best;
}

function sharedToken(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (b.includes(a[i] as number)) return a[i] as number;
  return -1;
}

/** Given names: exact, compound name cut (María del Carmen ~ Carmen), nickname, first name, any name in common, phonetic, fuzzy, initials, swapped with a surname. */
export const givenNames: Comparison = {
  name: 'given_names',
  levels: [
    'null',
    'exact',
    'one name list contained in the other (compound name cut)',
    'nickname/formal equal',
    'first name equal, others differ',
    'one name in common',
    'phonetic',
    'jaro-winkler ≥ 0.92',
    'jaro-winkler ≥ 0.85',
    'initial',
    'given name = surname (swapped fields)',
    'different',
  ],
  mStart: [0, 0.75, 0.08, 0.02, 0.02, 0.02, 0.02, 0.03, 0.02, 0.01, 0.005, 0.02],
  uStart: [0, 0.01, 0.005, 0.0005, 0.005, 0.005, 0.001, 0.005, 0.02, 0.001, 0.002, 0.94],
  compare(a, b) {
    const ga = a.givenIds;
    const gb = b.givenIds;
    if (ga.length === 0 || gb.length === 0) return 0;
    if (sameSequence(ga, gb)) return 1;
    const fa = a.givenFormalIds;
    const fb = b.givenFormalIds;
    if (shorterContained(ga, gb)) return 2;
    if (ga[0] === gb[0]) return 4;
    if (shorterContained(fa, fb) || fa[0] === fb[0]) return 3;
    if (includesAny(fa, fb)) return 5;
    if (includesAny(a.givenPhoneticIds, b.givenPhoneticIds)) return 6;
    const sim = tokenSimilarity(ga[0] as number, gb[0] as number);
    const best = sim >= 0.92 || (ga.length === 1 && gb.length === 1) ? sim : Math.max(sim, bestSimilarity(ga, gb));
    if (best >= 0.92) return 7;
    if (best >= 0.85) return 8;
    const ia = a.given[0] as string;
    const ib = b.given[0] as string;
    if ((ia.length === 1 || ib.length === 1) && ia[0] === ib[0]) return 9;
    if (includesAny(ga, b.surnameIds) || includesAny(gb, a.surnameIds)) return 10;
    return 11;
  },
  // All the given names agreeing ("María del Carmen") is rarer than the first one ("María").
  tfTable: (level) => (level === 1 ? 'givenFull' : level === 4 ? 'givenFirst' : undefined),
  tfToken: (_a, b, level) => (level === 1 ? b.givenKeyId : (b.givenIds[0] ?? -1)),
};

/** Surnames as an ordered list: exact, swapped order, one missing, phonetic (Quispe/Quispi, Huamán/Guamán), one in common, fuzzy, swapped with the given name. */
export const surnames: Comparison = {
  name: 'surnames',
  levels: [
    'null',
    'exact',
    'same surnames, swapped order',
    'one surname missing, rest equal',
    'phonetic equal',
    'one surname missing, rest phonetic equal',
    'jaro-winkler ≥ 0.92',
    'one surname equal, other differs',
    'jaro-winkler ≥ 0.85',
    'one surname phonetic/fuzzy equal',
    'surname = given name (swapped fields) or married name',
    'different',
  ],
  mStart: [0, 0.8, 0.03, 0.05, 0.03, 0.02, 0.03, 0.02, 0.01, 0.01, 0.005, 0.02],
  uStart: [0, 0.001, 0.0003, 0.005, 0.0005, 0.002, 0.001, 0.03, 0.002, 0.005, 0.003, 0.95],
  compare(a, b) {
    const sa = a.surnameIds;
    const sb = b.surnameIds;
    if (sa.length === 0 || sb.length === 0) return 0;
    if (sameSequence(sa, sb)) return 1;
    if (sameSet(sa, sb)) return 2;
    if (sa.length !== sb.length && shorterContained(sa, sb)) return 3;
    const pa = a.surnamePhoneticIds;
    const pb = b.surnamePhoneticIds;
    // Every surname sounding alike is stronger evidence than one of two doing so.
    if (sameSet(pa, pb)) return 4;
    if (shorterContained(pa, pb)) return 5;
    surnameSimilarity(sa, sb);
    const { aligned, best } = similarity;
    if (aligned >= 0.92) return 6;
    if (includesAny(sa, sb)) return 7;
    if (aligned >= 0.85) return 8;
    if (best >= 0.92 || includesAny(pa, pb)) return 9;
    if (includesAny(sa, b.givenIds) || includesAny(sb, a.givenIds) || includesAny(sa, b.maritalIds) || includesAny(sb, a.maritalIds)) return 10;
    return 11;
  },
  tfTable: (level) => (level === 1 || level === 2 ? 'surnameFull' : level === 3 || level === 7 ? 'surnameToken' : undefined),
  kinship: (level) => level >= 1 && level <= 5,
  tfToken(a, b, level) {
    if (level === 1 || level === 2) return b.surnameKeyId;
    const shared = sharedToken(b.surnameIds, a.surnameIds);
    if (shared >= 0 || !a.alternativeNames) return shared;
    for (const reading of a.alternativeNames) {
      const other = sharedToken(b.surnameIds, reading.surnameIds);
      if (other >= 0) return other;
    }
    return -1;
  },
};


/** Birth date with partial dates, typos, day/month swaps, year ±1 and stated ages. */
export const birthDate: Comparison = {
  name: 'birth_date',
  levels: [
    'null',
    'exact',
    'year and month agree (one side partial)',
    'one digit typo',
    'day and month swapped',
    'within a month',
    'year ±1, same day and month',
    'year agrees (one side year only)',
    'same year, month or day differ',
    'stated ages within 1 year',
    'age consistent with birth year',
    'stated age 2–3 years off',
    'within 5 years',
    'different',
  ],
  mStart: [0, 0.8, 0.05, 0.03, 0.01, 0.01, 0.01, 0.03, 0.01, 0.02, 0.02, 0.01, 0.02, 0.03],
  uStart: [0, 0.0001, 0.002, 0.002, 0.00005, 0.003, 0.00002, 0.01, 0.02, 0.1, 0.2, 0.1, 0.2, 0.36],
  compare: compareBirths,
};

/** What the birth date comparison reads of a record. */
export type BirthFields = Pick<PreparedRecord, 'birthYear' | 'birthMonth' | 'birthDay' | 'ageBirthYear'>;

/** `birthDate.compare` on the birth fields alone (the linkage index keeps them packed apart from the records). */
export function compareBirths(a: BirthFields, b: BirthFields): number {
  const ya = a.birthYear;
  const yb = b.birthYear;
  if (ya === 0 || yb === 0) {
    const hiA = ya || a.ageBirthYear;
    const hiB = yb || b.ageBirthYear;
    if (hiA === 0 || hiB === 0) return 0;
    // Two stated ages: registrations of one person are usually close in time.
    if (ya === 0 && yb === 0) {
      const diff = Math.abs(hiA - hiB);
      // Two agencies' ages of one person are a few months apart, and one may be estimated.
      return diff <= 1 ? 9 : diff <= 3 ? 11 : diff <= 5 ? 12 : 13;
    }
    // An age against a birth year: the age was stated on an unknown day up to
    // AGE_WINDOW_YEARS ago, so it allows a window of birth years (±1 for rounding).
    const loA = ya || hiA - AGE_WINDOW_YEARS - 1;
    const loB = yb || hiB - AGE_WINDOW_YEARS - 1;
    const gap = Math.max(loA - hiB, loB - hiA, 0);
    if (gap <= 1) return 10;
    // An age estimated by eye ("about 15") is often a year or two off.
    if (gap <= 3) return 11;
    if (gap <= 5) return 12;
    return 13;
  }
  const ma = a.birthMonth;
  const mb = b.birthMonth;
  const da = a.birthDay;
  const db = b.birthDay;
  const fullA = ma > 0 && da > 0;
  const fullB = mb > 0 && db > 0;
  if (fullA && fullB) {
    if (ya === yb && ma === mb && da === db) return 1;
    if (oneDigitApart(ya * 10000 + ma * 100 + da, yb * 10000 + mb * 100 + db)) return 3;
    if (ya === yb && ma === db && da === mb) return 4;
    const days = Math.abs((ya - yb) * 365.25 + (ma - mb) * 30.44 + (da - db));
    if (days <= 31) return 5;
    if (Math.abs(ya - yb) === 1 && ma === mb && da === db) return 6;
    if (ya === yb) return 8;
    if (Math.abs(ya - yb) <= 5) return 12;
    return 13;
  }
  // At least one side is partial: agree on what both sides know.
  if (ya === yb) {
    if (ma > 0 && mb > 0) return ma === mb ? 2 : 8;
    return 7;
  }
  if (Math.abs(ya - yb) <= 1) return 12;
  if (Math.abs(ya - yb) <= 5) return 12;
  return 13;
}

/** Identity document: exact, one digit wrong or transposed, different type, different. */
export const documentNumber: Comparison = {
  name: 'document',
  levels: ['null', 'exact', 'one digit wrong or transposed', 'different document types', 'different'],
  mStart: [0, 0.85, 0.08, 0.03, 0.04],
  uStart: [0, 0.000001, 0.00001, 0.3, 0.7],
  compare(a, b) {
    const na = a.documentNumber;
    const nb = b.documentNumber;
    if (!na || !nb) return 0;
    if (na === nb) return 1;
    if (a.documentType && b.documentType && a.documentType !== b.documentType) return 3;
    if (withinOneEdit(na, nb)) return 2;
    return 4;
  },
};

export const sex: Comparison = {
  name: 'sex',
  levels: ['null', 'equal', 'different'],
  mStart: [0, 0.97, 0.03],
  uStart: [0, 0.6, 0.4],
  compare(a, b) {
    if (!a.sex || !b.sex) return 0;
    return a.sex === b.sex ? 1 : 2;
  },
};

export const phone: Comparison = {
  name: 'phone',
  household: true,
  levels: ['null', 'exact', 'one digit wrong or transposed', 'different'],
  mStart: [0, 0.7, 0.1, 0.2],
  uStart: [0, 0.00001, 0.00001, 0.99998],
  compare(a, b) {
    if (!a.phone || !b.phone) return 0;
    if (a.phone === b.phone) return 1;
    if (withinOneEdit(a.phone, b.phone)) return 2;
    return 3;
  },
};

export const postcode: Comparison = {
  name: 'postcode',
  household: true,
  levels: ['null', 'exact', 'one character wrong', 'different'],
  mStart: [0, 0.85, 0.08, 0.07],
  uStart: [0, 0.01, 0.05, 0.94],
  compare(a, b) {
    if (!a.postcode || !b.postcode) return 0;
    if (a.postcode === b.postcode) return 1;
    if (withinOneEdit(a.postcode, b.postcode)) return 2;
    return 3;
  },
  tfTable: (level) => (level === 1 ? 'postcode' : undefined),
  tfToken: (_a, b) => b.postcodeId,
};

export const locality: Comparison = {
  name: 'locality',
  household: true,
  levels: ['null', 'exact', 'jaro-winkler ≥ 0.9', 'different'],
  mStart: [0, 0.85, 0.08, 0.07],
  uStart: [0, 0.02, 0.005, 0.975],
  compare(a, b) {
    if (a.localityId < 0 || b.localityId < 0) return 0;
    if (a.localityId === b.localityId) return 1;
    if (tokenSimilarity(a.localityId, b.localityId) >= 0.9) return 2;
    return 3;
  },
  tfTable: (level) => (level === 1 ? 'locality' : undefined),
  tfToken: (_a, b) => b.localityId,
};

export const department: Comparison = {
  name: 'department',
  levels: ['null', 'equal', 'different'],
  mStart: [0, 0.9, 0.1],
  uStart: [0, 0.1, 0.9],
  compare(a, b) {
    if (a.departmentId < 0 || b.departmentId < 0) return 0;
    return tokenSimilarity(a.departmentId, b.departmentId) >= 0.92 ? 1 : 2;
  },
};

export const nationality: Comparison = {
  name: 'nationality',
  levels: ['null', 'equal', 'different'],
  mStart: [0, 0.95, 0.05],
  uStart: [0, 0.7, 0.3],
  compare(a, b) {
    if (!a.nationality || !b.nationality) return 0;
    return a.nationality === b.nationality ? 1 : 2;
  },
};

/** Address as a bag of words: typos tolerated per word, order ignored. */
export const address: Comparison = {
  name: 'address',
  household: true,
  levels: ['null', 'exact', 'most words equal', 'some words equal', 'different'],
  mStart: [0, 0.6, 0.25, 0.08, 0.07],
  uStart: [0, 0.0005, 0.01, 0.1, 0.89],
  compare(a, b) {
    const ta = a.addressTokens;
    const tb = b.addressTokens;
    if (ta.length === 0 || tb.length === 0) return 0;
    if (ta.length === tb.length && ta.every((x) => tb.includes(x))) return 1;
    let common = 0;
    for (const x of ta) {
      if (tb.includes(x)) {
        common++;
        continue;
      }
      if (x.length < 4) continue;
      for (const y of tb) {
        if (y.length >= 4 && withinOneEdit(x, y)) {
          common++;
          break;
        }
      }
    }
    const overlap = common / Math.max(ta.length, tb.length);
    if (overlap >= 0.5) return 2;
    if (common > 0) return 3;
    return 4;
  },
};

export const DEFAULT_COMPARISONS: readonly Comparison[] = [
  givenNames,
  surnames,
  birthDate,
  documentNumber,
  sex,
  phone,
  postcode,
  locality,
  department,
  nationality,
  address,
];
