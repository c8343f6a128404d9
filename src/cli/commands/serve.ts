import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Inicia el servidor / start the server (PORT, HOST, DATABASE_URL, ENLACE_DATA_DIR, ENLACE_WORKERS)',
  async run(args) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' } } });
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    const host = values.host ?? process.env.HOST ?? '127.0.0.1';
    const workers = Number(values.workers ?? process.env.ENLACE_WORKERS ?? 1);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      process.stderr.write(`enlace serve: --workers debe ser un entero entre 1 y 64 / --workers must be a whole number from 1 to 64 (${values.workers ?? process.env.ENLACE_WORKERS})\n`);
      return 2;
    }
    if (workers > 1 && !process.env.DATABASE_URL) {
      // The embedded database belongs to one process (its folder is locked to it).
      process.stderr.write('enlace serve: varios procesos necesitan un servidor PostgreSQL (DATABASE_URL) / several processes need a PostgreSQL server (DATABASE_URL)\n');
      return 2;
    }
    if (workers > 1 && cluster.isPrimary) return runPrimary(workers, host, port);
    const { startServer } = await import('../../server/server.ts');
    const { DEFAULT_SESSION_CONFIG } = await import('../../server/auth/sessions.ts');
    // Only for measuring what the audit costs (npm run bench:api); never in production.
    const audit = process.env.ENLACE_BENCH_AUDIT_OFF !== '1';
    if (!audit && cluster.isPrimary) process.stderr.write('AVISO / WARNING: auditoría desactivada para una medición / audit disabled for a benchmark\n');
    await startServer({
      host,
      port,
      adminPassword: process.env.ENLACE_ADMIN_PASSWORD,
      app: {
        secureCookies: process.env.ENLACE_SECURE_COOKIES === 'true',
        logLevel: process.env.LOG_LEVEL ?? 'warn',
        audit,
        session: { ...DEFAULT_SESSION_CONFIG, requireSecondFactor: process.env.ENLACE_REQUIRE_SECOND_FACTOR === 'true' },
      },
    });
    if (cluster.isPrimary) process.stdout.write(`Enlace escucha en / listening on http://${host}:${port}\n`);
    return new Promise<number>(() => undefined);
  },
};

/**
 * Several server processes on one port (node:cluster: the primary hands each new connection to
 * the next process). One Node.js process uses one core for requests; with the database on
 * PostgreSQL, more processes use more cores. Each process is a whole server with its own pool
 * and audit chain; the linkage index is one, kept by this process for all of them
 * (linkage/shared-index.ts; ENLACE_LINKAGE_SHARED=0 gives each process its own, for comparison).
 * The versions each process indexes are relayed to the others through this one
 * (linkage/relay.ts), so that their looks at the database skip them. Per-process rate limits are
 * divided among the processes (auth/rate-limit.ts).
 */
async function runPrimary(workers: number, host: string, port: number): Promise<number> {
  // Migrations and the first administrator once, before the processes start.
  const { prepareDatabase } = await import('../../server/server.ts');
  await (await prepareDatabase({ adminPassword: process.env.ENLACE_ADMIN_PASSWORD })).close();
  const { forwardRelayedRecords } = await import('../../server/linkage/relay.ts');
  forwardRelayedRecords();
  let stopping = false;
  /** 1 when the server stops because it failed (for its service manager to restart it). */
  let exitCode = 0;
  let listening = 0;
  const env: Record<string, string> = { ENLACE_WORKER_COUNT: String(workers) };
  // The shared index's answers carry typed arrays, which JSON would flatten into objects.
  cluster.setupPrimary({ serialization: 'advanced' });
  if (process.env.ENLACE_LINKAGE_SHARED !== '0') {
    const { serveSharedIndex } = await import('../../server/linkage/shared-index.ts');
    serveSharedIndex(env, (error) => {
      process.stderr.write(`enlace serve: el índice de vinculación falló; el servidor se detiene para reiniciarse / the linkage index failed; the server stops to be restarted: ${error.message}\n`);
      stop('SIGTERM', 1);
    });
  }
  const fork = () => cluster.fork(env);
  cluster.on('listening', () => {
    if (++listening === workers) process.stdout.write(`Enlace escucha en / listening on http://${host}:${port} (${workers} procesos / processes)\n`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    // A process that died is replaced; the others went on serving meanwhile.
    process.stderr.write(`enlace serve: el proceso ${worker.process.pid} terminó (${signal ?? code}); se inicia otro / process ${worker.process.pid} ended (${signal ?? code}); starting another\n`);
    fork();
  });
  const stop = (signal: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    // Each process drains its requests (ops/shutdown.ts) and exits; then this one does.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < workers; i++) fork();
  return new Promise<number>(() => undefined);
}
