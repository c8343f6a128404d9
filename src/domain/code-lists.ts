// Code lists of domain-spec §7, each value with its Spanish and English label. Values are the
// spec's UPPER_SNAKE_CASE identifiers; `htcds` carries the HTCDS v2.0 value where one exists.
// Pure data: no I/O.

import { list, NO_VALUE, type CodeList, type CodeValue, type Lang } from './code-list-builder.ts';
import { FOLLOWUP_CODE_LISTS } from './code-lists-followup.ts';

export { DECLINED, NOT_APPLICABLE, UNKNOWN } from './code-list-builder.ts';
export type { CodeList, CodeValue, Lang } from './code-list-builder.ts';

/** §7.1 Registered sex: the statistical variable used by INEI and the justice system. */
export const SEXO = list('sexo', [
  ['MUJER', 'Mujer', 'Female', 'Female'],
  ['HOMBRE', 'Hombre', 'Male', 'Male'],
  ['INTERSEX', 'Intersexual', 'Intersex'],
]);

/** §7.2 Gender identity, self-described and optional. */
export const IDENTIDAD_GENERO = list('identidadGenero', [
  ['MUJER', 'Mujer', 'Woman', 'Feminine'],
  ['HOMBRE', 'Hombre', 'Man', 'Masculine'],
  ['MUJER_TRANS', 'Mujer trans', 'Trans woman', 'TransgenderFeminine'],
  ['HOMBRE_TRANS', 'Hombre trans', 'Trans man', 'TransgenderMasculine'],
  ['NO_BINARIE', 'No binarie / otra', 'Non-binary / other', 'NonConforming'],
]);

/** §7.3 Trafficking status. */
export const CONDICION_TRATA = list('condicionTrata', [
  ['PRESUNTA_VICTIMA', 'Presunta víctima', 'Possible victim', 'PossibleVictimOfTrafficking'],
  ['VICTIMA_DETERMINADA', 'Víctima (determinada)', 'Actual victim', 'ActualVictimOfTrafficking'],
  ['DESCARTADA', 'No es víctima de trata', 'Not a victim', 'NotAVictimOfTrafficking'],
  // Determined a victim of another crime, not of trafficking: HTCDS has no finer value.
  ['VICTIMA_OTRO_DELITO_EXPLOTACION', 'Víctima de otro delito de explotación', 'Victim of a related exploitation crime', 'NotAVictimOfTrafficking'],
], { noValue: false });

/** §7.4a Peruvian legal purposes of exploitation (Código Penal art. 129-A.2). */
export const FINALIDAD_EXPLOTACION = list('finalidadExplotacion', [
  ['VENTA_NNA', 'Venta de niñas, niños o adolescentes', 'Sale of children'],
  ['EXPLOTACION_SEXUAL', 'Prostitución y cualquier forma de explotación sexual', 'Prostitution or any form of sexual exploitation'],
  ['ESCLAVITUD_PRACTICAS_ANALOGAS', 'Esclavitud o prácticas análogas a la esclavitud', 'Slavery or similar practices'],
  ['EXPLOTACION_LABORAL', 'Cualquier forma de explotación laboral', 'Any form of labour exploitation'],
  ['MENDICIDAD', 'Mendicidad', 'Begging'],
  ['TRABAJOS_SERVICIOS_FORZADOS', 'Trabajos o servicios forzados', 'Forced labour or services'],
  ['SERVIDUMBRE', 'Servidumbre', 'Servitude'],
  ['EXTRACCION_TRAFICO_ORGANOS', 'Extracción o tráfico de órganos o tejidos', 'Organ or tissue removal or trafficking'],
  ['OTRA_FORMA_ANALOGA', 'Otra forma análoga de explotación', 'Other similar form of exploitation'],
  ['NO_DETERMINADA', 'Finalidad no determinada', 'Not determined'],
], { noValue: false });

