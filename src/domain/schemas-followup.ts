// What a valid follow-up, referral, plan, shelter stay, service or procedural step is: zod schemas
// shared by the server and the web app. Messages are keys (messages-followup.ts). Every block of a
// follow-up is optional, and each question offers "declined to answer" (§10.1: the right not to answer).
import { z } from 'zod';
import { ENTIDAD, SI_NO } from './code-lists.ts';
import {
  BASE_LEGAL_ALOJAMIENTO,
  BASE_LEGAL_COMPARTIR,
  DIMENSION_REINTEGRACION,
  ESTABILIDAD_VIVIENDA,
  ESTADO_ALOJAMIENTO,
  ESTADO_DERIVACION,
  ESTADO_OBJETIVO,
  ESTADO_PLAN,
  ETAPA_PROCESAL,
  FACTOR_RIESGO,
  FUENTE_FINANCIAMIENTO,
  MODALIDAD_SERVICIO,
  OCASION_EVALUACION_RIESGO,
  TIPO_EVALUACION_RIESGO,
  VALOR_FACTOR,
  FORMA_CONSENTIMIENTO,
  GRUPO_DATOS_COMPARTIDOS,
  LUGAR_REINTEGRACION,
  MEDIDA_PROTECCION,
  MODALIDAD_SEGUIMIENTO,
  MOTIVO_DERIVACION,
  MOTIVO_EGRESO,
  MOTIVO_NO_CONTACTO,
  MOTIVO_RECHAZO,
  NIVEL_RIESGO,
  OTORGADO_POR,
  PARTICIPACION_PERSONA,
  RESULTADO_PROCESO,
  SITUACION_LABORAL,
  TIPO_ALERTA,
  TIPO_ALOJAMIENTO,
  TIPO_SERVICIO,
  URGENCIA_DERIVACION,
} from './code-lists-followup.ts';
import { ISO_DAY, parsePartialDate } from './dates.ts';
import { decodeWorklistCursor, WORKLIST_LISTS } from './followups.ts';
import { code, codes, country, freeText, pastDay, ubigeo, Version } from './schemas.ts';

/** Any real calendar day, past or future (a due date, a target date). */
export const anyDay = z.string().refine((v) => ISO_DAY.test(v) && parsePartialDate(v) !== undefined, { error: 'invalid.date' });

const yesNo = code(SI_NO).optional();
const scale = z.number().int({ error: 'invalid.integer' }).min(1, { error: 'invalid.scale' }).max(5, { error: 'invalid.scale' }).optional();
const Id = z.uuid({ error: 'invalid.id' });

export const ScheduleFollowUpRequest = z
  .object({
    dueOn: anyDay,
    modality: code(MODALIDAD_SEGUIMIENTO),
    assignedUserId: Id.optional(),
    purpose: freeText(500).optional(),
  })
  .strict();
export type ScheduleFollowUpRequest = z.infer<typeof ScheduleFollowUpRequest>;

/** §9.2: what a follow-up contact records, block by block. */
export const FollowUpContent = z
  .object({
    safety: z.object({ threats: yesNo, feelsSafe: scale, changedResidence: yesNo, needsProtection: yesNo }).strict().optional(),
    health: z.object({ physical: scale, healthInsurance: yesNo, pregnancyCare: yesNo, problematicUse: yesNo }).strict().optional(),
    psychosocial: z.object({ attendsTherapy: yesNo, wellbeing: scale, suicideRisk: yesNo, supportNetwork: yesNo }).strict().optional(),
    legal: z.object({ stage: code(ETAPA_PROCESAL).optional(), nextHearingOn: anyDay.optional(), accompanimentNeeded: yesNo, documentsInProcess: yesNo, reparationPaid: yesNo }).strict().optional(),
    education: z.object({ enrolled: yesNo, level: freeText(100).optional(), attending: yesNo }).strict().optional(),
    employment: z.object({ situation: code(SITUACION_LABORAL).optional(), sufficientIncome: yesNo, socialProgramme: yesNo }).strict().optional(),
    housing: z.object({ stability: code(ESTABILIDAD_VIVIENDA).optional(), livesWith: freeText(200).optional() }).strict().optional(),
    family: z.object({ relationship: freeText(300).optional(), reunification: yesNo, dependants: yesNo }).strict().optional(),
    goalProgress: z.array(z.object({ goalId: Id, status: code(ESTADO_OBJETIVO), comment: freeText(500).optional() }).strict()).max(40).optional(),
    reTraffickingRisk: code(NIVEL_RIESGO).optional(),
    newNeeds: freeText(1000).optional(),
    satisfaction: scale,
    agreements: freeText(2000).optional(),
    notes: freeText(5000).optional(),
  })
  .strict();
export type FollowUpContent = z.infer<typeof FollowUpContent>;

