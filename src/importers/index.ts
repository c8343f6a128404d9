// The import layer (issue 5): pure functions from file bytes to typed rows and per-field problems.
// No database, no file system: the caller reads the file and stores the results.
export { decodeBytes, firstInvalidUtf8, normaliseEncodingName, type DecodedText, type DeclaredEncoding, type TextEncoding } from './decode.ts';
export { parseCsv, sniffDelimiter, type Delimiter } from './csv.ts';
export { parseJsonRecords } from './json.ts';
export { builtInSheetReader, sheetToTable, type SheetData, type SheetReader, type SheetRow } from './xlsx.ts';
export { detectFormat, readTable, type ReadOptions } from './read.ts';
export type { FileFormat, SourceRow, Table } from './table.ts';
export { ImportFileError, type FilePosition } from './errors.ts';
export { readDate, excelSerialToDay, DATE_FORMATS, type DateFormat, type DateReading } from './dates.ts';
export { CodeLookup, countryCode, offenceFromArticle, DELITO_CP, CODE_FIELDS, type CodeField } from './codes.ts';
export { readPlace, readPlaceCode, readPlaceText, type PlaceLevel, type PlaceCodes, type PlaceReading } from './places.ts';
export { looksLikeFormula, neutraliseFormula, matchKey } from './text.ts';
export { MappingProfile, parseProfile, type MappingProfileInput, type ProfileReading } from './profile.ts';
export {
  fingerprint,
  fingerprinterFor,
  legalPurposesOf,
  mapTable,
  tableMapper,
  type TableMapper,
  parseFile,
  readProfileTable,
  remapRow,
  type InvestigationData,
  type MapOptions,
  type ParseFileOptions,
  type ResidenceData,
  type CellFlag,
  type FieldProblem,
  type MappedRecord,
  type ParseResult,
  type QuarantinedRow,
  type RowOutcome,
  type RowSource,
  type UncoveredCode,
} from './map.ts';
export { testProfile, type ProfileTestReport, type RowErrorReport } from './test-profile.ts';
export { bilingual, importText, type Bilingual } from './messages.ts';
export { SHIPPED_PROFILES, shippedProfile } from './shipped-profiles.ts';
