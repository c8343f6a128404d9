// The data subject's right of access (ARCO): everything the agency holds about a person, as JSON
// and as a readable document to print or save as PDF. Rectification is the ordinary, audited edit
// of the person; cancellation destroys her data key (identity gone, counts and histories kept).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, type RouteDeps } from '../app.ts';
import { notFound } from '../errors.ts';
import { caseFilePolicy } from '../policies/case-files.ts';
import { personExport } from '../queries/arco.ts';
import { exportDocument } from './arco-document.ts';

const IdParams = z.object({ id: z.uuid({ error: 'invalid.id' }) });

export async function arcoRoutes(base: FastifyInstance, { db, audit }: RouteDeps): Promise<void> {
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
}
