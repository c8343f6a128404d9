// Linking on arrival: every new or corrected person record is scored against the index; strong
// matches link at once, doubtful ones go to the review queue. Everything written is an action.
import { randomUUID } from 'node:crypto';
import { DEFAULT_THRESHOLDS, proposalStatus, type MatchAction, type MatchRecord, type MatchThresholds } from '../../domain/matches.ts';
import type { PersonData } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import { joinGroups, matchProposalParts, recordMatchProposals, regroup } from '../actions/matches.ts';
import { openPersonRow, PERSON_KEY_JOIN, PERSON_WITH_KEY, type KeyColumns, type PersonRow as StoredPerson, type RegistrationExtras } from '../actions/store.ts';
import type { Database, Queryable } from '../db/database.ts';
import { openIndex, THREAD_MIN_RECORDS, type IndexHandle } from './index-thread.ts';
import { canonicalOf, type Candidate } from './linker.ts';
import { clusterRelay, type RecordRelay, type RelayedRecord } from './relay.ts';
import { clusterSharedIndex, type OpenSharedIndex } from './shared-index.ts';

/**
 * How often records written by other processes are taken into the index, at most. Often, in small
 * lots: a second's worth of another process's registrations (hundreds at 500 a second), read,
 * opened and indexed at once, held up the registrations behind them (bench:api BENCH_TRACE=1:
 * the slow windows of a steady run came once a second).
 */
const REFRESH_INTERVAL_MS = Number(process.env.ENLACE_LINKAGE_REFRESH_MS ?? 100);
/**
 * The same, in a process that hears of the other processes' registrations and corrections as
 * they commit (relay.ts): its looks only catch what the relay does not carry (imports, consent
 * withdrawals, another host, a message lost as a process restarts).
 */
const RELAYED_REFRESH_INTERVAL_MS = Number(process.env.ENLACE_LINKAGE_RELAYED_REFRESH_MS ?? 1000);
/** How long after being stamped a record of another process may still commit and be found. */
const LATE_COMMIT_MS = 10_000;
/** Longer than any transaction that links (an import chunk takes seconds). */
const TENTATIVE_TTL_MS = 10 * 60_000;

type LinkRow = StoredPerson & KeyColumns & { key: string };

/** A record scored before its transaction (`LinkageService.arrival`). */
export interface Arrival {
  candidates: Candidate[];
}

type MatchProposal = Extract<MatchAction, { type: 'match.proposed' }>;

/**
 * What linking a new person adds to her registration (`LinkageService.onArrival`), written in the
 * registration's statement; undefined when she has no proposal. When one links her at once, the
 * statement's last SELECT joins her to the groups of the records she links with.
 */
export type ArrivalWrites = RegistrationExtras | undefined;

const PERSON_SELECT = `SELECT ${PERSON_WITH_KEY}, a.key FROM persons p JOIN agencies a ON a.id = p.owner_agency_id ${PERSON_KEY_JOIN}`;

/**
 * Opens every person for the index a few hundred at a time, letting the requests that arrive
 * meanwhile through: opening 100,000 at once held a starting server's event loop for half a
 * minute, and every request with it.
 */
async function openInTurns<T, R>(rows: readonly T[], open: (row: T) => R): Promise<R[]> {
  const opened: R[] = [];
  for (let at = 0; at < rows.length; at += 500) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const row of rows.slice(at, at + 500)) opened.push(open(row));
  }
  return opened;
}

/** The oldest transaction running now, as a 32-bit xid (what a row's xmin holds), in text. */
async function oldestRunning(q: Queryable): Promise<string> {
  const [row] = await q.query<{ xid: string }>('SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296)::text AS xid');
  return row?.xid ?? '3';
}

export class LinkageService {
  private index: Promise<IndexHandle> | undefined;
  private built: IndexHandle | undefined;
  private onError: (error: unknown) => void = () => undefined;
  private draining: Promise<void> | undefined;
  private closed = false;
  /** The oldest transaction still running when the last look began (a 32-bit xid, as text). */
  private runningAtLook = '3';
  /** Newest `updated_at` among the records seen, in ms. */
  private newestSeen = 0;
  /** Versions of the records indexed lately, by id (see `refresh`). */
  private readonly seen = new Map<string, { version: number; at: number }>();
  private refreshedAt = 0;
  /** The tentative index entries each open transaction added, visible to it alone. */
  private readonly ownTentative = new WeakMap<Queryable, Set<number>>();
  /** Tentative entry of each person linked in a transaction not yet known to have committed. */
  private readonly tentativeOf = new Map<string, { entry: number; at: number }>();

