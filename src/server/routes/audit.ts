// The audit log over HTTP: the search of administrators and data-protection officers, and a case
// file's own "who has seen it" for the agency that holds it. Reading the log is itself audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ISO_DAY } from '../../domain/dates.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { caseInReach } from '../commands/care-context.ts';
import { hasPermission } from '../policies/roles.ts';
import { recordAccessLog, searchAuditLog } from '../queries/audit.ts';
import { IdParams } from './params.ts';

/** A day (`YYYY-MM-DD`, from its start in Peru) or an instant with its offset. */
const instant = z
  .string()
  .refine((v) => (ISO_DAY.test(v) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) && !Number.isNaN(Date.parse(v)), { error: 'invalid.date' })
  .transform((v) => (ISO_DAY.test(v) ? `${v}T00:00:00-05:00` : v));
const Cursor = z.string().regex(/^\d{1,18}$/, { error: 'invalid.value' });
const Limit = z.coerce.number({ error: 'invalid.value' }).int({ error: 'invalid.value' }).min(1, { error: 'invalid.value' }).max(200, { error: 'invalid.value' }).default(50);

const SearchQuery = z
  .object({
    user: z.string().trim().min(1).max(80).optional(),
    record: z.uuid({ error: 'invalid.id' }).optional(),
    action: z.string().trim().regex(/^[A-Z_]{2,40}$/, { error: 'invalid.value' }).optional(),
    outcome: z.enum(['ok', 'denied'], { error: 'invalid.value' }).optional(),
    from: instant.optional(),
    to: instant.optional(),
    before: Cursor.optional(),
    limit: Limit,
  })
  .strict();
const PageQuery = z.object({ before: Cursor.optional(), limit: Limit }).strict();

export async function auditRoutes(base: FastifyInstance, { db, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/api/audit', { schema: { summary: 'Buscar en el registro de auditoría (usuario, registro, fechas, acción) / search the audit log (user, record, time, action)', tags: ['audit'], querystring: SearchQuery }, config: { policy: 'audit.read' } }, async (request) => {
    const actor = actorOf(request);
    const { limit, before, ...filters } = request.query;
    // Reasons may name the person: opened for the data-protection officer, not the administrator (no case content).
    const result = await searchAuditLog(db, actor.agencyId, { ...filters, before, limit }, hasPermission(actor, 'arco'));
    // The search names the record it looked for: the record's own log then shows who searched it.
    await audit(request, { action: 'AUDIT_SEARCH', entityType: request.query.record ? 'record' : 'audit_log', entityId: request.query.record, groups: [], purpose: JSON.stringify(filters) });
    return result;
  });

  app.get('/api/case-files/:id/access-log', { schema: { summary: 'Quién vio o cambió este expediente / who has seen or changed this case file', tags: ['audit'], params: IdParams, querystring: PageQuery }, config: { policy: 'case.read' } }, async (request) => {
    const actor = actorOf(request);
    const { caseFile } = await caseInReach(db, actor, request.params.id, 'readAccessLog');
    const result = await recordAccessLog(db, caseFile.id, request.query);
    await audit(request, { action: 'READ_ACCESS_LOG', entityType: 'case_file', entityId: caseFile.id, groups: [] });
    return result;
  });
}
