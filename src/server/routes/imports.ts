// Imports over HTTP: the shipped mapping profiles, trying a profile on a sample file, uploading a
// file (imported in the background; its batch shows the progress), the batches with their counts
// and a downloadable error report, and the quarantine: review, correct and resubmit, or discard.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { freeText, Version } from '../../domain/schemas.ts';
import { ImportFileError, neutraliseFormula, parseProfile, testProfile, type MappingProfile } from '../../importers/index.ts';
import type { PersonRecord } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';
import { notFound, Problem } from '../errors.ts';
import { prepareImport, type ImportRequest } from '../imports/engine.ts';
import { profileFor, profilesOf, retireProfile, saveProfile } from '../imports/profiles.ts';
import { discardQuarantined, listQuarantine, resubmitQuarantined, type QuarantineStatus } from '../imports/quarantine-store.ts';
import { IdParams, WriteHeaders } from './params.ts';

/** Files up to 20 MB, sent in base64 (a third more). */
const UPLOAD_LIMIT = 28 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const ProfileParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'invalid.value' }) });
const SaveProfileBody = z.object({ profile: z.unknown() }).strict();
/** Profiles are listed and tried by those who import and by the administrator who writes them. */
const PROFILE_READERS = ['import', 'import.profiles'] as const;
const FileBody = z
  .object({
    fileName: z.string().trim().min(1, { error: 'invalid.required' }).max(300),
    /** The file's bytes in base64. */
    content: z.string().min(1, { error: 'invalid.required' }),
    /** A shipped profile's id, or a whole profile (one being written). */
    profileId: z.string().max(64).optional(),
    profile: z.unknown().optional(),
  })
  .strict();
