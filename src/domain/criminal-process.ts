// The criminal proceeding (domain-spec §6.7, §8.2, Código Procesal Penal 2004) as its own state
// machine, parallel to the care of the victim: care never waits on it. Only prosecutors and court
// staff move it; care staff see the stage to prepare the person for hearings. Pure.
import type { Machine, RuleProblem } from './state-machine.ts';

export const PROCEDURAL_STAGES = [
  'DENUNCIA_REGISTRADA',
  'DILIGENCIAS_PRELIMINARES',
  'ARCHIVADA',
  'INVESTIGACION_PREPARATORIA',
  'ETAPA_INTERMEDIA',
  'SOBRESEIDA',
  'JUICIO_ORAL',
  'SENTENCIA_PRIMERA_INSTANCIA',
  'APELACION',
  'CASACION',
  'SENTENCIA_FIRME',
  'EJECUCION',
  'TERMINADA_ANTICIPADAMENTE',
] as const;
export type ProceduralStage = (typeof PROCEDURAL_STAGES)[number];

/** §8.2 as written; "acusación directa" (art. 336.4) jumps from preliminary diligences to the intermediate stage. */
export const PROCEDURAL_TRANSITIONS: Machine<ProceduralStage> = {
  DENUNCIA_REGISTRADA: ['DILIGENCIAS_PRELIMINARES'],
  DILIGENCIAS_PRELIMINARES: ['ARCHIVADA', 'INVESTIGACION_PREPARATORIA', 'ETAPA_INTERMEDIA'],
  ARCHIVADA: ['DILIGENCIAS_PRELIMINARES'],
  INVESTIGACION_PREPARATORIA: ['ETAPA_INTERMEDIA', 'TERMINADA_ANTICIPADAMENTE'],
  ETAPA_INTERMEDIA: ['SOBRESEIDA', 'JUICIO_ORAL', 'TERMINADA_ANTICIPADAMENTE'],
  SOBRESEIDA: [],
  JUICIO_ORAL: ['SENTENCIA_PRIMERA_INSTANCIA'],
  SENTENCIA_PRIMERA_INSTANCIA: ['APELACION', 'SENTENCIA_FIRME'],
  APELACION: ['CASACION', 'SENTENCIA_FIRME', 'JUICIO_ORAL'],
  CASACION: ['SENTENCIA_FIRME'],
  SENTENCIA_FIRME: ['EJECUCION'],
  EJECUCION: [],
  TERMINADA_ANTICIPADAMENTE: [],
};

export const PROCEEDING_ROLES = ['FISCAL', 'JUDICIAL'] as const;

/** Milestone date each stage records (§6.7), so the dates follow from the stages reached. */
export const STAGE_MILESTONE: Readonly<Partial<Record<ProceduralStage, string>>> = {
  DENUNCIA_REGISTRADA: 'complaintOn',
  DILIGENCIAS_PRELIMINARES: 'preliminaryOn',
  INVESTIGACION_PREPARATORIA: 'formalisedOn',
  ETAPA_INTERMEDIA: 'accusationOn',
  JUICIO_ORAL: 'trialOrderOn',
  SENTENCIA_PRIMERA_INSTANCIA: 'judgmentOn',
  SENTENCIA_FIRME: 'finalJudgmentOn',
};

/**
 * Stages at which the proceeding reaches a sentence (§6.7): the first-instance judgment, or an early
 * termination, which ends in a sentence agreed by the parties. Both record the outcome (a code of
 * RESULTADO_PROCESO); the first day one is reached is what indicator C11 measures the time to.
 */
export const SENTENCE_STAGES: readonly ProceduralStage[] = ['SENTENCIA_PRIMERA_INSTANCIA', 'TERMINADA_ANTICIPADAMENTE'];

export const isSentenceStage = (stage: string): boolean => (SENTENCE_STAGES as readonly string[]).includes(stage);

export interface StageMoveFacts {
  from: ProceduralStage;
  to: ProceduralStage;
  on: string;
  lastStageOn: string;
  today: string;
  actorRoles: readonly string[];
  outcome?: string | undefined;
}

export function stageMoveProblems(f: StageMoveFacts): RuleProblem[] {
  if (!f.actorRoles.some((r) => (PROCEEDING_ROLES as readonly string[]).includes(r))) return [{ path: 'to', key: 'proceeding.prosecutorOrCourt' }];
  if (!PROCEDURAL_TRANSITIONS[f.from].includes(f.to)) return [{ path: 'to', key: 'problem.transitionNotAllowed' }];
  const problems: RuleProblem[] = [];
  if (f.on > f.today) problems.push({ path: 'on', key: 'invalid.dateInFuture' });
  if (f.on < f.lastStageOn) problems.push({ path: 'on', key: 'proceeding.beforePreviousStage' });
  // A judgment records its outcome: conviction, acquittal…
  if (isSentenceStage(f.to) && !f.outcome) problems.push({ path: 'outcome', key: 'invalid.required' });
  return problems;
}

/** Stages at which the proceeding is over. */
export function proceedingEnded(stage: ProceduralStage): boolean {
  return PROCEDURAL_TRANSITIONS[stage].length === 0 || stage === 'ARCHIVADA';
}

/** Where the civil reparation stands, as statistics may read it (the amounts stay sealed). */
export type ReparationState = 'ORDENADA' | 'PAGADA_PARCIALMENTE' | 'PAGADA';

/**
 * From the amounts recorded (soles): nothing ordered nor paid is no reparation (undefined); an
 * amount paid without one ordered counts as paid (what was ordered is not known).
 */
export function reparationState(orderedPen: number | undefined, paidPen: number | undefined): ReparationState | undefined {
  const ordered = orderedPen ?? 0;
  const paid = paidPen ?? 0;
  if (paid > 0) return ordered > paid ? 'PAGADA_PARCIALMENTE' : 'PAGADA';
  return ordered > 0 ? 'ORDENADA' : undefined;
}

/**
 * The amount paid never exceeds the amount ordered, when both are known (what a reparation
 * ordered and then paid stands at; indicator C12 reads it). Checked on the proceeding as it would
 * be after the change, since a change may name one of the two amounts only.
 */
export function reparationProblems(orderedPen: number | undefined, paidPen: number | undefined): RuleProblem[] {
  if (orderedPen !== undefined && paidPen !== undefined && paidPen > orderedPen) return [{ path: 'reparationPaidPen', key: 'proceeding.paidOverOrdered' }];
  return [];
}
