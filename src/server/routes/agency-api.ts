// The system-to-system API (docs/AGENCY-API.md): an agency's administrator creates API clients for
// its systems; a system obtains a token with its client credentials (OAuth2, RFC 6749 §4.4) and
// pushes its records in batches. Each record is read with the client's mapping profile and goes
// through the same mapping, validation, quarantine and idempotence as a file import: the agency's
// own record id decides whether it is new, unchanged or an update. The answer says, per record,
// what became of it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { freeText } from '../../domain/schemas.ts';
import { ImportFileError } from '../../importers/index.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { API_SCOPES, createApiClient, issueToken, listApiClients, revokeApiClient, TOKEN_SECONDS } from '../commands/api-clients.ts';
import { IdempotencyHeaders, idempotencyOf, runCommand } from '../commands/run.ts';
import { notFound, Problem } from '../errors.ts';
import { prepareImport, type RowResult } from '../imports/engine.ts';
import { profileFor } from '../imports/profiles.ts';
import { listAgencyRecords, readAgencyRecord, readChanges, type AgencyRecord } from '../queries/agency-records.ts';
import { IdParams } from './params.ts';

const CreateClientBody = z
  .object({
    name: freeText(100).pipe(z.string().min(1, { error: 'invalid.required' })),
    /** The roles the system acts with: at least one allowing imports, none reserved to people. */
    roles: z.array(z.string().max(40)).min(1, { error: 'invalid.required' }).max(5),
    /** The unit its records are registered by; the administrator's own by default. */
    unitId: z.uuid({ error: 'invalid.id' }).optional(),
    /** The mapping profile its records are read with (a shipped one or the agency's own). */
    profileId: z.string().max(64).default('canonico'),
    scopes: z.array(z.enum(API_SCOPES, { error: 'invalid.value' })).min(1).default(['records.push']),
  })
  .strict();
const TokenBody = z
  .object({
    grant_type: z.string().max(50).optional(),
    client_id: z.string().max(100).optional(),
    client_secret: z.string().max(200).optional(),
    scope: z.string().max(200).optional(),
  })
  .loose();
const Cell = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(1_000), z.number()])).max(50)]);
const PushBody = z
  .object({
    /** The agency's records, each an object in the columns of the client's mapping profile. */
    records: z.array(z.record(z.string().min(1).max(200), Cell)).min(1, { error: 'invalid.required' }).max(1_000, { error: 'invalid.tooMany' }),
  })
  .strict();

const PageQuery = z
  .object({
    /** Where to go on from: the `cursor` of the previous answer, as it was; none to start. */
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int({ error: 'invalid.value' }).min(1, { error: 'invalid.value' }).max(500, { error: 'invalid.value' }).default(100),
  })
  .strict();

/** Token requests per address: a system needs one an hour; a guesser is slowed down. */
const tokenRequests = new RateLimiter(60, 60_000);

