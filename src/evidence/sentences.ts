// Indicator C11, its sentences (domain-spec §11.2: "cases by procedural stage, sentences, time to
// sentence"): the proceedings that reached a sentence (a first-instance judgment or an early
// termination), by the sentence's outcome (conviction, acquittal… a code of RESULTADO_PROCESO),
// the victims (linked persons, counted once) with one, and the time from the detection recorded on
// the proceeding's case file to the first sentence (median; within 1, 1–2, 2–3 and over 3 years),
// by sex and child/adult. Read from the proceedings' open columns (sentenced_on, sentence_outcome)
// and the case file's detection date; the judgment itself stays sealed. Pure.
import { RESULTADO_PROCESO } from '../domain/code-lists-followup.ts';
import type { Lang } from '../domain/code-list-builder.ts';
import type { PersonFacts } from './facts.ts';
import type { JusticeSummary, StageCounts } from './justice.ts';
import { medianOf } from './referrals.ts';
import { dayNumber, PersonTallies, type BrokenDown, type PersonWhere } from './breakdown.ts';

/** The outcome of a sentence whose outcome is not recorded in clear (written before migration 0030, until rebuilt). */
export const OUTCOME_NOT_RECORDED = 'SIN_REGISTRO';

/** The label of a sentence outcome counted by: its code's, or "not recorded". */
export function outcomeLabel(outcome: string, lang: Lang): string {
  if (outcome === OUTCOME_NOT_RECORDED) return lang === 'en' ? 'Outcome not recorded' : 'Resultado sin registrar';
  const value = RESULTADO_PROCESO.values.find((v) => v.code === outcome);
  return value ? value[lang] : outcome;
}

/** The outcomes a sentence is counted by: the codes of RESULTADO_PROCESO, then "not recorded". */
export const SENTENCE_OUTCOMES: readonly string[] = [...RESULTADO_PROCESO.values.map((v) => v.code), OUTCOME_NOT_RECORDED];

export interface SentenceFact {
  /** Linkage group of the victim (her own person id when linked to nobody). */
  groupId: string;
  /** Day (YYYY-MM-DD) of the detection on the proceeding's case file. */
  detectedOn: string;
  /** First day the proceeding reached a sentence; none when it has not. */
  sentencedOn?: string | undefined;
  outcome?: string | undefined;
}

export interface SentenceFacts {
  size: number;
  person: Int32Array;
  /** Days from detection to the first sentence (0 when the same day or before); -1 when no sentence. */
  days: Int32Array;
  /** Index in SENTENCE_OUTCOMES; meaningful only with a sentence. */
  outcome: Uint8Array;
}

export function sentenceFacts(rows: Iterable<SentenceFact>, persons: PersonFacts): SentenceFacts {
  const list = [...rows];
  const out: SentenceFacts = { size: list.length, person: new Int32Array(list.length), days: new Int32Array(list.length), outcome: new Uint8Array(list.length) };
  const notRecorded = SENTENCE_OUTCOMES.length - 1;
  list.forEach((r, i) => {
    out.person[i] = persons.groups?.get(r.groupId) ?? -1;
    out.days[i] = r.sentencedOn ? Math.max(0, dayNumber(r.sentencedOn) - dayNumber(r.detectedOn)) : -1;
    const k = r.outcome ? SENTENCE_OUTCOMES.indexOf(r.outcome) : -1;
    out.outcome[i] = k >= 0 && k < notRecorded ? k : notRecorded;
  });
  return out;
}

/** Years of time to sentence, as days: a sentence on the first anniversary of the detection is within 1 year. */
const YEAR = 365;

export interface SentenceCounts {
  /** Proceedings that reached a sentence. */
  sentenced: number;
  /** Victims (unique persons) with a sentence in any of their proceedings. */
  personsSentenced: number;
  /** Sentences by the time from detection: up to 1 year, over 1 up to 2, over 2 up to 3, over 3 years (they add up to `sentenced`). */
  withinYear: number;
  years1to2: number;
  years2to3: number;
  over3Years: number;
  /** Median days from detection to sentence. */
  medianDays: number | null;
}

export type SentenceSummary = SentenceCounts & BrokenDown<SentenceCounts> & { byOutcome: { outcome: string; sentenced: number }[] };

class SentenceTally {
  readonly days: number[] = [];
  readonly persons = new Set<number>();
  add(person: number, days: number): void {
    this.days.push(days);
    if (person >= 0) this.persons.add(person);
  }
  counts(): SentenceCounts {
    const d = this.days;
    return {
      sentenced: d.length,
      personsSentenced: this.persons.size,
      withinYear: d.filter((x) => x <= YEAR).length,
      years1to2: d.filter((x) => x > YEAR && x <= 2 * YEAR).length,
      years2to3: d.filter((x) => x > 2 * YEAR && x <= 3 * YEAR).length,
      over3Years: d.filter((x) => x > 3 * YEAR).length,
      medianDays: medianOf(d),
    };
  }
}

/**
 * Es: procesos con sentencia, por resultado; víctimas (personas únicas) con sentencia; tiempo desde la detección hasta la sentencia, por sexo y NNA/adulto.
 * En: proceedings with a sentence, by outcome; victims (unique persons) with one; time from detection to sentence, by sex and child/adult.
 * The year filter is the victim's year of first detection, as for the stages.
 */
export function sentenceSummary(facts: SentenceFacts, persons: PersonFacts, where: PersonWhere = {}): SentenceSummary {
  const tallies = new PersonTallies(persons, where, () => new SentenceTally());
  const byOutcome = new Array<number>(SENTENCE_OUTCOMES.length).fill(0);
  for (let i = 0; i < facts.size; i++) {
    const days = facts.days[i] as number;
    if (days < 0) continue;
    const p = facts.person[i] as number;
    const counted = tallies.of(p);
    if (counted.length === 0) continue;
    for (const t of counted) t.add(p, days);
    byOutcome[facts.outcome[i] as number]!++;
  }
  return { ...tallies.summary((t) => t.counts()), byOutcome: SENTENCE_OUTCOMES.map((outcome, k) => ({ outcome, sentenced: byOutcome[k] as number })) };
}

/** Indicator C11 whole: the stages and the sentences of the same persons and filters, row by row (what the justice route answers). */
export type JusticeSentenceSummary = StageCounts &
  SentenceCounts &
  BrokenDown<StageCounts & SentenceCounts> & { byStage: JusticeSummary['byStage']; byOutcome: SentenceSummary['byOutcome'] };

export function justiceWithSentences(stages: JusticeSummary, sentences: SentenceSummary): JusticeSentenceSummary {
  return {
    ...stages,
    ...sentences,
    bySex: stages.bySex.map((row, k) => ({ ...row, ...(sentences.bySex[k] as SentenceCounts) })),
    byChildAdult: stages.byChildAdult.map((row, k) => ({ ...row, ...(sentences.byChildAdult[k] as SentenceCounts) })),
  };
}
