// The linkage index the server keeps in memory: the engine's incremental LinkageIndex over every
// person record, with a model trained on them. The engine itself (src/linkage) is pure; this file
// feeds it the records the database holds and shapes its answers for the matches.
import { LinkageIndex } from '../../linkage/linkage-index.ts';
import type { PreparedRecord } from '../../linkage/record.ts';
import { linkRecords } from '../../linkage/pipeline.ts';
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
// are estimated from enough pairs.
const MIN_TRAINING_RECORDS = 3_000;
// Above this many, the model is trained on an even sample: m and u settle long before, and the
// server starts in seconds rather than minutes on a million records.
const MAX_TRAINING_RECORDS = 60_000;

/**
 * Trains the model on the records (with synthetic ones when there are few) and indexes them.
 * Term frequencies start from the training records and grow with every record indexed: a
 * handful of real records alone would make every name look rare or common.
 */
export async function buildPersonIndex(records: readonly CanonicalRecord[]): Promise<LinkageIndex> {
  const step = Math.max(1, Math.floor(records.length / MAX_TRAINING_RECORDS));
  const training: CanonicalRecord[] = step === 1 ? [...records] : records.filter((_, i) => i % step === 0);
  if (training.length < MIN_TRAINING_RECORDS) {
    for (const synthetic of generateSyntheticRegistry({ seed: 4242, persons: Math.ceil((MIN_TRAINING_RECORDS - training.length) / 2) })) {
      training.push({ ...synthetic.record, record_id: `training-${synthetic.record.record_id}` });
    }
  }
  const { model } = await linkRecords(training);
  // Namesakes born years apart, with no document or phone alike, are not scored: a third of the
  // candidates at 100,000 records, none of them the same person in the synthetic registry.
  const index = new LinkageIndex(model, { skipDistantBirths: true });
  for (const record of records) index.add(record);
  return index;
}

/** The indexed records that may be the same person as `record`, best first, with each field's weight. */
export function matchCandidates(index: LinkageIndex, record: CanonicalRecord | PreparedRecord, minProbability: number, visible?: ReadonlySet<number>): Candidate[] {
  const prepared = index.prepared(record);
  // Score first, explain only the few that matter: the explanation allocates per field.
  return index.score(prepared, minProbability, visible).map((candidate) => {
    const explained = index.explain(prepared, candidate.index);
    return {
      personId: candidate.recordId,
      explanation: {
        // The candidate's score: its fields and the competition among the record's candidates.
        weight: round(candidate.weight),
        probability: candidate.probability,
        prior: round(explained.prior),
        fields: explained.fields.map((f) => ({ comparison: f.comparison, level: f.level, weight: round(f.weight) })),
        competition: round(candidate.weight - explained.weight),
      },
    };
  });
}

const round = (x: number) => Math.round(x * 1000) / 1000;
