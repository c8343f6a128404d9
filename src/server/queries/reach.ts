// What the record policies need to know about a person: where her case files lie. A person is
// reached through any of her case files (domain-spec §5.2: identity is shared by the agencies
// with a case link).
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { caseFilePolicy, type CaseFileRecordAction, type CaseTarget } from '../policies/case-files.ts';
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
