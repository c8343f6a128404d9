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

/**
 * A record as it travels between threads and processes: its columns in the order of
 * CANONICAL_COLUMNS, null for one it has not; no column names to copy or write.
 */
export type PackedCanonical = (string | null)[];

export function packCanonical(record: CanonicalRecord): PackedCanonical {
  const packed: PackedCanonical = [];
  for (const column of CANONICAL_COLUMNS) packed.push(record[column] ?? null);
  return packed;
}

/** The record `packCanonical` packed, from `offset` in `packed` (its columns in the same order). */
export function unpackCanonical(packed: readonly unknown[], offset = 0): CanonicalRecord {
  const record: Record<string, string> = {};
  for (let c = 0; c < CANONICAL_COLUMNS.length; c++) {
    const value = packed[offset + c];
    if (typeof value === 'string') record[CANONICAL_COLUMNS[c] as CanonicalColumn] = value;
  }
  return record as CanonicalRecord;
}
