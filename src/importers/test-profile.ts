// Trying a profile on a sample file before importing: what would be imported, what would be
// quarantined and why, which columns the profile ignores or misses, which codes it does not cover.
import { ImportFileError } from './errors.ts';
import { parseFile, type FieldProblem, type MappedRecord, type ParseFileOptions, type ParseResult, type UncoveredCode } from './map.ts';
import { parseProfile } from './profile.ts';

export interface RowErrorReport {
  rowNumber: number;
  line: number;
  recordId?: string;
  values: Record<string, string>;
  problems: FieldProblem[];
}

export interface ProfileTestReport {
  /** False when the profile is invalid or the file cannot be read. */
  ok: boolean;
  profileErrors: { path: string; message: string }[];
  fileError?: { es: string; en: string; line: number; column?: number | string };
  format?: ParseResult['format'];
  encoding?: string;
  delimiter?: string;
  counts?: ParseResult['counts'];
  /** The first mapped rows, as they would be imported. */
  preview: MappedRecord[];
  /** The first quarantined rows, with their reasons. */
  rowErrors: RowErrorReport[];
  /** Formula-looking cells found (count). */
  formulaCells: number;
  unmappedColumns: string[];
  missingColumns: { field: string; column: string }[];
  uncoveredCodes: UncoveredCode[];
}

export interface TestProfileOptions extends ParseFileOptions {
  previewRows?: number;
  errorRows?: number;
}

/** Validates the profile, reads the sample with it, and reports. Never throws. */
export function testProfile(profileInput: unknown, fileBytes: Uint8Array, options: TestProfileOptions = {}): ProfileTestReport {
  const empty: ProfileTestReport = { ok: false, profileErrors: [], preview: [], rowErrors: [], formulaCells: 0, unmappedColumns: [], missingColumns: [], uncoveredCodes: [] };
  const profile = parseProfile(profileInput);
  if (!profile.ok) return { ...empty, profileErrors: profile.errors };
  let result: ParseResult;
  try {
    result = parseFile(fileBytes, profile.profile, options);
  } catch (error) {
    if (error instanceof ImportFileError) {
      const fileError: NonNullable<ProfileTestReport['fileError']> = { es: error.es, en: error.en, line: error.position.line };
      if (error.position.column !== undefined) fileError.column = error.position.column;
      return { ...empty, fileError };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { ...empty, fileError: { es: `Error inesperado: ${detail}`, en: `Unexpected error: ${detail}`, line: 0 } };
  }
  const previewRows = options.previewRows ?? 20;
  const errorRows = options.errorRows ?? 100;
  const preview: MappedRecord[] = [];
  const rowErrors: RowErrorReport[] = [];
  let formulaCells = 0;
  for (const outcome of result.outcomes) {
    if (outcome.status === 'mapped') {
      formulaCells += outcome.record.flags.length;
      if (preview.length < previewRows) preview.push(outcome.record);
    } else {
      formulaCells += outcome.row.flags.length;
      if (rowErrors.length < errorRows) {
        const report: RowErrorReport = { rowNumber: outcome.row.source.rowNumber, line: outcome.row.source.line, values: outcome.row.values, problems: outcome.row.problems };
        if (outcome.row.source.recordId !== undefined) report.recordId = outcome.row.source.recordId;
        rowErrors.push(report);
      }
    }
  }
  const report: ProfileTestReport = {
    ok: true,
    profileErrors: [],
    format: result.format,
    counts: result.counts,
    preview,
    rowErrors,
    formulaCells,
    unmappedColumns: result.unmappedColumns,
    missingColumns: result.missingColumns,
    uncoveredCodes: result.uncoveredCodes,
  };
  if (result.encoding) report.encoding = result.encoding;
  if (result.delimiter) report.delimiter = result.delimiter;
  return report;
}
