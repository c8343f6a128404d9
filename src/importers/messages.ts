// Texts of the import layer, Spanish first, English complete. Keys of the shared catalogue
// (src/domain/messages.ts) are translated there; these are the import-only ones.
import type { Lang } from '../domain/code-lists.ts';
import { translate } from '../domain/messages.ts';

type Catalogue = Record<string, string>;

const es: Catalogue = {
  'import.emptyFile': 'El archivo está vacío.',
  'import.binaryFile': 'El archivo parece binario, no texto (byte nulo en la posición {offset}).',
  'import.invalidUtf8': 'Texto no válido en UTF-8 (byte {offset}, línea {line}).',
  'import.encodingMismatch': 'El archivo no está en la codificación declarada «{encoding}» (byte {offset}, línea {line}).',
  'import.unknownEncoding': 'Codificación desconocida: «{encoding}».',
  'import.utf16Odd': 'Archivo UTF-16 truncado: número impar de bytes.',
  'import.malformedCsv': 'CSV mal formado: {detail}.',
  'import.unclosedQuote': 'Comillas sin cerrar: el archivo parece truncado.',
  'import.recordTooLarge': 'Registro demasiado grande (más de {max} bytes).',
  'import.noHeader': 'Falta la fila de cabecera.',
  'import.malformedJson': 'JSON mal formado: {detail}.',
  'import.jsonShape': 'Se esperaba una lista de objetos o un objeto con «records»: [...].',
  'import.jsonRecordShape': 'El registro {index} no es un objeto.',
  'import.notXlsx': 'No es un archivo XLSX legible: {detail}.',
  'import.noSheet': 'El libro no tiene la hoja «{sheet}».',
  'import.unknownFormat': 'No se reconoce el formato del archivo.',
  'import.missingColumn': 'Falta la columna «{column}» que el perfil asigna a {field}.',
  'import.rowWidth': 'La fila tiene {actual} campos y la cabecera {expected}.',
  'import.invalidProfile': 'Perfil de importación no válido: {detail}.',
  'import.date': 'Fecha no reconocida: «{value}» (formatos aceptados: {formats}).',
  'import.impossibleDate': 'La fecha «{value}» no existe en el calendario.',
  'import.excelLeapBug': 'El número de serie 60 de Excel es el 29/02/1900, un día que no existió.',
  'import.dayNeeded': 'Se necesita una fecha con día (AAAA-MM-DD): «{value}».',
  'import.age': 'Edad no válida: «{value}» (un número entero de 0 a 120).',
  'import.code': 'Valor «{value}» no previsto para {field}; añádalo al perfil.',
  'import.documentType': 'Tipo de documento desconocido: «{value}».',
  'import.ubigeoUnknown': 'Ubigeo desconocido: «{value}».',
  'import.placeUnknown': 'Lugar desconocido: «{value}».',
  'import.placeAmbiguous': 'Lugar ambiguo: «{value}» puede ser {candidates}.',
  'import.placeMismatch': 'El lugar «{value}» no está en {parent}.',
  'import.country': 'País o nacionalidad desconocida: «{value}».',
  'import.formula': 'El valor empieza como una fórmula de hoja de cálculo; se guarda como texto.',
  'import.duplicateRecordId': 'Identificador de registro repetido en el archivo: «{value}» (ya en la fila {row}).',
  'import.missingRecordId': 'Falta el identificador del registro (columna «{column}»).',
  'import.unexpected': 'Error inesperado al leer la fila: {detail}.',
};