const EXPLOITATION_ROWS: readonly (readonly [string, string, string, string, readonly string[]])[] = [
  ['SEXUAL', 'Explotación sexual', 'Sexual exploitation', 'SexualExploitation', ['EXPLOTACION_SEXUAL']],
  ['LABORAL', 'Explotación laboral / trabajo forzoso', 'Forced labour', 'ForcedLabour', ['EXPLOTACION_LABORAL', 'TRABAJOS_SERVICIOS_FORZADOS']],
  ['TRABAJO_INFANTIL', 'Trabajo infantil (peligroso o forzoso)', 'Child labour', 'ChildLabour', ['EXPLOTACION_LABORAL']],
  ['SERVIDUMBRE_DOMESTICA', 'Servidumbre (incluida la doméstica)', 'Servitude', 'Servitude', ['SERVIDUMBRE']],
  ['ESCLAVITUD', 'Esclavitud y prácticas análogas (incl. servidumbre por deudas)', 'Slavery and similar practices', 'Other', ['ESCLAVITUD_PRACTICAS_ANALOGAS']],
  ['MATRIMONIO_FORZADO', 'Matrimonio forzado o servil / unión forzada', 'Forced (servile) marriage', 'ForcedMarriage', ['ESCLAVITUD_PRACTICAS_ANALOGAS', 'OTRA_FORMA_ANALOGA']],
  ['MENDICIDAD', 'Mendicidad forzada', 'Forced begging', 'ForcedBegging', ['MENDICIDAD']],
  ['ACTIVIDADES_DELICTIVAS', 'Actividades delictivas forzadas', 'Forced criminal activity', 'Other', ['OTRA_FORMA_ANALOGA']],
  ['VENTA_NNA', 'Venta de niñas, niños o adolescentes', 'Sale of children', 'ForcedAdoption', ['VENTA_NNA']],
  ['ADOPCION_IRREGULAR', 'Adopción irregular', 'Forced or irregular adoption', 'ForcedAdoption', ['VENTA_NNA', 'OTRA_FORMA_ANALOGA']],
  ['VIENTRE_DE_ALQUILER_FORZADO', 'Gestación subrogada forzada', 'Forced surrogacy', 'Surrogacy', ['OTRA_FORMA_ANALOGA']],
  ['EXTRACCION_ORGANOS', 'Extracción de órganos o tejidos', 'Organ removal', 'OrganRemoval', ['EXTRACCION_TRAFICO_ORGANOS']],
  ['RECLUTAMIENTO_FORZADO', 'Reclutamiento forzado por grupos armados o criminales', 'Forced recruitment by non-state armed or criminal groups', 'ForcedMilitaryByNonStateActors', ['OTRA_FORMA_ANALOGA']],
  ['OTRA', 'Otra', 'Other', 'Other', ['OTRA_FORMA_ANALOGA']],
];

/** §7.4b Descriptive forms of exploitation (HTCDS vic_TypeOfExploitation), with their legal purpose. */
export const TIPO_EXPLOTACION: CodeList = (() => {
  const values: CodeValue[] = EXPLOITATION_ROWS.map(([code, es, en, htcds, legal]) => ({ code, es, en, htcds, legal }));
  values.push(...NO_VALUE);
  return { name: 'tipoExplotacion', values, codes: new Set(values.map((v) => v.code)) };
})();

