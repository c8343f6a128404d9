// What every command of the follow-up area starts from: the case file it works on, how far the
// actor reaches into it, the clock, and the bookkeeping every action carries.
import type { CaseState } from '../../domain/case-lifecycle.ts';
import { peruDay } from '../../domain/calendar.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem } from '../errors.ts';
import { caseFilePolicy, type CaseFileRecordAction, type CaseTarget } from '../policies/case-files.ts';
import { sharesInForce } from '../queries/reach.ts';

export interface CaseFacts {
  id: string;
  code: string;
  personId: string;
  ownerAgencyId: string;
  registeringUnitId: string;
  state: CaseState;
  version: number;
  /** Child at detection: SI, NO or unknown. */
  minor: string;
}

/**
 * The case file and what the policy knows of it (its reach and the shares from referrals to the
 * actor's agency), after checking the record action: 404 when the actor does not even read the
 * case file, 403 when she reads it but may not do this (docs/ACCESS.md).
 */
export async function caseInReach(tx: Queryable, actor: Actor, caseFileId: string, action: CaseFileRecordAction): Promise<{ caseFile: CaseFacts; target: CaseTarget }> {
  const [row] = await tx.query<{ id: string; code: string; person_id: string; owner_agency_id: string; registering_unit_id: string; detection_ubigeo: string; state: CaseState; version: number; minor: string | null }>(
    `SELECT id, code, person_id, owner_agency_id, registering_unit_id, detection_ubigeo, state, version, data->>'minorAtDetection' AS minor FROM case_files WHERE id = $1`,
    [caseFileId],
  );
  if (!row) throw notFound();
  const target: CaseTarget = {
    ownerAgencyId: row.owner_agency_id,
    registeringUnitId: row.registering_unit_id,
    detectionUbigeo: row.detection_ubigeo,
    ...(row.owner_agency_id === actor.agencyId ? {} : { shares: (await sharesInForce(tx, row.id, actor)).shares }),
  };
  caseFilePolicy.authorize(actor, action, target, 'read');
  return {
    caseFile: {
      id: row.id,
      code: row.code,
      personId: row.person_id,
      ownerAgencyId: row.owner_agency_id,
      registeringUnitId: row.registering_unit_id,
      state: row.state,
      version: row.version,
      minor: row.minor ?? 'DESCONOCIDO',
    },
    target,
  };
}

/** The bookkeeping of an action taken now by this actor. */
export function actionMeta(actor: Actor, now: Date, entityId: string, version: number, reason?: string) {
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

export const todayAt = (now: Date) => peruDay(now);

/** A user given as responsible must belong to the unit named. */
export async function assertUserInUnit(tx: Queryable, userId: string | undefined, unitId: string, path: string): Promise<void> {
  if (!userId) return;
  const [row] = await tx.query<{ ok: boolean }>('SELECT true AS ok FROM users WHERE id = $1 AND unit_id = $2 AND active', [userId, unitId]);
  if (!row) throw new Problem(400, 'problem.validation', {}, [{ path, key: 'followup.userNotInUnit' }]);
}

/** 422 with the first problem as title and every problem on its field. */
export function refuse(problems: readonly { path: string; key: string }[], params: Record<string, string> = {}): never {
  const [first = { key: 'problem.transitionNotAllowed', path: '' }] = problems;
  throw new Problem(422, first.key, params, problems, { allowed: false });
}
