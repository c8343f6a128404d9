// The indicator catalogue of domain-spec §11.2, each defined once: what it counts (numerator),
// against what (denominator), in which unit, by which dimensions, and a sentence in Spanish and
// English. Indicators whose data Enlace does not hold yet (care, shelter, justice, referrals…)
// are listed with what they wait for, so the catalogue never hides a gap. Pure.
import type { BilingualText } from '../disclosure/index.ts';
import { DIMENSION_NAMES, type DimensionName } from './dimensions.ts';
import type { Where } from './count.ts';

export type Unit = 'persons' | 'records' | 'percent';

export interface Indicator {
  id: string;
  /** Section and number of domain-spec §11.2 (A1, B4…). */
  ref: string;
  name: BilingualText;
  definition: BilingualText;
  numerator: BilingualText;
  denominator?: BilingualText;
  unit: Unit;
  /** Dimensions it is broken down by; sex and child/adult always among them. */
  disaggregations: readonly DimensionName[];
  /** Computed now from the persons (the population counted); absent when the data is not held yet. */
  population?: Where;
  /**
   * Computed from records other than the persons' case files (restricted: shown to analysts, each
   * count of 1–9 withheld), e.g. the referrals between agencies.
   */
  source?: 'referrals' | 'proceedings' | 'shelterStays' | 'followUps' | 'services';
  /** What the indicator waits for when it cannot be computed yet. */
  awaiting?: BilingualText;
}

const VICTIM_STATUSES = ['PRESUNTA_VICTIMA', 'VICTIMA_DETERMINADA', 'VICTIMA_OTRO_DELITO_EXPLOTACION'];
const ALL: readonly DimensionName[] = DIMENSION_NAMES.filter((d) => d !== 'status');
const PERSONS_ONCE = { es: 'Personas únicas: los registros de una misma persona en varias instituciones cuentan una vez.', en: 'Unique persons: the records of one person in several agencies count once.' };
const CARE = { es: 'El cálculo a partir de los registros de atención, albergue y plan de reintegración (PRI), que Enlace ya registra, aún no está disponible.', en: 'Its computation from the care, shelter and reintegration-plan (PRI) records, which Enlace now holds, is not available yet.' };
const JUSTICE = { es: 'El cálculo a partir de los registros del proceso penal (denuncia, investigación, sentencia, reparación), que Enlace ya registra, aún no está disponible.', en: 'Its computation from the criminal-proceedings records (complaint, investigation, sentence, reparation), which Enlace now holds, is not available yet.' };

function awaiting(ref: string, id: string, es: string, en: string, esDef: string, enDef: string, waits: BilingualText): Indicator {
  return { id, ref, name: { es, en }, definition: { es: esDef, en: enDef }, numerator: { es: esDef, en: enDef }, unit: 'percent', disaggregations: ['sex', 'childAdult', 'detectionDept', 'year', 'agency'], awaiting: waits };
}

/** An indicator computed from records other than the case files (restricted, see `source`). */
function fromRecords(ref: string, id: string, source: NonNullable<Indicator['source']>, name: BilingualText, definition: BilingualText, numerator: BilingualText, disaggregations: readonly DimensionName[]): Indicator {
  return { id, ref, name, definition, numerator, unit: 'records', disaggregations, source };
}

