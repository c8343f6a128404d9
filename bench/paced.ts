// An open-loop load generator: requests leave at a steady rate whatever the answers do, and each
// latency is measured from the moment its request was due, not from when a connection came free,
// so a pause of the server shows in every request it delays. autocannon's own rate limit sends
// each second's quota back to back at the start of the second: it measures bursts, not a rate.
//
// It speaks HTTP/1.1 over its own keep-alive sockets, one request at a time on each (as an
// http.Agent with maxSockets would), writing each request as one buffer and reading only the
// status and the length of each answer: the load generator shares the two cores it measures, and
// node:http's client cost about 0.1 ms of CPU a request, a sixth of a read's whole cost.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PacedResult {
  requestsPerSecond: number;
  /** With BENCH_TRACE=1: the 100 ms windows (by when requests were due) whose slowest request passed the p99. */
  slowWindows?: string;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export async function paced(options: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  warmSeconds?: number;
  next: () => PacedRequest;
  /** Called between the warm-up and the measured run (to start counting CPU there). */
  beforeRun?: () => Promise<void>;
}): Promise<PacedResult> {
  const pool = new ConnectionPool(new URL(options.url), options.connections);
  // Warm-up at the same rate, not counted: the connections are opened and both ends have run the
  // path before the clock starts, as on a server whose clients are already connected.
  if (options.warmSeconds) await drive(options, pool, Math.round(options.rate * options.warmSeconds));
  await options.beforeRun?.();
  const run = await drive(options, pool, Math.round(options.rate * options.seconds));
  pool.close();
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const result: PacedResult = { requestsPerSecond: (run.finished * 1000) / run.elapsed, p50: at(0.5), p99: at(0.99), errors: run.errors, non2xx: run.non2xx, total: run.finished };
  if (process.env.BENCH_TRACE === '1') result.slowWindows = slowWindows(run.dueAt, run.latencies, at(0.99));
  return result;
}

