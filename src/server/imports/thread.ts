// The CPU of a large import in a thread of its own, so that the machine's second core works while
// the database stores: the thread maps and validates the rows of chunk k+1, builds their records,
// seals them and encodes their COPY data while chunk k is being written. The main thread keeps
// the database's side (which rows were seen before, the case files' codes, the transaction) and
// decides what is written; the thread only prepares. Its vault is the process's own keys, handed
// over in memory (Vault.keyMaterial), never stored or sent out of the process.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { tableMapper, type MappingProfile, type SourceRow, type Table } from '../../importers/index.ts';
import { Vault } from '../crypto/vault.ts';
import { registrationCheck } from './engine.ts';
import { ChunkWorkshop, runToEnd, type BuiltChunk, type ChunkPreparer, type Findings, type MappedChunk } from './prepare.ts';

const ROLE = 'enlace-import-thread';

export interface ThreadSetup {
  /** The table's header: its columns and format, without rows (they come chunk by chunk). */
  header: Table;
  profile: MappingProfile;
  file: string;
  today?: string | undefined;
  keys: { current: Uint8Array; previous: Uint8Array[]; index: Uint8Array };
  actor: { userId: string; unitId: string; agencyId: string };
  batchId: string;
  /** When other preparers map some of the file's chunks: its rows whose record id an earlier row holds (MapOptions.earlierRows). */
  earlierRows?: Map<number, number> | undefined;
}

type Request =
  | { id: number; kind: 'map'; chunk: number; rows: SourceRow[] }
  | { id: number; kind: 'build'; chunk: number; fresh: number[]; codes: number[]; at: string }
  | { id: number; kind: 'drop'; chunk: number }
  | { id: number; kind: 'findings' };

type Reply = { id: number; result: unknown } | { id: number; error: string };

/** The main thread's side: one thread per import, its requests answered in order. */
export class ImportThread implements ChunkPreparer {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const job = this.waiting.get(reply.id);
      if (!job) return;
      this.waiting.delete(reply.id);
      if ('error' in reply) job.reject(new Error(`import thread: ${reply.error}`));
      else job.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const job of this.waiting.values()) job.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error) => fail(new Error(`import thread failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`import thread stopped (${code})`)));
  }

  static start(setup: ThreadSetup): ImportThread {
    // The thread runs this same module; it is TypeScript, so tsx's loader is registered in the
    // thread first (threads do not inherit the main thread's loader hooks).
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    return new ImportThread(new Worker(boot, { eval: true, workerData: { role: ROLE, setup } }));
  }

  private call<T>(request: Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  map(chunk: number, rows: SourceRow[]): Promise<MappedChunk> {
    return this.call({ kind: 'map', chunk, rows });
  }

  /** Builds the chunk's rows at these indexes of its keys (the new ones), with these numbers for their codes. */
  build(chunk: number, fresh: number[], codes: number[], at: string): Promise<BuiltChunk> {
    return this.call({ kind: 'build', chunk, fresh, codes, at });
  }

  drop(chunk: number): Promise<void> {
    return this.call({ kind: 'drop', chunk });
  }

  findings(): Promise<Findings> {
    return this.call({ kind: 'findings' });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('import thread closed');
    await this.worker.terminate();
  }
}

/** The thread's side. */
function serve(setup: ThreadSetup): void {
  const vault = Vault.fromKeyMaterial(setup.keys);
  const { registrations, check } = registrationCheck();
  const mapper = tableMapper(setup.header, setup.profile, { file: setup.file, check, ...(setup.today ? { today: setup.today } : {}), ...(setup.earlierRows ? { earlierRows: setup.earlierRows } : {}) });
  const workshop = new ChunkWorkshop(vault, mapper, registrations, setup.header, setup.actor, setup.batchId);

  const handle = (request: Request): { result: unknown; transfer?: ArrayBuffer[] } => {
    switch (request.kind) {
      case 'map':
        return { result: runToEnd(workshop.map(request.chunk, request.rows)) satisfies MappedChunk };
      case 'build': {
        const { tables, ...built } = runToEnd(workshop.build(request.chunk, request.fresh, request.codes, request.at));
        const transfer: ArrayBuffer[] = [];
        const encoded = tables.map(({ table, rows }) => {
          // A buffer of its own (not a slice of Node's shared pool) is handed over, not copied.
          const finished = rows.finish();
          const data = finished.buffer.byteLength >= 65_536 ? finished : new Uint8Array(finished);
          transfer.push(data.buffer as ArrayBuffer);
          return { table, rows: rows.rows, data };
        });
        return { result: { ...built, tables: encoded } satisfies BuiltChunk, transfer };
      }
      case 'drop':
        workshop.drop(request.chunk);
        return { result: undefined };
      case 'findings':
        return { result: workshop.findings() };
    }
  };

  parentPort?.on('message', (request: Request) => {
    try {
      const { result, transfer } = handle(request);
      parentPort?.postMessage({ id: request.id, result } satisfies Reply, transfer ?? []);
    } catch (error) {
      parentPort?.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply);
    }
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) serve((workerData as { setup: ThreadSetup }).setup);
