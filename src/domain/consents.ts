// The person's consent per purpose (domain-spec §6.9, §10.2–10.4): what it is for, with whom it
// lets her data be shared (a named agency and the field groups it needs, never a blanket "all"),
// how it was given and by whom, and its withdrawal. Children (§10.3): the legal representative or
// the protection authority consents, and the child's own view is recorded. Pure: no I/O.
import { z } from 'zod';
import { FINALIDAD_CONSENTIMIENTO, FORMA_CONSENTIMIENTO, OTORGADO_POR } from './code-lists-followup.ts';
import { FIELD_GROUPS, type FieldGroup } from './field-groups.ts';
import { ageRange, parsePartialDate } from './dates.ts';
import { code, freeText, pastDay } from './schemas.ts';

export type ConsentPurpose = (typeof FINALIDAD_CONSENTIMIENTO.values)[number]['code'];

/** The HTCDS checklist (§6.9): what the person was told before she consented. */
export const CONSENT_CHECKLIST = ['assent', 'purposeExplained', 'usesExplained', 'researchUse', 'rightToAccess', 'retention', 'howToWithdraw'] as const;
export type ConsentChecklistItem = (typeof CONSENT_CHECKLIST)[number];

/** Without these the consent is not informed: she must know what for, how it is used and how to withdraw. */
const INFORMED: readonly ConsentChecklistItem[] = ['purposeExplained', 'usesExplained', 'howToWithdraw'];

/** Groups whose sharing needs a written consent (sensitive data, §10.4): identity and clinical notes. */
const SENSITIVE_GROUPS: ReadonlySet<FieldGroup> = new Set(['G1', 'G3']);

/** Who may stand for a child (§10.3). */
export const FOR_A_CHILD: ReadonlySet<string> = new Set(['REPRESENTANTE_LEGAL', 'UPE_DPE_O_AUTORIDAD_TUTELAR']);

/** §10.2: a public image or testimony is never taken on one signature: the head of unit co-signs. */
export const CO_SIGNED_PURPOSES: ReadonlySet<string> = new Set(['IMAGEN_O_TESTIMONIO_PUBLICO']);

export const RecordConsentRequest = z
  .object({
    purpose: code(FINALIDAD_CONSENTIMIENTO),
    /** False records a refusal: it is kept too, so nobody asks for what she already declined. */
    granted: z.boolean({ error: 'invalid.required' }),
    form: code(FORMA_CONSENTIMIENTO),
    givenBy: code(OTORGADO_POR),
    givenOn: pastDay,
    /** COMPARTIR_CON_ENTIDAD only: the agency (its key) and the field groups the consent covers. */
    agency: z.string().trim().min(1, { error: 'invalid.required' }).max(20).optional(),
    groups: z.array(z.enum(FIELD_GROUPS, { error: 'invalid.value' })).max(6).optional(),
    checklist: z.object(Object.fromEntries(CONSENT_CHECKLIST.map((item) => [item, z.boolean({ error: 'invalid.required' })])) as Record<ConsentChecklistItem, z.ZodBoolean>).strict(),
    /** The language the consent was given in (ISO 639), and whether an interpreter helped. */
    language: z.string().trim().regex(/^[a-z]{2,3}$/, { error: 'invalid.value' }),
    interpreter: z.boolean({ error: 'invalid.required' }),
    /** For a child: her or his own view, in her or his words (sealed). */
    childOpinion: freeText(2000).optional(),
  })
  .strict();
export type RecordConsentRequest = z.infer<typeof RecordConsentRequest>;

export const WithdrawConsentRequest = z
  .object({
    withdrawnOn: pastDay,
    /** Who asked for the withdrawal and how; sealed with the person's data. */
    reason: freeText(1000).optional(),
  })
  .strict();
export type WithdrawConsentRequest = z.infer<typeof WithdrawConsentRequest>;

export interface ConsentFacts {
  request: RecordConsentRequest;
  /** Child at detection: SI, NO or unknown (DESCONOCIDO). */
  minor: string;
  /** She was of age on the day she consented (§10.3): she consents herself, whatever she was at detection. */
  adultWhenGiven?: boolean | undefined;
}