/** Sends `total` requests at the rate, over the pool's connections; each latency from when it was due. */
async function drive(options: { rate: number; next: () => PacedRequest }, pool: ConnectionPool, total: number) {
  const latencies: number[] = [];
  // When each request was due (ms from the start), beside its latency: where the tail comes from.
  const dueAt: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let finished = 0;
  let lastEnd = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    let sent = 0;
    const settle = (due: number, status: number | undefined) => {
      const end = performance.now();
      if (status === undefined) errors++;
      else if (status < 200 || status >= 300) non2xx++;
      latencies.push(end - due);
      dueAt.push(due - start);
      lastEnd = end;
      if (++finished === total) done();
    };
    const tick = () => {
      const now = performance.now();
      // Every request due by now leaves now (or waits for a free connection), each keeping the time it was due.
      while (sent < total && start + (sent * 1000) / options.rate <= now) {
        const due = start + (sent++ * 1000) / options.rate;
        pool.send(encode(pool.host, options.next()), (status) => settle(due, status));
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  return { latencies, dueAt, errors, non2xx, finished, elapsed: lastEnd - start };
}

/** The request as the bytes it travels as. */
function encode(host: string, r: PacedRequest): Buffer {
  let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [name, value] of Object.entries(r.headers)) head += `${name}: ${value}\r\n`;
  if (r.body === undefined) return Buffer.from(`${head}\r\n`, 'latin1');
  const body = Buffer.from(r.body, 'utf8');
  return Buffer.concat([Buffer.from(`${head}content-length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

type Settle = (status: number | undefined) => void;

/** At most `size` connections, each with one request in flight; the others wait in order. */
class ConnectionPool {
  readonly host: string;
  private readonly idle: Connection[] = [];
  private readonly waiting: { bytes: Buffer; settle: Settle }[] = [];
  private readonly all = new Set<Connection>();

  constructor(
    private readonly url: URL,
    private readonly size: number,
  ) {
    this.host = url.host;
  }

  send(bytes: Buffer, settle: Settle): void {
    let connection = this.idle.pop();
    // One that the server closed while it was idle is dropped here.
    while (connection?.isClosed) connection = this.idle.pop();
    connection ??= this.all.size < this.size ? this.open() : undefined;
    if (connection) connection.send(bytes, settle);
    else this.waiting.push({ bytes, settle });
  }

  close(): void {
    for (const connection of this.all) connection.close();
  }

  private open(): Connection {
    const connection = new Connection(this.url, (c) => this.free(c), (c) => this.gone(c));
    this.all.add(connection);
    return connection;
  }

  private free(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) connection.send(next.bytes, next.settle);
    else this.idle.push(connection);
  }

  /** A connection gone: it leaves the pool, and the first waiting request gets a new one. */
  private gone(connection: Connection): void {
    this.all.delete(connection);
    const next = this.waiting.shift();
    if (next) this.open().send(next.bytes, next.settle);
  }
}

/** One keep-alive socket and a reader of just enough HTTP/1.1 to find where each answer ends. */
class Connection {
  private readonly socket: Socket;
  private settle: Settle | undefined;
  private received: Buffer = Buffer.alloc(0);
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  constructor(
    url: URL,
    private readonly onFree: (c: Connection) => void,
    private readonly onGone: (c: Connection) => void,
  ) {
    this.socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    // A broken connection fails its request and leaves the pool, which opens another when needed.
    const gone = () => {
      if (this.closed) return;
      this.closed = true;
      this.onGone(this);
      const settle = this.settle;
      this.settle = undefined;
      settle?.(undefined);
    };
    this.socket.on('error', gone);
    this.socket.on('close', gone);
  }

  send(bytes: Buffer, settle: Settle): void {
    this.settle = settle;
    this.socket.write(bytes);
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const answer = answerEnd(this.received);
    if (answer === undefined) return;
    if (answer.end < this.received.length) {
      // Nothing was asked for: a server that answers twice is broken, as far as this run goes.
      this.socket.destroy();
      return;
    }
    this.received = Buffer.alloc(0);
    const settle = this.settle;
    this.settle = undefined;
    if (answer.close) {
      // The server said it closes: not to be used again (a request sent now would be lost).
      this.closed = true;
      this.socket.destroy();
      this.onGone(this);
    } else this.onFree(this);
    settle?.(answer.status);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Where the first complete answer in `data` ends, and its status; undefined while incomplete. */
export function answerEnd(data: Buffer): { status: number; end: number; close: boolean } | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection: *close/.test(head);
  const bodyStart = headEnd + 4;
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return end <= data.length ? { status, end, close } : undefined;
  }
  if (/\r\ntransfer-encoding: *chunked/.test(head)) {
    // Chunks: a hexadecimal size line, the data, CRLF; the last has size 0 (then CRLF, no trailers).
    let at = bodyStart;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at, 'latin1');
      if (lineEnd < 0) return undefined;
      const size = parseInt(data.toString('latin1', at, lineEnd), 16);
      if (size === 0) return lineEnd + 4 <= data.length ? { status, end: lineEnd + 4, close } : undefined;
      at = lineEnd + 2 + size + 2;
      if (at > data.length) return undefined;
    }
  }
  // No body (204, 304) or one we cannot delimit (the server always sends a length).
  return { status, end: bodyStart, close };
}

/** "1.0 s: 88 ms, 2.1 s: 63 ms": each 100 ms window whose slowest request took longer than `above`. */
export function slowWindows(dueAt: readonly number[], latencies: readonly number[], above: number): string {
  const worst = new Map<number, number>();
  dueAt.forEach((due, k) => {
    const window = Math.floor(due / 100);
    worst.set(window, Math.max(worst.get(window) ?? 0, latencies[k] as number));
  });
  return [...worst]
    .filter(([, latency]) => latency > above)
    .sort((a, b) => a[0] - b[0])
    .map(([window, latency]) => `${(window / 10).toFixed(1)} s: ${Math.round(latency)} ms`)
    .join(', ');
}
