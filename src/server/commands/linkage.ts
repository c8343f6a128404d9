// Reviewing matches: decide, unlink (undo a merge), reopen. Each is an action; the groups of
// linked records are recomputed in the same transaction.
import { allowedMatchActions, type MatchAction, type MatchRecord, type ReviewDecision } from '../../domain/matches.ts';
import type { Actor } from '../actor.ts';
import { loadMatch, recordMatchAction, regroup } from '../actions/matches.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem, versionConflict } from '../errors.ts';

type Change = { kind: 'decide'; decision: ReviewDecision } | { kind: 'unlink' } | { kind: 'reopen' };

export async function changeMatch(tx: Queryable, actor: Actor, id: string, version: number, change: Change, reason: string | undefined): Promise<MatchRecord> {
  const current = await loadMatch(tx, id, true);
  if (!current) throw notFound();
  if (current.version !== version) throw versionConflict(current.version);
  const meta = { entityId: id, version: current.version + 1, at: new Date().toISOString(), actorUserId: actor.userId, actorUnitId: actor.unitId, agencyId: actor.agencyId, ...(reason ? { reason } : {}) };
  const action: MatchAction =
    change.kind === 'decide' ? { type: 'match.decided', decision: change.decision, ...meta } : change.kind === 'unlink' ? { type: 'match.unlinked', ...meta } : { type: 'match.reopened', ...meta };
  if (!allowedMatchActions(current.status).includes(action.type)) throw new Problem(422, 'problem.matchActionNotAllowed', { arg: current.status });
  if ((change.kind === 'unlink' || change.kind === 'reopen' || (change.kind === 'decide' && change.decision === 'REJECTED')) && !reason?.trim()) {
    throw new Problem(422, 'problem.reasonRequired');
  }
  const next = await recordMatchAction(tx, current, action);
  await regroup(tx, [next.personA, next.personB]);
  return next;
}

/** Takes one record out of the person it was linked into: every link of it in force is undone. */
export async function detachPerson(tx: Queryable, actor: Actor, personId: string, reason: string): Promise<number> {
  const links = await tx.query<{ id: string; version: number }>(
    "SELECT id, version FROM matches WHERE status IN ('LINKED_AUTO', 'CONFIRMED') AND (person_a = $1 OR person_b = $1) ORDER BY id FOR UPDATE",
    [personId],
  );
  for (const link of links) await changeMatch(tx, actor, link.id, link.version, { kind: 'unlink' }, reason);
  return links.length;
}
