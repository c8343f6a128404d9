// Typed schemas shared by the server and the web app (the OpenCRVS model): one definition of what
// a valid person or case file is. Error messages are message keys (see messages.ts), translated
// where they are shown, so the same rule speaks Spanish or English.
import { z } from 'zod';
import {
  CONDICION_TRATA,
  DISCAPACIDAD,
  ENTIDAD_DETERMINA,
  ESTADO_EXPEDIENTE,
  FINALIDAD_EXPLOTACION,
  FUENTE_DETECCION,
  IDENTIDAD_GENERO,
  LENGUA,
  MEDIO_COMISIVO,
  MEDIO_CONTROL,
  METODO_CAPTACION,
  SEXO,
  SI_NO,
  TIPO_DOCUMENTO,
  TIPO_EXPLOTACION,
  type CodeList,
} from './code-lists.ts';
import { DIMENSION_REINTEGRACION, ESTADO_OBJETIVO, MOTIVO_CIERRE } from './code-lists-followup.ts';
import { isCountry } from './country-codes.ts';
import { ISO_DAY, isInFuture, parsePartialDate, todayInPeru } from './dates.ts';
import { isUbigeo } from './ubigeo-codes.ts';
import { validateDocumentNumber } from './documents.ts';

/** A value of a code list; unknown codes are refused with the list's name. */
export function code(list: CodeList) {
  return z.enum(list.values.map((v) => v.code) as [string, ...string[]], { error: `invalid.code:${list.name}` });
}

/**
 * A multi-select over a code list. The no-value codes (unknown, declined, not applicable) stand
 * alone: "unknown" together with "sexual exploitation" says nothing coherent.
 */
export function codes(list: CodeList, options: { min?: number } = {}) {
  const noValue = new Set(list.values.filter((v) => v.noValue).map((v) => v.code));
  return z
    .array(code(list))
    .max(list.values.length)
    .refine((vs) => new Set(vs).size === vs.length, { error: 'invalid.duplicateValues' })
    .refine((vs) => vs.length <= 1 || !vs.some((v) => noValue.has(v)), { error: 'invalid.noValueAlone' })
    .refine((vs) => vs.length >= (options.min ?? 0), { error: 'invalid.required' });
}

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const MARKUP = /<\s*\/?\s*[a-zA-Z!?]/;

/** Free text: no control characters and no markup (it is shown to others; HTML is refused, not stored). */
export function freeText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `invalid.tooLong:${max}` })
    .refine((v) => !CONTROL_CHARS.test(v), { error: 'invalid.controlCharacters' })
    .refine((v) => !MARKUP.test(v), { error: 'invalid.markup' });
}

/** A personal name: letters of any script, combining marks, spaces, apostrophes, hyphens, dots. */
export const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M}' .\-’]*$/u;

export function personName(max = 80) {
  return z
    .string()
    .trim()
    .min(1, { error: 'invalid.required' })
    .max(max, { error: `invalid.tooLong:${max}` })
    .refine((v) => NAME_PATTERN.test(v), { error: 'invalid.nameCharacters' });
}

/** `YYYY-MM-DD`, a real calendar day, not after today in Peru. */
export const pastDay = z
  .string()
  .refine((v) => ISO_DAY.test(v) && parsePartialDate(v) !== undefined, { error: 'invalid.date' })
  .refine((v) => !ISO_DAY.test(v) || v <= todayInPeru(), { error: 'invalid.dateInFuture' });

/** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, real, not in the future, not before 1900. */
export const pastPartialDate = z
  .string()
  .refine((v) => parsePartialDate(v) !== undefined, { error: 'invalid.partialDate' })
  .refine((v) => {
    const d = parsePartialDate(v);
    return d === undefined || !isInFuture(d, todayInPeru());
  }, { error: 'invalid.dateInFuture' })
  .refine((v) => {
    const d = parsePartialDate(v);
    return d === undefined || d.year >= 1900;
  }, { error: 'invalid.dateTooOld' });

export const ubigeo = z.string().refine(isUbigeo, { error: 'invalid.ubigeo' });
export const country = z.string().refine(isCountry, { error: 'invalid.country' });

