// Indicators B7 and B4 (domain-spec §11.2), on the linked persons (each counted once, whatever the
// agencies that hold her case files), by sex and child/adult:
// - B7, the reintegration plan (PRI): persons in care whose plan was approved within 30 days of the
//   lead agency taking the case file (its first entry in care, EN_ATENCION), and the plans' goals by
//   dimension and status, with the share achieved;
// - B4, victims assisted and reintegrated: of the victims identified, those with a first service
//   within 30 days of detection (assisted) and those reintegrated — a plan achieved (CUMPLIDO), or a
//   case file in follow-up (EN_SEGUIMIENTO) whose plan has 70 % of its goals achieved — with no new
//   detection after that plan was approved (re-victimisation). The operational definitions are to be
//   agreed with MIMP (§11.2 B4 [U]); the thresholds are named below.
// Read from the open columns of case files (state), care plans (state, approval day, each goal's
// dimension and status as codes) and the day each case file entered care. Pure.
import { achievedShare, FOLLOW_UP_THRESHOLD, PLAN_STATES } from '../domain/care-plan.ts';
import { DIMENSION_REINTEGRACION, ESTADO_OBJETIVO } from '../domain/code-lists-followup.ts';
import { dayNumber, PersonTallies, type BrokenDown, type PersonWhere } from './breakdown.ts';
import type { CareTimeFacts } from './care-time.ts';
import type { PersonFacts } from './facts.ts';

/** B7: a plan is on time when approved within this many days of the case file entering care. */
export const PLAN_ON_TIME_DAYS = 30;
/** B4: assisted = a first service within this many days of the first detection. */
export const ASSISTED_WITHIN_DAYS = 30;

/** One case file in care or with a plan, and one of its plans (a row per plan; none: no plan). */
export interface PlanFact {
  groupId: string;
  caseState: string;
  /** Day (YYYY-MM-DD) the case file first entered care; undefined when it never did. */
  careStartedOn?: string | undefined;
  planState?: string | undefined;
  approvedOn?: string | undefined;
  /** The plan's goals as codes; undefined when not readable (plans recorded before these columns). */
  goals?: readonly { dimension: string; status: string }[] | undefined;
}

export interface PlanFacts {
  size: number;
  person: Int32Array;
  /** Days since 1970-01-01; -1 when none. */
  careStart: Int32Array;
  approved: Int32Array;
  /** Index into PLAN_STATES; -1 without a plan. */
  planState: Int8Array;
  following: Uint8Array;
  /** Goals of row i: goalDimension/goalStatus[goalStart[i] … goalStart[i + 1]). */
  goalStart: Int32Array;
  goalDimension: Uint8Array;
  goalStatus: Uint8Array;
}

const DIMENSIONS = DIMENSION_REINTEGRACION.values.map((v) => v.code);
const GOAL_STATUSES = ESTADO_OBJETIVO.values.map((v) => v.code);
const ACHIEVED_PLAN = PLAN_STATES.indexOf('CUMPLIDO');

export function planFacts(rows: Iterable<PlanFact>, persons: PersonFacts): PlanFacts {
  const list = [...rows];
  const goals = list.reduce((n, r) => n + (r.goals?.length ?? 0), 0);
  const out: PlanFacts = {
    size: list.length,
    person: new Int32Array(list.length),
    careStart: new Int32Array(list.length),
    approved: new Int32Array(list.length),
    planState: new Int8Array(list.length),
    following: new Uint8Array(list.length),
    goalStart: new Int32Array(list.length + 1),
    goalDimension: new Uint8Array(goals),
    goalStatus: new Uint8Array(goals),
  };
  let g = 0;
  list.forEach((r, i) => {
    out.person[i] = persons.groups?.get(r.groupId) ?? -1;
    out.careStart[i] = dayNumber(r.careStartedOn);
    out.approved[i] = dayNumber(r.approvedOn);
    out.planState[i] = r.planState === undefined ? -1 : (PLAN_STATES as readonly string[]).indexOf(r.planState);
    out.following[i] = r.caseState === 'EN_SEGUIMIENTO' ? 1 : 0;
    out.goalStart[i] = g;
    for (const goal of r.goals ?? []) {
      const d = DIMENSIONS.indexOf(goal.dimension);
      const s = GOAL_STATUSES.indexOf(goal.status);
      if (d < 0 || s < 0) throw new RangeError(`unknown goal ${goal.dimension} ${goal.status}`);
      out.goalDimension[g] = d;
      out.goalStatus[g] = s;
      g++;
    }
  });
  out.goalStart[list.length] = g;
  return out;
}

