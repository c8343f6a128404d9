// Statistics served from a snapshot of the persons (src/evidence facts) kept in memory. Everything
// computed from a snapshot is kept with it and dropped with it: the years with data, each public
// release (an indicator's tables for a year, protected together, in the protection thread with a
// time limit) and the answers already given. A warm request is therefore a lookup: it never walks
// the million persons again. The snapshot is refreshed when the data changed, at most every
// `maxAgeMs` (public figures need no second-by-second freshness; every answer says when its data
// were read).
import { COMPUTED_INDICATORS, indicatorById, isPersonRecords, keepPersons, keepRecords, releaseCounts, type Indicator, type PersonFacts, type ProceedingFacts, type ReferralFacts, type ShelterFacts, type FollowUpFacts, type CareTimeFacts, type PlanFacts, type ReparationFacts, type SentenceFacts, type Release, type ProtectedRecords, type RecordCountsSystem } from '../../evidence/index.ts';
import type { Database } from '../db/database.ts';
import { Problem } from '../errors.ts';
import { dataVersion, loadCareTimeFacts, loadFollowUpFacts, loadPersonFacts, loadPlanFacts, loadProceedingFacts, loadReferralFacts, loadShelterFacts } from '../queries/evidence.ts';
import { ProtectionFailed, ProtectionThread } from './protection.ts';

export type Audience = 'public' | 'restricted';

export interface Snapshot {
  facts: PersonFacts;
  /** The referrals between agencies, joined to the persons (indicator D14). */
  referrals: ReferralFacts;
  /** The criminal proceedings' current stages, joined to the persons (indicator C11). */
  proceedings: ProceedingFacts;
  /** The shelter stays, joined to the persons (indicator B6). */
  shelterStays: ShelterFacts;
  /** The active case files and their latest follow-ups, joined to the persons (indicator B8). */
  followUps: FollowUpFacts;
  /** Each person's days from detection to first service (indicator B5). */
  careTimes: CareTimeFacts;
  /** The case files in care and their reintegration plans, joined to the persons (indicators B7 and B4). */
  plans: PlanFacts;
  /** Where each proceeding's civil reparation stands and whether the victim is civil party (indicator C12). */
  reparations: ReparationFacts;
  /** Each proceeding's first sentence, its outcome and the time from detection (indicator C11). */
  sentences: SentenceFacts;
  version: string;
  readAt: string;
  /** The years with at least one person, oldest first. */
  years: readonly string[];
}

export interface EvidenceServiceOptions {
  /** How long a snapshot is served before the data are checked for changes. */
  maxAgeMs?: number;
  /** Longest the protection of one release may take before it is abandoned. */
  protectionLimitMs?: number;
  /** Longest a request waits for a release being protected before it is told to come back. */
  requestWaitMs?: number;
  /** Protect the public releases of every year as soon as a snapshot is read. */
  precompute?: boolean;
  /**
   * Reads a snapshot elsewhere than on this thread (snapshot-thread.ts, for a PostgreSQL server),
   * with the version of what it read: reading 100,000 persons is seconds of work, and done here
   * it held every request of the process.
   */
  reader?: (() => Promise<Snapshot>) | undefined;
}

/** Answers kept per snapshot (each small); the oldest go first beyond this. */
const MAX_ANSWERS = 2_000;

interface ReleaseEntry {
  promise: Promise<Release>;
  release?: Release;
  failure?: ProtectionFailed;
  /** A request asked for it (a release only precomputed is dropped once its snapshot is old). */
  requested: boolean;
  hurry(): void;
}

interface SnapshotCache {
  releases: Map<string, ReleaseEntry>;
  answers: Map<string, unknown>;
}

export class EvidenceService {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private checkedAt = 0;
  private readonly caches = new WeakMap<Snapshot, SnapshotCache>();
  private readonly protection: ProtectionThread;
  private readonly maxAgeMs: number;
  private readonly requestWaitMs: number;
  private readonly precompute: boolean;
  private readonly reader: (() => Promise<Snapshot>) | undefined;

