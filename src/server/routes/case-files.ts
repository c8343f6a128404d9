// Victim case files and their persons: register, list and search, read, change, move through the
// lifecycle, history. Routes stay thin: parse, authorise, run a command, present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { moveKind, needsApproval, nextStates, TRANSITIONS } from '../../domain/case-lifecycle.ts';
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import { ApproveClosureRequest, ListCasesQuery, RegisterCaseRequest, ReturnClosureRequest, TransitionRequest, UpdateCaseRequest, UpdatePersonRequest } from '../../domain/schemas.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { newRecordId } from '../db/ids.ts';
import { keyOfCaseFilePerson, loadPerson } from '../actions/store.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { approveClosure, registerCase, returnClosure, transitionCaseFile, updateCaseFile, updatePerson } from '../commands/case-files.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';
import { notFound, Problem } from '../errors.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { abilities, allow, caseFilePolicy, type CaseFileAction, type CaseTarget } from '../policies/case-files.ts';
import { loadReachableCaseFile } from '../queries/reach.ts';
import { caseFileHistory, listCaseFiles } from '../queries/case-files.ts';
import { IdParams, WriteHeaders } from './params.ts';


function present(actor: Actor, caseFile: CaseFileRecord, person: PersonRecord | undefined, target: CaseTarget = caseFile) {
  const can = abilities(actor, target);
  return {
    caseFile,
    // Identity and contact (G1) only for those who may read them on this record.
    person: can.readIdentity ? person : undefined,
    abilities: can,
    // The moves this user may take (§8.1 roles); while a move waits for approval, no supervised move is offered again.
    nextStates: nextStates(caseFile.state, caseFile.stateBeforeSuspension).filter(
      (to) => caseFilePolicy.can(actor, moveKind(caseFile.state, to), target) && !(caseFile.closureProposal && needsApproval(caseFile.state, to)),
    ),
    // Of those, the moves that go to a supervisor of the unit for approval (four eyes, §8.1).
    approvalNeeded: TRANSITIONS[caseFile.state].filter((to) => needsApproval(caseFile.state, to)),
  };
}

/** `present`, with the name of who proposed a closure that waits for approval (one look-up, only then). */
async function presentWithProposer(q: Queryable, actor: Actor, caseFile: CaseFileRecord, person: PersonRecord | undefined, target: CaseTarget = caseFile) {
  const view = present(actor, caseFile, person, target);
  const proposedBy = caseFile.closureProposal?.proposedBy;
  if (!proposedBy) return view;
  const [user] = await q.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [proposedBy]);
  return { ...view, closureProposedByName: user?.display_name ?? null };
}

/** The audit purpose of a supervised move: CLOSURE_PROPOSED… for a closure, as before; DESCARTADO_PROPOSED… otherwise. */
function proposedPurpose(to: string, step: 'PROPOSED' | 'APPROVED' | 'RETURNED'): string {
  return `${to === 'CERRADO' ? 'CLOSURE' : to}_${step}`;
}

