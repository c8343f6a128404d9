// Follow-ups, referrals, plans, shelter stays, services and procedural steps: appending their
// actions and writing the projections derived from them, in the caller's transaction. A record's
// content is sealed under its person's data key; the columns the worklists query stay readable.
import {
  applyAreaAction,
  entityTypeOf,
  type AreaRecord,
  type FollowUpAreaAction,
  type FollowUpRecord,
  type PlanRecord,
  type ProceedingRecord,
  type ReferralRecord,
  type RiskAssessmentRecord,
  type ServiceRecord,
  type ShelterStayRecord,
} from '../../domain/followup-records.ts';
import { reparationState } from '../../domain/criminal-process.ts';
import { RESULTADO_PROCESO } from '../../domain/code-lists-followup.ts';
import { vaultOf } from '../crypto/keys.ts';
import type { Queryable } from '../db/database.ts';
import { Problem } from '../errors.ts';
import { appendAction, keyOfPerson } from './store.ts';
import { rebuildWorklistCases, refreshWorklistCases } from './worklist-cases.ts';

type EntityType = NonNullable<ReturnType<typeof entityTypeOf>>;

/** How each record type is stored: its table, and its readable columns besides the common ones. */
const TABLES: Record<EntityType, { table: string; columns: (r: never) => Record<string, unknown> }> = {
  followup: {
    table: 'followups',
    columns: (r: FollowUpRecord) => ({
      owner_agency_id: r.ownerAgencyId,
      unit_id: r.unitId,
      assigned_user_id: r.assignedUserId ?? null,
      state: r.state,
      due_on: r.dueOn,
      modality: r.modality,
      attempt: r.attempt,
      done_on: r.doneOn ?? null,
      alert_type: r.alertType ?? null,
      updated_at: r.updatedAt,
    }),
  },
  referral: {
    table: 'referrals',
    columns: (r: ReferralRecord) => ({
      from_agency_id: r.ownerAgencyId,
      from_unit_id: r.fromUnitId,
      from_user_id: r.fromUserId ?? null,
      to_agency_id: r.toAgencyId,
      to_unit_id: r.toUnitId,
      to_user_id: r.toUserId ?? null,
      state: r.state,
      motive: r.motive,
      urgency: r.urgency,
      services: r.services,
      transfers_lead: r.transfersLead,
      basis: r.basis,
      shared_groups: r.sharedGroups,
      rejection_reason: r.rejectionReason ?? null,
      sent_at: r.sentAt ?? null,
      due_at: r.dueAt ?? null,
      answered_at: r.answeredAt ?? null,
      updated_at: r.updatedAt,
    }),
  },
  care_plan: {
    table: 'care_plans',
    columns: (r: PlanRecord) => ({
      owner_agency_id: r.ownerAgencyId,
      unit_id: r.unitId,
      author_user_id: r.authorUserId ?? null,
      state: r.state,
      plan_version: r.planVersion,
      review_due_on: r.reviewDueOn ?? null,
      // Indicator B7: the approval day and each goal's dimension and status as codes (the goals' words stay sealed).
      approved_on: r.content.approvedOn ?? null,
      goals: JSON.stringify(r.content.goals.map((g) => ({ dimension: g.dimension, status: g.status }))),
      updated_at: r.updatedAt,
    }),
  },
  shelter_stay: {
    table: 'shelter_stays',
    columns: (r: ShelterStayRecord) => ({
      owner_agency_id: r.ownerAgencyId,
      shelter_unit_id: r.shelterUnitId ?? null,
      kind: r.kind,
      state: r.state,
      entered_on: r.enteredOn ?? null,
      left_on: r.leftOn ?? null,
      exit_reason: r.exitReason ?? null,
      updated_at: r.updatedAt,
    }),
  },
  service: {
    table: 'services',
    columns: (r: ServiceRecord) => ({ owner_agency_id: r.ownerAgencyId, unit_id: r.unitId, kind: r.kind, delivered_on: r.deliveredOn }),
  },
  proceeding: {
    table: 'proceedings',
    // Indicator C12: where the civil reparation stands and whether the victim is civil party (the amounts stay sealed).
    columns: (r: ProceedingRecord) => ({
      owner_agency_id: r.ownerAgencyId,
      stage: r.stage,
      stage_on: r.stageOn,
      reparation: reparationState(r.content.reparationOrderedPen, r.content.reparationPaidPen) ?? null,
      civil_party: r.content.victimIsCivilParty ?? null,
      // Indicator C11: the first day it reached a sentence and the outcome as it stands, as a code (the judgment's words stay sealed).
      sentenced_on: r.sentencedOn ?? null,
      sentence_outcome: sentenceOutcome(r),
      updated_at: r.updatedAt,
    }),
  },
  risk_assessment: {
    table: 'risk_assessments',
    columns: (r: RiskAssessmentRecord) => ({ owner_agency_id: r.ownerAgencyId, unit_id: r.unitId, kind: r.kind, level: r.level, assessed_on: r.assessedOn, next_review_on: r.nextReviewOn }),
  },
};

