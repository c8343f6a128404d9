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
import { CANONICAL_COLUMNS } from '../../domain/person-record.ts';
import {
  DEFAULT_AGENCY_PROFILES,
  SYNTHETIC_MARKER,
  generateSyntheticRegistry,
  type SyntheticRecord,
} from '../../synthetic/index.ts';

const USAGE = [
  'uso / usage: enlace demo-data --persons N [--seed S] --out FILE.csv [--truth TRUTH.csv] [--split DIR]',
  '             [--agencies PNP,MP,MIMP,ONG] [--shuffle-window 256] [--quiet]',
  '',
  '  Genera datos SINTÉTICOS de víctimas registradas por varias entidades (formato canónico).',
  '  Generates SYNTHETIC victim records from several agencies (canonical person-record CSV).',
  '  --truth writes source,record_id,person_id,errors (the ground truth for record linkage).',
  '  --split DIR writes one CSV per agency (DIR/PNP.csv, …) and DIR/truth.csv.',
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
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
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
  return csvLine([
    c.source, c.record_id, c.given_names, c.paternal_surname, c.maternal_surname, c.full_name, c.sex, c.birth_date, c.age,
    c.document_type, c.document_number, c.nationality, c.department, c.address, c.locality, c.postcode, c.phone,
  ]);
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

async function generate(args: DemoDataArgs): Promise<number> {
  const started = process.hrtime.bigint();
  const profiles = args.agencies ? DEFAULT_AGENCY_PROFILES.filter((a) => args.agencies?.includes(a.key)) : DEFAULT_AGENCY_PROFILES;
  const outputs: CsvOutput[] = [];
  for (const path of [args.out, args.truth]) if (path) await mkdir(dirname(path), { recursive: true });
  const main = args.out ? new CsvOutput(args.out, CANONICAL_COLUMNS) : undefined;
  if (main) outputs.push(main);
  const truth = args.truth ? new CsvOutput(args.truth, TRUTH_COLUMNS) : undefined;
  if (truth) outputs.push(truth);
  const perAgency = new Map<string, CsvOutput>();
  let splitTruth: CsvOutput | undefined;
  if (args.split) {
    await mkdir(args.split, { recursive: true });
    for (const profile of profiles) {
      const output = new CsvOutput(join(args.split, `${profile.key}.csv`), CANONICAL_COLUMNS);
      perAgency.set(profile.key, output);
      outputs.push(output);
    }
    splitTruth = new CsvOutput(join(args.split, 'truth.csv'), TRUTH_COLUMNS);
    outputs.push(splitTruth);
  }

  const bar = args.quiet
    ? undefined
    : new cliProgress.SingleBar(
        { stream: process.stderr, format: 'demo-data [{bar}] {percentage}% | {value}/{total} personas | {records} registros | {eta_formatted}', etaBuffer: 50, fps: 5 },
        cliProgress.Presets.shades_classic,
      );
  bar?.start(args.persons, 0, { records: 0 });

  let records = 0;
  const counts = new Map<string, number>();
  let lastPerson = '';
  let personsSeen = 0;
  try {
    for (const r of generateSyntheticRegistry({ seed: args.seed, persons: args.persons, agencies: profiles, ...(args.shuffleWindow !== undefined ? { shuffleWindow: args.shuffleWindow } : {}) })) {
      records++;
      counts.set(r.agency, (counts.get(r.agency) ?? 0) + 1);
      const line = recordLine(r);
      let wait = main?.push(line);
      if (wait) await wait;
      wait = perAgency.get(r.agency)?.push(line);
      if (wait) await wait;
      if (truth || splitTruth) {
        const truthLine = csvLine([r.record.source, r.record.record_id, r.truePersonId, r.errors.join(';')]);
        wait = truth?.push(truthLine);
        if (wait) await wait;
        wait = splitTruth?.push(truthLine);
        if (wait) await wait;
      }
      // Progress in persons: the person index only grows (up to the shuffle window), so its
      // number is a good enough position without remembering every person.
      if (r.truePersonId !== lastPerson) {
        lastPerson = r.truePersonId;
        const index = Number(r.truePersonId.slice(6));
        if (index > personsSeen) personsSeen = index;
        if ((records & 0x3fff) === 0) bar?.update(personsSeen, { records });
      }
    }
    for (const output of outputs) await output.close();
    for (const output of outputs) await output.commit();
  } catch (error) {
    bar?.stop();
    for (const output of outputs) await output.discard();
    throw error;
  }
  bar?.update(args.persons, { records });
  bar?.stop();

  const files = outputs.map((o) => o.path);
  const readmes = [...(args.out ? [readmePathFor(args.out)] : []), ...(args.split ? [join(args.split, 'README.txt')] : [])];
  for (const path of readmes) await writeFile(path, readmeText(args, files));

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSource = [...counts.entries()].map(([k, v]) => `${k} ${v}`).join(', ');
  process.stderr.write(
    `${SYNTHETIC_MARKER}: ${args.persons} personas, ${records} registros (${perSource}) en ${seconds.toFixed(1)} s ` +
      `(${Math.round(records / seconds)} registros/s); semilla ${args.seed}\n` +
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
