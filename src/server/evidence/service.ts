// Statistics served from a snapshot of the persons (src/evidence facts) kept in memory: any
// breakdown of a million persons is one pass over typed arrays, and each public release (an
// indicator's tables for a year, protected together) is computed once per snapshot. The snapshot
// is refreshed when the data changed, at most every `maxAgeMs` (public figures need no second-by-
// second freshness; every answer says when its data were read).
import { indicatorById, protectRelease, type Indicator, type PersonFacts, type Release } from '../../evidence/index.ts';
import type { Database } from '../db/database.ts';
import { dataVersion, loadPersonFacts } from '../queries/evidence.ts';

export type Audience = 'public' | 'restricted';

export interface Snapshot {
  facts: PersonFacts;
  version: string;
  readAt: string;
}

export class EvidenceService {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private checkedAt = 0;
  private releases = new Map<string, Release>();

  constructor(
    private readonly db: Database,
    /** How long a snapshot is served before the data are checked for changes. */
    private readonly maxAgeMs = 60_000,
  ) {}

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
        const readAt = new Date().toISOString();
        const facts = await loadPersonFacts(this.db);
        this.snapshot = { facts, version, readAt };
        this.releases = new Map();
        return this.snapshot;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** The protected tables of an indicator for a year: rounded for the public, exact outside suppression for restricted audiences. */
  release(snapshot: Snapshot, indicator: Indicator, year: string, audience: Audience): Release {
    const key = `${indicator.id}|${year}|${audience}`;
    const releases = snapshot === this.snapshot ? this.releases : new Map<string, Release>();
    let release = releases.get(key);
    if (!release) releases.set(key, (release = protectRelease(snapshot.facts, indicator, year, audience === 'public' ? {} : { rounding: false })));
    return release;
  }
}

export function computedIndicator(id: string): Indicator | undefined {
  const indicator = indicatorById(id);
  return indicator?.population ? indicator : undefined;
}
