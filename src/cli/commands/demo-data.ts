// `enlace demo-data --persons N [--seed S] --out FILE.csv [--truth TRUTH.csv] [--split DIR]`
// Streams the synthetic registry as canonical person-record CSV (one file, and/or one per agency)
// with an optional ground-truth file, in constant memory. Files are written under temporary names
// and renamed at the end, so an interrupted run leaves no half-written output.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import cliProgress from 'cli-progress';
import type { CliCommand } from '../main.ts';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CANONICAL_COLUMNS } from '../../domain/person-record.ts';
import {
  DEFAULT_AGENCY_PROFILES,
  DEFAULT_SHUFFLE_WINDOW,
  RecordNumbering,
  SYNTHETIC_MARKER,
  generateSyntheticRegistry,
  recordsOfPerson,
  registryShuffler,
  type AgencyProfile,
  type SyntheticRecord,
} from '../../synthetic/index.ts';

const USAGE = [
  'uso / usage: enlace demo-data --persons N [--seed S] --out FILE.csv [--truth TRUTH.csv] [--split DIR]',
  '             [--agencies PNP,MP,MIMP,ONG] [--shuffle-window 256] [--threads N] [--quiet]',
  '',
  '  Genera datos SINTÉTICOS de víctimas registradas por varias entidades (formato canónico).',
  '  Generates SYNTHETIC victim records from several agencies (canonical person-record CSV).',
  '  --truth writes source,record_id,person_id,errors (the ground truth for record linkage).',
  '  --split DIR writes one CSV per agency (DIR/PNP.csv, …) and DIR/truth.csv.',
  '  --threads N: worker threads (default 2 from 200,000 persons, else 0); same output either way.',
].join('\n');

export const TRUTH_COLUMNS = ['source', 'record_id', 'person_id', 'errors'] as const;
const MAX_PERSONS = 50_000_000;
const CHUNK_CHARS = 1 << 18;

interface DemoDataArgs {
  persons: number;
  seed: number;
  out?: string;
  truth?: string;
  split?: string;
  agencies?: string[];
  shuffleWindow?: number;
  threads?: number;
  quiet: boolean;
}

function parseArgs(args: string[]): DemoDataArgs | string {
  let persons: number | undefined;
  let seed = 1;
  let out: string | undefined;
  let truth: string | undefined;
  let split: string | undefined;
  let agencies: string[] | undefined;
  let shuffleWindow: number | undefined;
  let threads: number | undefined;
  let quiet = false;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] as string;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const arg = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => (eq > 0 ? raw.slice(eq + 1) : (args[++i] ?? ''));
    if (arg === '--persons' || arg === '-n') persons = Number(value());
    else if (arg === '--seed') seed = Number(value());
    else if (arg === '--out' || arg === '-o') out = value();
    else if (arg === '--truth') truth = value();
    else if (arg === '--split') split = value();
    else if (arg === '--agencies') agencies = value().split(',').map((a) => a.trim().toUpperCase()).filter(Boolean);
    else if (arg === '--shuffle-window') shuffleWindow = Number(value());
    else if (arg === '--threads') threads = Number(value());
    else if (arg === '--quiet' || arg === '-q') quiet = true;
    else if (arg === '--help' || arg === '-h') return USAGE;
    else return `opción desconocida / unknown option: ${raw}\n${USAGE}`;
  }
  if (persons === undefined) return `falta --persons / --persons is required\n${USAGE}`;
  if (!Number.isInteger(persons) || persons < 1 || persons > MAX_PERSONS) return `--persons debe ser un entero entre 1 y ${MAX_PERSONS} / must be an integer between 1 and ${MAX_PERSONS}`;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) return '--seed debe ser un entero entre 0 y 4294967295 / must be an integer between 0 and 4294967295';
  if (!out && !split) return `falta --out o --split / --out or --split is required\n${USAGE}`;
  if (out === '' || truth === '' || split === '') return `falta un nombre de archivo / a file name is missing\n${USAGE}`;
  if (shuffleWindow !== undefined && (!Number.isInteger(shuffleWindow) || shuffleWindow < 0 || shuffleWindow > 1_000_000)) {
    return '--shuffle-window debe ser un entero entre 0 y 1000000 / must be an integer between 0 and 1000000';
  }
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0 || threads > 64)) {
    return '--threads debe ser un entero entre 0 (sin hilos) y 64 / must be an integer between 0 (in process) and 64';
  }
  if (agencies) {
    const known = new Set(DEFAULT_AGENCY_PROFILES.map((a) => a.key));
    const unknown = agencies.filter((a) => !known.has(a));
    if (unknown.length > 0 || agencies.length === 0) return `--agencies: entidad desconocida / unknown agency ${unknown.join(',')} (${[...known].join(', ')})`;
  }
  return {
    persons,
    seed,
    quiet,
    ...(out ? { out } : {}),
    ...(truth ? { truth } : {}),
    ...(split ? { split } : {}),
    ...(agencies ? { agencies } : {}),
    ...(shuffleWindow !== undefined ? { shuffleWindow } : {}),
    ...(threads !== undefined ? { threads } : {}),
  };
}

