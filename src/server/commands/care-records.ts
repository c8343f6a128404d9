// Services delivered, shelter stays, the criminal proceeding and risk assessments of a case file:
// each checks the domain's rules in the caller's transaction and appends its actions. Services and
// risk assessments are care (G5), shelter stays G6 (where a person is lodged), the proceeding G4.
import { randomUUID } from 'node:crypto';
import { PROCEDURAL_STAGES, reparationProblems, stageMoveProblems, type ProceduralStage } from '../../domain/criminal-process.ts';
import type { ProceedingRecord, RiskAssessmentRecord, ServiceRecord, ShelterStayRecord } from '../../domain/followup-records.ts';
import { riskAssessmentProblems, riskReviewDue, type RiskKind, type RiskLevel } from '../../domain/risk.ts';
import type {
  CreateProceedingRequest,
  CreateShelterStayRequest,
  ProceedingStageRequest,
  RecordServiceRequest,
  RiskAssessmentRequest,
  ShelterStayTransitionRequest,
  UpdateProceedingRequest,
} from '../../domain/schemas-followup.ts';
import { OCCUPYING, stayMoveProblems, type StayState } from '../../domain/shelter.ts';
import { isOneOf } from '../../domain/state-machine.ts';
import type { Actor } from '../actor.ts';
import { loadAreaRecord, recordAreaAction } from '../actions/followup-store.ts';
import type { Queryable } from '../db/database.ts';
import { invalidFields, notFound, versionConflict } from '../errors.ts';
import type { CaseFileRecordAction } from '../policies/case-files.ts';
import { actionMeta, caseInReach, refuse, todayAt } from './care-context.ts';

export async function recordService(tx: Queryable, actor: Actor, caseFileId: string, request: RecordServiceRequest, now: Date): Promise<ServiceRecord> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'writeCare');
  const { kind, deliveredOn, ...content } = request;
  return recordAreaAction<ServiceRecord>(tx, undefined, {
    type: 'service.recorded',
    caseFileId,
    personId: caseFile.personId,
    unitId: actor.unitId,
    kind,
    deliveredOn,
    content,
    ...actionMeta(actor, now, randomUUID(), 1),
  });
}

export async function assessRisk(tx: Queryable, actor: Actor, caseFileId: string, request: RiskAssessmentRequest, now: Date): Promise<RiskAssessmentRecord> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'writeCare');
  const kind = request.kind as RiskKind;
  const level = request.level as RiskLevel;
  const problems = riskAssessmentProblems({ kind, level, assessedOn: request.assessedOn, today: todayAt(now), nextReviewOn: request.nextReviewOn, hasSafetyPlan: !!request.safetyPlan?.trim() });
  if (problems.length > 0) refuse(problems);
  return recordAreaAction<RiskAssessmentRecord>(tx, undefined, {
    type: 'risk.assessed',
    caseFileId,
    personId: caseFile.personId,
    unitId: actor.unitId,
    kind,
    level,
    occasion: request.occasion,
    assessedOn: request.assessedOn,
    nextReviewOn: request.nextReviewOn ?? riskReviewDue(level, request.assessedOn),
    content: { factors: request.factors, ...(request.safetyPlan ? { safetyPlan: request.safetyPlan } : {}), ...(request.note ? { note: request.note } : {}) },
    ...actionMeta(actor, now, randomUUID(), 1),
  });
}

/** A shelter unit, locked while a stay is admitted to it (so two admissions cannot both take the last place). */
async function shelterUnit(tx: Queryable, unitId: string, lock: boolean): Promise<{ capacity: number | undefined } | undefined> {
  const [row] = await tx.query<{ shelter_capacity: number | null }>(`SELECT shelter_capacity FROM units WHERE id = $1 AND is_shelter${lock ? ' FOR UPDATE' : ''}`, [unitId]);
  return row ? { capacity: row.shelter_capacity ?? undefined } : undefined;
}

export async function requestShelterStay(tx: Queryable, actor: Actor, caseFileId: string, request: CreateShelterStayRequest, now: Date): Promise<ShelterStayRecord> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'writeShelter');
  if (request.shelterUnitId && !(await shelterUnit(tx, request.shelterUnitId, false))) throw invalidFields([{ path: 'shelterUnitId', key: 'shelter.notAShelter' }]);
  return recordAreaAction<ShelterStayRecord>(tx, undefined, {
    type: 'shelter.requested',
    caseFileId,
    personId: caseFile.personId,
    kind: request.kind,
    shelterUnitId: request.shelterUnitId,
    content: { ...(request.legalBasis ? { legalBasis: request.legalBasis } : {}), ...(request.note ? { note: request.note } : {}) },
    ...actionMeta(actor, now, randomUUID(), 1),
  });
}

/** A record of this area held by the actor's agency, on a case file she may act on, at the version she saw. */
async function ownRecord<T extends ShelterStayRecord | ProceedingRecord>(tx: Queryable, actor: Actor, entity: 'shelter_stay' | 'proceeding', id: string, version: number, action: CaseFileRecordAction): Promise<T> {
  const current = await loadAreaRecord<T>(tx, entity, id, true);
  if (!current || current.ownerAgencyId !== actor.agencyId) throw notFound();
  await caseInReach(tx, actor, current.caseFileId, action);
  if (current.version !== version) throw versionConflict(current.version);
  return current;
}

