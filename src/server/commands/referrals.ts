// Referrals between agencies: a unit refers a person for a service (or hands over the lead of
// care) to another unit, with the consent or legal basis it needs and only the data groups the
// receiver needs; the receiver accepts or rejects; the referral is carried out, or revoked. A lead
// referral moves the case file along §8.1 in the same transaction.
import { randomUUID } from 'node:crypto';
import { answerDeadline, caseStateAfterReferral, comingOfAge, referralCreationProblems, referralMoveProblems, type ReferralSide, type ReferralState } from '../../domain/referrals.ts';
import type { ReferralRecord } from '../../domain/followup-records.ts';
import type { CreateReferralRequest, ReferralTransitionRequest } from '../../domain/schemas-followup.ts';
import type { Actor } from '../actor.ts';
import { loadAreaRecord, recordAreaAction } from '../actions/followup-store.ts';
import { loadCaseFile, recordCaseFileAction } from '../actions/store.ts';
import type { Queryable } from '../db/database.ts';
import { invalidFields, notFound, Problem, versionConflict } from '../errors.ts';
import { hasPermission } from '../policies/roles.ts';
import { sharedFieldGroups, syncReferralShare } from '../queries/shares.ts';
import { assertConsentCovers } from './access.ts';
import { agesOf } from './consents.ts';
import { actionMeta, assertUserInUnit, caseInReach, refuse, todayAt } from './care-context.ts';

async function destination(tx: Queryable, unitId: string): Promise<{ agencyId: string; entity: string }> {
  const [row] = await tx.query<{ agency_id: string; entity: string }>('SELECT u.agency_id, a.entity FROM units u JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1', [unitId]);
  if (!row) throw invalidFields([{ path: 'toUnitId', key: 'referral.unknownUnit' }]);
  return { agencyId: row.agency_id, entity: row.entity };
}

export async function createReferral(tx: Queryable, actor: Actor, caseFileId: string, request: CreateReferralRequest, now: Date): Promise<ReferralRecord> {
  // Only the agency that holds the case file refers it on (the policy's 'refer' is own reach).
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'refer');
  const to = await destination(tx, request.toUnitId);
  await assertUserInUnit(tx, request.toUserId, request.toUnitId, 'toUserId');
  // Resting on a recorded consent: it must be in force and cover the destination and the groups
  // sent; the rules then judge how it was given as recorded (in writing, by whom), not as retyped.
  const recorded =
    request.basis === 'CONSENTIMIENTO' && request.consent?.consentId
      ? await assertConsentCovers(tx, caseFileId, request.consent.consentId, to.agencyId, sharedFieldGroups(request.sharedGroups), 'consent.consentId')
      : undefined;
  const consent = request.consent && recorded ? { ...request.consent, ...recorded, coversDestination: true } : request.consent;
  const today = todayAt(now);
  // Her age matters only when she was a child at detection (or it is not known): then whether she
  // has come of age since decides which rules apply.
  const ages = caseFile.minor === 'NO' ? undefined : await agesOf(tx, caseFile.personId, caseFile.ownerAgencyId);
  const problems = referralCreationProblems({
    minor: caseFile.minor,
    ...comingOfAge(ages, today, consent?.givenOn),
    caseState: caseFile.state,
    fromUnitId: actor.unitId,
    toUnitId: request.toUnitId,
    toEntity: to.entity,
    transfersLead: request.transfersLead,
    basis: request.basis,
    consent,
    sharedGroups: request.sharedGroups,
    today,
  });
  if (problems.length > 0) refuse(problems);
  const draft = await recordAreaAction<ReferralRecord>(tx, undefined, {
    type: 'referral.created',
    caseFileId,
    personId: caseFile.personId,
    fromUnitId: actor.unitId,
    toAgencyId: to.agencyId,
    toUnitId: request.toUnitId,
    toUserId: request.toUserId,
    motive: request.motive,
    urgency: request.urgency as ReferralRecord['urgency'],
    services: request.services,
    transfersLead: request.transfersLead,
    basis: request.basis,
    sharedGroups: request.sharedGroups,
    content: { ...(consent ? { consent } : {}), ...(request.note ? { note: request.note } : {}) },
    ...actionMeta(actor, now, randomUUID(), 1),
  });
  return request.send ? move(tx, actor, draft, 'ENVIADA', {}, now) : draft;
}

/** Which side of the referral the actor is on: her unit sent it, or her unit receives it. */
function sideOf(actor: Actor, r: ReferralRecord): ReferralSide | undefined {
  if (actor.unitId === r.fromUnitId) return 'sender';
  if (actor.unitId === r.toUnitId) return 'receiver';
  // A supervisor of the sending agency may act for a unit that is away.
  if (actor.agencyId === r.ownerAgencyId && actor.roles.includes('SUPERVISOR')) return 'sender';
  return undefined;
}

export async function transitionReferral(tx: Queryable, actor: Actor, id: string, request: ReferralTransitionRequest, now: Date): Promise<ReferralRecord> {
  const current = await loadAreaRecord<ReferralRecord>(tx, 'referral', id, true);
  const side = current ? sideOf(actor, current) : undefined;
  // The receiver sees nothing of a draft: to her it does not exist yet.
  if (!current || !side || (side === 'receiver' && current.state === 'BORRADOR')) throw notFound();
  if (current.version !== request.version) throw versionConflict(current.version);
  const to = request.to as ReferralState;
  // Sending, cancelling and revoking are referring: the permission to refer, or the unit's head.
  if (side === 'sender' && !hasPermission(actor, 'case.refer') && !actor.roles.includes('SUPERVISOR')) throw new Problem(403, 'problem.forbidden');
  const problems = referralMoveProblems({ from: current.state, to, side, rejectionReason: request.rejectionReason, reason: request.reason });
  if (problems.length > 0) refuse(problems, { from: current.state, to });
  if (to === 'ACEPTADA') await assertUserInUnit(tx, request.assignedUserId, current.toUnitId, 'assignedUserId');
  return move(tx, actor, current, to, request, now);
}

async function move(tx: Queryable, actor: Actor, current: ReferralRecord, to: ReferralState, request: Partial<ReferralTransitionRequest>, now: Date): Promise<ReferralRecord> {
  const at = now.toISOString();
  const next = await recordAreaAction<ReferralRecord>(tx, current, {
    type: 'referral.transitioned',
    from: current.state,
    to,
    ...(request.rejectionReason ? { rejectionReason: request.rejectionReason } : {}),
    ...(to === 'ENVIADA' ? { dueAt: answerDeadline(at, current.urgency) } : {}),
    ...(to === 'ACEPTADA' && request.assignedUserId ? { toUserId: request.assignedUserId } : {}),
    ...actionMeta(actor, now, current.id, current.version + 1, request.reason),
  });
  await syncReferralShare(tx, actor, next);
  // A lead referral moves the sending agency's case file (§8.1): pending, then in care or back.
  const caseFile = await loadCaseFile(tx, current.caseFileId, current.ownerAgencyId, true);
  const caseTo = caseFile ? caseStateAfterReferral(caseFile.state, current.transfersLead, to) : undefined;
  if (caseFile && caseTo) {
    await recordCaseFileAction(tx, caseFile, {
      type: 'case.transitioned',
      from: caseFile.state,
      to: caseTo,
      ...actionMeta(actor, now, caseFile.id, caseFile.version + 1, `derivacion:${current.id}:${to}`),
    });
  }
  return next;
}
