// Where the linkage index lives. On a large registry it lives in a thread of its own: its records
// and postings (hundreds of MB at 100,000 persons) then sit in that thread's heap, and the request
// thread's garbage collector never walks them. In the request thread, a full collection of the
// index paused every request for 100+ ms (bench:api, reads paced at 3,000/s: p99 127–183 ms with
// the index in the heap, 16–22 ms without). A small registry keeps it in the request thread:
// no thread to start, and nothing to walk.
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { packCanonical, unpackCanonical, type CanonicalRecord, type PackedCanonical } from '../../domain/person-record.ts';
import type { LinkageIndex } from '../../linkage/linkage-index.ts';
import { buildPersonIndex, matchCandidates, type Candidate } from './linker.ts';

const ROLE = 'enlace-linkage-index';

/** What scoring a record found, and its tentative entry when one was asked for. */
export interface Scored {
  candidates: Candidate[];
  entry: number | undefined;
}

/** The index as the linkage service uses it, wherever it lives. */
export interface IndexHandle {
  /**
   * Scores a record against the committed records (and the tentative ones in `visible`); with
   * `hold`, also adds it as a tentative entry that only queries naming it will see.
   */
  score(record: CanonicalRecord, minProbability: number, visible: ReadonlySet<number> | undefined, hold: boolean): Promise<Scored>;
  /** Makes a tentative entry a committed record (its transaction committed). */
  commit(entry: number): void;
  /** Drops a tentative entry (its transaction was not heard of again). */
  forget(entry: number): void;
  /** Adds committed records. */
  add(records: CanonicalRecord[]): void;
  close(): Promise<void>;
}

/** Registries at least this large keep their index in a thread (ENLACE_LINKAGE_THREAD_MIN). */
export const THREAD_MIN_RECORDS = Number(process.env.ENLACE_LINKAGE_THREAD_MIN ?? 20_000);

export async function openIndex(records: CanonicalRecord[], onFailure: (error: Error) => void, threadMin = THREAD_MIN_RECORDS): Promise<IndexHandle> {
  return records.length >= threadMin ? startIndexThread(records, onFailure) : new InProcessIndex(await buildPersonIndex(records));
}

/** The thread's answer to a question (bench/linkage-arrival-cost.ts does the same, without the thread). */
export function scoreIn(index: LinkageIndex, record: CanonicalRecord, minProbability: number, visible: ReadonlySet<number> | undefined, hold: boolean): Scored {
  // Prepared once for scoring, explaining and holding (preparing is a tenth of the thread's work).
  const prepared = index.prepared(record);
  const candidates = matchCandidates(index, prepared, minProbability, visible);
  return { candidates, entry: hold ? index.addTentative(prepared) : undefined };
}

