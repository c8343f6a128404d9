// HTCDS export over HTTP: a selection of case files as an HTCDS v2.0 file (CSV or JSON) for another
// system. Importing an HTCDS file is an ordinary import with the shipped profile `htcds`
// (POST /api/imports). Every exported case file is audited, with or without the identity.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { htcdsCsv, htcdsJson } from '../../importers/htcds.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { exportHtcds } from '../exports/htcds.ts';

const ExportBody = z
  .object({
    caseFileIds: z.array(z.uuid({ error: 'invalid.id' })).min(1, { error: 'invalid.required' }).max(500, { error: 'invalid.tooMany' }),
    format: z.enum(['csv', 'json'], { error: 'invalid.value' }).default('csv'),
    /** The agency the file is for (its key): the person's identity goes only where she consented to share it with it. */
    recipient: z.string().trim().min(1).max(20).optional(),
  })
  .strict();

export async function htcdsRoutes(base: FastifyInstance, { db, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/exports/htcds',
    {
      schema: {
        summary: 'Exportar expedientes en HTCDS v2.0 (CSV o JSON) / export case files as HTCDS v2.0 (CSV or JSON)',
        description:
          'Identity (prs_*) only for case files whose person consented to share it with `recipient`; the others are pseudonymous. Fields HTCDS lacks travel in x_enlace_* columns (docs/HTCDS.md). HTCDS by IOM, CC BY 4.0.',
        tags: ['imports'],
        body: ExportBody,
      },
      config: { policy: 'case.read' },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { records, withIdentity } = await exportHtcds(db, actor, request.body);
      const identified = new Set(withIdentity);
      for (const record of records) {
        const id = record.x_enlace_CaseId as string;
        await audit(request, { action: 'EXPORT_HTCDS', entityType: 'case_file', entityId: id, groups: identified.has(id) ? ['G1', 'G2'] : ['G2'], purpose: request.body.recipient ? `htcds:${request.body.recipient.toUpperCase()}` : 'htcds' });
      }
      const stamp = new Date().toISOString();
      const name = `htcds-${stamp.slice(0, 10)}.${request.body.format}`;
      reply.header('Content-Disposition', `attachment; filename="${name}"`);
      if (request.body.format === 'json') return reply.type('application/json; charset=utf-8').send(htcdsJson(records, stamp));
      return reply.type('text/csv; charset=utf-8').send(htcdsCsv(records));
    },
  );
}
