// What the record policies need to know: where a person's case files lie, and which shares open a
// case file beyond its agency. A person is
// reached through any of her case files (domain-spec §5.2: identity is shared by the agencies
// with a case link).
import type { FieldGroup } from '../../domain/field-groups.ts';
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import { loadCaseFileWithPerson, readCaseFileWithPerson } from '../actions/store.ts';
import type { Database, Queryable } from '../db/database.ts';
import { caseFilePolicy, type CaseFileRecordAction, type CaseTarget, type Share, type ShareBasis } from '../policies/case-files.ts';
import { reachOf } from '../policies/roles.ts';
import { FOR_A_CHILD } from '../../domain/consents.ts';
import { todayInPeru } from '../../domain/dates.ts';
import { lapseComingOfAge } from '../commands/consents.ts';

export async function personTargets(q: Queryable, personId: string, ownerAgencyId: string): Promise<CaseTarget[]> {
  const rows = await q.query<{ registering_unit_id: string; detection_ubigeo: string }>(
    'SELECT registering_unit_id, detection_ubigeo FROM case_files WHERE person_id = $1 AND owner_agency_id = $2',
    [personId, ownerAgencyId],
  );
  return rows.map((r) => ({ ownerAgencyId, registeringUnitId: r.registering_unit_id, detectionUbigeo: r.detection_ubigeo }));
}

/** Whether the actor may take the action on the person through one of her case files. */
export async function mayOnPerson(q: Queryable, actor: Actor, action: CaseFileRecordAction, person: { id: string; ownerAgencyId: string }): Promise<boolean> {
  // An agency-wide reach needs no look-up: the person's agency decides.
  if (reachOf(actor) === 'agency') return caseFilePolicy.can(actor, action, { ownerAgencyId: person.ownerAgencyId });
  return (await personTargets(q, person.id, person.ownerAgencyId)).some((target) => caseFilePolicy.can(actor, action, target));
}

/**
 * Whether the share rests on a consent a representative gave for a child who may have come of age
 * by now (born 18 or more years ago, or of an estimated age): §10.3 is checked at the read, not
 * only by the hourly run, so that a share ends on her 18th birthday itself.
 */
const MAY_LAPSE = `EXISTS (SELECT 1 FROM consents c JOIN persons p ON p.id = c.person_id
                            WHERE c.id = r.consent_id AND c.lapsed_at IS NULL AND c.given_by = ANY($LAPSE_GIVERS::text[])
                              AND (p.birth_year <= $LAPSE_YEAR OR (p.birth_year IS NULL AND p.data ? 'estimatedAge')))`;
const mayLapse = (first: number) => MAY_LAPSE.replace('$LAPSE_GIVERS', `$${first}`).replace('$LAPSE_YEAR', `$${first + 1}`);
const lapseParams = (today: string) => [[...FOR_A_CHILD], Number(today.slice(0, 4)) - 18];

/**
 * Lapses (and so revokes the shares of) the child consents of these case files that the person's
 * age ends today; true when any did, and the shares must be read again.
 */
async function lapsedAtRead(q: Queryable, caseFileIds: readonly string[], today: string): Promise<boolean> {
  let lapsed = false;
  for (const caseFileId of new Set(caseFileIds)) lapsed = (await lapseComingOfAge(q, { caseFileId }, today)).length > 0 || lapsed;
  return lapsed;
}

/** Shares in force that open this case file to the actor's agency, or to her alone (broken glass). */
export async function sharesInForce(q: Queryable, caseFileId: string, actor: Actor): Promise<{ ownerAgencyId: string; shares: Share[] }> {
  const today = todayInPeru();
  const read = () =>
    q.query<{ owner_agency_id: string; agency_id: string; user_id: string | null; basis: ShareBasis; field_groups: FieldGroup[]; writable: boolean; may_lapse: boolean }>(
      `SELECT owner_agency_id, agency_id, user_id, basis, field_groups, writable, r.consent_id IS NOT NULL AND ${mayLapse(4)} AS may_lapse FROM record_access r
        WHERE case_file_id = $1 AND agency_id = $2 AND (user_id IS NULL OR user_id = $3) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [caseFileId, actor.agencyId, actor.userId, ...lapseParams(today)],
    );
  let rows = await read();
  if (rows.some((r) => r.may_lapse) && (await lapsedAtRead(q, [caseFileId], today))) rows = await read();
  return {
    ownerAgencyId: rows[0]?.owner_agency_id ?? '',
    shares: rows.map((r) => ({ agencyId: r.agency_id, userId: r.user_id ?? undefined, basis: r.basis, groups: r.field_groups, writable: r.writable })),
  };
}

/**
 * A case file with its person as the actor may reach it: her own agency's at once (one query, the
 * common case), another agency's only through a share in force. `target` carries the shares for
 * the policy. Undefined when there is nothing she may reach — exactly as for a missing record.
 */
export async function loadReachableCaseFile(db: Database, actor: Actor, id: string): Promise<{ caseFile: CaseFileRecord; person: PersonRecord | undefined; target: CaseTarget } | undefined> {
  // Concurrent readers of their own agency's files share one query (the common case, and a hot one).
  const own = await readCaseFileWithPerson(db, id, actor.agencyId);
  if (own) return { ...own, target: own.caseFile };
  const { ownerAgencyId, shares } = await sharesInForce(db, id, actor);
  if (shares.length === 0) return undefined;
  const found = await loadCaseFileWithPerson(db, id, ownerAgencyId);
  return found ? { ...found, target: { ...found.caseFile, shares } } : undefined;
}

/**
 * The condition on `r` (record_access) of the shares that open another agency's case file to the
 * actor's agency, or to her alone, and are in force: `$agency` and `$user` are the placeholders of
 * her agency and user ids.
 */
export const sharedWithActorCondition = (agency: string, user: string) =>
  `r.agency_id = ${agency} AND r.owner_agency_id <> ${agency} AND (r.user_id IS NULL OR r.user_id = ${user}) AND r.revoked_at IS NULL AND (r.expires_at IS NULL OR r.expires_at > now())`;

/**
 * The other agencies' case files shared with the actor's agency (or with her alone) and in force,
 * with what the policy needs to judge each: for the receiver's lists and search.
 */
export async function sharedWithActor(q: Queryable, actor: Actor): Promise<Map<string, CaseTarget>> {
  const today = todayInPeru();
  const read = () =>
    q.query<{ case_file_id: string; owner_agency_id: string; user_id: string | null; basis: ShareBasis; field_groups: FieldGroup[]; writable: boolean; may_lapse: boolean }>(
      `SELECT case_file_id, owner_agency_id, user_id, basis, field_groups, writable, r.consent_id IS NOT NULL AND ${mayLapse(3)} AS may_lapse FROM record_access r
        WHERE ${sharedWithActorCondition('$1', '$2')}`,
      [actor.agencyId, actor.userId, ...lapseParams(today)],
    );
  let rows = await read();
  const suspects = rows.filter((r) => r.may_lapse).map((r) => r.case_file_id);
  if (suspects.length > 0 && (await lapsedAtRead(q, suspects, today))) rows = await read();
  const targets = new Map<string, CaseTarget>();
  for (const r of rows) {
    const target = targets.get(r.case_file_id) ?? { ownerAgencyId: r.owner_agency_id, shares: [] };
    targets.set(r.case_file_id, { ...target, shares: [...(target.shares ?? []), { agencyId: actor.agencyId, userId: r.user_id ?? undefined, basis: r.basis, groups: r.field_groups, writable: r.writable }] });
  }
  return targets;
}
