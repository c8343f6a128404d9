// A form's draft kept in this browser (lib/drafts.ts: encrypted, for its author only, removed on
// sign-out), one per form and record, so that a dropped connection or a reload loses nothing: the
// form's values as typed (saved a moment after the last change) and, once she pressed "send",
// the submission itself with its Idempotency-Key, until the server has answered (forms/submission.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { draftsAvailable, hasDraftKey, loadDraft, removeDraft, saveDraft } from '../lib/drafts.ts';

/** A submission on its way: the data sent and the key that makes a retry harmless. */
export interface Pending<T> {
  key: string;
  data: T;
}

/** What is kept of the form: nothing yet, saved (or restored) at a time, or nothing can be kept here. */
export type Kept = { kind: 'none' } | { kind: 'saved' | 'restored'; at: string } | { kind: 'unavailable' };

interface Stored<F, T> {
  form: F;
  pending?: Pending<T> | undefined;
}

export interface Draft<F, T> {
  form: F;
  /** A change by the user: from now on the form is kept. */
  setForm(update: F | ((form: F) => F)): void;
  kept: Kept;
  /** Still reading the kept draft (a moment, at the start). */
  restoring: boolean;
  /** The submission last pressed, and whether it waits to be sent again (no connection, server error). */
  pending: { value: Pending<T>; queued: boolean } | undefined;
  /** Keeps a submission with the form, written at once (a reload now finds it). */
  hold(pending: Pending<T>, queued: boolean): Promise<void>;
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
  const [kept, setKept] = useState<Kept>(() => (draftsAvailable() ? { kind: 'none' } : { kind: 'unavailable' }));
  const [restoring, setRestoring] = useState(hasDraftKey);
  const touched = useRef(false);
  const latest = useRef({ form, pending });
  latest.current = { form, pending };
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
        if (stored.value.pending) setPending({ value: stored.value.pending, queued: stored.submitted });
        setKept({ kind: 'restored', at: now() });
      }
      setRestoring(false);
    });
    return () => {
      live = false;
    };
  }, [name]);

  const write = useCallback(
    async (form: F, held: Draft<F, T>['pending']) => {
      if (await saveDraft(name, { form, pending: held?.value } satisfies Stored<F, T>, held?.queued ?? false)) setKept({ kind: 'saved', at: now() });
    },
    [name],
  );

  // Saved as it is typed, a moment after the last change.
  useEffect(() => {
    if (restoring || !touched.current) return;
    const timer = window.setTimeout(() => void write(form, latest.current.pending), 400);
    return () => window.clearTimeout(timer);
  }, [form, restoring, write]);

  const setForm = useCallback((update: F | ((form: F) => F)) => {
    touched.current = true;
    setFormState(update);
  }, []);

  const hold = useCallback(
    async (value: Pending<T>, queued: boolean) => {
      touched.current = true;
      const held = { value, queued };
      setPending(held);
      await write(latest.current.form, held);
    },
    [write],
  );

  const clear = useCallback(() => {
    removeDraft(name);
    touched.current = false;
    setPending(undefined);
    setFormState(fresh.current());
    setKept(draftsAvailable() ? { kind: 'none' } : { kind: 'unavailable' });
  }, [name]);

  return useMemo(() => ({ form, setForm, kept, restoring, pending, hold, clear }), [form, setForm, kept, restoring, pending, hold, clear]);
}
