// Shelter stays (domain-spec §6.11, §8.5): the stay's lifecycle, the exit that needs a reason, the
// exits that are a safety alert (absconding, leaving of one's own accord), and a shelter's
// occupancy against its capacity. Pure.
import type { Machine, RuleProblem } from './state-machine.ts';

export const STAY_STATES = ['SOLICITADO', 'INGRESO', 'PERMANENCIA', 'EGRESO'] as const;
export type StayState = (typeof STAY_STATES)[number];

/** §8.5; a requested stay that never starts is closed as an exit with its reason. */
export const STAY_TRANSITIONS: Machine<StayState> = {
  SOLICITADO: ['INGRESO', 'EGRESO'],
  INGRESO: ['PERMANENCIA', 'EGRESO'],
  PERMANENCIA: ['EGRESO'],
  EGRESO: [],
};

/** States in which the person is in the shelter: they count towards its occupancy. */
export const OCCUPYING: readonly StayState[] = ['INGRESO', 'PERMANENCIA'];

/** Exits that alert the case team and, for a child, the protection unit and the prosecutor (§8.5). */
export const SAFETY_EXITS: ReadonlySet<string> = new Set(['ABANDONO_VOLUNTARIO', 'EVASION']);

export interface StayMoveFacts {
  from: StayState;
  to: StayState;
  on: string;
  enteredOn?: string | undefined;
  today: string;
  exitReason?: string | undefined;
  occupancy: number;
  capacity?: number | undefined;
}

export function stayMoveProblems(f: StayMoveFacts): RuleProblem[] {
  if (!STAY_TRANSITIONS[f.from].includes(f.to)) return [{ path: 'to', key: 'problem.transitionNotAllowed' }];
  const problems: RuleProblem[] = [];
  if (f.on > f.today) problems.push({ path: 'on', key: 'invalid.dateInFuture' });
  if (f.enteredOn && f.on < f.enteredOn) problems.push({ path: 'on', key: 'shelter.beforeEntry' });
  if (f.to === 'EGRESO' && !f.exitReason) problems.push({ path: 'exitReason', key: 'invalid.required' });
  if (f.to === 'INGRESO' && f.capacity !== undefined && f.occupancy >= f.capacity) problems.push({ path: 'to', key: 'shelter.full' });
  return problems;
}

export function isSafetyExit(exitReason: string | undefined): boolean {
  return exitReason !== undefined && SAFETY_EXITS.has(exitReason);
}

/** A case file cannot be closed while the person is in a shelter (§8.1 invariant). */
export function stayIsActive(state: StayState): boolean {
  return state !== 'EGRESO';
}
