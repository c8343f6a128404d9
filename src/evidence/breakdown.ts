// The per-person tallies every indicator read from records other than the case files keeps: the
// total, one by sex and one by child/adult, with the filters (year of first detection, sex,
// child/adult) applied to the linked person (her linkage group). Pure.
import type { PersonFacts } from './facts.ts';

export interface PersonWhere {
  /** Year of first detection of the person. */
  year?: string | undefined;
  sex?: string | undefined;
  childAdult?: string | undefined;
}

export interface BrokenDown<C> {
  bySex: ({ sex: string } & C)[];
  byChildAdult: ({ childAdult: string } & C)[];
}

export class PersonTallies<T> {
  readonly total: T;
  private readonly sexValues: readonly string[];
  private readonly childValues: readonly string[];
  private readonly years: readonly string[];
  private readonly bySex: T[];
  private readonly byChild: T[];
  private readonly unknownSex: number;
  private readonly unknownChild: number;

  constructor(
    private readonly persons: PersonFacts,
    private readonly where: PersonWhere,
    blank: () => T,
    /** Whether the year filter is the person's (else the caller filters records by their own year). */
    private readonly personYear = true,
  ) {
    const codes = (d: 'sex' | 'childAdult' | 'year') => persons.dimensions[d].values.map((v) => v.code);
    this.sexValues = codes('sex');
    this.childValues = codes('childAdult');
    this.years = codes('year');
    this.unknownSex = this.sexValues.indexOf('DESCONOCIDO');
    this.unknownChild = this.childValues.indexOf('DESCONOCIDO');
    this.total = blank();
    this.bySex = this.sexValues.map(blank);
    this.byChild = this.childValues.map(blank);
  }

  /**
   * The tallies a record of person `p` counts in (the total, her sex's, her child/adult status'),
   * or none when she does not pass the filters. A person not among those read (p < 0) is of
   * unknown sex and age, and has no year of detection.
   */
  of(p: number): T[] {
    const sex = p >= 0 ? (this.persons.codes.sex[p] as number) : this.unknownSex;
    const child = p >= 0 ? (this.persons.codes.childAdult[p] as number) : this.unknownChild;
    const { where } = this;
    if (this.personYear && where.year !== undefined && (p < 0 || this.years[this.persons.codes.year[p] as number] !== where.year)) return [];
    if (where.sex !== undefined && this.sexValues[sex] !== where.sex) return [];
    if (where.childAdult !== undefined && this.childValues[child] !== where.childAdult) return [];
    const out = [this.total];
    const bySex = this.bySex[sex];
    const byChild = this.byChild[child];
    if (bySex !== undefined) out.push(bySex);
    if (byChild !== undefined) out.push(byChild);
    return out;
  }

  /** The counts of the total, and of every sex and child/adult value (empty ones too). */
  summary<C>(counts: (t: T) => C): C & BrokenDown<C> {
    return {
      ...counts(this.total),
      bySex: this.sexValues.map((sex, k) => ({ sex, ...counts(this.bySex[k] as T) })),
      byChildAdult: this.childValues.map((childAdult, k) => ({ childAdult, ...counts(this.byChild[k] as T) })),
    };
  }
}

const DAY = 86_400_000;

/** Days since 1970-01-01 of a day (YYYY-MM-DD…); -1 when none. */
export const dayNumber = (date: string | undefined) => (date ? Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY) : -1);
