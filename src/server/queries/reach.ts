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

/** Shares in force that open this case file to the actor's agency, or to her alone (broken glass). */
export async function sharesInForce(q: Queryable, caseFileId: string, actor: Actor): Promise<{ ownerAgencyId: string; shares: Share[] }> {
  const rows = await q.query<{ owner_agency_id: string; agency_id: string; user_id: string | null; basis: ShareBasis; field_groups: FieldGroup[]; writable: boolean }>(
    `SELECT owner_agency_id, agency_id, user_id, basis, field_groups, writable FROM record_access
      WHERE case_file_id = $1 AND agency_id = $2 AND (user_id IS NULL OR user_id = $3) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [caseFileId, actor.agencyId, actor.userId],
  );
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
 * The other agencies' case files shared with the actor's agency (or with her alone) and in force,
 * with what the policy needs to judge each: for the receiver's lists and search.
 */
export async function sharedWithActor(q: Queryable, actor: Actor): Promise<Map<string, CaseTarget>> {
  const rows = await q.query<{ case_file_id: string; owner_agency_id: string; user_id: string | null; basis: ShareBasis; field_groups: FieldGroup[]; writable: boolean }>(
    `SELECT case_file_id, owner_agency_id, user_id, basis, field_groups, writable FROM record_access
      WHERE agency_id = $1 AND owner_agency_id <> $1 AND (user_id IS NULL OR user_id = $2) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [actor.agencyId, actor.userId],
  );
  const targets = new Map<string, CaseTarget>();
  for (const r of rows) {
    const target = targets.get(r.case_file_id) ?? { ownerAgencyId: r.owner_agency_id, shares: [] };
    targets.set(r.case_file_id, { ...target, shares: [...(target.shares ?? []), { agencyId: actor.agencyId, userId: r.user_id ?? undefined, basis: r.basis, groups: r.field_groups, writable: r.writable }] });
  }
  return targets;
}
