// The statistics snapshot read in a thread of its own, on a connection of its own. Reading every
// case file's facts is seconds of work (2.4 s of CPU at 100,000 persons, mostly rows parsed and
// folded); on the request thread it came back every minute under writes and held every answer of
// the process for as long (bench:soak's slow windows, one series per process, 60 s apart). The
// thread lowers its own priority after its first snapshot: a refresh waits for idle CPU, requests
// do not wait for it. Only for a PostgreSQL server: PGlite lives in the process's one thread.
// The thread may read a read replica (ENLACE_STATISTICS_DATABASE_URL): statistics then load the
// standby, not the server that takes the writes.
import { setPriority } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openPostgres, type Database } from '../db/database.ts';
import { dataVersion } from '../queries/evidence.ts';
import { readSnapshot, type Snapshot } from './service.ts';

const ROLE = 'enlace-snapshot';

/** Niceness of the thread after its first snapshot (the first one is waited for). */
const BACKGROUND_PRIORITY = 10;

type Ask = { id: number };
type Reply = { id: number; snapshot: Snapshot } | { id: number; error: string };

export class SnapshotThread {
  private worker: Worker | undefined;
  private pending: { id: number; resolve: (snapshot: Snapshot) => void; reject: (error: Error) => void } | undefined;
  private nextId = 1;
  private closed = false;

  constructor(private readonly url: string) {}

  /**
   * A snapshot read in the thread, with the version of the data it read (taken on the thread's
   * own connection first: a replica's, when it reads one). One at a time, as EvidenceService asks.
   */
  read(): Promise<Snapshot> {
    if (this.closed) return Promise.reject(new Error('snapshot thread closed'));
    if (this.pending) return Promise.reject(new Error('a snapshot is already being read'));
    const worker = (this.worker ??= this.start());
    return new Promise<Snapshot>((resolve, reject) => {
      const id = this.nextId++;
      this.pending = { id, resolve, reject };
      worker.ref();
      worker.postMessage({ id } satisfies Ask);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.settle(new Error('snapshot thread closed'));
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private settle(outcome: Snapshot | Error): void {
    const pending = this.pending;
    this.pending = undefined;
    // An idle thread must not keep the process alive.
    this.worker?.unref();
    if (!pending) return;
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private start(): Worker {
    // As the protection thread: tsx's loader first, then this module (threads do not inherit loader hooks).
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { role: ROLE, url: this.url } });
    worker.on('message', (reply: Reply) => {
      if (reply.id !== this.pending?.id) return;
      this.settle('snapshot' in reply ? reply.snapshot : new Error(reply.error));
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      this.settle(new Error(message));
    };
    worker.on('error', (error) => fail(`snapshot thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(`snapshot thread stopped (${code})`);
    });
    return worker;
  }
}

/**
 * The thread that reads a database's statistics snapshot: on ENLACE_STATISTICS_DATABASE_URL (a
 * read replica) when it is set, else on the database itself; none for PGlite.
 */
export function snapshotThreadFor(db: Database, env: NodeJS.ProcessEnv = process.env): SnapshotThread | undefined {
  if (db.engine !== 'postgres' || !db.url) return undefined;
  return new SnapshotThread(env.ENLACE_STATISTICS_DATABASE_URL || db.url);
}

// Inside the thread: one connection, one snapshot at a time.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const db = await openPostgres((workerData as { url: string }).url, 1);
  let lowered = false;
  parentPort?.on('message', (ask: Ask) => {
    dataVersion(db).then((version) => readSnapshot(db, version)).then(
      (snapshot) => {
        parentPort?.postMessage({ id: ask.id, snapshot } satisfies Reply);
        if (lowered) return;
        lowered = true;
        try {
          // The calling thread only (Linux: each thread has its own niceness).
          setPriority(BACKGROUND_PRIORITY);
        } catch {
          // Not allowed here: the thread keeps its priority, and still keeps the request thread free.
        }
      },
      (error: unknown) => parentPort?.postMessage({ id: ask.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
    );
  });
}
