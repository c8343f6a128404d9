// Use cases on victim case files and persons. Each runs inside the caller's transaction, checks
// what the domain requires, appends its actions and updates the projections.
import { closureInputOf } from '../../domain/case-closure.ts';
import { moveKind, needsApproval, transitionProblems, type CaseState } from '../../domain/case-lifecycle.ts';
import { applyPersonAction, minorAtDetection, type CaseFileRecord, type PersonAction, type PersonRecord } from '../../domain/records.ts';
import type { ApproveClosureRequest, CaseFileInput, PersonInput, RegisterCaseRequest, ReturnClosureRequest, TransitionRequest, UpdateCaseRequest, UpdatePersonRequest } from '../../domain/schemas.ts';
import type { Actor } from '../actor.ts';
import { loadCaseFile, loadPerson, recordCaseFileAction, recordPersonAction, recordRegistration, type RegistrationExtras } from '../actions/store.ts';
import type { Queryable } from '../db/database.ts';
import { newRecordId } from '../db/ids.ts';
import { invalidFields, notFound, Problem, versionConflict } from '../errors.ts';
import { caseFilePolicy, type CaseFileRecordAction } from '../policies/case-files.ts';
import { mayOnPerson } from '../queries/reach.ts';
import { assertCareRules, closureRecord } from './care-facts.ts';

/** `now`: the server's clock (config.now), given where the day of the action is a fact read later (a move into care). */
function meta(actor: Actor, entityId: string, version: number, reason?: string, now = new Date()) {
  return {
    entityId,
    version,
    at: now.toISOString(),
    actorUserId: actor.userId,
    actorUnitId: actor.unitId,
    agencyId: actor.agencyId,
    ...(reason ? { reason } : {}),
  };
}

/** Checks that span the person and the case file (the schemas check each on its own). */
function crossCheck(person: Pick<PersonInput, 'birthDate' | 'estimatedAge'>, caseFile: CaseFileInput, prefix: string): CaseFileInput {
  const minor = minorAtDetection(person, caseFile.detectionDate, caseFile.minorAtDetection);
  const problems: { path: string; key: string }[] = [];
  if (minor.conflict) problems.push({ path: `${prefix}minorAtDetection`, key: 'invalid.minorInconsistent' });
  if (caseFile.statusDeterminedOn && caseFile.statusDeterminedOn < caseFile.detectionDate) {
    problems.push({ path: `${prefix}statusDeterminedOn`, key: 'invalid.statusDeterminedOnBeforeDetection' });
  }
  if (problems.length > 0) throw invalidFields(problems);
  return { ...caseFile, minorAtDetection: minor.value };
}

/**
 * Case numbers are drawn from the sequence a block at a time, per database (its vault stands for
 * it): one statement fewer on every registration. A number is never handed out twice; a block
 * left unused when the process stops is a gap, as a rolled-back nextval already leaves one.
 */
const CODE_BLOCK = 32;
const codeBlocks = new WeakMap<object, number[]>();

async function nextCaseNumber(tx: Queryable): Promise<number> {
  const owner = tx.vault;
  let numbers = owner ? codeBlocks.get(owner) : undefined;
  if (owner && !numbers) codeBlocks.set(owner, (numbers = []));
  // Each registration that finds the block empty draws through its own connection: waiting for
  // another's draw could wait for a pool connection held by this very transaction.
  if (!numbers?.length) {
    const drawn = await tx.query<{ n: number }>("SELECT nextval('case_file_code_seq')::int AS n FROM generate_series(1, $1) ORDER BY 1", [numbers ? CODE_BLOCK : 1]);
    numbers?.push(...drawn.map((r) => r.n));
    if (!numbers) return drawn[0]?.n ?? 0;
  }
  return numbers.shift() as number;
}

async function nextCaseCode(tx: Queryable, detectionDate: string): Promise<string> {
  return `TP-${detectionDate.slice(0, 4)}-${String(await nextCaseNumber(tx)).padStart(6, '0')}`;
}

/**
 * Registers a case file, for a new person (`newPersonId` names her, else one is drawn) or one of
 * the agency's. A new person's registration is a single statement: `tx` may be the database
 * itself when nothing else has to commit with it.
 */
