// Writes audit entries in small batches: each request waits for its entry to be committed (an
// unaudited read must not return data), but concurrent requests share one insert. One chain per
// writer, so writers in several server processes never contend for a head.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { entryHash, genesisHash, type AuditEntry, type ChainProblem, type ChainedEntry, verifyChain } from './chain.ts';

interface Pending {
  entry: AuditEntry;
  done: () => void;
  failed: (error: unknown) => void;
}

export class AuditWriter {
  private readonly chain = randomUUID();
  private head: { seq: number; hash: string } = { seq: 0, hash: genesisHash(this.chain) };
  private started: Promise<void> | undefined;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;

  constructor(private readonly db: Queryable) {}

  /**
   * Resolves once the entry is in the database. The first entry of a quiet moment waits for the
   * end of this turn of the event loop (setImmediate: after the I/O callbacks being run, before
   * any timer), so that the entries of every request answered by one database reply go in one
   * insert: started at once, the first would go alone and the rest wait for it, two statements
   * where one does (a read batch of ten cost an audit insert of one, then one of nine).
   */
  record(entry: AuditEntry): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ entry, done, failed });
      if (this.flushing || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flushing ??= this.flushLoop();
      });
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.write(batch.map((p) => p.entry));
          for (const p of batch) p.done();
        } catch (error) {
          for (const p of batch) p.failed(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async write(entries: AuditEntry[]): Promise<void> {
    // A chain that could not be started (the database was down) is started again by the next
    // batch, instead of failing every audited request for the life of the process.
    this.started ??= this.db.query('INSERT INTO audit_chains (chain, head_hash) VALUES ($1, $2) ON CONFLICT (chain) DO NOTHING', [this.chain, this.head.hash]).then(
      () => undefined,
      (error: unknown) => {
        this.started = undefined;
        throw error;
      },
    );
    await this.started;
    let { seq, hash } = this.head;
    const chained: ChainedEntry[] = entries.map((e) => {
      seq += 1;
      const next = entryHash(hash, this.chain, seq, e);
      const row = { ...e, chain: this.chain, chainSeq: seq, prevHash: hash, hash: next };
      hash = next;
      return row;
    });
    const col = <T,>(f: (e: ChainedEntry) => T) => chained.map(f);
    // One statement, so one round trip and one commit: the entries and the chain's new head land
    // together or not at all.
    await this.db.query(
      `WITH appended AS (
         INSERT INTO audit_log (chain, chain_seq, at, user_id, username, agency_id, unit_id, ip, action, entity_type, entity_id, field_groups, purpose, outcome, prev_hash, hash, record_ids)
         SELECT $1, chain_seq, at, user_id, username, agency_id, unit_id, ip, action, entity_type, entity_id, field_groups::text[], purpose, outcome, prev_hash, hash, record_ids::uuid[] FROM unnest($2::bigint[], $3::timestamptz[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $20::text[])
           AS t(chain_seq, at, user_id, username, agency_id, unit_id, ip, action, entity_type, entity_id, field_groups, purpose, outcome, prev_hash, hash, record_ids)
         RETURNING 1)
       UPDATE audit_chains SET head_seq = $17, head_hash = $18 WHERE chain = $1 AND (SELECT count(*) FROM appended) = $19`,
      [
        this.chain,
        col((e) => e.chainSeq),
        col((e) => e.at),
        col((e) => e.userId),
        col((e) => e.username),
        col((e) => e.agencyId),
        col((e) => e.unitId),
        col((e) => e.ip),
        col((e) => e.action),
        col((e) => e.entityType),
        col((e) => e.entityId),
        // A text[] per entry travels as its literal: unnest cannot take an array of arrays of unequal length.
        col((e) => `{${e.fieldGroups.map((g) => `"${g}"`).join(',')}}`),
        col((e) => e.purpose),
        col((e) => e.outcome),
        col((e) => e.prevHash),
        col((e) => e.hash),
        seq,
        hash,
        chained.length,
        col((e) => (e.recordIds && e.recordIds.length > 0 ? `{${e.recordIds.join(',')}}` : null)),
      ],
    );
    this.head = { seq, hash };
  }
}

/** Reads every chain back and checks it. */
export async function verifyAuditLog(db: Database): Promise<{ chains: number; entries: number; problems: ChainProblem[] }> {
  const chains = await db.query<{ chain: string; head_seq: number; head_hash: string }>('SELECT chain, head_seq, head_hash FROM audit_chains ORDER BY started_at, chain');
  const problems: ChainProblem[] = [];
  let entries = 0;
  for (const c of chains) {
    const rows = await db.query<{
      seq: number;
      chain_seq: number;
      at: Date | string;
      user_id: string | null;
      username: string | null;
      agency_id: string | null;
      unit_id: string | null;
      ip: string | null;
      action: string;
      entity_type: string | null;
      entity_id: string | null;
      field_groups: string[];
      purpose: string | null;
      outcome: 'ok' | 'denied';
      prev_hash: string;
      hash: string;
      record_ids: string[] | null;
    }>('SELECT * FROM audit_log WHERE chain = $1 ORDER BY chain_seq', [c.chain]);
    entries += rows.length;
    problems.push(
      ...verifyChain(
        c.chain,
        rows.map((r) => ({
          seq: r.seq,
          chain: c.chain,
          chainSeq: r.chain_seq,
          at: new Date(r.at).toISOString(),
          userId: r.user_id,
          username: r.username,
          agencyId: r.agency_id,
          unitId: r.unit_id,
          ip: r.ip,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          fieldGroups: r.field_groups,
          purpose: r.purpose,
          outcome: r.outcome,
          prevHash: r.prev_hash,
          hash: r.hash,
          recordIds: r.record_ids,
        })),
        { seq: c.head_seq, hash: c.head_hash },
      ),
    );
  }
  return { chains: chains.length, entries, problems };
}
