// Turns schema issues into one message per field, in the reader's language.
import type { z } from 'zod';
import type { Lang } from './code-lists.ts';
import { MESSAGES, translate } from './messages.ts';

export interface FieldError {
  /** Dotted path of the field, e.g. "person.documents.0.number". */
  path: string;
  message: string;
}

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['texto', 'text'],
  number: ['número', 'number'],
  boolean: ['verdadero o falso', 'true or false'],
  array: ['lista', 'list'],
  object: ['objeto', 'object'],
};

/** The value at a path of checked data (undefined when any step is missing). */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function messageKey(issue: z.core.$ZodIssue, lang: Lang, data: unknown): string {
  // Nothing sent where something is required reads "required", whatever rule would have judged it.
  if ((issue.code === 'invalid_value' || issue.code === 'invalid_type') && data !== NO_DATA && valueAt(data, issue.path) === undefined) return translate('invalid.required', lang);
  const own = issue.message.split(':')[0] ?? '';
  if (own in MESSAGES.es) return translate(issue.message, lang);
  switch (issue.code) {
    case 'invalid_type': {
      const names = TYPE_NAMES[issue.expected];
      return translate(`invalid.type:${names ? names[lang === 'es' ? 0 : 1] : issue.expected}`, lang);
    }
    case 'too_big':
      return issue.origin === 'string' ? translate(`invalid.tooLong:${String(issue.maximum)}`, lang) : translate(issue.origin === 'array' ? 'invalid.tooMany' : 'invalid.value', lang);
    case 'too_small':
      return translate(issue.origin === 'string' || issue.origin === 'array' ? 'invalid.required' : 'invalid.value', lang);
    case 'unrecognized_keys':
      return translate(`invalid.unknownField:${issue.keys.join(', ')}`, lang);
    case 'invalid_format':
      return translate(issue.format === 'uuid' ? 'invalid.id' : 'invalid.value', lang);
    default:
      return translate('invalid.value', lang);
  }
}

const NO_DATA = Symbol('no data');

/** One message per issue. Given the data that was checked, a missing value reads "required". */
export function fieldErrors(error: z.ZodError, lang: Lang, prefix: readonly PropertyKey[] = [], data: unknown = NO_DATA): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: messageKey(issue, lang, data),
  }));
}