  private readonly relay: RecordRelay | undefined;
  /**
   * The index every server process shares, in the cluster's primary (shared-index.ts): what one
   * process commits, the others' questions see at once; the relay then only says which versions
   * were indexed, so that their looks at the database do not read them again.
   */
  private readonly shared: OpenSharedIndex | undefined;
  /** How often the database is looked at for records written elsewhere, at most (`refresh`). */
  private readonly refreshMs: number;

  constructor(
    private readonly db: Database,
    readonly thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
    /** From how many records the index lives in a thread of its own (see index-thread.ts). */
    private readonly threadMin = THREAD_MIN_RECORDS,
    /** The other server processes (relay.ts): a cluster worker's own unless told otherwise. */
    options: { relay?: RecordRelay | undefined; refreshMs?: number; shared?: OpenSharedIndex | undefined } = {},
  ) {
    this.relay = 'relay' in options ? options.relay : clusterRelay();
    this.shared = 'shared' in options ? options.shared : clusterSharedIndex();
    this.refreshMs = options.refreshMs ?? (this.relay ? RELAYED_REFRESH_INTERVAL_MS : REFRESH_INTERVAL_MS);
    this.relay?.listen((records) => this.relayed(records));
  }

  /** The index, built on first use from every person record in the database. */
  async ready(): Promise<void> {
    this.index ??= (async () => {
      const running = await oldestRunning(this.db);
      // What this process has seen: with a shared index, only the process that builds it reads and
      // opens every person's whole row (its stamps are then those of the rows it opened); the
      // others need only each record's id, version and time, not 100,000 sealed rows held and dropped.
      let stamps: readonly Pick<LinkRow, 'id' | 'version' | 'updated_at'>[] = this.shared
        ? await this.db.query<Pick<LinkRow, 'id' | 'version' | 'updated_at'>>('SELECT p.id, p.version, p.updated_at FROM persons p ORDER BY p.updated_at')
        : [];
      let opened: IndexHandle | undefined;
      const records = async () => {
        const rows = await this.db.query<LinkRow>(`${PERSON_SELECT} ORDER BY p.updated_at`);
        stamps = rows;
        return openInTurns(rows, (r) => canonicalOf(r.id, r.key, openPersonRow(this.db, r)));
      };
      // A thread that fails while still building fails the build itself (ready() rejects).
      const onFailure = (error: Error) => opened && this.lost(opened, error);
      const index = (opened = await (this.shared ? this.shared(records, onFailure) : openIndex(await records(), onFailure, this.threadMin)));
      const stamped = stamps.map((row) => ({ id: row.id, version: row.version, at: new Date(row.updated_at).getTime() }));
      for (const row of stamped) this.newestSeen = Math.max(this.newestSeen, row.at);
      this.remember(stamped);
      this.runningAtLook = running;
      // The build was a look: the next one is due an interval from now.
      this.refreshedAt = Date.now();
      this.built = index;
      return index;
    })();
    await this.index;
  }

  /** The index's thread failed: records queue until a new index is built from the database. */
  private lost(index: IndexHandle, error: Error): void {
    if (this.built !== index || this.closed) return;
    this.built = undefined;
    this.index = undefined;
    this.newestSeen = 0;
    this.runningAtLook = '3';
    this.seen.clear();
    this.onError(error);
    this.start(this.onError);
  }

