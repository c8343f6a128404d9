// A file that cannot be read as a table at all: one error naming where, in Spanish and English.
// Problems of single rows never throw; they quarantine the row (see map.ts).
import { bilingual, type Bilingual } from './messages.ts';

export interface FilePosition {
  /** 1-based line of the file (0 when the problem is not at a line). */
  line: number;
  /** 1-based column (field number, or header name when known); undefined when not at a column. */
  column?: number | string;
  /** 0-based byte offset, when known. */
  offset?: number;
}

export class ImportFileError extends Error {
  readonly es: string;
  readonly en: string;

  constructor(
    readonly file: string,
    readonly position: FilePosition,
    readonly key: string,
    readonly params: Record<string, string> = {},
  ) {
    const text: Bilingual = bilingual(key, params);
    const where = (lang: 'es' | 'en') => {
      const parts = [file];
      if (position.line > 0) parts.push(`${lang === 'es' ? 'línea' : 'line'} ${position.line}`);
      if (position.column !== undefined) parts.push(`${lang === 'es' ? 'columna' : 'column'} ${position.column}`);
      return parts.join(', ');
    };
    super(`${where('es')}: ${text.es} / ${where('en')}: ${text.en}`);
    this.name = 'ImportFileError';
    this.es = `${where('es')}: ${text.es}`;
    this.en = `${where('en')}: ${text.en}`;
  }
}

/** 1-based line of a byte or character offset (counts LF). */
export function lineAt(data: Uint8Array | string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, data.length);
  if (typeof data === 'string') {
    for (let i = 0; i < end; i++) if (data.charCodeAt(i) === 10) line++;
  } else {
    for (let i = 0; i < end; i++) if (data[i] === 10) line++;
  }
  return line;
}
