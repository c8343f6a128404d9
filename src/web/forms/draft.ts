// A form's draft kept in this browser (lib/drafts.ts: encrypted, for its author only, removed on
// sign-out), one per form and record, so that a dropped connection or a reload loses nothing: the
// form's values as typed (saved a moment after the last change) and, once she pressed "send",
// the submission itself with its Idempotency-Key, until the server has answered (forms/submission.ts).
//
// A submission waiting for the connection is also in the outbox (forms/outbox.ts), which sends it
// from whichever screen she is on; the form, while on screen, sends its own.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FieldProblem, RequestDescription } from '../lib/api.ts';
import { draftsAvailable, hasDraftKey, loadDraft, removeDraft, saveDraft } from '../lib/drafts.ts';

/** A submission on its way: the data sent and the key that makes a retry harmless. */
export interface Pending<T> {
  key: string;
  data: T;
  /** The request itself, for the outbox to send without the form (absent: only the form sends it). */
  request?: RequestDescription | undefined;
  /** When she pressed "send", and on which screen (an address holds ids only, never personal data). */
  at?: string | undefined;
  screen?: string | undefined;
  /** Its answer must be seen on its form (a secret shown once): the outbox sends it but keeps it for the form. */
  answerOnScreen?: boolean | undefined;
  /** Sent by the outbox, off its screen, but its answer must be seen (a secret shown once): the form asks for it again with the same key. */
  sentAt?: string | undefined;
}

/** The server's refusal of the last submission, kept with the form until she mends or drops it. */
export interface Refusal {
  title: string;
  errors: FieldProblem[];
  /** A stale version: the record's version now (409), so the form may offer to reload it. */
  conflictVersion?: number | undefined;
}

/** What is kept of the form: nothing yet, saved (or restored) at a time, or nothing can be kept here. */
export type Kept = { kind: 'none' } | { kind: 'saved' | 'restored'; at: string } | { kind: 'unavailable' };

export interface Stored<F, T> {
  form: F;
  pending?: Pending<T> | undefined;
  refusal?: Refusal | undefined;
}

export interface Draft<F, T> {
  /** The form and its record (`referral:<case file id>`), as the draft is kept. */
  name: string;
  form: F;
  /** A change by the user: from now on the form is kept. */
  setForm(update: F | ((form: F) => F)): void;
  kept: Kept;
  /** Still reading the kept draft (a moment, at the start). */
  restoring: boolean;
  /** The submission last pressed, and whether it waits to be sent again (no connection, server error). */
  pending: { value: Pending<T>; queued: boolean } | undefined;
  /** The server refused it (here or, off screen, in the outbox): said when the form opens again. */
  refusal: Refusal | undefined;
  /** Keeps a submission with the form, written at once (a reload now finds it); a refusal with it keeps both. */
  hold(pending: Pending<T>, queued: boolean, refusal?: Refusal): Promise<void>;
  /** Sent, or thrown away: the draft is removed and the form starts afresh. */
  clear(): void;
}

const now = () => new Date().toISOString();

/**
 * The form's values, kept under `name` (a form and its record: `referral:<case file id>`).
 * `initial` gives a fresh form (empty, or the record as it is for an edit).
 */
export function useDraft<F, T>(name: string, initial: () => F): Draft<F, T> {
  const [form, setFormState] = useState<F>(initial);
  const [pending, setPending] = useState<Draft<F, T>['pending']>();
  const [refusal, setRefusal] = useState<Refusal | undefined>();
  const [kept, setKept] = useState<Kept>(() => (draftsAvailable() ? { kind: 'none' } : { kind: 'unavailable' }));
  const [restoring, setRestoring] = useState(hasDraftKey);
  const touched = useRef(false);
  const latest = useRef({ form, pending, refusal });
  latest.current = { form, pending, refusal };
  const fresh = useRef(initial);
  fresh.current = initial;

  // A draft left by a reload, a dropped connection or an idle sign-out comes back first.
  useEffect(() => {
    if (!hasDraftKey()) return setRestoring(false);
    let live = true;
    void loadDraft<Stored<F, T>>(name).then((stored) => {
      if (!live) return;
      if (stored && !touched.current) {
        setFormState(stored.value.form);
        const refused = stored.value.refusal;
        if (stored.value.pending) setPending({ value: stored.value.pending, queued: stored.submitted && !refused });
        setRefusal(refused);
        setKept({ kind: 'restored', at: now() });
      }
      setRestoring(false);
    });
    return () => {
      live = false;
    };
  }, [name]);

  // A waiting or refused submission is kept through an idle sign-out: she has not seen it through.
  const write = useCallback(
    async (form: F, held: Draft<F, T>['pending'], refused: Refusal | undefined) => {
      const stored: Stored<F, T> = { form, pending: held?.value, ...(refused ? { refusal: refused } : {}) };
      if (await saveDraft(name, stored, (held?.queued ?? false) || (refused !== undefined && held !== undefined))) setKept({ kind: 'saved', at: now() });
    },
    [name],
  );

  // Saved as it is typed, a moment after the last change.
  useEffect(() => {
    if (restoring || !touched.current) return;
    const timer = window.setTimeout(() => void write(form, latest.current.pending, latest.current.refusal), 400);
    return () => window.clearTimeout(timer);
  }, [form, restoring, write]);

  const setForm = useCallback((update: F | ((form: F) => F)) => {
    touched.current = true;
    setFormState(update);
  }, []);

  const hold = useCallback(
    async (value: Pending<T>, queued: boolean, refused?: Refusal) => {
      touched.current = true;
      const held = { value, queued };
      setPending(held);
      setRefusal(refused);
      await write(latest.current.form, held, refused);
    },
    [write],
  );

  const clear = useCallback(() => {
    removeDraft(name);
    touched.current = false;
    setPending(undefined);
    setRefusal(undefined);
    setFormState(fresh.current());
    setKept(draftsAvailable() ? { kind: 'none' } : { kind: 'unavailable' });
  }, [name]);

  return useMemo(() => ({ name, form, setForm, kept, restoring, pending, refusal, hold, clear }), [name, form, setForm, kept, restoring, pending, refusal, hold, clear]);
}
