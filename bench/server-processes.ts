// A server started by a benchmark may be several processes (enlace serve --workers N): what the
// benchmarks need to know of all of them. Linux /proc; nothing when it is not there.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';

/** A process's children (a server's workers). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return []; // gone, or no /proc
  }
}

/** A measure of one process summed over it and its descendants (CPU ticks, resident memory). */
export function overTree(pid: number, measure: (pid: number) => number): number {
  return measure(pid) + childrenOf(pid).reduce((sum, child) => sum + overTree(child, measure), 0);
}

/**
 * Waits until every process answers `path` with its linkage index built: each asked on a
 * connection of its own (the primary hands each new connection to the next process), until
 * twice as many answers in a row as there are processes say ready.
 */
export async function untilEveryProcessReady(port: number, path: string, workers: number): Promise<boolean> {
  let ready = 0;
  for (let i = 0; i < 3000; i++) {
    const linkage = await new Promise<string | undefined>((resolve) => {
      get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(res.statusCode === 200 ? ((JSON.parse(body) as { linkage?: string }).linkage ?? '') : undefined));
      }).on('error', () => resolve(undefined));
    });
    ready = linkage !== undefined && linkage !== 'building' ? ready + 1 : 0;
    if (ready >= 2 * workers) return true;
    await new Promise((r) => setTimeout(r, ready > 0 ? 20 : 200));
  }
  return false;
}

/** CPU time of a process (user + system) in clock ticks, 100 a second; 0 when it is gone. */
export function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