export const INDICATORS: readonly Indicator[] = [
  {
    id: 'victims-identified',
    ref: 'A1',
    name: { es: 'Víctimas identificadas', en: 'Victims identified' },
    definition: {
      es: 'Personas detectadas como presuntas víctimas o víctimas de trata (o de otro delito de explotación), contadas una vez aunque varias instituciones las hayan registrado.',
      en: 'Persons detected as possible or actual victims of trafficking (or of a related exploitation crime), counted once even when several agencies registered them.',
    },
    numerator: PERSONS_ONCE,
    unit: 'persons',
    disaggregations: ALL,
    population: { status: VICTIM_STATUSES },
  },
  {
    id: 'victims-determined',
    ref: 'A2',
    name: { es: 'Víctimas determinadas', en: 'Victims determined' },
    definition: {
      es: 'Personas cuya condición de víctima de trata fue determinada por alguna institución competente.',
      en: 'Persons whose status as victims of trafficking was determined by a competent agency.',
    },
    numerator: PERSONS_ONCE,
    unit: 'persons',
    disaggregations: ALL,
    population: { status: ['VICTIMA_DETERMINADA'] },
  },
  {
    id: 'cases-discarded',
    ref: 'A2',
    name: { es: 'Casos descartados', en: 'Cases discarded' },
    definition: {
      es: 'Personas detectadas que, según todas las instituciones que las registraron, no son víctimas de trata.',
      en: 'Persons detected who, according to every agency that registered them, are not victims of trafficking.',
    },
    numerator: PERSONS_ONCE,
    unit: 'persons',
    disaggregations: ALL,
    population: { status: ['DESCARTADA'] },
  },
  {
    id: 'overlap',
    ref: 'D15',
    name: { es: 'Personas conocidas por 1, 2, 3 o más instituciones', en: 'Persons known to 1, 2, 3 or more agencies' },
    definition: {
      es: 'Cuántas víctimas identificadas tiene registradas cada institución, cuánto sumarían sus conteos separados y cuántas personas son en realidad.',
      en: 'How many identified victims each agency has registered, what their separate counts would add up to, and how many persons they really are.',
    },
    numerator: PERSONS_ONCE,
    unit: 'persons',
    disaggregations: ['sex', 'childAdult', 'detectionDept', 'year'],
    population: { status: VICTIM_STATUSES },
  },
  {
    id: 'flows',
    ref: 'E16',
    name: { es: 'Flujos de captación a explotación', en: 'Flows from recruitment to exploitation' },
    definition: {
      es: 'Víctimas identificadas por departamento de captación y departamento de explotación.',
      en: 'Victims identified by department of recruitment and department of exploitation.',
    },
    numerator: PERSONS_ONCE,
    unit: 'persons',
    disaggregations: ['recruitmentDept', 'exploitationDept', 'sex', 'childAdult', 'year'],
    population: { status: VICTIM_STATUSES },
  },
  awaiting('B4', 'assisted-reintegrated', 'Víctimas atendidas y reintegradas', 'Victims assisted and reintegrated', '% de víctimas con atención inmediata y con PRI cumplido o en seguimiento, por sexo y por NNA/adulto (meta PNFTP: 70 % NNA, 90 % mujeres y población diversa).', '% of victims with immediate care and a PRI achieved or followed up, by sex and child/adult (PNFTP targets: 70 % children, 90 % women and diverse population).', CARE),
  fromRecords('B5', 'time-to-care', 'services', { es: 'Tiempo hasta la primera atención', en: 'Time to first care' }, { es: 'Días desde la primera detección de la persona hasta el primer servicio que alguna institución le prestó (mediana; personas atendidas en 1 y en 7 días), por sexo y NNA/adulto.', en: 'Days from the first detection of the person to the first service any agency delivered to her (median; persons cared for within 1 and 7 days), by sex and child/adult.' }, { es: 'Personas únicas detectadas en el año, atendidas o no.', en: 'Unique persons detected in the year, cared for or not.' }, ['sex', 'childAdult', 'year']),
  fromRecords('B6', 'shelter', 'shelterStays', { es: 'Albergue', en: 'Shelter' }, { es: 'Ingresos a albergue, personas albergadas, días-cama (hasta el egreso o, si siguen, hasta la fecha de los datos), duración mediana de las estancias terminadas y egresos por motivo, por tipo de albergue, sexo y NNA/adulto.', en: 'Shelter admissions, persons lodged, bed-days (up to the exit or, for stays still running, the date of the data), median length of the stays that ended and exits by reason, by shelter type, sex and child/adult.' }, { es: 'Ingresos en el año; las personas se cuentan una vez aunque varias instituciones las hayan registrado.', en: 'Admissions in the year; persons counted once even when several agencies registered them.' }, ['sex', 'childAdult', 'year']),
  awaiting('B7', 'pri-on-time', 'PRI a tiempo y metas cumplidas', 'PRI on time and goals met', '% de expedientes con PRI aprobado dentro de 30 días; objetivos por dimensión y logro.', '% of case files with a PRI approved within 30 days; goals by dimension and achievement.', CARE),
  { ...fromRecords('B8', 'follow-ups-on-time', 'followUps', { es: 'Seguimientos a tiempo', en: 'Follow-ups on time' }, { es: '% de personas con un expediente activo que tuvieron un seguimiento realizado en los últimos 30 y 90 días (a la fecha de los datos), y personas con pérdida de contacto (el último intento no la encontró), por sexo y NNA/adulto.', en: '% of persons with an active case file who had a follow-up carried out in the last 30 and 90 days (at the date of the data), and persons with lost contact (the latest attempt did not reach her), by sex and child/adult.' }, { es: 'Personas (únicas) con seguimiento en el plazo, sobre personas con expediente activo.', en: '(Unique) persons followed up in time, over persons with an active case file.' }, ['sex', 'childAdult', 'year']), unit: 'percent' },
  fromRecords('C11', 'justice-stages', 'proceedings', { es: 'Casos por etapa procesal', en: 'Cases by procedural stage' }, { es: 'Procesos penales según la etapa en que se encuentran (denuncia, diligencias preliminares, investigación, etapa intermedia, juicio, sentencias, archivo, sobreseimiento) y víctimas con proceso, por sexo y NNA/adulto. Los resultados de las sentencias y el tiempo entre etapas están sellados y aún no se calculan.', en: 'Criminal proceedings by the stage they stand at (complaint, preliminary diligences, investigation, intermediate stage, trial, sentences, dismissal) and victims with a proceeding, by sex and child/adult. Sentence outcomes and time between stages are sealed and not computed yet.', }, { es: 'Procesos penales en cada etapa; víctimas contadas una vez aunque varias instituciones las hayan registrado.', en: 'Criminal proceedings at each stage; victims counted once even when several agencies registered them.' }, ['sex', 'childAdult', 'year']),
  awaiting('C12', 'reparation', 'Reparación civil', 'Civil reparation', 'Reparación civil ordenada frente a pagada; víctimas con representación legal.', 'Civil reparation ordered against paid; victims with legal representation.', JUSTICE),
  fromRecords('D14', 'referrals', 'referrals', { es: 'Derivaciones entre instituciones', en: 'Referrals between agencies' }, { es: 'Derivaciones enviadas, aceptadas y rechazadas por par de instituciones, y tiempo (mediana, en horas) desde el envío hasta la aceptación, por sexo y NNA/adulto de la persona derivada.', en: 'Referrals sent, accepted and rejected by pair of agencies, and time (median, in hours) from sending to acceptance, by sex and child/adult of the person referred.', }, { es: 'Derivaciones enviadas en el año (los borradores no cuentan); las personas derivadas se cuentan una vez aunque varias instituciones las hayan derivado.', en: 'Referrals sent in the year (drafts do not count); persons referred are counted once even when several agencies referred them.' }, ['sex', 'childAdult', 'agency', 'year']),
];

export function indicatorById(id: string): Indicator | undefined {
  return INDICATORS.find((i) => i.id === id);
}

export const COMPUTED_INDICATORS = INDICATORS.filter((i) => i.population !== undefined);

/** The population of an indicator narrowed by the user's filters (a filter never widens it). */
export function narrow(population: Where, filters: Where): Where {
  const out: Record<string, readonly string[]> = { ...population };
  for (const [d, values] of Object.entries(filters)) {
    if (!values) continue;
    const base = out[d];
    out[d] = base ? values.filter((v) => base.includes(v)) : values;
  }
  return out as Where;
}
