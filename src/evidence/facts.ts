// Case files as statistics see them, and the persons they belong to: the records of one person
// across agencies (a linkage group) become ONE person, so every count of victims counts her once
// (domain-spec §11.4). Columnar (one small code per person and dimension) so that any breakdown
// of a million persons is one pass over typed arrays. Pure.
import { IDENTIDAD_GENERO } from '../domain/code-lists.ts';
import { ABROAD, DIMENSION_NAMES, evidenceDimensions, inei, nationalityGroup, placeDepartment, departmentCode, SEVERAL, NOT_RECORDED, UNKNOWN, type DimensionName, type EvidenceDimension } from './dimensions.ts';

/** What the open (not sealed) columns of a case file and its person say, one row per case file. */
export interface CaseFact {
  caseId: string;
  /** The person record the case file belongs to. */
  personId: string;
  /** Her linkage group (the person across agencies); her own id when linked to nobody. */
  groupId: string;
  agency: string;
  detectionDate: string;
  detectionUbigeo: string;
  traffickingStatus: string;
  sex: string;
  genderIdentity?: string | undefined;
  birthYear?: number | null | undefined;
  estimatedAge?: number | undefined;
  /** Recorded (or derived at registration from the exact birth date): SI, NO, DESCONOCIDO. */
  minorAtDetection?: string | undefined;
  nationalities?: readonly string[] | undefined;
  legalPurposes?: readonly string[] | undefined;
  recruitmentPlace?: { country?: string; ubigeo?: string } | undefined;
  exploitationPlaces?: readonly { country?: string; ubigeo?: string }[] | undefined;
}

/** One person (linkage group) per index; `codes[d][i]` indexes the values of dimension d. */
export interface PersonFacts {
  size: number;
  dimensions: Record<DimensionName, EvidenceDimension>;
  codes: Record<DimensionName, Uint8Array>;
  /** Bit a set when agency `dimensions.agency.values[a]` holds a record of the person. */
  agencies: Uint16Array;
  /** Case files of the person, across agencies (what record-based counts would have counted). */
  records: Uint16Array;
  /** Latest detection of the person in any agency, as YYYYMMDD (a new episode after her plan: indicator B4). */
  lastDetected?: Int32Array;
  /** Index of each linkage group (what records of other kinds — referrals… — are joined on). */
  groups?: ReadonlyMap<string, number>;
}

const GENDER_IDENTITIES = new Set(IDENTIDAD_GENERO.values.filter((v) => !v.noValue).map((v) => v.code));
const STATUS_RANK = ['VICTIMA_DETERMINADA', 'PRESUNTA_VICTIMA', 'VICTIMA_OTRO_DELITO_EXPLOTACION', 'DESCARTADA'];
const KNOWN_SEX = new Set(['MUJER', 'HOMBRE', 'INTERSEX']);

/**
 * Age at detection in whole years. Only the birth year is readable outside the vault, so the age
 * can be a year high; the child/adult status recorded at registration (from the exact birth date)
 * settles the side of 18.
 */
export function ageAtDetection(fact: Pick<CaseFact, 'detectionDate' | 'birthYear' | 'estimatedAge' | 'minorAtDetection'>): number | undefined {
  let age = fact.estimatedAge ?? (fact.birthYear ? Number(fact.detectionDate.slice(0, 4)) - fact.birthYear : undefined);
  if (age === undefined || age < 0 || age > 120) return undefined;
  if (fact.minorAtDetection === 'SI' && age >= 18) age = 17;
  if (fact.minorAtDetection === 'NO' && age < 18) age = 18;
  return age;
}

export function childAdult(fact: Pick<CaseFact, 'detectionDate' | 'birthYear' | 'estimatedAge' | 'minorAtDetection'>): string {
  if (fact.minorAtDetection === 'SI') return 'NNA';
  if (fact.minorAtDetection === 'NO') return 'ADULTO';
  const age = ageAtDetection(fact);
  return age === undefined ? UNKNOWN : age < 18 ? 'NNA' : 'ADULTO';
}