export async function agencyApiRoutes(base: FastifyInstance, { db, linkage, audit }: RouteDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  /** Every read is audited like a person's list: one entry naming every record it gave. */
  const auditRead = (request: Parameters<typeof audit>[0], records: readonly AgencyRecord[], ids: readonly string[], purpose: string) =>
    audit(request, { action: 'READ_API', entityType: 'case_file', groups: records.some((r) => r.identity) ? ['G1', 'G2'] : ['G2'], purpose: `${purpose}:${request.apiClient?.clientId ?? ''}`, recordIds: ids });
  // RFC 6749 asks for a form-encoded token request; only this plugin's routes read one.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post(
    '/api/oauth/token',
    {
      schema: {
        summary: 'Token de acceso para un sistema (OAuth2, credenciales de cliente) / access token for a system (OAuth2 client credentials)',
        description: 'grant_type=client_credentials; client_id and client_secret in HTTP Basic or in the body (form or JSON); optional scope. Errors as RFC 6749 §5.2.',
        tags: ['agency-api'],
        body: TokenBody,
        security: [],
      },
      config: { policy: 'public' },
    },
    async (request, reply) => {
      const oauthError = (status: number, error: string) => {
        reply.header('Cache-Control', 'no-store');
        if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="enlace"');
        return reply.status(status).send({ error });
      };
      if (tokenRequests.hit(request.ip) > 0) return oauthError(429, 'slow_down');
      let clientId = request.body.client_id;
      let clientSecret = request.body.client_secret;
      const basic = /^basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (basic) {
        const [id, ...secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
        clientId = decodeURIComponent(id ?? '');
        clientSecret = decodeURIComponent(secret.join(':'));
      }
      if (request.body.grant_type !== 'client_credentials') return oauthError(400, request.body.grant_type ? 'unsupported_grant_type' : 'invalid_request');
      if (!clientId || !clientSecret) return oauthError(401, 'invalid_client');
      const scopes = request.body.scope?.split(' ').filter((s) => s !== '');
      const issued = await issueToken(db, clientId, clientSecret, scopes);
      if (issued === 'invalid_client') return oauthError(401, 'invalid_client');
      if (issued === 'invalid_scope') return oauthError(400, 'invalid_scope');
      reply.header('Cache-Control', 'no-store');
      return { access_token: issued.token, token_type: 'Bearer', expires_in: TOKEN_SECONDS, scope: issued.scopes.join(' ') };
    },
  );

  app.post(
    '/api/agency-records',
    {
      schema: {
        summary: 'Enviar registros de la institución en lote / push the agency\'s records in a batch',
        description:
          'Bearer token of an API client with the scope records.push. Each record is an object in the columns of the client\'s mapping profile (canonical by default: source, record_id, given_names, …). The agency\'s own record id makes a push idempotent: a record sent again is unchanged, a changed one updates its person and case file (as actions), one that fails validation is quarantined with its reasons per field in Spanish and English and changes nothing. The answer gives each record\'s outcome, in the order sent.',
        tags: ['agency-api'],
        body: PushBody,
        security: [{ agencyClient: ['records.push'] }],
      },
      config: { policy: 'client:records.push' },
    },
    async (request) => {
      const actor = actorOf(request);
      const caller = request.apiClient;
      if (!caller) throw new Problem(401, 'problem.apiToken');
      const profile = await profileFor(db, actor.agencyId, caller.profileId);
      if (!profile) throw new Problem(422, 'problem.unknownProfile', { profile: caller.profileId });
      const results = new Map<number, RowResult>();
      const bytes = Buffer.from(JSON.stringify({ records: request.body.records }));
      let prepared;
      try {
        prepared = await prepareImport(db, actor, { fileName: `api:${caller.clientName}`.slice(0, 300), bytes, profile, linkage: linkage ?? 'queue', format: 'json', onRow: (r) => results.set(r.rowNumber, r) });
      } catch (error) {
        if (error instanceof ImportFileError) throw new Problem(422, 'problem.importFile', { detail: request.lang === 'es' ? error.es : error.en });
        throw error;
      }
      const summary = await prepared.run();
      await audit(request, { action: 'IMPORT_API', entityType: 'import_batch', entityId: summary.batchId, groups: ['G1', 'G2'], purpose: `api-client:${caller.clientId}` });
      return {
        batchId: summary.batchId,
        counts: { received: request.body.records.length, imported: summary.imported, updated: summary.updated, unchanged: summary.unchanged, quarantined: summary.quarantined, empty: summary.blankRows },
        results: request.body.records.map((_, i) => {
          const r = results.get(i + 1);
          if (!r) return { index: i, status: 'empty' as const };
          if (r.status === 'quarantined') return { index: i, recordId: r.recordId ?? null, status: r.status, problems: r.problems.map((p) => ({ field: p.field, key: p.key, es: p.es, en: p.en })) };
          return { index: i, recordId: r.recordId ?? null, status: r.status, personId: r.personId, caseFileId: r.caseFileId };
        }),
      };
    },
  );

  app.get(
    '/api/agency-records',
    {
      schema: {
        summary: 'Leer los registros que el sistema puede ver, por páginas / read the records the system may see, page by page',
        description:
          'Bearer token with the scope records.read. The case files the client may read, exactly as a person with its roles: its agency\'s within the roles\' reach, other agencies\' only through a share in force, the person (identity, G1) only where the share covers it. Ordered by id; give back `cursor` to go on while `more` is true.',
        tags: ['agency-api'],
        querystring: PageQuery,
        security: [{ agencyClient: ['records.read'] }],
      },
      config: { policy: 'client:records.read' },
    },
    async (request) => {
      const page = await listAgencyRecords(db, actorOf(request), request.query.cursor, request.query.limit);
      await auditRead(request, page.items, page.items.map((r) => r.id), 'api-pull');
      return page;
    },
  );

  app.get(
    '/api/agency-records/changes',
    {
      schema: {
        summary: 'Registros que cambiaron desde un cursor (para mantenerse al día) / records changed since a cursor (to stay in sync)',
        description:
          'Bearer token with the scope records.read. Entries after `cursor` (none: from the start), oldest first, each the record as it is now (`changed`), an erasure without personal data (`erased`), or a share to the client\'s agency that ended (`withdrawn`). A change is given only once every transaction older than it has ended, so a cursor never skips a change that commits late. Store `cursor` after processing the page; ask again at once while `more` is true.',
        tags: ['agency-api'],
        querystring: PageQuery,
        security: [{ agencyClient: ['records.read'] }],
      },
      config: { policy: 'client:records.read' },
    },
    async (request) => {
      const page = await readChanges(db, actorOf(request), request.query.cursor, request.query.limit);
      await auditRead(request, page.items.flatMap((e) => (e.type === 'changed' ? [e.record] : [])), page.items.map((e) => e.id), 'api-feed');
      return page;
    },
  );

  app.get(
    '/api/agency-records/:id',
    {
      schema: {
        summary: 'Leer un registro / read one record',
        description: 'Bearer token with the scope records.read. The case file as the client may read it; out of reach is 404, like a missing one.',
        tags: ['agency-api'],
        params: IdParams,
        security: [{ agencyClient: ['records.read'] }],
      },
      config: { policy: 'client:records.read' },
    },
    async (request) => {
      const record = await readAgencyRecord(db, actorOf(request), request.params.id);
      if (!record) throw notFound();
      await auditRead(request, [record], [record.id], 'api-read');
      return record;
    },
  );

  app.post(
    '/api/api-clients',
    { schema: { summary: 'Crear un cliente de API para un sistema de su institución (el secreto se muestra una vez) / create an API client for a system of your agency (the secret is shown once)', tags: ['agency-api'], body: CreateClientBody, headers: IdempotencyHeaders }, config: { policy: 'admin.users' } },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!(await profileFor(db, actor.agencyId, request.body.profileId))) throw new Problem(422, 'problem.unknownProfile', { profile: request.body.profileId }, [{ path: 'profileId', key: 'problem.unknownProfile' }]);
      // Sent again with its key (the first answer lost with the connection), the same client and
      // secret come back, kept sealed with the key: the secret is still shown to her alone.
      const { body: created } = await runCommand(db, actor, idempotencyOf(request), async (tx) => ({ status: 201, body: await createApiClient(tx, actor, request.body) }));
      await audit(request, { action: 'CREATE_API_CLIENT', entityType: 'api_client', entityId: created.clientId, groups: [] });
      return reply.status(201).send(created);
    },
  );

  app.get('/api/api-clients', { schema: { summary: 'Clientes de API de su ámbito / API clients in your scope', tags: ['agency-api'] }, config: { policy: 'admin.users' } }, async (request) => {
    return { items: await listApiClients(db, actorOf(request)) };
  });

  app.post(
    '/api/api-clients/:id/revoke',
    { schema: { summary: 'Revocar un cliente de API (sus tokens dejan de valer) / revoke an API client (its tokens stop working)', tags: ['agency-api'], params: IdParams, headers: IdempotencyHeaders }, config: { policy: 'admin.users' } },
    async (request) => {
      const actor = actorOf(request);
      const { body: client } = await runCommand(db, actor, idempotencyOf(request), async (tx) => {
        const revoked = await revokeApiClient(tx, actor, request.params.id);
        if (!revoked) throw notFound();
        return { status: 200, body: revoked };
      });
      await audit(request, { action: 'REVOKE_API_CLIENT', entityType: 'api_client', entityId: request.params.id, groups: [] });
      return { client };
    },
  );
}
