// Bytes to text. Agencies send UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
// text"), or Windows-1252 (Excel "CSV" in a Spanish locale). A declared encoding that does not fit
// the bytes is an error, never mojibake.
import { ImportFileError, lineAt } from './errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** What callers may declare; `latin-1` is read as Windows-1252, as every browser does. */
export type DeclaredEncoding = TextEncoding | 'latin-1' | 'iso-8859-1' | 'auto';

export const DECLARED_ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin-1', 'iso-8859-1'] as const;

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** True when the bytes began with a byte-order mark (removed from `text`). */
  bom: boolean;
}

export function normaliseEncodingName(name: string): DeclaredEncoding | undefined {
  const key = name.trim().toLowerCase().replace(/_/g, '-');
  const aliases: Record<string, DeclaredEncoding> = {
    auto: 'auto',
    'utf-8': 'utf-8', utf8: 'utf-8',
    'utf-16le': 'utf-16le', 'utf-16': 'utf-16le', 'ucs-2': 'utf-16le',
    'utf-16be': 'utf-16be',
    'windows-1252': 'windows-1252', cp1252: 'windows-1252', ansi: 'windows-1252',
    'latin-1': 'latin-1', latin1: 'latin-1', 'iso-8859-1': 'iso-8859-1', 'iso8859-1': 'iso-8859-1',
  };
  return aliases[key];
}

/** 0-based offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let extra: number;
    if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return i;
    if (i + extra >= n) return i;
    for (let k = 1; k <= extra; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] as number;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += extra + 1;
  }
  return -1;
}

// 0x80–0x9F in Windows-1252 (undefined bytes stay as their C1 control character, as WHATWG says).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1
 * control characters (so "€" and curly quotes would be lost), whatever the ICU build.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return true;
  return false;
}

function bomOf(bytes: Uint8Array): TextEncoding | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

const BOM_LENGTH: Record<TextEncoding, number> = { 'utf-8': 3, 'utf-16le': 2, 'utf-16be': 2, 'windows-1252': 0 };

/** UTF-16 without BOM: most ASCII characters leave a zero byte on one side. */
function guessUtf16(bytes: Uint8Array): TextEncoding | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) return 'utf-16be';
  return undefined;
}

function firstNul(bytes: Uint8Array): number {
  return bytes.indexOf(0);
}

/** Control characters other than tab, CR, LF, form feed: many of them mean binary data. */
function looksBinary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) controls++;
  }
  // A stray control character is a row's problem (quarantined); many of them mean binary data.
  return controls >= 16 && controls > sample.length * 0.01;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', start: number, file: string, declared: boolean): string {
  const body = bytes.subarray(start);
  if (body.length % 2 !== 0) throw new ImportFileError(file, { line: 0, offset: bytes.length - 1 }, 'import.utf16Odd');
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new ImportFileError(file, { line: 0 }, 'import.encodingMismatch', { encoding, offset: '?', line: '?' });
  }
  // Declared without a BOM: plain 8-bit text read as UTF-16 turns into CJK with no ASCII at all.
  if (declared && start === 0 && text.length > 2 && !/[\t\n\r -~]/.test(text.slice(0, 2000))) {
    throw new ImportFileError(file, { line: 1, offset: 0 }, 'import.encodingMismatch', { encoding, offset: '1', line: '1' });
  }
  if (text.includes('\u0000')) {
    const at = text.indexOf('\u0000');
    throw new ImportFileError(file, { line: lineAt(text, at), offset: start + at * 2 }, 'import.binaryFile', { offset: String(start + at * 2 + 1) });
  }
  return text;
}

function decodeUtf8(bytes: Uint8Array, start: number, file: string, declared: boolean): string {
  const bad = firstInvalidUtf8(bytes.subarray(start));
  if (bad >= 0) {
    const offset = start + bad;
    const line = lineAt(bytes, offset);
    throw new ImportFileError(file, { line, offset }, declared ? 'import.encodingMismatch' : 'import.invalidUtf8', {
      encoding: 'utf-8',
      offset: String(offset + 1),
      line: String(line),
    });
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(start));
}

/**
 * Decodes a whole file. With `declared` = 'auto' (the default) the encoding comes from the BOM, then
 * from whether the bytes are valid UTF-8 (else Windows-1252). Throws ImportFileError.
 */
export function decodeBytes(bytes: Uint8Array, options: { declared?: DeclaredEncoding; file?: string } = {}): DecodedText {
  const file = options.file ?? '-';
  const declared: DeclaredEncoding = options.declared ?? 'auto';
  const bom = bomOf(bytes);
  const wanted: TextEncoding | 'auto' = declared === 'latin-1' || declared === 'iso-8859-1' ? 'windows-1252' : declared;

  if (bytes.length === 0 || (bom !== undefined && bytes.length === BOM_LENGTH[bom])) {
    throw new ImportFileError(file, { line: 1 }, 'import.emptyFile');
  }
  if (bom && wanted !== 'auto' && wanted !== bom) {
    // A BOM is an explicit statement by the writer; a different declaration is a mistake to report.
    throw new ImportFileError(file, { line: 1, offset: 0 }, 'import.encodingMismatch', { encoding: wanted, offset: '1', line: '1' });
  }
  const encoding: TextEncoding = bom ?? (wanted !== 'auto' ? wanted : (guessUtf16(bytes) ?? (firstInvalidUtf8(bytes) < 0 ? 'utf-8' : 'windows-1252')));
  const start = bom ? BOM_LENGTH[bom] : 0;
  if (encoding === 'utf-8' || encoding === 'windows-1252') {
    // Checked before the encoding: a picture or a zip is "binary", whatever was declared.
    const nul = firstNul(bytes);
    if (nul >= 0) throw new ImportFileError(file, { line: lineAt(bytes, nul), offset: nul }, 'import.binaryFile', { offset: String(nul + 1) });
  }
  let text: string;
  switch (encoding) {
    case 'utf-16le':
    case 'utf-16be':
      text = decodeUtf16(bytes, encoding, start, file, wanted !== 'auto');
      break;
    case 'utf-8':
      text = decodeUtf8(bytes, start, file, wanted === 'utf-8');
      break;
    case 'windows-1252': {
      if (wanted === 'windows-1252' && hasHighBytes(bytes) && firstInvalidUtf8(bytes) < 0) {
        // Valid UTF-8 with accents read as Windows-1252 would give "MarÃ­a": refuse.
        let offset = 0;
        while ((bytes[offset] as number) < 0x80) offset++;
        const line = lineAt(bytes, offset);
        throw new ImportFileError(file, { line, offset }, 'import.encodingMismatch', { encoding: 'windows-1252', offset: String(offset + 1), line: String(line) });
      }
      text = decodeWindows1252(bytes);
      break;
    }
  }
  if (looksBinary(text)) throw new ImportFileError(file, { line: 1 }, 'import.binaryFile', { offset: '?' });
  if (text.trim() === '') throw new ImportFileError(file, { line: 1 }, 'import.emptyFile');
  return { text, encoding, bom: bom !== undefined };
}
