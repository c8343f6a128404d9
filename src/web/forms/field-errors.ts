// Which message each field shows: the schema's verdict once the field was left (or the form
// sent), the server's verdict until the field is touched again. Without the schemas (errors.ts) or
// zod, so a form can be shown before its checks have loaded (the registration form, see
// forms/register-check.ts).
import { useCallback, useMemo, useState } from 'react';
import type { FieldError } from '../../domain/validation.ts';

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