// Fields without a delimiter, quote or line break need no quoting: for them csv-stringify's output
// is the fields joined by commas. Joining them ourselves is several times faster at a million
// rows; any row that needs quoting still goes through csv-stringify (the tests check both agree).
const QUOTE_OR_BREAK = /["\r\n]/;

export function csvLine(fields: readonly string[]): string {
  const line = fields.join(',');
  if (QUOTE_OR_BREAK.test(line) || commaCount(line) !== fields.length - 1) return stringify([fields]);
  return `${line}\n`;
}

function commaCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf(','); at !== -1; at = text.indexOf(',', at + 1)) count++;
  return count;
}

/** A CSV file written in large chunks with back-pressure, under a temporary name until committed. */
class CsvOutput {
  private readonly stream: WriteStream;
  private readonly temporary: string;
  private pending = '';
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.stream = createWriteStream(this.temporary, { highWaterMark: 1 << 20 });
    this.stream.on('error', (error) => (this.failure = error));
    this.pending = csvLine(header);
  }

  /** Queues a CSV line; returns a promise only when the disk is behind (back-pressure). */
  push(line: string): Promise<void> | undefined {
    this.pending += line;
    return this.pending.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  private flush(): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (this.pending === '') return undefined;
    const text = this.pending;
    this.pending = '';
    if (this.stream.write(text)) return undefined;
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        this.stream.off('drain', onDrain);
        reject(error);
      };
      const onDrain = (): void => {
        this.stream.off('error', onError);
        resolve();
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<void> {
    await rename(this.temporary, this.path);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.temporary, { force: true });
  }
}

function recordLine(r: SyntheticRecord): string {
  const c = r.record;
  // One template instead of an array and a join: this runs for every one of millions of records.
  const line = `${c.source},${c.record_id},${c.given_names},${c.paternal_surname},${c.maternal_surname},${c.full_name},${c.sex},${c.birth_date},${c.age},${c.document_type},${c.document_number},${c.nationality},${c.department},${c.address},${c.locality},${c.postcode},${c.phone}`;
  if (!QUOTE_OR_BREAK.test(line) && commaCount(line) === CANONICAL_COLUMNS.length - 1) return `${line}\n`;
  return csvLine(CANONICAL_COLUMNS.map((column) => c[column]));
}

function readmeText(args: DemoDataArgs, files: readonly string[]): string {
  return [
    `${SYNTHETIC_MARKER}`,
    '',
    'Estos archivos contienen datos SINTÉTICOS generados por `enlace demo-data`: ninguna persona es real.',
    'These files hold SYNTHETIC data generated by `enlace demo-data`: no person in them is real.',
    '',
    `Personas / persons: ${args.persons}; semilla / seed: ${args.seed}`,
    'Cada record_id empieza por "SYN-" / every record_id starts with "SYN-".',
    'Columnas / columns: formato canónico de registro de personas (DESIGN §5).',
    'Verdad / truth: source, record_id, person_id (SYN-P-…), errors (variaciones aplicadas, separadas por ";").',
    '',
    ...files.map((f) => `- ${basename(f)}`),
    '',
  ].join('\n');
}

