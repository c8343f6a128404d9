// Code lists of the follow-up area (domain-spec §6.7–§6.15, §7.16–§7.17, §8.2–§8.5, §9.2): follow-up
// contacts, referrals, reintegration plans, services, shelter stays and the criminal process.
// Spread into CODE_LISTS, so the server validates them and the web app gets their labels. Pure data.
import { list } from './code-list-builder.ts';

/** §9.2 How a follow-up contact is made. */
export const MODALIDAD_SEGUIMIENTO = list('modalidadSeguimiento', [
  ['PRESENCIAL', 'Presencial', 'In person'],
  ['TELEFONICA', 'Llamada telefónica', 'Phone call'],
  ['VIDEOLLAMADA', 'Videollamada', 'Video call'],
  ['VISITA_DOMICILIARIA', 'Visita domiciliaria', 'Home visit'],
  ['VISITA_ALBERGUE', 'Visita al albergue', 'Shelter visit'],
], { noValue: false });

/** The life of one scheduled follow-up: planned, then done, attempted without contact, or cancelled. */
export const ESTADO_SEGUIMIENTO = list('estadoSeguimiento', [
  ['PROGRAMADO', 'Programado', 'Scheduled'],
  ['REALIZADO', 'Realizado', 'Done'],
  ['NO_CONTACTADO', 'Sin contacto (intento)', 'No contact (attempt)'],
  ['CANCELADO', 'Cancelado', 'Cancelled'],
], { noValue: false });