export async function caseFileRoutes(base: FastifyInstance, { db, requireSession, linkage, audit, config }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  const authorise = async (request: FastifyRequest, action: CaseFileAction): Promise<Actor> => {
    await requireSession(request);
    const actor = actorOf(request);
    if (!allow(actor, action)) throw new Problem(403, 'problem.forbidden');
    return actor;
  };
  const searchLimit = new RateLimiter(120, 60_000);
  const idempotency = (request: FastifyRequest) =>
    idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);

  app.get('/api/case-files', { schema: { summary: 'Listar y buscar expedientes / list and search case files', tags: ['case-files'], querystring: ListCasesQuery }, config: { policy: 'case.list' } }, async (request) => {
    const actor = await authorise(request, 'list');
    // Searching by name or document is how someone would trawl the registry: bounded per user.
    if (request.query.q && searchLimit.hit(actor.userId) > 0) throw new Problem(429, 'problem.tooManyRequests');
    const page = await listCaseFiles(db, actor, request.query);
    await audit(request, { action: 'LIST', entityType: 'case_file', groups: ['G1', 'G2'], purpose: request.query.q ? 'search' : 'list', recordIds: page.items.map((i) => i.id) });
    return page;
  });

  app.post('/api/case-files', { schema: { summary: 'Registrar víctima y expediente / register a victim and case file', tags: ['case-files'], body: RegisterCaseRequest, headers: WriteHeaders }, config: { policy: 'case.register' } }, async (request, reply) => {
    const actor = await authorise(request, 'register');
    const newPerson = request.body.person;
    const personId = newRecordId();
    const retry = idempotency(request);
    // Scored before any transaction, and her match proposals decided then too: a new person's
    // registration is then one statement committed on its own, without BEGIN and COMMIT around
    // it, her groups joined in it when a proposal links her at once.
    const arrival = newPerson && linkage ? await linkage.arrival(db, personId, actor.agencyKey, newPerson) : undefined;
    const linking = arrival && linkage ? await linkage.onArrival(db, actor, personId, actor.agencyId, arrival) : undefined;
    const alone = newPerson !== undefined && retry === undefined && (linkage === undefined || arrival !== undefined);
    let registered: PersonRecord | undefined;
    const result = alone
      ? await (async () => {
          const { person, caseFile } = await registerCase(db, actor, request.body, personId, linking);
          registered = person;
          return { status: 201, body: present(actor, caseFile, person), replayed: false };
        })()
      : await runCommand(db, actor, retry, async (tx) => {
          const { person, caseFile } = await registerCase(tx, actor, request.body, personId, linking);
          // Scored: linked in the registration's statement; else the index is still being built,
          // and she waits in the linkage queue.
          if (newPerson && linkage && !arrival) await linkage.linkOrQueue(tx, actor, person.id, actor.agencyKey, person, actor.agencyId);
          registered = person;
          return { status: 201, body: present(actor, caseFile, person) };
        });
    if (registered && newPerson) linkage?.indexed(registered.id, actor.agencyKey, registered, registered.version);
    await audit(request, { action: 'CREATE', entityType: 'case_file', entityId: (result.body as { caseFile: { id: string } }).caseFile.id, groups: ['G1', 'G2'] });
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(result.status).header('Location', `/api/case-files/${(result.body as { caseFile: { id: string } }).caseFile.id}`).send(result.body);
  });

  app.get('/api/case-files/:id', { schema: { summary: 'Ver un expediente / read a case file', tags: ['case-files'], params: IdParams }, config: { policy: ['case.read', 'breakGlass'] } }, async (request) => {
    const actor = actorOf(request);
    const found = await loadReachableCaseFile(db, actor, request.params.id);
    if (!found) throw notFound();
    caseFilePolicy.authorize(actor, 'read', found.target);
    const view = await presentWithProposer(db, actor, found.caseFile, found.person, found.target);
    await audit(request, { action: 'READ', entityType: 'case_file', entityId: found.caseFile.id, groups: view.person ? ['G1', 'G2'] : ['G2'], purpose: found.target === found.caseFile ? undefined : 'shared' });
    return view;
  });

  app.patch('/api/case-files/:id', { schema: { summary: 'Modificar un expediente / change a case file', tags: ['case-files'], params: IdParams, body: UpdateCaseRequest, headers: WriteHeaders }, config: { policy: 'case.update' } }, async (request, reply) => {
    const actor = await authorise(request, 'update');
    const result = await runCommand(db, actor, idempotency(request), async (tx) => {
      const caseFile = await updateCaseFile(tx, actor, request.params.id, request.body);
      return { status: 200, body: await presentWithProposer(tx, actor, caseFile, await loadPerson(tx, caseFile.personId, actor.agencyId)) };
    });
    await audit(request, { action: 'UPDATE', entityType: 'case_file', entityId: request.params.id, groups: ['G2'], reason: request.body.reason });
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/case-files/:id/transitions', { schema: { summary: 'Cambiar el estado / change the lifecycle state', tags: ['case-files'], params: IdParams, body: TransitionRequest, headers: WriteHeaders }, config: { policy: 'case.transition' } }, async (request, reply) => {
    const actor = await authorise(request, 'transition');
    const result = await runCommand(db, actor, idempotency(request), async (tx) => {
      const caseFile = await transitionCaseFile(tx, actor, request.params.id, request.body, config.now());
      // A supervised move is proposed, not done (§8.1 four eyes): 202, the file in its state with the proposal.
      return { status: caseFile.state === request.body.to ? 200 : 202, body: await presentWithProposer(tx, actor, caseFile, await loadPerson(tx, caseFile.personId, actor.agencyId)) };
    });
    await audit(request, { action: 'TRANSITION', entityType: 'case_file', entityId: request.params.id, groups: ['G2'], purpose: result.status === 202 ? proposedPurpose(request.body.to, 'PROPOSED') : request.body.to, reason: request.body.reason });
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/case-files/:id/closure/approval', { schema: { summary: 'Aprobar el cierre propuesto (jefatura de la unidad) / approve the proposed closure (head of unit)', tags: ['case-files'], params: IdParams, body: ApproveClosureRequest, headers: WriteHeaders }, config: { policy: 'case.close' } }, async (request, reply) => {
    const actor = await authorise(request, 'close');
    const result = await runCommand(db, actor, idempotency(request), async (tx) => {
      const caseFile = await approveClosure(tx, actor, request.params.id, request.body, config.now());
      return { status: 200, body: present(actor, caseFile, await loadPerson(tx, caseFile.personId, actor.agencyId)) };
    });
    await audit(request, { action: 'TRANSITION', entityType: 'case_file', entityId: request.params.id, groups: ['G2'], purpose: proposedPurpose(result.body.caseFile.state, 'APPROVED') });
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/case-files/:id/closure/return', { schema: { summary: 'Devolver el cierre propuesto, con el motivo / return the proposed closure, with the reason', tags: ['case-files'], params: IdParams, body: ReturnClosureRequest, headers: WriteHeaders }, config: { policy: 'case.close' } }, async (request, reply) => {
    const actor = await authorise(request, 'close');
    const result = await runCommand(db, actor, idempotency(request), async (tx) => {
      const { caseFile, to } = await returnClosure(tx, actor, request.params.id, request.body);
      return { status: 200, body: { ...present(actor, caseFile, await loadPerson(tx, caseFile.personId, actor.agencyId)), returned: to } };
    });
    await audit(request, { action: 'TRANSITION', entityType: 'case_file', entityId: request.params.id, groups: ['G2'], purpose: proposedPurpose(result.body.returned, 'RETURNED'), reason: request.body.reason });
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/case-files/:id/history', { schema: { summary: 'Historial de acciones / history of actions', tags: ['case-files'], params: IdParams }, config: { policy: ['case.read', 'breakGlass'] } }, async (request) => {
    const actor = actorOf(request);
    const found = await loadReachableCaseFile(db, actor, request.params.id);
    if (!found) throw notFound();
    const caseFile = found.caseFile;
    caseFilePolicy.authorize(actor, 'history', found.target, 'read');
    const items = await caseFileHistory(db, caseFile.id, caseFile.personId, await keyOfCaseFilePerson(db, caseFile));
    await audit(request, { action: 'READ_HISTORY', entityType: 'case_file', entityId: caseFile.id, groups: ['G1', 'G2'] });
    return { items };
  });

  app.patch('/api/persons/:id', { schema: { summary: 'Modificar los datos de una persona / change a person', tags: ['persons'], params: IdParams, body: UpdatePersonRequest, headers: WriteHeaders }, config: { policy: 'person.update' } }, async (request, reply) => {
    const actor = await authorise(request, 'update');
    let corrected: PersonRecord | undefined;
    const result = await runCommand(db, actor, idempotency(request), async (tx) => {
      const person = await updatePerson(tx, actor, request.params.id, request.body);
      // A corrected name or birth date may reveal matches that were not visible before.
      if (linkage) await linkage.linkOrQueue(tx, actor, person.id, actor.agencyKey, person, actor.agencyId);
      corrected = person;
      return { status: 200, body: { person } };
    });
    if (corrected) linkage?.indexed(corrected.id, actor.agencyKey, corrected, corrected.version);
    await audit(request, { action: 'UPDATE', entityType: 'person', entityId: request.params.id, groups: ['G1'], reason: request.body.reason });
    return reply.status(result.status).send(result.body);
  });
}
