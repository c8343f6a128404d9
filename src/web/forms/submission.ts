// Sending a checked form: mark it submitted (every verdict shows), refuse to send while the
// verdicts stand, and send it with one Idempotency-Key per distinct submission. The submission is
// kept with the form's draft (forms/draft.ts) before it goes: one that meets no connection (or a
// server error) waits there, key included, and is sent again by itself when the connection returns
// (and now and then meanwhile), after a reload too, so nothing is lost and nothing is created twice.
// A refusal by the server becomes the form's messages, and is kept with the draft. What happened
// is said by <DraftStatus>. Off screen, the outbox (forms/outbox.ts) sends what waits, from the
// request described here, and brings a refusal back to the draft, shown when the form opens.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeRequest, newIdempotencyKey } from '../lib/api.ts';
import { useOnline } from '../lib/online.ts';
import type { Draft, Pending, Refusal } from './draft.ts';
import type { useFormErrors } from './errors.ts';
import { showingForm } from './outbox.ts';

const RETRY_MS = 20_000;

export interface SubmissionOptions<T, R> {
  /** Sends the data with its key; called again with the same two until the server answers. */
  send(data: T, key: string): Promise<R>;
  /** The server did it: what to tell and where to go, from the data sent (not from lists that may not be loaded yet). */
  sent(result: R, data: T): void;
  /** The server's field paths as the form names them (`changes.x` → `caseFile.x`). */
  fieldPath?(path: string): string;
  /** The answer must be seen on this form (a secret shown once): sent off screen, it is asked for again here. */
  answerOnScreen?: boolean;
}

/** One of several actions of a form (a button each): where it goes, what it sends, what to say once done. */
export interface Action<P extends string = string> {
  path: P;
  body: Record<string, unknown>;
  message: string;
}

export interface Submission<T> {
  problem: string | undefined;
  /** The problem followed by the server's messages, for a form that has no field to show each by. */
  problemInFull: string | undefined;
  /** The server refused a stale version (409): the form may offer to reload the record. */
  conflict: boolean;
  attempt: number;
  busy: boolean;
  /** Waiting for the connection, kept on this computer. */
  queued: boolean;
  /** The last submission went through. */
  done: boolean;
  /** The messages to list in the summary, their paths named as the fields are (`${prefix}.${path}`). */
  summary(prefix: string): { path: string; message: string }[];
  submit(event?: FormEvent): void;
  /** Sends this data rather than the form's (one of several buttons, each its own request). */
  submitData(data: T): void;
  /** Sends the waiting submission now. */
  retry(): void;
}

