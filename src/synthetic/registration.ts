// Turns a synthetic record into what a case worker of its agency would register: a person and her
// first case file, valid under the domain schemas. Deterministic: the details not in the canonical
// record (means of control, how the case was detected…) are drawn from a stream seeded by the
// record id.
import { TIPO_EXPLOTACION } from '../domain/code-lists.ts';
import { minorAtDetection } from '../domain/records.ts';
import type { CaseFileInput, PersonInput } from '../domain/schemas.ts';
import { Random, Weighted, hashString } from './random.ts';
import { SYNTHETIC_MARKER, type SyntheticRecord } from './registry.ts';

export interface SyntheticRegistration {
  readonly person: PersonInput;
  readonly caseFile: CaseFileInput;
}

const DETECTION_SOURCES: Record<string, Weighted<string>> = {
  PNP: new Weighted([['OPERATIVO_POLICIAL', 55], ['DENUNCIA_DE_FAMILIAR', 12], ['REPORTE_PERSONA_DESAPARECIDA', 12], ['DENUNCIA_DE_TERCERO', 10], ['DENUNCIA_DE_LA_VICTIMA', 6], ['CONTROL_MIGRATORIO', 5]]),
  MP: new Weighted([['OPERATIVO_FISCAL', 40], ['DERIVACION_INSTITUCIONAL', 40], ['DENUNCIA_DE_LA_VICTIMA', 10], ['DENUNCIA_DE_TERCERO', 10]]),
  MIMP: new Weighted([['DERIVACION_INSTITUCIONAL', 60], ['LINEA_TELEFONICA', 20], ['INSTITUCION_EDUCATIVA', 10], ['SERVICIO_DE_SALUD', 10]]),
  ONG: new Weighted([['DERIVACION_INSTITUCIONAL', 55], ['AUTOIDENTIFICACION', 20], ['LINEA_TELEFONICA', 15], ['OTRO', 10]]),
};

const STATUS_DETERMINED_BY: Record<string, string> = { PNP: 'PNP', MP: 'FISCALIA_O_PODER_JUDICIAL', MIMP: 'OTRA_ENTIDAD_ESTATAL', ONG: 'ONG' };

const SEXUAL_CONTROL = ['FALSAS_PROMESAS', 'RETIENE_GANANCIAS', 'AMENAZAS', 'SERVIDUMBRE_POR_DEUDAS', 'RETIENE_DOCUMENTOS', 'SUSTANCIAS_PSICOACTIVAS', 'RESTRINGE_MOVIMIENTO', 'ABUSO_PSICOLOGICO'];
const LABOUR_CONTROL = ['SERVIDUMBRE_POR_DEUDAS', 'JORNADAS_EXCESIVAS', 'RETIENE_GANANCIAS', 'RESTRINGE_MOVIMIENTO', 'FALSAS_PROMESAS', 'NIEGA_NECESIDADES_BASICAS', 'RETIENE_DOCUMENTOS'];
const ADULT_MEANS = ['ENGANO', 'ABUSO_SITUACION_VULNERABILIDAD', 'AMENAZA', 'FRAUDE', 'VIOLENCIA', 'PRIVACION_LIBERTAD'];

const RECRUITMENT_METHODS = new Weighted<string>([
  ['AMIGOS_O_EVENTOS_SOCIALES', 25], ['FAMILIA_O_EVENTOS_FAMILIARES', 15], ['REDES_SOCIALES', 22], ['AGENCIA_EMPLEO_INFORMAL', 12],
  ['ANUNCIO_PERIODICO_RADIO', 6], ['EN_EL_TRABAJO', 5], ['ANUNCIO_EN_LINEA', 5], ['SECUESTRO', 1], ['DESCONOCIDO', 9],
]);

const LEGAL_PURPOSES_OF = new Map(TIPO_EXPLOTACION.values.map((v) => [v.code, v.legal ?? []]));

/** A few distinct items of `pool`, at least one. */
function someOf(pool: readonly string[], max: number, random: Random): string[] {
  const count = 1 + random.int(max);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, pool.length)) chosen.add(random.pick(pool));
  return [...chosen];
}

