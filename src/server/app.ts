// The HTTP server: a thin shell that parses, authorises, calls a command and presents the result.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Lang } from '../domain/code-lists.ts';
import { negotiateLang, translate } from '../domain/messages.ts';
import { fieldErrors } from '../domain/validation.ts';
import type { Actor } from './actor.ts';
import type { FieldGroup } from '../domain/field-groups.ts';
import { DEFAULT_SESSION_CONFIG, resumeSession, sameSecret, type Session, type SessionConfig } from './auth/sessions.ts';
import type { Database } from './db/database.ts';
import { Problem, ValidationFailure } from './errors.ts';
import { DEFAULT_THRESHOLDS, type MatchThresholds } from '../domain/matches.ts';
import { sealedPurpose } from './audit/reasons.ts';
import { AuditWriter } from './audit/writer.ts';
import { callerOfToken, type ApiCaller } from './commands/api-clients.ts';
import { LinkageService } from './linkage/service.ts';
import { accessRoutes } from './routes/access.ts';
import { arcoRoutes } from './routes/arco.ts';
import { auditRoutes } from './routes/audit.ts';
import { roleRoutes } from './routes/roles.ts';
import { loadCustomRoles } from './commands/roles.ts';
import { useRoles } from './policies/roles.ts';
import { consentRoutes } from './routes/consents.ts';
import { secondFactorRoutes } from './routes/second-factor.ts';
import { userRoutes } from './routes/users.ts';
import { lapseComingOfAge } from './commands/consents.ts';
import { todayInPeru } from '../domain/dates.ts';
import { caseFileRoutes } from './routes/case-files.ts';
import { importRoutes } from './routes/imports.ts';
import { htcdsRoutes } from './routes/htcds.ts';
import { agencyApiRoutes } from './routes/agency-api.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { linkageRoutes } from './routes/linkage.ts';
import { followUpRoutes } from './routes/followups.ts';
import { referralRoutes } from './routes/referrals.ts';
import { careRecordRoutes } from './routes/care-records.ts';
import { metaRoutes } from './routes/meta.ts';
import { opsRoutes } from './routes/ops.ts';
import { LOG_SERIALIZERS } from './ops/logging.ts';
import { sessionRoutes } from './routes/session.ts';
import { enforceRoutePolicy, type RouteEntry, type RoutePolicy } from './policies/routes.ts';
import { webClientRoutes } from './routes/web-client.ts';
import { loadWebDocument } from './web-document.ts';
import { compressJson } from './compress.ts';
import { isTransientConflict, TRANSIENT_RETRY_AFTER_S } from './db/retry.ts';

export interface AppConfig {
  /** Set the Secure flag on cookies (behind TLS). */
  secureCookies: boolean;
  session: SessionConfig;
  /** Folder of the built web app; not served when missing. */
  webRoot: string;
  logLevel: string;
  /** Where the JSON logs go (standard output when absent); tests read them back to check they hold no personal data. */
  logStream?: { write(line: string): void } | undefined;
  bodyLimitBytes: number;
  /** Link every new or corrected person record on arrival (record linkage). */
  linkOnArrival: boolean;
  /** Audit every read and write of personal data. Only a benchmark measuring its cost turns it off. */
  audit: boolean;
  /** Match probabilities above which records link at once, and above which they go to review. */
  linkThresholds: MatchThresholds;
  /** The clock of deadlines and alerts; tests move it forward. */
  now: () => Date;
}

export const DEFAULT_APP_CONFIG: AppConfig = {
  secureCookies: false,
  session: DEFAULT_SESSION_CONFIG,
  webRoot: resolve(new URL('../../dist/web', import.meta.url).pathname),
  logLevel: 'warn',
  bodyLimitBytes: 1_048_576,
  linkOnArrival: true,
  audit: true,
  linkThresholds: DEFAULT_THRESHOLDS,
  now: () => new Date(),
};

export const SESSION_COOKIE = 'enlace_session';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    session?: Session;
    /** An agency's system calling with a bearer token (routes with a `client:` policy). */
    apiClient?: ApiCaller;
  }
  interface FastifyContextConfig {
    /** Who may call the route (docs/ACCESS.md); an /api route without one is refused to everyone. */
    policy?: RoutePolicy;
  }
  interface FastifyInstance {
    /** Every route with the policy it declared, for the per-route permission tests. */
    routePolicies: RouteEntry[];
  }
}

