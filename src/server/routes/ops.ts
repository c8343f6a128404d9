// What operators and their tools ask the server: is the process alive (liveness), may it take
// traffic (readiness: database reachable, schema current, not shutting down), and Prometheus
// metrics. Registered ahead of the other routes and outside Fastify's encapsulation, so that its
// hook measures every request.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { appliedVersion, loadMigrations } from '../db/migrate.ts';
import { collisions } from '../db/retry.ts';
import { Counter, Histogram, renderGauge, type GaugeSample } from '../ops/metrics.ts';
import { Problem } from '../errors.ts';
import { isDraining, requestEnded, requestStarted } from '../ops/shutdown.ts';

type Querier = RouteDeps['db'];

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'current' | 'pending' | 'newer-than-code' | 'unknown';
  schemaVersion: number | null;
  expectedVersion: number;
  shuttingDown: boolean;
}

export async function readiness(db: Querier, expectedVersion: number): Promise<Readiness> {
  let applied: number | null = null;
  try {
    applied = await appliedVersion(db);
  } catch {
    // unreachable: reported below
  }
  const migrations = applied === null ? 'unknown' : applied === expectedVersion ? 'current' : applied < expectedVersion ? 'pending' : 'newer-than-code';
  const shuttingDown = isDraining();
  return {
    ready: applied !== null && migrations === 'current' && !shuttingDown,
    database: applied === null ? 'unreachable' : 'ok',
    migrations,
    schemaVersion: applied,
    expectedVersion,
    shuttingDown,
  };
}

/** Only the loopback may scrape without a token (put the proxy in front of everything else). */
function mayScrape(request: FastifyRequest): boolean {
  const token = process.env.ENLACE_METRICS_TOKEN;
  if (token) return request.headers.authorization === `Bearer ${token}`;
  const address = request.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

async function optionalCount(db: Querier, table: string, sql: string): Promise<GaugeSample[] | undefined> {
  const [exists] = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [`public.${table}`]);
  if (!exists?.present) return undefined;
  return (await db.query<{ label: string | null; n: number }>(sql)).map((r): GaugeSample => ({ labels: r.label === null ? {} : { status: r.label }, value: Number(r.n) }));
}

