// INEI ubigeo: 2 digits department, 4 province, 6 district (domain-spec §12). Kept as text.
import ubigeoData from './data/ubigeo.json' with { type: 'json' };

// Which codes exist is known without the names too (ubigeo-codes.ts, small enough for the browser).
export { isUbigeo, UBIGEO_PATTERN } from './ubigeo-codes.ts';

type Entry = [code: string, name: string, reniec: string | null];

/** Department names with their accents (the source CSV has none). */
export const DEPARTMENTS: ReadonlyArray<{ code: string; name: string }> = [
  ['01', 'Amazonas'], ['02', 'Áncash'], ['03', 'Apurímac'], ['04', 'Arequipa'], ['05', 'Ayacucho'],
  ['06', 'Cajamarca'], ['07', 'Callao'], ['08', 'Cusco'], ['09', 'Huancavelica'], ['10', 'Huánuco'],
  ['11', 'Ica'], ['12', 'Junín'], ['13', 'La Libertad'], ['14', 'Lambayeque'], ['15', 'Lima'],
  ['16', 'Loreto'], ['17', 'Madre de Dios'], ['18', 'Moquegua'], ['19', 'Pasco'], ['20', 'Piura'],
  ['21', 'Puno'], ['22', 'San Martín'], ['23', 'Tacna'], ['24', 'Tumbes'], ['25', 'Ucayali'],
].map(([code, name]) => ({ code: code as string, name: name as string }));

const names = new Map<string, string>();
const reniecToInei = new Map<string, string>();
for (const d of DEPARTMENTS) names.set(d.code, d.name);
for (const [code, name, reniec] of [...(ubigeoData.provinces as Entry[]), ...(ubigeoData.districts as Entry[])]) {
  names.set(code, name);
  if (reniec) reniecToInei.set(reniec, code);
}

export function ubigeoName(code: string): string | undefined {
  return names.get(code);
}

/** "Loreto / Maynas / Iquitos": the path of names from the department down. */
export function ubigeoLabel(code: string): string {
  const parts: string[] = [];
  for (const len of [2, 4, 6]) {
    if (code.length < len) break;
    const name = names.get(code.slice(0, len));
    if (name) parts.push(name);
  }
  return parts.join(' / ');
}

export function departmentOf(code: string): string {
  return code.slice(0, 2);
}

/** The INEI district code for a RENIEC district code, when they differ (§12). */
export function ineiFromReniec(reniec: string): string | undefined {
  return reniecToInei.get(reniec);
}

/**
 * The provinces and districts of a department, in INEI order: where its provincial and district
 * municipalities (local governments) sit.
 */
export function placesIn(department: string): { code: string; name: string }[] {
  return [...(ubigeoData.provinces as Entry[]), ...(ubigeoData.districts as Entry[])]
    .filter(([code]) => code.startsWith(department) && code.length > department.length)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