/** The outcome of a sentenced proceeding, as a code of RESULTADO_PROCESO; none before a sentence. */
export function sentenceOutcome(r: ProceedingRecord): string | null {
  const outcome = r.content.outcome;
  return r.sentencedOn && outcome && RESULTADO_PROCESO.codes.has(outcome) ? outcome : null;
}

const aad = (entity: EntityType, id: string) => `${entity}:${id}`;

/** Everything of a record that is not a readable column: kept sealed, and enough to rebuild the record. */
function sealedPart(record: AreaRecord): Record<string, unknown> {
  return record as unknown as Record<string, unknown>;
}

export async function saveAreaRecord(tx: Queryable, entity: EntityType, record: AreaRecord, key: Buffer): Promise<void> {
  const { table, columns } = TABLES[entity];
  const cols: Record<string, unknown> = {
    id: record.id,
    case_file_id: record.caseFileId,
    person_id: record.personId,
    version: record.version,
    sealed: vaultOf(tx).sealJson(key, sealedPart(record), aad(entity, record.id)),
    created_at: record.createdAt,
    ...(columns as (r: AreaRecord) => Record<string, unknown>)(record),
  };
  const names = Object.keys(cols);
  const updates = names.filter((n) => n !== 'id' && n !== 'created_at').map((n) => `${n} = EXCLUDED.${n}`);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`,
    names.map((n) => cols[n]),
  );
}

/** The record from its sealed column; undefined when the person's key is gone (erased). */
export function openAreaRecord<T extends AreaRecord>(tx: Queryable, entity: EntityType, row: { id: string; sealed: Buffer | Uint8Array | null }, key: Buffer | undefined): T | undefined {
  if (!key || !row.sealed) return undefined;
  return vaultOf(tx).openJson<T>(key, Buffer.from(row.sealed), aad(entity, row.id));
}

/** One record by id, locked for update when asked, with its person's key. */
export async function loadAreaRecord<T extends AreaRecord>(tx: Queryable, entity: EntityType, id: string, lock = false): Promise<T | undefined> {
  const [row] = await tx.query<{ id: string; person_id: string; sealed: Buffer | null }>(`SELECT id, person_id, sealed FROM ${TABLES[entity].table} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) return undefined;
  const record = openAreaRecord<T>(tx, entity, row, await keyOfPerson(tx, row.person_id));
  if (!record) throw new Problem(409, 'problem.personErased');
  return record;
}

/** Every record of one type on a case file, oldest first. */
export async function loadAreaRecordsOfCase<T extends AreaRecord>(tx: Queryable, entity: EntityType, caseFileId: string, personId: string): Promise<T[]> {
  const rows = await tx.query<{ id: string; sealed: Buffer | null }>(`SELECT id, sealed FROM ${TABLES[entity].table} WHERE case_file_id = $1 ORDER BY created_at, id`, [caseFileId]);
  const key = await keyOfPerson(tx, personId);
  return rows.map((row) => openAreaRecord<T>(tx, entity, row, key)).filter((r): r is T => r !== undefined);
}

