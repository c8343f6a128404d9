// The data subject's right of access (ARCO): everything the agency holds about a person, as JSON
// and as a readable document to print or save as PDF. Rectification is the ordinary, audited edit
// of the person; cancellation destroys her data key (identity gone, counts and histories kept).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, type RouteDeps } from '../app.ts';
import { notFound } from '../errors.ts';
import { caseFilePolicy } from '../policies/case-files.ts';
import { freeText } from '../../domain/schemas.ts';
import { erasePerson } from '../commands/erasure.ts';
import { idempotencyOf, runCommand } from '../commands/run.ts';
import { personExport } from '../queries/arco.ts';
import { exportDocument } from './arco-document.ts';
import { exportPdf } from './arco-pdf.ts';
import { IdParams, WriteHeaders } from './params.ts';

/** The request being answered (its number or channel and date): it is kept, so no personal data in it. */
const ErasureBody = z.object({ requestReference: freeText(200).pipe(z.string().min(20, { error: 'invalid.reasonTooShort:20' })) }).strict();

export async function arcoRoutes(base: FastifyInstance, { db, audit, linkage }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  const load = async (request: { params: { id: string } } & Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(request);
    const data = await personExport(db, request.params.id, actor.agencyId);
    if (!data || !caseFilePolicy.can(actor, 'exportPerson', { ownerAgencyId: data.person.ownerAgencyId })) throw notFound();
    return data;
  };

  app.get('/api/persons/:id/export', { schema: { summary: 'Derecho de acceso: todo lo que se guarda de una persona (JSON) / right of access: everything held about a person (JSON)', tags: ['arco'], params: IdParams }, config: { policy: 'arco' } }, async (request, reply) => {
    const data = await load(request);
    await audit(request, { action: 'EXPORT', entityType: 'person', entityId: request.params.id, groups: ['G1', 'G2'], purpose: 'ARCO access (JSON)' });
    return reply.header('Content-Disposition', `attachment; filename="acceso-${request.params.id}.json"`).send(data);
  });

  app.get('/api/persons/:id/export.html', { schema: { summary: 'Derecho de acceso: documento legible para imprimir / right of access: readable document to print', tags: ['arco'], params: IdParams }, config: { policy: 'arco' } }, async (request, reply) => {
    const data = await load(request);
    await audit(request, { action: 'EXPORT', entityType: 'person', entityId: request.params.id, groups: ['G1', 'G2'], purpose: 'ARCO access (document)' });
    return reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(exportDocument(data, request.lang));
  });

  app.get('/api/persons/:id/export.pdf', { schema: { summary: 'Derecho de acceso: documento PDF / right of access: PDF document', tags: ['arco'], params: IdParams }, config: { policy: 'arco' } }, async (request, reply) => {
    const data = await load(request);
    await audit(request, { action: 'EXPORT', entityType: 'person', entityId: request.params.id, groups: ['G1', 'G2'], purpose: 'ARCO access (PDF)' });
    return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="acceso-${request.params.id}.pdf"`).send(exportPdf(data, request.lang));
  });

  app.post('/api/persons/:id/erasure', { schema: { summary: 'Derecho de cancelación: destruye la clave de datos de la persona / right of cancellation: destroys the person\'s data key', tags: ['arco'], params: IdParams, body: ErasureBody, headers: WriteHeaders }, config: { policy: 'arco' } }, async (request, reply) => {
    const actor = actorOf(request);
    // A retry with the same key (the answer lost on the way) gets the first answer, not 409 "already erased".
    const result = await runCommand(db, actor, idempotencyOf(request), async (tx) => ({ status: 200, body: { erasure: await erasePerson(tx, actor, request.params.id, request.body.requestReference) } }));
    // The running linkage index forgets her names: her record is replaced by one without identity.
    linkage?.erased(request.params.id, actor.agencyKey);
    await audit(request, { action: 'ERASE', entityType: 'person', entityId: request.params.id, groups: ['G1'], purpose: request.body.requestReference });
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(result.status).send(result.body);
  });
}
