// Mapping profiles: a declarative, JSON-serialisable description of one source's layout — which
// column is which of our fields, which of its codes mean which of ours, its date formats, and its
// encoding and delimiter when they are fixed. Validated with zod so that an administrator's new
// profile is checked before it touches a file.
import { z } from 'zod';
import { CODE_FIELDS, type CodeField } from './codes.ts';
import { DATE_FORMATS } from './dates.ts';
import { DECLARED_ENCODINGS } from './decode.ts';

/** A column as its header reads; matched without regard to case, accents or surrounding spaces. */
const Column = z.string().trim().min(1).max(200);

export const PlaceMapping = z.union([
  Column,
  z
    .object({
      /** One column holding a code, a name or "district / province / department". */
      column: Column.optional(),
      department: Column.optional(),
      province: Column.optional(),
      district: Column.optional(),
      /** Level of the single `column` (ignored for department/province/district columns). */
      level: z.enum(['department', 'province', 'district', 'any']).default('any'),
      /** What the values are: names, INEI codes, RENIEC codes, or codes when digits (INEI) else names. */
      codes: z.enum(['NAME', 'INEI', 'RENIEC', 'AUTO']).default('AUTO'),
    })
    .strict()
    .refine((p) => p.column || p.department || p.province || p.district, { message: 'a place needs at least one column' }),
]);
export type PlaceMapping = z.infer<typeof PlaceMapping>;

/** Columns of the source for each of our fields. Every key optional: a source maps what it has. */
export const FieldMapping = z
  .object({
    givenNames: Column.optional(),
    paternalSurname: Column.optional(),
    maternalSurname: Column.optional(),
    /** The name in one string ("QUISPE MAMANI, ROSA ELENA" or "Rosa Elena Quispe Mamani"). */
    fullName: Column.optional(),
    /** How to recognise a person recorded without a name ("Caso 12 del operativo…"). */
    identificationDescription: Column.optional(),
    sex: Column.optional(),
    /** Self-described gender identity (optional in our records). */
    genderIdentity: Column.optional(),
    birthDate: Column.optional(),
    age: Column.optional(),
    documentType: Column.optional(),
    /** A number, or type and number together ("DNI 01234567", "C.E. 001234567"). */
    documentNumber: Column.optional(),
    nationality: Column.optional(),
    residence: PlaceMapping.optional(),
    address: Column.optional(),
    locality: Column.optional(),
    postcode: Column.optional(),
    phone: Column.optional(),
    detectionDate: Column.optional(),
    detectionSource: Column.optional(),
    detectionPlace: PlaceMapping.optional(),
    exploitationTypes: Column.optional(),
    legalPurposes: Column.optional(),
    traffickingStatus: Column.optional(),
    /** Who determined the trafficking status (HTCDS vic_TraffickingStatusDecisionMakingOrg). */
    statusDeterminedBy: Column.optional(),
    /** Means of control, several in one cell (HTCDS vic_MethodsOfControl). */
    meansOfControl: Column.optional(),
    /** Methods of recruitment, several in one cell (HTCDS vic_MethodOfRecruitment). */
    recruitmentMethods: Column.optional(),
    /** Child at detection (SI, NO or unknown) when the source says so; else derived from the birth date. */
    minorAtDetection: Column.optional(),
    exploitationPlace: PlaceMapping.optional(),
    recruitmentDate: Column.optional(),
    policeReportNumber: Column.optional(),
    prosecutorFileNumber: Column.optional(),
    offences: Column.optional(),
    /** Date the person entered a shelter or service (kept for the lead's care module). */
    admissionDate: Column.optional(),
  })
  .strict();
export type FieldMapping = z.infer<typeof FieldMapping>;
export type MappedField = keyof FieldMapping;

const CodeTable = z.record(z.string().min(1).max(200), z.string().min(1).max(60));

const codeTables = Object.fromEntries(Object.keys(CODE_FIELDS).map((k) => [k, CodeTable.optional()])) as Record<CodeField, z.ZodOptional<typeof CodeTable>>;

