// Name normalisation for Peruvian and Latin-American records. Pure functions, no I/O.
// Match forms are upper-case ASCII: accents dropped and Ñ folded to N, because data-entry
// systems lose them (Peña/Pena, Núñez/Nunez) and an accent must never decide a match.

const PARTICLES = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'Y', 'E', 'DA', 'DO', 'DOS', 'DAS', 'VDA', 'VIUDA', 'VD']);
/** Words that start a compound surname and must stay glued to the next word (San Martín, Santa Cruz). */
const GLUE_PREFIXES = new Set(['SAN', 'SANTA', 'SANTO', 'MC', 'MAC', 'VAN', 'VON', 'DI', 'LE']);

const NON_LETTER = /[^A-Z\s]/g;
const SPACES = /\s+/g;
const COMBINING = /[\u0300-\u036f]/g;

/** Upper-case ASCII letters and single spaces: "María-José  Núñez" → "MARIA JOSE NUNEZ". */
export function toMatchForm(text: string | undefined): string {
  if (!text) return '';
  const cached = matchFormCache.get(text);
  if (cached !== undefined) return cached;
  const form = computeMatchForm(text);
  if (matchFormCache.size > 200_000) matchFormCache.clear();
  matchFormCache.set(text, form);
  return form;
}

// Names, places and codes repeat across records: each distinct text is normalised once.
const matchFormCache = new Map<string, string>();

function computeMatchForm(text: string): string {
  // Fast path for the common case: plain ASCII already.
  let s = text;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(COMBINING, '');
  return s.toUpperCase().replace(NON_LETTER, ' ').replace(SPACES, ' ').trim();
}

/** Tokens of a name field with particles removed; "SAN MARTIN" is kept as one token. */
export function nameTokens(text: string | undefined): string[] {
  const form = toMatchForm(text);
  if (!form) return [];
  const words = form.split(' ');
  const tokens: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (PARTICLES.has(w)) continue;
    if (GLUE_PREFIXES.has(w) && i + 1 < words.length && !PARTICLES.has(words[i + 1] as string)) {
      tokens.push(w + (words[i + 1] as string));
      i++;
      continue;
    }
    if (w.length === 0) continue;
    tokens.push(w);
  }
  return tokens;
}

export interface ParsedSurnames {
  /** Family surnames in the order written (paternal first when known). */
  surnames: string[];
  /** A married woman's "de <husband's surname>", kept apart: never her maternal surname. */
  marital: string[];
}

/**
 * Surnames from the paternal and maternal fields, either of which may hold both surnames
 * or a married suffix ("QUISPE MAMANI DE FLORES", "QUISPE MAMANI VDA. DE FLORES").
 */
export function parseSurnames(paternal: string | undefined, maternal: string | undefined): ParsedSurnames {
  const marital: string[] = [];
  const surnames: string[] = [];
  for (const field of [paternal, maternal]) {
    const form = toMatchForm(field);
    if (!form) continue;
    const words = form.split(' ');
    // A trailing "DE X" / "VDA DE X" after at least two surname words is a married name.
    const deAt = findMaritalSuffix(words, surnames.length);
    const family = deAt >= 0 ? words.slice(0, deAt) : words;
    if (deAt >= 0) marital.push(...nameTokens(words.slice(deAt).join(' ')));
    surnames.push(...nameTokens(family.join(' ')));
  }
  return { surnames, marital };
}

function findMaritalSuffix(words: string[], surnamesBefore: number): number {
  const n = words.length;
  // "... DE X" with X a single word, and "... VDA DE X" / "... VIUDA DE X".
  for (let i = n - 2; i >= 1; i--) {
    if (words[i] !== 'DE') continue;
    if (i !== n - 2) return -1; // "DE LA CRUZ" and longer: a compound surname, not a married name
    let start = i;
    if (words[i - 1] === 'VDA' || words[i - 1] === 'VIUDA' || words[i - 1] === 'VD') start = i - 1;
    const familyWords = words.slice(0, start).filter((w) => !PARTICLES.has(w)).length;
    if (familyWords + surnamesBefore >= 2) return start;
    return -1;
  }
  return -1;
}

