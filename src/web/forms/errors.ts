// Which message each field shows: the shared schema's verdict once the field was left (or the
// form sent), the server's verdict until the field is touched again.
import { useCallback, useMemo, useState } from 'react';
import i18next from 'i18next';
import { ZodError } from 'zod';
import type { Lang } from '../../domain/code-lists.ts';
import { translate } from '../../domain/messages.ts';
import { fieldErrors, valueAt, type FieldError } from '../../domain/validation.ts';

export interface FieldKit {
  error(path: string): string | undefined;
  /** The user has answered (or left) this field: its errors may show from now on. */
  touch(path: string): void;
}

export function firstPerPath(errors: readonly FieldError[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of errors) if (!map.has(e.path)) map.set(e.path, e.message);
  return map;
}

/** For a form the server alone judges (a stable empty list). */
export const NO_ERRORS: readonly FieldError[] = [];

export function useFormErrors(clientErrors: readonly FieldError[]) {
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<ReadonlyMap<string, string>>(new Map());
  const client = useMemo(() => firstPerPath(clientErrors), [clientErrors]);

  const touch = useCallback((path: string) => {
    setTouched((s) => (s.has(path) ? s : new Set([...s, path])));
    setServer((m) => {
      if (!m.has(path)) return m;
      const next = new Map(m);
      next.delete(path);
      return next;
    });
  }, []);

  const kit: FieldKit = useMemo(
    () => ({
      error: (path: string) => server.get(path) ?? (submitted || touched.has(path) ? client.get(path) : undefined),
      touch,
    }),
    [server, submitted, touched, client, touch],
  );

  /** Everything to list in the summary after a submission. */
  const all = useMemo((): FieldError[] => {
    const merged = new Map(client);
    for (const [path, message] of server) merged.set(path, message);
    return [...merged].map(([path, message]) => ({ path, message }));
  }, [client, server]);

  const reset = useCallback(() => {
    setTouched(new Set());
    setSubmitted(false);
    setServer(new Map());
  }, []);

  return {
    kit,
    all,
    submitted,
    setSubmitted,
    setServerErrors: (errors: readonly FieldError[]) => setServer(firstPerPath(errors)),
    reset,
  };
}

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

/**
 * A form's change handler that counts a choice (a list, a box) as answered at once, so its
 * verdict shows without waiting for the focus to leave. Fields are named `${prefix}.${path}`.
 */
export function touchOnChoice(kit: FieldKit, prefix: string) {
  return (event: { target: EventTarget }) => {
    const target = event.target;
    const chosen = target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio'));
    if (chosen && target.name.startsWith(`${prefix}.`)) kit.touch(target.name.slice(prefix.length + 1));
  };
}
