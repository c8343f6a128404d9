// The hash chain of the audit log, as pure functions: how an entry is hashed, and how a chain
// read back from the database is checked.
import { createHash } from 'node:crypto';

export interface AuditEntry {
  at: string;
  userId: string | null;
  username: string | null;
  agencyId: string | null;
  unitId: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  fieldGroups: readonly string[];
  purpose: string | null;
  outcome: 'ok' | 'denied';
  /** The records a list or search returned; absent (or empty) for a read of one record. */
  recordIds?: readonly string[] | null | undefined;
}

export interface ChainedEntry extends AuditEntry {
  chain: string;
  chainSeq: number;
  prevHash: string;
  hash: string;
}

export function genesisHash(chain: string): string {
  return createHash('sha256').update(`enlace-audit-genesis:${chain}`).digest('hex');
}

/** The hash of an entry: every field, in a fixed order, after the previous entry's hash. */
export function entryHash(prevHash: string, chain: string, chainSeq: number, e: AuditEntry): string {
  const canonical = JSON.stringify([
    chain,
    chainSeq,
    new Date(e.at).toISOString(),
    e.userId,
    e.username,
    e.agencyId,
    e.unitId,
    e.ip,
    e.action,
    e.entityType,
    e.entityId,
    [...e.fieldGroups],
    e.purpose,
    e.outcome,
    // Added with the record ids: entries without them hash exactly as before.
    ...(e.recordIds && e.recordIds.length > 0 ? [[...e.recordIds]] : []),
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export type ChainProblem =
  | { kind: 'altered'; chain: string; chainSeq: number; seq: number }
  | { kind: 'missing'; chain: string; chainSeq: number }
  | { kind: 'truncated'; chain: string; expectedHead: number; foundHead: number };

/**
 * Checks one chain's entries, in chain order, against their hashes and the recorded head.
 * Reports the first break: after it, every hash differs anyway.
 */
export function verifyChain(chain: string, entries: readonly (ChainedEntry & { seq: number })[], head: { seq: number; hash: string }): ChainProblem[] {
  let prev = genesisHash(chain);
  let expected = 1;
  for (const entry of entries) {
    if (entry.chainSeq !== expected) return [{ kind: 'missing', chain, chainSeq: expected }];
    if (entry.prevHash !== prev || entryHash(prev, chain, entry.chainSeq, entry) !== entry.hash) return [{ kind: 'altered', chain, chainSeq: entry.chainSeq, seq: entry.seq }];
    prev = entry.hash;
    expected++;
  }
  const last = expected - 1;
  if (last !== head.seq || (last > 0 && prev !== head.hash)) return [{ kind: 'truncated', chain, expectedHead: head.seq, foundHead: last }];
  return [];
}
