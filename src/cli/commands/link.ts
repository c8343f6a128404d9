// `enlace link FILE.csv [FILE2.csv ...] --out CLUSTERS.csv [--pairs PAIRS.csv]`
// Deduplicates and links canonical person-record files, unsupervised, with the same defaults
// for every dataset. Writes every input record with its person_id; nothing is written if the
// input is bad (outputs go to temporary files renamed at the very end).
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { CliCommand } from '../main.ts';
import { InputError, readCanonicalCsv } from '../canonical-csv.ts';
import { compareClaimedChunks, linkPrepared, scoreClaimedChunks, trainParameters } from '../../linkage/pipeline.ts';
import type { LinkResult, ModelParameters, PairWorkHelper, SharedPairWork, TrainedParameters } from '../../linkage/pipeline.ts';
import { prepareRecord } from '../../linkage/record.ts';
import type { PreparedRecord } from '../../linkage/record.ts';
import { buildFrequencies, buildModel, explainLevels, weightToProbability } from '../../linkage/model.ts';
import { DEFAULT_COMPARISONS } from '../../linkage/comparisons.ts';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { stat } from 'node:fs/promises';

const USAGE = 'uso / usage: enlace link FILE.csv [FILE2.csv ...] --out CLUSTERS.csv [--pairs PAIRS.csv] [--pairs-min-probability 0.01] [--threads N] [--quiet]';

export interface LinkArgs {
  files: string[];
  out: string;
  pairs?: string;
  pairsMinProbability: number;
  threads: number;
  quiet: boolean;
}

function parseArgs(args: string[]): LinkArgs | string {
  const files: string[] = [];
  let out: string | undefined;
  let pairs: string | undefined;
  let pairsMinProbability = 0.01;
  let threads = 2;
  let quiet = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = (): string | undefined => args[++i];
    if (arg === '--out' || arg === '-o') out = value();
    else if (arg.startsWith('--out=')) out = arg.slice(6);
    else if (arg === '--pairs') pairs = value();
    else if (arg.startsWith('--pairs=')) pairs = arg.slice(8);
    else if (arg === '--pairs-min-probability') pairsMinProbability = Number(value());
    else if (arg === '--threads') threads = Number(value());
    else if (arg === '--quiet' || arg === '-q') quiet = true;
    else if (arg === '--help' || arg === '-h') return USAGE;
    else if (arg.startsWith('-')) return `opción desconocida / unknown option: ${arg}\n${USAGE}`;
    else files.push(arg);
  }
  if (files.length === 0) return `falta al menos un archivo / at least one input file is required\n${USAGE}`;
  if (!out) return `falta --out / --out is required\n${USAGE}`;
  if (!Number.isFinite(pairsMinProbability) || pairsMinProbability < 0 || pairsMinProbability > 1) return `--pairs-min-probability debe estar entre 0 y 1 / must be between 0 and 1`;
  if (!Number.isInteger(threads) || threads < 1) return `--threads debe ser un entero ≥ 1 / must be an integer ≥ 1`;
  return { files, out, pairs, pairsMinProbability, threads, quiet };
}

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Writes rows through csv-stringify in chunks, so a million rows never sit in one string. */
async function writeCsv(path: string, header: string[], rows: (emit: (row: (string | number)[]) => void) => void): Promise<void> {
  const handle = await open(path, 'w');
  try {
    let batch: (string | number)[][] = [header];
    const pending: Promise<unknown>[] = [];
    let text = '';
    const flushText = (): void => {
      if (text) {
        const chunk = text;
        text = '';
        pending.push(handle.write(chunk));
      }
    };
    const emit = (row: (string | number)[]): void => {
      batch.push(row);
      if (batch.length >= 20_000) {
        text += stringify(batch);
        batch = [];
        if (text.length > 4_000_000) flushText();
      }
    };
    rows(emit);
    if (batch.length > 0) text += stringify(batch);
    flushText();
    // Writes on one handle are queued in order; wait for all of them.
    for (const p of pending) await p;
  } finally {
    await handle.close();
  }
}

/** Inputs below this size are linked on one thread: a helper would cost more than it saves. */
const HELPER_MIN_BYTES = 8_000_000;
const HELPER_ROLE = 'enlace-link-helper';

interface HelperData {
  readonly role: typeof HELPER_ROLE;
  readonly files: string[];
  readonly referenceYear: number;
}

type HelperRequest = { type: 'train' } | { type: 'compare'; work: SharedPairWork } | { type: 'score'; model: ModelParameters; weights: Float32Array; claims: Int32Array };
type HelperReply =
  | { type: 'trained'; parameters: TrainedParameters }
  | { type: 'compared' }
  | { type: 'scored' }
  | { type: 'failed'; message: string };