/** Appends the action and writes the record it produces. */
export async function recordAreaAction<T extends AreaRecord>(tx: Queryable, state: T | undefined, action: FollowUpAreaAction): Promise<T> {
  const entity = entityTypeOf(action.type);
  if (!entity) throw new Error(`not an action of the follow-up area: ${action.type}`);
  const next = applyAreaAction(state, action) as T;
  const key = await keyOfPerson(tx, next.personId);
  if (!key) throw new Problem(409, 'problem.personErased');
  await appendAction(tx, action, key);
  await saveAreaRecord(tx, entity, next, key);
  // The worklist's row of the case file follows its last contact, its lead unit and its plan.
  const worklistChanged =
    entity === 'care_plan' ||
    (entity === 'followup' && (await noteContact(tx, next as FollowUpRecord))) ||
    (entity === 'referral' && (await noteLead(tx, next as ReferralRecord)));
  if (worklistChanged) await refreshWorklistCases(tx, [next.caseFileId]);
  return next;
}

/** Keeps the day each case file's person was last reached (worklist: "no contact for N days"). */
async function noteContact(tx: Queryable, f: FollowUpRecord): Promise<boolean> {
  if (f.state !== 'REALIZADO' || !f.doneOn) return false;
  await tx.query(
    `INSERT INTO case_contacts (case_file_id, last_contact_on) VALUES ($1, $2)
     ON CONFLICT (case_file_id) DO UPDATE SET last_contact_on = GREATEST(case_contacts.last_contact_on, EXCLUDED.last_contact_on)`,
    [f.caseFileId, f.doneOn],
  );
  return true;
}

/** An accepted lead referral moves the lead of care to the receiving unit; a revoked one takes it back. */
async function noteLead(tx: Queryable, r: ReferralRecord): Promise<boolean> {
  if (!r.transfersLead) return false;
  if (r.state === 'ACEPTADA') {
    await tx.query(
      `INSERT INTO care_leads (case_file_id, unit_id, agency_id, referral_id, since) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_file_id) DO UPDATE SET unit_id = EXCLUDED.unit_id, agency_id = EXCLUDED.agency_id, referral_id = EXCLUDED.referral_id, since = EXCLUDED.since`,
      [r.caseFileId, r.toUnitId, r.toAgencyId, r.id, r.updatedAt],
    );
  } else if (r.state === 'REVOCADA') {
    await tx.query('DELETE FROM care_leads WHERE case_file_id = $1 AND referral_id = $2', [r.caseFileId, r.id]);
  } else {
    return false;
  }
  return true;
}

export const AREA_TABLES = [...Object.values(TABLES).map((t) => t.table), 'case_contacts', 'care_leads'];

/** Derives this area's projections again from its actions, in log order (see rebuildProjections). */
export async function rebuildAreaProjections(tx: Queryable, actions: readonly FollowUpAreaAction[], keys: ReadonlyMap<string, Buffer>): Promise<number> {
  for (const table of AREA_TABLES) await tx.query(`DELETE FROM ${table}`);
  const records = new Map<string, { entity: EntityType; record: AreaRecord }>();
  for (const action of actions) {
    const entity = entityTypeOf(action.type);
    if (!entity) continue;
    const record = applyAreaAction(records.get(action.entityId)?.record, action);
    records.set(action.entityId, { entity, record });
    // The lead of care follows each acceptance and revocation as it happened.
    if (entity === 'referral') await noteLead(tx, record as ReferralRecord);
  }
  for (const { entity, record } of records.values()) {
    const key = keys.get(record.personId);
    if (!key) continue;
    await saveAreaRecord(tx, entity, record, key);
    if (entity === 'followup') await noteContact(tx, record as FollowUpRecord);
  }
  await rebuildWorklistCases(tx);
  return records.size;
}
