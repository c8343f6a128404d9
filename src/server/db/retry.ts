// A transaction that PostgreSQL aborts because it collided with another one (a serialization
// failure, 40001, or a deadlock, 40P01) did nothing: the server rolled all of it back, and the same
// work run again a moment later normally goes through. database.ts runs every transaction, and every
// statement outside one, through `retryTransient`, so that each write path gets this by
// construction. Only what is still failing after the last attempt reaches the client, as a 503 with
// Retry-After (app.ts), never as a 500.

import { Counter } from '../ops/metrics.ts';

/** Collisions seen by this process, for /api/metrics: how often work ran again, and how often in vain. */
export const collisions = new Counter('enlace_db_collisions_total', 'Transactions PostgreSQL aborted in a collision with another (serialization failure, deadlock), by what followed: run again, or given up (a 503)');

/** SQLSTATEs of a collision between transactions: the whole transaction may simply run again. */
const TRANSIENT = new Set(['40001', '40P01']);

/** Attempts after the first one. */
export const TRANSIENT_RETRIES = 3;

/** The first pause before a retry, in ms; each next one is twice as long, all jittered (±50 %). */
const BACKOFF_MS = 10;

/** Seconds a client is told to wait (Retry-After) once every retry has collided too. */
export const TRANSIENT_RETRY_AFTER_S = 1;

export function isTransientConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && TRANSIENT.has((error as { code?: unknown }).code as string);
}

/**
 * Runs `attempt` until it does not fail with a collision, `TRANSIENT_RETRIES` more times at most.
 * `attempt` must start from scratch each time (its own BEGIN, or one statement on its own) and leave
 * nothing behind outside the database when it fails: whatever it pushed into the caller's memory is
 * the caller's to reset at its start. PGlite has one connection and never raises these codes: there
 * this costs one `.catch` per call.
 */
export function retryTransient<T>(attempt: () => Promise<T>): Promise<T> {
  // The happy path stays one promise deep: queries outside transactions come through here too.
  return attempt().catch((error: unknown) => retryAfter(error, attempt, 1));
}

async function retryAfter<T>(error: unknown, attempt: () => Promise<T>, retry: number): Promise<T> {
  if (!isTransientConflict(error)) throw error;
  if (retry > TRANSIENT_RETRIES) {
    collisions.inc({ outcome: 'given_up' });
    throw error;
  }
  collisions.inc({ outcome: 'retried' });
  // Jittered, so that two transactions that collided do not collide again on their next attempt.
  await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * 2 ** (retry - 1) * (0.5 + Math.random())));
  return attempt().catch((next: unknown) => retryAfter(next, attempt, retry + 1));
}