class InProcessIndex implements IndexHandle {
  constructor(private readonly index: LinkageIndex) {}
  score(record: CanonicalRecord, minProbability: number, visible: ReadonlySet<number> | undefined, hold: boolean): Promise<Scored> {
    return Promise.resolve(scoreIn(this.index, record, minProbability, visible, hold));
  }
  commit(entry: number): void {
    this.index.commit(entry);
  }
  forget(entry: number): void {
    this.index.forget(entry);
  }
  add(records: CanonicalRecord[]): void {
    for (const record of records) this.index.add(record);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

// Records travel packed (packCanonical): arrays of strings, not objects whose column names are
// copied with every record, in each thread.
type Request =
  | { kind: 'records'; records: PackedCanonical[] }
  | { kind: 'build'; id: number }
  | { kind: 'open'; id: number }
  | { kind: 'abandon' }
  | { kind: 'score'; id: number; record: PackedCanonical; minProbability: number; visible: number[] | undefined; hold: boolean }
  | { kind: 'commit'; entry: number }
  | { kind: 'forget'; entry: number }
  | { kind: 'add'; records: PackedCanonical[] };

/** The comparisons' names and level labels: an answer's fields travel as numbers, read against them. */
type Labels = readonly { readonly name: string; readonly levels: readonly string[] }[];

/**
 * `Scored` as it travels back from the thread: the candidates' ids, and everything else in one
 * Float64Array, CANDIDATE_HEAD numbers a candidate and then a level and a weight per field.
 * Cloned, a candidate's explanation was a dozen small objects in each thread (one per field).
 */
interface PackedScored {
  personIds: string[];
  numbers: Float64Array;
  entry: number | undefined;
}

/** weight, probability, prior, competition. */
const CANDIDATE_HEAD = 4;

function packScored(scored: Scored, labels: Labels): PackedScored {
  const width = CANDIDATE_HEAD + 2 * labels.length;
  const numbers = new Float64Array(width * scored.candidates.length);
  scored.candidates.forEach((candidate, k) => {
    const at = k * width;
    const e = candidate.explanation;
    numbers[at] = e.weight;
    numbers[at + 1] = e.probability;
    numbers[at + 2] = e.prior ?? Number.NaN;
    numbers[at + 3] = e.competition ?? Number.NaN;
    e.fields.forEach((field, f) => {
      numbers[at + CANDIDATE_HEAD + 2 * f] = (labels[f] as Labels[number]).levels.indexOf(field.level);
      numbers[at + CANDIDATE_HEAD + 2 * f + 1] = field.weight;
    });
  });
  return { personIds: scored.candidates.map((c) => c.personId), numbers, entry: scored.entry };
}

/** The `Scored` that `packScored` packed, object for object. */
function unpackScored(packed: PackedScored, labels: Labels): Scored {
  const width = CANDIDATE_HEAD + 2 * labels.length;
  const n = packed.numbers;
  const optional = (x: number) => (Number.isNaN(x) ? undefined : x);
  const candidates = packed.personIds.map((personId, k): Candidate => {
    const at = k * width;
    return {
      personId,
      explanation: {
        weight: n[at] as number,
        probability: n[at + 1] as number,
        prior: optional(n[at + 2] as number),
        fields: labels.map((label, f) => ({ comparison: label.name, level: label.levels[n[at + CANDIDATE_HEAD + 2 * f] as number] as string, weight: n[at + CANDIDATE_HEAD + 2 * f + 1] as number })),
        competition: optional(n[at + 3] as number),
      },
    };
  });
  return { candidates, entry: packed.entry };
}

const labelsOf = (index: LinkageIndex): Labels => index.comparisons.map((c) => ({ name: c.name, levels: c.levels }));

/**
 * An answer: to a question by its id. `labels` answer a build; `build` tells a process asking to
 * open the shared index that it is the one to send the records (shared-index.ts).
 */
export type Reply = { id: number; scored?: PackedScored; labels?: Labels; build?: boolean; error?: string };

/** A question to the index, as it travels. */
export type IndexRequest = Request;

// Records travel to the index in chunks: one message of 100,000 records would hold a second
// copy of all of them at once.
const CHUNK = 10_000;
/** How long a commit or an added record may wait for a question to ride with. */
const DEFER_MS = 50;

/** How an index client reaches the index: a thread of this process, or the cluster's primary. */
export interface IndexChannel {
  post(batch: Request[]): void;
  /** Whether answers are awaited: a thread waiting for nothing must not keep a CLI alive. */
  hold(waiting: boolean): void;
  close(): Promise<void>;
}

/**
 * The index of another thread or process, asked through a channel whose answers come back to
 * `received`. Requests of one turn of the event loop travel as one message.
 */
export class IndexClient implements IndexHandle {
  private nextId = 1;
  private outbox: Request[] = [];
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private failed: Error | undefined;
  /** From the build's answer. */
  labels: Labels = [];

  constructor(
    private readonly channel: IndexChannel,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** Answers from the index. */
  received(replies: readonly Reply[]): void {
    for (const reply of replies) {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply);
    }
    if (this.pending.size === 0) this.channel.hold(false);
  }

  /** The index is gone: every question waiting and every later one fails. */
  fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.onFailure(error);
  }

  /** Passes on a request nobody waits for, as it came (the shared index's primary, to its thread). */
  forward(request: Exclude<Request, { id: number }>): void {
    this.send(request);
  }

  /** Sends the records an index is to be built from, in chunks (then ask for `build`). */
  sendRecords(records: readonly CanonicalRecord[]): void {
    for (let at = 0; at < records.length; at += CHUNK) this.post([{ kind: 'records', records: records.slice(at, at + CHUNK).map(packCanonical) }]);
  }

  async score(record: CanonicalRecord, minProbability: number, visible: ReadonlySet<number> | undefined, hold: boolean): Promise<Scored> {
    const reply = await this.ask((id) => ({ kind: 'score', id, record: packCanonical(record), minProbability, visible: visible && visible.size > 0 ? [...visible] : undefined, hold }));
    return unpackScored(reply.scored as PackedScored, this.labels);
  }

  commit(entry: number): void {
    this.defer({ kind: 'commit', entry });
  }

  forget(entry: number): void {
    this.defer({ kind: 'forget', entry });
  }

  add(records: CanonicalRecord[]): void {
    if (records.length > 0) this.defer({ kind: 'add', records: records.map(packCanonical) });
  }

  async close(): Promise<void> {
    this.failed ??= new Error('linkage index closed');
    await this.channel.close();
  }

  /** Asks a question and waits for its answer. */
  ask(request: (id: number) => Request): Promise<Reply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    this.channel.hold(true);
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(request(id));
    });
  }

  private send(request: Request): void {
    if (this.failed) return;
    this.outbox.push(request);
    // Requests of one turn of the event loop travel together: each message between threads costs
    // a wake-up of the other thread (system calls that a virtual machine makes dear: 0.3 ms of
    // the request thread per registration went to posting its two messages).
    if (!this.flushSoon) {
      this.flushSoon = true;
      setImmediate(this.flush);
    }
  }

  /**
   * Requests nobody waits for (commit, forget, add) ride with the next question, which they
   * precede, so every score still sees them; a quiet server sends them within DEFER_MS. A
   * registration then costs one message to the index instead of two.
   */
  private defer(request: Request): void {
    if (this.failed) return;
    this.outbox.push(request);
    if (!this.flushSoon) this.deferred ??= setTimeout(this.flush, DEFER_MS).unref();
  }

  private deferred: NodeJS.Timeout | undefined;
  private flushSoon = false;

  private readonly flush = (): void => {
    if (this.deferred) clearTimeout(this.deferred);
    this.deferred = undefined;
    this.flushSoon = false;
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length > 0) this.post(batch);
  };

  private post(batch: Request[]): void {
    if (!this.failed) this.channel.post(batch);
  }
}

