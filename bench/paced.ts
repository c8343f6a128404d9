// An open-loop load generator: requests leave at a steady rate whatever the answers do, and each
// latency is measured from the moment its request was due, not from when a connection came free,
// so a pause of the server shows in every request it delays. autocannon's own rate limit sends
// each second's quota back to back at the start of the second: it measures bursts, not a rate.
import { Agent, request } from 'node:http';
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
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  // Warm-up at the same rate, not counted: the connections are opened and both ends have run the
  // path before the clock starts, as on a server whose clients are already connected.
  if (options.warmSeconds) await drive(options, agent, Math.round(options.rate * options.warmSeconds));
  await options.beforeRun?.();
  const run = await drive(options, agent, Math.round(options.rate * options.seconds));
  agent.destroy();
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const result: PacedResult = { requestsPerSecond: (run.finished * 1000) / run.elapsed, p50: at(0.5), p99: at(0.99), errors: run.errors, non2xx: run.non2xx, total: run.finished };
  if (process.env.BENCH_TRACE) result.slowWindows = slowWindows(run.dueAt, run.latencies, at(0.99));
  return result;
}

/** Sends `total` requests at the rate, over the agent's connections; each latency from when it was due. */
async function drive(options: { url: string; rate: number; next: () => PacedRequest }, agent: Agent, total: number) {
  const target = new URL(options.url);
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
    const settle = (due: number) => {
      const end = performance.now();
      latencies.push(end - due);
      dueAt.push(due - start);
      lastEnd = end;
      if (++finished === total) done();
    };
    const send = (due: number) => {
      const r = options.next();
      const req = request(
        { host: target.hostname, port: target.port, method: r.method, path: r.path, headers: r.body === undefined ? r.headers : { ...r.headers, 'content-length': Buffer.byteLength(r.body) }, agent },
        (res) => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          res.resume();
          res.on('end', () => settle(due));
          res.on('error', () => {
            errors++;
            settle(due);
          });
        },
      );
      req.on('error', () => {
        errors++;
        settle(due);
      });
      req.end(r.body);
    };
    const tick = () => {
      const now = performance.now();
      // Every request due by now leaves now, each keeping the time it was due.
      while (sent < total && start + (sent * 1000) / options.rate <= now) send(start + (sent++ * 1000) / options.rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  return { latencies, dueAt, errors, non2xx, finished, elapsed: lastEnd - start };
}

/** "1.0 s: 88 ms, 2.1 s: 63 ms": each 100 ms window whose slowest request took longer than `above`. */
function slowWindows(dueAt: readonly number[], latencies: readonly number[], above: number): string {
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