  /**
   * Takes in records written since the last look (by imports or another server process), reading
   * through the caller's transaction: the embedded engine has one connection, held by it.
   */
  private async refresh(tx: Queryable): Promise<IndexHandle> {
    const index = this.built;
    if (!index) throw new Error('LinkageService.ready() must be awaited before a transaction that links');
    // This process adds its own records as they commit (`indexed`); only other processes' records
    // need the look, and one look a second keeps a busy server from paying a query per record.
    const now = Date.now();
    if (now - this.refreshedAt < this.refreshMs) return index;
    this.refreshedAt = now;
    // Each look reaches back LATE_COMMIT_MS before the newest record seen: a record is stamped when
    // its action is made, and its transaction (another process's import chunk) may commit after
    // records stamped later were seen. Within that window only rows of transactions still running
    // at the previous look can be new to it (age ≤ that look's oldest running transaction): the
    // rest were seen then. Only versions not yet indexed are then read in full.
    // Rows of the caller's own transaction are left out: not committed, a rollback would leave
    // persons that never existed in the index.
    // Milliseconds as a plain number: a busy server sees thousands of rows here a second, and
    // parsing each timestamp into a Date cost more than the query.
    const running = await oldestRunning(tx);
    const heads = await tx.query<{ id: string; version: number; at: number }>(
      `SELECT p.id, p.version, (extract(epoch FROM p.updated_at) * 1000)::float8 AS at FROM persons p
        WHERE p.updated_at > $1 AND (p.updated_at > $2 OR age(p.xmin) <= age($3::text::xid)) AND p.xmin <> pg_current_xact_id()::xid`,
      [new Date(this.newestSeen - LATE_COMMIT_MS).toISOString(), new Date(this.newestSeen).toISOString(), this.runningAtLook],
    );
    this.runningAtLook = running;
    const unseen = heads.filter((h) => (this.seen.get(h.id)?.version ?? 0) < h.version).map((h) => h.id);
    if (unseen.length > 0) {
      // A newer version may have been relayed while the rows were read.
      const rows = (await tx.query<LinkRow>(`${PERSON_SELECT} WHERE p.id = ANY($1::uuid[])`, [unseen])).filter((row) => (this.seen.get(row.id)?.version ?? 0) < row.version);
      index.add(rows.map((row) => canonicalOf(row.id, row.key, openPersonRow(tx, row))));
      this.remember(rows.map((row) => ({ id: row.id, version: row.version, at: new Date(row.updated_at).getTime() })));
    }
    for (const h of heads) this.newestSeen = Math.max(this.newestSeen, h.at);
    const forgetBefore = this.newestSeen - LATE_COMMIT_MS;
    for (const [id, seen] of this.seen) if (seen.at < forgetBefore) this.seen.delete(id);
    return index;
  }

  /** Versions indexed, kept while a look can still reach their records (`refresh`). */
  private remember(rows: readonly { id: string; version: number; at: number }[]): void {
    for (const row of rows) if (row.at >= this.newestSeen - LATE_COMMIT_MS) this.seen.set(row.id, { version: row.version, at: row.at });
  }

  /**
   * Proposes matches for one person record inside the caller's transaction. A record joins at most
   * one existing group automatically: strong matches into other groups go to review instead, so a
   * single record can never chain two persons together.
   */
  async linkOnArrival(
    tx: Queryable,
    actor: Actor | null,
    personId: string,
    agencyKey: string,
    person: Partial<PersonData>,
    agencyId: string,
  ): Promise<MatchRecord[]> {
    const index = await this.refresh(tx);
    let own = this.ownTentative.get(tx);
    // Later records of the same transaction (an imported file naming one person twice) must find
    // this one; other transactions must not until it commits (`indexed`).
    const { candidates, entry } = await index.score(canonicalOf(personId, agencyKey, person), this.thresholds.review, own, true);
    if (!own) this.ownTentative.set(tx, (own = new Set()));
    if (entry !== undefined) {
      own.add(entry);
      this.holdTentative(index, personId, entry);
    }
    if (candidates.length === 0) return [];
    const others = candidates.map((c) => c.personId);
    // What is known of the candidates and of this record, in one round trip: which candidates it
    // already has a match with, and the group of each (its own included).
    const known = await tx.query<{ person_id: string; group_id: string | null; matched: boolean }>(
      `SELECT o.id AS person_id, g.group_id,
              EXISTS (SELECT 1 FROM matches m WHERE (m.person_a = $1 AND m.person_b = o.id) OR (m.person_b = $1 AND m.person_a = o.id)) AS matched
         FROM unnest($2::uuid[] || $1::uuid) AS o(id) LEFT JOIN person_groups g ON g.person_id = o.id`,
      [personId, others],
    );
    const existing = new Set(known.filter((r) => r.matched && r.person_id !== personId).map((r) => r.person_id));
    const groupOf = new Map(known.filter((r) => r.group_id !== null && r.person_id !== personId).map((r) => [r.person_id, r.group_id as string]));
    const ownGroup = known.find((r) => r.person_id === personId && r.group_id !== null);
    const proposals = this.proposals(actor, personId, agencyId, candidates, existing, groupOf, ownGroup?.group_id ?? undefined);
    const proposed = await recordMatchProposals(tx, proposals);
    if (proposed.some((m) => m.status === 'LINKED_AUTO')) await regroup(tx, [personId, ...proposed.map((m) => (m.personA === personId ? m.personB : m.personA))]);
    return proposed;
  }