export async function moveShelterStay(tx: Queryable, actor: Actor, id: string, request: ShelterStayTransitionRequest, now: Date): Promise<ShelterStayRecord> {
  const current = await ownRecord<ShelterStayRecord>(tx, actor, 'shelter_stay', id, request.version, 'writeShelter');
  const to = request.to as StayState;
  // Admission takes a place: the shelter's row is locked while its occupancy is counted.
  let occupancy = 0;
  let capacity: number | undefined;
  if (to === 'INGRESO' && current.shelterUnitId) {
    capacity = (await shelterUnit(tx, current.shelterUnitId, true))?.capacity;
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM shelter_stays WHERE shelter_unit_id = $1 AND state = ANY($2::text[])', [current.shelterUnitId, OCCUPYING]);
    occupancy = row?.n ?? 0;
  }
  const problems = stayMoveProblems({ from: current.state, to, on: request.on, enteredOn: current.enteredOn, today: todayAt(now), exitReason: request.exitReason, occupancy, capacity });
  if (problems.length > 0) refuse(problems, { from: current.state, to });
  return recordAreaAction<ShelterStayRecord>(tx, current, {
    type: 'shelter.transitioned',
    from: current.state,
    to,
    on: request.on,
    ...(request.exitReason ? { exitReason: request.exitReason } : {}),
    ...actionMeta(actor, now, id, current.version + 1, request.reason),
  });
}

/** How many people a shelter can take: set by the administration of the directory (route policy admin.users). */
export async function setShelterCapacity(tx: Queryable, unitId: string, capacity: number): Promise<{ id: string; capacity: number }> {
  const rows = await tx.query<{ id: string }>('UPDATE units SET shelter_capacity = $2 WHERE id = $1 AND is_shelter RETURNING id', [unitId, capacity]);
  if (rows.length === 0) throw notFound();
  return { id: unitId, capacity };
}

export async function openProceeding(tx: Queryable, actor: Actor, caseFileId: string, request: CreateProceedingRequest, now: Date): Promise<ProceedingRecord> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'writeProceeding');
  const stage = request.stage as ProceduralStage;
  // A complaint is registered by anyone who records the process; a later stage is the prosecutor's or the court's.
  if (stage !== 'DENUNCIA_REGISTRADA' && !actor.roles.some((r) => r === 'FISCAL' || r === 'JUDICIAL')) refuse([{ path: 'stage', key: 'proceeding.prosecutorOrCourt' }]);
  if (request.stageOn > todayAt(now)) refuse([{ path: 'stageOn', key: 'invalid.dateInFuture' }]);
  const { stage: _s, stageOn, ...content } = request;
  return recordAreaAction<ProceedingRecord>(tx, undefined, {
    type: 'proceeding.opened',
    caseFileId,
    personId: caseFile.personId,
    stage,
    stageOn,
    content,
    ...actionMeta(actor, now, randomUUID(), 1),
  });
}

/** The reparation as it would stand after the change: paid no more than ordered. */
function reparationChecked(current: ProceedingRecord, change: { reparationOrderedPen?: number | undefined; reparationPaidPen?: number | undefined }): void {
  const problems = reparationProblems(change.reparationOrderedPen ?? current.content.reparationOrderedPen, change.reparationPaidPen ?? current.content.reparationPaidPen);
  if (problems.length > 0) refuse(problems);
}

export async function updateProceeding(tx: Queryable, actor: Actor, id: string, request: UpdateProceedingRequest, now: Date): Promise<ProceedingRecord> {
  const current = await ownRecord<ProceedingRecord>(tx, actor, 'proceeding', id, request.version, 'writeProceeding');
  reparationChecked(current, request);
  const { version: _v, ...content } = request;
  return recordAreaAction<ProceedingRecord>(tx, current, { type: 'proceeding.updated', content, ...actionMeta(actor, now, id, current.version + 1) });
}

export async function stageProceeding(tx: Queryable, actor: Actor, id: string, request: ProceedingStageRequest, now: Date): Promise<ProceedingRecord> {
  const current = await ownRecord<ProceedingRecord>(tx, actor, 'proceeding', id, request.version, 'stageProceeding');
  if (!isOneOf(PROCEDURAL_STAGES, request.to)) throw invalidFields([{ path: 'to', key: 'invalid.value' }]);
  const problems = stageMoveProblems({ from: current.stage, to: request.to, on: request.on, lastStageOn: current.stageOn, today: todayAt(now), actorRoles: actor.roles, outcome: request.outcome });
  if (problems.length > 0) refuse(problems, { from: current.stage, to: request.to });
  reparationChecked(current, request);
  const { version: _v, to, on, ...content } = request;
  return recordAreaAction<ProceedingRecord>(tx, current, { type: 'proceeding.staged', from: current.stage, to, on, content, ...actionMeta(actor, now, id, current.version + 1) });
}
