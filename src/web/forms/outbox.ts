// The outbox: every submission that could not be sent — no connection, the server failing — from
// whichever form, kept encrypted with its form's draft (lib/drafts.ts, removed on sign-out) and
// sent again with its Idempotency-Key when the connection returns, whatever screen she is on.
// A form on screen sends its own (forms/submission.ts); the outbox sends those whose form is not.
// Nothing she entered is dropped: a refusal by the server (4xx) goes back to the draft with the
// server's words, shown when the form opens again; an answer she must see (a secret shown once)
// waits for its form, which asks for it again with the same key.
import { useSyncExternalStore } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { keptSubmissions, loadDraft, onDraftsChanged, saveDraft, removeDraft } from '../lib/drafts.ts';
import { onForget } from '../lib/forget.ts';
import type { Pending, Refusal, Stored } from './draft.ts';

const RETRY_MS = 20_000;
/** Sent entries shown for a while, so she sees that what waited went. */
const SENT_SHOWN = 5;

export interface OutboxEntry {
  /** The draft's name: its form and record (`referral:<case file id>`). */
  name: string;
  /** The form, for its label: the name up to the first colon. */
  kind: string;
  /** When she pressed "send". */
  at: string | undefined;
  /** The screen it was sent from, to go back to it. */
  screen: string | undefined;
  /** waiting: for the connection or a failing server; refused: back in its form with the server's words; answered: sent, its answer to be seen on its form. */
  state: 'waiting' | 'refused' | 'answered';
}

export interface OutboxState {
  entries: readonly OutboxEntry[];
  /** Those the outbox sent in this session, the latest first. */
  sent: readonly { name: string; kind: string; at: string }[];
}

type Kept = Stored<unknown, unknown>;

let state: OutboxState = { entries: [], sent: [] };
const listeners = new Set<() => void>();
/** Drafts whose form is on screen: the form sends its own. */
const onScreen = new Map<string, number>();
/** Being sent now by the outbox. */
const inFlight = new Set<string>();
/**
 * Entries met on their own screen, with when: its form is about to take it (after a reload the
 * screen's code and data come first), so the outbox waits a little before sending it itself.
 */
const onItsScreenSince = new Map<string, number>();
const FORM_GRACE_MS = 10_000;
let failures = 0;
let refreshes = 0;

function publish(next: OutboxState): void {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOutbox(): OutboxState {
  return useSyncExternalStore(subscribe, () => state);
}

export const kindOf = (name: string) => name.split(':')[0] ?? name;

function entryOf(name: string, kept: Kept): OutboxEntry | undefined {
  const pending = kept.pending;
  if (!pending) return undefined;
  return { name, kind: kindOf(name), at: pending.at, screen: pending.screen, state: kept.refusal ? 'refused' : pending.sentAt ? 'answered' : 'waiting' };
}

/** Reads the kept submissions again (after any draft changed); a later reading wins. */
async function refresh(): Promise<Map<string, Kept>> {
  const reading = ++refreshes;
  const kept = new Map<string, Kept>();
  for (const name of keptSubmissions()) {
    const stored = await loadDraft<Kept>(name);
    if (stored) kept.set(name, stored.value);
  }
  if (reading === refreshes) {
    const entries = [...kept].flatMap(([name, value]) => entryOf(name, value) ?? []);
    entries.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
    publish({ ...state, entries });
  }
  return kept;
}

/** A form on screen takes its submission over while it is shown; the returned function gives it back. */
export function showingForm(name: string): () => void {
  onScreen.set(name, (onScreen.get(name) ?? 0) + 1);
  return () => {
    const left = (onScreen.get(name) ?? 1) - 1;
    if (left > 0) onScreen.set(name, left);
    else onScreen.delete(name);
    schedule(0);
  };
}

async function deliver(name: string, kept: Kept & { pending: Pending<unknown> & { request: NonNullable<Pending<unknown>['request']> } }): Promise<'sent' | 'failed' | 'refused'> {
  const { pending } = kept;
  const { method, path, body } = pending.request;
  inFlight.add(name);
  try {
    await api(method, path, { ...(body === undefined ? {} : { body }), headers: { 'Idempotency-Key': pending.key } });
    const sentAt = new Date().toISOString();
    // Its answer must be seen: kept (sealed, with the key) until its form asks for it again.
    if (pending.answerOnScreen) await saveDraft(name, { ...kept, pending: { ...pending, sentAt } } satisfies Kept, true);
    else removeDraft(name);
    publish({ ...state, sent: [{ name, kind: kindOf(name), at: sentAt }, ...state.sent].slice(0, SENT_SHOWN) });
    return 'sent';
  } catch (error) {
    // Signed out meanwhile (401: the app signs out and keeps it), the server failing or too busy: it waits.
    if (!(error instanceof ApiError) || error.retryable || error.status === 401 || error.status === 429) return 'failed';
    const refusal: Refusal = { title: error.title, errors: [...error.errors], ...(error.status === 409 && error.currentVersion !== undefined ? { conflictVersion: error.currentVersion } : {}) };
    await saveDraft(name, { ...kept, refusal } satisfies Kept, true);
    return 'refused';
  } finally {
    inFlight.delete(name);
  }
}

let timer: number | undefined;
let running = false;

function schedule(delay: number): void {
  if (!running) return;
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void flush(), delay);
}

