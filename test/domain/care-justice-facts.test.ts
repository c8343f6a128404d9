// What indicators B7 and C12 read, as the domain derives it: the day a case file first entered
// care (kept when it leaves care and comes back), and a reparation never paid beyond what was ordered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reparationProblems, reparationState } from '../../src/domain/criminal-process.ts';
import { applyCaseFileAction, type CaseFileAction, type CaseFileRecord } from '../../src/domain/records.ts';

const meta = (version: number, at: string) => ({ entityId: 'c1', version, at, actorUserId: 'u1', actorUnitId: 'n1', agencyId: 'a1' });

test('careStartedOn: the day in Lima of the first move into care, kept through reintegration, closure and reopening', () => {
  const registered: CaseFileAction = { type: 'case.registered', data: { detectionDate: '2026-10-02', detectionUbigeo: '150101', traffickingStatus: 'PRESUNTA_VICTIMA' } as never, code: 'TP-1', personId: 'p1', registeringUnitId: 'n1', ...meta(1, '2026-10-02T15:00:00.000Z') };
  let record: CaseFileRecord = applyCaseFileAction(undefined, registered);
  const move = (version: number, from: string, to: string, at: string) => {
    record = applyCaseFileAction(record, { type: 'case.transitioned', from, to, ...meta(version, at) } as CaseFileAction);
  };
  move(2, 'DETECTADO', 'ATENCION_INMEDIATA', '2026-10-03T15:00:00.000Z');
  assert.equal(record.careStartedOn, undefined);
  // 00:30 UTC on 10 October is still 9 October in Lima.
  move(3, 'ATENCION_INMEDIATA', 'EN_ATENCION', '2026-10-10T00:30:00.000Z');
  assert.equal(record.careStartedOn, '2026-10-09');
  move(4, 'EN_ATENCION', 'CERRADO', '2026-12-01T15:00:00.000Z');
  move(5, 'CERRADO', 'EN_ATENCION', '2027-02-01T15:00:00.000Z');
  assert.equal(record.careStartedOn, '2026-10-09', 'the first entry counts');
});

test('reparation: paid never beyond ordered; where it stands', () => {
  assert.deepEqual(reparationProblems(5000, 6000), [{ path: 'reparationPaidPen', key: 'proceeding.paidOverOrdered' }]);
  assert.deepEqual(reparationProblems(5000, 5000), []);
  assert.deepEqual(reparationProblems(undefined, 300), [], 'an amount paid without one ordered is allowed (what was ordered is not known)');
  assert.deepEqual([reparationState(5000, undefined), reparationState(5000, 1000), reparationState(5000, 5000), reparationState(undefined, undefined)], ['ORDENADA', 'PAGADA_PARCIALMENTE', 'PAGADA', undefined]);
});