function startHelper(files: string[], referenceYear: number): PairWorkHelper {
  // The helper runs this same module; it is TypeScript, so tsx's loader is registered in the
  // thread first (Node 20 threads do not inherit the main thread's loader hooks).
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const data: HelperData = { role: HELPER_ROLE, files, referenceYear };
  const worker = new Worker(boot, { eval: true, workerData: data });
  // Requests are posted at once, without waiting for the thread to be ready: they queue in its
  // port until it has read the files, so it trains and compares while this thread is busy (this
  // thread's event loop does not run during blocking and comparing). Replies are told by type.
  const received = new Map<HelperReply['type'], HelperReply>();
  const waiting = new Map<HelperReply['type'], (reply: HelperReply) => void>();
  let failure: string | undefined;
  const fail = (message: string): void => {
    failure = message;
    for (const w of waiting.values()) w({ type: 'failed', message });
    waiting.clear();
  };
  worker.on('message', (reply: HelperReply) => {
    if (reply.type === 'failed') return fail(reply.message);
    const next = waiting.get(reply.type);
    waiting.delete(reply.type);
    if (next) next(reply);
    else received.set(reply.type, reply);
  });
  worker.on('error', (error) => fail(error.message));
  const expect = async <T extends HelperReply['type']>(type: T): Promise<Extract<HelperReply, { type: T }>> => {
    const known = received.get(type);
    received.delete(type);
    const reply = known ?? (failure !== undefined ? { type: 'failed' as const, message: failure } : await new Promise<HelperReply>((resolve) => waiting.set(type, resolve)));
    if (reply.type !== type) throw new Error(`linkage helper thread: ${reply.type === 'failed' ? reply.message : `unexpected ${reply.type}`}`);
    return reply as Extract<HelperReply, { type: T }>;
  };
  return {
    async train() {
      worker.postMessage({ type: 'train' } satisfies HelperRequest);
      return (await expect('trained')).parameters;
    },
    async compare(work) {
      worker.postMessage({ type: 'compare', work } satisfies HelperRequest);
      await expect('compared');
    },
    async score(model, weights, claims) {
      worker.postMessage({ type: 'score', model, weights, claims } satisfies HelperRequest);
      await expect('scored');
    },
    close() {
      void worker.terminate();
    },
  };
}

/** The helper thread: prepares the same records, then compares and scores what it is sent. */
async function runHelper(data: HelperData): Promise<void> {
  const port = parentPort;
  if (!port) return;
  try {
    const records: PreparedRecord[] = [];
    // Duplicated ids are the main thread's to report.
    for (const file of data.files) {
      await readCanonicalCsv(file, { seenIds: undefined, onRecord: (record) => records.push(prepareRecord(record, records.length, { referenceYear: data.referenceYear })) });
    }
    let work: SharedPairWork | undefined;
    port.on('message', (request: HelperRequest) => {
      if (request.type === 'train') {
        port.postMessage({ type: 'trained', parameters: trainParameters(records) } satisfies HelperReply);
      } else if (request.type === 'compare') {
        work = request.work;
        compareClaimedChunks(records, DEFAULT_COMPARISONS, work);
        port.postMessage({ type: 'compared' } satisfies HelperReply);
      } else if (!work) {
        port.postMessage({ type: 'failed', message: 'score before compare' } satisfies HelperReply);
      } else {
        const model = buildModel(DEFAULT_COMPARISONS, request.model.m, request.model.u, request.model.lambda, buildFrequencies(records), 0, request.model.kinU, request.model.sourceLambdas);
        scoreClaimedChunks(model, records, work.pairs, work.levels, request.weights, request.claims);
        port.postMessage({ type: 'scored' } satisfies HelperReply);
      }
    });
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies HelperReply);
  }
}

if (!isMainThread && (workerData as Partial<HelperData> | null)?.role === HELPER_ROLE) void runHelper(workerData as HelperData);

export interface LinkFilesResult {
  readonly result: LinkResult;
  readonly recordCount: number;
  readonly seconds: number;
}