/** Why this consent cannot be recorded as given; empty when it can. */
export function consentProblems({ request: r, minor: atDetection, adultWhenGiven }: ConsentFacts): { path: string; key: string }[] {
  const problems: { path: string; key: string }[] = [];
  const minor = adultWhenGiven ? 'NO' : atDetection;
  const sharing = r.purpose === 'COMPARTIR_CON_ENTIDAD';
  if (sharing) {
    if (!r.agency) problems.push({ path: 'agency', key: 'consent.agencyRequired' });
    if (!r.groups || r.groups.length === 0) problems.push({ path: 'groups', key: 'invalid.required' });
    if (r.groups?.includes('G6')) problems.push({ path: 'groups', key: 'invalid.shelterNeverShared' });
  } else {
    if (r.agency !== undefined) problems.push({ path: 'agency', key: 'consent.agencyOnlyForSharing' });
    if (r.groups !== undefined) problems.push({ path: 'groups', key: 'consent.agencyOnlyForSharing' });
  }
  if (minor === 'SI') {
    if (!FOR_A_CHILD.has(r.givenBy)) problems.push({ path: 'givenBy', key: 'consent.childByRepresentative' });
    if (!r.childOpinion) problems.push({ path: 'childOpinion', key: 'consent.childOpinionRequired' });
  } else if (r.childOpinion !== undefined && minor === 'NO') {
    problems.push({ path: 'childOpinion', key: 'consent.childOpinionOnlyForChildren' });
  }
  if (r.granted) {
    const sensitive = r.purpose === 'TRATAMIENTO_DATOS_SENSIBLES' || (sharing && (r.groups ?? []).some((g) => SENSITIVE_GROUPS.has(g)));
    if (sensitive && r.form === 'VERBAL_REGISTRADA') problems.push({ path: 'form', key: 'consent.writtenForSensitive' });
    for (const item of INFORMED) if (!r.checklist[item]) problems.push({ path: `checklist.${item}`, key: 'consent.notInformed' });
    // §10.2: consent to a public image or testimony defaults to no, and is in writing: it waits for the co-signature.
    if (CO_SIGNED_PURPOSES.has(r.purpose) && r.form === 'VERBAL_REGISTRADA') problems.push({ path: 'form', key: 'consent.writtenForSensitive' });
  }
  return problems;
}

/** Whether a consent given waits for a second signature before it holds (§10.2). */
export function needsCoSignature(consent: { purpose: string; granted: boolean }): boolean {
  return consent.granted && CO_SIGNED_PURPOSES.has(consent.purpose);
}

export interface ConsentState {
  granted: boolean;
  withdrawnAt: string | null;
  /** Given by a representative for a child who has come of age since: historical basis only (§10.3). */
  lapsedAt?: string | null | undefined;
  /** Given for a purpose that needs a co-signature, and not co-signed yet. */
  awaitingCoSignature?: boolean | undefined;
}

/** Whether a consent recorded as given still holds. */
export function consentInForce(consent: ConsentState): boolean {
  return consent.granted && consent.withdrawnAt === null && !consent.lapsedAt && consent.awaitingCoSignature !== true;
}

/** Years a person's age, given only as an estimate when she was registered, has grown since. */
function yearsBetween(from: string, to: string): number {
  return ageRange({ year: Number(from.slice(0, 4)), month: Number(from.slice(5, 7)), day: Number(from.slice(8, 10)), precision: 'EXACTA' }, to)[0];
}

/**
 * Whether the person is surely an adult on `today` (§10.3, transition at 18): from her birth date
 * (a partial one counts from its latest possible day), else from the age estimated when she was
 * registered (`estimatedOn`) plus the years since. Unknown age: not known to be an adult.
 */
export function adultOn(person: { birthDate?: string | undefined; estimatedAge?: number | undefined; estimatedOn?: string | undefined }, today: string): boolean {
  const birth = person.birthDate ? parsePartialDate(person.birthDate) : undefined;
  if (birth) return ageRange(birth, today)[0] >= 18;
  if (person.estimatedAge !== undefined && person.estimatedOn) return person.estimatedAge + yearsBetween(person.estimatedOn.slice(0, 10), today) >= 18;
  return false;
}

/** The first day on which she is surely an adult, searched from `today` up to `days` ahead; undefined when later or unknown. */
export function comesOfAgeWithin(person: Parameters<typeof adultOn>[0], today: string, days: number): string | undefined {
  const start = Date.parse(`${today}T00:00:00Z`);
  for (let i = 0; i <= days; i++) {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    if (adultOn(person, day)) return day;
  }
  return undefined;
}

/**
 * A consent a representative gave for her while she was a child, and she is an adult on `today`:
 * it lapses (historical basis only) and she must give her own (§10.3).
 */
export function lapsesOn(consent: { givenBy: string; givenOn: string; granted: boolean; withdrawnAt: string | null }, person: Parameters<typeof adultOn>[0], today: string): boolean {
  return consent.granted && consent.withdrawnAt === null && FOR_A_CHILD.has(consent.givenBy) && !adultOn(person, consent.givenOn) && adultOn(person, today);
}