function readmePathFor(csvPath: string): string {
  const extension = extname(csvPath);
  return `${extension ? csvPath.slice(0, -extension.length) : csvPath}.README.txt`;
}

/** Where generated lines go: the main file, the agency's file and the truth files. */
class Sink {
  records = 0;
  readonly counts = new Map<string, number>();

  constructor(
    private readonly main: CsvOutput | undefined,
    private readonly perAgency: ReadonlyMap<string, CsvOutput>,
    private readonly truths: readonly CsvOutput[],
  ) {}

  get wantsTruth(): boolean {
    return this.truths.length > 0;
  }

  /** Writes one record's lines; returns a promise only when some file is behind (back-pressure). */
  write(agency: string, line: string, truthLine: string | undefined): Promise<unknown> | undefined {
    this.records++;
    this.counts.set(agency, (this.counts.get(agency) ?? 0) + 1);
    // No promise per record: a million awaits cost more than writing the lines.
    let waits: Promise<void>[] | undefined;
    let wait = this.main?.push(line);
    if (wait) (waits ??= []).push(wait);
    wait = this.perAgency.get(agency)?.push(line);
    if (wait) (waits ??= []).push(wait);
    if (truthLine !== undefined) {
      for (const truth of this.truths) {
        wait = truth.push(truthLine);
        if (wait) (waits ??= []).push(wait);
      }
    }
    return waits ? Promise.all(waits) : undefined;
  }
}

type Progress = (personsDone: number, records: number) => void;

/** In this thread: simple, and fastest for small runs (no worker start-up). */
async function writeInProcess(args: DemoDataArgs, profiles: readonly AgencyProfile[], sink: Sink, progress: Progress): Promise<void> {
  let personsSeen = 0;
  let lastPerson = '';
  for (const r of generateSyntheticRegistry({ seed: args.seed, persons: args.persons, agencies: profiles, shuffleWindow: args.shuffleWindow })) {
    const truthLine = sink.wantsTruth ? csvLine([r.record.source, r.record.record_id, r.truePersonId, r.errors.join(';')]) : undefined;
    const wait = sink.write(r.agency, recordLine(r), truthLine);
    if (wait) await wait;
    // Progress in persons: person numbers only grow (up to the shuffle window), so the largest
    // seen is a good enough position without remembering every person.
    if (r.truePersonId !== lastPerson) {
      lastPerson = r.truePersonId;
      const index = Number(r.truePersonId.slice(6));
      if (index > personsSeen) personsSeen = index;
      if ((sink.records & 0x3fff) === 0) progress(personsSeen, sink.records);
    }
  }
}

// --- Parallel writer -------------------------------------------------------------------------
// Person i depends only on the seed and i, so workers build blocks of persons and format each
// record's CSV columns after record_id; this thread mixes the records with the same shuffler as
// generateSyntheticRegistry, numbers them and writes. The output is byte for byte the same as
// in process; memory stays constant (a bounded number of blocks in flight).

const WORKER_ROLE = 'enlace-demo-data-worker';
const BLOCK_PERSONS = 2_000;
const BLOCKS_IN_FLIGHT_PER_WORKER = 3;

interface WorkerSetup {
  readonly role: typeof WORKER_ROLE;
  readonly seed: number;
  readonly agencies: readonly string[];
  readonly truth: boolean;
}
interface BlockRequest {
  readonly block: number;
  readonly from: number;
  readonly to: number;
}
interface BlockResult {
  readonly block: number;
  readonly agencies: readonly string[];
  /** CSV of the columns after record_id, without the line break. */
  readonly tails: readonly string[];
  /** CSV of `person_id,errors`, when the truth is wanted. */
  readonly truthTails: readonly string[];
}

function tailOf(line: string): string {
  // `source,record_id,rest\n` with an empty record_id: drop "source," and "," and the break.
  return line.slice(line.indexOf(',') + 2, -1);
}

