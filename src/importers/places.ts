// Places to INEI ubigeo: INEI codes, RENIEC codes (they differ in most rows), or names of
// departments, provinces, districts and province capitals, with or without accents, any case.
//
// How a name is resolved (documented for administrators in data/profiles/README.md):
// - A column declared at one level (department, province, district) only matches that level;
//   a district column also knows province capitals ("Puerto Maldonado" → 170101 Tambopata).
// - A column of any level: a department name is the department ("MADRE DE DIOS" → 17, although a
//   district of Manu has the same name); otherwise, when every place of that name lies on one line
//   of descent (province Tambopata ⊃ district Tambopata), the most specific one is taken, i.e. the
//   capital district; otherwise the name is ambiguous and the error lists the candidates.
// - Several parts ("Santa Rosa, Lima", or department/province/district columns) narrow each other.
import ubigeoData from '../domain/data/ubigeo.json' with { type: 'json' };
import { ineiFromReniec, isUbigeo, ubigeoLabel } from '../domain/ubigeo.ts';
import provinceCapitals from './data/province-capitals.json' with { type: 'json' };
import { matchKey } from './text.ts';

export type PlaceLevel = 'department' | 'province' | 'district' | 'any';
export type PlaceCodes = 'NAME' | 'INEI' | 'RENIEC' | 'AUTO';

type Entry = [code: string, name: string, reniec: string | null];

interface Candidate {
  code: string;
  /** True when the name is the capital town, not the district's own name. */
  capital?: boolean;
}

const byName = new Map<string, Candidate[]>();
function addName(name: string, candidate: Candidate): void {
  const key = placeKey(name);
  const list = byName.get(key) ?? [];
  if (!list.some((c) => c.code === candidate.code)) list.push(candidate);
  byName.set(key, list);
}

/** Names as keys: accents, case, hyphens and prefixes like "Distrito de" do not matter. */
export function placeKey(name: string): string {
  return matchKey(name)
    .replace(/^(DEPARTAMENTO|DPTO|DEP|REGION|PROVINCIA|PROV|DISTRITO|DIST) (DE )?/, '')
    .trim();
}

const reniecDepartments = new Map<string, string>();
for (const [code, name, reniec] of ubigeoData.departments as Entry[]) {
  addName(name, { code });
  if (reniec) reniecDepartments.set(reniec, code);
}
for (const [code, name] of [...(ubigeoData.provinces as Entry[]), ...(ubigeoData.districts as Entry[])]) addName(name, { code });
for (const [province, capital] of provinceCapitals.capitals as [string, string][]) addName(capital, { code: `${province}01`, capital: true });
// Names in common use that are not the official ones.
const ALIASES: [string, string][] = [
  ['Cuzco', '08'], ['Lima Metropolitana', '1501'], ['Lima Provincias', '15'], ['Cercado de Lima', '150101'],
  ['Lima Cercado', '150101'], ['Provincia Constitucional del Callao', '07'], ['Ancash', '02'],
];
for (const [name, code] of ALIASES) addName(name, { code });

const levelOf = (code: string): Exclude<PlaceLevel, 'any'> => (code.length === 2 ? 'department' : code.length === 4 ? 'province' : 'district');

export type PlaceReading = { ok: true; ubigeo: string } | { ok: false; key: string; params: Record<string, string> };

function describe(codes: readonly string[]): string {
  return codes.map((c) => `${ubigeoLabel(c)} (${c})`).join('; ');
}

/** Codes, INEI or RENIEC; odd lengths regain the leading zero a spreadsheet dropped ("30101" → "030101"). */
export function readPlaceCode(raw: string, codes: 'INEI' | 'RENIEC'): PlaceReading {
  let digits = raw.trim().replace(/[\s.-]/g, '');
  if (!/^\d{1,6}$/.test(digits)) return { ok: false, key: 'import.ubigeoUnknown', params: { value: raw.trim() } };
  if (digits.length % 2 === 1) digits = `0${digits}`;
  if (codes === 'INEI') {
    return isUbigeo(digits) ? { ok: true, ubigeo: digits } : { ok: false, key: 'import.ubigeoUnknown', params: { value: raw.trim() } };
  }
  const inei = digits.length === 2 ? reniecDepartments.get(digits) : ineiFromReniec(digits);
  return inei ? { ok: true, ubigeo: inei } : { ok: false, key: 'import.ubigeoUnknown', params: { value: raw.trim() } };
}