function goalsOf(facts: PlanFacts, i: number): { status: string }[] {
  const goals: { status: string }[] = [];
  for (let g = facts.goalStart[i] as number; g < (facts.goalStart[i + 1] as number); g++) goals.push({ status: GOAL_STATUSES[facts.goalStatus[g] as number] as string });
  return goals;
}

// Per person, bits: 1 in care, 2 due (30 days passed, or a plan approved), 4 plan on time,
// 8 a plan approved, 16 a plan with 70 % of its goals achieved, 32 reintegrated, 64 re-victimised.
const IN_CARE = 1;
const DUE = 2;
const ON_TIME = 4;
const APPROVED = 8;
const GOALS_MET = 16;
const REINTEGRATED = 32;
const REVICTIMISED = 64;

/** YYYYMMDD as days since 1970-01-01. */
const fromYmd = (ymd: number) => Math.floor(Date.UTC(Math.floor(ymd / 10_000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) / 86_400_000);

function personFlags(facts: PlanFacts, persons: PersonFacts, today: number): Uint8Array {
  const flags = new Uint8Array(persons.size);
  for (let i = 0; i < facts.size; i++) {
    const p = facts.person[i] as number;
    if (p < 0) continue;
    const start = facts.careStart[i] as number;
    const approved = facts.approved[i] as number;
    let f = flags[p] as number;
    if (start >= 0) {
      f |= IN_CARE;
      if (today - start >= PLAN_ON_TIME_DAYS || approved >= 0) f |= DUE;
      if (approved >= 0 && approved - start <= PLAN_ON_TIME_DAYS) f |= ON_TIME;
    }
    if (approved >= 0) {
      f |= APPROVED;
      const goals = goalsOf(facts, i);
      const met = goals.length > 0 && achievedShare(goals) >= FOLLOW_UP_THRESHOLD;
      if (met) f |= GOALS_MET;
      if (facts.planState[i] === ACHIEVED_PLAN || (facts.following[i] === 1 && met)) {
        f |= REINTEGRATED;
        const last = persons.lastDetected?.[p];
        if (last !== undefined && fromYmd(last) > approved) f |= REVICTIMISED;
      }
    }
    flags[p] = f;
  }
  return flags;
}

export interface PlanCounts {
  /** Persons with a case file that entered care. */
  inCare: number;
  /** Of them, those whose 30 days have passed (or whose plan is approved): the denominator. */
  due: number;
  /** Persons with a plan approved within 30 days of entering care. */
  onTime: number;
  /** `onTime` over `due`, in percent with one decimal; null when nobody is due. */
  percentOnTime: number | null;
  /** Persons with an approved plan. */
  withPlan: number;
  /** Persons with an approved plan of which 70 % of the goals (kept by the person) are achieved. */
  goalsMet: number;
}

export interface GoalCounts {
  dimension: string;
  goals: number;
  achieved: number;
  partly: number;
  notAchieved: number;
  open: number;
  dropped: number;
  /** Achieved over the goals the person kept (not dropped), in percent; null when none. */
  percentAchieved: number | null;
}

export type PlanSummary = PlanCounts & BrokenDown<PlanCounts> & { goalsByDimension: GoalCounts[] };

const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);

/**
 * Es: PRI aprobado a tiempo (30 días desde el ingreso a atención) y objetivos por dimensión y estado.
 * En: PRI approved on time (30 days from entering care), and goals by dimension and status.
 * `asOf` (YYYY-MM-DD) is the day of the data: a person in care for less than 30 days without a plan is not late yet.
 */