function runWorker(setup: WorkerSetup): void {
  const profiles = DEFAULT_AGENCY_PROFILES.filter((a) => setup.agencies.includes(a.key));
  parentPort?.on('message', (request: BlockRequest) => {
    const agencies: string[] = [];
    const tails: string[] = [];
    const truthTails: string[] = [];
    for (let index = request.from; index < request.to; index++) {
      for (const draft of recordsOfPerson(setup.seed, index, profiles)) {
        agencies.push(draft.agency);
        tails.push(tailOf(recordLine(draft)));
        if (setup.truth) truthTails.push(csvLine([draft.truePersonId, draft.errors.join(';')]).slice(0, -1));
      }
    }
    const result: BlockResult = { block: request.block, agencies, tails, truthTails };
    parentPort?.postMessage(result);
  });
}

if (!isMainThread && (workerData as Partial<WorkerSetup> | null)?.role === WORKER_ROLE) runWorker(workerData as WorkerSetup);

/**
 * A worker running this module. Node 20 does not apply `--import tsx` in workers' execArgv to
 * TypeScript entry points, so a tiny script registers tsx in the worker before importing us.
 */
function startWorker(setup: WorkerSetup): Worker {
  return new Worker(workerLoader() as string, { eval: true, workerData: setup });
}

/** The worker's start-up script, or undefined when tsx cannot be found (then one thread is used). */
function workerLoader(): string | undefined {
  let tsx: string;
  try {
    tsx = import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
}

interface Pending {
  readonly agency: string;
  readonly tail: string;
  readonly truthTail: string | undefined;
}

async function writeInParallel(args: DemoDataArgs, profiles: readonly AgencyProfile[], sink: Sink, progress: Progress, threads: number): Promise<void> {
  const blocks = Math.ceil(args.persons / BLOCK_PERSONS);
  const setup: WorkerSetup = { role: WORKER_ROLE, seed: args.seed, agencies: profiles.map((p) => p.key), truth: sink.wantsTruth };
  const workers = Array.from({ length: Math.min(threads, blocks) }, () => startWorker(setup));
  const arrived = new Map<number, BlockResult>();
  let waiting: { block: number; resolve: (r: BlockResult) => void } | undefined;
  let failure: Error | undefined;
  let rejectWaiting: ((error: Error) => void) | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    rejectWaiting?.(error);
  };
  for (const worker of workers) {
    worker.on('message', (result: BlockResult) => {
      if (waiting && waiting.block === result.block) {
        const { resolve } = waiting;
        waiting = undefined;
        resolve(result);
      } else arrived.set(result.block, result);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`worker exited with code ${code}`));
    });
  }
  const request = (block: number): void => {
    if (block >= blocks) return;
    const message: BlockRequest = { block, from: block * BLOCK_PERSONS, to: Math.min(args.persons, (block + 1) * BLOCK_PERSONS) };
    workers[block % workers.length]?.postMessage(message);
  };
  const inFlight = workers.length * BLOCKS_IN_FLIGHT_PER_WORKER;
  for (let block = 0; block < inFlight; block++) request(block);

  const nextBlock = (block: number): Promise<BlockResult> => {
    if (failure) return Promise.reject(failure);
    const ready = arrived.get(block);
    if (ready) {
      arrived.delete(block);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      waiting = { block, resolve };
      rejectWaiting = reject;
    });
  };

  const shuffler = registryShuffler<Pending>(args.seed, args.shuffleWindow ?? DEFAULT_SHUFFLE_WINDOW);
  const numbering = new RecordNumbering();
  const emit = (item: Pending): Promise<unknown> | undefined => {
    const id = numbering.next(item.agency);
    return sink.write(item.agency, `${item.agency},${id},${item.tail}\n`, item.truthTail === undefined ? undefined : `${item.agency},${id},${item.truthTail}\n`);
  };
  try {
    for (let block = 0; block < blocks; block++) {
      const result = await nextBlock(block);
      request(block + inFlight);
      for (let i = 0; i < result.agencies.length; i++) {
        const out = shuffler.push({ agency: result.agencies[i] as string, tail: result.tails[i] as string, truthTail: sink.wantsTruth ? result.truthTails[i] : undefined });
        if (out !== undefined) {
          const wait = emit(out);
          if (wait) await wait;
        }
      }
      progress(Math.min(args.persons, (block + 1) * BLOCK_PERSONS), sink.records);
    }
    for (const out of shuffler.drain()) {
      const wait = emit(out);
      if (wait) await wait;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Worker threads pay a start-up cost of about a second; below this many persons one thread is faster. */
const PARALLEL_FROM_PERSONS = 200_000;

async function generate(args: DemoDataArgs): Promise<number> {
  const started = process.hrtime.bigint();
  const profiles = args.agencies ? DEFAULT_AGENCY_PROFILES.filter((a) => args.agencies?.includes(a.key)) : DEFAULT_AGENCY_PROFILES;
  const outputs: CsvOutput[] = [];
  for (const path of [args.out, args.truth]) if (path) await mkdir(dirname(path), { recursive: true });
  const main = args.out ? new CsvOutput(args.out, CANONICAL_COLUMNS) : undefined;
  if (main) outputs.push(main);
  const truths: CsvOutput[] = [];
  if (args.truth) truths.push(new CsvOutput(args.truth, TRUTH_COLUMNS));
  const perAgency = new Map<string, CsvOutput>();
  if (args.split) {
    await mkdir(args.split, { recursive: true });
    for (const profile of profiles) perAgency.set(profile.key, new CsvOutput(join(args.split, `${profile.key}.csv`), CANONICAL_COLUMNS));
    truths.push(new CsvOutput(join(args.split, 'truth.csv'), TRUTH_COLUMNS));
  }
  outputs.push(...perAgency.values(), ...truths);
  const sink = new Sink(main, perAgency, truths);

  const bar = args.quiet
    ? undefined
    : new cliProgress.SingleBar(
        { stream: process.stderr, format: 'demo-data [{bar}] {percentage}% | {value}/{total} personas | {records} registros | {eta_formatted}', etaBuffer: 50, fps: 5 },
        cliProgress.Presets.shades_classic,
      );
  bar?.start(args.persons, 0, { records: 0 });
  const progress: Progress = (done, records) => bar?.update(done, { records });

  const wanted = args.threads ?? (args.persons >= PARALLEL_FROM_PERSONS ? Math.min(2, availableParallelism()) : 0);
  const threads = wanted > 0 && workerLoader() !== undefined ? wanted : 0;
  try {
    if (threads > 0) await writeInParallel(args, profiles, sink, progress, threads);
    else await writeInProcess(args, profiles, sink, progress);
    for (const output of outputs) await output.close();
    for (const output of outputs) await output.commit();
  } catch (error) {
    bar?.stop();
    for (const output of outputs) await output.discard();
    throw error;
  }
  bar?.update(args.persons, { records: sink.records });
  bar?.stop();

  const files = outputs.map((o) => o.path);
  const readmes = [...(args.out ? [readmePathFor(args.out)] : []), ...(args.split ? [join(args.split, 'README.txt')] : [])];
  for (const path of readmes) await writeFile(path, readmeText(args, files));

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSource = [...sink.counts.entries()].map(([k, v]) => `${k} ${v}`).join(', ');
  process.stderr.write(
    `${SYNTHETIC_MARKER}: ${args.persons} personas, ${sink.records} registros (${perSource}) en ${seconds.toFixed(1)} s ` +
      `(${Math.round(sink.records / seconds)} registros/s, ${threads > 0 ? `${threads} hilo(s) de trabajo` : 'sin hilos de trabajo'}); semilla ${args.seed}\n` +
      files.map((f) => `  → ${f}\n`).join('') +
      readmes.map((f) => `  → ${f}\n`).join(''),
  );
  return 0;
}

export const command: CliCommand = {
  summary: 'Genera datos sintéticos (CSV canónico) / generate synthetic multi-agency data',
  async run(args: string[]): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      const help = parsed === USAGE;
      (help ? process.stdout : process.stderr).write(`${parsed}\n`);
      return help ? 0 : 2;
    }
    try {
      return await generate(parsed);
    } catch (error) {
      process.stderr.write(`enlace demo-data: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  },
};
