// One action of a screen at a time: what it said when done, what went wrong (an API problem with
// its fields, or a message of the screen's own checks), and whether one is under way.
import { useCallback, useState } from 'react';
import { ApiError } from './api.ts';

export function problemText(e: unknown): string {
  return e instanceof ApiError ? [e.title, ...e.errors.map((x) => x.message)].join(' · ') : e instanceof Error ? e.message : String(e);
}

export function useAction() {
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const fail = useCallback((e: unknown) => setProblem(problemText(e)), []);
  const run = useCallback(
    async (step: () => Promise<void>) => {
      setProblem(undefined);
      setNotice(undefined);
      setBusy(true);
      try {
        await step();
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
      }
    },
    [fail],
  );
  return { problem, notice, busy, run, fail, setNotice, setProblem };
}
