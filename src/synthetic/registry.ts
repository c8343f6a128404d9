// The synthetic multi-agency registry: invented persons, each written down by one or more agencies
// with their habits and mistakes, streamed record by record in constant memory.
import type { CanonicalRecord } from '../domain/person-record.ts';
import { isoDayOf } from './calendar.ts';
import { LAST_DETECTION_DAY, personAt, type SyntheticPerson } from './people.ts';
import { Random, mixSeed } from './random.ts';
import { DEFAULT_AGENCY_PROFILES, recordPerson, type AgencyProfile, type ErrorCause, type RecordedFields } from './variations.ts';

/** Prefix of every synthetic record id and person id: the data says itself that it is invented. */
export const SYNTHETIC_ID_PREFIX = 'SYN-';
/** The note put in every registration's confidential notes, and printed by the CLI. */
export const SYNTHETIC_MARKER = 'DATOS SINTÉTICOS / SYNTHETIC DATA';

/** One record of one agency, with the ground truth needed to score record linkage. */
export interface SyntheticRecord {
  /** The canonical person record (DESIGN §5), every column a string, empty when not recorded. */
  readonly record: CanonicalRecord & Required<CanonicalRecord>;
  /** The invented person behind the record (`SYN-P-…`): records with the same id are the same person. */
  readonly truePersonId: string;
  /** Variations and mistakes applied to this record, compared with the truth. */
  readonly errors: readonly ErrorCause[];
  /** The agency key (also `record.source`). */
  readonly agency: string;
  /** The day the agency registered the person, `YYYY-MM-DD`. */
  readonly registeredOn: string;
  /** The invented person as she really is; shared by all records of the person. */
  readonly person: SyntheticPerson;
}

export interface SyntheticRegistryOptions {
  readonly seed: number;
  readonly persons: number;
  /** The agencies and their habits; defaults to PNP, MP, MIMP and ONG (`DEFAULT_AGENCY_PROFILES`). */
  readonly agencies?: readonly AgencyProfile[];
  /**
   * Records are mixed within a window of this many records so that the records of one person are
   * not adjacent (a linker must not learn from the order). 0 keeps them together. Default 256.
   */
  readonly shuffleWindow?: number;
}

// Registrations never fall after this day, so every date is in the past whatever today is.
const LAST_REGISTRATION_DAY = LAST_DETECTION_DAY + 120;

function sequenceNumber(n: number): string {
  const text = String(n);
  return text.length >= 7 ? text : '0000000'.slice(text.length) + text;
}

/** A record whose id is not numbered yet: ids follow the output order, not the person order. */
type Draft = SyntheticRecord & { readonly record: RecordedFields };

/** The records of one person, in agency order; the same for the same seed and index. */
export function recordsOfPerson(seed: number, index: number, agencies: readonly AgencyProfile[] = DEFAULT_AGENCY_PROFILES): Draft[] {
  const person = personAt(seed, index);
  const random = new Random(mixSeed(seed, index, 2));
  // The harsher mistakes draw from a stream of their own: the other variations stay as they were.
  const harsh = new Random(mixSeed(seed, index, 6));
  const minor = person.ageAtDetection < 18;
  const chosen: AgencyProfile[] = [];
  for (const a of agencies) if (random.chance(minor ? a.coverage.minors : a.coverage.adults)) chosen.push(a);
  if (chosen.length === 0 && agencies.length > 0) {
    // Every invented victim is known to at least one agency; favour the agencies that see more.
    let best = agencies[0] as AgencyProfile;
    let bestScore = -1;
    for (const a of agencies) {
      const score = random.next() * (minor ? a.coverage.minors : a.coverage.adults);
      if (score > bestScore) [best, bestScore] = [a, score];
    }
    chosen.push(best);
  }
  const drafts: Draft[] = [];
  for (const agency of chosen) {
    const copies = random.chance(agency.duplicateRate) ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const errors: ErrorCause[] = copy > 0 ? ['DUPLICATE_IN_SOURCE'] : [];
      const [minDelay, maxDelay] = agency.delayDays;
      const delay = random.between(minDelay, maxDelay) + copy * random.between(1, 90);
      const registeredOn = isoDayOf(Math.min(person.detectionDay + delay, LAST_REGISTRATION_DAY));
      const record = recordPerson(person, agency, registeredOn, random, errors, harsh);
      drafts.push({ record, truePersonId: person.id, errors, agency: agency.key, registeredOn, person });
    }
  }
  return drafts;
}

/** Default size of the window records are mixed in (see `SyntheticRegistryOptions.shuffleWindow`). */
export const DEFAULT_SHUFFLE_WINDOW = 256;

/**
 * Mixes a stream within a window of `window` items: each new item takes the place of a random
 * buffered one, which goes out. Constant memory; the same random stream gives the same order.
 */
export class WindowShuffler<T> {
  private readonly buffer: T[] = [];

  constructor(
    private readonly window: number,
    private readonly random: Random,
  ) {}

  /** Takes an item; returns the item to emit now, if any. */
  push(item: T): T | undefined {
    if (this.window === 0) return item;
    if (this.buffer.length < this.window) {
      this.buffer.push(item);
      return undefined;
    }
    const at = this.random.int(this.buffer.length);
    const out = this.buffer[at] as T;
    this.buffer[at] = item;
    return out;
  }

  /** Empties the window in random order, at the end of the stream. */
  *drain(): Generator<T, void, undefined> {
    const buffer = this.buffer;
    while (buffer.length > 0) {
      const at = this.random.int(buffer.length);
      const out = buffer[at] as T;
      buffer[at] = buffer[buffer.length - 1] as T;
      buffer.pop();
      yield out;
    }
  }
}

/** The shuffler of the registry for a seed: the CLI's parallel writer mixes exactly like the generator. */
export function registryShuffler<T>(seed: number, window: number = DEFAULT_SHUFFLE_WINDOW): WindowShuffler<T> {
  return new WindowShuffler<T>(Math.max(0, Math.floor(window)), new Random(mixSeed(seed, 0x5eed)));
}

/** Numbers records per source in output order: `SYN-PNP-0000001`, `SYN-PNP-0000002`, … */
export class RecordNumbering {
  private readonly counters = new Map<string, number>();

  next(source: string): string {
    const n = (this.counters.get(source) ?? 0) + 1;
    this.counters.set(source, n);
    return `${SYNTHETIC_ID_PREFIX}${source}-${sequenceNumber(n)}`;
  }
}

/**
 * Streams the registry: `persons` invented persons, about two records each. Deterministic from
 * `seed`; memory stays constant whatever the size (only the shuffle window is held).
 */
export function* generateSyntheticRegistry(options: SyntheticRegistryOptions): Generator<SyntheticRecord, void, undefined> {
  const agencies = options.agencies ?? DEFAULT_AGENCY_PROFILES;
  const shuffler = registryShuffler<Draft>(options.seed, options.shuffleWindow ?? DEFAULT_SHUFFLE_WINDOW);
  const numbering = new RecordNumbering();
  const finish = (draft: Draft): SyntheticRecord => {
    draft.record.record_id = numbering.next(draft.agency);
    return draft;
  };
  for (let index = 0; index < options.persons; index++) {
    for (const draft of recordsOfPerson(options.seed, index, agencies)) {
      const out = shuffler.push(draft);
      if (out !== undefined) yield finish(out);
    }
  }
  for (const out of shuffler.drain()) yield finish(out);
}
