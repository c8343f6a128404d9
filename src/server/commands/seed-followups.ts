// Synthetic follow-ups in bulk, for the demo and the worklist benchmark: each case file gets a
// plausible stage and a history of contacts, and the active ones one contact scheduled around
// today. Like seed.ts, every record goes through the domain reducer, its actions are appended and
// its projection row is sealed under the person's key: only the round trips are batched.
import { randomUUID } from 'node:crypto';
import { ACTIVE_STATES, type CaseState } from '../../domain/case-lifecycle.ts';
import { addDays } from '../../domain/calendar.ts';
import { applyFollowUpAction, type FollowUpAction, type FollowUpRecord } from '../../domain/followup-records.ts';
import { cadenceDays } from '../../domain/followups.ts';
import { seededRandom } from '../../domain/seeded-random.ts';
import { personKeys, vaultOf } from '../crypto/keys.ts';
import type { Database, Queryable } from '../db/database.ts';
import { refreshWorklistCases } from '../actions/worklist-cases.ts';

const MODALITIES = ['PRESENCIAL', 'TELEFONICA', 'VIDEOLLAMADA', 'VISITA_DOMICILIARIA'] as const;

/** Stages the synthetic case files are spread over (weights add to 100). */
const STAGES: readonly [CaseState, number][] = [
  ['ATENCION_INMEDIATA', 10],
  ['EN_ATENCION', 35],
  ['EN_REINTEGRACION', 25],
  ['EN_SEGUIMIENTO', 15],
  ['SUSPENDIDO', 5],
  ['CERRADO', 10],
];


function pickStage(r: number): CaseState {
  let acc = 0;
  for (const [state, weight] of STAGES) {
    acc += weight / 100;
    if (r < acc) return state;
  }
  return 'CERRADO';
}

interface CaseRow {
  id: string;
  person_id: string;
  owner_agency_id: string;
  registering_unit_id: string;
  user_id: string;
}

export interface FollowUpLoad {
  caseFiles: number;
  followUps: number;
  scheduled: number;
}

/**
 * Gives every case file a stage and `perCase` follow-ups: contacts done in the past at the stage's
 * cadence (one in six an attempt without contact) and, for an active file, one scheduled between
 * three weeks ago (overdue) and two weeks ahead. Case files get their stage directly in the
 * projection (a benchmark's shortcut; their lifecycle actions are not generated).
 */
export async function loadSyntheticFollowUps(db: Database, options: { perCase: number; today: string; seed: number; batchSize?: number; onProgress?: (done: number) => void }): Promise<FollowUpLoad> {
  const rand = seededRandom(options.seed);
  const batchSize = options.batchSize ?? 2_000;
  const load: FollowUpLoad = { caseFiles: 0, followUps: 0, scheduled: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const cases = await db.query<CaseRow>(
      `SELECT c.id, c.person_id, c.owner_agency_id, c.registering_unit_id,
              (SELECT u.id FROM users u WHERE u.unit_id = c.registering_unit_id ORDER BY u.username LIMIT 1) AS user_id
         FROM case_files c WHERE c.id > $1 ORDER BY c.id LIMIT $2`,
      [after, batchSize],
    );
    if (cases.length === 0) break;
    after = cases[cases.length - 1]?.id ?? after;
    await db.transaction((tx) => insertBatch(tx, cases, options, rand, load));
    load.caseFiles += cases.length;
    options.onProgress?.(load.caseFiles);
  }
  return load;
}