export function useSubmission<F, T, R>(draft: Draft<F, T>, form: { data: T | undefined; errors: ReturnType<typeof useFormErrors> }, options: SubmissionOptions<T, R>): Submission<T> {
  const { t } = useTranslation();
  const online = useOnline();
  const [problem, setProblem] = useState<{ text: string; conflict: boolean } | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  /** Failed tries while the browser believed it was online (the server unreachable or failing): each waits longer. */
  const [failures, setFailures] = useState(0);
  // Set at once (state would wait for the next render), so a double click sends one request.
  const sending = useRef(false);

  /** The refusal restored or just received, shown once each. */
  const shownRefusal = useRef<Refusal | undefined>(undefined);
  const showRefusal = (refusal: Refusal) => {
    shownRefusal.current = refusal;
    // A stale version (someone changed the record meanwhile) is said in our words; other refusals in the server's.
    const stale = refusal.conflictVersion !== undefined;
    setProblem({ text: stale ? t('edit.conflict', { version: refusal.conflictVersion }) : refusal.title, conflict: stale });
    form.errors.setServerErrors(refusal.errors.map((e) => ({ ...e, path: options.fieldPath?.(e.path) ?? e.path })));
    setAttempt((n) => n + 1);
  };

  const deliver = async (submitted: Pending<T>) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setProblem(undefined);
    setDone(false);
    // What the outbox needs to send it from another screen: the request, when and where it was pressed.
    const pending: Pending<T> = {
      ...submitted,
      request: submitted.request ?? describeRequest(() => options.send(submitted.data, submitted.key)),
      at: submitted.at ?? new Date().toISOString(),
      screen: submitted.screen ?? window.location.pathname,
      ...(options.answerOnScreen ? { answerOnScreen: true } : {}),
    };
    await draft.hold(pending, true);
    try {
      const result = await options.send(pending.data, pending.key);
      setFailures(0);
      draft.clear();
      form.errors.reset();
      setDone(true);
      options.sent(result, pending.data);
    } catch (error) {
      // No connection or a server error: it stays queued and goes again; anything else is hers to see.
      if (error instanceof ApiError && error.retryable) setFailures((n) => (navigator.onLine ? n + 1 : n));
      else {
        setFailures(0);
        if (error instanceof ApiError) {
          const refusal: Refusal = { title: error.title, errors: [...error.errors], ...(error.status === 409 && error.currentVersion !== undefined ? { conflictVersion: error.currentVersion } : {}) };
          showRefusal(refusal);
          // Kept with the draft (through an idle sign-out too) until she mends or drops it.
          await draft.hold(pending, false, refusal);
        } else {
          await draft.hold(pending, false);
          setProblem({ text: String(error), conflict: false });
          setAttempt((n) => n + 1);
        }
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  const latest = useRef(deliver);
  latest.current = deliver;

  const submitData = (data: T) => {
    if (sending.current) return;
    const prior = draft.pending?.value;
    // The same data as the last attempt → the same key, so the server answers with what it already did.
    void deliver(prior && JSON.stringify(prior.data) === JSON.stringify(data) ? prior : { key: newIdempotencyKey(), data });
  };

  // A waiting submission goes as soon as the connection is back; while the server cannot be
  // reached or fails, it is tried again after 2, 4, 8… seconds, then every 20.
  const held = draft.pending;
  const queued = held?.queued === true;

  // While on screen the form sends its own submission; the outbox sends it once the form is gone.
  const name = draft.name;
  useEffect(() => showingForm(name), [name]);

  // Refused while the form was elsewhere (the outbox sent it), or before a reload: said again now.
  const refused = draft.restoring ? undefined : draft.refusal;
  useEffect(() => {
    if (refused && shownRefusal.current !== refused) {
      form.errors.setSubmitted(true);
      showRefusal(refused);
    }
    // Only a refusal newly restored is shown: the rest of what showRefusal reads changes with every render.
  }, [refused]);
  const waiting = queued && !draft.restoring ? held?.value : undefined;
  useEffect(() => {
    if (!waiting || !online) return;
    const timer = window.setTimeout(() => void latest.current(waiting), failures === 0 ? 0 : Math.min(RETRY_MS, 1000 * 2 ** failures));
    return () => window.clearTimeout(timer);
  }, [waiting, online, failures]);

  return {
    problem: problem?.text,
    problemInFull: problem && [problem.text, ...form.errors.all.map((e) => e.message)].join(' '),
    conflict: problem?.conflict ?? false,
    attempt,
    busy,
    queued,
    done,
    summary: (prefix: string) => (form.errors.submitted ? form.errors.all.map((e) => ({ ...e, path: `${prefix}.${e.path}` })) : []),
    submit: (event?: FormEvent) => {
      event?.preventDefault();
      if (sending.current) return;
      form.errors.setSubmitted(true);
      setAttempt((n) => n + 1);
      if (form.data === undefined) return setProblem({ text: t('form.invalid'), conflict: false });
      submitData(form.data);
    },
    submitData,
    retry: useCallback(() => {
      const value = draft.pending?.value;
      if (value) void latest.current(value);
    }, [draft.pending]),
  };
}

/** An edit sent without a change says so and sends nothing (counted, so its summary takes the focus each time). */
export function useEditSubmit<T>(sending: Submission<T>, nothingChanged: boolean) {
  const { t } = useTranslation();
  const [unchanged, setUnchanged] = useState(0);
  return {
    submit: (event: FormEvent) => {
      setUnchanged((n) => (nothingChanged ? n + 1 : 0));
      if (nothingChanged) event.preventDefault();
      else sending.submit(event);
    },
    problem: unchanged > 0 ? t('edit.nothingChanged') : sending.problem,
    unchanged: unchanged > 0,
    attempt: sending.attempt + unchanged,
  };
}
