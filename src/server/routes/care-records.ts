// Services delivered, risk assessments, shelter stays (and each shelter's capacity and occupancy)
// and the criminal proceeding over HTTP. Routes stay thin: parse, authorise, run a command,
// present; every read and write of a person's record is audited with its data group (services and
// risk G5, shelter stays G6, the proceeding G4). Care staff without G4 see the proceeding's stage
// only, to prepare the person for hearings (§8.2).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PROCEDURAL_TRANSITIONS } from '../../domain/criminal-process.ts';
import type { FieldGroup } from '../../domain/field-groups.ts';
import type { AreaRecord, ProceedingRecord, RiskAssessmentRecord, ServiceRecord, ShelterStayRecord } from '../../domain/followup-records.ts';
import { latestRisks } from '../../domain/risk.ts';
import {
  CreateProceedingRequest,
  CreateShelterStayRequest,
  ProceedingStageRequest,
  RecordServiceRequest,
  RiskAssessmentRequest,
  ShelterCapacityRequest,
  ShelterStayTransitionRequest,
  UpdateProceedingRequest,
} from '../../domain/schemas-followup.ts';
import { OCCUPYING, STAY_TRANSITIONS } from '../../domain/shelter.ts';
import type { Actor } from '../actor.ts';
import { loadAreaRecordsOfCase } from '../actions/followup-store.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { caseInReach } from '../commands/care-context.ts';
import { assessRisk, moveShelterStay, openProceeding, recordService, requestShelterStay, setShelterCapacity, stageProceeding, updateProceeding } from '../commands/care-records.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';
import type { Queryable } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { personRoute } from '../queries/route.ts';
import { caseFilePolicy, type CaseFileRecordAction } from '../policies/case-files.ts';
import { IdParams, WriteHeaders } from './params.ts';


type AreaEntity = 'service' | 'risk_assessment' | 'shelter_stay' | 'proceeding';