export interface ParsedFullName {
  given: string;
  paternal: string;
  maternal: string;
}

/**
 * Splits a full-name string. "QUISPE HUAMAN, María del Carmen" puts surnames before the
 * comma; in mixed-case text, words written all in capitals are surnames ("Carmen QUISPE");
 * otherwise the last two word groups are the surnames ("María del Carmen Quispe Huamán"),
 * unless the second-to-last is a common given name ("María del Carmen Quispe").
 */
export function parseFullName(fullName: string | undefined): ParsedFullName {
  const empty = { given: '', paternal: '', maternal: '' };
  if (!fullName || !fullName.trim()) return empty;
  const comma = fullName.indexOf(',');
  if (comma >= 0) {
    const surnameGroups = groupWords(fullName.slice(0, comma));
    return {
      given: fullName.slice(comma + 1).trim(),
      paternal: surnameGroups[0] ?? '',
      maternal: surnameGroups.slice(1).join(' '),
    };
  }
  const capitals = capitalWords(fullName);
  if (capitals) {
    const others = fullName.trim().split(/\s+/).filter((w) => !capitals.includes(w));
    return { given: others.join(' '), paternal: capitals[0] ?? '', maternal: capitals.slice(1).join(' ') };
  }
  const groups = groupWords(fullName);
  if (groups.length === 1) return { given: groups[0] ?? '', paternal: '', maternal: '' };
  const isGiven = (group: string | undefined): boolean => COMMON_GIVEN_NAMES.has(nameTokens(group)[0] ?? '');
  // Surnames first when the string ends in a known given name and does not start with one.
  if (!isGiven(groups[0]) && isGiven(groups[groups.length - 1])) {
    let split = groups.length - 1;
    while (split > 1 && isGiven(groups[split - 1])) split--;
    const surnameGroups = groups.slice(0, Math.min(split, 2));
    return { given: groups.slice(surnameGroups.length).join(' '), paternal: surnameGroups[0] ?? '', maternal: surnameGroups[1] ?? '' };
  }
  if (groups.length === 2) return { given: groups[0] ?? '', paternal: groups[1] ?? '', maternal: '' };
  const secondLast = groups[groups.length - 2] as string;
  const secondLastKey = nameTokens(secondLast)[0] ?? '';
  if (COMMON_GIVEN_NAMES.has(secondLastKey) && !COMMON_GIVEN_NAMES.has(nameTokens(groups[groups.length - 1])[0] ?? '')) {
    return { given: groups.slice(0, -1).join(' '), paternal: groups[groups.length - 1] ?? '', maternal: '' };
  }
  return { given: groups.slice(0, -2).join(' '), paternal: secondLast, maternal: groups[groups.length - 1] ?? '' };
}

/** In mixed-case text, the words written all in capitals (the surnames, by convention). */
function capitalWords(fullName: string): string[] | undefined {
  if (!/\p{Ll}/u.test(fullName)) return undefined;
  const words = fullName.trim().split(/\s+/);
  const capitals = words.filter((w) => w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w));
  return capitals.length > 0 && capitals.length < words.length ? capitals : undefined;
}

function hasCapitalSurnames(fullName: string): boolean {
  return capitalWords(fullName) !== undefined;
}

/**
 * Every plausible split of a full-name string into given names and one or two surnames:
 * given names first ("María del Carmen Quispe Huamán") or surnames first ("QUISPE HUAMAN
 * MARIA DEL CARMEN", as police records often write them).
 */
export function fullNameReadings(fullName: string): ParsedFullName[] {
  // A comma, or surnames written in capitals in mixed-case text, say which words are surnames.
  if (fullName.includes(',') || hasCapitalSurnames(fullName)) return [parseFullName(fullName)];
  const groups = groupWords(fullName);
  const k = groups.length;
  if (k <= 1) return [{ given: groups[0] ?? '', paternal: '', maternal: '' }];
  const join = (from: number, to: number): string => groups.slice(from, to).join(' ');
  const readings: ParsedFullName[] = [
    { given: join(0, k - 1), paternal: join(k - 1, k), maternal: '' },
    { given: join(1, k), paternal: join(0, 1), maternal: '' },
  ];
  if (k >= 3) {
    readings.push({ given: join(0, k - 2), paternal: join(k - 2, k - 1), maternal: join(k - 1, k) });
    readings.push({ given: join(2, k), paternal: join(0, 1), maternal: join(1, 2) });
  }
  return readings;
}