export const MappingProfile = z
  .object({
    /** Short stable name ("reta-pnp-sintetico"), used on the command line. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
    name: z.object({ es: z.string().min(1).max(200), en: z.string().min(1).max(200) }).strict(),
    description: z.object({ es: z.string().max(2000), en: z.string().max(2000) }).strict().optional(),
    /** True for the layouts invented for this project (the real ones are not public). */
    synthetic: z.boolean().default(false),
    /** The source system recorded with every imported record ("PNP-RETA", "MP-SISTRA"…). */
    source: z.string().min(1).max(60),
    /** A column naming the source system per row (the canonical CSV's `source`); `source` when empty. */
    sourceColumn: Column.optional(),
    file: z
      .object({
        format: z.enum(['auto', 'csv', 'xlsx', 'json']).default('auto'),
        encoding: z.enum(DECLARED_ENCODINGS).default('auto'),
        delimiter: z.enum([',', ';', '\t', '|']).optional(),
        sheet: z.string().min(1).max(100).optional(),
        /**
         * A standard's layout read before the fields are mapped: `htcds` turns an HTCDS v2.0 file
         * (src/importers/htcds.ts) into the columns its shipped profile maps.
         */
        layout: z.enum(['htcds']).optional(),
      })
      .strict()
      .default({ format: 'auto', encoding: 'auto' }),
    dates: z
      .object({
        formats: z.array(z.enum(DATE_FORMATS)).min(1).default(['DMY', 'ISO']),
        twoDigitYearPivot: z.number().int().min(0).max(99).optional(),
      })
      .strict()
      .default({ formats: ['DMY', 'ISO'] }),
    /** Separator of multi-valued cells (exploitation types, offences, nationalities). */
    multiValueSeparator: z.string().min(1).max(3).default(';'),
    /** The column(s) whose value identifies the record in the source; joined with "|" when several. */
    recordId: z.union([Column, z.array(Column).min(1).max(5)]).optional(),
    fields: FieldMapping,
    codes: z.object(codeTables).strict().default({}),
    /** Values used when a field has no column or its cell is empty. */
    defaults: z
      .object({
        sex: z.string().optional(),
        documentType: z.string().optional(),
        nationality: z.string().optional(),
        detectionSource: z.string().optional(),
        traffickingStatus: z.string().optional(),
        exploitationTypes: z.string().optional(),
        legalPurposes: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((profile, ctx) => {
    // Every target code of the profile's tables and defaults must exist in our lists.
    for (const [field, table] of Object.entries(profile.codes) as [CodeField, Record<string, string> | undefined][]) {
      for (const [from, to] of Object.entries(table ?? {})) {
        if (!CODE_FIELDS[field].codes.has(to)) ctx.addIssue({ code: 'custom', path: ['codes', field, from], message: `"${to}" is not a code of ${CODE_FIELDS[field].name}` });
      }
    }
    for (const [field, value] of Object.entries(profile.defaults) as [string, string | undefined][]) {
      if (value === undefined || field === 'nationality') continue;
      const list = CODE_FIELDS[field as CodeField];
      for (const code of value.split(';')) {
        if (!list.codes.has(code.trim())) ctx.addIssue({ code: 'custom', path: ['defaults', field], message: `"${code}" is not a code of ${list.name}` });
      }
    }
  });
export type MappingProfile = z.infer<typeof MappingProfile>;
/** A profile as written (defaults not yet filled in). */
export type MappingProfileInput = z.input<typeof MappingProfile>;

export type ProfileReading = { ok: true; profile: MappingProfile } | { ok: false; errors: { path: string; message: string }[] };

/** Validates a profile (e.g. parsed from data/profiles/*.json or sent by the web app). */
export function parseProfile(input: unknown): ProfileReading {
  const result = MappingProfile.safeParse(input);
  if (result.success) return { ok: true, profile: result.data };
  return { ok: false, errors: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}