/** Sends every waiting submission whose form is not on screen; tries again later while any waits. */
async function flush(): Promise<void> {
  const kept = await refresh();
  if (!running || !navigator.onLine) return;
  let next: number | undefined;
  const later = (ms: number) => (next = Math.min(next ?? ms, ms));
  for (const [name, value] of kept) {
    const pending = value.pending;
    if (!pending || value.refusal || pending.sentAt) continue;
    later(RETRY_MS);
    const request = pending.request;
    if (!request || onScreen.has(name) || inFlight.has(name)) continue;
    if (awaitingItsForm(name, pending.screen)) {
      later(FORM_GRACE_MS);
      continue;
    }
    const outcome = await deliver(name, { ...value, pending: { ...pending, request } });
    failures = outcome === 'failed' ? failures + 1 : 0;
    // The server cannot be reached or fails: the others would too; wait, longer each time.
    if (outcome === 'failed') {
      later(Math.min(RETRY_MS, 1000 * 2 ** failures));
      break;
    }
  }
  if (next !== undefined) schedule(next);
}

function awaitingItsForm(name: string, screen: string | undefined): boolean {
  if (screen !== window.location.pathname) {
    onItsScreenSince.delete(name);
    return false;
  }
  const since = onItsScreenSince.get(name) ?? Date.now();
  onItsScreenSince.set(name, since);
  return Date.now() - since < FORM_GRACE_MS;
}

/** Sends what waits at once ("send now"). */
export function sendWaitingNow(): void {
  failures = 0;
  schedule(0);
}

/**
 * Runs the outbox while someone is signed in (the header holds it): sends when the connection
 * returns and whenever a submission is kept or a form leaves the screen.
 */
export function runOutbox(): () => void {
  running = true;
  const online = () => sendWaitingNow();
  window.addEventListener('online', online);
  // A draft written or removed: counted again a moment later (a form saves as she types). What
  // waits is sent by the timer, the connection's return, or a form leaving the screen.
  let counting: number | undefined;
  const stop = onDraftsChanged(() => {
    window.clearTimeout(counting);
    counting = window.setTimeout(() => void refresh(), 300);
  });
  schedule(0);
  return () => {
    running = false;
    window.clearTimeout(timer);
    window.clearTimeout(counting);
    window.removeEventListener('online', online);
    stop();
  };
}

// Signed out, exited or ended: what the outbox showed goes with the drafts.
onForget(() => {
  failures = 0;
  publish({ entries: [], sent: [] });
});
