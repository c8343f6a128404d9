// The shared schemas' verdict on a form, in the reader's language (the hook that decides which
// message each field shows is in field-errors.ts, re-exported here).
import { useMemo } from 'react';
import i18next from 'i18next';
import { ZodError } from 'zod';
import type { Lang } from '../../domain/code-lists.ts';
import { translate } from '../../domain/messages.ts';
import { fieldErrors, valueAt, type FieldError } from '../../domain/validation.ts';
import { useFormErrors } from './field-errors.ts';

export { firstPerPath, NO_ERRORS, touchOnChoice, useFormErrors, type FieldKit } from './field-errors.ts';

/**
 * The shared schemas' verdict in the reader's language. A code list left unanswered reads
 * "required" rather than "not a valid code": nothing was chosen, nothing was wrong.
 */
export function schemaErrors(error: ZodError, input: unknown, lang: Lang, prefix: readonly string[] = []): FieldError[] {
  const issues = error.issues.map((issue) =>
    issue.message.startsWith('invalid.code:') && valueAt(input, issue.path) === undefined ? { ...issue, message: 'invalid.required' } : issue,
  );
  // With the input, a value left empty reads "required" whatever its type (a date, a number).
  const errors = fieldErrors(new ZodError(issues), lang, prefix, input);
  // The form also takes dates as Peru writes them (14/03/1999), so its message says so.
  return errors.map((e, i) => (issues[i]?.message === 'invalid.partialDate' ? { ...e, message: i18next.t('error.partialDate', { lng: lang }) } : e));
}

/**
 * A form checked as it is filled in: the shared schema's verdict on what it would send, plus the
 * domain's own rules (as message keys) once the schema is satisfied, in the reader's language.
 */
export function useCheckedForm<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: ZodError } }, input: unknown, lang: Lang, rules: (data: T) => readonly { path: string; key: string }[] = () => []) {
  const parsed = useMemo(() => schema.safeParse(input), [schema, input]);
  // Recomputed at each render: the rules' facts (the case file, the chosen unit) come from the caller.
  const clientErrors = parsed.success ? rules(parsed.data).map((p) => ({ path: p.path, message: translate(p.key, lang) })) : schemaErrors(parsed.error, input, lang);
  const errors = useFormErrors(clientErrors);
  return { data: parsed.success && clientErrors.length === 0 ? parsed.data : undefined, errors };
}