export async function registerCase(
  tx: Queryable,
  actor: Actor,
  request: RegisterCaseRequest,
  newPersonId: string = newRecordId(),
  /** Written in the same statement: a new person's match proposals (LinkageService.onArrival). */
  extras?: RegistrationExtras,
): Promise<{ person: PersonRecord; caseFile: CaseFileRecord }> {
  let person: { action: PersonAction } | { existing: PersonRecord };
  let personRecord: PersonRecord;
  if (request.person) {
    const action: PersonAction = { type: 'person.registered', data: request.person, ...meta(actor, newPersonId, 1) };
    person = { action };
    personRecord = applyPersonAction(undefined, action);
  } else {
    const found = await loadPerson(tx, request.personId ?? '', actor.agencyId);
    if (!found) throw new Problem(404, 'problem.personNotFound');
    person = { existing: found };
    personRecord = found;
  }
  const data = crossCheck(personRecord, request.caseFile, 'caseFile.');
  return recordRegistration(tx, person, {
    type: 'case.registered',
    data,
    code: await nextCaseCode(tx, data.detectionDate),
    personId: personRecord.id,
    registeringUnitId: actor.unitId,
    ...meta(actor, newRecordId(), 1),
  }, extras);
}

async function lockedCase(tx: Queryable, actor: Actor, id: string, version: number, action: CaseFileRecordAction): Promise<CaseFileRecord> {
  const current = await loadCaseFile(tx, id, actor.agencyId, true);
  if (!current) throw notFound();
  caseFilePolicy.authorize(actor, action, current, 'read');
  if (current.version !== version) throw versionConflict(current.version);
  return current;
}

export async function updateCaseFile(tx: Queryable, actor: Actor, id: string, request: UpdateCaseRequest): Promise<CaseFileRecord> {
  const current = await lockedCase(tx, actor, id, request.version, 'update');
  const person = await loadPerson(tx, current.personId, actor.agencyId);
  const merged = crossCheck(person ?? {}, { ...current, ...request.changes }, 'changes.');
  const changes = { ...request.changes, ...(merged.minorAtDetection !== current.minorAtDetection ? { minorAtDetection: merged.minorAtDetection } : {}) };
  return recordCaseFileAction(tx, current, { type: 'case.updated', changes, ...meta(actor, id, current.version + 1, request.reason) });
}

/** Refuses (422) a move the lifecycle of §8.1 does not allow, or that lacks what it needs. */
function assertMove(current: CaseFileRecord, to: CaseState, request: { reason?: string | undefined; reviewDate?: string | undefined }): void {
  const problems = transitionProblems({
    from: current.state,
    to,
    reason: request.reason,
    reviewDate: request.reviewDate,
    traffickingStatus: current.traffickingStatus,
    stateBeforeSuspension: current.stateBeforeSuspension,
  });
  if (problems.length > 0) {
    const [first = 'problem.transitionNotAllowed'] = problems;
    throw new Problem(422, first, { from: current.state, to }, problems.slice(1).map((key) => ({ path: 'to', key })), { allowed: false });
  }
}

/**
 * Whether the actor may take this move on the file (§8.1 "Who (roles)"): discarding, reopening and
 * restoring a discarded file name their roles; a 403 that says who may, when she can see the file.
 */
function authorizeMove(actor: Actor, current: CaseFileRecord, to: CaseState): void {
  const kind = moveKind(current.state, to);
  if (caseFilePolicy.can(actor, kind, current)) return;
  if (kind !== 'transition' && kind !== 'close' && caseFilePolicy.can(actor, 'transition', current)) throw new Problem(403, `move.${kind}Roles`, { from: current.state, to });
  caseFilePolicy.authorize(actor, kind, current, 'read');
}

/**
 * Moves the case file. The moves §8.1 gives to "case worker + SUPERVISOR" (closing, closing by
 * referral, discarding, moving to reintegration; `needsApproval`) take four eyes: the move, with
 * its closure record when it closes, is appended as a proposal and the file keeps its state until a
 * supervisor of the unit decides (`approveClosure`, `returnClosure`, named for the first of them).
 */