/** §7.7 Means of control (HTCDS vic_MethodsOfControl). */
export const MEDIO_CONTROL = list('medioControl', [
  ['SERVIDUMBRE_POR_DEUDAS', 'Deuda / servidumbre por deudas', 'Debt bondage', 'DebtBondage'],
  ['RETIENE_GANANCIAS', 'Se queda con sus ganancias', 'Takes earnings', 'TakesEarnings'],
  ['RESTRINGE_ACCESO_FINANCIERO', 'Restringe acceso a su dinero o cuentas', 'Restricts financial access', 'RestrictsFinancialAccess'],
  ['AMENAZAS', 'Amenazas contra la persona', 'Threats', 'PhysicalThreats'],
  ['AMENAZA_FAMILIA_HIJOS', 'Amenazas a hijos o familia', 'Threatens children or family', 'ThreatensChildrenFamily'],
  ['AMENAZA_AUTORIDADES', 'Amenaza con denunciarla a policía o migraciones', 'Threat of law enforcement', 'ThreatsLawEnforcement'],
  ['ABUSO_PSICOLOGICO', 'Abuso psicológico / manipulación', 'Psychological abuse', 'PsychologicalAbuse'],
  ['ABUSO_FISICO', 'Violencia física', 'Physical abuse', 'PhysicalAbuse'],
  ['ABUSO_SEXUAL', 'Violencia sexual como control', 'Sexual abuse', 'SexualAbuse'],
  ['FALSAS_PROMESAS', 'Engaño / falsas promesas', 'False promises', 'FalsePromises'],
  ['SUSTANCIAS_PSICOACTIVAS', 'Drogas o alcohol', 'Psychoactive substances', 'PsychoactiveSubstance'],
  ['RESTRINGE_MOVIMIENTO', 'Encierro, restricción de movimiento o aislamiento', 'Restricts movement', 'Other'],
  ['RESTRINGE_ATENCION_MEDICA', 'Restringe atención de salud', 'Restricts medical care', 'RestrictsMedicalCare'],
  ['NIEGA_NECESIDADES_BASICAS', 'Niega comida, agua, abrigo o higiene', 'Withholds necessities', 'WithholdsNecessities'],
  ['JORNADAS_EXCESIVAS', 'Jornadas excesivas', 'Excessive working hours', 'ExcessiveWorkingHours'],
  ['USA_HIJOS', 'Usa a los hijos (separación, custodia)', 'Uses children', 'Other'],
  ['RETIENE_DOCUMENTOS', 'Retiene documentos', 'Withholds documents', 'WithholdsDocuments'],
  ['OTRO', 'Otro', 'Other', 'Other'],
]);

/** §7.8 Legal means (art. 129-A.1). */
export const MEDIO_COMISIVO = list('medioComisivo', [
  ['VIOLENCIA', 'Violencia', 'Violence'],
  ['AMENAZA', 'Amenaza', 'Threat'],
  ['OTRAS_FORMAS_COACCION', 'Otras formas de coacción', 'Other forms of coercion'],
  ['PRIVACION_LIBERTAD', 'Privación de libertad', 'Deprivation of liberty'],
  ['FRAUDE', 'Fraude', 'Fraud'],
  ['ENGANO', 'Engaño', 'Deception'],
  ['ABUSO_DE_PODER', 'Abuso de poder', 'Abuse of power'],
  ['ABUSO_SITUACION_VULNERABILIDAD', 'Abuso de situación de vulnerabilidad', 'Abuse of a position of vulnerability'],
  ['PAGOS_O_BENEFICIOS', 'Concesión o recepción de pagos o beneficios', 'Giving or receiving payments or benefits'],
  ['NINGUNO_VICTIMA_NNA', 'Ninguno (víctima NNA: no se requieren medios)', 'None (child victim: means not required)'],
]);

/** §7.9 Method of recruitment (HTCDS vic_MethodOfRecruitment). */
export const METODO_CAPTACION = list('metodoCaptacion', [
  ['EN_LUGAR_DE_NEGOCIO', 'En un lugar de negocio', 'At a place of business', 'AtAPlaceOfBusiness'],
  ['EN_INSTITUCION_EDUCATIVA', 'En una institución educativa', 'At an educational institution', 'AtAnEducationalInstitution'],
  ['EN_EL_TRABAJO', 'En el trabajo', 'At work', 'AtWork'],
  ['REDES_SOCIALES', 'Por redes sociales', 'Through online social networks', 'ThroughOnlineSocialNetworks'],
  ['ANUNCIO_EN_LINEA', 'Por un anuncio en línea', 'Through an online advertisement', 'ThroughAnOnlineAdvertisement'],
  ['ANUNCIO_TELEVISION', 'Por un anuncio de televisión', 'Through a television advert', 'ThroughATelevisionAdvert'],
  ['ANUNCIO_PERIODICO_RADIO', 'Por un anuncio de periódico o radio', 'Through a newspaper or radio advert', 'ThroughANewspaperAdvert'],
  ['FAMILIA_O_EVENTOS_FAMILIARES', 'Por la familia o eventos familiares', 'Through family or family events', 'ThroughFamilyOrFamilyEvents'],
  ['AMIGOS_O_EVENTOS_SOCIALES', 'Por amigos o eventos sociales', 'Through friends or social events', 'ThroughFriendsOrSocialEvents'],
  ['AGENCIA_EMPLEO_INFORMAL', 'Agencia de empleo informal', 'Informal employment agency', 'Other'],
  ['SECUESTRO', 'Secuestro', 'Abduction', 'Other'],
  ['OTRO', 'Otro', 'Other', 'Other'],
]);

