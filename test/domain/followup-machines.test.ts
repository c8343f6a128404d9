// Every lifecycle of the follow-up area, checked pair by pair against the moves of domain-spec
// §8.2–§8.5 written out here independently of the implementations' tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PLAN_STATES, planMoveProblems, PLAN_TRANSITIONS, type PlanState } from '../../src/domain/care-plan.ts';
import { PROCEDURAL_STAGES, PROCEDURAL_TRANSITIONS, stageMoveProblems, type ProceduralStage } from '../../src/domain/criminal-process.ts';
import { FOLLOWUP_STATES, FOLLOWUP_TRANSITIONS } from '../../src/domain/followups.ts';
import { REFERRAL_STATES, referralMoveProblems, REFERRAL_TRANSITIONS, sideOfMove, type ReferralState } from '../../src/domain/referrals.ts';
import { STAY_STATES, stayMoveProblems, type StayState } from '../../src/domain/shelter.ts';
import { allMoves } from '../../src/domain/state-machine.ts';

function everyPair<S extends string>(states: readonly S[], expected: Set<string>, allowed: (from: S, to: S) => boolean): void {
  for (const from of states) {
    for (const to of states) assert.equal(allowed(from, to), expected.has(`${from}>${to}`), `${from} → ${to}`);
  }
}

test('follow-up: a scheduled contact is done, attempted or cancelled, and then final', () => {
  const expected = new Set(['PROGRAMADO>REALIZADO', 'PROGRAMADO>NO_CONTACTADO', 'PROGRAMADO>CANCELADO']);
  everyPair(FOLLOWUP_STATES, expected, (from, to) => FOLLOWUP_TRANSITIONS[from].includes(to));
});

test('referral §8.4: every pair of states, and each move only by its own side', () => {
  const expected = new Set([
    'BORRADOR>ENVIADA', 'BORRADOR>CANCELADA',
    'ENVIADA>ACEPTADA', 'ENVIADA>RECHAZADA', 'ENVIADA>CANCELADA',
    'ACEPTADA>EN_CURSO', 'ACEPTADA>NO_CONCRETADA', 'ACEPTADA>REVOCADA',
    'EN_CURSO>COMPLETADA', 'EN_CURSO>NO_CONCRETADA', 'EN_CURSO>REVOCADA',
  ]);
  const senderMoves = new Set(['ENVIADA', 'CANCELADA', 'REVOCADA']);
  const full = { rejectionReason: 'SIN_CUPO', reason: 'motivo' };
  everyPair(REFERRAL_STATES, expected, (from: ReferralState, to: ReferralState) => {
    const side = senderMoves.has(to) ? 'sender' : 'receiver';
    const ok = referralMoveProblems({ from, to, side, ...full }).length === 0;
    // The other side is always refused, even for an allowed move.
    const other = referralMoveProblems({ from, to, side: side === 'sender' ? 'receiver' : 'sender', ...full });
    assert.ok(other.length > 0, `${from} → ${to} by the wrong side`);
    return ok;
  });
  assert.equal(allMoves(REFERRAL_TRANSITIONS).length, expected.size);
  assert.equal(sideOfMove('ACEPTADA'), 'receiver');
});

test('referral: a rejection names its reason; cancelling, revoking and not taking place say why', () => {
  assert.deepEqual(referralMoveProblems({ from: 'ENVIADA', to: 'RECHAZADA', side: 'receiver' }).map((p) => p.path), ['rejectionReason']);
  for (const [from, to, side] of [['ENVIADA', 'CANCELADA', 'sender'], ['ACEPTADA', 'REVOCADA', 'sender'], ['EN_CURSO', 'NO_CONCRETADA', 'receiver']] as const) {
    assert.deepEqual(referralMoveProblems({ from, to, side, reason: '  ' }).map((p) => p.path), ['reason'], `${from} → ${to}`);
  }
  assert.deepEqual(referralMoveProblems({ from: 'ENVIADA', to: 'ACEPTADA', side: 'receiver' }), []);
});

