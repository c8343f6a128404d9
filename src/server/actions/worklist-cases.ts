// The worklist's per-case projection (migration 0017): for each active case file, the unit that
// leads its care, whether it waits for a plan, and since when its person has not been reached.
// Rewritten from its sources (case_files, care_leads, care_plans, case_contacts) in the caller's
// transaction by every write that changes one of them, so the worklist reads two small indexes
// instead of deriving these facts for every case file of a unit at each request.
import { ACTIVE_STATES } from '../../domain/case-lifecycle.ts';
import { FINISHED_PLAN_STATES } from '../../domain/care-plan.ts';
import type { Queryable } from '../db/database.ts';
import { placeholders } from '../db/placeholders.ts';
import type { CaseFileRecord } from '../../domain/records.ts';

const SOURCE = `SELECT c.id, coalesce(l.unit_id, c.registering_unit_id), c.owner_agency_id, c.person_id, c.code, c.state, cc.last_contact_on, coalesce(cc.last_contact_on, c.detection_date),
       c.state = 'EN_ATENCION' AND NOT EXISTS (SELECT 1 FROM care_plans p WHERE p.case_file_id = c.id AND p.state <> ALL($2::text[]))
  FROM case_files c LEFT JOIN care_leads l ON l.case_file_id = c.id LEFT JOIN case_contacts cc ON cc.case_file_id = c.id`;

const COLUMNS = 'case_file_id, lead_unit_id, owner_agency_id, person_id, code, state, last_contact_on, contact_since, needs_plan';
const UPDATES = 'lead_unit_id = EXCLUDED.lead_unit_id, owner_agency_id = EXCLUDED.owner_agency_id, person_id = EXCLUDED.person_id, code = EXCLUDED.code, state = EXCLUDED.state, last_contact_on = EXCLUDED.last_contact_on, contact_since = EXCLUDED.contact_since, needs_plan = EXCLUDED.needs_plan';

/**
 * Derives the rows of these case files again: written while the case file is active, removed
 * once it is not (closed, discarded, suspended) or gone. One round trip.
 */
export async function refreshWorklistCases(tx: Queryable, caseFileIds: readonly string[]): Promise<void> {
  if (caseFileIds.length === 0) return;
  const ids = [...new Set(caseFileIds)];
  await tx.query(
    `WITH gone AS (
       DELETE FROM worklist_cases w WHERE w.case_file_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM case_files c WHERE c.id = w.case_file_id AND c.state = ANY($3::text[]))
     )
     INSERT INTO worklist_cases (${COLUMNS}) ${SOURCE} WHERE c.id = ANY($1::uuid[]) AND c.state = ANY($3::text[])
     ON CONFLICT (case_file_id) DO UPDATE SET ${UPDATES}`,
    [ids, FINISHED_PLAN_STATES, ACTIVE_STATES],
  );
}

/**
 * The row of a case file being registered, from the record alone: nothing else names it yet (no
 * lead, plan or contact), so it can be written in the registration's own statement. Undefined when
 * its state keeps it off the worklist; else its insert, placeholders from `offset + 1`. The same
 * facts as SOURCE derives.
 */
export function newWorklistRow(c: CaseFileRecord): ((offset: number) => { sql: string; params: unknown[] }) | undefined {
  if (!(ACTIVE_STATES as readonly string[]).includes(c.state)) return undefined;
  const params = [c.id, c.registeringUnitId, c.ownerAgencyId, c.personId, c.code, c.state, null, c.detectionDate, c.state === 'EN_ATENCION'];
  // A plain insert: the case file is new, so is its row (an upsert takes the slower speculative path).
  return (offset) => ({ sql: `INSERT INTO worklist_cases (${COLUMNS}) VALUES (${placeholders(params.length, offset)})`, params });
}

/** Derives the whole projection again (after the projections are rebuilt from the log). */
export async function rebuildWorklistCases(tx: Queryable): Promise<void> {
  await tx.query('DELETE FROM worklist_cases');
  await tx.query(`INSERT INTO worklist_cases (${COLUMNS}) ${SOURCE} WHERE c.state = ANY($1::text[])`, [ACTIVE_STATES, FINISHED_PLAN_STATES]);
}
