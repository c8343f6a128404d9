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
  source?: 'referrals' | 'proceedings' | 'shelterStays' | 'followUps' | 'services' | 'carePlans';
  /** What the indicator waits for when it cannot be computed yet. */
  awaiting?: BilingualText;
}

const VICTIM_STATUSES = ['PRESUNTA_VICTIMA', 'VICTIMA_DETERMINADA', 'VICTIMA_OTRO_DELITO_EXPLOTACION'];
const ALL: readonly DimensionName[] = DIMENSION_NAMES.filter((d) => d !== 'status');
const PERSONS_ONCE = { es: 'Personas únicas: los registros de una misma persona en varias instituciones cuentan una vez.', en: 'Unique persons: the records of one person in several agencies count once.' };

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
  {
    ...fromRecords(
      'B4',
      'assisted-reintegrated',
      'carePlans',
      { es: 'Víctimas atendidas y reintegradas', en: 'Victims assisted and reintegrated' },
      {
        es: '% de víctimas identificadas atendidas (primer servicio dentro de 30 días de la detección) y reintegradas (PRI cumplido, o expediente en seguimiento con el 70 % de los objetivos logrados) sin una nueva detección después de aprobado su plan, por sexo y NNA/adulto (meta PNFTP: 70 % NNA, 90 % mujeres y población diversa). Definición operativa por acordar con el MIMP.',
        en: '% of victims identified who were assisted (first service within 30 days of detection) and reintegrated (PRI achieved, or a case file in follow-up with 70 % of its goals achieved) with no new detection after their plan was approved, by sex and child/adult (PNFTP targets: 70 % children, 90 % women and diverse population). Operational definition to be agreed with MIMP.',
      },
      { es: 'Víctimas (personas únicas) atendidas y reintegradas, sobre víctimas identificadas.', en: 'Victims (unique persons) assisted and reintegrated, over victims identified.' },
      ['sex', 'childAdult', 'year'],
    ),
    unit: 'percent',
    denominator: { es: 'Víctimas identificadas (personas únicas) detectadas en el año.', en: 'Victims identified (unique persons) detected in the year.' },
  },
  fromRecords('B5', 'time-to-care', 'services', { es: 'Tiempo hasta la primera atención', en: 'Time to first care' }, { es: 'Días desde la primera detección de la persona hasta el primer servicio que alguna institución le prestó (mediana; personas atendidas en 1 y en 7 días), por sexo y NNA/adulto.', en: 'Days from the first detection of the person to the first service any agency delivered to her (median; persons cared for within 1 and 7 days), by sex and child/adult.' }, { es: 'Personas únicas detectadas en el año, atendidas o no.', en: 'Unique persons detected in the year, cared for or not.' }, ['sex', 'childAdult', 'year']),
  fromRecords('B6', 'shelter', 'shelterStays', { es: 'Albergue', en: 'Shelter' }, { es: 'Ingresos a albergue, personas albergadas, días-cama (hasta el egreso o, si siguen, hasta la fecha de los datos), duración mediana de las estancias terminadas y egresos por motivo, por tipo de albergue, sexo y NNA/adulto.', en: 'Shelter admissions, persons lodged, bed-days (up to the exit or, for stays still running, the date of the data), median length of the stays that ended and exits by reason, by shelter type, sex and child/adult.' }, { es: 'Ingresos en el año; las personas se cuentan una vez aunque varias instituciones las hayan registrado.', en: 'Admissions in the year; persons counted once even when several agencies registered them.' }, ['sex', 'childAdult', 'year']),
  {
    ...fromRecords(
      'B7',
      'pri-on-time',
      'carePlans',
      { es: 'PRI a tiempo y objetivos logrados', en: 'PRI on time and goals achieved' },
      {
        es: '% de personas en atención con su plan individual de reintegración (PRI) aprobado dentro de los 30 días de su ingreso a atención, entre quienes ya cumplieron esos 30 días o tienen plan aprobado (a la fecha de los datos); y los objetivos de los planes aprobados por dimensión y estado (% logrado sobre los que la persona mantuvo), por sexo y NNA/adulto.',
        en: '% of persons in care whose individual reintegration plan (PRI) was approved within 30 days of entering care, among those whose 30 days have passed or whose plan is approved (at the date of the data); and the approved plans\' goals by dimension and status (% achieved of those the person kept), by sex and child/adult.',
      },
      { es: 'Personas (únicas) con PRI aprobado a tiempo, sobre personas en atención con el plazo cumplido o plan aprobado.', en: '(Unique) persons with a PRI approved on time, over persons in care whose time is up or whose plan is approved.' },
      ['sex', 'childAdult', 'year'],
    ),
    unit: 'percent',
    denominator: { es: 'Personas (únicas) en atención cuyos 30 días ya pasaron o cuyo PRI está aprobado.', en: '(Unique) persons in care whose 30 days have passed or whose PRI is approved.' },
  },
  { ...fromRecords('B8', 'follow-ups-on-time', 'followUps', { es: 'Seguimientos a tiempo', en: 'Follow-ups on time' }, { es: '% de personas con un expediente activo que tuvieron un seguimiento realizado en los últimos 30 y 90 días (a la fecha de los datos), y personas con pérdida de contacto (el último intento no la encontró), por sexo y NNA/adulto.', en: '% of persons with an active case file who had a follow-up carried out in the last 30 and 90 days (at the date of the data), and persons with lost contact (the latest attempt did not reach her), by sex and child/adult.' }, { es: 'Personas (únicas) con seguimiento en el plazo, sobre personas con expediente activo.', en: '(Unique) persons followed up in time, over persons with an active case file.' }, ['sex', 'childAdult', 'year']), unit: 'percent', denominator: { es: 'Personas (únicas) con un expediente activo a la fecha de los datos.', en: '(Unique) persons with an active case file at the date of the data.' } },
  fromRecords('C11', 'justice-stages', 'proceedings', { es: 'Casos por etapa procesal y sentencias', en: 'Cases by procedural stage and sentences' }, { es: 'Procesos penales según la etapa en que se encuentran (denuncia, diligencias preliminares, investigación, etapa intermedia, juicio, sentencias, archivo, sobreseimiento) y víctimas con proceso; procesos con sentencia (primera instancia o terminación anticipada) por resultado, víctimas con sentencia y tiempo desde la detección hasta la primera sentencia (mediana; hasta 1 año, de 1 a 2, de 2 a 3 y más de 3 años), por sexo y NNA/adulto. El texto de las sentencias está sellado y no se lee.', en: 'Criminal proceedings by the stage they stand at (complaint, preliminary diligences, investigation, intermediate stage, trial, sentences, dismissal) and victims with a proceeding; proceedings with a sentence (first instance or early termination) by outcome, victims with a sentence, and time from detection to the first sentence (median; up to 1 year, 1 to 2, 2 to 3 and over 3 years), by sex and child/adult. The text of the judgments is sealed and not read.', }, { es: 'Procesos penales en cada etapa; víctimas contadas una vez aunque varias instituciones las hayan registrado.', en: 'Criminal proceedings at each stage; victims counted once even when several agencies registered them.' }, ['sex', 'childAdult', 'year']),
  {
    ...fromRecords(
      'C12',
      'reparation',
      'proceedings',
      { es: 'Reparación civil', en: 'Civil reparation' },
      {
        es: 'Víctimas con proceso penal según su reparación civil: ordenada, pagada en parte o pagada en su totalidad (cuenta lo más avanzado de sus procesos), y víctimas constituidas en actor civil, por sexo y NNA/adulto. Los montos están sellados y no se calculan.',
        en: 'Victims with a criminal proceeding by their civil reparation: ordered, paid in part or paid in full (the furthest of their proceedings counts), and victims constituted civil party, by sex and child/adult. The amounts are sealed and not computed.',
      },
      { es: 'Víctimas (personas únicas) con reparación ordenada, pagada o constituidas en actor civil; cada una cuenta una vez aunque tenga varios procesos.', en: 'Victims (unique persons) with a reparation ordered, paid, or constituted civil party; each counts once whatever her proceedings.' },
      ['sex', 'childAdult', 'year'],
    ),
    unit: 'persons',
  },
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