async function insertBatch(tx: Queryable, cases: readonly CaseRow[], options: { perCase: number; today: string }, rand: () => number, load: FollowUpLoad): Promise<void> {
  const vault = vaultOf(tx);
  const keys = await personKeys(tx, cases.map((c) => c.person_id));
  const rows: { record: FollowUpRecord; key: Buffer }[] = [];
  const actions: FollowUpAction[] = [];
  const stages: { id: string; state: CaseState }[] = [];
  const contacts: { id: string; day: string }[] = [];
  for (const c of cases) {
    const key = keys.get(c.person_id);
    if (!key) continue;
    const state = pickStage(rand());
    stages.push({ id: c.id, state });
    const active = ACTIVE_STATES.includes(state);
    const gap = cadenceDays(state) ?? 30;
    const past = active ? options.perCase - 1 : options.perCase;
    let day = addDays(options.today, -Math.round(gap * past + rand() * gap));
    let lastContact: string | undefined;
    for (let i = 0; i < options.perCase; i++) {
      const scheduled = active && i === options.perCase - 1;
      const dueOn = scheduled ? addDays(options.today, Math.round(rand() * 35) - 21) : day;
      const meta = { entityId: randomUUID(), at: `${dueOn}T15:00:00.000Z`, actorUserId: c.user_id, actorUnitId: c.registering_unit_id, agencyId: c.owner_agency_id };
      const first: FollowUpAction = {
        type: 'followup.scheduled',
        caseFileId: c.id,
        personId: c.person_id,
        unitId: c.registering_unit_id,
        assignedUserId: c.user_id,
        dueOn,
        modality: MODALITIES[Math.floor(rand() * MODALITIES.length)] ?? 'PRESENCIAL',
        attempt: 1,
        content: {},
        version: 1,
        ...meta,
      };
      let record = applyFollowUpAction(undefined, first);
      actions.push(first);
      if (!scheduled) {
        const contacted = rand() >= 1 / 6;
        const done: FollowUpAction = { type: 'followup.recorded', outcome: contacted ? 'REALIZADO' : 'NO_CONTACTADO', doneOn: dueOn, modality: record.modality, content: {}, version: 2, ...meta };
        record = applyFollowUpAction(record, done);
        actions.push(done);
        if (contacted) lastContact = dueOn;
      } else {
        load.scheduled += 1;
      }
      rows.push({ record, key });
      day = addDays(day, gap);
    }
    if (lastContact) contacts.push({ id: c.id, day: lastContact });
  }
  load.followUps += rows.length;
  const col = <T,>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await tx.query('UPDATE case_files c SET state = t.state FROM unnest($1::uuid[], $2::text[]) AS t(id, state) WHERE c.id = t.id', [stages.map((s) => s.id), stages.map((s) => s.state)]);
  await tx.query(
    `INSERT INTO followups (id, case_file_id, person_id, owner_agency_id, unit_id, assigned_user_id, state, due_on, modality, attempt, done_on, version, sealed, created_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::date[], $9::text[], $10::int[], $11::date[], $12::int[], $13::bytea[], $14::timestamptz[], $15::timestamptz[])`,
    [
      col((r) => r.record.id),
      col((r) => r.record.caseFileId),
      col((r) => r.record.personId),
      col((r) => r.record.ownerAgencyId),
      col((r) => r.record.unitId),
      col((r) => r.record.assignedUserId ?? null),
      col((r) => r.record.state),
      col((r) => r.record.dueOn),
      col((r) => r.record.modality),
      col((r) => r.record.attempt),
      col((r) => r.record.doneOn ?? null),
      col((r) => r.record.version),
      col((r) => vault.sealJson(r.key, r.record, `followup:${r.record.id}`)),
      col((r) => r.record.createdAt),
      col((r) => r.record.updatedAt),
    ],
  );
  // The actions carry no sealed part: bulk follow-ups have no content (what was said) to seal.
  await tx.query(
    `INSERT INTO actions (id, entity_type, entity_id, entity_version, action_type, payload, actor_user_id, actor_unit_id, agency_id, created_at)
     SELECT gen_random_uuid(), 'followup', id, version, type, payload, actor, unit, agency, at
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::jsonb[], $5::uuid[], $6::uuid[], $7::uuid[], $8::timestamptz[]) AS t(id, version, type, payload, actor, unit, agency, at)`,
    [
      actions.map((a) => a.entityId),
      actions.map((a) => a.version),
      actions.map((a) => a.type),
      actions.map(({ entityId: _e, version: _v, type: _t, at: _a, actorUserId: _u, actorUnitId: _n, agencyId: _g, ...payload }) => JSON.stringify({ ...payload, content: undefined })),
      actions.map((a) => a.actorUserId),
      actions.map((a) => a.actorUnitId),
      actions.map((a) => a.agencyId),
      actions.map((a) => a.at),
    ],
  );
  await tx.query(
    `INSERT INTO case_contacts (case_file_id, last_contact_on) SELECT * FROM unnest($1::uuid[], $2::date[])
     ON CONFLICT (case_file_id) DO UPDATE SET last_contact_on = GREATEST(case_contacts.last_contact_on, EXCLUDED.last_contact_on)`,
    [contacts.map((c) => c.id), contacts.map((c) => c.day)],
  );
  await refreshWorklistCases(tx, stages.map((s) => s.id));
}