export const IdentityDocument = z
  .object({
    type: code(TIPO_DOCUMENTO),
    number: z.string().trim().max(20, { error: 'invalid.tooLong:20' }).optional(),
    issuingCountry: country.optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const problem = validateDocumentNumber(doc.type, doc.number);
    if (problem) ctx.addIssue({ code: 'custom', path: ['number'], message: problem });
  });
export type IdentityDocument = z.infer<typeof IdentityDocument>;

const personFields = {
  givenNames: personName(100).optional(),
  paternalSurname: personName().optional(),
  maternalSurname: personName().optional(),
  /** The name as one string, when a source holds it so. */
  fullName: personName(200).optional(),
  socialName: personName(100).optional(),
  aliases: z.array(personName(100)).max(10).optional(),
  /** How to recognise the person while no name is known ("adolescente 2 del operativo del 12/03"). */
  identificationDescription: freeText(300).optional(),
  sex: code(SEXO),
  genderIdentity: code(IDENTIDAD_GENERO).optional(),
  birthDate: pastPartialDate.optional(),
  estimatedAge: z.number().int({ error: 'invalid.integer' }).min(0, { error: 'invalid.age' }).max(120, { error: 'invalid.age' }).optional(),
  nationalities: z
    .array(z.string().refine((v) => v === 'DESCONOCIDO' || isCountry(v), { error: 'invalid.country' }))
    .min(1, { error: 'invalid.required' })
    .max(5)
    .refine((vs) => vs.length <= 1 || !vs.includes('DESCONOCIDO'), { error: 'invalid.noValueAlone' }),
  documents: z.array(IdentityDocument).max(10).default([]),
  motherTongue: code(LENGUA).optional(),
  otherLanguages: codes(LENGUA).optional(),
  needsInterpreter: z.boolean().optional(),
  disabilities: codes(DISCAPACIDAD).optional(),
  indigenousPeople: freeText(100).optional(),
};

const NAME_KEYS = ['givenNames', 'paternalSurname', 'maternalSurname', 'fullName', 'aliases', 'identificationDescription'] as const;

function hasSomeName(p: Partial<Record<(typeof NAME_KEYS)[number], unknown>>): boolean {
  return NAME_KEYS.some((k) => {
    const v = p[k];
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '';
  });
}

export const PersonInput = z
  .object(personFields)
  .strict()
  .refine(hasSomeName, { error: 'invalid.personNeedsName', path: ['givenNames'] })
  .refine((p) => !(p.birthDate && p.estimatedAge !== undefined), { error: 'invalid.birthDateOrAge', path: ['estimatedAge'] });
export type PersonInput = z.infer<typeof PersonInput>;

/** A field of a change: its default must not apply, or an absent field would reset the record. */
function withoutDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.removeDefault() as z.ZodType) : schema;
}

/** A change to a person: any subset of the fields; `null` clears an optional field. */
export const PersonChanges = z
  .object(
    Object.fromEntries(
      Object.entries(personFields).map(([k, s]) => [k, k === 'sex' || k === 'nationalities' ? withoutDefault(s).optional() : withoutDefault(s).nullable().optional()]),
    ) as { [K in keyof typeof personFields]: z.ZodOptional<z.ZodNullable<(typeof personFields)[K]>> },
  )
  .strict();
export type PersonChanges = z.infer<typeof PersonChanges>;

export const Place = z
  .object({
    country,
    ubigeo: ubigeo.optional(),
    description: freeText(300).optional(),
  })
  .strict()
  .refine((p) => p.ubigeo === undefined || p.country === 'PER', { error: 'invalid.ubigeoOutsidePeru', path: ['ubigeo'] });
export type Place = z.infer<typeof Place>;

const caseFields = {
  detectionDate: pastDay,
  detectionSource: code(FUENTE_DETECCION),
  /** Department (or finer ubigeo) where the person was detected: minimal data of §8.1. */
  detectionUbigeo: ubigeo,
  /** Child at detection (NNA): derived from the birth date when known, else recorded. */
  minorAtDetection: code(SI_NO).default('DESCONOCIDO'),
  traffickingStatus: code(CONDICION_TRATA).default('PRESUNTA_VICTIMA'),
  statusDeterminedBy: code(ENTIDAD_DETERMINA).optional(),
  statusDeterminedOn: pastDay.optional(),
  legalPurposes: codes(FINALIDAD_EXPLOTACION, { min: 1 }),
  exploitationTypes: codes(TIPO_EXPLOTACION, { min: 1 }),
  meansOfControl: codes(MEDIO_CONTROL).default([]),
  legalMeans: codes(MEDIO_COMISIVO).default([]),
  recruitmentMethods: codes(METODO_CAPTACION).default([]),
  recruitmentPlace: Place.optional(),
  recruitmentDate: pastPartialDate.optional(),
  exploitationPlaces: z.array(Place).max(20).default([]),
  /** Restricted to the case team; never exported. */
  confidentialNotes: freeText(5000).optional(),
};