  constructor(
    private readonly db: Database,
    options: EvidenceServiceOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 300_000;
    this.requestWaitMs = options.requestWaitMs ?? 20_000;
    this.precompute = options.precompute ?? false;
    this.reader = options.reader;
    this.protection = new ProtectionThread(options.protectionLimitMs ?? 120_000);
  }

  /** The current snapshot; the first call waits for it, later ones get it at once while a newer one loads. */
  async current(): Promise<Snapshot> {
    const now = Date.now();
    if (this.snapshot && now - this.checkedAt < this.maxAgeMs) return this.snapshot;
    this.checkedAt = now;
    const refresh = this.refresh();
    if (!this.snapshot) return refresh;
    refresh.catch(() => undefined);
    return this.snapshot;
  }

  private refresh(): Promise<Snapshot> {
    this.loading ??= (async () => {
      try {
        const version = await dataVersion(this.db);
        if (this.snapshot?.version === version) return this.snapshot;
        // A reader on a replica may bring an older version than this one: read again at the next check.
        const snapshot = this.reader ? await this.reader() : await readSnapshot(this.db, version);
        this.snapshot = snapshot;
        if (this.precompute) this.protectAll(snapshot);
        return snapshot;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private cache(snapshot: Snapshot): SnapshotCache {
    let cache = this.caches.get(snapshot);
    if (!cache) this.caches.set(snapshot, (cache = { releases: new Map(), answers: new Map() }));
    return cache;
  }

  /** The public releases of every computed indicator and year, queued for protection (newest year first). */
  private protectAll(snapshot: Snapshot): void {
    for (const year of [...snapshot.years].reverse()) {
      for (const indicator of COMPUTED_INDICATORS) this.entry(snapshot, indicator, year, 'public', false).promise.catch(() => undefined);
    }
  }

  private entry(snapshot: Snapshot, indicator: Indicator, year: string, audience: Audience, requested: boolean): ReleaseEntry {
    const releases = this.cache(snapshot).releases;
    const key = `${indicator.id}|${year}|${audience}`;
    const found = releases.get(key);
    if (found) {
      if (requested && !found.requested) {
        found.requested = true;
        found.hurry();
      }
      return found;
    }
    // The counts are one pass over the persons, on this thread when the job's turn comes (not all
    // of a new snapshot's at once); the protection search runs in its thread.
    const job = this.protection.protect(
      () => releaseCounts(snapshot.facts, indicator, year),
      audience === 'public' ? {} : { rounding: false },
      () => !created.requested && this.snapshot !== snapshot,
      `${indicator.id} ${year}`,
    );
    const created: ReleaseEntry = {
      requested,
      hurry: job.hurry,
      promise: job.promise.then(
        (release) => (created.release = release),
        (error: unknown) => {
          const failure = error instanceof ProtectionFailed ? error : new ProtectionFailed(String(error), false);
          // Too slow stays failed until the data change; anything else (a stopped thread) is tried again.
          if (failure.timedOut) created.failure = failure;
          else if (releases.get(key) === created) releases.delete(key);
          throw failure;
        },
      ),
    };
    releases.set(key, created);
    if (requested) created.hurry();
    return created;
  }

  /**
   * The protected tables of an indicator for a year: rounded for the public, exact outside
   * suppression for restricted audiences. A release still being protected is waited for at most
   * `requestWaitMs` (then 503 with Retry-After); one that could not be protected is 503 until the
   * data change.
   */
  async release(snapshot: Snapshot, indicator: Indicator, year: string, audience: Audience): Promise<Release> {
    const entry = this.entry(snapshot, indicator, year, audience, true);
    if (entry.release) return entry.release;
    if (entry.failure) throw unavailable(entry.failure);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waiting'>((resolve) => {
      timer = setTimeout(() => resolve('waiting'), this.requestWaitMs);
    });
    try {
      const outcome = await Promise.race([entry.promise, waited]);
      if (outcome === 'waiting') throw new Problem(503, 'problem.statisticsPreparing', {}, [], { retryAfterSeconds: 10 });
      return outcome;
    } catch (error) {
      if (error instanceof ProtectionFailed) throw unavailable(error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * An answer computed once per snapshot (the snapshot's data never change). Requests that ask
   * while it is being computed wait for the same computation; one that fails is computed again
   * next time, unless its protection ran out of time (that stays failed until the data change).
   */
  async answer<T>(snapshot: Snapshot, key: string, compute: () => Promise<T> | T): Promise<T> {
    const answers = this.cache(snapshot).answers;
    if (answers.has(key)) return answers.get(key) as Promise<T>;
    const value = Promise.resolve().then(compute);
    if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value as string);
    answers.set(key, value);
    value.catch((error: unknown) => {
      if (!(error instanceof ProtectionFailed && error.timedOut) && answers.get(key) === value) answers.delete(key);
    });
    try {
      return await value;
    } catch (error) {
      if (error instanceof ProtectionFailed) throw unavailable(error);
      throw error;
    }
  }

  /**
   * A restricted indicator's record counts protected as one system (src/evidence/restricted.ts):
   * the counts are gathered here, the suppression search runs in the protection thread, so a cold
   * request no longer holds up every other request of the process while it searches.
   */
  async protectRecords(label: string, system: RecordCountsSystem): Promise<ProtectedRecords> {
    const job = this.protection.suppress(label, system.table, system.special);
    // A request waits for it: ahead of the releases only precomputed.
    job.hurry();
    return system.read(await job.promise);
  }

  close(): Promise<void> {
    return this.protection.close();
  }
}

/** Everything statistics count, read from the open columns (the sealed identity is never touched). */
export async function readSnapshot(db: Database, version: string): Promise<Snapshot> {
  const readAt = new Date().toISOString();
  const facts = await loadPersonFacts(db);
  const referrals = await loadReferralFacts(db, facts);
  const { proceedings, reparations, sentences } = await loadProceedingFacts(db, facts);
  const shelterStays = await loadShelterFacts(db, facts);
  const followUps = await loadFollowUpFacts(db, facts);
  const careTimes = await loadCareTimeFacts(db, facts);
  const plans = await loadPlanFacts(db, facts);
  return { facts, referrals, proceedings, shelterStays, followUps, careTimes, plans, reparations, sentences, version, readAt, years: yearsWithData(facts) };
}

function unavailable(failure: ProtectionFailed): Problem {
  return new Problem(503, 'problem.statisticsUnavailable', {}, [], { retryAfterSeconds: failure.timedOut ? 600 : 10 });
}

/** The years with at least one person, oldest first. */
export function yearsWithData(facts: PersonFacts): string[] {
  const present = new Uint8Array(facts.dimensions.year.values.length);
  const codes = facts.codes.year;
  for (let i = 0; i < facts.size; i++) present[codes[i] as number] = 1;
  return facts.dimensions.year.values.filter((_, i) => present[i] === 1).map((v) => v.code);
}

/**
 * The snapshot as seen within a statistical scope (src/server/policies/statistics.ts): only the
 * persons kept, and the records of every kind (any field joined to persons) of those persons only.
 * The years stay the nation's, so that a year without persons in the scope is zeros, not an error.
 */
export function narrowSnapshot(snapshot: Snapshot, keep: Uint8Array): Snapshot {
  const { facts, index } = keepPersons(snapshot.facts, keep);
  const narrowed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(snapshot)) narrowed[key] = key === 'facts' ? facts : isPersonRecords(value) ? keepRecords(value, index) : value;
  return narrowed as unknown as Snapshot;
}

export function computedIndicator(id: string): Indicator | undefined {
  const indicator = indicatorById(id);
  return indicator?.population ? indicator : undefined;
}