/** The whole command minus argument parsing: exported so the benchmark runs the same path. */
export async function linkFiles(options: LinkArgs, log: (message: string) => void): Promise<LinkFilesResult> {
  const started = performance.now();
  const records: PreparedRecord[] = [];
  const seenIds = new Set<string>();
  const referenceYear = new Date().getUTCFullYear();
  // Big inputs: a second thread reads and prepares the same files meanwhile, then compares
  // and scores the chunks of pairs it claims. Records are never copied between threads (that
  // costs more than preparing them twice); pairs, levels and weights lie in shared memory.
  let inputBytes = 0;
  for (const file of options.files) inputBytes += await stat(file).then((s) => s.size).catch(() => 0);
  const helper = options.threads > 1 && inputBytes >= HELPER_MIN_BYTES ? startHelper(options.files, referenceYear) : undefined;
  try {
    return await linkWith(options, log, records, seenIds, referenceYear, helper, started);
  } finally {
    helper?.close();
  }
}

async function linkWith(
  options: LinkArgs,
  log: (message: string) => void,
  records: PreparedRecord[],
  seenIds: Set<string>,
  referenceYear: number,
  helper: PairWorkHelper | undefined,
  started: number,
): Promise<LinkFilesResult> {
  for (const file of options.files) {
    const before = records.length;
    await readCanonicalCsv(file, {
      seenIds,
      onRecord: (record) => {
        records.push(prepareRecord(record, records.length, { referenceYear }));
      },
    });
    log(`leído / read ${file}: ${records.length - before} registros / records`);
  }
  seenIds.clear();
  const result = await linkPrepared(records, { onProgress: log, ...(helper ? { helper } : {}) });

  log(`escribiendo / writing ${options.out}`);
  const outTmp = temporaryPath(options.out);
  const pairsTmp = options.pairs ? temporaryPath(options.pairs) : undefined;
  try {
    await writeCsv(outTmp, ['source', 'record_id', 'person_id'], (emit) => {
      for (const r of result.records) emit([r.source, r.recordId, `P${(result.clusterOf[r.index] as number) + 1}`]);
    });
    if (pairsTmp) {
      const minWeight = options.pairsMinProbability <= 0 ? -Infinity : Math.log2(options.pairsMinProbability / (1 - options.pairsMinProbability));
      const names = result.model.comparisons.map((c) => c.name);
      const header = ['source_l', 'record_id_l', 'source_r', 'record_id_r', 'person_id_l', 'person_id_r', 'match_weight', 'match_probability'];
      for (const name of names) header.push(`${name}_level`, `${name}_weight`);
      const width = names.length;
      await writeCsv(pairsTmp, header, (emit) => {
        const { left, right, weights, levels } = result.pairs;
        for (let p = 0; p < weights.length; p++) {
          if ((weights[p] as number) < minWeight) continue;
          const a = result.records[left[p] as number] as PreparedRecord;
          const b = result.records[right[p] as number] as PreparedRecord;
          const explained = explainLevels(result.model, a, b, levels, p * width);
          const row: (string | number)[] = [
            a.source,
            a.recordId,
            b.source,
            b.recordId,
            `P${(result.clusterOf[a.index] as number) + 1}`,
            `P${(result.clusterOf[b.index] as number) + 1}`,
            explained.weight.toFixed(3),
            weightToProbability(explained.weight).toPrecision(6),
          ];
          for (const f of explained.fields) row.push(f.level, f.weight.toFixed(3));
          emit(row);
        }
      });
      await rename(pairsTmp, options.pairs as string);
    }
    await rename(outTmp, options.out);
  } catch (error) {
    await rm(outTmp, { force: true });
    if (pairsTmp) await rm(pairsTmp, { force: true });
    throw error;
  }
  return { result, recordCount: records.length, seconds: (performance.now() - started) / 1000 };
}

/** CPU time of the whole process (all threads), user + system: fair when the machine is shared. */
function cpuSeconds(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

export const command: CliCommand = {
  summary: 'Vincula y deduplica registros de personas (CSV canónico) / link and deduplicate person records',
  async run(args) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`${parsed}\n`);
      return parsed === USAGE ? 0 : 2;
    }
    const log = parsed.quiet ? () => {} : (message: string) => process.stderr.write(`enlace link: ${message}\n`);
    try {
      const { result, recordCount, seconds } = await linkFiles(parsed, log);
      const s = result.stats;
      log(
        `listo / done: ${recordCount} registros / records → ${result.clusterCount} personas / persons; ` +
          `${s.candidatePairs} pares / pairs; ${seconds.toFixed(1)} s; ` +
          `tiempos / timings ${JSON.stringify(s.timings)}; cpu ${JSON.stringify(s.cpuTimings)}; cpu ${(cpuSeconds()).toFixed(1)} s; maxRSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
      );
      return 0;
    } catch (error) {
      if (error instanceof InputError) {
        process.stderr.write(`enlace link: error: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  },
};