export async function careRecordRoutes(base: FastifyInstance, { db, requireSession, audit, config }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const signedIn = async (request: FastifyRequest): Promise<Actor> => {
    await requireSession(request);
    return actorOf(request);
  };
  const idempotency = (request: FastifyRequest) => idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);

  /** Runs a write in one transaction and audits it with the record's data group. */
  const write = async <T extends { id: string }>(request: FastifyRequest, action: string, entityType: AreaEntity, group: FieldGroup, work: (tx: Queryable, actor: Actor, now: Date) => Promise<T>, status = 200) => {
    const actor = await signedIn(request);
    const now = config.now();
    const result = await runCommand(db, actor, idempotency(request), async (tx) => ({ status, body: await work(tx, actor, now) }));
    await audit(request, { action, entityType, entityId: result.body.id, groups: [group] });
    return result;
  };

  /** Every record of one kind on a case file the actor reaches for this action, audited as read. */
  const listOf = async <T extends AreaRecord>(request: FastifyRequest, caseFileId: string, entity: AreaEntity, action: CaseFileRecordAction, group: FieldGroup) => {
    const actor = await signedIn(request);
    const { caseFile, target } = await caseInReach(db, actor, caseFileId, action);
    const items = await loadAreaRecordsOfCase<T>(db, entity, caseFile.id, caseFile.personId);
    await audit(request, { action: 'READ', entityType: entity, entityId: caseFile.id, groups: [group] });
    return { actor, target, items };
  };

  // ---- services ----------------------------------------------------------------------------
  app.get('/api/case-files/:id/services', { schema: { summary: 'Servicios brindados / services delivered', tags: ['follow-up'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const { actor, target, items } = await listOf<ServiceRecord>(request, request.params.id, 'service', 'readCare', 'G5');
    return { items: items.sort((a, b) => b.deliveredOn.localeCompare(a.deliveredOn)), canWrite: caseFilePolicy.can(actor, 'writeCare', target) };
  });
  app.post('/api/case-files/:id/services', { schema: { summary: 'Registrar un servicio brindado / record a service delivered', tags: ['follow-up'], params: IdParams, body: RecordServiceRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const result = await write(request, 'CREATE', 'service', 'G5', (tx, actor, now) => recordService(tx, actor, request.params.id, request.body, now), 201);
    return reply.status(result.status).send(result.body);
  });

  // ---- risk assessments ----------------------------------------------------------------------
  app.get('/api/case-files/:id/risk-assessments', { schema: { summary: 'Evaluaciones de riesgo / risk assessments', tags: ['follow-up'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const { actor, target, items } = await listOf<RiskAssessmentRecord>(request, request.params.id, 'risk_assessment', 'readCare', 'G5');
    return { items: items.sort((a, b) => b.assessedOn.localeCompare(a.assessedOn) || b.createdAt.localeCompare(a.createdAt)), current: latestRisks(items), canWrite: caseFilePolicy.can(actor, 'writeCare', target) };
  });
  app.post('/api/case-files/:id/risk-assessments', { schema: { summary: 'Evaluar el riesgo (al ingreso o ante un cambio) / assess the risk', tags: ['follow-up'], params: IdParams, body: RiskAssessmentRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const result = await write(request, 'CREATE', 'risk_assessment', 'G5', (tx, actor, now) => assessRisk(tx, actor, request.params.id, request.body, now), 201);
    return reply.status(result.status).send(result.body);
  });

  // ---- shelter stays and shelters ------------------------------------------------------------
  const presentStay = (stay: ShelterStayRecord) => ({ stay, nextStates: STAY_TRANSITIONS[stay.state] });
  app.get('/api/case-files/:id/shelter-stays', { schema: { summary: 'Alojamientos de un expediente / shelter stays of a case file', tags: ['follow-up'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const { actor, target, items } = await listOf<ShelterStayRecord>(request, request.params.id, 'shelter_stay', 'readShelter', 'G6');
    return { items: items.map(presentStay), canWrite: caseFilePolicy.can(actor, 'writeShelter', target) };
  });
  app.post('/api/case-files/:id/shelter-stays', { schema: { summary: 'Solicitar un alojamiento / request a shelter stay', tags: ['follow-up'], params: IdParams, body: CreateShelterStayRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const result = await write(request, 'CREATE', 'shelter_stay', 'G6', (tx, actor, now) => requestShelterStay(tx, actor, request.params.id, request.body, now), 201);
    return reply.status(result.status).send(presentStay(result.body));
  });
  app.post('/api/shelter-stays/:id/transitions', { schema: { summary: 'Ingreso, permanencia o egreso / admission, stay or exit', tags: ['follow-up'], params: IdParams, body: ShelterStayTransitionRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const result = await write(request, 'TRANSITION', 'shelter_stay', 'G6', (tx, actor, now) => moveShelterStay(tx, actor, request.params.id, request.body, now));
    return reply.status(result.status).send(presentStay(result.body));
  });
  app.get('/api/shelters', { schema: { summary: 'Albergues: capacidad y ocupación / shelters: capacity and occupancy', tags: ['follow-up'] }, config: { policy: 'case.read' } }, async (request) => {
    await signedIn(request);
    const rows = await db.query<{ id: string; name: string; agency: string; capacity: number | null; occupancy: number }>(
      `SELECT u.id, u.name, a.name AS agency, u.shelter_capacity AS capacity,
              (SELECT count(*) FROM shelter_stays s WHERE s.shelter_unit_id = u.id AND s.state = ANY($1::text[]))::int AS occupancy
         FROM units u JOIN agencies a ON a.id = u.agency_id WHERE u.is_shelter ORDER BY a.name, u.name`,
      [OCCUPYING],
    );
    return { items: rows.map((r) => ({ id: r.id, name: r.name, agency: r.agency, capacity: r.capacity, occupancy: r.occupancy, free: r.capacity === null ? null : Math.max(0, r.capacity - r.occupancy) })) };
  });
  app.put('/api/shelters/:id/capacity', { schema: { summary: 'Capacidad de un albergue / a shelter\'s capacity', tags: ['follow-up'], params: IdParams, body: ShelterCapacityRequest }, config: { policy: 'admin.users' } }, async (request) => {
    await signedIn(request);
    const result = await db.transaction((tx) => setShelterCapacity(tx, request.params.id, request.body.capacity));
    await audit(request, { action: 'UPDATE', entityType: 'unit', entityId: request.params.id, groups: [] });
    return result;
  });

  // ---- the person's route ---------------------------------------------------------------------
  app.get('/api/persons/:id/route', { schema: { summary: 'La ruta de la persona entre instituciones / the person\'s route across agencies', tags: ['follow-up'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const actor = await signedIn(request);
    const route = await personRoute(db, actor, request.params.id);
    if (!route) throw notFound();
    await audit(request, { action: 'READ', entityType: 'person', entityId: request.params.id, groups: ['G2', 'G5'], purpose: 'route' });
    return route;
  });

  // ---- the criminal proceeding ---------------------------------------------------------------
  const presentProceeding = (actor: Actor, p: ProceedingRecord, full: boolean) =>
    full
      ? { proceeding: p, nextStages: p.ownerAgencyId === actor.agencyId ? PROCEDURAL_TRANSITIONS[p.stage] : [] }
      : { proceeding: { id: p.id, caseFileId: p.caseFileId, stage: p.stage, stageOn: p.stageOn, version: p.version }, nextStages: [] };
  app.get('/api/case-files/:id/proceedings', { schema: { summary: 'Proceso penal de un expediente / criminal proceeding of a case file', tags: ['follow-up'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const actor = await signedIn(request);
    const { caseFile, target } = await caseInReach(db, actor, request.params.id, 'read');
    const full = caseFilePolicy.can(actor, 'readProceeding', target);
    const items = await loadAreaRecordsOfCase<ProceedingRecord>(db, 'proceeding', caseFile.id, caseFile.personId);
    await audit(request, { action: 'READ', entityType: 'proceeding', entityId: caseFile.id, groups: full ? ['G4'] : ['G2'] });
    return { items: items.map((p) => presentProceeding(actor, p, full)), full, canWrite: caseFilePolicy.can(actor, 'writeProceeding', target), canStage: caseFilePolicy.can(actor, 'stageProceeding', target) };
  });
  app.post('/api/case-files/:id/proceedings', { schema: { summary: 'Registrar la denuncia o el proceso / record the complaint or proceeding', tags: ['follow-up'], params: IdParams, body: CreateProceedingRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const result = await write(request, 'CREATE', 'proceeding', 'G4', (tx, actor, now) => openProceeding(tx, actor, request.params.id, request.body, now), 201);
    return reply.status(result.status).send(presentProceeding(actorOf(request), result.body, true));
  });
  app.put('/api/proceedings/:id', { schema: { summary: 'Números de expediente, medidas, reparación / file numbers, measures, reparation', tags: ['follow-up'], params: IdParams, body: UpdateProceedingRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const result = await write(request, 'UPDATE', 'proceeding', 'G4', (tx, actor, now) => updateProceeding(tx, actor, request.params.id, request.body, now));
    return reply.status(result.status).send(presentProceeding(actorOf(request), result.body, true));
  });
  app.post('/api/proceedings/:id/stages', { schema: { summary: 'Pasar a otra etapa procesal / move to another stage', tags: ['follow-up'], params: IdParams, body: ProceedingStageRequest, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const result = await write(request, 'TRANSITION', 'proceeding', 'G4', (tx, actor, now) => stageProceeding(tx, actor, request.params.id, request.body, now));
    return reply.status(result.status).send(presentProceeding(actorOf(request), result.body, true));
  });
}