const en: Catalogue = {
  'import.emptyFile': 'The file is empty.',
  'import.binaryFile': 'The file looks binary, not text (null byte at offset {offset}).',
  'import.invalidUtf8': 'Invalid UTF-8 text (byte {offset}, line {line}).',
  'import.encodingMismatch': 'The file is not in the declared encoding "{encoding}" (byte {offset}, line {line}).',
  'import.unknownEncoding': 'Unknown encoding: "{encoding}".',
  'import.utf16Odd': 'Truncated UTF-16 file: odd number of bytes.',
  'import.malformedCsv': 'Malformed CSV: {detail}.',
  'import.unclosedQuote': 'Unclosed quote: the file looks truncated.',
  'import.recordTooLarge': 'Record too large (more than {max} bytes).',
  'import.noHeader': 'The header row is missing.',
  'import.malformedJson': 'Malformed JSON: {detail}.',
  'import.jsonShape': 'Expected an array of objects or an object with "records": [...].',
  'import.jsonRecordShape': 'Record {index} is not an object.',
  'import.notXlsx': 'Not a readable XLSX file: {detail}.',
  'import.noSheet': 'The workbook has no sheet "{sheet}".',
  'import.unknownFormat': 'The file format is not recognised.',
  'import.missingColumn': 'Column "{column}", which the profile maps to {field}, is missing.',
  'import.rowWidth': 'The row has {actual} fields and the header {expected}.',
  'import.invalidProfile': 'Invalid import profile: {detail}.',
  'import.date': 'Unrecognised date: "{value}" (accepted formats: {formats}).',
  'import.impossibleDate': 'The date "{value}" does not exist in the calendar.',
  'import.excelLeapBug': 'Excel serial number 60 is 29/02/1900, a day that never existed.',
  'import.dayNeeded': 'A date with a day is needed (YYYY-MM-DD): "{value}".',
  'import.age': 'Invalid age: "{value}" (a whole number from 0 to 120).',
  'import.code': 'Value "{value}" is not expected for {field}; add it to the profile.',
  'import.documentType': 'Unknown document type: "{value}".',
  'import.ubigeoUnknown': 'Unknown ubigeo: "{value}".',
  'import.placeUnknown': 'Unknown place: "{value}".',
  'import.placeAmbiguous': 'Ambiguous place: "{value}" may be {candidates}.',
  'import.placeMismatch': 'The place "{value}" is not in {parent}.',
  'import.country': 'Unknown country or nationality: "{value}".',
  'import.formula': 'The value starts like a spreadsheet formula; it is kept as text.',
  'import.duplicateRecordId': 'Record identifier repeated in the file: "{value}" (already in row {row}).',
  'import.missingRecordId': 'The record identifier is missing (column "{column}").',
  'import.unexpected': 'Unexpected error while reading the row: {detail}.',
};

const IMPORT_MESSAGES: Record<Lang, Catalogue> = { es, en };

/** Names of our fields as messages show them ("{field}" parameters). */
const FIELD_LABELS: Record<string, [es: string, en: string]> = {
  sex: ['sexo', 'sex'],
  documentType: ['tipo de documento', 'document type'],
  nationality: ['nacionalidad', 'nationality'],
  exploitationTypes: ['forma de explotación', 'form of exploitation'],
  legalPurposes: ['finalidad de explotación', 'legal purpose of exploitation'],
  detectionSource: ['fuente de detección', 'detection source'],
  traffickingStatus: ['condición de trata', 'trafficking status'],
  offences: ['delito', 'offence'],
  recordId: ['identificador del registro', 'record identifier'],
  givenNames: ['nombres', 'given names'],
  paternalSurname: ['apellido paterno', 'paternal surname'],
  maternalSurname: ['apellido materno', 'maternal surname'],
  fullName: ['nombre completo', 'full name'],
  birthDate: ['fecha de nacimiento', 'birth date'],
  age: ['edad', 'age'],
  documentNumber: ['número de documento', 'document number'],
  residence: ['lugar de residencia', 'place of residence'],
  detectionDate: ['fecha de detección', 'detection date'],
  detectionPlace: ['lugar de detección', 'place of detection'],
  exploitationPlace: ['lugar de explotación', 'place of exploitation'],
  admissionDate: ['fecha de ingreso', 'admission date'],
  recruitmentDate: ['fecha de captación', 'recruitment date'],
  policeReportNumber: ['número de denuncia', 'police report number'],
  prosecutorFileNumber: ['carpeta fiscal', 'prosecutor file number'],
  address: ['dirección', 'address'],
  locality: ['localidad', 'locality'],
  postcode: ['código postal', 'postcode'],
  phone: ['teléfono', 'phone'],
};

export function fieldLabel(field: string, lang: Lang): string {
  const labels = FIELD_LABELS[field];
  return labels ? labels[lang === 'es' ? 0 : 1] : field;
}

/** A message in both languages, the form every import problem takes. */
export interface Bilingual {
  es: string;
  en: string;
}

/** A message key with its parameters, kept so that callers can re-translate or group problems. */
export interface MessageRef {
  key: string;
  params?: Record<string, string>;
}

/** Translates an import key, or a key of the shared catalogue ("invalid.dni", "invalid.tooLong:80"). */
export function importText(key: string, lang: Lang, params: Record<string, string> = {}): string {
  const template = IMPORT_MESSAGES[lang][key];
  if (template === undefined) return translate(key, lang, params);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'field' && params.field !== undefined ? fieldLabel(params.field, lang) : (params[name] ?? '')));
}

export function bilingual(key: string, params: Record<string, string> = {}): Bilingual {
  return { es: importText(key, 'es', params), en: importText(key, 'en', params) };
}

/** For tests: the English catalogue must have every Spanish key. */
export const IMPORT_MESSAGES_FOR_TEST = IMPORT_MESSAGES;