/** §7.12 How the case was detected. */
export const FUENTE_DETECCION = list('fuenteDeteccion', [
  ['OPERATIVO_POLICIAL', 'Operativo policial', 'Police operation'],
  ['OPERATIVO_FISCAL', 'Operativo fiscal', 'Prosecutor-led operation'],
  ['DENUNCIA_DE_LA_VICTIMA', 'Denuncia de la víctima', 'Complaint by the victim'],
  ['DENUNCIA_DE_FAMILIAR', 'Denuncia de un familiar', 'Complaint by a family member'],
  ['DENUNCIA_DE_TERCERO', 'Denuncia de un tercero', 'Complaint by a third party'],
  ['LINEA_TELEFONICA', 'Línea telefónica (Línea 100 u otra)', 'Helpline (Línea 100 or other)'],
  ['DERIVACION_INSTITUCIONAL', 'Derivación institucional', 'Institutional referral'],
  ['INSPECCION_LABORAL', 'Inspección laboral', 'Labour inspection'],
  ['CONTROL_MIGRATORIO', 'Control migratorio', 'Migration control'],
  ['SERVICIO_DE_SALUD', 'Servicio de salud', 'Health service'],
  ['INSTITUCION_EDUCATIVA', 'Institución educativa', 'School'],
  ['REPORTE_PERSONA_DESAPARECIDA', 'Reporte de persona desaparecida', 'Missing-person report'],
  ['AUTOIDENTIFICACION', 'Autoidentificación', 'Self-identification'],
  ['CONSULADO_EXTERIOR', 'Consulado en el exterior', 'Consulate abroad'],
  ['OTRO', 'Otro', 'Other'],
]);

/** §7.14 Identity document types. SIN_DOCUMENTO is always allowed: registration never needs an ID. */
export const TIPO_DOCUMENTO = list('tipoDocumento', [
  ['DNI', 'DNI', 'National identity document (DNI)'],
  ['CARNE_EXTRANJERIA', 'Carné de extranjería', 'Foreigner card (CE)'],
  ['PASAPORTE', 'Pasaporte', 'Passport'],
  ['PTP', 'Permiso Temporal de Permanencia (PTP)', 'Temporary stay permit (PTP)'],
  ['CPP', 'Carné de Permiso Temporal de Permanencia (CPP)', 'Temporary stay permit card (CPP)'],
  ['CARNE_SOLICITANTE_REFUGIO', 'Carné de solicitante de refugio', 'Asylum-seeker card'],
  ['CARNE_REFUGIADO', 'Carné de refugiado', 'Refugee card'],
  ['CEDULA_IDENTIDAD_EXTRANJERA', 'Cédula de identidad extranjera', 'Foreign national identity card'],
  ['PARTIDA_NACIMIENTO', 'Partida de nacimiento', 'Birth certificate'],
  ['DOCUMENTO_VIAJE_OTRO', 'Otro documento de viaje', 'Other travel document'],
  ['OTRO', 'Otro documento', 'Other document'],
  ['SIN_DOCUMENTO', 'Sin documento', 'No document'],
], { noValue: false });

/** §7.15 Organisation type (HTCDS org_Type). */
export const TIPO_ORGANIZACION = list('tipoOrganizacion', [
  ['POLICIA', 'Policía', 'Police', 'LawEnforcement'],
  ['FISCALIA', 'Fiscalía', 'Public prosecutor', 'LawEnforcement'],
  ['UNIDAD_MIMP', 'Unidad del MIMP', 'Ministry of Women unit', 'CentralGovernmentOrganisation'],
  ['ONG', 'ONG / centro de atención', 'NGO care centre', 'NGO'],
  ['PODER_JUDICIAL', 'Poder Judicial', 'Judiciary', 'LegalService'],
  ['SALUD', 'Salud', 'Health service', 'HealthServiceOrganisation'],
  ['GOBIERNO_CENTRAL', 'Gobierno central', 'Central government', 'CentralGovernmentOrganisation'],
  ['GOBIERNO_REGIONAL', 'Gobierno regional', 'Regional government', 'LocalGovernmentOrganisation'],
  ['GOBIERNO_LOCAL', 'Gobierno local', 'Local government', 'LocalGovernmentOrganisation'],
  ['MIGRACIONES', 'Migraciones', 'Immigration service', 'ImmigrationService'],
  ['DEFENSA_LEGAL', 'Defensa legal', 'Legal aid', 'LegalService'],
  ['ORGANISMO_INTERNACIONAL', 'Organismo internacional', 'International organisation'],
  ['ALBERGUE', 'Albergue', 'Shelter'],
  ['OTRO', 'Otro', 'Other', 'Other'],
], { noValue: false });

