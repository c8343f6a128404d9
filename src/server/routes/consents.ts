// The person's consents per purpose on a case file: record one (given or refused), list them,
// withdraw one. A consent to share opens a share; its withdrawal revokes it. Every call audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RecordConsentRequest, WithdrawConsentRequest } from '../../domain/consents.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { caseInReach } from '../commands/care-context.ts';
import { consentsOf, recordConsent, withdrawConsent } from '../commands/consents.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';

const IdParams = z.object({ id: z.uuid({ error: 'invalid.id' }) });
const ConsentParams = z.object({ id: z.uuid({ error: 'invalid.id' }), consentId: z.uuid({ error: 'invalid.id' }) });
const WriteHeaders = z.object({ 'idempotency-key': z.string().optional() }).loose();

export async function consentRoutes(base: FastifyInstance, { db, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.post('/api/case-files/:id/consents', { schema: { summary: 'Registrar un consentimiento por finalidad / record a consent for one purpose', tags: ['consents'], params: IdParams, body: RecordConsentRequest, headers: WriteHeaders }, config: { policy: 'consent.record' } }, async (request, reply) => {
    const actor = actorOf(request);
    const idempotency = idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);
    const result = await runCommand(db, actor, idempotency, async (tx) => ({ status: 201, body: { consent: await recordConsent(tx, actor, request.params.id, request.body) } }));
    const consent = result.body.consent;
    await audit(request, { action: 'CONSENT', entityType: 'case_file', entityId: request.params.id, groups: consent.groups, purpose: `${consent.granted ? 'granted' : 'refused'} ${consent.purpose}${consent.agency ? ` ${consent.agency.key}` : ''} ${consent.id}` });
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/case-files/:id/consents', { schema: { summary: 'Consentimientos de la persona en un expediente / the person\'s consents on a case file', tags: ['consents'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const actor = actorOf(request);
    const { caseFile } = await caseInReach(db, actor, request.params.id, 'read');
    const items = await consentsOf(db, actor, caseFile.id);
    await audit(request, { action: 'READ', entityType: 'consent', entityId: caseFile.id, groups: ['G2'] });
    return { items };
  });

  app.post('/api/case-files/:id/consents/:consentId/withdrawal', { schema: { summary: 'Retirar un consentimiento (deja de compartirse) / withdraw a consent (sharing stops)', tags: ['consents'], params: ConsentParams, body: WithdrawConsentRequest, headers: WriteHeaders }, config: { policy: 'consent.record' } }, async (request, reply) => {
    const actor = actorOf(request);
    const idempotency = idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);
    const result = await runCommand(db, actor, idempotency, async (tx) => ({ status: 200, body: { consent: await withdrawConsent(tx, actor, request.params.id, request.params.consentId, request.body) } }));
    await audit(request, { action: 'WITHDRAW_CONSENT', entityType: 'case_file', entityId: request.params.id, groups: [], purpose: `${result.body.consent.purpose} ${request.params.consentId}` });
    return reply.status(result.status).send(result.body);
  });
}