export const CaseFileInput = z.object(caseFields).strict();
export type CaseFileInput = z.infer<typeof CaseFileInput>;

export const CaseFileChanges = z
  .object(
    Object.fromEntries(Object.entries(caseFields).map(([k, s]) => [k, withoutDefault(s).optional()])) as {
      [K in keyof typeof caseFields]: z.ZodOptional<(typeof caseFields)[K]>;
    },
  )
  .strict();
export type CaseFileChanges = z.infer<typeof CaseFileChanges>;

/** POST /api/case-files: a new person with her first case file, or a new file for a known person. */
export const RegisterCaseRequest = z
  .object({
    person: PersonInput.optional(),
    personId: z.uuid({ error: 'invalid.id' }).optional(),
    caseFile: CaseFileInput,
  })
  .strict()
  .refine((r) => (r.person === undefined) !== (r.personId === undefined), { error: 'invalid.personOrPersonId', path: ['person'] });
export type RegisterCaseRequest = z.infer<typeof RegisterCaseRequest>;

export const Version = z.number().int({ error: 'invalid.integer' }).min(1, { error: 'invalid.version' });

export const UpdateCaseRequest = z
  .object({ version: Version, changes: CaseFileChanges, reason: freeText(500).optional() })
  .strict();
export type UpdateCaseRequest = z.infer<typeof UpdateCaseRequest>;

export const UpdatePersonRequest = z
  .object({ version: Version, changes: PersonChanges, reason: freeText(500).optional() })
  .strict();
export type UpdatePersonRequest = z.infer<typeof UpdatePersonRequest>;

export const TransitionRequest = z
  .object({
    version: Version,
    to: code(ESTADO_EXPEDIENTE),
    reason: freeText(1000).optional(),
    /** Date by which a suspended file must be reviewed (§8.1). */
    reviewDate: z.string().refine((v) => ISO_DAY.test(v) && parsePartialDate(v) !== undefined, { error: 'invalid.date' }).optional(),
    /** §6.15 The closure record: required to close the file (CERRADO). */
    closure: z
      .object({
        closedOn: pastDay,
        motive: code(MOTIVO_CIERRE),
        acceptsLaterContact: z.boolean({ error: 'invalid.required' }),
        finalEvaluation: z.array(z.object({ dimension: code(DIMENSION_REINTEGRACION), result: code(ESTADO_OBJETIVO) }).strict()).max(20).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();
export type TransitionRequest = z.infer<typeof TransitionRequest>;

/** A supervisor approves a proposed closure (§8.1, four eyes). */
export const ApproveClosureRequest = z.object({ version: Version }).strict();
export type ApproveClosureRequest = z.infer<typeof ApproveClosureRequest>;

/** A supervisor returns a proposed closure, saying why. */
export const ReturnClosureRequest = z.object({ version: Version, reason: freeText(1000).refine((v) => v.length > 0, { error: 'invalid.required' }) }).strict();
export type ReturnClosureRequest = z.infer<typeof ReturnClosureRequest>;

export const LoginRequest = z
  .object({
    username: z.string().trim().min(1, { error: 'invalid.required' }).max(100),
    password: z.string().min(1, { error: 'invalid.required' }).max(200),
  })
  .strict();

export const ChangePasswordRequest = z
  .object({
    currentPassword: z.string().min(1, { error: 'invalid.required' }).max(200),
    newPassword: z.string().max(200).refine((p) => passwordProblem(p) === undefined, { error: 'invalid.weakPassword' }),
  })
  .strict();

/** At least 12 characters, not all of one kind: long enough to resist guessing, easy to type. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'invalid.weakPassword';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return kinds >= 3 ? undefined : 'invalid.weakPassword';
}

export const ListCasesQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    state: code(ESTADO_EXPEDIENTE).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;