  /**
   * What a record's candidates become: a proposal each (none with a record it already has a match
   * with), automatic links into one group at most (`joined`: her own group, else the first strong
   * candidate's); strong matches into other groups go to review.
   */
  private proposals(
    actor: Actor | null,
    personId: string,
    agencyId: string,
    candidates: readonly Candidate[],
    existing: ReadonlySet<string>,
    groupOf: ReadonlyMap<string, string>,
    joined: string | undefined,
  ): MatchProposal[] {
    const proposals: MatchProposal[] = [];
    for (const candidate of candidates) {
      if (existing.has(candidate.personId)) continue;
      let status = proposalStatus(candidate.explanation.probability, this.thresholds);
      if (!status) continue;
      const group = groupOf.get(candidate.personId) ?? candidate.personId;
      if (status === 'LINKED_AUTO') {
        if (joined === undefined) joined = group;
        else if (joined !== group) status = 'PENDING_REVIEW';
      }
      const [personA, personB] = personId < candidate.personId ? [personId, candidate.personId] : [candidate.personId, personId];
      proposals.push({
        type: 'match.proposed',
        personA,
        personB,
        status,
        explanation: candidate.explanation,
        entityId: randomUUID(),
        version: 1,
        at: new Date().toISOString(),
        actorUserId: actor?.userId ?? null,
        actorUnitId: actor?.unitId ?? null,
        agencyId,
      });
    }
    return proposals;
  }

  /**
   * The writes that link a new person scored by `arrival`, decided before her registration so
   * that they go in its one statement (`registerCase`'s extras): her match proposals, and when
   * one links, her groups joined as that statement's last SELECT (`joinGroups`, under the
   * regrouping lock until it commits). Each statement wakes a database process: a registration
   * with proposals is one statement, with no transaction, whether they link or go to review
   * (plus the read of her strong candidates' groups when she has two or more).
   * Reads the groups of her strong candidates on `q` when there are two or more, outside any
   * transaction (a new person has no match yet to look for).
   */
  async onArrival(q: Queryable, actor: Actor | null, personId: string, agencyId: string, arrival: Arrival): Promise<ArrivalWrites> {
    if (arrival.candidates.length === 0) return undefined;
    // The candidates' groups decide only whether a second strong candidate is in the group the
    // first one joins her to: with at most one strong candidate no group is read (one statement
    // fewer for most registrations that have a proposal).
    const strong = arrival.candidates.filter((c) => proposalStatus(c.explanation.probability, this.thresholds) === 'LINKED_AUTO').map((c) => c.personId);
    const groups =
      strong.length < 2 ? [] : await q.query<{ person_id: string; group_id: string }>('SELECT person_id, group_id FROM person_groups WHERE person_id = ANY($1::uuid[])', [strong]);
    const proposals = this.proposals(actor, personId, agencyId, arrival.candidates, new Set(), new Map(groups.map((g) => [g.person_id, g.group_id])), undefined);
    if (proposals.length === 0) return undefined;
    const parts = matchProposalParts(proposals);
    const linked = proposals.filter((m) => m.status === 'LINKED_AUTO').map((m) => (m.personA === personId ? m.personB : m.personA));
    return { actions: parts.actions, projections: [parts.projection], last: linked.length > 0 ? joinGroups(personId, linked) : undefined };
  }

  /**
   * Scores a record about to be registered against the committed index, before its transaction:
   * a record with no candidate needs no statement beyond its registration. `undefined` while the
   * index is still building (the record is then queued, inside the transaction).
   */
  async arrival(db: Queryable, personId: string, agencyKey: string, person: Partial<PersonData>): Promise<Arrival | undefined> {
    if (!this.built) return undefined;
    const index = await this.refresh(db);
    // Held as a tentative entry, which no other record's scoring sees: once the registration
    // commits, `indexed` makes it a record without preparing and indexing it a second time.
    const { candidates, entry } = await index.score(canonicalOf(personId, agencyKey, person), this.thresholds.review, undefined, true);
    if (entry !== undefined) this.holdTentative(index, personId, entry);
    return { candidates };
  }

  /** Remembers a person's tentative entry until `indexed` commits it (or it is abandoned). */
  private holdTentative(index: IndexHandle, personId: string, entry: number): void {
    this.forgetAbandoned(index);
    // A newer entry of the same person (scored again) replaces the older, which is dropped.
    const older = this.tentativeOf.get(personId);
    this.tentativeOf.delete(personId);
    if (older !== undefined) index.forget(older.entry);
    this.tentativeOf.set(personId, { entry, at: Date.now() });
  }

  /**
   * A transaction that rolled back never calls `indexed`: its tentative entries would stay in the
   * index (invisible, but held) for the life of the process. Entries older than any transaction
   * of ours are dropped; one that still commits is then simply added as a new record.
   */
  private forgetAbandoned(index: IndexHandle, now = Date.now()): void {
    for (const [personId, tentative] of this.tentativeOf) {
      // Oldest first (a Map keeps the order of insertion).
      if (now - tentative.at < TENTATIVE_TTL_MS) break;
      this.tentativeOf.delete(personId);
      index.forget(tentative.entry);
    }
  }

