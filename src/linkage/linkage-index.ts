// Incremental linkage: an in-memory index of prepared records, queried with one new record at
// a time (link on arrival). Candidates come from the same blocking rules as the batch; scores
// from a model trained in batch (`linkRecords(...).model`).
import { DEFAULT_BLOCKING_RULES } from './blocking.ts';
import type { BlockingRule } from './blocking.ts';
import { birthDate, compareBirths, documentNumber, phone } from './comparisons.ts';
import type { BirthFields } from './comparisons.ts';
import { competeAmongScored } from './competition.ts';
import { countFrequencies, explainPair, scorePair, weightToProbability } from './model.ts';
import type { LinkageModel, PairExplanation } from './model.ts';
import { nameViews, prepareRecord } from './record.ts';
import type { LinkageInput, PrepareOptions, PreparedRecord } from './record.ts';

export interface IndexOptions {
  readonly rules?: readonly BlockingRule[];
  /** From a very common key (MARIA|QUISPE) only this many most recent records are scored. */
  readonly maxPerKey?: number;
  readonly prepare?: PrepareOptions;
  /**
   * Candidates whose birth dates (or stated ages) are more than five years apart, and that share
   * no document number or phone (not even with one digit wrong), are not scored. Most candidates
   * of a common name pair are such strangers (a third of them at 100,000 records, each costing a
   * full comparison); among the synthetic registry's arrivals none of them was the same person,
   * though a few scored above 0.5 (false proposals for review). Off unless asked for.
   */
  readonly skipDistantBirths?: boolean;
}

const BIRTHS_DIFFERENT = birthDate.levels.length - 1;

// What telling a distant stranger reads of a record, packed four numbers a record (`packed`): most
// candidates are then ruled out or kept without reaching for the record's own object, which a
// scattered index of 100,000 records rarely holds in cache.
const PACKED = 4;
const HAS_DOCUMENT = 1;
const HAS_PHONE = 2;
/** A record's state (`states`): a retired one is found by no query; a tentative one only by its own transaction's. */
const RETIRED = 1;
const TENTATIVE = 2;

/** Birth dates more than five years apart and no document or phone alike: not worth scoring. */
function distantStrangers(a: PreparedRecord, b: PreparedRecord): boolean {
  if (birthDate.compare(a, b) !== BIRTHS_DIFFERENT) return false;
  const document = documentNumber.compare(a, b);
  if (document === 1 || document === 2) return false;
  const phoned = phone.compare(a, b);
  return phoned !== 1 && phoned !== 2;
}

export interface ScoredCandidate {
  readonly index: number;
  readonly source: string;
  readonly recordId: string;
  readonly weight: number;
  readonly probability: number;
}

/**
 * An already prepared record re-numbered for this index. A spread keeps the shape of the records
 * `prepareRecord` makes (Object.assign onto an empty object made another, slower to read, and
 * the comparisons then met two shapes of record).
 */
function prepareAgain(record: PreparedRecord, index: number): PreparedRecord {
  return { ...record, index };
}

/** `source` and `record_id` together name a record. */
function identity(record: PreparedRecord): string {
  return `${record.source}\u0000${record.recordId}`;
}

export class LinkageIndex {
  private readonly records: PreparedRecord[] = [];
  /**
   * The records under each blocking key, oldest first: a key of one record (most keys of a
   * document's typos, of a birth date with initials) holds its index alone, not an array of one,
   * which was most of what indexing a record left in the heap (and what a scavenge copies).
   */
  private readonly postings = new Map<string, number | number[]>();
  /** Current position of each record by source and id; an older position is retired. */
  private readonly positions = new Map<string, number>();
  /**
   * RETIRED and TENTATIVE bits of each record, read for every candidate (a typed array, not sets).
   * Records of a transaction that has not committed yet are tentative: found only by queries that
   * name them as visible (their own transaction), never by others, and never replacing a
   * committed record.
   */
  private states = new Uint8Array(1024);
  private readonly rules: readonly BlockingRule[];
  private readonly maxPerKey: number;
  private readonly prepareOptions: PrepareOptions;
  private readonly skipDistantBirths: boolean;
  /** Per record: birth year, age's birth year, month × 128 + day (each two digits at most), HAS_DOCUMENT | HAS_PHONE. */
  private packed = new Int32Array(PACKED * 1024);
  /** `marks[i] === stamp`: record i is already among the candidates being gathered. */
  private marks = new Int32Array(1024);
  private stamp = 0;
  /**
   * The candidates of the last query (`gather`), and their weights as `score` scored them:
   * reused from one query to the next rather than an array and an object per candidate.
   */
  private found = new Int32Array(256);
  private weights = new Float64Array(256);
  /** A candidate's birth fields, unpacked (one object, reused). */
  private readonly theirs: { -readonly [F in keyof BirthFields]: number } = { birthYear: 0, birthMonth: 0, birthDay: 0, ageBirthYear: 0 };