/** Words with their leading particles: "María del Carmen" → ["María", "del Carmen"]. */
function groupWords(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const groups: string[] = [];
  let pending = '';
  for (const w of words) {
    const key = toMatchForm(w);
    if (PARTICLES.has(key) || GLUE_PREFIXES.has(key)) {
      pending = pending ? `${pending} ${w}` : w;
      continue;
    }
    groups.push(pending ? `${pending} ${w}` : w);
    pending = '';
  }
  if (pending) groups.push(pending);
  return groups;
}

/**
 * Spanish phonetic key tuned for Peruvian names: Huamán/Guamán/Waman → UAMAN... all equal,
 * Quispe/Quispi, Ccori/Qori/Cori, Yupanqui/Llupanqui, Vásquez/Basques, Zapata/Sapata.
 * Quechua has three vowels, so E/I and O/U are merged.
 */
export function phoneticKey(token: string): string {
  if (!token) return '';
  const cached = phoneticCache.get(token);
  if (cached !== undefined) return cached;
  const key = computePhoneticKey(token);
  // Names repeat a lot; the cache is bounded so a stream of unique strings cannot grow it forever.
  if (phoneticCache.size > 200_000) phoneticCache.clear();
  phoneticCache.set(token, key);
  return key;
}

const phoneticCache = new Map<string, string>();

function computePhoneticKey(token: string): string {
  let s = token;
  s = s.replace(/PH/g, 'F');
  s = s.replace(/CH/g, '1'); // keep the /tʃ/ sound apart from K and S
  s = s.replace(/LL/g, 'Y');
  s = s.replace(/^X/, 'J').replace(/X/g, 'J');
  s = s.replace(/GU([EI])/g, '2$1'); // hard G before E/I: Guillermo
  s = s.replace(/G([EIY])/g, 'J$1');
  s = s.replace(/(?:HU|GU|W|HW|GW)([AEIO])/g, 'W$1'); // Huamán/Guamán/Waman
  s = s.replace(/2/g, 'G');
  s = s.replace(/QU([EI])/g, 'K$1');
  s = s.replace(/QU/g, 'K');
  s = s.replace(/C([EIY])/g, 'S$1');
  s = s.replace(/CC|CK|KK|CQ|QQ/g, 'K');
  s = s.replace(/[CQ]/g, 'K');
  s = s.replace(/Z/g, 'S');
  s = s.replace(/V/g, 'B');
  s = s.replace(/H/g, '');
  s = s.replace(/Y(?![AEIOU])/g, 'I'); // final or pre-consonant Y is a vowel
  s = s.replace(/N([BP])/g, 'M$1');
  s = s.replace(/E/g, 'I').replace(/O/g, 'U');
  s = s.replace(/(.)\1+/g, '$1');
  s = s.replace(/W/g, 'U'); // Wa and Hua end the same
  s = s.replace(/(.)\1+/g, '$1');
  return s;
}