function candidatesFor(name: string, level: PlaceLevel): string[] {
  const all = byName.get(placeKey(name)) ?? [];
  return all
    .filter((c) => level === 'any' || levelOf(c.code) === level || (level === 'district' && c.capital))
    .map((c) => c.code);
}

/** Of codes on one line of descent, the most specific; undefined when they branch. */
function deepestOnOneLine(codes: readonly string[]): string | undefined {
  const sorted = [...new Set(codes)].sort((a, b) => b.length - a.length);
  const deepest = sorted[0];
  if (deepest === undefined) return undefined;
  return sorted.every((c) => deepest.startsWith(c)) ? deepest : undefined;
}

export interface PlacePart {
  value: string;
  level: PlaceLevel;
}

/**
 * Resolves a place given by one or more named parts (each possibly a code). Parts narrow each
 * other: the result is the most specific place consistent with every part.
 */
export function readPlace(parts: readonly PlacePart[], codes: PlaceCodes = 'AUTO'): PlaceReading {
  const given = parts.filter((p) => p.value.trim() !== '');
  const shown = given.map((p) => p.value.trim()).join(', ');
  if (given.length === 0) return { ok: false, key: 'import.placeUnknown', params: { value: '' } };
  const sets: string[][] = [];
  for (const part of given) {
    const value = part.value.trim();
    if (/^[\d\s.-]+$/.test(value) && codes !== 'NAME') {
      const reading = readPlaceCode(value, codes === 'RENIEC' ? 'RENIEC' : 'INEI');
      if (!reading.ok) return reading;
      sets.push([reading.ubigeo]);
      continue;
    }
    let found = candidatesFor(value, part.level);
    // A department's name names the department, even when a district elsewhere shares it.
    if (part.level === 'any' && given.length === 1) {
      const department = found.find((c) => c.length === 2);
      if (department) found = [department];
    }
    if (found.length === 0) return { ok: false, key: 'import.placeUnknown', params: { value } };
    sets.push(found);
  }
  // Every candidate of every part that every other part contains (as itself or an ancestor).
  const consistent = new Set<string>();
  for (const set of sets) {
    for (const code of set) {
      if (sets.every((other) => other.some((o) => code.startsWith(o)))) consistent.add(code);
    }
  }
  if (consistent.size === 0) {
    const first = given[0] as PlacePart;
    return { ok: false, key: 'import.placeMismatch', params: { value: given.slice(1).map((p) => p.value.trim()).join(', ') || first.value.trim(), parent: first.value.trim() } };
  }
  // Drop ancestors of other candidates: "Lima" + "Santa Rosa" keeps the district, not the department.
  const leaves = [...consistent].filter((c) => ![...consistent].some((o) => o !== c && o.startsWith(c)));
  if (leaves.length === 1) return { ok: true, ubigeo: leaves[0] as string };
  const line = deepestOnOneLine([...consistent]);
  if (line) return { ok: true, ubigeo: line };
  return { ok: false, key: 'import.placeAmbiguous', params: { value: shown, candidates: describe(leaves.sort()) } };
}

/** One text that may hold several parts: "Tambopata / Madre de Dios", "Santa Rosa, Lima". */
export function readPlaceText(text: string, level: PlaceLevel, codes: PlaceCodes = 'AUTO'): PlaceReading {
  const value = text.trim();
  // Names with hyphens exist ("Rupa-Rupa"); split on "-" only when surrounded by spaces.
  const pieces = value.split(/\s*[/,;>|]\s*|\s+[-–]\s+/).filter((p) => p.trim() !== '');
  if (pieces.length <= 1) return readPlace([{ value, level }], codes);
  const whole = readPlace([{ value, level }], codes);
  if (whole.ok) return whole;
  return readPlace(pieces.map((p) => ({ value: p, level: 'any' as const })), codes);
}