type FileBody = z.infer<typeof FileBody>;
const STATUSES = ['OPEN', 'RESOLVED', 'DISCARDED', 'SUPERSEDED'] as const;
const QuarantineQuery = z
  .object({
    batchId: z.uuid({ error: 'invalid.id' }).optional(),
    status: z.enum(STATUSES, { error: 'invalid.value' }).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const ResubmitBody = z.object({ version: Version, values: z.record(z.string().max(300), z.string().max(10_000)) }).strict();
const DiscardBody = z.object({ version: Version, reason: freeText(500).pipe(z.string().min(1, { error: 'invalid.required' })) }).strict();

interface BatchRow {
  id: string;
  profile_id: string;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  format: string | null;
  encoding: string | null;
  status: string;
  rows_total: number;
  rows_done: number;
  imported: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  blank_rows: number;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
  username: string;
  open_quarantine: number;
}

function presentBatch(row: BatchRow) {
  return {
    id: row.id,
    profileId: row.profile_id,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    fileBytes: row.file_bytes,
    format: row.format,
    encoding: row.encoding,
    status: row.status,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    counts: { read: row.rows_total, imported: row.imported, updated: row.updated, unchanged: row.unchanged, quarantined: row.quarantined, blankRows: row.blank_rows },
    openQuarantine: row.open_quarantine,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    startedBy: row.username,
  };
}

const BATCH_SELECT = `SELECT b.*, u.username, (SELECT count(*)::int FROM import_quarantine q WHERE q.batch_id = b.id AND q.status = 'OPEN') AS open_quarantine
  FROM import_batches b JOIN users u ON u.id = b.user_id`;

export async function importRoutes(base: FastifyInstance, { db, requireSession, linkage, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // Every route takes the 'import' permission (roles.ts: the case-work roles, whose reach is their
  // agency), except the profiles: listed and tried with 'import' or 'import.profiles', saved and
  // retired with 'import.profiles' (the administrator). Batches, quarantined rows and saved
  // profiles are only ever looked up within the actor's agency.
  const authorise = async (request: FastifyRequest): Promise<Actor> => {
    await requireSession(request);
    return actorOf(request);
  };
  const idempotency = (request: FastifyRequest) => idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);

  const profileOf = async (actor: Actor, body: FileBody): Promise<MappingProfile> => {
    if (body.profile !== undefined) {
      const reading = parseProfile(body.profile);
      if (!reading.ok) throw new Problem(422, 'problem.invalidProfile', {}, reading.errors.map((e) => ({ path: `profile.${e.path}`, key: e.message })));
      return reading.profile;
    }
    const found = await profileFor(db, actor.agencyId, body.profileId ?? '');
    if (!found) throw new Problem(422, 'problem.unknownProfile', { profile: body.profileId ?? '' }, [{ path: 'profileId', key: 'problem.unknownProfile' }]);
    return found;
  };
  const bytesOf = (body: FileBody): Buffer => {
    if (body.content.length % 4 !== 0 || !BASE64.test(body.content)) throw new Problem(400, 'problem.fileEncoding', {}, [{ path: 'content', key: 'problem.fileEncoding' }]);
    return Buffer.from(body.content, 'base64');
  };
  const fileProblem = (error: ImportFileError, lang: 'es' | 'en') => new Problem(422, 'problem.importFile', { detail: lang === 'es' ? error.es : error.en }, [], { line: error.position.line, ...(error.position.column !== undefined ? { column: error.position.column } : {}) });

  app.get('/api/import-profiles', { schema: { summary: 'Perfiles de importación: los incluidos y los de su entidad / import profiles: shipped and your agency\'s', tags: ['imports'] }, config: { policy: PROFILE_READERS } }, async (request) => {
    const actor = await authorise(request);
    const listing = await profilesOf(db, actor.agencyId);
    return { items: listing.map((l) => ({ ...l.profile, origin: l.origin, ...(l.savedBy ? { savedBy: l.savedBy, savedAt: l.savedAt } : {}) })) };
  });

  app.post(
    '/api/import-profiles',
    { schema: { summary: 'Guardar un perfil de importación de su entidad / save an import profile of your agency', tags: ['imports'], body: SaveProfileBody, headers: WriteHeaders }, config: { policy: 'import.profiles' } },
    async (request, reply) => {
      const actor = await authorise(request);
      // Saved again with its key, the first answer comes back rather than "this id is taken".
      const { body: profile } = await runCommand(db, actor, idempotency(request), async (tx) => ({ status: 201, body: await saveProfile(tx, actor, request.body.profile) }));
      await audit(request, { action: 'SAVE_PROFILE', entityType: 'import_profile', entityId: undefined, groups: [], purpose: profile.id });
      return reply.status(201).send({ ...profile, origin: 'agency' });
    },
  );

  app.post(
    '/api/import-profiles/:id/retire',
    { schema: { summary: 'Retirar un perfil de su entidad / retire a profile of your agency', tags: ['imports'], params: ProfileParams, headers: WriteHeaders }, config: { policy: 'import.profiles' } },
    async (request, reply) => {
      const actor = await authorise(request);
      await runCommand(db, actor, idempotency(request), async (tx) => {
        await retireProfile(tx, actor, request.params.id);
        return { status: 204, body: null };
      });
      await audit(request, { action: 'RETIRE_PROFILE', entityType: 'import_profile', groups: [], purpose: request.params.id });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/import-profiles/test',
    { bodyLimit: UPLOAD_LIMIT, schema: { summary: 'Probar un perfil con un archivo de muestra (no guarda nada) / try a profile on a sample file (stores nothing)', tags: ['imports'], body: FileBody }, config: { policy: PROFILE_READERS } },
    async (request) => {
      const actor = await authorise(request);
      const profileInput = request.body.profile !== undefined ? request.body.profile : await profileFor(db, actor.agencyId, request.body.profileId ?? '');
      if (profileInput === undefined) throw new Problem(422, 'problem.unknownProfile', { profile: request.body.profileId ?? '' }, [{ path: 'profileId', key: 'problem.unknownProfile' }]);
      const report = testProfile(profileInput, bytesOf(request.body), { file: request.body.fileName, previewRows: 20, errorRows: 100 });
      // The preview shows rows of the sample, names included.
      await audit(request, { action: 'TEST_PROFILE', entityType: 'import_profile', groups: ['G1', 'G2'], purpose: 'profile-test' });
      return report;
    },
  );

  app.post(
    '/api/imports',
    { bodyLimit: UPLOAD_LIMIT, schema: { summary: 'Importar un archivo (en segundo plano) / import a file (in the background)', tags: ['imports'], body: FileBody }, config: { policy: 'import' } },
    async (request, reply) => {
      const actor = await authorise(request);
      const profile = await profileOf(actor, request.body);
      const importRequest: ImportRequest = { fileName: request.body.fileName, bytes: bytesOf(request.body), profile, linkage: linkage ?? 'queue' };
      let prepared;
      try {
        prepared = await prepareImport(db, actor, importRequest);
      } catch (error) {
        if (error instanceof ImportFileError) throw fileProblem(error, request.lang);
        throw error;
      }
      await audit(request, { action: 'IMPORT', entityType: 'import_batch', entityId: prepared.batchId, groups: ['G1', 'G2'] });
      // The rows are stored in the background, chunk by chunk; the batch shows how far it got.
      // A failure is recorded on the batch; a server that stops mid-file leaves it RUNNING until
      // the same file is imported again, which completes it.
      prepared.run().catch((error: unknown) => request.log.error({ err: error, batch: prepared.batchId }, 'import failed'));
      return reply.status(202).header('Location', `/api/imports/${prepared.batchId}`).send({ id: prepared.batchId });
    },
  );

  app.get('/api/imports', { schema: { summary: 'Lotes de importación de su entidad / import batches of your agency', tags: ['imports'] }, config: { policy: 'import' } }, async (request) => {
    const actor = await authorise(request);
    const rows = await db.query<BatchRow>(`${BATCH_SELECT} WHERE b.agency_id = $1 ORDER BY b.started_at DESC LIMIT 100`, [actor.agencyId]);
    return { items: rows.map(presentBatch) };
  });

  app.get('/api/imports/:id', { schema: { summary: 'Estado y conteos de un lote / state and counts of a batch', tags: ['imports'], params: IdParams }, config: { policy: 'import' } }, async (request) => {
    const actor = await authorise(request);
    const [row] = await db.query<BatchRow>(`${BATCH_SELECT} WHERE b.id = $1 AND b.agency_id = $2`, [request.params.id, actor.agencyId]);
    if (!row) throw notFound();
    return presentBatch(row);
  });

  app.get('/api/imports/:id/errors.csv', { schema: { summary: 'Informe de errores de un lote (CSV) / error report of a batch (CSV)', tags: ['imports'], params: IdParams }, config: { policy: 'import' } }, async (request, reply) => {
    const actor = await authorise(request);
    const [batch] = await db.query<{ file_name: string }>('SELECT file_name FROM import_batches WHERE id = $1 AND agency_id = $2', [request.params.id, actor.agencyId]);
    if (!batch) throw notFound();
    const { items } = await listQuarantine(db, actor.agencyId, { batchId: request.params.id, limit: 1_000_000, offset: 0 });
    const lines: string[][] = [['fila / row', 'línea / line', 'id', 'estado / status', 'campo / field', 'columna / column', 'valor / value', 'motivo', 'reason']];
    for (const item of items) {
      for (const p of item.problems) lines.push([String(item.rowNumber), String(item.line), item.recordId ?? '', item.status, p.field, p.column ?? '', p.value ?? '', p.es, p.en]);
    }
    await audit(request, { action: 'EXPORT_ERRORS', entityType: 'import_batch', entityId: request.params.id, groups: ['G1', 'G2'] });
    // Cells that a spreadsheet would run as formulas are written as text.
    const csv = stringify(lines.map((l) => l.map(neutraliseFormula)));
    const name = `errores-${batch.file_name.replace(/[^\w.-]+/g, '_').replace(/\.\w+$/, '')}.csv`;
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${name}"`).send(`\ufeff${csv}`);
  });

  app.get('/api/import-quarantine', { schema: { summary: 'Filas en cuarentena de su entidad / quarantined rows of your agency', tags: ['imports'], querystring: QuarantineQuery }, config: { policy: 'import' } }, async (request) => {
    const actor = await authorise(request);
    const { page, pageSize, batchId, status } = request.query;
    const result = await listQuarantine(db, actor.agencyId, { batchId, status: status as QuarantineStatus | undefined, limit: pageSize, offset: (page - 1) * pageSize });
    await audit(request, { action: 'LIST', entityType: 'import_quarantine', groups: ['G1', 'G2'], purpose: 'quarantine-review', recordIds: result.items.map((i) => i.id) });
    return { ...result, page, pageSize };
  });

  app.post(
    '/api/import-quarantine/:id/resubmit',
    { schema: { summary: 'Corregir y volver a enviar una fila / correct and resubmit a row', tags: ['imports'], params: IdParams, body: ResubmitBody, headers: WriteHeaders }, config: { policy: 'import' } },
    async (request, reply) => {
      const actor = await authorise(request);
      const indexed: { id: string; person: PersonRecord }[] = [];
      // A retry with the same Idempotency-Key (a dropped connection) gets the first answer: nothing imported twice.
      const result = await runCommand(db, actor, idempotency(request), async (tx) => {
        // Run again after a collision (db/retry.ts): only the committed attempt's persons are indexed.
        indexed.length = 0;
        return { status: 200, body: await resubmitQuarantined(tx, actor, request.params.id, request.body, linkage ?? 'queue', indexed) };
      });
      for (const p of indexed) linkage?.indexed(p.id, actor.agencyKey, p.person);
      await audit(request, { action: 'RESUBMIT', entityType: 'import_quarantine', entityId: request.params.id, groups: ['G1', 'G2'] });
      return reply.status(result.status).send(result.body);
    },
  );

  app.post(
    '/api/import-quarantine/:id/discard',
    { schema: { summary: 'Descartar una fila con su motivo / discard a row with its reason', tags: ['imports'], params: IdParams, body: DiscardBody, headers: WriteHeaders }, config: { policy: 'import' } },
    async (request, reply) => {
      const actor = await authorise(request);
      const result = await runCommand(db, actor, idempotency(request), async (tx) => ({ status: 200, body: { item: await discardQuarantined(tx, actor, request.params.id, request.body) } }));
      await audit(request, { action: 'DISCARD', entityType: 'import_quarantine', entityId: request.params.id, groups: ['G1'], reason: request.body.reason });
      return reply.status(result.status).send(result.body);
    },
  );
}