/** Spanish hypocorísticos, mapped to the formal name(s) they stand for. */
const NICKNAMES: Record<string, string[]> = {
  PEPE: ['JOSE'], PEPA: ['JOSEFA'], PEPITO: ['JOSE'], CHEPE: ['JOSE'], CHEMA: ['JOSE'],
  CHARO: ['ROSARIO'], CHAYO: ['ROSARIO'], LUCHO: ['LUIS'], PANCHO: ['FRANCISCO'], PACO: ['FRANCISCO'],
  CURRO: ['FRANCISCO'], PANCHA: ['FRANCISCA'], PAQUITA: ['FRANCISCA'], NACHO: ['IGNACIO'],
  CHABELA: ['ISABEL'], CHABUCA: ['ISABEL'], ISA: ['ISABEL'], LUPE: ['GUADALUPE'], LUPITA: ['GUADALUPE'],
  MECHE: ['MERCEDES'], MECHITA: ['MERCEDES'], TONO: ['ANTONIO'], TONA: ['ANTONIA'], TONITA: ['ANTONIA'],
  CHELA: ['GRACIELA', 'ANGELA'], CHUCHO: ['JESUS'], CHUS: ['JESUS'], CONCHA: ['CONCEPCION'],
  CONCHITA: ['CONCEPCION'], LOLA: ['DOLORES'], LOLI: ['DOLORES'], MONCHO: ['RAMON'], NANDO: ['FERNANDO'],
  KIKE: ['ENRIQUE'], QUIQUE: ['ENRIQUE'], MEMO: ['GUILLERMO'], MANOLO: ['MANUEL'], MANU: ['MANUEL'],
  PILI: ['PILAR'], TERE: ['TERESA'], TETE: ['TERESA'], JUANCHO: ['JUAN'], GOYO: ['GREGORIO'],
  CHALO: ['GONZALO'], LALO: ['EDUARDO'], LENCHO: ['LORENZO'], NICO: ['NICOLAS'], RAFA: ['RAFAEL'],
  SANTI: ['SANTIAGO'], SOLE: ['SOLEDAD'], VICKY: ['VICTORIA'], VIKY: ['VICTORIA'], NATI: ['NATALIA', 'NATIVIDAD'],
  PATY: ['PATRICIA'], PATI: ['PATRICIA'], MARI: ['MARIA'], MARU: ['MARIA'], BETO: ['ALBERTO', 'ROBERTO', 'HUMBERTO'],
  BETTY: ['ELIZABETH', 'BEATRIZ'], BETI: ['ELIZABETH', 'BEATRIZ'], ALEX: ['ALEJANDRO', 'ALEXANDER'],
  ALE: ['ALEJANDRO', 'ALEJANDRA'], DANI: ['DANIEL', 'DANIELA'], GABY: ['GABRIELA'], GABI: ['GABRIELA'],
  JAVI: ['JAVIER'], FITO: ['ADOLFO', 'RODOLFO'], TITO: ['ALBERTO', 'HECTOR'], CHARITO: ['ROSARIO'],
  ROSITA: ['ROSA'], CARMENCITA: ['CARMEN'], JUANITA: ['JUANA'], JUANITO: ['JUAN'], PEDRITO: ['PEDRO'],
  MAYTE: ['TERESA'], MAITE: ['TERESA'], TATO: ['ERNESTO'], NENA: ['ELENA'], LENA: ['ELENA', 'MAGDALENA'],
  MAGDA: ['MAGDALENA'], FLOR: ['FLORA', 'FLORENCIA'], CHIO: ['ROCIO'], CHINO: [], PABLITO: ['PABLO'],
  WILLY: ['WILLIAM', 'GUILLERMO'], WILI: ['WILLIAM', 'GUILLERMO'], ANDY: ['ANDRES'], EDU: ['EDUARDO'],
  SUSY: ['SUSANA'], SUSI: ['SUSANA'], CELI: ['CELIA'], CLAU: ['CLAUDIA'], FERNANDITA: ['FERNANDA'],
  JULITO: ['JULIO'], MILI: ['MILAGROS'], LUCY: ['LUCIA'], LUCI: ['LUCIA'], ELI: ['ELIZABETH', 'ELISA', 'ELENA'],
  VANE: ['VANESSA'], KATY: ['KATHERINE', 'CATALINA'], KATHY: ['KATHERINE'], VALE: ['VALENTINA', 'VALERIA'],
  MARGA: ['MARGARITA'], CHELO: ['CONSUELO'], JACKIE: ['JACQUELINE'], JACKY: ['JACQUELINE'], COCO: ['JORGE'],
  CHARLY: ['CARLOS'], CHARLIE: ['CARLOS'], CHUY: ['JESUS'], CHEO: ['JOSE'], MENCHU: ['CARMEN'], YESI: ['YESENIA'],
  CECI: ['CECILIA'], MARY: ['MARIA'], JESSI: ['JESSICA'], JESSY: ['JESSICA'], FERCHO: ['FERNANDO'], TOMY: ['TOMAS'], YOLY: ['YOLANDA'], YOLI: ['YOLANDA'], MARUJA: ['MARIA'], CHAVELA: ['ISABEL'],
};

