// FEBRL → canonical person-record CSV, and the ground truth encoded in rec_id.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const FEBRL_DIR = process.env.FEBRL_DIR ?? '/work/shared/bench/febrl';

const CANONICAL_HEADER = ['source', 'record_id', 'given_names', 'paternal_surname', 'birth_date', 'document_number', 'address', 'locality', 'postcode', 'department'];

/** YYYYMMDD → YYYY-MM-DD; impossible dates are kept as they are (the engine reads the parts). */
function febrlDate(value: string): string {
  return /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : '';
}

/** Converts one FEBRL file; returns record_id → true entity. */
export function convertFebrl(file: string, source: string, out: string): Map<string, string> {
  const rows = parse(readFileSync(`${FEBRL_DIR}/${file}`), { columns: true, cast: false, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  const truth = new Map<string, string>();
  const output: string[][] = [CANONICAL_HEADER];
  for (const row of rows) {
    const id = row.rec_id ?? '';
    const entity = /^rec-(\d+)-/.exec(id)?.[1];
    if (entity === undefined) throw new Error(`unexpected rec_id ${id}`);
    truth.set(`${source}\u0000${id}`, entity);
    output.push([
      source,
      id,
      row.given_name ?? '',
      row.surname ?? '',
      febrlDate(row.date_of_birth ?? ''),
      row.soc_sec_id ?? '',
      [row.street_number, row.address_1, row.address_2].filter(Boolean).join(' '),
      row.suburb ?? '',
      row.postcode ?? '',
      row.state ?? '',
    ]);
  }
  writeFileSync(out, stringify(output));
  return truth;
}
