// Synthetic reintegration plans and criminal proceedings in bulk, for the demo, the statistics
// benchmark and the dashboard's browser test: what indicators B7, B4 and C12 read. Each case file
// may enter care some days after its detection, get a plan approved some weeks later (one in two
// within 30 days) with two to four goals whose status follows how far the case went, and a
// proceeding that reaches a stage and, past a sentence, a civil reparation ordered, paid in part or
// paid. Like seed-followups.ts, every record goes through the domain reducer, its actions are
// appended (content sealed under the person's key) and its projection row is sealed too: only the
// round trips are batched. Case files get their state and day of entry in care directly in the
// projection (a shortcut: their lifecycle actions are not generated). Synthetic only.
import { randomUUID } from 'node:crypto';
import { addDays } from '../../domain/calendar.ts';
import type { CaseState } from '../../domain/case-lifecycle.ts';
import { DIMENSION_REINTEGRACION } from '../../domain/code-lists-followup.ts';
import { reparationState, type ProceduralStage } from '../../domain/criminal-process.ts';
import { applyPlanAction, applyProceedingAction, type PlanAction, type PlanRecord, type ProceedingAction, type ProceedingRecord } from '../../domain/followup-records.ts';
import { seededRandom } from '../../domain/seeded-random.ts';
import { personKeys, vaultOf } from '../crypto/keys.ts';
import type { Database, Queryable } from '../db/database.ts';
import { actionColumns } from '../actions/sealing.ts';
import { refreshWorklistCases } from '../actions/worklist-cases.ts';
import { sentenceOutcome } from '../actions/followup-store.ts';

export interface CareRecordLoad {
  caseFiles: number;
  inCare: number;
  plans: number;
  proceedings: number;
}

interface CaseRow {
  id: string;
  person_id: string;
  owner_agency_id: string;
  registering_unit_id: string;
  user_id: string | null;
  detected: string;
}

const DIMENSIONS = DIMENSION_REINTEGRACION.values.map((v) => v.code);
/** The path a proceeding follows; it stops at some stage of it. */
const PATH: readonly ProceduralStage[] = ['DENUNCIA_REGISTRADA', 'DILIGENCIAS_PRELIMINARES', 'INVESTIGACION_PREPARATORIA', 'ETAPA_INTERMEDIA', 'JUICIO_ORAL', 'SENTENCIA_PRIMERA_INSTANCIA', 'SENTENCIA_FIRME'];
const SENTENCED = PATH.indexOf('SENTENCIA_PRIMERA_INSTANCIA');
/** A sentence's outcome: mostly convictions, some acquittals, a few deferred judgments. */
const outcomeOf = (r: number) => (r < 0.7 ? 'SENTENCIA_CONDENATORIA' : r < 0.9 ? 'SENTENCIA_ABSOLUTORIA' : 'RESERVA_DE_FALLO');

const minDay = (a: string, b: string) => (a < b ? a : b);

/** Case files in care, their plans and proceedings, page by page of the case files (by id). */
export async function loadSyntheticCareRecords(db: Database, options: { today: string; seed: number; batchSize?: number; onProgress?: (done: number) => void }): Promise<CareRecordLoad> {
  const rand = seededRandom(options.seed);
  const load: CareRecordLoad = { caseFiles: 0, inCare: 0, plans: 0, proceedings: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const cases = await db.query<CaseRow>(
      `SELECT c.id, c.person_id, c.owner_agency_id, c.registering_unit_id, c.detection_date::text AS detected,
              (SELECT u.id FROM users u WHERE u.unit_id = c.registering_unit_id ORDER BY u.username LIMIT 1) AS user_id
         FROM case_files c WHERE c.id > $1 ORDER BY c.id LIMIT $2`,
      [after, options.batchSize ?? 2_000],
    );
    if (cases.length === 0) break;
    after = cases[cases.length - 1]?.id ?? after;
    await db.transaction((tx) => insertBatch(tx, cases, options.today, rand, load));
    load.caseFiles += cases.length;
    options.onProgress?.(load.caseFiles);
  }
  return load;
}

type AnyArea = PlanAction | ProceedingAction;