test('plan §8.3: every pair of states', () => {
  const expected = new Set([
    'BORRADOR>EN_VALIDACION_CON_LA_PERSONA', 'EN_VALIDACION_CON_LA_PERSONA>BORRADOR', 'EN_VALIDACION_CON_LA_PERSONA>APROBADO',
    'APROBADO>EN_EJECUCION', 'EN_EJECUCION>EN_REVISION', 'EN_EJECUCION>INTERRUMPIDO',
    'EN_REVISION>EN_EJECUCION', 'EN_REVISION>CUMPLIDO', 'EN_REVISION>CUMPLIDO_PARCIALMENTE', 'EN_REVISION>INTERRUMPIDO',
  ]);
  // Facts that satisfy every precondition, so that only the graph decides.
  everyPair(PLAN_STATES, expected, (from: PlanState, to: PlanState) =>
    planMoveProblems({ from, to, goals: [{ status: 'LOGRADO' }], participation: 'ELABORADO_CON_LA_PERSONA', reason: 'r', actorRoles: ['SUPERVISOR'], actorUserId: 'sup', authorUserId: 'worker' }).length === 0,
  );
  assert.equal(allMoves(PLAN_TRANSITIONS).length, expected.size);
});

test('plan: approval by a supervisor who did not write it; goals, participation and outcomes checked', () => {
  const base = { from: 'EN_VALIDACION_CON_LA_PERSONA' as const, to: 'APROBADO' as const, goals: [{ status: 'PENDIENTE' }], participation: 'ELABORADO_CON_LA_PERSONA', actorUserId: 'u1', authorUserId: 'u2' };
  assert.deepEqual(planMoveProblems({ ...base, actorRoles: ['ONG_GESTOR'] }).map((p) => p.key), ['plan.supervisorApproves']);
  assert.deepEqual(planMoveProblems({ ...base, actorRoles: ['SUPERVISOR'], authorUserId: 'u1' }).map((p) => p.key), ['plan.noSelfApproval']);
  assert.deepEqual(planMoveProblems({ ...base, actorRoles: ['SUPERVISOR'], goals: [] }).map((p) => p.key), ['plan.needsGoal']);
  assert.deepEqual(planMoveProblems({ ...base, actorRoles: ['SUPERVISOR'], participation: 'SIN_PARTICIPACION' }).map((p) => p.key), ['plan.justifyNoParticipation']);
  const review = { from: 'EN_REVISION' as const, actorRoles: ['ONG_GESTOR'], actorUserId: 'u1', authorUserId: 'u1' };
  assert.deepEqual(planMoveProblems({ ...review, to: 'CUMPLIDO', goals: [{ status: 'LOGRADO' }, { status: 'EN_PROCESO' }] }).map((p) => p.key), ['plan.goalsNotAchieved']);
  assert.deepEqual(planMoveProblems({ ...review, to: 'CUMPLIDO', goals: [{ status: 'LOGRADO' }, { status: 'DESCARTADO_POR_LA_PERSONA' }] }), []);
  assert.deepEqual(planMoveProblems({ ...review, to: 'CUMPLIDO_PARCIALMENTE', goals: [{ status: 'NO_LOGRADO' }] }).map((p) => p.key), ['plan.noGoalAchieved']);
  assert.deepEqual(planMoveProblems({ ...review, to: 'INTERRUMPIDO', goals: [] }).map((p) => p.key), ['problem.reasonRequired']);
});

