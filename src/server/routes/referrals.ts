// Referrals between agencies over HTTP: refer a case file, the inbox and outbox of a unit, one
// referral, answering and carrying it out. Every read and write is audited; the receiver's reads
// name the groups the referral shares.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreateReferralRequest, ListReferralsQuery, ReferralTransitionRequest } from '../../domain/schemas-followup.ts';
import type { Actor } from '../actor.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { caseInReach } from '../commands/care-context.ts';
import { createReferral, transitionReferral } from '../commands/referrals.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';
import { notFound } from '../errors.ts';
import { listReferrals, referralsOfCase, referralUnits, referralView } from '../queries/referrals.ts';
import { IdParams, WriteHeaders } from './params.ts';


export async function referralRoutes(base: FastifyInstance, { db, requireSession, audit, config }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  // The route's policy (config.policy) has signed the caller in and checked her permission.
  const signedIn = async (request: FastifyRequest): Promise<Actor> => {
    await requireSession(request);
    return actorOf(request);
  };
  const idempotency = (request: FastifyRequest) => idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);

  app.get('/api/referral-units', { schema: { summary: 'Unidades a las que se puede derivar / units a referral can go to', tags: ['referrals'] }, config: { policy: 'case.refer' } }, async (request) => {
    await signedIn(request);
    return { items: await referralUnits(db) };
  });

  app.post('/api/case-files/:id/referrals', { schema: { summary: 'Derivar a otra unidad / refer to another unit', tags: ['referrals'], params: IdParams, body: CreateReferralRequest, headers: WriteHeaders }, config: { policy: 'case.refer' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const now = config.now();
    const result = await runCommand(db, actor, idempotency(request), async (tx) => ({ status: 201, body: await createReferral(tx, actor, request.params.id, request.body, now) }));
    await audit(request, { action: 'CREATE', entityType: 'referral', entityId: result.body.id, groups: ['G2'], purpose: `refer:${request.body.toUnitId}` });
    return reply.status(result.status).header('Location', `/api/referrals/${result.body.id}`).send(result.body);
  });

  app.get('/api/case-files/:id/referrals', { schema: { summary: 'Derivaciones de un expediente / referrals of a case file', tags: ['referrals'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const actor = await signedIn(request);
    const { caseFile } = await caseInReach(db, actor, request.params.id, 'read');
    const items = await referralsOfCase(db, actor, caseFile.id, caseFile.ownerAgencyId === actor.agencyId, config.now());
    await audit(request, { action: 'READ', entityType: 'referral', entityId: caseFile.id, groups: ['G2'] });
    return { items };
  });

  app.get('/api/referrals', { schema: { summary: 'Bandeja de derivaciones recibidas o enviadas / referral inbox or outbox', tags: ['referrals'], querystring: ListReferralsQuery }, config: { policy: 'referral.answer' } }, async (request) => {
    const actor = await signedIn(request);
    const list = await listReferrals(db, actor, request.query.box, request.query.state, config.now());
    await audit(request, { action: 'LIST', entityType: 'referral', groups: ['G2'], purpose: request.query.box, recordIds: list.items.flatMap((r) => [r.id, r.caseFileId]) });
    return list;
  });

  app.get('/api/referrals/:id', { schema: { summary: 'Ver una derivación / read a referral', tags: ['referrals'], params: IdParams }, config: { policy: 'referral.answer' } }, async (request) => {
    const actor = await signedIn(request);
    const view = await referralView(db, actor, request.params.id, config.now());
    if (!view) throw notFound();
    await audit(request, { action: 'READ', entityType: 'referral', entityId: request.params.id, groups: ['G2'] });
    return view;
  });

  app.post('/api/referrals/:id/transitions', { schema: { summary: 'Enviar, aceptar, rechazar, cancelar, completar o revocar / send, accept, reject, cancel, complete or revoke', tags: ['referrals'], params: IdParams, body: ReferralTransitionRequest, headers: WriteHeaders }, config: { policy: 'referral.answer' } }, async (request, reply) => {
    const actor = await signedIn(request);
    const now = config.now();
    const result = await runCommand(db, actor, idempotency(request), async (tx) => ({ status: 200, body: await transitionReferral(tx, actor, request.params.id, request.body, now) }));
    await audit(request, { action: 'TRANSITION', entityType: 'referral', entityId: request.params.id, groups: ['G2'], purpose: request.body.to });
    return reply.status(result.status).send(result.body);
  });
}