/** §6.1 The institution an organisation belongs to. */
export const ENTIDAD = list('entidad', [
  ['PNP', 'Policía Nacional del Perú', 'National Police of Peru'],
  ['MINISTERIO_PUBLICO', 'Ministerio Público', 'Public Prosecutor'],
  ['PODER_JUDICIAL', 'Poder Judicial', 'Judiciary'],
  ['MIMP', 'Ministerio de la Mujer y Poblaciones Vulnerables', 'Ministry of Women and Vulnerable Populations'],
  ['MININTER', 'Ministerio del Interior', 'Ministry of the Interior'],
  ['MINJUSDH', 'Ministerio de Justicia y Derechos Humanos', 'Ministry of Justice and Human Rights'],
  ['MINSA', 'Ministerio de Salud', 'Ministry of Health'],
  ['MINEDU', 'Ministerio de Educación', 'Ministry of Education'],
  ['MTPE', 'Ministerio de Trabajo y Promoción del Empleo', 'Ministry of Labour'],
  ['MIDIS', 'Ministerio de Desarrollo e Inclusión Social', 'Ministry of Social Development'],
  ['RENIEC', 'RENIEC', 'National identity registry (RENIEC)'],
  ['MIGRACIONES', 'Superintendencia Nacional de Migraciones', 'National Migration Authority'],
  ['MRE', 'Ministerio de Relaciones Exteriores', 'Ministry of Foreign Affairs'],
  ['GOBIERNO_REGIONAL', 'Gobierno regional', 'Regional government'],
  ['GOBIERNO_LOCAL', 'Gobierno local', 'Local government'],
  ['ONG', 'Organización no gubernamental', 'Non-governmental organisation'],
  ['ORGANISMO_INTERNACIONAL', 'Organismo internacional', 'International organisation'],
  ['OTRA', 'Otra', 'Other'],
], { noValue: false });

/** §6.2 How precise a recorded birth date is. */
export const PRECISION_FECHA = list('precisionFecha', [
  ['EXACTA', 'Fecha exacta', 'Exact date'],
  ['MES_ANIO', 'Mes y año', 'Month and year'],
  ['ANIO', 'Solo el año', 'Year only'],
  ['ESTIMADA_POR_EDAD', 'Estimada por la edad', 'Estimated from age'],
  ['DESCONOCIDA', 'Desconocida', 'Unknown'],
], { noValue: false });

/** §6.2 Disability (multi-select). */
export const DISCAPACIDAD = list('discapacidad', [
  ['FISICA', 'Física', 'Physical'],
  ['SENSORIAL', 'Sensorial', 'Sensory'],
  ['INTELECTUAL', 'Intelectual', 'Intellectual'],
  ['PSICOSOCIAL', 'Psicosocial', 'Psychosocial'],
  ['MULTIPLE', 'Múltiple', 'Multiple'],
  ['NINGUNA', 'Ninguna', 'None'],
]);

/** Languages (ISO 639-3), Spanish and the indigenous languages most present in the project regions. */
export const LENGUA = list('lengua', [
  ['spa', 'Castellano', 'Spanish'],
  ['que', 'Quechua', 'Quechua'],
  ['aym', 'Aimara', 'Aymara'],
  ['cni', 'Asháninka', 'Asháninka'],
  ['agr', 'Awajún', 'Awajún'],
  ['shp', 'Shipibo-Konibo', 'Shipibo-Konibo'],
  ['mcb', 'Matsigenka', 'Matsigenka'],
  ['hub', 'Wampis', 'Wampis'],
  ['ame', 'Yanesha', 'Yanesha'],
  ['cbr', 'Kakataibo', 'Kakataibo'],
  ['kbh', 'Kichwa (amazónico)', 'Kichwa (Amazonian)'],
  ['yag', 'Yagua', 'Yagua'],
  ['ese', 'Ese eja', 'Ese Eja'],
  ['hto', 'Huitoto', 'Huitoto'],
  ['cof', 'Kukama-Kukamiria', 'Kukama-Kukamiria'],
  ['por', 'Portugués', 'Portuguese'],
  ['eng', 'Inglés', 'English'],
  ['zho', 'Chino', 'Chinese'],
  ['hat', 'Criollo haitiano', 'Haitian Creole'],
  ['OTRA', 'Otra lengua', 'Other language'],
]);

