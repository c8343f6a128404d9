// One linkage index for every server process (enlace serve --workers N). It lives in the
// cluster's primary, which otherwise only hands out connections: each process asks it to score
// its arrivals and tells it what committed, over the cluster's IPC channel. With an index in
// each process, every record was prepared and indexed once per process, and on two cores the
// two index threads competed with the request threads and PostgreSQL (bench:api with one
// process instead of two: 1.5–2.0 ms of server CPU a registration instead of 2.1–2.5), and each
// held the whole index (250 MB at 100,000 persons).
//
// The first process to ask builds it: it reads and opens every person, as a process alone does,
// and sends the records; the others wait for the build and read nothing. Nothing of these
// messages leaves this machine's processes, and nothing of them is logged.
import cluster, { type Worker } from 'node:cluster';
import type { CanonicalRecord } from '../../domain/person-record.ts';
import { IndexClient, spawnIndexThread, type IndexRequest, type Reply } from './index-thread.ts';

const KIND = 'enlace-linkage-index';
/** Set in the environment of the processes whose primary serves the index (`serveSharedIndex`). */
const SHARED_ENV = 'ENLACE_LINKAGE_SHARED';

interface ToIndex {
  kind: typeof KIND;
  requests: IndexRequest[];
}

interface FromIndex {
  kind: typeof KIND;
  replies: Reply[];
}

function isIndexMessage(message: unknown): message is ToIndex & FromIndex {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === KIND;
}

/** Opens the shared index; `records` is called only by the process chosen to build it. */
export type OpenSharedIndex = (records: () => Promise<CanonicalRecord[]>, onFailure: (error: Error) => void) => Promise<IndexClient>;

/** The shared index of a cluster worker whose primary serves one; undefined otherwise. */
export function clusterSharedIndex(): OpenSharedIndex | undefined {
  if (!cluster.isWorker || process.env[SHARED_ENV] !== '1' || typeof process.send !== 'function') return undefined;
  return openSharedIndex;
}

async function openSharedIndex(records: () => Promise<CanonicalRecord[]>, onFailure: (error: Error) => void): Promise<IndexClient> {
  const listener = (message: unknown) => {
    if (isIndexMessage(message)) client.received(message.replies);
  };
  const gone = () => client.fail(new Error('linkage index: the primary process is gone'));
  const client = new IndexClient(
    {
      post: (requests) => {
        if (!process.connected) return gone();
        process.send?.({ kind: KIND, requests } satisfies ToIndex, undefined, undefined, (error: Error | null) => error && gone());
      },
      // A server process stays up anyway; nothing to hold.
      hold: () => undefined,
      close: () => {
        process.off('message', listener);
        process.off('disconnect', gone);
        return Promise.resolve();
      },
    },
    onFailure,
  );
  process.on('message', listener);
  process.once('disconnect', gone);
  const opened = await client.ask((id) => ({ kind: 'open', id }));
  if (opened.build) {
    client.sendRecords(await records());
    client.labels = (await client.ask((id) => ({ kind: 'build', id }))).labels ?? [];
  } else {
    client.labels = opened.labels ?? [];
  }
  return client;
}

/**
 * The primary's index, in a thread of its own: the primary hands out every new connection, and
 * building the index (half a minute at 100,000 persons) or scoring in its own thread would hold
 * them all up. Questions are passed on under ids of its own, and answered under the asker's.
 */
class IndexInThread {
  private labels: Reply['labels'];
  private building = false;
  private readonly thread: IndexClient;

  constructor(spawn: typeof spawnIndexThread, onLost: (error: Error) => void) {
    this.thread = spawn(onLost);
  }

  get builtLabels(): Reply['labels'] {
    return this.labels;
  }

  get isBuilding(): boolean {
    return this.building;
  }

  abandonLoading(): void {
    this.thread.forward({ kind: 'abandon' });
  }

  handle(request: IndexRequest, reply: (reply: Reply) => void): void {
    const failed = (id: number) => (error: Error) => reply({ id, error: error.message });
    switch (request.kind) {
      case 'build':
        this.building = true;
        this.thread.ask((id) => ({ ...request, id })).then(
          (built) => {
            this.building = false;
            this.labels = built.labels;
            reply({ ...built, id: request.id });
          },
          (error: Error) => {
            this.building = false;
            failed(request.id)(error);
          },
        );
        return;
      case 'score':
      case 'open':
        this.thread.ask((id) => ({ ...request, id })).then((answer) => reply({ ...answer, id: request.id }), failed(request.id));
        return;
      default:
        this.thread.forward(request);
    }
  }
}

/**
 * In the cluster's primary: serves one index to every worker forked after it, with `env` (which
 * tells them so). The first worker to ask builds it; a builder that dies before asking for the
 * build hands the task to the next one waiting.
 */
export function serveSharedIndex(
  env: Record<string, string>,
  /**
   * The index's thread failed (it ran out of memory): questions waiting are answered with the
   * error. The processes' entries (tentative ones, by number) mean nothing to a new index, so the
   * whole server is to stop and be started again (enlace serve exits with an error for its
   * service manager to restart it: deploy/enlace.service).
   */
  onLost: (error: Error) => void,
  spawn: typeof spawnIndexThread = spawnIndexThread,
): void {
  env[SHARED_ENV] = '1';
  const server = new IndexInThread(spawn, onLost);
  let builder: Worker | undefined;
  const waiting: { worker: Worker; id: number }[] = [];
  const reply = (worker: Worker, replies: Reply[]) => {
    if (replies.length > 0 && worker.isConnected()) worker.send({ kind: KIND, replies } satisfies FromIndex);
  };
  const answerWaiting = (answer: (id: number) => Reply) => {
    const byWorker = new Map<Worker, Reply[]>();
    for (const { worker, id } of waiting.splice(0)) byWorker.set(worker, [...(byWorker.get(worker) ?? []), answer(id)]);
    for (const [worker, replies] of byWorker) reply(worker, replies);
  };
  const promoteNext = () => {
    const next = waiting.shift();
    builder = next?.worker;
    if (next) reply(next.worker, [{ id: next.id, build: true }]);
  };

  cluster.on('message', (worker, message: unknown) => {
    if (!isIndexMessage(message)) return;
    // Answers to one message go back as one message; the build's, when it is built.
    const answers: Reply[] = [];
    let inMessage = true;
    const answer = (r: Reply) => (inMessage ? answers.push(r) : reply(worker, [r]));
    for (const request of message.requests) {
      if (request.kind === 'open') {
        const labels = server.builtLabels;
        if (labels) answer({ id: request.id, labels });
        else if (builder === undefined) {
          builder = worker;
          answer({ id: request.id, build: true });
        } else waiting.push({ worker, id: request.id });
      } else if (request.kind === 'build') {
        server.handle(request, (built) => {
          answer(built);
          if (built.labels) answerWaiting((id) => ({ id, labels: built.labels }));
          else promoteNext();
        });
      } else {
        server.handle(request, answer);
      }
    }
    inMessage = false;
    reply(worker, answers);
  });

  cluster.on('exit', (worker) => {
    for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i]?.worker === worker) waiting.splice(i, 1);
    // A builder gone before its build began: its records are dropped, and the next one builds.
    if (builder === worker && !server.isBuilding && !server.builtLabels) {
      server.abandonLoading();
      promoteNext();
    }
  });
}
