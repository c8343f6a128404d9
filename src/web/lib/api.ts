// The one door to the server: JSON in and out, the CSRF token on every write, the reader's
// language on every request, and problem+json answers turned into ApiError.

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: readonly FieldProblem[] = [],
    /** The record's version now, on a 409 conflict. */
    readonly currentVersion?: number,
  ) {
    super(title);
  }

  /** A network failure or a server error: the same request may be sent again. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** Requests that ask whether anyone is signed in: a 401 there is an answer, not a lost session. */
const SESSION_PROBES = new Set(['/api/session', '/api/me', '/api/me/web']);

let csrfToken = '';
let language = 'es';
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Called when the server says the session is gone (expired, signed out elsewhere). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Keep the request alive while the page unloads (quick exit). */
  keepalive?: boolean;
  /** Reference data the server lets browsers cache (code lists); everything else is never cached. */
  cacheable?: boolean;
  /** Asked before anyone knows whether a session exists: a 401 answer is no news. */
  quiet?: boolean;
}

/** Text shown when the server cannot be reached; set by the i18n layer. */
let networkMessage = (): string => 'Sin conexión con el servidor.';
export function setNetworkMessage(message: () => string): void {
  networkMessage = message;
}

/**
 * Reads started at start-up, alongside the question of who is signed in, so that on a slow link
 * a screen's data does not wait for that answer first (lib/prefetch.ts says which). The screen's
 * own request for the same path takes the answer over once; unclaimed ones expire.
 */
const early = new Map<string, { at: number; answer: Promise<unknown> }>();
const EARLY_FOR_MS = 20_000;

export function prefetch(path: string, options: RequestOptions = {}): void {
  if (early.has(path)) return;
  const answer = api<unknown>('GET', path, { ...options, quiet: true });
  // A failed read is not kept: asked without a connection, it would answer the screen shown once the connection is back.
  answer.catch(() => {
    if (early.get(path)?.answer === answer) early.delete(path);
  });
  early.set(path, { at: Date.now(), answer });
}

/** An answer the page brought with it (lib/boot.ts), taken over by the screen's own request for it. */
export function seedPrefetched(path: string, value: unknown): void {
  early.set(path, { at: Date.now(), answer: Promise.resolve(value) });
}

/** Drops the early answers (sign-out, quick exit): they may hold personal data. */
export function forgetPrefetched(): void {
  early.clear();
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A write as the outbox keeps it, to send it again later from whichever screen (forms/outbox.ts). */
export interface RequestDescription {
  method: Method;
  path: string;
  body?: unknown;
}

/** Set while a form's `send` is only being described: api() then notes the request and asks nothing. */
let describing: RequestDescription[] | undefined;

/**
 * The request a form's `send` would make, found without making it: every form's `send` is one
 * call of api(), which runs up to its first `await` at once. Undefined when `send` makes none at
 * once or several (its submission then goes again only from its own form).
 */
export function describeRequest(send: () => Promise<unknown>): RequestDescription | undefined {
  const seen: RequestDescription[] = [];
  describing = seen;
  try {
    send().catch(() => undefined);
  } catch {
    return undefined;
  } finally {
    describing = undefined;
  }
  return seen.length === 1 ? seen[0] : undefined;
}

export async function api<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  if (describing) {
    describing.push({ method, path, ...(options.body === undefined ? {} : { body: options.body }) });
    // Never answered: the form's own code after it waits for nothing.
    return new Promise<T>(() => undefined);
  }
  const started = method === 'GET' && !options.quiet ? early.get(path) : undefined;
  if (started) {
    early.delete(path);
    if (Date.now() - started.at < EARLY_FOR_MS) return started.answer as Promise<T>;
  }
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...options.headers };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: options.cacheable ? 'default' : 'no-store',
      keepalive: options.keepalive ?? false,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new ApiError(0, networkMessage());
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { title?: unknown; errors?: unknown; currentVersion?: unknown };
    const errors = Array.isArray(problem.errors) ? (problem.errors as FieldProblem[]).filter((e) => typeof e?.path === 'string' && typeof e?.message === 'string') : [];
    const error = new ApiError(
      response.status,
      typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`,
      errors,
      typeof problem.currentVersion === 'number' ? problem.currentVersion : undefined,
    );
    if (response.status === 401 && !SESSION_PROBES.has(path) && !options.quiet) onSignedOut();
    throw error;
  }
  return data as T;
}

/** A POST whose answer is a file to save (an export): its bytes and the name the server gave it. */
export async function apiDownload(path: string, body: unknown): Promise<{ blob: Blob; fileName: string }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Accept-Language': language, 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      credentials: 'same-origin',
      cache: 'no-store',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, networkMessage());
  }
  if (!response.ok) {
    const problem = (safeJson(await response.text()) ?? {}) as { title?: unknown; errors?: unknown };
    const errors = Array.isArray(problem.errors) ? (problem.errors as FieldProblem[]).filter((e) => typeof e?.path === 'string' && typeof e?.message === 'string') : [];
    if (response.status === 401) onSignedOut();
    throw new ApiError(response.status, typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`, errors);
  }
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export';
  return { blob: await response.blob(), fileName };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A random UUID v4 for Idempotency-Key. crypto.randomUUID exists only in secure contexts; a
 * server reached over plain http on a local network still gets a sound key from getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