export const RecordFollowUpRequest = z
  .object({
    version: Version,
    outcome: z.enum(['REALIZADO', 'NO_CONTACTADO'], { error: 'invalid.value' }),
    doneOn: pastDay,
    modality: code(MODALIDAD_SEGUIMIENTO).optional(),
    noContactReason: code(MOTIVO_NO_CONTACTO).optional(),
    /** An alert raised at this contact: notifies the supervisor (§9.2). */
    alert: code(TIPO_ALERTA).optional(),
    content: FollowUpContent.default({}),
    nextDueOn: anyDay.optional(),
    nextModality: code(MODALIDAD_SEGUIMIENTO).optional(),
  })
  .strict();
export type RecordFollowUpRequest = z.infer<typeof RecordFollowUpRequest>;

export const CancelFollowUpRequest = z.object({ version: Version, reason: freeText(1000) }).strict();
export type CancelFollowUpRequest = z.infer<typeof CancelFollowUpRequest>;

export const ConsentInput = z
  .object({ givenOn: pastDay, form: code(FORMA_CONSENTIMIENTO), givenBy: code(OTORGADO_POR), coversDestination: z.boolean(), consentId: Id.optional() })
  .strict();

export const CreateReferralRequest = z
  .object({
    toUnitId: Id,
    toUserId: Id.optional(),
    motive: code(MOTIVO_DERIVACION),
    services: codes(TIPO_SERVICIO).default([]),
    urgency: code(URGENCIA_DERIVACION),
    /** The receiver becomes the lead care agency (not only a service). */
    transfersLead: z.boolean().default(false),
    basis: code(BASE_LEGAL_COMPARTIR),
    consent: ConsentInput.optional(),
    sharedGroups: codes(GRUPO_DATOS_COMPARTIDOS, { min: 1 }),
    /** Logistics for the receiver; never a shelter's address (§6.8). */
    note: freeText(2000).optional(),
    /** Send at once (default) or keep as a draft. */
    send: z.boolean().default(true),
  })
  .strict();
export type CreateReferralRequest = z.infer<typeof CreateReferralRequest>;

export const ReferralTransitionRequest = z
  .object({
    version: Version,
    to: code(ESTADO_DERIVACION),
    rejectionReason: code(MOTIVO_RECHAZO).optional(),
    reason: freeText(1000).optional(),
    /** On acceptance: the worker who takes the case. */
    assignedUserId: Id.optional(),
  })
  .strict();
export type ReferralTransitionRequest = z.infer<typeof ReferralTransitionRequest>;

export const ListReferralsQuery = z
  .object({
    box: z.enum(['inbox', 'outbox'], { error: 'invalid.value' }).default('inbox'),
    state: code(ESTADO_DERIVACION).optional(),
  })
  .strict();

export const PlanGoal = z
  .object({
    id: Id.optional(),
    dimension: code(DIMENSION_REINTEGRACION),
    objective: freeText(1000).pipe(z.string().min(1, { error: 'invalid.required' })),
    actions: freeText(2000).optional(),
    indicator: freeText(300).optional(),
    responsibleEntity: code(ENTIDAD),
    targetDate: anyDay.optional(),
    status: code(ESTADO_OBJETIVO).default('PENDIENTE'),
  })
  .strict();
export type PlanGoalInput = z.infer<typeof PlanGoal>;

export const PlanContent = z
  .object({
    place: code(LUGAR_REINTEGRACION).optional(),
    ubigeo: ubigeo.optional(),
    country: country.optional(),
    participation: code(PARTICIPACION_PERSONA).optional(),
    participationJustification: freeText(1000).optional(),
    signed: z.boolean().optional(),
    plannedEndOn: anyDay.optional(),
    goals: z.array(PlanGoal).max(40).default([]),
  })
  .strict();
export type PlanContentInput = z.infer<typeof PlanContent>;

export const UpdatePlanRequest = z.object({ version: Version, content: PlanContent }).strict();
export const PlanTransitionRequest = z.object({ version: Version, to: code(ESTADO_PLAN), reason: freeText(1000).optional() }).strict();
export const GoalProgressRequest = z.object({ version: Version, goalId: Id, status: code(ESTADO_OBJETIVO), comment: freeText(500).optional() }).strict();

export const CreateShelterStayRequest = z
  .object({
    kind: code(TIPO_ALOJAMIENTO),
    shelterUnitId: Id.optional(),
    legalBasis: code(BASE_LEGAL_ALOJAMIENTO).optional(),
    note: freeText(1000).optional(),
  })
  .strict();
export type CreateShelterStayRequest = z.infer<typeof CreateShelterStayRequest>;
export const ShelterStayTransitionRequest = z
  .object({ version: Version, to: code(ESTADO_ALOJAMIENTO), on: pastDay, exitReason: code(MOTIVO_EGRESO).optional(), reason: freeText(1000).optional() })
  .strict();