  constructor(
    private readonly model: LinkageModel,
    options: IndexOptions = {},
  ) {
    this.rules = options.rules ?? DEFAULT_BLOCKING_RULES;
    this.maxPerKey = options.maxPerKey ?? 100;
    this.prepareOptions = options.prepare ?? {};
    this.skipDistantBirths = options.skipDistantBirths ?? false;
  }

  /** The model's comparisons, in the order of an explanation's fields. */
  get comparisons(): LinkageModel['comparisons'] {
    return this.model.comparisons;
  }

  /** Records in the index (a replaced record counts once). */
  get size(): number {
    return this.positions.size;
  }

  record(index: number): PreparedRecord | undefined {
    return this.records[index];
  }

  has(source: string, recordId: string): boolean {
    return this.positions.has(`${source}\u0000${recordId}`);
  }

  /** The keys last computed, by record: a scored arrival is then indexed without computing them again. */
  private lastKeys: { record: PreparedRecord; keys: string[] } | undefined;

  private keysOf(record: PreparedRecord): string[] {
    if (this.lastKeys?.record === record) return this.lastKeys.keys;
    const keys = new Set<string>();
    for (const view of nameViews(record)) {
      this.rules.forEach((rule, r) => {
        for (const key of rule.keys(view)) keys.add(`${r}:${key}`);
      });
    }
    this.lastKeys = { record, keys: [...keys] };
    return this.lastKeys.keys;
  }

  /**
   * Adds a record (canonical columns, or already prepared by `prepareRecord`); returns its index.
   * A record with the same source and id as an indexed one (a correction) replaces it.
   */
  add(input: LinkageInput | PreparedRecord): number {
    const index = this.append(input);
    this.commit(index);
    return index;
  }

  /**
   * Adds a record of a transaction still open: only queries that pass its index as visible find
   * it. `commit` makes it a record like any other; a rolled-back one simply stays invisible.
   */
  addTentative(input: LinkageInput | PreparedRecord): number {
    const index = this.append(input);
    this.states[index] = (this.states[index] as number) | TENTATIVE;
    return index;
  }

  /** Drops a tentative record whose transaction never said how it ended: no query sees it again. */
  forget(index: number): void {
    const state = this.states[index] ?? 0;
    if (!(state & TENTATIVE)) return;
    this.states[index] = (state & ~TENTATIVE) | RETIRED;
  }

  /** Makes a tentative record (see `addTentative`) committed: it replaces an older version. */
  commit(index: number): void {
    const record = this.records[index];
    if (!record) throw new RangeError(`no record ${index} in the index`);
    this.states[index] = (this.states[index] as number) & ~TENTATIVE;
    const id = identity(record);
    const replaced = this.positions.get(id);
    if (replaced !== undefined && replaced !== index) {
      this.states[replaced] = (this.states[replaced] as number) | RETIRED;
      countFrequencies(this.model.frequencies, this.records[replaced] as PreparedRecord, -1);
    }
    this.positions.set(id, index);
    countFrequencies(this.model.frequencies, record);
  }

  private append(input: LinkageInput | PreparedRecord): number {
    const index = this.records.length;
    const record = 'recordId' in input ? prepareAgain(input, index) : prepareRecord(input, index, this.prepareOptions);
    this.records.push(record);
    this.pack(record, index);
    // A prepared input has its copy's keys (the same names), perhaps computed when it was scored.
    for (const key of this.keysOf('recordId' in input ? input : record)) {
      const list = this.postings.get(key);
      if (list === undefined) this.postings.set(key, index);
      else if (typeof list === 'number') this.postings.set(key, [list, index]);
      else list.push(index);
    }
    return index;
  }

  private pack(record: PreparedRecord, index: number): void {
    if (this.packed.length < PACKED * (index + 1)) {
      const grown = new Int32Array(this.packed.length * 2);
      grown.set(this.packed);
      this.packed = grown;
      const marks = new Int32Array(this.marks.length * 2);
      marks.set(this.marks);
      this.marks = marks;
      const states = new Uint8Array(this.states.length * 2);
      states.set(this.states);
      this.states = states;
    }
    const at = PACKED * index;
    this.packed[at] = record.birthYear;
    this.packed[at + 1] = record.ageBirthYear;
    this.packed[at + 2] = record.birthMonth * 128 + record.birthDay;
    this.packed[at + 3] = (record.documentNumber ? HAS_DOCUMENT : 0) | (record.phone ? HAS_PHONE : 0);
  }

