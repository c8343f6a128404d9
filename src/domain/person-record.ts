// The canonical person-record (DESIGN §5): the input of `enlace link` and of generic imports.
// UTF-8 CSV with a header; every column but the first two optional; unknown columns ignored.

export const CANONICAL_COLUMNS = [
  'source',
  'record_id',
  'given_names',
  'paternal_surname',
  'maternal_surname',
  'full_name',
  'sex',
  'birth_date',
  'age',
  'document_type',
  'document_number',
  'nationality',
  'department',
  'address',
  'locality',
  'postcode',
  'phone',
] as const;

export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = ['source', 'record_id'];

/** One record as read: `source` and `record_id` always present, the rest possibly empty. */
export type CanonicalRecord = { source: string; record_id: string } & Partial<Record<Exclude<CanonicalColumn, 'source' | 'record_id'>, string>>;
