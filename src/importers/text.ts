// Text keys for matching what people type against what we know: no accents, upper case, dots
// dropped ("C.E." = "CE"), other punctuation as spaces. Also formula injection in cells.

/** "Carné de Extranjería" → "CARNE DE EXTRANJERIA"; "C.E." → "CE"; "EXPLOTACION_SEXUAL" → "EXPLOTACION SEXUAL". */
export function matchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[.'’´`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Values that mean "nothing recorded" in agencies' files; they map to the list's "unknown". */
const UNKNOWN_MARKERS = new Set(
  ['ND', 'NS', 'SD', 'S D', 'S I', 'SIN DATO', 'SIN DATOS', 'SIN INFORMACION', 'NO REGISTRA', 'NO ESPECIFICA', 'NO ESPECIFICADO',
    'NO PRECISA', 'NO INDICA', 'DESCONOCIDO', 'DESCONOCIDA', 'NO SE SABE', 'UNKNOWN', 'N A', 'NA', '-', '?']
    .map(matchKey),
);

export function isUnknownMarker(text: string): boolean {
  const key = matchKey(text);
  return key === '' || UNKNOWN_MARKERS.has(key);
}

/**
 * A cell that a spreadsheet would run as a formula: starts with =, @, tab or CR, or with + or -
 * followed by something that is not a plain number or phone number ("+51 987 654 321", "-12" are data).
 */
export function looksLikeFormula(value: string): boolean {
  if (value === '') return false;
  const first = value[0];
  if (first === '=' || first === '@' || first === '\t' || first === '\r') return true;
  if (first === '+' || first === '-') return !/^[+-][\d\s().,/-]*$/.test(value);
  // Full-width equals and leading spaces before "=" are executed by some spreadsheet programs too.
  if (first === '＝') return true;
  return (first === ' ' || first === '\u3000' || first === '\u00a0') && /^[\s\u3000]*[=＝]/.test(value);
}

/**
 * For exports: prefixes a quote to values a spreadsheet would execute (OWASP CSV injection),
 * including signed numbers, so that the cell shows exactly the stored text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r＝]/.test(value) || /^[\s\u3000]+[=＝+\-@]/.test(value) ? `'${value}` : value;
}
