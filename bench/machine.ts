// What machine a benchmark ran on, and how fast one of its cores is, printed beside the figures:
// the sessions' machines differ (one Intel Xeon took 1.5–2× the CPU per request of one AMD
// EPYC; another EPYC 2.5×), and figures from two machines compare only through such a probe.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * CPU ms of a fixed single-thread workload shaped like a request's (JSON, hashing, AES-GCM,
 * strings and small objects); the best of three runs, so that a busy moment does not count.
 */
export function probeMs(): number {
  const key = randomBytes(32);
  const payload = { givenNames: 'Ana María', surnames: ['Quispe', 'Mamani'], birthDate: '1995-03-02', documents: [{ type: 'DNI', number: '40111222' }], notes: 'x'.repeat(200) };
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = process.cpuUsage();
    let sink = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = JSON.stringify({ ...payload, i });
      sink += (JSON.parse(text) as { i: number }).i;
      sink += createHash('sha256').update(text).digest()[0] as number;
      const cipher = createCipheriv('aes-256-gcm', key, key.subarray(0, 12));
      sink += cipher.update(text).length + cipher.final().length;
      sink += text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().split(' ').length;
    }
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
    if (sink < 0) throw new Error('unreachable');
  }
  return best;
}

/** "model, N cores, probe X ms" for a benchmark's first lines. */
export function describeMachine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const modelNumber = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    if (family) model += ` (family ${family}, model ${modelNumber})`;
  } catch {
    // no /proc: the name alone
  }
  return `machine: ${model}, ${cpus().length} cores; probe ${probeMs().toFixed(0)} ms (fixed single-thread work, bench/machine.ts: compare figures across machines by it)`;
}
