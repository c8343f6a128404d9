import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASE_STATES, TRANSITIONS, moveKind, needsApproval, nextStates, transitionProblems, type CaseState } from '../../src/domain/case-lifecycle.ts';

// The allowed moves of domain-spec §8.1, written out independently of the implementation's table.
const EXPECTED = new Set([
  'DETECTADO>EN_IDENTIFICACION', 'DETECTADO>ATENCION_INMEDIATA', 'DETECTADO>DERIVADO_PENDIENTE', 'DETECTADO>CERRADO_DERIVADO',
  'EN_IDENTIFICACION>ATENCION_INMEDIATA', 'EN_IDENTIFICACION>DESCARTADO', 'EN_IDENTIFICACION>DERIVADO_PENDIENTE', 'EN_IDENTIFICACION>CERRADO_DERIVADO',
  'ATENCION_INMEDIATA>DESCARTADO', 'ATENCION_INMEDIATA>DERIVADO_PENDIENTE', 'ATENCION_INMEDIATA>EN_ATENCION', 'ATENCION_INMEDIATA>CERRADO_DERIVADO',
  'DERIVADO_PENDIENTE>EN_ATENCION', 'DERIVADO_PENDIENTE>ATENCION_INMEDIATA', 'DERIVADO_PENDIENTE>CERRADO_DERIVADO',
  'EN_ATENCION>EN_REINTEGRACION', 'EN_ATENCION>SUSPENDIDO', 'EN_ATENCION>CERRADO', 'EN_ATENCION>CERRADO_DERIVADO',
  'EN_REINTEGRACION>EN_SEGUIMIENTO', 'EN_REINTEGRACION>SUSPENDIDO', 'EN_REINTEGRACION>CERRADO', 'EN_REINTEGRACION>CERRADO_DERIVADO',
  'EN_SEGUIMIENTO>EN_REINTEGRACION', 'EN_SEGUIMIENTO>SUSPENDIDO', 'EN_SEGUIMIENTO>CERRADO', 'EN_SEGUIMIENTO>CERRADO_DERIVADO',
  'SUSPENDIDO>EN_ATENCION', 'SUSPENDIDO>EN_REINTEGRACION', 'SUSPENDIDO>EN_SEGUIMIENTO', 'SUSPENDIDO>CERRADO', 'SUSPENDIDO>CERRADO_DERIVADO',
  'CERRADO>EN_ATENCION', 'CERRADO_DERIVADO>EN_ATENCION', 'DESCARTADO>EN_IDENTIFICACION',
]);

// Facts that satisfy every precondition, so that only the graph decides.
const permissive = (from: CaseState, to: CaseState) => ({ from, to, reason: 'motivo', reviewDate: '2026-12-31', traffickingStatus: 'DESCARTADA' });

test('every pair of states: exactly the moves of §8.1 are allowed', () => {
  for (const from of CASE_STATES) {
    for (const to of CASE_STATES) {
      const allowed = transitionProblems(permissive(from, to)).length === 0;
      assert.equal(allowed, EXPECTED.has(`${from}>${to}`), `${from} → ${to}`);
    }
  }
  assert.equal(Object.values(TRANSITIONS).flat().length, EXPECTED.size);
});

test('closing, suspending, discarding and reopening need a reason', () => {
  for (const [from, to] of [['EN_ATENCION', 'CERRADO'], ['EN_ATENCION', 'SUSPENDIDO'], ['EN_IDENTIFICACION', 'DESCARTADO'], ['CERRADO', 'EN_ATENCION'], ['DESCARTADO', 'EN_IDENTIFICACION']] as const) {
    assert.ok(transitionProblems({ ...permissive(from, to), reason: '  ' }).includes('problem.reasonRequired'), `${from} → ${to}`);
  }
  assert.deepEqual(transitionProblems({ ...permissive('DETECTADO', 'EN_IDENTIFICACION'), reason: undefined }), []);
});

test('suspending needs a review date', () => {
  assert.deepEqual(transitionProblems({ ...permissive('EN_ATENCION', 'SUSPENDIDO'), reviewDate: undefined }), ['problem.reviewDateRequired']);
});

test('a file is discarded only when its status says it is not a victim', () => {
  assert.deepEqual(transitionProblems({ ...permissive('EN_IDENTIFICACION', 'DESCARTADO'), traffickingStatus: 'PRESUNTA_VICTIMA' }), ['problem.discardNeedsStatus']);
});

test('a suspended file returns only to the state it was suspended from', () => {
  const back = (to: CaseState) => transitionProblems({ ...permissive('SUSPENDIDO', to), stateBeforeSuspension: 'EN_REINTEGRACION' });
  assert.deepEqual(back('EN_REINTEGRACION'), []);
  assert.deepEqual(back('EN_ATENCION'), ['problem.transitionNotAllowed']);
  assert.deepEqual(back('CERRADO'), []);
  assert.deepEqual(nextStates('SUSPENDIDO', 'EN_REINTEGRACION').sort(), ['CERRADO', 'CERRADO_DERIVADO', 'EN_REINTEGRACION']);
});

test('§8.1 four eyes: the moves given to "case worker + SUPERVISOR" need approval, and each move has its kind', () => {
  assert.equal(needsApproval('EN_ATENCION', 'CERRADO'), true);
  assert.equal(needsApproval('DETECTADO', 'CERRADO_DERIVADO'), true);
  assert.equal(needsApproval('EN_IDENTIFICACION', 'DESCARTADO'), true);
  assert.equal(needsApproval('EN_ATENCION', 'EN_REINTEGRACION'), true);
  assert.equal(needsApproval('EN_SEGUIMIENTO', 'EN_REINTEGRACION'), false, 'back to reintegration from follow-up is the case worker\'s');
  assert.equal(needsApproval('CERRADO', 'EN_ATENCION'), false, 'reopening is the supervisor\'s own move');
  assert.deepEqual(
    [moveKind('EN_ATENCION', 'CERRADO'), moveKind('ATENCION_INMEDIATA', 'DESCARTADO'), moveKind('DESCARTADO', 'EN_IDENTIFICACION'), moveKind('CERRADO_DERIVADO', 'EN_ATENCION'), moveKind('EN_ATENCION', 'CERRADO_DERIVADO')],
    ['close', 'discard', 'restore', 'reopen', 'transition'],
  );
});
