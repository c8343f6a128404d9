// Follow-ups, reintegration plans, the worklist and alerts over HTTP. Routes stay thin: parse,
// authorise, run a command, present; every read of a person's follow-up or plan is audited (G5).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { planNextStates } from '../../domain/care-plan.ts';
import type { FollowUpRecord, PlanRecord } from '../../domain/followup-records.ts';
import {
  CancelFollowUpRequest,
  GoalProgressRequest,
  PlanContent,
  PlanTransitionRequest,
  RecordFollowUpRequest,
  ScheduleFollowUpRequest,
  UpdatePlanRequest,
  WorklistQuery,
} from '../../domain/schemas-followup.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { loadAreaRecordsOfCase } from '../actions/followup-store.ts';
import { lapseComingOfAge } from '../commands/consents.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { caseInReach, todayAt } from '../commands/care-context.ts';
import { cancelFollowUp, createPlan, recordFollowUp, recordGoalProgress, scheduleFollowUp, suggestedNextFollowUp, transitionPlan, updatePlan } from '../commands/followups.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';
import { caseFilePolicy } from '../policies/case-files.ts';
import { alertsFor, worklist } from '../queries/worklist.ts';
import { IdParams, WriteHeaders } from './params.ts';


export async function followUpRoutes(base: FastifyInstance, { db, requireSession, audit, config }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  // The route's policy (config.policy) has signed the caller in and checked her permission;
  // the case file's policy then decides on the record (readCare / writeCare: group G5).
  const signedIn = async (request: FastifyRequest): Promise<Actor> => {
    await requireSession(request);
    return actorOf(request);
  };
  const idempotency = (request: FastifyRequest) => idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);
  /** Runs a write in one transaction and audits it as a write of follow-up data (G5). */
  const write = async <T,>(request: FastifyRequest, actor: Actor, action: string, entityType: string, entityId: string | undefined, work: (tx: Queryable, now: Date) => Promise<{ status: number; body: T }>) => {
    const now = config.now();
    const result = await runCommand(db, actor, idempotency(request), (tx) => work(tx, now));
    const id = entityId ?? (result.body as { id?: string }).id;
    await audit(request, { action, entityType, entityId: id, groups: ['G5'] });
    return result;
  };

  app.get('/api/case-files/:id/followups', { schema: { summary: 'Seguimientos de un expediente / follow-ups of a case file', tags: ['follow-up'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const actor = await signedIn(request);
    const now = config.now();
    const { caseFile, target } = await caseInReach(db, actor, request.params.id, 'readCare');
    const items = await loadAreaRecordsOfCase<FollowUpRecord>(db, 'followup', caseFile.id, caseFile.personId);
    await audit(request, { action: 'READ', entityType: 'followup', entityId: caseFile.id, groups: ['G5'] });
    return {
      items: items.sort((a, b) => b.dueOn.localeCompare(a.dueOn) || b.createdAt.localeCompare(a.createdAt)),
      suggestedNextDueOn: await suggestedNextFollowUp(db, caseFile, now),
      today: todayAt(now),
      canWrite: caseFilePolicy.can(actor, 'writeCare', target),
    };
  });

  app.post('/api/case-files/:id/followups', { schema: { summary: 'Programar un seguimiento / schedule a follow-up', tags: ['follow-up'], params: IdParams, body: ScheduleFollowUpRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const result = await write(request, actor, 'CREATE', 'followup', undefined, async (tx, now) => ({ status: 201, body: await scheduleFollowUp(tx, actor, request.params.id, request.body, now) }));
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/followups/:id/record', { schema: { summary: 'Registrar un seguimiento realizado o un intento / record a follow-up or an attempt', tags: ['follow-up'], params: IdParams, body: RecordFollowUpRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const result = await write(request, actor, 'UPDATE', 'followup', request.params.id, async (tx, now) => ({ status: 200, body: await recordFollowUp(tx, actor, request.params.id, request.body, now) }));
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/followups/:id/cancel', { schema: { summary: 'Cancelar un seguimiento programado / cancel a scheduled follow-up', tags: ['follow-up'], params: IdParams, body: CancelFollowUpRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const result = await write(request, actor, 'UPDATE', 'followup', request.params.id, async (tx, now) => ({ status: 200, body: await cancelFollowUp(tx, actor, request.params.id, request.body, now) }));
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/worklist', { schema: { summary: 'Pendientes de mi unidad o míos / my unit\'s or my worklist', tags: ['follow-up'], querystring: WorklistQuery }, config: { policy: 'case.list' } }, async (request) => {
    const actor = await signedIn(request);
    const { scope, noContactDays, limit, list: only, after } = request.query;
    const list = await worklist(db, actor, { scope, today: todayAt(config.now()), noContactDays, limit, list: only, after });
    await audit(request, { action: 'LIST', entityType: 'followup', groups: ['G1', 'G5'], purpose: `worklist:${request.query.scope}`, recordIds: [...new Set([...list.overdue, ...list.dueToday, ...list.upcoming, ...list.withoutPlan, ...list.withoutContact, ...list.proposals].map((i) => i.caseFileId))] });
    return list;
  });

  app.get('/api/alerts', { schema: { summary: 'Alertas que me alcanzan / alerts that reach me', tags: ['follow-up'] }, config: { policy: 'case.list' } }, async (request) => {
    const actor = await signedIn(request);
    const now = config.now();
    await db.transaction((tx) => lapseComingOfAge(tx, { ownerAgencyId: actor.agencyId }, todayAt(now)));
    const items = await alertsFor(db, actor, now, todayAt(now));
    await audit(request, { action: 'LIST', entityType: 'alert', groups: ['G5'], purpose: 'alerts', recordIds: [...new Set(items.map((i) => i.caseFileId))] });
    return { items, at: now.toISOString() };
  });

  const presentPlan = (actor: Actor, plan: PlanRecord) => ({ plan, nextStates: plan.ownerAgencyId === actor.agencyId ? planNextStates(plan.state) : [] });

  app.get('/api/case-files/:id/plans', { schema: { summary: 'Planes de reintegración de un expediente / reintegration plans of a case file', tags: ['follow-up'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const actor = await signedIn(request);
    const { caseFile, target } = await caseInReach(db, actor, request.params.id, 'readCare');
    const plans = await loadAreaRecordsOfCase<PlanRecord>(db, 'care_plan', caseFile.id, caseFile.personId);
    await audit(request, { action: 'READ', entityType: 'care_plan', entityId: caseFile.id, groups: ['G5'] });
    return { items: plans.map((p) => presentPlan(actor, p)), canWrite: caseFilePolicy.can(actor, 'writeCare', target) };
  });

  app.post('/api/case-files/:id/plans', { schema: { summary: 'Elaborar un plan de reintegración / draw up a reintegration plan', tags: ['follow-up'], params: IdParams, body: PlanContent, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const result = await write(request, actor, 'CREATE', 'care_plan', undefined, async (tx, now) => ({ status: 201, body: presentPlan(actor, await createPlan(tx, actor, request.params.id, request.body, now)) }));
    return reply.status(result.status).send(result.body);
  });

  app.put('/api/plans/:id', { schema: { summary: 'Revisar el contenido del plan / revise the plan', tags: ['follow-up'], params: IdParams, body: UpdatePlanRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const result = await write(request, actor, 'UPDATE', 'care_plan', request.params.id, async (tx, now) => ({ status: 200, body: presentPlan(actor, await updatePlan(tx, actor, request.params.id, request.body.version, request.body.content, now)) }));
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/plans/:id/transitions', { schema: { summary: 'Cambiar el estado del plan / change the plan\'s state', tags: ['follow-up'], params: IdParams, body: PlanTransitionRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    // Approval is a supervisor's: she may not hold a care role herself.
    const actor = await signedIn(request);
    const result = await write(request, actor, 'TRANSITION', 'care_plan', request.params.id, async (tx, now) => ({ status: 200, body: presentPlan(actor, await transitionPlan(tx, actor, request.params.id, request.body, now)) }));
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/plans/:id/progress', { schema: { summary: 'Registrar avance de un objetivo / record a goal\'s progress', tags: ['follow-up'], params: IdParams, body: GoalProgressRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const result = await write(request, actor, 'UPDATE', 'care_plan', request.params.id, async (tx, now) => ({ status: 200, body: presentPlan(actor, await recordGoalProgress(tx, actor, request.params.id, request.body, now)) }));
    return reply.status(result.status).send(result.body);
  });
}