export type ShelterStayTransitionRequest = z.infer<typeof ShelterStayTransitionRequest>;
export const ShelterCapacityRequest = z.object({ capacity: z.number().int({ error: 'invalid.integer' }).min(0, { error: 'invalid.value' }).max(10_000, { error: 'invalid.value' }) }).strict();

export const RecordServiceRequest = z
  .object({
    kind: code(TIPO_SERVICIO),
    deliveredOn: pastDay,
    modality: code(MODALIDAD_SERVICIO),
    durationMinutes: z.number().int({ error: 'invalid.integer' }).min(1, { error: 'invalid.value' }).max(1440, { error: 'invalid.value' }).optional(),
    /** Who delivered it: a professional, or another institution for the unit. */
    provider: freeText(200).optional(),
    fundingSource: code(FUENTE_FINANCIAMIENTO).optional(),
    note: freeText(2000).optional(),
  })
  .strict();
export type RecordServiceRequest = z.infer<typeof RecordServiceRequest>;

export const CreateProceedingRequest = z
  .object({
    stage: code(ETAPA_PROCESAL).default('DENUNCIA_REGISTRADA'),
    stageOn: pastDay,
    policeReportNumber: freeText(50).optional(),
    prosecutorFileNumber: freeText(50).optional(),
    courtFileNumber: freeText(50).optional(),
    protectionMeasures: codes(MEDIDA_PROTECCION).default([]),
    victimIsCivilParty: z.boolean().optional(),
  })
  .strict();
export type CreateProceedingRequest = z.infer<typeof CreateProceedingRequest>;

/** Facts learnt as the proceeding goes on: a file number given, a measure granted, reparation paid. */
export const UpdateProceedingRequest = z
  .object({
    version: Version,
    policeReportNumber: freeText(50).optional(),
    prosecutorFileNumber: freeText(50).optional(),
    courtFileNumber: freeText(50).optional(),
    protectionMeasures: codes(MEDIDA_PROTECCION).optional(),
    victimIsCivilParty: z.boolean().optional(),
    reparationOrderedPen: z.number().min(0, { error: 'invalid.value' }).max(1e9, { error: 'invalid.value' }).optional(),
    reparationPaidPen: z.number().min(0, { error: 'invalid.value' }).max(1e9, { error: 'invalid.value' }).optional(),
  })
  .strict();
export type UpdateProceedingRequest = z.infer<typeof UpdateProceedingRequest>;
export const ProceedingStageRequest = z
  .object({
    version: Version,
    to: code(ETAPA_PROCESAL),
    on: pastDay,
    outcome: code(RESULTADO_PROCESO).optional(),
    victimParticipated: z.boolean().optional(),
    reparationOrderedPen: z.number().min(0).max(1e9).optional(),
    reparationPaidPen: z.number().min(0).max(1e9).optional(),
    protectionMeasures: codes(MEDIDA_PROTECCION).optional(),
    note: freeText(1000).optional(),
  })
  .strict();
export type ProceedingStageRequest = z.infer<typeof ProceedingStageRequest>;

/** §6.10 A risk assessment, at intake or when circumstances change. */
export const RiskAssessmentRequest = z
  .object({
    kind: code(TIPO_EVALUACION_RIESGO),
    occasion: code(OCASION_EVALUACION_RIESGO),
    level: code(NIVEL_RIESGO),
    assessedOn: pastDay,
    nextReviewOn: anyDay.optional(),
    factors: z.array(z.object({ factor: code(FACTOR_RIESGO), value: code(VALOR_FACTOR) }).strict()).max(40).default([]),
    /** What is agreed to keep the person safe; never a shelter's address. */
    safetyPlan: freeText(3000).optional(),
    note: freeText(2000).optional(),
  })
  .strict();
export type RiskAssessmentRequest = z.infer<typeof RiskAssessmentRequest>;

export const WorklistQuery = z
  .object({
    scope: z.enum(['unit', 'mine'], { error: 'invalid.value' }).default('unit'),
    noContactDays: z.coerce.number().int().min(1).max(365).default(30),
    /** Items per list: a page a case worker reads at a glance; the rest page by page. */
    limit: z.coerce.number().int().min(1).max(200).default(25),
    /** One list only (the next page of it), instead of the first page of every list. */
    list: z.enum(WORKLIST_LISTS, { error: 'invalid.value' }).optional(),
    /** The `next` cursor the previous page of `list` gave. */
    after: z.string().max(400).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.after === undefined) return;
    if (!q.list) ctx.addIssue({ code: 'custom', path: ['list'], message: 'invalid.required' });
    else if (!decodeWorklistCursor(q.list, q.after)) ctx.addIssue({ code: 'custom', path: ['after'], message: 'invalid.cursor' });
  });
export type WorklistQuery = z.infer<typeof WorklistQuery>;