/** The index in a thread of this process (see the top of this file). */
async function startIndexThread(records: CanonicalRecord[], onFailure: (error: Error) => void): Promise<IndexClient> {
  const client = spawnIndexThread(onFailure);
  client.sendRecords(records);
  client.labels = (await client.ask((id) => ({ kind: 'build', id }))).labels ?? [];
  return client;
}

/** A thread with an index server and nothing in it yet: send it records, then ask it to build. */
export function spawnIndexThread(onFailure: (error: Error) => void): IndexClient {
  // The thread runs this same module; it is TypeScript, so tsx's loader is registered in the
  // thread first (threads do not inherit the main thread's loader hooks).
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  // The thread may grow as large as this one may (--max-old-space-size): the index is most of it.
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
  const worker = new Worker(boot, { eval: true, workerData: { role: ROLE }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  const client = new IndexClient(
    {
      post: (batch) => worker.postMessage(batch),
      hold: (waiting) => void (waiting ? worker.ref() : worker.unref()),
      close: async () => {
        await worker.terminate();
      },
    },
    onFailure,
  );
  worker.on('message', (replies: Reply[]) => client.received(replies));
  worker.on('error', (error) => client.fail(error));
  worker.on('exit', (code) => client.fail(new Error(`linkage index thread stopped (${code})`)));
  return client;
}

/**
 * The index itself, answering questions in order, in its thread: one of this process, or one of
 * the cluster's primary for every server process (shared-index.ts). Questions that arrive while it is
 * being built wait for it. Each question is answered through the `reply` it came with.
 */
export class IndexServer {
  private loading: CanonicalRecord[] = [];
  private index: LinkageIndex | undefined;
  private labels: Labels = [];
  private readonly queue: { request: Request; reply: (reply: Reply) => void }[] = [];
  private building = false;

  /** Drops the records received for a build that will not be asked for (their sender is gone). */
  private abandonLoading(): void {
    if (!this.building) this.loading = [];
  }

  handle(request: Request, reply: (reply: Reply) => void): void {
    if (this.building) {
      this.queue.push({ request, reply });
      return;
    }
    switch (request.kind) {
      case 'records':
        for (const packed of request.records) this.loading.push(unpackCanonical(packed));
        return;
      case 'commit':
        this.index?.commit(request.entry);
        return;
      case 'forget':
        this.index?.forget(request.entry);
        return;
      case 'add':
        for (const packed of request.records) this.index?.add(unpackCanonical(packed));
        return;
      case 'score':
        try {
          if (!this.index) throw new Error('linkage index not built');
          const visible = request.visible ? new Set(request.visible) : undefined;
          reply({ id: request.id, scored: packScored(scoreIn(this.index, unpackCanonical(request.record), request.minProbability, visible, request.hold), this.labels) });
        } catch (error) {
          reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
        }
        return;
      case 'abandon':
        this.abandonLoading();
        return;
      case 'open':
        // Who builds a shared index is the cluster's primary's to say (shared-index.ts).
        reply({ id: request.id, error: 'linkage index: open is answered by the shared index' });
        return;
      case 'build': {
        // Training is asynchronous: what arrives meanwhile waits for the index, in order.
        this.building = true;
        const records = this.loading;
        this.loading = [];
        buildPersonIndex(records)
          .then(
            (built) => {
              this.index = built;
              this.labels = labelsOf(built);
              reply({ id: request.id, labels: this.labels });
            },
            (error: unknown) => reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
          )
          .finally(() => {
            this.building = false;
            while (this.queue.length > 0 && !this.building) {
              const next = this.queue.shift() as (typeof this.queue)[number];
              this.handle(next.request, next.reply);
            }
          });
        return;
      }
    }
  }
}

// Inside the thread: the index, and the questions asked of it, answered in order.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const server = new IndexServer();
  // Answers to one batch of questions go back as one message.
  let answers: Reply[] | undefined;
  const answer = (reply: Reply) => {
    if (answers) answers.push(reply);
    else parentPort?.postMessage([reply]);
  };
  parentPort?.on('message', (batch: Request[]) => {
    answers = [];
    for (const request of batch) server.handle(request, answer);
    const replies = answers;
    answers = undefined;
    if (replies.length > 0) parentPort?.postMessage(replies);
  });
}