export const MOTIVO_NO_CONTACTO = list('motivoNoContacto', [
  ['NO_CONTESTA', 'No contesta', 'No answer'],
  ['NUMERO_NO_VALIDO', 'Número o dirección no válidos', 'Number or address not valid'],
  ['CAMBIO_RESIDENCIA', 'Cambió de residencia', 'Moved away'],
  ['NO_DESEA_CONTACTO', 'No desea el contacto ahora', 'Does not want contact now'],
  ['HOSPITALIZACION', 'Hospitalización', 'In hospital'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

/** §9.2 Alert raised at a follow-up: notifies the supervisor (and by rule UPE or the prosecutor). */
export const TIPO_ALERTA = list('tipoAlerta', [
  ['SEGURIDAD', 'Seguridad (amenazas, contacto de tratantes)', 'Safety (threats, contact by traffickers)'],
  ['SALUD_MENTAL', 'Salud mental (incluido riesgo suicida)', 'Mental health (incl. suicide risk)'],
  ['REVICTIMIZACION', 'Riesgo de revictimización', 'Risk of re-trafficking'],
  ['NNA_EN_RIESGO', 'Niña, niño o adolescente en riesgo', 'Child at risk'],
], { noValue: false });

export const SITUACION_LABORAL = list('situacionLaboral', [
  ['EMPLEO_FORMAL', 'Empleo formal', 'Formal employment'],
  ['EMPLEO_INFORMAL', 'Empleo informal', 'Informal employment'],
  ['EMPRENDIMIENTO', 'Emprendimiento', 'Own business'],
  ['CAPACITACION', 'En capacitación', 'In training'],
  ['SIN_EMPLEO', 'Sin empleo', 'Not employed'],
]);

export const ESTABILIDAD_VIVIENDA = list('estabilidadVivienda', [
  ['ESTABLE', 'Estable', 'Stable'],
  ['TEMPORAL', 'Temporal', 'Temporary'],
  ['EN_RIESGO', 'En riesgo', 'At risk'],
]);

/** §6.10 Risk level (the case's current level is that of its last assessment). */
export const NIVEL_RIESGO = list('nivelRiesgo', [
  ['BAJO', 'Bajo', 'Low'],
  ['MEDIO', 'Medio', 'Medium'],
  ['ALTO', 'Alto', 'High'],
  ['CRITICO', 'Crítico', 'Critical'],
], { noValue: false });

export const TIPO_EVALUACION_RIESGO = list('tipoEvaluacionRiesgo', [
  ['SEGURIDAD', 'Seguridad (amenaza de tratantes)', 'Safety (threat from traffickers)'],
  ['REVICTIMIZACION', 'Revictimización', 'Re-trafficking'],
  ['SALUD_MENTAL', 'Salud mental (incluido riesgo suicida)', 'Mental health (incl. suicide risk)'],
  ['NECESIDADES_INTEGRAL', 'Necesidades (integral)', 'Needs (overall)'],
], { noValue: false });

/** §6.10 When a risk assessment is made: at intake, when circumstances change, at its review. */
export const OCASION_EVALUACION_RIESGO = list('ocasionEvaluacionRiesgo', [
  ['INGRESO', 'Al ingreso', 'At intake'],
  ['CAMBIO_CIRCUNSTANCIAS', 'Cambio de circunstancias', 'Change of circumstances'],
  ['REVISION_PROGRAMADA', 'Revisión programada', 'Scheduled review'],
], { noValue: false });

/**
 * §6.10 Risk determinants (HTCDS / IOM): individual, household and community. Sexual orientation,
 * gender identity, disability and migration status are asked of everyone: LGBTI victims, men and
 * foreigners face risks of their own.
 */
export const FACTOR_RIESGO = list('factorRiesgo', [
  ['AMENAZAS_TRATANTES', 'Amenazas o contacto de tratantes o su entorno', 'Threats or contact from traffickers or their circle'],
  ['DEUDAS', 'Deudas (incluida la deuda con el captador)', 'Debts (including to the recruiter)'],
  ['NUEVAS_OFERTAS', 'Nuevas ofertas de trabajo o viaje', 'New offers of work or travel'],
  ['SIN_VIVIENDA', 'Sin vivienda estable', 'No stable housing'],
  ['SIN_INGRESOS', 'Sin ingresos propios', 'No income of her or his own'],
  ['VIOLENCIA_HOGAR', 'Violencia en el hogar', 'Violence at home'],
  ['FAMILIA_IMPLICADA', 'Familia implicada en la captación', 'Family involved in the recruitment'],
  ['DISCRIMINACION', 'Discriminación (por orientación sexual, identidad de género, etnia u otra)', 'Discrimination (sexual orientation, gender identity, ethnicity or other)'],
  ['ORIENTACION_IDENTIDAD_EXPUESTA', 'Orientación sexual o identidad de género expuesta sin su consentimiento', 'Sexual orientation or gender identity disclosed without consent'],
  ['SITUACION_MIGRATORIA_IRREGULAR', 'Situación migratoria irregular', 'Irregular migration status'],
  ['SIN_DOCUMENTOS', 'Sin documentos de identidad', 'No identity documents'],
  ['DISCAPACIDAD', 'Discapacidad', 'Disability'],
  ['SALUD_MENTAL', 'Problemas de salud mental o riesgo suicida', 'Mental health problems or suicide risk'],
  ['CONSUMO_PROBLEMATICO', 'Consumo problemático de sustancias', 'Problematic substance use'],
  ['SIN_RED_APOYO', 'Sin red de apoyo', 'No support network'],
  ['SIN_ACCESO_JUSTICIA', 'Sin acceso a la justicia o a servicios en su comunidad', 'No access to justice or services in her or his community'],
], { noValue: false });

/** §6.10 How a risk factor stands: present, absent, not known, or the person did not answer. */
export const VALOR_FACTOR = list('valorFactor', [
  ['SI', 'Sí', 'Yes'],
  ['NO', 'No', 'No'],
  ['DESCONOCIDO', 'Desconocido', 'Unknown'],
  ['NO_RESPONDE', 'Prefiere no responder', 'Declined to answer'],
], { noValue: false });

/** §6.12 How a service was delivered. */
export const MODALIDAD_SERVICIO = list('modalidadServicio', [
  ['PRESENCIAL', 'Presencial', 'In person'],
  ['TELEFONICA', 'Telefónica', 'By phone'],
  ['VIRTUAL', 'Virtual', 'Online'],
  ['VISITA_DOMICILIARIA', 'Visita domiciliaria', 'Home visit'],
  ['ACOMPANAMIENTO', 'Acompañamiento (audiencia, RENIEC, centro de salud…)', 'Accompaniment (hearing, RENIEC, health centre…)'],
], { noValue: false });

/** §6.12 Who paid for a service (lets regional and local governments show what they delivered). */
export const FUENTE_FINANCIAMIENTO = list('fuenteFinanciamiento', [
  ['PRESUPUESTO_INSTITUCIONAL', 'Presupuesto institucional', 'Agency budget'],
  ['PROYECTO_INVERSION_PUBLICA', 'Proyecto de inversión pública', 'Public investment project'],
  ['GOBIERNO_REGIONAL', 'Gobierno regional', 'Regional government'],
  ['GOBIERNO_LOCAL', 'Gobierno local', 'Local government'],
  ['COOPERACION_INTERNACIONAL', 'Cooperación internacional', 'International cooperation'],
  ['ONG_PROPIO', 'Fondos propios de la ONG', 'NGO\'s own funds'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

/** §8.4 Referral states. REVOCADA: the sender withdraws an accepted referral (and the access it gave). */
export const ESTADO_DERIVACION = list('estadoDerivacion', [
  ['BORRADOR', 'Borrador', 'Draft'],
  ['ENVIADA', 'Enviada', 'Sent'],
  ['ACEPTADA', 'Aceptada', 'Accepted'],
  ['RECHAZADA', 'Rechazada', 'Rejected'],
  ['CANCELADA', 'Cancelada', 'Cancelled'],
  ['EN_CURSO', 'En curso', 'In progress'],
  ['COMPLETADA', 'Completada', 'Completed'],
  ['NO_CONCRETADA', 'No concretada', 'Did not take place'],
  ['REVOCADA', 'Revocada', 'Revoked'],
], { noValue: false });

/** §6.8 Why a case is referred (HTCDS ReasonFor…Referral). */
export const MOTIVO_DERIVACION = list('motivoDerivacion', [
  ['COMPETENCIA_LEGAL', 'Competencia legal (p. ej. toda NNA a la UPE)', 'Legal mandate (e.g. every child to UPE)', 'LegalRequirement'],
  ['SERVICIOS_ADICIONALES', 'Servicios adicionales', 'Additional services required', 'AdditionalServicesRequired'],
  ['CAMBIO_DE_LUGAR', 'Cambio de lugar de residencia', 'Change of location', 'MigrationOrChangeOfLocation'],
  ['RETORNO_PAIS', 'Retorno al país de origen', 'Return to country of origin'],
  ['DENUNCIA_PENAL', 'Denuncia penal', 'Criminal complaint'],
  ['OTRO', 'Otro', 'Other', 'Other'],
], { noValue: false });

/** §6.8 Urgency and its answer deadline (§8.4): immediate 24 h, priority 72 h, regular 10 working days. */
export const URGENCIA_DERIVACION = list('urgenciaDerivacion', [
  ['INMEDIATA', 'Inmediata (24 horas)', 'Immediate (24 hours)'],
  ['PRIORITARIA', 'Prioritaria (72 horas)', 'Priority (72 hours)'],
  ['REGULAR', 'Regular (10 días hábiles)', 'Regular (10 working days)'],
], { noValue: false });

export const MOTIVO_RECHAZO = list('motivoRechazo', [
  ['SIN_CUPO', 'Sin cupo', 'No capacity'],
  ['FUERA_DE_COMPETENCIA', 'Fuera de competencia', 'Outside our mandate'],
  ['PERFIL_NO_ATENDIDO', 'Perfil no atendido', 'Profile not served'],
  ['VICTIMA_NO_ACEPTA', 'La persona no acepta', 'The person does not accept'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

/** §5.4 / §6.8 Data groups a referral may share. G4 (investigation) and G6 (shelter locations) never travel. */
export const GRUPO_DATOS_COMPARTIDOS = list('grupoDatosCompartidos', [
  ['G1', 'Identidad y contacto', 'Identity and contact'],
  ['G2', 'Datos centrales del caso', 'Case core data'],
  ['G3_INFORME', 'Informe psicológico o social (no las notas)', 'Psychological or social report (not the notes)'],
  ['G5', 'Plan de reintegración y seguimientos', 'Reintegration plan and follow-ups'],
], { noValue: false });

/** §10.2 The legal basis of each sharing event. */
export const BASE_LEGAL_COMPARTIR = list('baseLegalCompartir', [
  ['CONSENTIMIENTO', 'Consentimiento', 'Consent'],
  ['FUNCION_PUBLICA', 'Función pública (competencia legal)', 'Public function (legal mandate)'],
  ['MANDATO_JUDICIAL', 'Mandato judicial', 'Court order'],
  ['INTERES_VITAL', 'Interés vital (emergencia)', 'Vital interest (emergency)'],
  ['PROTECCION_NNA', 'Protección de niña, niño o adolescente', 'Child protection'],
], { noValue: false });

/** §6.9 How consent was given; a verbal consent does not cover sensitive data (§10.4). */
export const FORMA_CONSENTIMIENTO = list('formaConsentimiento', [
  ['ESCRITA_FIRMA', 'Escrita con firma', 'Written, signed'],
  ['FIRMA_DIGITAL', 'Firma digital', 'Digital signature'],
  ['HUELLA_DACTILAR_EN_FORMATO', 'Huella dactilar en formato', 'Fingerprint on the form'],
  ['VERBAL_REGISTRADA', 'Verbal registrada', 'Verbal, recorded'],
], { noValue: false });

/** §6.9 What a consent is for: one consent per purpose (and per receiving agency when sharing), §10.2. */
export const FINALIDAD_CONSENTIMIENTO = list('finalidadConsentimiento', [
  ['ATENCION_Y_SERVICIOS', 'Atención y servicios', 'Care and services'],
  ['REGISTRO_DATOS_PERSONALES', 'Registro de datos personales', 'Recording personal data'],
  ['TRATAMIENTO_DATOS_SENSIBLES', 'Tratamiento de datos sensibles', 'Processing sensitive data'],
  ['COMPARTIR_CON_ENTIDAD', 'Compartir con una institución', 'Sharing with a named agency'],
  ['CONTACTO_SEGUIMIENTO', 'Contacto para seguimiento', 'Contact for follow-up'],
  ['ENTREVISTA_INVESTIGACION_ACADEMICA', 'Entrevista o investigación académica', 'Interview or academic research'],
  ['USO_ESTADISTICO_ANONIMIZADO', 'Uso estadístico anonimizado', 'Anonymised statistical use'],
  ['IMAGEN_O_TESTIMONIO_PUBLICO', 'Imagen o testimonio público', 'Public image or testimony'],
], { noValue: false });

export const OTORGADO_POR = list('otorgadoPor', [
  ['TITULAR', 'La propia persona', 'The person herself or himself'],
  ['REPRESENTANTE_LEGAL', 'Representante legal', 'Legal representative'],
  ['UPE_DPE_O_AUTORIDAD_TUTELAR', 'UPE/DPE u otra autoridad tutelar', 'UPE/DPE or other guardianship authority'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

/** §7.16 Services. */
export const TIPO_SERVICIO = list('tipoServicio', [
  ['ATENCION_MEDICA', 'Atención médica', 'Medical care'],
  ['SALUD_SEXUAL_REPRODUCTIVA', 'Salud sexual y reproductiva', 'Sexual and reproductive health'],
  ['SALUD_MENTAL_PSICOLOGICA', 'Salud mental / atención psicológica', 'Mental health / psychological care'],
  ['ATENCION_PSIQUIATRICA', 'Atención psiquiátrica', 'Psychiatric care'],
  ['TRATAMIENTO_ADICCIONES', 'Tratamiento de adicciones', 'Addiction treatment'],
  ['EVALUACION_MEDICO_LEGAL', 'Evaluación médico-legal', 'Forensic examination'],
  ['ORIENTACION_LEGAL', 'Orientación legal', 'Legal advice'],
  ['PATROCINIO_LEGAL', 'Patrocinio legal', 'Legal representation'],
  ['ACOMPANAMIENTO_DILIGENCIAS', 'Acompañamiento a diligencias', 'Accompaniment to proceedings'],
  ['TRABAJO_SOCIAL', 'Trabajo social', 'Social work'],
  ['ALOJAMIENTO', 'Alojamiento', 'Lodging'],
  ['ALIMENTACION_Y_KIT', 'Alimentación y kit', 'Food and kit'],
  ['TRANSPORTE', 'Transporte', 'Transport'],
  ['INTERPRETACION', 'Interpretación', 'Interpreting'],
  ['DOCUMENTACION_IDENTIDAD', 'Documentación de identidad', 'Identity documents'],
  ['REGULARIZACION_MIGRATORIA', 'Regularización migratoria', 'Migration status'],
  ['REPATRIACION_RETORNO', 'Repatriación / retorno', 'Repatriation / return'],
  ['CONTACTO_FAMILIAR', 'Contacto familiar', 'Family contact'],
  ['REINSERCION_EDUCATIVA', 'Reinserción educativa', 'Return to education'],
  ['CAPACITACION_TECNICA', 'Capacitación técnica', 'Vocational training'],
  ['INTERMEDIACION_LABORAL', 'Intermediación laboral', 'Job placement'],
  ['EMPRENDIMIENTO', 'Emprendimiento', 'Own business support'],
  ['APOYO_ECONOMICO', 'Apoyo económico', 'Financial support'],
  ['PROGRAMAS_SOCIALES', 'Programas sociales (MIDIS, SIS…)', 'Social programmes (MIDIS, SIS…)'],
  ['TERAPIA_FAMILIAR', 'Terapia familiar', 'Family therapy'],
  ['ACTIVIDADES_GRUPALES', 'Actividades grupales', 'Group activities'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

/** §7.17 Dimensions of the reintegration plan's goals (HTCDS spl_Type in `htcds`). */
export const DIMENSION_REINTEGRACION = list('dimensionReintegracion', [
  ['SEGURIDAD_PROTECCION', 'Seguridad y protección', 'Safety', 'SocialCare'],
  ['SALUD_FISICA', 'Salud física', 'Physical health', 'Health'],
  ['SALUD_MENTAL_PSICOSOCIAL', 'Salud mental y bienestar psicosocial', 'Mental health & psychosocial', 'Health'],
  ['DOCUMENTACION_IDENTIDAD', 'Documentación e identidad', 'Identity documents', 'Legal'],
  ['SITUACION_MIGRATORIA', 'Situación migratoria / retorno', 'Migration status / return', 'Legal'],
  ['ACCESO_JUSTICIA', 'Acceso a la justicia y reparación', 'Access to justice & reparation', 'Legal'],
  ['EDUCACION', 'Educación', 'Education', 'Education'],
  ['EMPLEO_INGRESOS', 'Empleo, capacitación e ingresos', 'Employment, training, income', 'Livelihood'],
  ['VIVIENDA', 'Vivienda', 'Housing', 'SocialCare'],
  ['FAMILIA_REDES', 'Familia y redes de soporte', 'Family & support networks', 'SocialCare'],
  ['DERECHOS_Y_HABILIDADES', 'Conocimiento de derechos y habilidades para la vida', 'Rights & life skills', 'RightsBasedTraining'],
  ['PROTECCION_SOCIAL', 'Acceso a programas sociales', 'Social protection', 'Financial'],
], { noValue: false });

/** §8.3 Reintegration plan (PRI) states. */
export const ESTADO_PLAN = list('estadoPlan', [
  ['BORRADOR', 'Borrador', 'Draft'],
  ['EN_VALIDACION_CON_LA_PERSONA', 'En validación con la persona', 'Being agreed with the person'],
  ['APROBADO', 'Aprobado', 'Approved'],
  ['EN_EJECUCION', 'En ejecución', 'In progress'],
  ['EN_REVISION', 'En revisión', 'Under review'],
  ['CUMPLIDO', 'Cumplido', 'Achieved'],
  ['CUMPLIDO_PARCIALMENTE', 'Cumplido parcialmente', 'Partly achieved'],
  ['INTERRUMPIDO', 'Interrumpido', 'Interrupted'],
], { noValue: false });

export const ESTADO_OBJETIVO = list('estadoObjetivo', [
  ['PENDIENTE', 'Pendiente', 'Pending'],
  ['EN_PROCESO', 'En proceso', 'In progress'],
  ['LOGRADO', 'Logrado', 'Achieved'],
  ['LOGRADO_PARCIALMENTE', 'Logrado parcialmente', 'Partly achieved'],
  ['NO_LOGRADO', 'No logrado', 'Not achieved'],
  ['DESCARTADO_POR_LA_PERSONA', 'Descartado por la persona', 'Dropped by the person'],
], { noValue: false });

export const LUGAR_REINTEGRACION = list('lugarReintegracion', [
  ['LUGAR_ORIGEN', 'Lugar de origen', 'Place of origin'],
  ['LUGAR_DESTINO', 'Lugar donde fue rescatada o atendida', 'Where rescued or first assisted'],
  ['OTRA_RESIDENCIA_PERU', 'Otra residencia en el Perú', 'Another place in Peru'],
  ['OTRO_PAIS', 'Otro país', 'Another country'],
]);

export const PARTICIPACION_PERSONA = list('participacionPersona', [
  ['ELABORADO_CON_LA_PERSONA', 'Elaborado con la persona', 'Drawn up with the person'],
  ['CON_REPRESENTANTE', 'Con su representante (NNA)', 'With the representative (child)'],
  ['SIN_PARTICIPACION', 'Sin participación (justificar)', 'Without participation (justify)'],
], { noValue: false });

/** §6.11 Kinds of shelter or lodging. */
export const TIPO_ALOJAMIENTO = list('tipoAlojamiento', [
  ['CAR_NNA_ESPECIALIZADO_TRATA', 'CAR especializado en trata (NNA)', 'Specialised children\'s residential centre'],
  ['CAR_NNA_GENERAL', 'CAR general (NNA)', 'Children\'s residential centre'],
  ['HOGAR_REFUGIO_TEMPORAL', 'Hogar de refugio temporal (MIMP)', 'Temporary refuge home (MIMP)'],
  ['ALOJAMIENTO_TEMPORAL_MP', 'Alojamiento temporal del Ministerio Público', 'Prosecutor\'s temporary lodging'],
  ['ALBERGUE_ONG', 'Albergue de ONG', 'NGO shelter'],
  ['ACOGIMIENTO_FAMILIAR', 'Acogimiento familiar', 'Foster family'],
  ['FAMILIA_DE_ORIGEN', 'Familia de origen', 'Family of origin'],
  ['ALOJAMIENTO_PROPIO', 'Alojamiento propio', 'Own lodging'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

/** §8.5 Shelter stay states. */
export const ESTADO_ALOJAMIENTO = list('estadoAlojamiento', [
  ['SOLICITADO', 'Solicitado', 'Requested'],
  ['INGRESO', 'Ingreso', 'Admitted'],
  ['PERMANENCIA', 'Permanencia', 'Staying'],
  ['EGRESO', 'Egreso', 'Left'],
], { noValue: false });

export const BASE_LEGAL_ALOJAMIENTO = list('baseLegalAlojamiento', [
  ['MEDIDA_PROTECCION_UPE', 'Medida de protección (UPE)', 'Protection measure (UPE)'],
  ['DISPOSICION_FISCAL', 'Disposición fiscal', 'Prosecutor\'s order'],
  ['ORDEN_JUDICIAL', 'Orden judicial', 'Court order'],
  ['VOLUNTARIO', 'Voluntario', 'Voluntary'],
], { noValue: false });

export const MOTIVO_EGRESO = list('motivoEgreso', [
  ['REINTEGRACION_FAMILIAR', 'Reintegración familiar', 'Family reintegration'],
  ['VIDA_INDEPENDIENTE', 'Vida independiente', 'Independent living'],
  ['TRASLADO', 'Traslado', 'Transfer'],
  ['RETORNO_PAIS', 'Retorno al país', 'Return to country'],
  ['MAYORIA_DE_EDAD', 'Mayoría de edad', 'Came of age'],
  ['ABANDONO_VOLUNTARIO', 'Abandono voluntario', 'Left of own accord'],
  ['EVASION', 'Evasión', 'Absconded'],
  ['FALLECIMIENTO', 'Fallecimiento', 'Death'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

/** §8.2 Stages of the criminal proceeding (Código Procesal Penal 2004). */
export const ETAPA_PROCESAL = list('etapaProcesal', [
  ['DENUNCIA_REGISTRADA', 'Denuncia registrada', 'Complaint registered'],
  ['DILIGENCIAS_PRELIMINARES', 'Investigación preliminar', 'Preliminary investigation'],
  ['ARCHIVADA', 'Archivo', 'Closed without charges'],
  ['INVESTIGACION_PREPARATORIA', 'Investigación preparatoria formalizada', 'Formalised investigation'],
  ['ETAPA_INTERMEDIA', 'Etapa intermedia', 'Intermediate stage'],
  ['SOBRESEIDA', 'Sobreseimiento', 'Dismissal'],
  ['JUICIO_ORAL', 'Juicio oral', 'Trial'],
  ['SENTENCIA_PRIMERA_INSTANCIA', 'Sentencia de primera instancia', 'First-instance judgment'],
  ['APELACION', 'Apelación', 'Appeal'],
  ['CASACION', 'Casación', 'Cassation'],
  ['SENTENCIA_FIRME', 'Sentencia firme', 'Final judgment'],
  ['EJECUCION', 'Ejecución (pena y reparación civil)', 'Enforcement'],
  ['TERMINADA_ANTICIPADAMENTE', 'Terminación / conclusión anticipada', 'Early termination (plea)'],
], { noValue: false });

export const RESULTADO_PROCESO = list('resultadoProceso', [
  ['EN_TRAMITE', 'En trámite', 'Ongoing'],
  ['ARCHIVO', 'Archivo', 'Closed without charges'],
  ['SOBRESEIMIENTO', 'Sobreseimiento', 'Dismissal'],
  ['TERMINACION_ANTICIPADA', 'Terminación anticipada', 'Early termination'],
  ['CONCLUSION_ANTICIPADA', 'Conclusión anticipada', 'Early conclusion'],
  ['SENTENCIA_CONDENATORIA', 'Sentencia condenatoria', 'Conviction'],
  ['SENTENCIA_ABSOLUTORIA', 'Sentencia absolutoria', 'Acquittal'],
  ['RESERVA_DE_FALLO', 'Reserva de fallo', 'Deferred judgment'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

export const MEDIDA_PROTECCION = list('medidaProteccion', [
  ['RESERVA_IDENTIDAD', 'Reserva de identidad', 'Identity kept confidential'],
  ['DECLARACION_UNICA', 'Declaración única', 'Single statement'],
  ['PRUEBA_ANTICIPADA', 'Prueba anticipada', 'Pre-trial testimony'],
  ['CAMARA_GESELL', 'Cámara Gesell', 'Gesell chamber'],
  ['PROTECCION_POLICIAL', 'Protección policial', 'Police protection'],
  ['CAMBIO_RESIDENCIA', 'Cambio de residencia', 'Change of residence'],
  ['ALOJAMIENTO_TEMPORAL', 'Alojamiento temporal', 'Temporary lodging'],
  ['OTRA', 'Otra', 'Other'],
], { noValue: false });

/** §6.15 Why a case file is closed. */
export const MOTIVO_CIERRE = list('motivoCierre', [
  ['OBJETIVOS_PRI_CUMPLIDOS', 'Objetivos del plan cumplidos', 'Plan goals achieved'],
  ['DECISION_DE_LA_PERSONA', 'Decisión de la persona', 'The person\'s decision'],
  ['DERIVADO_Y_ACEPTADO_POR_OTRA_ENTIDAD', 'Derivado y aceptado por otra entidad', 'Referred and accepted by another agency', 'ClosedReferred'],
  ['RETORNO_A_PAIS_DE_ORIGEN_CON_DERIVACION', 'Retorno al país de origen con derivación', 'Return to country of origin with referral'],
  ['PERDIDA_DE_CONTACTO', 'Pérdida de contacto', 'Lost contact'],
  ['NO_ES_VICTIMA', 'No es víctima', 'Not a victim'],
  ['FALLECIMIENTO', 'Fallecimiento', 'Death'],
  ['OTRO', 'Otro', 'Other'],
], { noValue: false });

export const FOLLOWUP_CODE_LISTS = {
  modalidadSeguimiento: MODALIDAD_SEGUIMIENTO,
  estadoSeguimiento: ESTADO_SEGUIMIENTO,
  motivoNoContacto: MOTIVO_NO_CONTACTO,
  tipoAlerta: TIPO_ALERTA,
  situacionLaboral: SITUACION_LABORAL,
  estabilidadVivienda: ESTABILIDAD_VIVIENDA,
  nivelRiesgo: NIVEL_RIESGO,
  tipoEvaluacionRiesgo: TIPO_EVALUACION_RIESGO,
  ocasionEvaluacionRiesgo: OCASION_EVALUACION_RIESGO,
  factorRiesgo: FACTOR_RIESGO,
  valorFactor: VALOR_FACTOR,
  modalidadServicio: MODALIDAD_SERVICIO,
  fuenteFinanciamiento: FUENTE_FINANCIAMIENTO,
  estadoDerivacion: ESTADO_DERIVACION,
  motivoDerivacion: MOTIVO_DERIVACION,
  urgenciaDerivacion: URGENCIA_DERIVACION,
  motivoRechazo: MOTIVO_RECHAZO,
  grupoDatosCompartidos: GRUPO_DATOS_COMPARTIDOS,
  baseLegalCompartir: BASE_LEGAL_COMPARTIR,
  formaConsentimiento: FORMA_CONSENTIMIENTO,
  finalidadConsentimiento: FINALIDAD_CONSENTIMIENTO,
  otorgadoPor: OTORGADO_POR,
  tipoServicio: TIPO_SERVICIO,
  dimensionReintegracion: DIMENSION_REINTEGRACION,
  estadoPlan: ESTADO_PLAN,
  estadoObjetivo: ESTADO_OBJETIVO,
  lugarReintegracion: LUGAR_REINTEGRACION,
  participacionPersona: PARTICIPACION_PERSONA,
  tipoAlojamiento: TIPO_ALOJAMIENTO,
  estadoAlojamiento: ESTADO_ALOJAMIENTO,
  baseLegalAlojamiento: BASE_LEGAL_ALOJAMIENTO,
  motivoEgreso: MOTIVO_EGRESO,
  etapaProcesal: ETAPA_PROCESAL,
  resultadoProceso: RESULTADO_PROCESO,
  medidaProteccion: MEDIDA_PROTECCION,
  motivoCierre: MOTIVO_CIERRE,
} as const;

/** Titles of the lists above, for messages that name a list ("not a valid code of …"). */
export const FOLLOWUP_LIST_TITLES: Record<keyof typeof FOLLOWUP_CODE_LISTS, [es: string, en: string]> = {
  modalidadSeguimiento: ['modalidad del seguimiento', 'follow-up mode'],
  estadoSeguimiento: ['estado del seguimiento', 'follow-up state'],
  motivoNoContacto: ['motivo de no contacto', 'reason for no contact'],
  tipoAlerta: ['tipo de alerta', 'alert type'],
  situacionLaboral: ['situación laboral', 'employment situation'],
  estabilidadVivienda: ['estabilidad de la vivienda', 'housing stability'],
  nivelRiesgo: ['nivel de riesgo', 'risk level'],
  tipoEvaluacionRiesgo: ['tipo de evaluación de riesgo', 'risk assessment type'],
  ocasionEvaluacionRiesgo: ['ocasión de la evaluación', 'occasion of the assessment'],
  factorRiesgo: ['factor de riesgo', 'risk factor'],
  valorFactor: ['valor del factor', 'factor value'],
  modalidadServicio: ['modalidad del servicio', 'service mode'],
  fuenteFinanciamiento: ['fuente de financiamiento', 'funding source'],
  estadoDerivacion: ['estado de la derivación', 'referral state'],
  motivoDerivacion: ['motivo de la derivación', 'referral reason'],
  urgenciaDerivacion: ['urgencia', 'urgency'],
  motivoRechazo: ['motivo de rechazo', 'rejection reason'],
  grupoDatosCompartidos: ['datos compartidos', 'shared data'],
  baseLegalCompartir: ['base legal', 'legal basis'],
  formaConsentimiento: ['forma del consentimiento', 'form of consent'],
  finalidadConsentimiento: ['finalidad del consentimiento', 'purpose of the consent'],
  otorgadoPor: ['otorgado por', 'given by'],
  tipoServicio: ['tipo de servicio', 'service type'],
  dimensionReintegracion: ['dimensión de reintegración', 'reintegration dimension'],
  estadoPlan: ['estado del plan', 'plan state'],
  estadoObjetivo: ['estado del objetivo', 'goal state'],
  lugarReintegracion: ['lugar de reintegración', 'place of reintegration'],
  participacionPersona: ['participación de la persona', 'participation of the person'],
  tipoAlojamiento: ['tipo de alojamiento', 'lodging type'],
  estadoAlojamiento: ['estado del alojamiento', 'shelter stay state'],
  baseLegalAlojamiento: ['base legal del alojamiento', 'legal basis of the stay'],
  motivoEgreso: ['motivo de egreso', 'reason for leaving'],
  etapaProcesal: ['etapa procesal', 'procedural stage'],
  resultadoProceso: ['resultado del proceso', 'outcome of the proceeding'],
  medidaProteccion: ['medida de protección', 'protection measure'],
  motivoCierre: ['motivo de cierre', 'closure reason'],
};
