// Disclosure protection off the request thread. Secondary suppression is a search whose cost grows
// much faster than the table (linked three-way tables ran for minutes), so it runs in a thread of
// its own, one release at a time, each with a time limit: a release that overruns is abandoned
// (the thread is stopped and a fresh one started for the next), and the server keeps answering.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { suppressTable, type LinkedTable, type ProtectedTable, type SpecialCells } from '../../disclosure/index.ts';
import { protectCounts, type Release, type ReleaseCounts, type ReleaseOptions } from '../../evidence/index.ts';

const ROLE = 'enlace-protection';

/** What the thread is asked to protect: an indicator's release, or a system of tables as it is (the restricted record counts). */
type Work = { kind: 'release'; counts: ReleaseCounts; options: ReleaseOptions } | { kind: 'table'; label: string; table: LinkedTable; special: SpecialCells };

interface Job {
  id: number;
  work: Work;
}

type Reply = { id: number; result: Release | ProtectedTable } | { id: number; error: string };

/** A release that could not be protected in time (or at all): nothing of it is published. */
export class ProtectionFailed extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

interface Pending {
  id: number;
  /**
   * The work, or what makes it just before it is handed to the thread (a release's counts, one
   * pass over the persons on this thread): a new snapshot queues every release at once, and
   * counting them all there and then held the request thread for a third of a second at 100,000
   * persons.
   */
  work: Work | (() => Work);
  /** What the job is, for its time-limit message. */
  label: string;
  resolve: (result: Release | ProtectedTable) => void;
  reject: (error: Error) => void;
  /** Asked just before the job would start: true drops it (nobody needs it any more). */
  skip?: () => boolean;
}

/** A release (or a table) queued for protection. */
export interface ProtectionJob<T = Release> {
  promise: Promise<T>;
  /** Moves the job to the front of the queue (a request waits for it). */
  hurry(): void;
}

export class ProtectionThread {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private running: { job: Pending; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private closed = false;

  constructor(
    /** Longest a release may take to protect. */
    private readonly timeLimitMs: number,
  ) {}

  /**
   * Protects a release in the thread; rejects with ProtectionFailed after the time limit. Counts
   * given as a function are counted when the job's turn comes, and never for a job skipped.
   */
  protect(counts: ReleaseCounts | (() => ReleaseCounts), options: ReleaseOptions, skip?: () => boolean, label?: string): ProtectionJob {
    if (typeof counts !== 'function') return this.enqueue<Release>({ kind: 'release', counts, options }, `${counts.indicator} ${counts.year}`, skip);
    return this.enqueue<Release>(() => ({ kind: 'release', counts: counts(), options }), label ?? 'a release', skip);
  }

  /** Suppresses a system of tables (suppressTable with default rules) in the thread, under the same time limit. */
  suppress(label: string, table: LinkedTable, special: SpecialCells): ProtectionJob<ProtectedTable> {
    return this.enqueue<ProtectedTable>({ kind: 'table', label, table, special: { ...special, ...(special.hidden ? { hidden: [...special.hidden] } : {}), ...(special.known ? { known: [...special.known] } : {}) } }, label);
  }

  private enqueue<T extends Release | ProtectedTable>(work: Work | (() => Work), label: string, skip?: () => boolean): ProtectionJob<T> {
    let pending: Pending | undefined;
    const promise = this.closed
      ? Promise.reject(new ProtectionFailed('protection thread closed', false))
      : new Promise<T>((resolve, reject) => {
          this.queue.push((pending = { id: this.nextId++, work, label, resolve: resolve as (result: Release | ProtectedTable) => void, reject, ...(skip ? { skip } : {}) }));
          queueMicrotask(() => this.next());
        });
    return {
      promise,
      hurry: () => {
        const at = pending ? this.queue.indexOf(pending) : -1;
        if (at > 0) this.queue.unshift(...this.queue.splice(at, 1));
      },
    };
  }

  /** Jobs waiting (not counting the one running). */
  get waiting(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ProtectionFailed('protection thread closed', false));
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.job.reject(new ProtectionFailed('protection thread closed', false));
      this.running = undefined;
    }
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    // The thread runs this same module; it is TypeScript, so tsx's loader is registered in the
    // thread first (threads do not inherit the main thread's loader hooks).
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { role: ROLE } });
    worker.on('message', (reply: Reply) => {
      const running = this.running;
      if (!running || running.job.id !== reply.id) return;
      clearTimeout(running.timer);
      this.running = undefined;
      // An idle thread must not keep the process alive (a CLI exits when its work is done).
      if (this.queue.length === 0) worker.unref();
      if ('result' in reply) running.job.resolve(reply.result);
      else running.job.reject(new ProtectionFailed(reply.error, false));
      this.next();
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      const running = this.running;
      if (running) {
        clearTimeout(running.timer);
        this.running = undefined;
        running.job.reject(new ProtectionFailed(message, false));
      }
      this.next();
    };
    worker.on('error', (error) => fail(`protection thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(`protection thread stopped (${code})`);
    });
    return worker;
  }

  private next(): void {
    if (this.running || this.closed) return;
    let job: Pending | undefined;
    let work: Work | undefined;
    while (!work && (job = this.queue.shift())) {
      if (job.skip?.()) {
        job.reject(new ProtectionFailed('no longer needed', false));
        continue;
      }
      try {
        work = typeof job.work === 'function' ? job.work() : job.work;
      } catch (error) {
        job.reject(new ProtectionFailed(error instanceof Error ? error.message : String(error), false));
      }
    }
    if (!job || !work) return;
    const started = job;
    this.worker ??= this.start();
    const worker = this.worker;
    const timer = setTimeout(() => {
      if (this.running?.job !== started) return;
      this.running = undefined;
      // The search cannot be interrupted from outside but the thread can: stop it, start afresh.
      this.worker = undefined;
      void worker.terminate();
      started.reject(new ProtectionFailed(`protection of ${started.label} took more than ${this.timeLimitMs} ms`, true));
      this.next();
    }, this.timeLimitMs);
    timer.unref();
    this.running = { job: started, timer };
    worker.ref();
    worker.postMessage({ id: started.id, work } satisfies Job);
  }
}

// Inside the thread: protect each release asked for.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  parentPort?.on('message', (job: Job) => {
    try {
      const { work } = job;
      const result = work.kind === 'release' ? protectCounts(work.counts, work.options) : suppressTable(work.table, {}, work.special);
      parentPort?.postMessage({ id: job.id, result } satisfies Reply);
    } catch (error) {
      parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
    }
  });
}
