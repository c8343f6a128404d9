// The linkage index the server keeps in memory: every person record prepared for matching, a
// model trained on them, and blocking keys to find a new record's candidates in milliseconds.
// The engine itself (src/linkage) is pure; this file feeds it the records the database holds.
import { DEFAULT_BLOCKING_RULES, type BlockingRule } from '../../linkage/blocking.ts';
import { explainPair, scorePair, weightToProbability, type LinkageModel } from '../../linkage/model.ts';
import { linkRecords } from '../../linkage/pipeline.ts';
import { prepareRecord, type PreparedRecord } from '../../linkage/record.ts';
import type { CanonicalRecord } from '../../domain/person-record.ts';
import type { MatchExplanation } from '../../domain/matches.ts';
import type { PersonData } from '../../domain/records.ts';
import { generateSyntheticRegistry } from '../../synthetic/index.ts';

/** A person record as the linkage engine reads it (the canonical person-record of DESIGN §5). */
export function canonicalOf(personId: string, agencyKey: string, person: Partial<PersonData>): CanonicalRecord {
  const document = person.documents?.find((d) => d.type !== 'SIN_DOCUMENTO' && d.number);
  const nationality = person.nationalities?.[0];
  return {
    source: agencyKey,
    record_id: personId,
    given_names: person.givenNames ?? '',
    paternal_surname: person.paternalSurname ?? '',
    maternal_surname: person.maternalSurname ?? '',
    full_name: person.fullName ?? (person.givenNames || person.paternalSurname ? '' : (person.aliases?.[0] ?? '')),
    sex: person.sex === 'MUJER' ? 'F' : person.sex === 'HOMBRE' ? 'M' : '',
    birth_date: person.birthDate ?? '',
    age: person.estimatedAge === undefined ? '' : String(person.estimatedAge),
    document_type: document?.type ?? '',
    document_number: document?.number ?? '',
    nationality: nationality && nationality !== 'DESCONOCIDO' ? nationality : '',
  };
}

export interface Candidate {
  personId: string;
  explanation: MatchExplanation;
}

// Below this many records the model is trained with synthetic records alongside, so that m and u
// are estimated from enough pairs; their frequencies do not enter the index.
const MIN_TRAINING_RECORDS = 3_000;
// Above this many, the model is trained on an even sample: m and u settle long before, and the
// server starts in seconds rather than minutes on a million records.
const MAX_TRAINING_RECORDS = 60_000;

export class PersonIndex {
  private records: PreparedRecord[] = [];
  private readonly byId = new Map<string, number>();
  private readonly blocks = new Map<string, number[]>();

  private constructor(
    private readonly model: LinkageModel,
    private readonly rules: readonly BlockingRule[],
  ) {}

  /** Trains the model on the records (with synthetic ones when there are few) and indexes them. */
  static async build(records: readonly CanonicalRecord[], rules: readonly BlockingRule[] = DEFAULT_BLOCKING_RULES): Promise<PersonIndex> {
    const step = Math.max(1, Math.floor(records.length / MAX_TRAINING_RECORDS));
    const training: CanonicalRecord[] = step === 1 ? [...records] : records.filter((_, i) => i % step === 0);
    if (training.length < MIN_TRAINING_RECORDS) {
      for (const synthetic of generateSyntheticRegistry({ seed: 4242, persons: Math.ceil((MIN_TRAINING_RECORDS - training.length) / 2) })) {
        training.push({ ...synthetic.record, record_id: `training-${synthetic.record.record_id}` });
      }
    }
    const { model } = await linkRecords(training);
    const index = new PersonIndex(model, rules);
    for (const record of records) index.add(record);
    return index;
  }

  get size(): number {
    return this.byId.size;
  }

  has(personId: string): boolean {
    return this.byId.has(personId);
  }

  /** Adds or replaces a record (a corrected person is indexed again under the same id). */
  add(record: CanonicalRecord): void {
    const existing = this.byId.get(record.record_id);
    const position = existing ?? this.records.length;
    const prepared = prepareRecord(record, position);
    this.records[position] = prepared;
    this.byId.set(record.record_id, position);
    for (const key of this.keysOf(prepared)) {
      const block = this.blocks.get(key);
      if (!block) this.blocks.set(key, [position]);
      else if (!block.includes(position)) block.push(position);
    }
  }

  /** The indexed records that may be the same person, best first, with each field's weight. */
  candidates(record: CanonicalRecord, minProbability: number, maxBlock = 300): Candidate[] {
    const prepared = prepareRecord(record, -1);
    const seen = new Set<number>();
    for (const key of this.keysOf(prepared)) {
      const block = this.blocks.get(key);
      // A huge block (a very common name with no other key) says little; skip rather than stall.
      if (!block || block.length > maxBlock) continue;
      for (const position of block) seen.add(position);
    }
    const out: Candidate[] = [];
    for (const position of seen) {
      const other = this.records[position] as PreparedRecord;
      if (other.recordId === record.record_id) continue;
      // Score first, explain only the few that matter: the explanation allocates per field.
      if (weightToProbability(scorePair(this.model, prepared, other)) < minProbability) continue;
      const explained = explainPair(this.model, prepared, other);
      out.push({
        personId: other.recordId,
        explanation: {
          weight: round(explained.weight),
          probability: explained.probability,
          fields: explained.fields.map((f) => ({ comparison: f.comparison, level: f.level, weight: round(f.weight) })),
        },
      });
    }
    return out.sort((a, b) => b.explanation.weight - a.explanation.weight);
  }

  private keysOf(prepared: PreparedRecord): string[] {
    const keys: string[] = [];
    this.rules.forEach((rule, i) => {
      for (const key of rule.keys(prepared)) keys.push(`${i}:${key}`);
    });
    return keys;
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
