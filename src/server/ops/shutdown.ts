// Graceful shutdown on SIGTERM / SIGINT: readiness turns false at once (a load balancer stops
// sending), new connections are refused, the requests in flight finish — each one's audit entry
// and transaction included — and then the database is closed. A request that does not finish in
// time is abandoned with the process: its transaction was never committed, so nothing of it stays.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';

let draining = false;
/** Requests being answered: a stop waits for them before the app's services close. */
const inFlight = new Set<object>();

export function isDraining(): boolean {
  return draining;
}

export function requestStarted(request: object): void {
  inFlight.add(request);
}

export function requestEnded(request: object): void {
  inFlight.delete(request);
}

async function settled(deadline: number): Promise<void> {
  while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

export interface ShutdownOptions {
  /** Readiness is false this long before the listener closes (time for a balancer to notice). */
  drainMs: number;
  /** After this, the process exits anyway (code 1). */
  timeoutMs: number;
  log: (message: string, fields?: Record<string, unknown>) => void;
  exit: (code: number) => void;
}

export function shutdownOptionsFromEnv(env: NodeJS.ProcessEnv, log: ShutdownOptions['log']): ShutdownOptions {
  return {
    drainMs: Number(env.ENLACE_SHUTDOWN_DRAIN_MS ?? 0),
    timeoutMs: Number(env.ENLACE_SHUTDOWN_TIMEOUT_MS ?? 25_000),
    log,
    exit: (code) => process.exit(code),
  };
}

export function installGracefulShutdown(app: FastifyInstance, db: Database, options: ShutdownOptions): (signal: string) => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stop = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      draining = true;
      const started = Date.now();
      options.log('shutdown started', { signal });
      const timer = setTimeout(() => {
        options.log('shutdown timed out: exiting with requests unfinished (none of them was committed)', { timeoutMs: options.timeoutMs });
        options.exit(1);
      }, options.timeoutMs);
      timer.unref();
      try {
        if (options.drainMs > 0) await new Promise((r) => setTimeout(r, options.drainMs));
        // New requests are answered 503 from now on (routes/ops.ts); those already running finish
        // before the services they use (linkage, database) are closed under them.
        await settled(started + options.timeoutMs);
        await app.close();
        await db.close();
        options.log('shutdown complete', { ms: Date.now() - started });
        options.exit(0);
      } catch (error) {
        options.log('shutdown failed', { error: (error as Error).message });
        options.exit(1);
      }
    })();
    return stopping;
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return stop;
}
