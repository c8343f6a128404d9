// Records one server process indexes, relayed to the others (enlace serve --workers N) through
// the cluster's primary, so that they index them without reading, opening and preparing them
// again from the database. Canonical records, not prepared ones: a prepared record holds token
// numbers that only its own process's index knows. The messages stay within this machine's
// processes (the cluster's IPC channels); nothing of them is logged.
import cluster from 'node:cluster';
import { packCanonical, unpackCanonical, type CanonicalRecord } from '../../domain/person-record.ts';

/**
 * A committed record as another process's index takes it, with the version it was indexed at
 * (none for an erased person's, which no older version may replace).
 */
export interface RelayedRecord {
  record: CanonicalRecord;
  version: number | undefined;
}

/** How the linkage service hands its records to the other processes, and hears of theirs. */
export interface RecordRelay {
  send(record: RelayedRecord): void;
  /** `receive` is called with the records other processes indexed (each lot in their order). */
  listen(receive: (records: RelayedRecord[]) => void): void;
  close(): void;
}

const KIND = 'enlace-linkage-records';

/**
 * A relayed record on the wire: its version (null for none), then its packed columns
 * (packCanonical). Half the JSON of the record with its column names, written by the sender,
 * read and written again by the primary, read by every other process.
 */
type PackedRecord = (string | number | null)[];

interface RelayMessage {
  kind: typeof KIND;
  records: PackedRecord[];
}

function pack({ record, version }: RelayedRecord): PackedRecord {
  return [version ?? null, ...packCanonical(record)];
}

function unpack(packed: PackedRecord): RelayedRecord {
  const version = packed[0];
  return { record: unpackCanonical(packed, 1), version: typeof version === 'number' ? version : undefined };
}

function isRelayMessage(message: unknown): message is RelayMessage {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === KIND;
}

/**
 * Records wait this long for others to travel with. Each message wakes the primary and every
 * other process, and a wake-up is what the relay costs: two processes relaying 250 records a
 * second each took 0.10 ms of CPU a record in lots of 20 ms, 0.04 in lots of 50, 0.03 in lots of
 * 100 (the message's JSON is a few microseconds). 50 ms still brings them sooner than the
 * database looks did (every 100 ms, plus the look).
 */
const RELAY_BATCH_MS = 50;

/**
 * A record that does not arrive is not lost: each process still looks at the database now and
 * then (LinkageService.refresh) for whatever it did not hear of.
 */
const ignore = (): void => undefined;

/** The relay of a cluster worker; undefined in a process started alone. */
export function clusterRelay(): RecordRelay | undefined {
  if (!cluster.isWorker || typeof process.send !== 'function') return undefined;
  let outbox: PackedRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let listener: ((message: unknown) => void) | undefined;
  const flush = () => {
    timer = undefined;
    const records = outbox;
    outbox = [];
    // A process whose primary is gone has nobody to tell: the others' database looks take it in.
    // A message that fails is lost like one never sent (the same look takes its records in).
    if (records.length > 0 && process.connected) process.send?.({ kind: KIND, records } satisfies RelayMessage, undefined, undefined, ignore);
  };
  return {
    send(record) {
      outbox.push(pack(record));
      // Not unref'd: a process stopping still hands on what it committed.
      timer ??= setTimeout(flush, RELAY_BATCH_MS);
    },
    listen(receive) {
      listener = (message) => {
        if (isRelayMessage(message)) receive(message.records.map(unpack));
      };
      process.on('message', listener);
    },
    close() {
      if (timer) clearTimeout(timer);
      flush();
      if (listener) process.off('message', listener);
    },
  };
}

/** In the cluster's primary: hands each worker's relayed records to every other worker. */
export function forwardRelayedRecords(): void {
  cluster.on('message', (from, message: unknown) => {
    if (!isRelayMessage(message)) return;
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker && worker !== from && worker.isConnected()) worker.send(message, undefined, ignore);
    }
  });
}
