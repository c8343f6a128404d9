// Where invented cases happen: detection departments weighted like the published figures (Lima,
// Loreto, Cusco and Madre de Dios first), the usual recruitment → exploitation routes, and valid
// INEI districts to place people in.
import ubigeoData from '../domain/data/ubigeo.json' with { type: 'json' };
import type { SurnameRegion } from './names.ts';
import { Random, Weighted } from './random.ts';

type DistrictEntry = [code: string, name: string, reniec: string | null];

/** Share of detected victims by department (INEI codes), shaped by the published rankings. */
export const DETECTION_DEPARTMENTS = new Weighted<string>([
  ['15', 29], // Lima
  ['16', 13], // Loreto
  ['08', 12], // Cusco
  ['17', 10], // Madre de Dios
  ['21', 6], // Puno
  ['04', 5], // Arequipa
  ['20', 4], // Piura
  ['25', 4], // Ucayali
  ['22', 3], // San Martín
  ['12', 3], // Junín
  ['23', 2.5], // Tacna
  ['07', 2], // Callao
  ['14', 1.2], // Lambayeque
  ['13', 1.2], // La Libertad
  ['24', 1], // Tumbes
  ['10', 0.8], // Huánuco
  ['05', 0.5], // Ayacucho
  ['11', 0.5], // Ica
  ['01', 0.5], // Amazonas
  ['06', 0.4], // Cajamarca
  ['02', 0.4], // Áncash
  ['03', 0.4], // Apurímac
  ['09', 0.2], // Huancavelica
  ['18', 0.2], // Moquegua
  ['19', 0.2], // Pasco
]);

/**
 * Where people exploited in a department were recruited (Peruvian victims). Departments not listed
 * recruit mostly locally. Cusco and Puno feed the gold mining of Madre de Dios; Loreto feeds Lima.
 */
const RECRUITMENT_BY_EXPLOITATION: Record<string, Weighted<string>> = {
  '17': new Weighted([['08', 34], ['21', 20], ['17', 22], ['04', 7], ['03', 6], ['15', 5], ['25', 3], ['16', 3]]),
  '15': new Weighted([['15', 50], ['16', 12], ['12', 6], ['08', 4], ['25', 5], ['22', 5], ['10', 4], ['20', 4], ['06', 3], ['05', 3], ['07', 4]]),
  '16': new Weighted([['16', 82], ['22', 8], ['25', 6], ['01', 4]]),
  '08': new Weighted([['08', 75], ['21', 10], ['03', 10], ['04', 5]]),
  '21': new Weighted([['21', 65], ['08', 18], ['04', 10], ['23', 4], ['18', 3]]),
  '23': new Weighted([['23', 45], ['21', 35], ['04', 12], ['18', 8]]),
  '04': new Weighted([['04', 60], ['21', 20], ['08', 12], ['03', 8]]),
  '25': new Weighted([['25', 70], ['16', 15], ['10', 10], ['22', 5]]),
  '07': new Weighted([['07', 40], ['15', 40], ['16', 10], ['12', 10]]),
  '24': new Weighted([['24', 45], ['20', 40], ['14', 15]]),
};

export function recruitmentDepartmentFor(exploitationDepartment: string, random: Random): string {
  const routes = RECRUITMENT_BY_EXPLOITATION[exploitationDepartment];
  if (routes) return routes.draw(random);
  return random.chance(0.8) ? exploitationDepartment : DETECTION_DEPARTMENTS.draw(random);
}

const SURNAME_REGION_BY_DEPARTMENT: Record<string, SurnameRegion> = {
  '08': 'andean', '21': 'andean', '03': 'andean', '04': 'andean', '23': 'andean', '18': 'andean',
  '16': 'amazon', '25': 'amazon', '22': 'amazon', '17': 'amazon', '01': 'amazon',
  '12': 'central', '10': 'central', '05': 'central', '09': 'central', '02': 'central', '06': 'central', '19': 'central',
};

export function surnameRegionOf(department: string): SurnameRegion {
  return SURNAME_REGION_BY_DEPARTMENT[department] ?? 'general';
}

/** Andean departments where many people speak Quechua or Aymara as mother tongue. */
export const QUECHUA_DEPARTMENTS: ReadonlySet<string> = new Set(['08', '21', '03', '05', '09', '02', '10']);
export const AMAZON_DEPARTMENTS: ReadonlySet<string> = new Set(['16', '25', '17', '22', '01']);

const districtsByDepartment = new Map<string, { code: string; name: string }[]>();
for (const [code, name] of ubigeoData.districts as DistrictEntry[]) {
  const department = code.slice(0, 2);
  let list = districtsByDepartment.get(department);
  if (!list) districtsByDepartment.set(department, (list = []));
  list.push({ code, name });
}

/** A district of the department: half of the time the departmental capital, as cases concentrate there. */
export function districtIn(department: string, random: Random): { code: string; name: string } {
  const list = districtsByDepartment.get(department);
  if (!list || list.length === 0) throw new Error(`no districts for department ${department}`);
  if (random.chance(0.5)) return list[0] as { code: string; name: string };
  return random.pick(list);
}

/** Countries where foreign victims were recruited, by nationality. */
export const NATIONALITIES = new Weighted<string>([
  ['PER', 84],
  ['VEN', 11],
  ['COL', 2],
  ['ECU', 1.5],
  ['BOL', 1.5],
]);