/**
 * Es: de expedientes a personas únicas (grupos de vinculación), en columnas.
 * En: from case files to unique persons (linkage groups), as columns.
 *
 * One person's value of every dimension, from her case files in every agency:
 * - profile (sex, age, nationality, department and year of detection, first agency) from the first
 *   detection, falling back to the next record where the first says nothing;
 * - gender identity as any record states it (self-described, often recorded by one agency only);
 * - form of exploitation: the single legal purpose, or "several" (an undetermined purpose gives
 *   way to known ones);
 * - status: determined victim if any agency determined it, discarded only if every record says so.
 */
export function personFacts(cases: Iterable<CaseFact>, agencies: readonly { key: string; name: string }[], years?: readonly number[]): PersonFacts {
  const list = [...cases];
  let span = years;
  if (!span) {
    // A loop, not Math.min(...years): spreading a few hundred thousand arguments overflows the stack.
    let min = Infinity;
    let max = -Infinity;
    for (const c of list) {
      const y = Number(c.detectionDate.slice(0, 4));
      if (y < min) min = y;
      if (y > max) max = y;
    }
    span = list.length > 0 ? Array.from({ length: max - min + 1 }, (_, i) => min + i) : [];
  }
  const table = new CaseTable(evidenceDimensions({ years: span, agencies }), list.length);
  for (const c of list) table.add(c);
  return table.persons();
}

/** The per-case dimensions, in the order of DIMENSION_NAMES; exploitation is kept as a set of purposes. */
const PER_CASE = DIMENSION_NAMES.filter((d) => d !== 'exploitation');

/**
 * Case files reduced to small codes as they arrive (the server streams a million through it),
 * then folded into persons.
 */
export class CaseTable {
  private readonly index: Record<DimensionName, Map<string, number>>;
  private readonly codes: Uint8Array;
  private readonly purposes: Uint16Array;
  private readonly groups: Int32Array;
  private readonly days: Int32Array;
  private readonly groupIds = new Map<string, number>();
  private readonly purposeBits: Map<string, number>;
  private size = 0;

  constructor(
    readonly dimensions: Record<DimensionName, EvidenceDimension>,
    capacity: number,
  ) {
    for (const d of DIMENSION_NAMES) if (dimensions[d].values.length > 255) throw new Error(`dimension ${d} has too many values`);
    if (dimensions.agency.values.length > 16) throw new Error('at most 16 agencies');
    this.index = Object.fromEntries(DIMENSION_NAMES.map((d) => [d, new Map(dimensions[d].values.map((v, i) => [v.code, i]))])) as Record<DimensionName, Map<string, number>>;
    this.purposeBits = new Map(dimensions.exploitation.values.filter((v) => v.code !== SEVERAL).map((v, i) => [v.code, i]));
    this.codes = new Uint8Array(capacity * PER_CASE.length);
    this.purposes = new Uint16Array(capacity);
    this.groups = new Int32Array(capacity);
    this.days = new Int32Array(capacity);
  }

  private code(d: DimensionName, value: string): number {
    const map = this.index[d];
    const code = map.get(value) ?? map.get(value === ABROAD ? ABROAD : UNKNOWN);
    if (code === undefined) throw new RangeError(`value ${value} of ${d} has no code`);
    return code;
  }

  add(c: CaseFact): void {
    const i = this.size++;
    if (i >= this.groups.length) throw new RangeError('more case files than the capacity');
    const values: Record<Exclude<DimensionName, 'exploitation'>, string> = {
      sex: KNOWN_SEX.has(c.sex) ? c.sex : UNKNOWN,
      gender: c.genderIdentity !== undefined && GENDER_IDENTITIES.has(c.genderIdentity) ? c.genderIdentity : NOT_RECORDED,
      childAdult: childAdult(c),
      ageBand: inei(ageAtDetection(c)),
      nationality: nationalityGroup(c.nationalities),
      detectionDept: departmentCode(c.detectionUbigeo),
      recruitmentDept: placeDepartment(c.recruitmentPlace),
      exploitationDept: placeDepartment(c.exploitationPlaces?.[0]),
      year: c.detectionDate.slice(0, 4),
      agency: c.agency,
      status: c.traffickingStatus,
    };
    PER_CASE.forEach((d, k) => {
      this.codes[i * PER_CASE.length + k] = this.code(d, values[d as keyof typeof values]);
    });
    let mask = 0;
    for (const p of c.legalPurposes ?? []) {
      const bit = this.purposeBits.get(p);
      if (bit !== undefined) mask |= 1 << bit;
    }
    this.purposes[i] = mask;
    let g = this.groupIds.get(c.groupId);
    if (g === undefined) this.groupIds.set(c.groupId, (g = this.groupIds.size));
    this.groups[i] = g;
    this.days[i] = Number(c.detectionDate.slice(0, 4)) * 10_000 + Number(c.detectionDate.slice(5, 7)) * 100 + Number(c.detectionDate.slice(8, 10));
  }

