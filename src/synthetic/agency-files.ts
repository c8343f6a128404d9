// Synthetic agency files in the invented police-registry layout of data/profiles/reta-pnp-sintetico
// (for the import benchmark and the kill test). Every row is SYNTHETIC: names, numbers and cases
// come from the synthetic registry. Deterministic for a seed: the same rows every time.
import { departmentOf, ubigeoName } from '../domain/ubigeo.ts';
import { generateSyntheticRegistry } from './registry.ts';
import { toRegistration } from './registration.ts';

export const POLICE_REGISTRY_COLUMNS = ['N° DENUNCIA', 'ITEM', 'FECHA DENUNCIA', 'FORMA DE CONOCIMIENTO', 'APELLIDOS Y NOMBRES', 'SEXO', 'FECHA NAC.', 'EDAD', 'DOC. IDENTIDAD', 'NACIONALIDAD', 'LUGAR DE LOS HECHOS', 'MODALIDAD', 'NOTA'] as const;

const HOW_KNOWN = ['OPERATIVO', 'DENUNCIA DE PARTE', 'DENUNCIA DE LA AGRAVIADA', 'DENUNCIA DE FAMILIAR', 'LINEA 100', 'PERSONA DESAPARECIDA'];
const FORM: Record<string, string> = { SEXUAL: 'EXPLOTACION SEXUAL', LABORAL: 'EXPLOTACION LABORAL', MENDICIDAD: 'MENDICIDAD', SERVIDUMBRE_DOMESTICA: 'TRABAJO DOMESTICO' };

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** `rows` rows (plus the header) of a police-registry CSV, UTF-8, comma-separated. */
export function* policeRegistryLines(options: { seed: number; rows: number }): Generator<string> {
  yield POLICE_REGISTRY_COLUMNS.join(',');
  let n = 0;
  // Each synthetic person has one or more records; enough persons for the rows asked.
  for (const synthetic of generateSyntheticRegistry({ seed: options.seed, persons: options.rows, shuffleWindow: 0 })) {
    if (n >= options.rows) return;
    n++;
    const { person, caseFile } = toRegistration(synthetic);
    const surnames = [person.paternalSurname, person.maternalSurname].filter(Boolean).join(' ');
    const name = person.givenNames && surnames ? `${surnames}, ${person.givenNames}` : (person.fullName ?? person.givenNames ?? surnames);
    const birth = person.birthDate?.length === 10 ? dmy(person.birthDate) : '';
    const document = person.documents.find((d) => d.type === 'DNI' && d.number);
    const form = caseFile.exploitationTypes.map((t) => FORM[t]).find(Boolean) ?? 'POR DETERMINAR';
    yield [
      `SIN-${String(n).padStart(7, '0')}`,
      '1',
      dmy(caseFile.detectionDate),
      HOW_KNOWN[n % HOW_KNOWN.length] as string,
      name.toUpperCase() || 'SIN NOMBRE',
      person.sex === 'MUJER' ? 'F' : person.sex === 'HOMBRE' ? 'M' : '',
      birth,
      birth === '' && person.estimatedAge !== undefined ? String(person.estimatedAge) : '',
      document ? `DNI ${document.number}` : '',
      person.nationalities[0] === 'PER' ? 'PERUANA' : '',
      ubigeoName(departmentOf(caseFile.detectionUbigeo)) ?? '',
      form,
      'SINTÉTICO',
    ]
      .map(cell)
      .join(',');
  }
}

export function policeRegistryCsv(options: { seed: number; rows: number }): string {
  return `${[...policeRegistryLines(options)].join('\n')}\n`;
}
