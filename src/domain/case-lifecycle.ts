// The victim case-file lifecycle of domain-spec §8.1, as data: which state may follow which, and
// what each move needs. Pure: the server asks it, the web app asks it to know which buttons to show.

export const CASE_STATES = [
  'DETECTADO',
  'EN_IDENTIFICACION',
  'ATENCION_INMEDIATA',
  'DERIVADO_PENDIENTE',
  'EN_ATENCION',
  'EN_REINTEGRACION',
  'EN_SEGUIMIENTO',
  'SUSPENDIDO',
  'CERRADO',
  'CERRADO_DERIVADO',
  'DESCARTADO',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const ACTIVE_STATES: readonly CaseState[] = [
  'DETECTADO',
  'EN_IDENTIFICACION',
  'ATENCION_INMEDIATA',
  'DERIVADO_PENDIENTE',
  'EN_ATENCION',
  'EN_REINTEGRACION',
  'EN_SEGUIMIENTO',
];

/** States a suspended file can return to: the active states it may have been suspended from. */
const SUSPENDABLE: readonly CaseState[] = ['EN_ATENCION', 'EN_REINTEGRACION', 'EN_SEGUIMIENTO'];

export const TRANSITIONS: Readonly<Record<CaseState, readonly CaseState[]>> = {
  DETECTADO: ['EN_IDENTIFICACION', 'ATENCION_INMEDIATA', 'DERIVADO_PENDIENTE', 'CERRADO_DERIVADO'],
  EN_IDENTIFICACION: ['ATENCION_INMEDIATA', 'DESCARTADO', 'DERIVADO_PENDIENTE', 'CERRADO_DERIVADO'],
  ATENCION_INMEDIATA: ['DESCARTADO', 'DERIVADO_PENDIENTE', 'EN_ATENCION', 'CERRADO_DERIVADO'],
  DERIVADO_PENDIENTE: ['EN_ATENCION', 'ATENCION_INMEDIATA', 'CERRADO_DERIVADO'],
  EN_ATENCION: ['EN_REINTEGRACION', 'SUSPENDIDO', 'CERRADO', 'CERRADO_DERIVADO'],
  EN_REINTEGRACION: ['EN_SEGUIMIENTO', 'SUSPENDIDO', 'CERRADO', 'CERRADO_DERIVADO'],
  EN_SEGUIMIENTO: ['EN_REINTEGRACION', 'SUSPENDIDO', 'CERRADO', 'CERRADO_DERIVADO'],
  SUSPENDIDO: ['EN_ATENCION', 'EN_REINTEGRACION', 'EN_SEGUIMIENTO', 'CERRADO', 'CERRADO_DERIVADO'],
  CERRADO: ['EN_ATENCION'],
  CERRADO_DERIVADO: ['EN_ATENCION'],
  DESCARTADO: ['EN_IDENTIFICACION'],
};

/** Moves that must say why (closing, suspending, discarding, reopening). */
const REASON_REQUIRED = new Set<string>([
  'EN_ATENCION>SUSPENDIDO',
  'EN_REINTEGRACION>SUSPENDIDO',
  'EN_SEGUIMIENTO>SUSPENDIDO',
  'EN_ATENCION>CERRADO',
  'EN_REINTEGRACION>CERRADO',
  'EN_SEGUIMIENTO>CERRADO',
  'SUSPENDIDO>CERRADO',
  'EN_IDENTIFICACION>DESCARTADO',
  'ATENCION_INMEDIATA>DESCARTADO',
  'CERRADO>EN_ATENCION',
  'CERRADO_DERIVADO>EN_ATENCION',
  'DESCARTADO>EN_IDENTIFICACION',
  'DERIVADO_PENDIENTE>ATENCION_INMEDIATA',
  ...ACTIVE_STATES.map((s) => `${s}>CERRADO_DERIVADO`),
  'SUSPENDIDO>CERRADO_DERIVADO',
]);

export interface TransitionFacts {
  from: CaseState;
  to: CaseState;
  reason?: string | undefined;
  reviewDate?: string | undefined;
  traffickingStatus: string;
  /** The active state a suspended file was in before; it may only return there. */
  stateBeforeSuspension?: CaseState | undefined;
}

/** Why a transition is refused, as message keys; empty when it is allowed. */
export function transitionProblems(facts: TransitionFacts): string[] {
  const { from, to } = facts;
  if (!TRANSITIONS[from].includes(to)) return ['problem.transitionNotAllowed'];
  const problems: string[] = [];
  if (REASON_REQUIRED.has(`${from}>${to}`) && !facts.reason?.trim()) problems.push('problem.reasonRequired');
  if (to === 'SUSPENDIDO' && !facts.reviewDate) problems.push('problem.reviewDateRequired');
  if (to === 'DESCARTADO' && facts.traffickingStatus !== 'DESCARTADA') problems.push('problem.discardNeedsStatus');
  if (from === 'SUSPENDIDO' && SUSPENDABLE.includes(to) && facts.stateBeforeSuspension && to !== facts.stateBeforeSuspension) {
    problems.push('problem.transitionNotAllowed');
  }
  return problems;
}

/** The states a file may move to now, for the interface to offer (preconditions aside). */
export function nextStates(from: CaseState, stateBeforeSuspension?: CaseState): CaseState[] {
  return TRANSITIONS[from].filter((to) => !(from === 'SUSPENDIDO' && SUSPENDABLE.includes(to) && stateBeforeSuspension && to !== stateBeforeSuspension));
}

/**
 * Moves of §8.1 that take four eyes ("case worker + SUPERVISOR"): the case worker's move is a
 * proposal, and a supervisor of the unit holding the file, not the proposer, approves or returns it.
 */
export function needsApproval(from: CaseState, to: CaseState): boolean {
  return to === 'CERRADO' || to === 'CERRADO_DERIVADO' || to === 'DESCARTADO' || (from === 'EN_ATENCION' && to === 'EN_REINTEGRACION');
}

/** Which kind of move this is, for the rules on who may take it (§8.1 "Who (roles)"). */
export type MoveKind = 'close' | 'discard' | 'reopen' | 'restore' | 'transition';

export function moveKind(from: CaseState, to: CaseState): MoveKind {
  if (to === 'CERRADO') return 'close';
  if (to === 'DESCARTADO') return 'discard';
  if (from === 'DESCARTADO') return 'restore';
  if (from === 'CERRADO' || from === 'CERRADO_DERIVADO') return 'reopen';
  return 'transition';
}

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}