/** The signed-in actor of a request that went through `requireSession`. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.session) throw new Problem(401, 'problem.unauthenticated');
  return request.session.actor;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);


export async function buildApp(db: Database, overrides: Partial<AppConfig> = {}): Promise<FastifyInstance> {
  const config = { ...DEFAULT_APP_CONFIG, ...overrides };
  const app = Fastify({
    bodyLimit: config.bodyLimitBytes,
    // Loading the web assets and the OpenAPI document can take more than the default 10 s on a
    // machine at full load; a slow start is better than no start.
    pluginTimeout: 60_000,
    logger: {
      level: config.logLevel,
      ...(config.logStream ? { stream: config.logStream } : {}),
      serializers: LOG_SERIALIZERS,
      // Request logs carry no bodies; these paths keep personal data out of anything else logged.
      redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', '*.password', '*.person', '*.givenNames'], censor: '[redactado]' },
    },
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();

  // Zod validates; failures keep their issues so each field gets its own message in the reader's language.
  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    const result = (schema as z.ZodType).safeParse(data);
    // The data travels with the error so that a missing field can read "required".
    return result.success ? { value: result.data } : { error: Object.assign(result.error, { checked: data }) as unknown as Error };
  });
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));

  // JSON only: a text body is refused with 415 rather than validated as a string.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('lang', 'es');
  compressJson(app as unknown as FastifyInstance);
  app.addHook('onRequest', async (request, reply) => {
    // A download link asks for its language in the address (?lang=en): the browser sends its own
    // Accept-Language, which need not be the language chosen in the app.
    const asked = request.url.includes('lang=') ? new URL(request.url, 'http://enlace.invalid').searchParams.get('lang') : null;
    request.lang = asked === 'es' || asked === 'en' ? asked : negotiateLang(request.headers['accept-language']);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    if (config.secureCookies) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  });

  // Roles an administrator defined join the defaults before any request is judged.
  useRoles(await loadCustomRoles(db));
  // On a connection of its own (Database.lane): every request waits for its entry.
  const auditWriter = config.audit ? new AuditWriter(db.lane?.() ?? db) : undefined;
  /** Records who touched which personal data; the response waits until the entry is stored. */
  const audit: AuditFn = async (request, event) => {
    if (!auditWriter) return;
    const actor = request.session?.actor;
    const purpose = event.reason ? await sealedPurpose(db, { ...event, reason: event.reason }) : (event.purpose ?? null);
    const recordIds = event.recordIds?.map((id) => id.toLowerCase()).filter((id) => UUID.test(id));
    await auditWriter.record({
      at: new Date().toISOString(),
      userId: actor?.userId ?? null,
      username: actor?.username ?? null,
      agencyId: actor?.agencyId ?? null,
      unitId: actor?.unitId ?? null,
      ip: request.ip ?? null,
      action: event.action,
      entityType: event.entityType ?? null,
      entityId: event.entityId ?? null,
      fieldGroups: event.groups,
      purpose,
      outcome: event.outcome ?? 'ok',
      ...(recordIds && recordIds.length > 0 ? { recordIds } : {}),
    });
  };

  app.setErrorHandler(async (error: FastifyError | Error, request, reply) => {
    // A signed-in user refused a record (another agency's, or one that does not exist) leaves a trace:
    // repeated probes for other agencies' ids show in the audit log.
    const status = error instanceof Problem ? error.status : 0;
    if (request.session && (status === 403 || status === 404)) {
      const id = (request.params as { id?: string } | undefined)?.id;
      await audit(request, { action: `${request.method} ${request.routeOptions?.url ?? ''}`, entityId: id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined, groups: [], outcome: 'denied' }).catch(() => undefined);
    }
    return sendProblem(request, reply, error);
  });
  // Any address of the app gets its page, made for the visit (web-document.ts).
  const webDocument = loadWebDocument(config.webRoot);
  app.setNotFoundHandler((request, reply) => {
    // A missing asset is a 404, not the app's page: after an upgrade the browser must not run HTML as JavaScript.
    if (request.method === 'GET' && !request.url.startsWith('/api') && !request.url.startsWith('/assets/') && webDocument) {
      return webDocument.send(app as unknown as FastifyInstance, request, reply, CSP);
    }
    return sendProblem(request, reply, new Problem(404, 'problem.notFound'));
  });

  const requireSession = async (request: FastifyRequest, options: SessionOptions = {}) => {
    // The route policy hook has usually resumed the session already; the handler's own call is then free.
    let session = request.session;
    if (!session) {
      const token = request.cookies[SESSION_COOKIE];
      session = token ? await resumeSession(db, token, config.session) : undefined;
      if (!session) throw new Problem(401, 'problem.unauthenticated');
      if (UNSAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) throw new Problem(403, 'problem.csrf');
      }
    }
    // Until the second factor is given the session is only half open: it may give the code, sign out, or say who it is.
    if (session.secondFactorPending && !options.allowSecondFactorPending) throw new Problem(401, 'problem.secondFactorRequired');
    if (session.mustChangePassword && !options.allowPasswordChange) throw new Problem(403, 'problem.passwordChangeRequired');
    if (session.mustEnrolSecondFactor && !options.allowPasswordChange) throw new Problem(403, 'problem.secondFactorEnrolmentRequired');
    request.session = session;
  };
  // Every route declares its policy; the hook checks it before the body is even validated.
  app.decorate('routePolicies', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    // The documentation pages of the API are public like the description they show.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, policy: 'public' };
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.routePolicies.push({ method, url: route.url, policy: (route.config as { policy?: RoutePolicy } | undefined)?.policy });
  });
  /** An agency's system: its bearer token, in force and holding the scope; it then acts as its service account. */
  const requireClient = async (request: FastifyRequest, scope: string) => {
    const token = /^bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const caller = token ? await callerOfToken(db, token) : undefined;
    if (!caller) throw new Problem(401, 'problem.apiToken');
    if (!caller.scopes.includes(scope)) throw new Problem(403, 'problem.apiScope', { scope });
    request.apiClient = caller;
    request.session = { actor: caller.actor, csrfToken: '', mustChangePassword: false, displayName: caller.clientName, secondFactorPending: false, mustEnrolSecondFactor: false };
  };
  app.addHook('preValidation', async (request) => enforceRoutePolicy(request, requireSession, requireClient));

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Enlace API', version: '0.1.0', description: 'Registro y seguimiento de víctimas de trata de personas / Registry and follow-up of victims of human trafficking. Errors: application/problem+json, one message per field, in the language of Accept-Language (Spanish by default).' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          // Agencies' systems (docs/AGENCY-API.md): a client created by the agency's administrator.
          agencyClient: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/api/oauth/token', scopes: { 'records.push': 'Enviar registros de la institución / push the agency\'s records', 'records.read': 'Leer los registros que puede ver y sus cambios / read the records it may see and their changes' } } } },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { policy: 'public' } }, async () => app.swagger());


  const linkage = config.linkOnArrival ? new LinkageService(db, config.linkThresholds) : undefined;
  // The index is built in the background: the server answers at once, and records registered
  // meanwhile wait in the linkage queue.
  linkage?.start((error) => app.log.error({ err: error }, 'linkage index failed'));
  app.addHook('onClose', async () => linkage?.stop());
  // §10.3: consents a representative gave for a child lapse when she comes of age, and the shares
  // resting on them end, even when nobody opens her file: a minute after the start, then hourly.
  const lapse = () => void db.transaction((tx) => lapseComingOfAge(tx, {}, todayInPeru(config.now()))).catch((error: unknown) => app.log.error({ err: error }, 'consent lapse sweep failed'));
  const lapseTimers = [setTimeout(lapse, 60_000), setInterval(lapse, 3_600_000)];
  for (const timer of lapseTimers) timer.unref();
  app.addHook('onClose', async () => lapseTimers.forEach((timer) => clearTimeout(timer)));
  const deps: RouteDeps = { db, config, requireSession, linkage, audit };
  await app.register(opsRoutes, deps);
  await app.register(metaRoutes, deps);
  await app.register(sessionRoutes, deps);
  await app.register(caseFileRoutes, deps);
  await app.register(linkageRoutes, deps);
  await app.register(evidenceRoutes, deps);
  await app.register(importRoutes, deps);
  await app.register(htcdsRoutes, deps);
  await app.register(agencyApiRoutes, deps);
  await app.register(accessRoutes, deps);
  await app.register(arcoRoutes, deps);
  await app.register(consentRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(roleRoutes, deps);
  await app.register(webClientRoutes, deps);
  await app.register(followUpRoutes, deps);
  await app.register(referralRoutes, deps);
  await app.register(careRecordRoutes, deps);
  await app.register(secondFactorRoutes, deps);
  await app.register(userRoutes, deps);

  if (existsSync(resolve(config.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: config.webRoot,
      // Serves the build's .br/.gz copies: a slow link downloads a third of the bytes.
      preCompressed: true,
      wildcard: false,
      // '/' is an address of the app like any other (its page is made for the visit); /index.html
      // is the bare page the service worker keeps.
      index: false,
      setHeaders: (res, path) => {
        res.header('Content-Security-Policy', CSP);
        // Hashed assets never change; index.html always revalidates.
        res.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app as unknown as FastifyInstance;
}

export const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export interface SessionOptions {
  /** Allowed before a required password change or second-factor enrolment (me, sign out, change them). */
  allowPasswordChange?: boolean;
  /** Allowed between the password and the TOTP code (give the code, sign out, me). */
  allowSecondFactorPending?: boolean;
}

export interface RouteDeps {
  db: Database;
  config: AppConfig;
  requireSession: (request: FastifyRequest, options?: SessionOptions) => Promise<void>;
  linkage: LinkageService | undefined;
  audit: AuditFn;
}

/** Data groups of domain-spec §5.4: G1 identity and contact, G2 case core, … G6 shelter locations. */
export type { FieldGroup };

export interface AuditEvent {
  action: string;
  entityType?: string | undefined;
  entityId?: string | undefined;
  groups: FieldGroup[];
  /** Codes and ids only: stored readable. */
  purpose?: string | undefined;
  /** Free text that may hold personal data (an edit's reason…): stored sealed (audit/reasons.ts). */
  reason?: string | undefined;
  /** A list or search: every record it returned. */
  recordIds?: readonly string[] | undefined;
  outcome?: 'ok' | 'denied';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type AuditFn = (request: FastifyRequest, event: AuditEvent) => Promise<void>;

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  errors: { path: string; message: string }[];
  [extra: string]: unknown;
}

export function problemBody(error: unknown, lang: Lang): ProblemBody {
  if (error instanceof Problem) {
    return {
      type: `https://enlace.pe/problems/${error.key.replace(/^problem\./, '')}`,
      title: translate(error.key, lang, error.params),
      status: error.status,
      errors: error.fields.map((f) => ({ path: f.path, message: translate(f.key, lang, error.params) })),
      ...error.extra,
    };
  }
  if (error instanceof ValidationFailure) return validationBody(error.errors);
  if (error instanceof z.ZodError) {
    const { validationContext: context, checked } = error as z.ZodError & { validationContext?: string; checked?: unknown };
    return validationBody(fieldErrors(error, lang, context && context !== 'body' ? [context] : [], checked));
  }
  const fastifyError = error as Partial<FastifyError> & { message?: string };
  const status = fastifyError.statusCode ?? 500;
  const key =
    fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? 'problem.bodyTooLarge'
      : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'problem.unsupportedMediaType'
        : status === 429
          ? 'problem.tooManyRequests'
          : status === 400 || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError
            ? 'problem.malformedJson'
            : isDatabaseUnavailable(error)
              ? 'problem.unavailable'
              : isTransientConflict(error)
                ? 'problem.contention'
                : status === 404
                  ? 'problem.notFound'
                  : 'problem.internal';
  // A collision with other transactions that outlasted its retries (db/retry.ts) rolled everything
  // back: the request may be sent again as it is, in a moment (Retry-After, sendProblem).
  const finalStatus = key === 'problem.unavailable' || key === 'problem.contention' ? 503 : key === 'problem.internal' ? 500 : status;
  return { type: `https://enlace.pe/problems/${key.replace(/^problem\./, '')}`, title: translate(key, lang), status: finalStatus, errors: [] };

  function validationBody(errors: { path: string; message: string }[]): ProblemBody {
    return { type: 'https://enlace.pe/problems/validation', title: translate('problem.validation', lang), status: 400, errors };
  }
}

/** Seconds a client is told to wait while the database cannot be reached (a restart takes a few). */
const DATABASE_UNAVAILABLE_RETRY_AFTER_S = 5;

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || code === '08006' || code === '08001' || (error instanceof Error && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(error.message));
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const body = problemBody(error, request.lang ?? 'es');
  if (body.status >= 500) request.log.error({ err: error, url: request.routeOptions?.url }, 'request failed');
  // Both may simply be sent again: a collision in a moment, an unreachable database once it is back.
  if (body.status === 503 && isTransientConflict(error)) reply.header('Retry-After', String(TRANSIENT_RETRY_AFTER_S));
  else if (body.status === 503 && isDatabaseUnavailable(error)) reply.header('Retry-After', String(DATABASE_UNAVAILABLE_RETRY_AFTER_S));
  return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}