async function opsPlugin(app: FastifyInstance, { db, linkage }: RouteDeps): Promise<void> {
  const expectedVersion = loadMigrations().at(-1)?.version ?? 0;
  const started = Date.now();
  const requests = new Counter('enlace_http_requests_total', 'HTTP requests answered, by route pattern, method and status');
  const duration = new Histogram('enlace_http_request_duration_seconds', 'Time to answer an HTTP request, by route pattern and method');
  const errors = new Counter('enlace_http_errors_total', 'HTTP answers with a 5xx status, by route pattern');
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  app.addHook('onClose', async () => loopDelay.disable());

  app.addHook('onRequest', async (request, reply) => {
    requestStarted(request);
    // Stopping: health answers tell the balancer; everything else is refused cleanly, and the
    // connection closed so that the client's next try goes to another server.
    if (isDraining() && !request.url.startsWith('/api/health')) {
      reply.header('Connection', 'close');
      throw new Problem(503, 'problem.unavailable');
    }
  });
  app.addHook('onRequestAbort', async (request) => requestEnded(request));
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    requestEnded(request);
    // The pattern, never the URL: ids and search words stay out of the metrics.
    const route = request.routeOptions?.url ?? 'unmatched';
    const status = reply.statusCode;
    requests.inc({ method: request.method, route, status: String(status) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    if (status >= 500) errors.inc({ route });
  });

  app.get('/api/health/live', { schema: { summary: 'Vivo: el proceso responde / liveness: the process answers', tags: ['meta'], security: [] }, config: { policy: 'public' } }, async () => ({ status: 'live' }));

  app.get('/api/health/ready', { schema: { summary: 'Listo para recibir tráfico / readiness: database reachable, schema current, not stopping', tags: ['meta'], security: [] }, config: { policy: 'public' } }, async (_request, reply) => {
    const state = await readiness(db, expectedVersion);
    return reply.status(state.ready ? 200 : 503).send({ status: state.ready ? 'ready' : 'not-ready', ...state, linkage: linkage ? (linkage.isReady ? 'ready' : 'building') : 'off' });
  });

  app.get('/api/metrics', { schema: { summary: 'Métricas Prometheus / Prometheus metrics', tags: ['meta'], hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    // Public at the door: the loopback or the token decide (mayScrape).
    if (!mayScrape(request)) return reply.status(403).type('text/plain').send('forbidden\n');
    const lines = [...requests.render(), ...duration.render(), ...errors.render(), ...collisions.render()];
    const memory = process.memoryUsage();
    lines.push(...renderGauge('enlace_process_resident_memory_bytes', 'Resident memory of the server process', [{ value: memory.rss }]));
    lines.push(...renderGauge('enlace_process_heap_used_bytes', 'V8 heap in use', [{ value: memory.heapUsed }]));
    lines.push(...renderGauge('enlace_process_uptime_seconds', 'Seconds since the server started', [{ value: Math.round((Date.now() - started) / 1000) }]));
    lines.push(...renderGauge('enlace_event_loop_delay_p99_seconds', 'Event loop delay, 99th percentile since the last scrape', [{ value: loopDelay.percentile(99) / 1e9 }]));
    loopDelay.reset();
    const pool = db.poolStats?.();
    if (pool) {
      lines.push(...renderGauge('enlace_db_pool_connections', 'Connections to PostgreSQL, by state', [
        { labels: { state: 'open' }, value: pool.total },
        { labels: { state: 'idle' }, value: pool.idle },
        { labels: { state: 'max' }, value: pool.max },
      ]));
      lines.push(...renderGauge('enlace_db_pool_waiting_requests', 'Queries waiting for a free connection', [{ value: pool.waiting }]));
      // The audit writer's own connection (Database.lane): every answer waits for its inserts.
      lines.push(...renderGauge('enlace_db_lane_connections', 'Connections outside the pool (the audit writer), by state', [
        { labels: { state: 'open' }, value: pool.lanes.open },
        { labels: { state: 'busy' }, value: pool.lanes.busy },
      ]));
      lines.push(...renderGauge('enlace_db_lane_waiting_queries', 'Queries queued on the connections outside the pool', [{ value: pool.lanes.waiting }]));
    }
    lines.push(...renderGauge('enlace_linkage_index_ready', '1 once the linkage index is built', [{ value: linkage?.isReady ? 1 : 0 }]));
    const state = await readiness(db, expectedVersion);
    lines.push(...renderGauge('enlace_ready', '1 when the server may take traffic', [{ value: state.ready ? 1 : 0 }]));
    lines.push(...renderGauge('enlace_db_up', '1 when the database answers', [{ value: state.database === 'ok' ? 1 : 0 }]));
    if (state.database === 'ok') {
      try {
        const queue = await optionalCount(db, 'linkage_queue', 'SELECT NULL AS label, count(*)::int AS n FROM linkage_queue');
        if (queue) lines.push(...renderGauge('enlace_linkage_queue_length', 'Person records waiting to be linked', queue));
        const imports = await optionalCount(db, 'import_batches', 'SELECT status AS label, count(*)::int AS n FROM import_batches GROUP BY status');
        if (imports) lines.push(...renderGauge('enlace_import_batches', 'Import runs, by status', imports));
        const rows = await optionalCount(db, 'import_batches', "SELECT 'quarantined' AS label, coalesce(sum(quarantined), 0)::int AS n FROM import_batches UNION ALL SELECT 'imported', coalesce(sum(imported), 0)::int FROM import_batches");
        if (rows) lines.push(...renderGauge('enlace_import_rows', 'Imported and quarantined rows over all import runs', rows));
        const overdue = await optionalCount(db, 'followups', "SELECT NULL AS label, count(*)::int AS n FROM followups WHERE state = 'PROGRAMADO' AND due_on < current_date");
        if (overdue) lines.push(...renderGauge('enlace_followups_overdue', 'Scheduled follow-ups past their date', overdue));
      } catch {
        // the database went away between the two looks: enlace_db_up says so on the next scrape
      }
    }
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}

// Outside encapsulation (what fastify-plugin does): the hook sees every route of the app.
Object.assign(opsPlugin, { [Symbol.for('skip-override')]: true });
export const opsRoutes = opsPlugin;