async function insertBatch(tx: Queryable, cases: readonly CaseRow[], today: string, rand: () => number, load: CareRecordLoad): Promise<void> {
  const vault = vaultOf(tx);
  const keys = await personKeys(tx, cases.map((c) => c.person_id));
  const states: { id: string; state: CaseState; day: string }[] = [];
  const plans: { record: PlanRecord; key: Buffer }[] = [];
  const proceedings: { record: ProceedingRecord; key: Buffer }[] = [];
  const actions: { action: AnyArea; key: Buffer; entityType: 'care_plan' | 'proceeding' }[] = [];
  for (const c of cases) {
    const key = keys.get(c.person_id);
    if (!key) continue;
    const meta = (entityId: string, version: number, day: string) => ({ entityId, version, at: `${day}T15:00:00.000Z`, actorUserId: c.user_id, actorUnitId: c.registering_unit_id, agencyId: c.owner_agency_id });
    // Care: two in three case files, some days after detection.
    const careDay = minDay(addDays(c.detected, Math.floor(rand() * 21)), today);
    if (rand() < 0.66) {
      const r = rand();
      const state: CaseState = r < 0.4 ? 'EN_ATENCION' : r < 0.7 ? 'EN_REINTEGRACION' : r < 0.9 ? 'EN_SEGUIMIENTO' : 'CERRADO';
      states.push({ id: c.id, state, day: careDay });
      load.inCare++;
      // A plan for most of those in care for ten days or more: approved within 30 days in one case in two.
      const approvedOn = addDays(careDay, rand() < 0.5 ? 5 + Math.floor(rand() * 25) : 31 + Math.floor(rand() * 60));
      if (addDays(careDay, 10) <= today && rand() < 0.85) {
        const planId = randomUUID();
        const advanced = state === 'EN_SEGUIMIENTO' || state === 'CERRADO';
        const count = 2 + Math.floor(rand() * 3);
        const start = Math.floor(rand() * DIMENSIONS.length);
        const goals = Array.from({ length: count }, (_, k) => ({
          id: randomUUID(),
          dimension: DIMENSIONS[(start + k) % DIMENSIONS.length] as string,
          objective: 'Objetivo sintético',
          responsibleEntity: 'MIMP',
          status: 'PENDIENTE',
        }));
        const steps: AnyArea[] = [];
        let version = 1;
        const next = (day: string) => meta(planId, version++, minDay(day, today));
        steps.push({ type: 'plan.created', caseFileId: c.id, personId: c.person_id, unitId: c.registering_unit_id, content: { participation: 'ELABORADO_CON_LA_PERSONA', goals }, ...next(careDay) });
        steps.push({ type: 'plan.transitioned', from: 'BORRADOR', to: 'EN_VALIDACION_CON_LA_PERSONA', today: minDay(careDay, today), ...next(careDay) });
        if (approvedOn <= today) {
          steps.push({ type: 'plan.transitioned', from: 'EN_VALIDACION_CON_LA_PERSONA', to: 'APROBADO', today: approvedOn, ...next(approvedOn) });
          steps.push({ type: 'plan.transitioned', from: 'APROBADO', to: 'EN_EJECUCION', today: approvedOn, ...next(approvedOn) });
          const progressDay = minDay(addDays(approvedOn, 60), today);
          for (const goal of goals) {
            const g = rand();
            const status = advanced ? (g < 0.8 ? 'LOGRADO' : g < 0.9 ? 'LOGRADO_PARCIALMENTE' : 'DESCARTADO_POR_LA_PERSONA') : g < 0.3 ? 'LOGRADO' : g < 0.7 ? 'EN_PROCESO' : g < 0.8 ? 'NO_LOGRADO' : 'PENDIENTE';
            if (status !== 'PENDIENTE') steps.push({ type: 'plan.progress', content: { goalId: goal.id, status }, ...next(progressDay) });
          }
        }
        let record: PlanRecord | undefined;
        for (const step of steps as PlanAction[]) record = applyPlanAction(record, step);
        // Achieved, when every goal kept is: the case that reached follow-up or closed.
        if (record && advanced && record.state === 'EN_EJECUCION' && record.content.goals.every((g) => g.status === 'LOGRADO' || g.status === 'DESCARTADO_POR_LA_PERSONA')) {
          const day = minDay(addDays(approvedOn, 120), today);
          for (const to of ['EN_REVISION', 'CUMPLIDO'] as const) {
            const step: PlanAction = { type: 'plan.transitioned', from: record.state, to, today: day, ...next(day) };
            steps.push(step);
            record = applyPlanAction(record, step);
          }
        }
        if (record) {
          plans.push({ record, key });
          for (const action of steps) actions.push({ action, key, entityType: 'care_plan' });
          load.plans++;
        }
      }
    }
    // A proceeding for two case files in five: a complaint that went some way, a sentence (its
    // outcome drawn) and past it a reparation.
    if (rand() < 0.4) {
      const id = randomUUID();
      let version = 1;
      let day = minDay(addDays(c.detected, Math.floor(rand() * 30)), today);
      const steps: ProceedingAction[] = [{ type: 'proceeding.opened', caseFileId: c.id, personId: c.person_id, stage: 'DENUNCIA_REGISTRADA', stageOn: day, content: { protectionMeasures: [] }, ...meta(id, version++, day) }];
      const reached = Math.floor(rand() * PATH.length);
      for (let k = 1; k <= reached; k++) {
        const on = minDay(addDays(day, 30 + Math.floor(rand() * 90)), today);
        day = on;
        steps.push({ type: 'proceeding.staged', from: PATH[k - 1] as ProceduralStage, to: PATH[k] as ProceduralStage, on, content: k === SENTENCED ? { outcome: outcomeOf(rand()) } : {}, ...meta(id, version++, on) });
      }
      const civilParty = rand() < 0.5;
      if (reached >= SENTENCED) {
        const ordered = 1_000 * (2 + Math.floor(rand() * 28));
        const p = rand();
        const paid = p < 0.3 ? ordered : p < 0.6 ? Math.round(ordered * (0.1 + rand() * 0.6)) : undefined;
        steps.push({ type: 'proceeding.updated', content: { victimIsCivilParty: civilParty, reparationOrderedPen: ordered, ...(paid === undefined ? {} : { reparationPaidPen: paid }) }, ...meta(id, version++, day) });
      } else if (civilParty) {
        steps.push({ type: 'proceeding.updated', content: { victimIsCivilParty: true }, ...meta(id, version++, day) });
      }
      let record: ProceedingRecord | undefined;
      for (const step of steps) record = applyProceedingAction(record, step);
      if (record) {
        proceedings.push({ record, key });
        for (const action of steps) actions.push({ action, key, entityType: 'proceeding' });
        load.proceedings++;
      }
    }
  }
  if (states.length > 0) {
    await tx.query(
      `UPDATE case_files c SET state = t.state, data = c.data || jsonb_build_object('careStartedOn', t.day)
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, state, day) WHERE c.id = t.id`,
      [states.map((s) => s.id), states.map((s) => s.state), states.map((s) => s.day)],
    );
  }
  if (plans.length > 0) {
    const col = <T,>(f: (r: (typeof plans)[number]) => T) => plans.map(f);
    await tx.query(
      `INSERT INTO care_plans (id, case_file_id, person_id, owner_agency_id, unit_id, author_user_id, state, plan_version, review_due_on, approved_on, goals, version, sealed, created_at, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::int[], $9::date[], $10::date[], $11::jsonb[], $12::int[], $13::bytea[], $14::timestamptz[], $15::timestamptz[])`,
      [
        col((r) => r.record.id),
        col((r) => r.record.caseFileId),
        col((r) => r.record.personId),
        col((r) => r.record.ownerAgencyId),
        col((r) => r.record.unitId),
        col((r) => r.record.authorUserId ?? null),
        col((r) => r.record.state),
        col((r) => r.record.planVersion),
        col((r) => r.record.reviewDueOn ?? null),
        col((r) => r.record.content.approvedOn ?? null),
        col((r) => JSON.stringify(r.record.content.goals.map((g) => ({ dimension: g.dimension, status: g.status })))),
        col((r) => r.record.version),
        col((r) => vault.sealJson(r.key, r.record, `care_plan:${r.record.id}`)),
        col((r) => r.record.createdAt),
        col((r) => r.record.updatedAt),
      ],
    );
  }
  if (proceedings.length > 0) {
    const col = <T,>(f: (r: (typeof proceedings)[number]) => T) => proceedings.map(f);
    await tx.query(
      `INSERT INTO proceedings (id, case_file_id, person_id, owner_agency_id, stage, stage_on, reparation, civil_party, sentenced_on, sentence_outcome, version, sealed, created_at, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::text[], $8::boolean[], $9::date[], $10::text[], $11::int[], $12::bytea[], $13::timestamptz[], $14::timestamptz[])`,
      [
        col((r) => r.record.id),
        col((r) => r.record.caseFileId),
        col((r) => r.record.personId),
        col((r) => r.record.ownerAgencyId),
        col((r) => r.record.stage),
        col((r) => r.record.stageOn),
        col((r) => reparationState(r.record.content.reparationOrderedPen, r.record.content.reparationPaidPen) ?? null),
        col((r) => r.record.content.victimIsCivilParty ?? null),
        col((r) => r.record.sentencedOn ?? null),
        col((r) => sentenceOutcome(r.record)),
        col((r) => r.record.version),
        col((r) => vault.sealJson(r.key, r.record, `proceeding:${r.record.id}`)),
        col((r) => r.record.createdAt),
        col((r) => r.record.updatedAt),
      ],
    );
  }
  if (actions.length > 0) {
    const sealed = actions.map((a) => actionColumns(vault, a.key, a.action));
    await tx.query(
      `INSERT INTO actions (id, entity_type, entity_id, entity_version, action_type, payload, sealed, actor_user_id, actor_unit_id, agency_id, created_at)
       SELECT gen_random_uuid(), kind, id, version, type, payload, sealed, actor, unit, agency, at
         FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::jsonb[], $6::bytea[], $7::uuid[], $8::uuid[], $9::uuid[], $10::timestamptz[]) AS t(kind, id, version, type, payload, sealed, actor, unit, agency, at)`,
      [
        actions.map((a) => a.entityType),
        actions.map((a) => a.action.entityId),
        actions.map((a) => a.action.version),
        actions.map((a) => a.action.type),
        sealed.map((s) => JSON.stringify(s.payload)),
        sealed.map((s) => s.sealed),
        actions.map((a) => a.action.actorUserId),
        actions.map((a) => a.action.actorUnitId),
        actions.map((a) => a.action.agencyId),
        actions.map((a) => a.action.at),
      ],
    );
  }
  await refreshWorklistCases(tx, states.map((s) => s.id));
}
