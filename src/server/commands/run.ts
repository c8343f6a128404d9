// Every write goes through here: one transaction, and with an Idempotency-Key the first answer
// is kept so that a retried request creates nothing twice.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { Database, Queryable } from '../db/database.ts';
import { Problem } from '../errors.ts';
import { vaultOf } from '../crypto/keys.ts';

export interface CommandResult<T> {
  status: number;
  body: T;
}

export interface IdempotencyRequest {
  key: string;
  /** What was asked (method, path, body): the same key with another request is refused. */
  fingerprint: string;
}

const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;

export function idempotencyRequest(key: string | undefined, method: string, path: string, body: unknown): IdempotencyRequest | undefined {
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) throw new Problem(400, 'problem.idempotencyKey');
  const fingerprint = createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
  return { key, fingerprint };
}

/** A write's optional Idempotency-Key header, as the route's schema documents it. */
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().optional() }).loose();

/** The Idempotency-Key of a request, with what it asks. */
export function idempotencyOf(request: { headers: Record<string, string | string[] | undefined>; method: string; url: string; body?: unknown }): IdempotencyRequest | undefined {
  const key = request.headers['idempotency-key'];
  return idempotencyRequest(Array.isArray(key) ? key[0] : key, request.method, request.url, request.body);
}

// The stored answer holds the record as returned, names included: it is kept sealed.
function sealAnswer(tx: Queryable, actor: Actor, key: string, body: unknown): { sealed: string } {
  const vault = vaultOf(tx);
  return { sealed: vault.sealJson(vault.serviceKey('idempotency'), body, `idempotency:${actor.userId}:${key}`).toString('base64') };
}

function openAnswer<T>(tx: Queryable, actor: Actor, key: string, stored: { sealed?: string }): T {
  const vault = vaultOf(tx);
  return vault.openJson<T>(vault.serviceKey('idempotency'), Buffer.from(stored.sealed ?? '', 'base64'), `idempotency:${actor.userId}:${key}`);
}

export async function runCommand<T>(
  db: Database,
  actor: Actor,
  idempotency: IdempotencyRequest | undefined,
  command: (tx: Queryable) => Promise<CommandResult<T>>,
): Promise<CommandResult<T> & { replayed: boolean }> {
  return db.transaction(async (tx) => {
    if (idempotency) {
      // Claim the key first: a concurrent retry waits here until this transaction ends.
      const claimed = await tx.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response) VALUES ($1, $2, $3, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`,
        [actor.userId, idempotency.key, idempotency.fingerprint],
      );
      if (claimed.length === 0) {
        const [stored] = await tx.query<{ request_hash: string; status_code: number; response: { sealed?: string } }>(
          'SELECT request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
          [actor.userId, idempotency.key],
        );
        if (!stored || stored.request_hash !== idempotency.fingerprint) throw new Problem(422, 'problem.idempotencyMismatch');
        return { status: stored.status_code, body: openAnswer<T>(tx, actor, idempotency.key, stored.response), replayed: true };
      }
    }
    const result = await command(tx);
    if (idempotency) {
      await tx.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2', [
        actor.userId,
        idempotency.key,
        result.status,
        JSON.stringify(sealAnswer(tx, actor, idempotency.key, result.body)),
      ]);
    }
    return { ...result, replayed: false };
  });
}