export function planSummary(facts: PlanFacts, persons: PersonFacts, asOf: string, where: PersonWhere = {}): PlanSummary {
  const flags = personFlags(facts, persons, dayNumber(asOf));
  const tallies = new PersonTallies(persons, where, () => new Int32Array(5));
  for (let p = 0; p < persons.size; p++) {
    const f = flags[p] as number;
    if ((f & (IN_CARE | APPROVED)) === 0) continue;
    for (const t of tallies.of(p)) {
      if (f & IN_CARE) t[0]!++;
      if (f & DUE) t[1]!++;
      if (f & ON_TIME) t[2]!++;
      if (f & APPROVED) t[3]!++;
      if (f & GOALS_MET) t[4]!++;
    }
  }
  // The goals of the approved plans of the persons counted.
  const byStatus = DIMENSIONS.map(() => new Int32Array(GOAL_STATUSES.length));
  for (let i = 0; i < facts.size; i++) {
    const p = facts.person[i] as number;
    if ((facts.approved[i] as number) < 0 || p < 0 || tallies.of(p).length === 0) continue;
    for (let g = facts.goalStart[i] as number; g < (facts.goalStart[i + 1] as number); g++) (byStatus[facts.goalDimension[g] as number] as Int32Array)[facts.goalStatus[g] as number]!++;
  }
  const status = (s: string) => GOAL_STATUSES.indexOf(s);
  const goalsByDimension = DIMENSIONS.map((dimension, d): GoalCounts => {
    const c = byStatus[d] as Int32Array;
    const n = (s: string) => c[status(s)] as number;
    const goals = c.reduce((a, b) => a + b, 0);
    return { dimension, goals, achieved: n('LOGRADO'), partly: n('LOGRADO_PARCIALMENTE'), notAchieved: n('NO_LOGRADO'), open: n('PENDIENTE') + n('EN_PROCESO'), dropped: n('DESCARTADO_POR_LA_PERSONA'), percentAchieved: share(n('LOGRADO'), goals - n('DESCARTADO_POR_LA_PERSONA')) };
  });
  return {
    ...tallies.summary((t) => ({ inCare: t[0] as number, due: t[1] as number, onTime: t[2] as number, percentOnTime: share(t[2] as number, t[1] as number), withPlan: t[3] as number, goalsMet: t[4] as number })),
    goalsByDimension,
  };
}

export interface ReintegrationCounts {
  /** Victims identified (unique persons). */
  persons: number;
  /** With a first service within 30 days of detection. */
  assisted: number;
  /** Reintegrated, without a new detection after her plan's approval. */
  reintegrated: number;
  assistedAndReintegrated: number;
  /** `assistedAndReintegrated` over `persons`, in percent with one decimal; null when no one. */
  percent: number | null;
}

export type ReintegrationSummary = ReintegrationCounts & BrokenDown<ReintegrationCounts>;

const VICTIM_STATUSES = new Set(['PRESUNTA_VICTIMA', 'VICTIMA_DETERMINADA', 'VICTIMA_OTRO_DELITO_EXPLOTACION']);

/**
 * Es: víctimas identificadas atendidas (primer servicio en 30 días) y reintegradas, por sexo y NNA/adulto.
 * En: victims identified who were assisted (first service within 30 days) and reintegrated, by sex and child/adult.
 */
export function reintegrationSummary(plans: PlanFacts, careTimes: CareTimeFacts, persons: PersonFacts, where: PersonWhere = {}): ReintegrationSummary {
  const flags = personFlags(plans, persons, 0);
  const assisted = new Uint8Array(persons.size);
  for (let i = 0; i < careTimes.size; i++) {
    const p = careTimes.person[i] as number;
    const d = careTimes.days[i] as number;
    if (p >= 0 && d >= 0 && d <= ASSISTED_WITHIN_DAYS) assisted[p] = 1;
  }
  const victim = persons.dimensions.status.values.map((v) => VICTIM_STATUSES.has(v.code));
  const tallies = new PersonTallies(persons, where, () => new Int32Array(4));
  for (let p = 0; p < persons.size; p++) {
    if (!victim[persons.codes.status[p] as number]) continue;
    const f = flags[p] as number;
    const reintegrated = (f & REINTEGRATED) !== 0 && (f & REVICTIMISED) === 0;
    for (const t of tallies.of(p)) {
      t[0]!++;
      if (assisted[p]) t[1]!++;
      if (reintegrated) t[2]!++;
      if (assisted[p] && reintegrated) t[3]!++;
    }
  }
  return tallies.summary((t) => ({ persons: t[0] as number, assisted: t[1] as number, reintegrated: t[2] as number, assistedAndReintegrated: t[3] as number, percent: share(t[3] as number, t[0] as number) }));
}