  /** Folds the case files into persons: one per linkage group. */
  persons(): PersonFacts {
    const n = this.size;
    const groups = this.groupIds.size;
    const k = PER_CASE.length;
    const agencyAt = PER_CASE.indexOf('agency');
    // Each group's cases in reading order: first detection first, then agency key, then arrival.
    const agencyKeys = this.dimensions.agency.values.map((v) => v.code);
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) =>
        (this.groups[a] as number) - (this.groups[b] as number) ||
        (this.days[a] as number) - (this.days[b] as number) ||
        compareText(agencyKeys[this.codes[a * k + agencyAt] as number] ?? '', agencyKeys[this.codes[b * k + agencyAt] as number] ?? '') ||
        a - b,
    );
    const codes = Object.fromEntries(DIMENSION_NAMES.map((d) => [d, new Uint8Array(groups)])) as Record<DimensionName, Uint8Array>;
    const agencies = new Uint16Array(groups);
    const records = new Uint16Array(groups);
    const lastDetected = new Int32Array(groups);
    const unknown = PER_CASE.map((d) => this.index[d].get(d === 'gender' ? NOT_RECORDED : UNKNOWN) ?? -1);
    const firstOnly = new Set<DimensionName>(['detectionDept', 'year', 'agency']);
    const statusRank = this.dimensions.status.values.map((v) => STATUS_RANK.indexOf(v.code));
    const purposeCodes = [...this.purposeBits.keys()].map((p) => this.index.exploitation.get(p) as number);
    const undetermined = this.purposeBits.get('NO_DETERMINADA') ?? -1;
    const several = this.index.exploitation.get(SEVERAL) as number;
    let start = 0;
    while (start < n) {
      const g = this.groups[order[start] as number] as number;
      let end = start;
      while (end < n && this.groups[order[end] as number] === g) end++;
      const first = order[start] as number;
      PER_CASE.forEach((d, j) => {
        let value = this.codes[first * k + j] as number;
        if (!firstOnly.has(d)) {
          for (let x = start; x < end && value === unknown[j]; x++) value = this.codes[(order[x] as number) * k + j] as number;
        }
        if (d === 'status') {
          for (let x = start; x < end; x++) {
            const s = this.codes[(order[x] as number) * k + j] as number;
            if ((statusRank[s] as number) < (statusRank[value] as number)) value = s;
          }
        }
        (codes[d] as Uint8Array)[g] = value;
      });
      let mask = 0;
      let agencyMask = 0;
      for (let x = start; x < end; x++) {
        const c = order[x] as number;
        mask |= this.purposes[c] as number;
        agencyMask |= 1 << (this.codes[c * k + agencyAt] as number);
      }
      if (undetermined >= 0 && mask !== 1 << undetermined) mask &= ~(1 << undetermined);
      const bits = popcount(mask);
      codes.exploitation[g] = bits === 0 ? (purposeCodes[undetermined] as number) : bits > 1 ? several : (purposeCodes[31 - Math.clz32(mask)] as number);
      agencies[g] = agencyMask;
      records[g] = Math.min(end - start, 65_535);
      lastDetected[g] = this.days[order[end - 1] as number] as number;
      start = end;
    }
    return { size: groups, dimensions: this.dimensions, codes, agencies, records, lastDetected, groups: this.groupIds };
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}
