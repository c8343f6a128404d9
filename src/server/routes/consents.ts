// The person's consents per purpose on a case file: record one (given or refused), list them,
// withdraw one. A consent to share opens a share; its withdrawal revokes it. Every call audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RecordConsentRequest, WithdrawConsentRequest } from '../../domain/consents.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { caseInReach } from '../commands/care-context.ts';
import { todayInPeru } from '../../domain/dates.ts';
import { consentRenewals, consentsOf, coSignConsent, lapseComingOfAge, recordConsent, withdrawConsent } from '../commands/consents.ts';
import { idempotencyOf, idempotencyRequest, runCommand } from '../commands/run.ts';
import { IdParams, WriteHeaders } from './params.ts';

const ConsentParams = z.object({ id: z.uuid({ error: 'invalid.id' }), consentId: z.uuid({ error: 'invalid.id' }) });
const RenewalsQuery = z.object({ withinDays: z.coerce.number({ error: 'invalid.value' }).int({ error: 'invalid.value' }).min(0, { error: 'invalid.value' }).max(366, { error: 'invalid.value' }).default(60) }).strict();

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
    // A representative's consent for a child who has just come of age shows as lapsed, not in force.
    const items = await db.transaction(async (tx) => {
      await lapseComingOfAge(tx, { caseFileId: caseFile.id }, todayInPeru());
      return consentsOf(tx, actor, caseFile.id);
    });
    await audit(request, { action: 'READ', entityType: 'consent', entityId: caseFile.id, groups: ['G2'], recordIds: items.map((c) => c.id) });
    return { items };
  });

  app.post('/api/case-files/:id/consents/:consentId/withdrawal', { schema: { summary: 'Retirar un consentimiento (deja de compartirse) / withdraw a consent (sharing stops)', tags: ['consents'], params: ConsentParams, body: WithdrawConsentRequest, headers: WriteHeaders }, config: { policy: 'consent.record' } }, async (request, reply) => {
    const actor = actorOf(request);
    const idempotency = idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);
    const result = await runCommand(db, actor, idempotency, async (tx) => ({ status: 200, body: { consent: await withdrawConsent(tx, actor, request.params.id, request.params.consentId, request.body) } }));
    await audit(request, { action: 'WITHDRAW_CONSENT', entityType: 'case_file', entityId: request.params.id, groups: [], purpose: `${result.body.consent.purpose} ${request.params.consentId}` });
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/case-files/:id/consents/:consentId/co-signature', { schema: { summary: 'Firma de la jefatura en un consentimiento de imagen o testimonio público / the head of unit co-signs a consent to a public image or testimony', tags: ['consents'], params: ConsentParams, headers: WriteHeaders }, config: { policy: 'case.read' } }, async (request, reply) => {
    const actor = actorOf(request);
    // A retry with the same key answers the signature already given, not "no consent to co-sign".
    const result = await runCommand(db, actor, idempotencyOf(request), async (tx) => ({ status: 200, body: { consent: await coSignConsent(tx, actor, request.params.id, request.params.consentId) } }));
    const { consent } = result.body;
    await audit(request, { action: 'COSIGN_CONSENT', entityType: 'case_file', entityId: request.params.id, groups: [], purpose: `${consent.purpose} ${consent.id}` });
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/consent-renewals', { schema: { summary: 'Consentimientos que la persona debe renovar al cumplir 18 años / consents the person must renew on coming of age', tags: ['consents'], querystring: RenewalsQuery }, config: { policy: 'consent.record' } }, async (request) => {
    const actor = actorOf(request);
    const items = await db.transaction((tx) => consentRenewals(tx, actor, todayInPeru(), request.query.withinDays));
    await audit(request, { action: 'LIST', entityType: 'consent', groups: ['G1', 'G2'], purpose: 'renewals', recordIds: [...new Set(items.map((i) => i.caseFileId))] });
    return { items };
  });
}
