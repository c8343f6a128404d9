// The dimensions every indicator is broken down by (domain-spec §11.2): each a fixed list of codes
// with its Spanish and English label, "unknown" always its own category (§11.1). Pure data.
import { FINALIDAD_EXPLOTACION, IDENTIDAD_GENERO, SEXO, type Lang } from '../domain/code-lists.ts';
import { DEPARTMENTS } from '../domain/ubigeo.ts';

export interface DimensionValue {
  code: string;
  es: string;
  en: string;
}

export interface EvidenceDimension {
  name: DimensionName;
  es: string;
  en: string;
  values: readonly DimensionValue[];
  /** A geography: the only public geography is the department (§11.3). */
  geography?: true;
}

export const UNKNOWN = 'DESCONOCIDO';
export const ABROAD = 'EXTRANJERO';
export const SEVERAL = 'VARIAS';
export const NOT_RECORDED = 'NO_REGISTRADA';

const unknownValue: DimensionValue = { code: UNKNOWN, es: 'Sin información', en: 'No information' };

export const DIMENSION_NAMES = [
  'sex',
  'gender',
  'childAdult',
  'ageBand',
  'nationality',
  'exploitation',
  'detectionDept',
  'recruitmentDept',
  'exploitationDept',
  'year',
  'agency',
  'status',
] as const;
export type DimensionName = (typeof DIMENSION_NAMES)[number];

const departments = (abroad: boolean): DimensionValue[] => [
  ...DEPARTMENTS.map((d) => ({ code: d.code, es: d.name, en: d.name })),
  ...(abroad ? [{ code: ABROAD, es: 'Fuera del Perú', en: 'Outside Peru' }] : []),
  unknownValue,
];

/** Age bands comparable with INEI releases (§11.5); child/adult is a function of the band. */
export const INEI_AGE_BANDS = [
  { code: '0-17', min: 0, max: 17 },
  { code: '18-29', min: 18, max: 29 },
  { code: '30-59', min: 30, max: 59 },
  { code: '60+', min: 60, max: Infinity },
] as const;

export const NATIONALITY_GROUPS = ['PER', 'VEN', 'COL', 'ECU', 'BOL'] as const;

/** The fixed dimensions; `year` is filled from the data (first to last year of detection). */
export function evidenceDimensions(options: { years: readonly number[]; agencies: readonly { key: string; name: string }[] }): Record<DimensionName, EvidenceDimension> {
  const noValue = (list: typeof SEXO) => list.values.filter((v) => !v.noValue).map((v) => ({ code: v.code, es: v.es, en: v.en }));
  return {
    sex: { name: 'sex', es: 'Sexo registrado', en: 'Registered sex', values: [...noValue(SEXO), unknownValue] },
    gender: {
      name: 'gender',
      es: 'Identidad de género',
      en: 'Gender identity',
      values: [...noValue(IDENTIDAD_GENERO), { code: NOT_RECORDED, es: 'No registrada', en: 'Not recorded' }],
    },
    childAdult: {
      name: 'childAdult',
      es: 'Niña, niño o adolescente / persona adulta',
      en: 'Child / adult',
      values: [{ code: 'NNA', es: 'Niña, niño o adolescente (< 18)', en: 'Child (< 18)' }, { code: 'ADULTO', es: 'Persona adulta (18+)', en: 'Adult (18+)' }, unknownValue],
    },
    ageBand: {
      name: 'ageBand',
      es: 'Grupo de edad',
      en: 'Age band',
      values: [...INEI_AGE_BANDS.map((b) => ({ code: b.code, es: `${b.code} años`, en: `${b.code} years` })), unknownValue],
    },
    nationality: {
      name: 'nationality',
      es: 'Nacionalidad',
      en: 'Nationality',
      values: [
        { code: 'PER', es: 'Peruana', en: 'Peruvian' },
        { code: 'VEN', es: 'Venezolana', en: 'Venezuelan' },
        { code: 'COL', es: 'Colombiana', en: 'Colombian' },
        { code: 'ECU', es: 'Ecuatoriana', en: 'Ecuadorian' },
        { code: 'BOL', es: 'Boliviana', en: 'Bolivian' },
        { code: 'OTRA', es: 'Otra', en: 'Other' },
        unknownValue,
      ],
    },
    exploitation: {
      name: 'exploitation',
      es: 'Finalidad de explotación',
      en: 'Form of exploitation',
      values: [...FINALIDAD_EXPLOTACION.values.map((v) => ({ code: v.code, es: v.es, en: v.en })), { code: SEVERAL, es: 'Varias finalidades', en: 'Several forms' }],
    },
    detectionDept: { name: 'detectionDept', es: 'Departamento de detección', en: 'Department of detection', values: departments(false), geography: true },
    recruitmentDept: { name: 'recruitmentDept', es: 'Departamento de captación', en: 'Department of recruitment', values: departments(true), geography: true },
    exploitationDept: { name: 'exploitationDept', es: 'Departamento de explotación', en: 'Department of exploitation', values: departments(true), geography: true },
    year: { name: 'year', es: 'Año de detección', en: 'Year of detection', values: options.years.map((y) => ({ code: String(y), es: String(y), en: String(y) })) },
    agency: {
      name: 'agency',
      es: 'Institución que la registró primero',
      en: 'Agency that registered her first',
      values: options.agencies.map((a) => ({ code: a.key, es: a.name, en: a.name })),
    },
    status: {
      name: 'status',
      es: 'Condición',
      en: 'Status',
      values: [
        { code: 'PRESUNTA_VICTIMA', es: 'Presunta víctima', en: 'Possible victim' },
        { code: 'VICTIMA_DETERMINADA', es: 'Víctima (determinada)', en: 'Actual victim' },
        { code: 'VICTIMA_OTRO_DELITO_EXPLOTACION', es: 'Víctima de otro delito de explotación', en: 'Victim of a related exploitation crime' },
        { code: 'DESCARTADA', es: 'No es víctima de trata', en: 'Not a victim' },
      ],
    },
  };
}

export function valueLabel(dimension: EvidenceDimension, code: string, lang: Lang): string {
  const v = dimension.values.find((x) => x.code === code);
  return v ? v[lang] : code;
}

/** Department code of a ubigeo (any length), or unknown. */
export function departmentCode(ubigeo: string | undefined | null): string {
  if (!ubigeo || !/^\d{2}/.test(ubigeo)) return UNKNOWN;
  const code = ubigeo.slice(0, 2);
  return DEPARTMENTS.some((d) => d.code === code) ? code : UNKNOWN;
}

/** A place of recruitment or exploitation as a department, abroad, or unknown. */
export function placeDepartment(place: { country?: string; ubigeo?: string } | undefined | null): string {
  if (!place) return UNKNOWN;
  if (place.country && place.country !== 'PER' && place.country !== UNKNOWN) return ABROAD;
  return departmentCode(place.ubigeo);
}

export function nationalityGroup(nationalities: readonly string[] | undefined): string {
  const first = nationalities?.[0];
  if (!first || first === UNKNOWN) return UNKNOWN;
  return (NATIONALITY_GROUPS as readonly string[]).includes(first) ? first : 'OTRA';
}

export function inei(age: number | undefined): string {
  if (age === undefined) return UNKNOWN;
  return INEI_AGE_BANDS.find((b) => age >= b.min && age <= b.max)?.code ?? UNKNOWN;
}
