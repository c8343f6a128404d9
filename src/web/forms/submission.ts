// Sending a checked form: mark it submitted (every verdict shows), refuse to send while the
// verdicts stand, send once, and turn a refusal by the server into the form's messages.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api.ts';
import type { useFormErrors } from './errors.ts';

export function useSubmission<T>(form: { data: T | undefined; errors: ReturnType<typeof useFormErrors> }, send: (data: T) => Promise<void>) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    form.errors.setSubmitted(true);
    setAttempt((n) => n + 1);
    if (!form.data) return setProblem(t('form.invalid'));
    setBusy(true);
    try {
      await send(form.data);
      setProblem(undefined);
      form.errors.reset();
    } catch (error) {
      if (error instanceof ApiError) {
        setProblem(error.title);
        form.errors.setServerErrors(error.errors);
      } else setProblem(String(error));
    } finally {
      setBusy(false);
    }
  };
  return {
    problem,
    attempt,
    busy,
    /** The messages to list in the summary, their paths named as the fields are (`${prefix}.${path}`). */
    summary: (prefix: string) => (form.errors.submitted ? form.errors.all.map((e) => ({ ...e, path: `${prefix}.${e.path}` })) : []),
    submit: (event: FormEvent) => {
      event.preventDefault();
      void run();
    },
  };
}