export async function transitionCaseFile(tx: Queryable, actor: Actor, id: string, request: TransitionRequest, now = new Date()): Promise<CaseFileRecord> {
  const current = await loadCaseFile(tx, id, actor.agencyId, true);
  if (!current) throw notFound();
  const to = request.to as CaseState;
  authorizeMove(actor, current, to);
  if (current.version !== request.version) throw versionConflict(current.version);
  assertMove(current, to, request);
  // The rules that depend on plans, referrals and shelter stays (§8.1).
  await assertCareRules(tx, current, to, request.reason);
  // The closure record (§6.15): refused without it, or for lost contact before its attempts.
  const closure = await closureRecord(tx, current, to, request.closure, actor, now);
  if (needsApproval(current.state, to)) {
    const pending = current.closureProposal;
    if (pending) throw new Problem(422, (pending.to ?? 'CERRADO') === 'CERRADO' ? 'closure.alreadyProposed' : 'move.alreadyProposed', { from: current.state, to }, [], { allowed: false });
    return recordCaseFileAction(tx, current, { type: 'case.closureProposed', to, ...(closure ? { closure } : {}), ...meta(actor, id, current.version + 1, request.reason) });
  }
  return recordCaseFileAction(tx, current, {
    type: 'case.transitioned',
    from: current.state,
    to,
    ...(request.reviewDate ? { reviewDate: request.reviewDate } : {}),
    ...(closure ? { closure } : {}),
    ...meta(actor, id, current.version + 1, request.reason, now),
  });
}

/**
 * The case file with a proposed move a supervisor may decide on: 404 out of sight, 403 for the
 * proposer herself and for anyone but a head of the unit holding the file, 409 on a stale
 * version, 422 when nothing is proposed.
 */
async function proposedClosure(tx: Queryable, actor: Actor, id: string, version: number) {
  const current = await loadCaseFile(tx, id, actor.agencyId, true);
  if (!current || !caseFilePolicy.can(actor, 'read', current)) throw notFound();
  if (current.closureProposal?.proposedBy === actor.userId) throw new Problem(403, 'closure.noSelfApproval');
  if (!caseFilePolicy.can(actor, 'decideClosure', current)) throw new Problem(403, 'closure.supervisorDecides');
  if (current.version !== version) throw versionConflict(current.version);
  const proposal = current.closureProposal;
  if (!proposal) throw new Problem(422, 'closure.noProposal');
  return { current, proposal, to: proposal.to ?? 'CERRADO' };
}

/**
 * A supervisor approves the proposed move: the file moves now, checked again against today's facts
 * (a shelter stay or a referral since, the trafficking status), with the closure record proposed
 * and who approved it; the action names who proposed it.
 */
export async function approveClosure(tx: Queryable, actor: Actor, id: string, request: ApproveClosureRequest, now = new Date()): Promise<CaseFileRecord> {
  const { current, proposal, to } = await proposedClosure(tx, actor, id, request.version);
  assertMove(current, to, { reason: proposal.reason });
  await assertCareRules(tx, current, to, proposal.reason);
  const proposed = proposal.closure;
  const checked = await closureRecord(tx, current, to, proposed ? closureInputOf(proposed) : undefined, actor, now);
  return recordCaseFileAction(tx, current, {
    type: 'case.transitioned',
    from: current.state,
    to,
    ...(checked && proposed ? { closure: { ...checked, ...closureInputOf(proposed), closedBy: proposed.closedBy, approvedBy: actor.userId } } : {}),
    proposedBy: proposal.proposedBy,
    ...meta(actor, id, current.version + 1, proposal.reason, now),
  });
}

/** A supervisor returns the proposed move with her reason: the proposal is gone, the file stays where it was. */
export async function returnClosure(tx: Queryable, actor: Actor, id: string, request: ReturnClosureRequest): Promise<{ caseFile: CaseFileRecord; to: CaseState }> {
  const { current, to } = await proposedClosure(tx, actor, id, request.version);
  return { caseFile: await recordCaseFileAction(tx, current, { type: 'case.closureReturned', to, ...meta(actor, id, current.version + 1, request.reason) }), to };
}

export async function updatePerson(tx: Queryable, actor: Actor, id: string, request: UpdatePersonRequest): Promise<PersonRecord> {
  const current = await loadPerson(tx, id, actor.agencyId, true);
  if (!current || !(await mayOnPerson(tx, actor, 'updatePerson', current))) throw notFound();
  if (current.version !== request.version) throw versionConflict(current.version);
  const next = { ...current, ...request.changes };
  const names = ['givenNames', 'paternalSurname', 'maternalSurname', 'fullName', 'aliases', 'identificationDescription'] as const;
  const hasName = names.some((k) => {
    const v = next[k];
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v !== '';
  });
  if (!hasName) throw invalidFields([{ path: 'changes.givenNames', key: 'invalid.personNeedsName' }]);
  if (next.birthDate && next.estimatedAge !== undefined && next.estimatedAge !== null) throw invalidFields([{ path: 'changes.estimatedAge', key: 'invalid.birthDateOrAge' }]);
  return recordPersonAction(tx, current, { type: 'person.updated', changes: request.changes, ...meta(actor, id, current.version + 1, request.reason) });
}