test('criminal process §8.2: every pair of stages, moved only by prosecutors and courts', () => {
  const expected = new Set([
    'DENUNCIA_REGISTRADA>DILIGENCIAS_PRELIMINARES',
    'DILIGENCIAS_PRELIMINARES>ARCHIVADA', 'DILIGENCIAS_PRELIMINARES>INVESTIGACION_PREPARATORIA', 'DILIGENCIAS_PRELIMINARES>ETAPA_INTERMEDIA',
    'INVESTIGACION_PREPARATORIA>ETAPA_INTERMEDIA', 'INVESTIGACION_PREPARATORIA>TERMINADA_ANTICIPADAMENTE',
    'ETAPA_INTERMEDIA>SOBRESEIDA', 'ETAPA_INTERMEDIA>JUICIO_ORAL', 'ETAPA_INTERMEDIA>TERMINADA_ANTICIPADAMENTE',
    'JUICIO_ORAL>SENTENCIA_PRIMERA_INSTANCIA',
    'SENTENCIA_PRIMERA_INSTANCIA>APELACION', 'SENTENCIA_PRIMERA_INSTANCIA>SENTENCIA_FIRME',
    'APELACION>CASACION', 'APELACION>SENTENCIA_FIRME', 'APELACION>JUICIO_ORAL',
    'CASACION>SENTENCIA_FIRME', 'SENTENCIA_FIRME>EJECUCION', 'ARCHIVADA>DILIGENCIAS_PRELIMINARES',
  ]);
  const facts = (from: ProceduralStage, to: ProceduralStage, roles: string[]) => ({ from, to, on: '2026-05-01', lastStageOn: '2026-01-01', today: '2026-06-01', actorRoles: roles, outcome: 'SENTENCIA_CONDENATORIA' });
  everyPair(PROCEDURAL_STAGES, expected, (from, to) => stageMoveProblems(facts(from, to, ['FISCAL'])).length === 0);
  assert.equal(allMoves(PROCEDURAL_TRANSITIONS).length, expected.size);
  for (const role of ['MP_UDAVIT', 'ONG_GESTOR', 'SUPERVISOR', 'PNP_INVESTIGADOR']) {
    assert.deepEqual(stageMoveProblems(facts('DENUNCIA_REGISTRADA', 'DILIGENCIAS_PRELIMINARES', [role])).map((p) => p.key), ['proceeding.prosecutorOrCourt']);
  }
  assert.deepEqual(stageMoveProblems({ ...facts('JUICIO_ORAL', 'SENTENCIA_PRIMERA_INSTANCIA', ['JUDICIAL']), outcome: undefined }).map((p) => p.path), ['outcome']);
  assert.deepEqual(stageMoveProblems({ ...facts('JUICIO_ORAL', 'SENTENCIA_PRIMERA_INSTANCIA', ['JUDICIAL']), on: '2025-12-01' }).map((p) => p.key), ['proceeding.beforePreviousStage']);
});

test('shelter stay §8.5: every pair of states; capacity, exit reason and dates', () => {
  const expected = new Set(['SOLICITADO>INGRESO', 'SOLICITADO>EGRESO', 'INGRESO>PERMANENCIA', 'INGRESO>EGRESO', 'PERMANENCIA>EGRESO']);
  everyPair(STAY_STATES, expected, (from: StayState, to: StayState) => stayMoveProblems({ from, to, on: '2026-05-01', today: '2026-06-01', exitReason: 'TRASLADO', occupancy: 0, capacity: 10 }).length === 0);
  assert.deepEqual(stayMoveProblems({ from: 'SOLICITADO', to: 'INGRESO', on: '2026-05-01', today: '2026-06-01', occupancy: 10, capacity: 10 }).map((p) => p.key), ['shelter.full']);
  assert.deepEqual(stayMoveProblems({ from: 'PERMANENCIA', to: 'EGRESO', on: '2026-05-01', today: '2026-06-01', occupancy: 3 }).map((p) => p.path), ['exitReason']);
  assert.deepEqual(stayMoveProblems({ from: 'PERMANENCIA', to: 'EGRESO', on: '2026-04-01', enteredOn: '2026-04-10', exitReason: 'EVASION', today: '2026-06-01', occupancy: 3 }).map((p) => p.key), ['shelter.beforeEntry']);
});