function monthsBefore(isoDay: string, months: number): string {
  const total = Number(isoDay.slice(0, 4)) * 12 + Number(isoDay.slice(5, 7)) - 1 - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

/** The person and case file a case worker of the record's agency would register. */
export function toRegistration(synthetic: SyntheticRecord): SyntheticRegistration {
  const { record, person: truth } = synthetic;
  const random = new Random(hashString(record.record_id));

  const person: PersonInput = {
    sex: record.sex || 'DESCONOCIDO',
    nationalities: [record.nationality || 'DESCONOCIDO'],
    documents: [],
  };
  if (record.given_names) person.givenNames = record.given_names;
  if (record.paternal_surname) person.paternalSurname = record.paternal_surname;
  if (record.maternal_surname) person.maternalSurname = record.maternal_surname;
  if (record.full_name) person.fullName = record.full_name;
  if (!person.givenNames && !person.paternalSurname && !person.maternalSurname && !person.fullName) {
    person.identificationDescription = 'Persona sin nombre registrado (datos sintéticos)';
  }
  if (truth.genderIdentity && random.chance(0.7)) person.genderIdentity = truth.genderIdentity;
  if (truth.socialName && record.given_names !== truth.socialName && random.chance(0.5)) person.socialName = truth.socialName;
  if (record.birth_date) person.birthDate = record.birth_date;
  else if (record.age) person.estimatedAge = Number(record.age);
  if (record.document_type && record.document_number) {
    person.documents.push({ type: record.document_type, number: record.document_number, issuingCountry: truth.document?.issuingCountry ?? 'PER' });
  } else if (random.chance(0.5)) {
    person.documents.push({ type: 'SIN_DOCUMENTO' });
  }
  if (random.chance(0.7)) {
    person.motherTongue = truth.motherTongue;
    if (truth.motherTongue !== 'spa') person.needsInterpreter = random.chance(0.4);
  }

  const minor = truth.ageAtDetection < 18;
  const types = [...truth.exploitationTypes];
  const legalPurposes = [...new Set(types.flatMap((t) => LEGAL_PURPOSES_OF.get(t) ?? []))];
  const sexual = types.includes('SEXUAL');
  const labour = types.some((t) => t === 'LABORAL' || t === 'TRABAJO_INFANTIL' || t === 'SERVIDUMBRE_DOMESTICA');
  const statusRoll = random.next();
  const traffickingStatus = statusRoll < 0.68 ? 'PRESUNTA_VICTIMA' : statusRoll < 0.95 ? 'VICTIMA_DETERMINADA' : 'DESCARTADA';
  const recruitmentMethod = RECRUITMENT_METHODS.draw(random);
  const department = record.department;

  const caseFile: CaseFileInput = {
    detectionDate: truth.detectionDate,
    detectionSource: (DETECTION_SOURCES[synthetic.agency] ?? DETECTION_SOURCES.ONG)?.draw(random) ?? 'OTRO',
    detectionUbigeo: department === truth.detectionDepartment ? truth.detectionDistrict : department || truth.detectionDepartment,
    // What the agency derives from the birth date it recorded (which may be wrong by a year), so
    // that the server's cross-check between birth date and "child at detection" holds.
    minorAtDetection: minorAtDetection(person, truth.detectionDate, minor ? 'SI' : 'NO').value,
    traffickingStatus,
    legalPurposes: legalPurposes.length > 0 ? legalPurposes : ['NO_DETERMINADA'],
    exploitationTypes: types,
    meansOfControl: random.chance(0.15) ? ['DESCONOCIDO'] : someOf(sexual ? SEXUAL_CONTROL : labour ? LABOUR_CONTROL : [...SEXUAL_CONTROL, ...LABOUR_CONTROL], 3, random),
    legalMeans: minor && random.chance(0.4) ? ['NINGUNO_VICTIMA_NNA'] : someOf(ADULT_MEANS, 2, random),
    recruitmentMethods: [recruitmentMethod],
    recruitmentPlace: truth.recruitmentDepartment ? { country: 'PER', ubigeo: truth.recruitmentDepartment } : { country: truth.recruitmentCountry },
    recruitmentDate: monthsBefore(truth.detectionDate, random.int(13)),
    exploitationPlaces: [
      { country: 'PER', ubigeo: truth.detectionDistrict, ...(truth.exploitationSetting ? { description: truth.exploitationSetting } : {}) },
    ],
    confidentialNotes: `${SYNTHETIC_MARKER} · ${record.record_id}`,
  };
  if (traffickingStatus !== 'PRESUNTA_VICTIMA') {
    caseFile.statusDeterminedBy = STATUS_DETERMINED_BY[synthetic.agency] ?? 'OTRA';
    caseFile.statusDeterminedOn = synthetic.registeredOn;
  }
  return { person, caseFile };
}
