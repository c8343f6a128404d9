// One Idempotency-Key per distinct request: a retry of the same body (after a dropped connection
// or a double click) reuses it, so the server does the work once; a changed body gets a new key.
import { useRef } from 'react';
import { newIdempotencyKey } from './api.ts';

export function useIdempotencyKeys(): (body: unknown) => string {
  const last = useRef<{ key: string; body: string } | undefined>(undefined);
  return (body: unknown) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { key: newIdempotencyKey(), body: text };
    return last.current.key;
  };
}