/** The formal name a token stands for: itself, or its nickname's formal forms. */
export function formalNames(token: string): readonly string[] {
  const forms = NICKNAMES[token];
  return forms && forms.length > 0 ? forms : [token];
}

/** Common given names: used to tell a given name from a surname in a bare full-name string. */
export const COMMON_GIVEN_NAMES = new Set([
  'MARIA', 'JOSE', 'JUAN', 'LUIS', 'CARLOS', 'JORGE', 'ROSA', 'ANA', 'CARMEN', 'PILAR', 'ROSARIO', 'LUZ',
  'ELENA', 'ISABEL', 'JESUS', 'MIGUEL', 'PEDRO', 'MANUEL', 'JULIO', 'CESAR', 'VICTOR', 'MARTHA', 'MARTA',
  'NANCY', 'SONIA', 'GLORIA', 'ELIZABETH', 'FLOR', 'MILAGROS', 'DIANA', 'KAREN', 'JENNY', 'ANGELA', 'LUCIA',
  'SOFIA', 'VALERIA', 'CAMILA', 'DANIELA', 'ANDREA', 'PAOLA', 'FIORELLA', 'CLAUDIA', 'PATRICIA', 'TERESA',
  'JUANA', 'FRANCISCO', 'ANTONIO', 'FERNANDO', 'RICARDO', 'ROBERTO', 'ALBERTO', 'EDUARDO', 'RAUL', 'OSCAR',
  'MERCEDES', 'GUADALUPE', 'DOLORES', 'BEATRIZ', 'YOLANDA', 'SILVIA', 'VERONICA', 'MONICA', 'CAROLINA',
  'ALEJANDRA', 'GABRIELA', 'NATALIA', 'SANDRA', 'LILIANA', 'MARIBEL', 'YESENIA', 'ROCIO', 'MARGARITA',
  'JULIA', 'ESTHER', 'CELIA', 'JUDITH', 'ALICIA', 'IRMA', 'NELLY', 'DORIS', 'EDITH', 'RUTH', 'SARA',
]);

const DIGITS_ONLY = /\D/g;
/** Document numbers compare as upper-case alphanumerics ("4.512.345-K" → "4512345K"). */
export function normaliseDocument(number: string | undefined): string {
  if (!number) return '';
  const s = toMatchFormKeepDigits(number).replace(/[^A-Z0-9]/g, '');
  // Leading zeros are often dropped by spreadsheets: compare numerics without them.
  return /^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, '') : s;
}

function toMatchFormKeepDigits(text: string): string {
  // eslint-disable-next-line no-control-regex
  return (/[^\x00-\x7f]/.test(text) ? text.normalize('NFKD').replace(COMBINING, '') : text).toUpperCase();
}

/** The last nine digits of a phone number, the part that survives prefixes like +51 or 01. */
export function normalisePhone(phone: string | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(DIGITS_ONLY, '');
  return digits.length >= 6 ? digits.slice(-9) : '';
}

/** Document type codes folded to a few families so that "DNI", "D.N.I." and "dni" agree. */
export function normaliseDocumentType(type: string | undefined): string {
  const t = toMatchFormKeepDigits(type ?? '').replace(/[^A-Z]/g, '');
  if (!t || t === 'SINDOCUMENTO' || t === 'NINGUNO' || t === 'NA') return '';
  if (t.startsWith('DNI') || t === 'LE') return 'DNI';
  if (t === 'CARNEEXTRANJERIA' || t === 'CARNEDEEXTRANJERIA' || t === 'CE') return 'CE';
  if (t.startsWith('PAS') || t === 'PP') return 'PASAPORTE';
  return t;
}

export function normaliseSex(sex: string | undefined): string {
  const s = toMatchForm(sex);
  if (!s) return '';
  // "M" is ambiguous (Mujer / Male); it is read as male, the ISO/English reading most exports use.
  if (s === 'F' || s.startsWith('FEM') || s === 'MUJER' || s === 'W') return 'F';
  if (s === 'M' || s.startsWith('MAS') || s.startsWith('MALE') || s === 'HOMBRE' || s === 'VARON' || s === 'H') return 'M';
  return s;
}
