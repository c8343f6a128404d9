// Access beyond a record's owner: shares with another agency (referral, consent, mandate), their
// revocation, breaking the glass, and the owner's view of who was let in.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIELD_GROUPS } from '../../domain/field-groups.ts';
import { ISO_DAY, parsePartialDate, todayInPeru } from '../../domain/dates.ts';
import { freeText } from '../../domain/schemas.ts';
import { loadCaseFile } from '../actions/store.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { idempotencyOf, runCommand } from '../commands/run.ts';
import { accessEntries, BREAK_GLASS_GROUPS, BREAK_GLASS_HOURS, breakGlass, revokeShare, shareCaseFile } from '../commands/access.ts';
import { notFound } from '../errors.ts';
import { caseFilePolicy } from '../policies/case-files.ts';
import { IdParams, WriteHeaders } from './params.ts';

const ShareParams = z.object({ id: z.uuid({ error: 'invalid.id' }), shareId: z.uuid({ error: 'invalid.id' }) });
const reason = (min: number) => freeText(500).pipe(z.string().min(min, { error: `invalid.reasonTooShort:${min}` }));
const ShareBody = z
  .object({
    agency: z.string().trim().min(1, { error: 'invalid.required' }).max(20),
    basis: z.enum(['REFERRAL', 'CONSENT', 'MANDATE'], { error: 'invalid.value' }),
    groups: z.array(z.enum(FIELD_GROUPS, { error: 'invalid.value' })).min(1, { error: 'invalid.required' }).max(6),
    reason: reason(10),
    /** Last day the share is in force (inclusive); open-ended when absent. */
    expiresOn: z.string().refine((v) => ISO_DAY.test(v) && parsePartialDate(v) !== undefined && v >= todayInPeru(), { error: 'invalid.date' }).optional(),
    /** The receiver may also write what her role writes on shared records (care, follow-up); read-only by default. */
    writable: z.boolean({ error: 'invalid.value' }).default(false),
    /** Basis CONSENT: the recorded consent to share with this agency it rests on (its withdrawal revokes the share). */
    consentId: z.uuid({ error: 'invalid.id' }).optional(),
  })
  .strict();
const BreakGlassBody = z.object({ reason: reason(20), hours: z.number({ error: 'invalid.value' }).min(0.25, { error: 'invalid.value' }).max(BREAK_GLASS_HOURS, { error: 'invalid.value' }).default(BREAK_GLASS_HOURS) }).strict();

export async function accessRoutes(base: FastifyInstance, { db, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  /** The owner's own case file, for acts only its owner may take. */
  const owned = async (actor: ReturnType<typeof actorOf>, id: string, action: 'read' | 'refer') => {
    const caseFile = await loadCaseFile(db, id, actor.agencyId);
    if (!caseFile) throw notFound();
    caseFilePolicy.authorize(actor, action, caseFile, 'read');
    return caseFile;
  };

  app.post('/api/case-files/:id/shares', { schema: { summary: 'Compartir un expediente con otra institución / share a case file with another agency', tags: ['access'], params: IdParams, body: ShareBody, headers: WriteHeaders }, config: { policy: 'case.refer' } }, async (request, reply) => {
    const actor = actorOf(request);
    const caseFile = await owned(actor, request.params.id, 'refer');
    // A retry with the same Idempotency-Key answers the share already made, and makes no second.
    const result = await runCommand(db, actor, idempotencyOf(request), async (tx) => ({ status: 201, body: { share: await shareCaseFile(tx, actor, caseFile, request.body) } }));
    await audit(request, { action: 'SHARE', entityType: 'case_file', entityId: caseFile.id, groups: request.body.groups, purpose: `${request.body.basis} ${request.body.agency}${request.body.consentId ? ` ${request.body.consentId}` : ''}`, reason: request.body.reason });
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/case-files/:id/shares', { schema: { summary: 'Quién más tiene acceso a un expediente / who else may open a case file', tags: ['access'], params: IdParams }, config: { policy: 'case.read' } }, async (request) => {
    const actor = actorOf(request);
    const caseFile = await owned(actor, request.params.id, 'read');
    return { items: await accessEntries(db, actor.agencyId, { caseFileId: caseFile.id }) };
  });

  app.delete('/api/case-files/:id/shares/:shareId', { schema: { summary: 'Revocar un acceso compartido / revoke a share', tags: ['access'], params: ShareParams, headers: WriteHeaders }, config: { policy: 'case.refer' } }, async (request, reply) => {
    const actor = actorOf(request);
    const caseFile = await owned(actor, request.params.id, 'refer');
    const result = await runCommand(db, actor, idempotencyOf(request), async (tx) => {
      await revokeShare(tx, actor, caseFile.id, request.params.shareId);
      return { status: 204, body: null };
    });
    await audit(request, { action: 'REVOKE_SHARE', entityType: 'case_file', entityId: caseFile.id, groups: [], purpose: request.params.shareId });
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(204).send();
  });

  app.post('/api/case-files/:id/break-glass', { schema: { summary: 'Romper el vidrio: acceso de emergencia con motivo / break the glass: emergency access with a reason', tags: ['access'], params: IdParams, body: BreakGlassBody, headers: WriteHeaders }, config: { policy: 'breakGlass' } }, async (request, reply) => {
    const actor = actorOf(request);
    // A retry with the same key answers the access already opened: its clock does not start again.
    const result = await runCommand(db, actor, idempotencyOf(request), async (tx) => {
      const access = await breakGlass(tx, actor, request.params.id, request.body.reason, request.body.hours);
      return { status: 201, body: { access: { id: access.id, expiresAt: access.expiresAt } } };
    });
    // The entry is what the owning agency sees in /api/break-glass: who, when, why, until when.
    await audit(request, { action: 'BREAK_GLASS', entityType: 'case_file', entityId: request.params.id, groups: [...BREAK_GLASS_GROUPS], reason: request.body.reason });
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/break-glass', { schema: { summary: 'Accesos de emergencia a los expedientes de su institución / emergency accesses to your agency\'s records', tags: ['access'] }, config: { policy: 'case.list' } }, async (request) => {
    const actor = actorOf(request);
    const items = await accessEntries(db, actor.agencyId, { basis: 'BREAK_GLASS', limit: 100 });
    // Who broke the glass on which record, and why: itself a read of those records' access.
    await audit(request, { action: 'LIST', entityType: 'break_glass', groups: [], recordIds: [...new Set(items.map((i) => i.caseFileId))] });
    return { items };
  });
}
