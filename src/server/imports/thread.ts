// The CPU of a large import in a thread of its own, so that the machine's second core works while
// the database stores: the thread maps and validates the rows of chunk k+1, builds their records,
// seals them and encodes their COPY data while chunk k is being written. The main thread keeps
// the database's side (which rows were seen before, the case files' codes, the transaction) and
// decides what is written; the thread only prepares. Its vault is the process's own keys, handed
// over in memory (Vault.keyMaterial), never stored or sent out of the process.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { tableMapper, type FieldProblem, type MappingProfile, type QuarantinedRow, type SourceRow, type Table, type TableMapper } from '../../importers/index.ts';
import { encodeRegistrations, giveCodes } from '../actions/bulk.ts';
import { Vault } from '../crypto/vault.ts';
import { classify, freshRegistrations, importRecordRows, registrationCheck, type Accepted } from './engine.ts';

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
}

type Request =
  | { id: number; kind: 'map'; chunk: number; rows: SourceRow[] }
  | { id: number; kind: 'build'; chunk: number; fresh: number[]; codes: number[]; at: string }
  | { id: number; kind: 'drop'; chunk: number }
  | { id: number; kind: 'findings' };

type Reply = { id: number; result: unknown } | { id: number; error: string };

/** A chunk mapped: the rows to store, by source record (in order), and whether each has a case file. */
export interface MappedChunk {
  keys: { system: string; key: string; fingerprint: string; hasCase: boolean }[];
}

/** A chunk ready to write: the COPY data of its new rows, and what the main thread decides on. */
export interface BuiltChunk {
  /** COPY data, in the order of the foreign keys. */
  tables: { table: string; rows: number; data: Uint8Array }[];
  imported: { rowNumber: number; recordId?: string | undefined; system: string; personId: string; caseFileId: string | null }[];
  /** Rows not built (seen before): the caller compares their fingerprints and updates the changed ones. */
  others: Accepted[];
  quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[];
}

export type Findings = ReturnType<TableMapper['findings']>;

/** The main thread's side: one thread per import, its requests answered in order. */
export class ImportThread {
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
  const mapper = tableMapper(setup.header, setup.profile, { file: setup.file, check, ...(setup.today ? { today: setup.today } : {}) });
  const chunks = new Map<number, { accepted: Accepted[]; quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[] }>();

  const handle = (request: Request): { result: unknown; transfer?: ArrayBuffer[] } => {
    switch (request.kind) {
      case 'map': {
        const outcomes = request.rows.map((row) => mapper.map(row));
        const classified = classify(outcomes, registrations, { ...setup.header, rows: request.rows });
        chunks.set(request.chunk, classified);
        const keys = classified.accepted.map((a) => ({ system: a.record.source.system, key: a.key, fingerprint: a.record.source.fingerprint, hasCase: a.caseFile !== undefined }));
        return { result: { keys } satisfies MappedChunk };
      }
      case 'build': {
        const chunk = chunks.get(request.chunk);
        if (!chunk) throw new Error(`chunk ${request.chunk} not mapped`);
        const isFresh = new Set(request.fresh);
        const fresh = request.fresh.map((i) => chunk.accepted[i] as Accepted);
        const others = chunk.accepted.filter((_, i) => !isFresh.has(i));
        const built = freshRegistrations(setup.actor, setup.batchId, fresh, request.at);
        giveCodes(built, request.codes);
        const { tables } = encodeRegistrations(vault, built);
        tables.push({ table: 'import_records', rows: importRecordRows(setup.actor, setup.batchId, fresh, built) });
        const transfer: ArrayBuffer[] = [];
        const encoded = tables.map(({ table, rows }) => {
          // A buffer of its own (not a slice of Node's shared pool) is handed over, not copied.
          const finished = rows.finish();
          const data = finished.buffer.byteLength >= 65_536 ? finished : new Uint8Array(finished);
          transfer.push(data.buffer as ArrayBuffer);
          return { table, rows: rows.rows, data };
        });
        const imported = fresh.map((f, i) => ({ rowNumber: f.record.source.rowNumber, recordId: f.record.source.recordId, system: f.record.source.system, personId: built[i]?.person.id as string, caseFileId: built[i]?.caseFile?.id ?? null }));
        return { result: { tables: encoded, imported, others, quarantine: chunk.quarantine } satisfies BuiltChunk, transfer };
      }
      case 'drop':
        chunks.delete(request.chunk);
        return { result: undefined };
      case 'findings':
        return { result: mapper.findings() };
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
