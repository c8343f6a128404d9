// A mapped row as a registration: the person, and her case file when the source holds case data.
// The mapping layer checks each field; here the case file must also be complete (the schema's
// required fields), since a record is registered whole or not at all.
import { minorAtDetection } from '../domain/records.ts';
import { CaseFileInput, type PersonInput } from '../domain/schemas.ts';
import { fieldErrors } from '../domain/validation.ts';
import type { FieldProblem, InvestigationData, MappedRecord, ResidenceData } from './map.ts';
import { bilingual } from './messages.ts';

/** What a row holds that our records have no field for yet; kept sealed beside the record. */
export interface ImportExtra {
  investigation?: InvestigationData;
  residence?: ResidenceData;
  care?: { admissionDate?: string };
}

export type Registration =
  | { ok: true; person: PersonInput; caseFile?: CaseFileInput; extra?: ImportExtra }
  | { ok: false; problems: FieldProblem[] };

/**
 * The fields a case file cannot be registered without: those whose schema refuses their absence.
 * The mapping layer has already validated (and defaulted) every field it found with the same
 * schemas, made optional; a case file holding all of these needs no second pass.
 */
const REQUIRED_CASE_FIELDS = Object.entries(CaseFileInput.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([field]) => field);

/**
 * A mapped record ready to register, or the reasons it cannot be. Without a detection date a
 * shelter's admission date stands for it: the day the agency came to know of the victim.
 */
export function toRegistration(record: MappedRecord): Registration {
  const extra: ImportExtra = {};
  if (record.investigation) extra.investigation = record.investigation;
  if (record.residence) extra.residence = record.residence;
  if (record.care) extra.care = record.care;
  const withExtra = Object.keys(extra).length > 0 ? { extra } : {};
  if (!record.caseFile) return { ok: true, person: record.person, ...withExtra };
  const draft = { ...record.caseFile };
  if (draft.detectionDate === undefined && record.care?.admissionDate) draft.detectionDate = record.care.admissionDate;
  // Validated once: what the mapping layer parsed is only checked for the fields it may lack.
  // A substituted detection date, or a missing field, goes through the whole schema for its messages.
  const parsed =
    draft.detectionDate === record.caseFile.detectionDate && REQUIRED_CASE_FIELDS.every((field) => (draft as Record<string, unknown>)[field] !== undefined)
      ? { success: true as const, data: draft as CaseFileInput }
      : CaseFileInput.safeParse(draft);
  if (!parsed.success) {
    const es = fieldErrors(parsed.error, 'es', ['caseFile'], draft);
    const en = fieldErrors(parsed.error, 'en', ['caseFile'], draft);
    return { ok: false, problems: es.map((e, i) => ({ field: e.path, key: parsed.error.issues[i]?.message ?? 'invalid', es: e.message, en: en[i]?.message ?? e.message })) };
  }
  const minor = minorAtDetection(record.person, parsed.data.detectionDate, parsed.data.minorAtDetection);
  if (minor.conflict) return { ok: false, problems: [{ field: 'caseFile.minorAtDetection', key: 'invalid.minorInconsistent', ...bilingual('invalid.minorInconsistent') }] };
  return { ok: true, person: record.person, caseFile: { ...parsed.data, minorAtDetection: minor.value }, ...withExtra };
}