  /** True once the index is built: until then new records wait in the linkage queue. */
  get isReady(): boolean {
    return this.built !== undefined;
  }

  /** Builds the index in the background and then links whatever waits in the queue. */
  start(onError: (error: unknown) => void): void {
    this.onError = onError;
    this.ready().then(
      () => this.drain().catch(onError),
      (error: unknown) => onError(error),
    );
  }

  stop(): void {
    this.closed = true;
    this.relay?.close();
    void this.built?.close();
  }

  /**
   * Records another process indexed as they committed, from the relay: indexed without a look at
   * the database, and marked seen so that the next look does not read them again. An older version
   * than one already indexed (a message overtaken by a correction) is left out; an erasure never is. Until the index is
   * built they are dropped: the build, or the first look after it, reads them.
   */
  private relayed(records: readonly RelayedRecord[]): void {
    const index = this.built;
    if (!index || this.closed) return;
    const at = Date.now();
    const fresh = records.filter((r) => r.version === undefined || (this.seen.get(r.record.record_id)?.version ?? 0) < r.version);
    // One without a version (an erasure) the next look still reads.
    for (const r of fresh) if (r.version !== undefined) this.seen.set(r.record.record_id, { version: r.version, at });
    // A shared index has them already: its sender put them there.
    if (!this.shared) index.add(fresh.map((r) => r.record));
  }

  /**
   * Links a new or corrected record inside the caller's transaction when the index is ready;
   * otherwise queues it in that same transaction. Returns whether it was linked now.
   */
  async linkOrQueue(tx: Queryable, actor: Actor | null, personId: string, agencyKey: string, person: Partial<PersonData>, agencyId: string): Promise<boolean> {
    if (this.built) {
      await this.linkOnArrival(tx, actor, personId, agencyKey, person, agencyId);
      return true;
    }
    await tx.query('INSERT INTO linkage_queue (person_id) VALUES ($1) ON CONFLICT DO NOTHING', [personId]);
    return false;
  }

  /** Links the queued records, one transaction each, until the queue is empty. */
  drain(): Promise<void> {
    this.draining ??= (async () => {
      try {
        while (!this.closed) {
          const batch = await this.db.query<LinkRow & { agency_id: string }>(
            `${PERSON_SELECT.replace('a.key FROM', 'a.key, a.id AS agency_id FROM')} JOIN linkage_queue q ON q.person_id = p.id ORDER BY q.enqueued_at LIMIT 100`,
          );
          if (batch.length === 0) break;
          for (const row of batch) {
            const person = openPersonRow(this.db, row);
            await this.db.transaction(async (tx) => {
              await this.linkOnArrival(tx, null, row.id, row.key, person, row.agency_id);
              await tx.query('DELETE FROM linkage_queue WHERE person_id = $1', [row.id]);
            });
            this.indexed(row.id, row.key, person, row.version);
          }
        }
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  /** Adds a committed record to the index (after its transaction, so a rollback leaves no trace). */
  indexed(personId: string, agencyKey: string, person: Partial<PersonData>, version?: number): void {
    // Its own records, this process has indexed: the next looks need not read them again.
    if (version !== undefined) this.seen.set(personId, { version, at: Date.now() });
    const tentative = this.tentativeOf.get(personId);
    this.tentativeOf.delete(personId);
    const relayed = this.relay && version !== undefined;
    const record = tentative === undefined || (relayed && !this.shared) ? canonicalOf(personId, agencyKey, person) : undefined;
    if (tentative !== undefined) this.built?.commit(tentative.entry);
    else if (record) this.built?.add([record]);
    // The other processes take it from here, not from the database. Only with its version: one
    // without (an import's, a withdrawn consent's) they could not tell from an older one, and
    // their looks take it in. With a shared index, which has it already, they need only its id
    // and version.
    if (relayed) this.relay?.send({ record: record && !this.shared ? record : { source: agencyKey, record_id: personId }, version });
  }

  /**
   * A person erased (right of cancellation): her record in the index becomes one without identity,
   * in every process at once. Relayed without a version: nothing newer can bring her names back.
   */
  erased(personId: string, agencyKey: string): void {
    this.indexed(personId, agencyKey, {});
    this.relay?.send({ record: canonicalOf(personId, agencyKey, {}), version: undefined });
  }
}
