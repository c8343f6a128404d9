// Record linkage over HTTP: the review queue, decisions and unmerges, the person across agencies,
// and the count of unique persons with the overlap between agencies.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MATCH_STATUSES, REVIEW_DECISIONS } from '../../domain/matches.ts';
import { freeText, Version } from '../../domain/schemas.ts';
import type { Actor } from '../actor.ts';
import { loadPerson } from '../actions/store.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { changeMatch, detachPerson } from '../commands/linkage.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';
import { notFound, Problem } from '../errors.ts';
import { allow } from '../policies/case-files.ts';
import { allowLinkage, type LinkageAction } from '../policies/linkage.ts';
import { mayOnPerson } from '../queries/reach.ts';
import { linkageSummary, matchDetail, matchQueue, personGroup } from '../queries/linkage.ts';
import { IdParams } from './params.ts';

const QueueQuery = z
  .object({
    status: z.enum(MATCH_STATUSES, { error: 'invalid.value' }).default('PENDING_REVIEW'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
const DecisionBody = z.object({ version: Version, decision: z.enum(REVIEW_DECISIONS, { error: 'invalid.value' }), reason: freeText(500).optional() }).strict();
const ChangeBody = z.object({ version: Version, reason: freeText(500) }).strict();
const DetachBody = z.object({ reason: freeText(500).pipe(z.string().min(1, { error: 'invalid.required' })) }).strict();

export async function linkageRoutes(base: FastifyInstance, { db, requireSession, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const authorise = async (request: FastifyRequest, action: LinkageAction): Promise<Actor> => {
    await requireSession(request);
    const actor = actorOf(request);
    if (!allowLinkage(actor, action)) throw new Problem(403, 'problem.forbidden');
    return actor;
  };
  const idempotency = (request: FastifyRequest) => idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);

  app.get('/api/matches', { schema: { summary: 'Cola de revisión de coincidencias / match review queue', tags: ['linkage'], querystring: QueueQuery }, config: { policy: 'linkage.review' } }, async (request) => {
    await authorise(request, 'review');
    const page = await matchQueue(db, request.query.status, request.query.page, request.query.pageSize);
    await audit(request, { action: 'LIST', entityType: 'match', groups: ['G1'], purpose: 'linkage review', recordIds: page.items.flatMap((m) => [m.id, m.personA, m.personB]) });
    return page;
  });

  app.get('/api/matches/:id', { schema: { summary: 'Una coincidencia con ambos registros / a match with both records', tags: ['linkage'], params: IdParams }, config: { policy: 'linkage.review' } }, async (request) => {
    await authorise(request, 'review');
    const detail = await matchDetail(db, request.params.id);
    if (!detail) throw notFound();
    await audit(request, { action: 'READ', entityType: 'match', entityId: detail.id, groups: ['G1'], purpose: 'linkage review' });
    return detail;
  });

  const change = (kind: 'decide' | 'unlink' | 'reopen') => async (request: FastifyRequest<{ Params: { id: string }; Body: { version: number; reason?: string; decision?: (typeof REVIEW_DECISIONS)[number] } }>) => {
    const actor = await authorise(request, 'review');
    const { version, reason, decision } = request.body;
    const result = await runCommand(db, actor, idempotency(request), async (tx) => ({
      status: 200,
      body: { match: await changeMatch(tx, actor, request.params.id, version, kind === 'decide' ? { kind, decision: decision ?? 'UNSURE' } : { kind }, reason) },
    }));
    await audit(request, { action: kind.toUpperCase(), entityType: 'match', entityId: request.params.id, groups: ['G1'], reason });
    return result.body;
  };
  app.post('/api/matches/:id/decision', { schema: { summary: 'Decidir: misma persona, no, o no seguro / decide a match', tags: ['linkage'], params: IdParams, body: DecisionBody }, config: { policy: 'linkage.review' } }, change('decide'));
  app.post('/api/matches/:id/unlink', { schema: { summary: 'Deshacer un vínculo / undo a link', tags: ['linkage'], params: IdParams, body: ChangeBody }, config: { policy: 'linkage.review' } }, change('unlink'));
  app.post('/api/matches/:id/reopen', { schema: { summary: 'Volver a revisar / send back to review', tags: ['linkage'], params: IdParams, body: ChangeBody }, config: { policy: 'linkage.review' } }, change('reopen'));

  app.post('/api/persons/:id/detach', { schema: { summary: 'Separar un registro de la persona vinculada / take a record out of its person', tags: ['linkage'], params: IdParams, body: DetachBody }, config: { policy: 'linkage.review' } }, async (request) => {
    const actor = await authorise(request, 'review');
    const result = await runCommand(db, actor, idempotency(request), async (tx) => ({ status: 200, body: { unlinked: await detachPerson(tx, actor, request.params.id, request.body.reason) } }));
    await audit(request, { action: 'DETACH', entityType: 'person', entityId: request.params.id, groups: ['G1'], reason: request.body.reason });
    return result.body;
  });

  app.get('/api/persons/:id/group', { schema: { summary: 'La persona en todas las instituciones / the person across agencies', tags: ['linkage'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    await requireSession(request);
    const actor = actorOf(request);
    if (!allow(actor, 'read')) throw new Problem(403, 'problem.forbidden');
    // The viewer opens a person through her own agency's record; the others are shown by provenance.
    const own = await loadPerson(db, request.params.id, actor.agencyId);
    if (!own || !(await mayOnPerson(db, actor, 'readIdentity', own))) throw notFound();
    const group = await personGroup(db, actor, request.params.id);
    await audit(request, { action: 'READ', entityType: 'person', entityId: request.params.id, groups: ['G1', 'G2'] });
    return group;
  });

  app.get('/api/linkage/summary', { schema: { summary: 'Personas únicas y superposición entre instituciones / unique persons and overlap', tags: ['linkage'] }, config: { policy: 'linkage.summary' } }, async (request) => {
    await authorise(request, 'summary');
    return linkageSummary(db);
  });
}