  /** `distantStrangers(record, this.records[index])`, read from `packed` unless a document or phone needs comparing. */
  private distantFrom(record: PreparedRecord, index: number): boolean {
    const at = PACKED * index;
    const theirs = this.theirs;
    theirs.birthYear = this.packed[at] as number;
    theirs.ageBirthYear = this.packed[at + 1] as number;
    const monthDay = this.packed[at + 2] as number;
    theirs.birthMonth = monthDay >> 7;
    theirs.birthDay = monthDay & 127;
    if (compareBirths(record, theirs) !== BIRTHS_DIFFERENT) return false;
    const contact = ((record.documentNumber ? HAS_DOCUMENT : 0) | (record.phone ? HAS_PHONE : 0)) & (this.packed[at + 3] as number);
    // Neither a document nor a phone on both sides: nothing that could be alike.
    return contact === 0 || distantStrangers(record, this.records[index] as PreparedRecord);
  }

  /**
   * A record prepared as this index prepares them: pass it to `score`, `explain` and
   * `addTentative` rather than the canonical columns, and it is prepared once, not at each.
   */
  prepared(input: LinkageInput | PreparedRecord): PreparedRecord {
    return 'recordId' in input ? input : prepareRecord(input, -1, this.prepareOptions);
  }

  /**
   * Indices of the records sharing at least one blocking key with `input` (never the record
   * itself); tentative records only when `visible` holds them.
   */
  candidates(input: LinkageInput | PreparedRecord, visible?: ReadonlySet<number>): number[] {
    const count = this.gather(this.prepared(input), visible);
    return Array.from(this.found.subarray(0, count));
  }

  /** `candidates`, in `this.found`; returns how many. */
  private gather(record: PreparedRecord, visible: ReadonlySet<number> | undefined): number {
    const id = identity(record);
    const self = this.positions.get(id) ?? -1;
    // Each record once, in the order first met (a mark per record rather than a set).
    const stamp = this.nextStamp();
    const marks = this.marks;
    const states = this.states;
    const keys = this.keysOf(record);
    let found = this.found;
    let count = 0;
    for (let n = 0; n < keys.length; n++) {
      const list = this.postings.get(keys[n] as string);
      if (list === undefined) continue;
      const alone = typeof list === 'number';
      const length = alone ? 1 : list.length;
      const from = Math.max(0, length - this.maxPerKey);
      for (let k = length - 1; k >= from; k--) {
        const i = alone ? list : (list[k] as number);
        if (i === self || marks[i] === stamp) continue;
        marks[i] = stamp;
        const state = states[i] as number;
        if (state & RETIRED) continue;
        if (state & TENTATIVE && (!visible?.has(i) || identity(this.records[i] as PreparedRecord) === id)) continue;
        if (count === found.length) {
          const grown = new Int32Array(found.length * 2);
          grown.set(found);
          this.found = found = grown;
        }
        found[count++] = i;
      }
    }
    return count;
  }

  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /**
   * Candidates scored with the model, best first; only those with probability ≥ `minProbability`.
   * Their weight includes the competition among them (competition.ts), which `explain` leaves out.
   */
  score(input: LinkageInput | PreparedRecord, minProbability = 0.01, visible?: ReadonlySet<number>): ScoredCandidate[] {
    const record = this.prepared(input);
    const count = this.gather(record, visible);
    const found = this.found;
    if (this.weights.length < found.length) this.weights = new Float64Array(found.length);
    const weights = this.weights;
    const records = this.records;
    // The candidates scored are moved to the front of `found`, in order, their weights beside them.
    let scored = 0;
    for (let k = 0; k < count; k++) {
      const i = found[k] as number;
      if (this.skipDistantBirths && this.distantFrom(record, i)) continue;
      found[scored] = i;
      weights[scored++] = scorePair(this.model, record, records[i] as PreparedRecord);
    }
    const classWeights = this.model.competitionWeights;
    if (classWeights) competeAmongScored(record.source, scored, (k) => (records[found[k] as number] as PreparedRecord).source, weights, classWeights);
    const out: ScoredCandidate[] = [];
    for (let k = 0; k < scored; k++) {
      const weight = weights[k] as number;
      const probability = weightToProbability(weight);
      if (probability < minProbability) continue;
      const index = found[k] as number;
      const other = records[index] as PreparedRecord;
      out.push({ index, source: other.source, recordId: other.recordId, weight, probability });
    }
    return out.sort((a, b) => b.weight - a.weight);
  }

  /** Field-by-field explanation of the score between a new record and an indexed one. */
  explain(input: LinkageInput | PreparedRecord, index: number): PairExplanation {
    const other = this.records[index];
    if (!other) throw new RangeError(`no record ${index} in the index`);
    return explainPair(this.model, this.prepared(input), other);
  }
}