/** §6.4 Who determined the trafficking status (HTCDS vic_TraffickingStatusDecisionMakingOrg). */
export const ENTIDAD_DETERMINA = list('entidadDetermina', [
  ['PNP', 'Policía Nacional', 'Police', 'Police'],
  ['ONG', 'ONG', 'NGO', 'NGO'],
  ['FISCALIA_O_PODER_JUDICIAL', 'Fiscalía o Poder Judicial', 'Prosecutor or court', 'CourtOrProsecution'],
  ['OTRA_ENTIDAD_ESTATAL', 'Otra entidad estatal', 'Other state entity', 'NonPoliceGovernmentalOrganization'],
  ['OTRA', 'Otra', 'Other', 'Other'],
]);

/** §8.1 Lifecycle states of a victim case file. */
export const ESTADO_EXPEDIENTE = list('estadoExpediente', [
  ['DETECTADO', 'Detectado', 'Detected', 'Active'],
  ['EN_IDENTIFICACION', 'En identificación', 'Under identification', 'Active'],
  ['ATENCION_INMEDIATA', 'Atención inmediata', 'Immediate assistance', 'Active'],
  ['DERIVADO_PENDIENTE', 'Derivado – pendiente de aceptación', 'Referred – awaiting acceptance', 'Active'],
  ['EN_ATENCION', 'En atención', 'In care', 'Active'],
  ['EN_REINTEGRACION', 'En reintegración', 'In reintegration', 'Active'],
  ['EN_SEGUIMIENTO', 'En seguimiento', 'In follow-up', 'FollowUp'],
  ['SUSPENDIDO', 'Suspendido', 'Suspended', 'Active'],
  ['CERRADO', 'Cerrado', 'Closed', 'Closed'],
  ['CERRADO_DERIVADO', 'Cerrado por derivación', 'Closed – referred', 'ClosedReferred'],
  ['DESCARTADO', 'Descartado', 'Not a trafficking victim', 'Closed'],
], { noValue: false });

/** Yes / no with the no-value codes, for facts the person may decline to state (§0). */
export const SI_NO = list('siNo', [
  ['SI', 'Sí', 'Yes'],
  ['NO', 'No', 'No'],
]);

/** Where a place is: a Peruvian ubigeo or another country. */
export const CODE_LISTS = {
  sexo: SEXO,
  identidadGenero: IDENTIDAD_GENERO,
  condicionTrata: CONDICION_TRATA,
  finalidadExplotacion: FINALIDAD_EXPLOTACION,
  tipoExplotacion: TIPO_EXPLOTACION,
  medioControl: MEDIO_CONTROL,
  medioComisivo: MEDIO_COMISIVO,
  metodoCaptacion: METODO_CAPTACION,
  fuenteDeteccion: FUENTE_DETECCION,
  tipoDocumento: TIPO_DOCUMENTO,
  tipoOrganizacion: TIPO_ORGANIZACION,
  entidad: ENTIDAD,
  precisionFecha: PRECISION_FECHA,
  discapacidad: DISCAPACIDAD,
  lengua: LENGUA,
  entidadDetermina: ENTIDAD_DETERMINA,
  estadoExpediente: ESTADO_EXPEDIENTE,
  siNo: SI_NO,
  ...FOLLOWUP_CODE_LISTS,
} as const;

export type CodeListName = keyof typeof CODE_LISTS;

export function labelOf(listName: CodeListName, code: string, lang: Lang): string {
  const value = CODE_LISTS[listName].values.find((v) => v.code === code);
  return value ? value[lang] : code;
}
