// Drafts of forms kept in this browser so that a dropped connection or a reload loses nothing.
// Stored only encrypted (AES-256-GCM, Web Crypto) under a key the server hands to the signed-in
// user (GET /api/me/web) and that lives in memory only: what is on disk is unreadable without
// her signing in again. Where Web Crypto is missing (plain http on a network address) nothing is
// kept at all, and the form says so.
import { onForget } from './forget.ts';

const PREFIX = 'enlace.draft.';

interface Stored {
  v: 1;
  owner: string;
  /** True once the user pressed "send" (until sent, or while refused): what she submitted outlives an idle sign-out, a mere draft does not. */
  submitted: boolean;
  iv: string;
  data: string;
}

let key: CryptoKey | undefined;
let owner: string | undefined;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const fromBase64Url = (text: string) => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));

/** Can drafts be kept here? Web Crypto exists only in secure contexts (https, localhost). */
export function draftsAvailable(): boolean {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined && storage() !== undefined;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export async function setDraftKey(userId: string, rawKey: string): Promise<void> {
  if (!draftsAvailable()) return;
  key = await crypto.subtle.importKey('raw', fromBase64Url(rawKey), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  owner = userId;
}

export function hasDraftKey(): boolean {
  return key !== undefined;
}

const aad = (name: string, user: string) => new TextEncoder().encode(`enlace-draft\u0000${user}\u0000${name}`);

const changeListeners = new Set<() => void>();

/** Told after any draft is written or removed (the outbox counts the submissions kept). */
export function onDraftsChanged(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

function changed(): void {
  for (const listener of changeListeners) listener();
}

/** Bumped when a draft is removed: a save still encrypting then writes nothing (it would bring it back). */
const removals = new Map<string, number>();

export async function saveDraft(name: string, value: unknown, submitted: boolean): Promise<boolean> {
  const store = storage();
  const usedKey = key;
  const user = owner;
  const removed = removals.get(name) ?? 0;
  if (!usedKey || !user || !store) return false;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(name, user) }, usedKey, new TextEncoder().encode(JSON.stringify(value))));
  // Removed, sent or signed out while it was being encrypted: nothing is written.
  if (key !== usedKey || (removals.get(name) ?? 0) !== removed) return false;
  const stored: Stored = { v: 1, owner: user, submitted, iv: toBase64(iv), data: toBase64(data) };
  try {
    store.setItem(PREFIX + name, JSON.stringify(stored));
    changed();
    return true;
  } catch {
    return false;
  }
}

/** The signed-in user's draft of this form, or undefined (none, someone else's, or unreadable). */
export async function loadDraft<T>(name: string): Promise<{ value: T; submitted: boolean } | undefined> {
  const text = storage()?.getItem(PREFIX + name);
  if (!key || !owner || !text) return undefined;
  try {
    const stored = JSON.parse(text) as Stored;
    if (stored.v !== 1 || stored.owner !== owner) return undefined;
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(stored.iv), additionalData: aad(name, owner) }, key, fromBase64(stored.data));
    return { value: JSON.parse(new TextDecoder().decode(plain)) as T, submitted: stored.submitted };
  } catch {
    return undefined;
  }
}

/** Whether the signed-in user keeps a draft of this form here (without opening it): its form may open by itself. */
export function draftKept(name: string): boolean {
  const text = storage()?.getItem(PREFIX + name);
  if (!owner || !text) return false;
  try {
    return (JSON.parse(text) as Stored).owner === owner;
  } catch {
    return false;
  }
}

export function removeDraft(name: string): void {
  removals.set(name, (removals.get(name) ?? 0) + 1);
  storage()?.removeItem(PREFIX + name);
  changed();
}

/** The names of the signed-in user's drafts that hold a submission (waiting, refused or to be seen), without opening them. */
export function keptSubmissions(): string[] {
  const store = storage();
  if (!owner || !store) return [];
  const names: string[] = [];
  for (const item of Object.keys(store)) {
    if (!item.startsWith(PREFIX)) continue;
    try {
      const stored = JSON.parse(store.getItem(item) ?? '') as Stored;
      if (stored.owner === owner && stored.submitted) names.push(item.slice(PREFIX.length));
    } catch {
      // Not one of ours: left alone.
    }
  }
  return names;
}

/**
 * Drops the key, and the drafts from the browser: all of them on a sign-out or quick exit; on an
 * idle sign-out, the submissions still waiting for a connection stay (encrypted, for their author).
 */
export function forgetDrafts(options: { keepSubmitted: boolean }): void {
  key = undefined;
  owner = undefined;
  const store = storage();
  if (!store) return;
  for (const name of Object.keys(store)) {
    if (!name.startsWith(PREFIX)) continue;
    if (options.keepSubmitted && isSubmitted(store.getItem(name))) continue;
    store.removeItem(name);
  }
  changed();
}

function isSubmitted(text: string | null): boolean {
  try {
    return text !== null && (JSON.parse(text) as Stored).submitted === true;
  } catch {
    return false;
  }
}

// Quick exit and sign-out leave no draft; a session that ended by itself keeps what was submitted.
onForget((reason) => forgetDrafts({ keepSubmitted: reason === 'ended' }));
