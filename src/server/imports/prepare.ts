// Preparing an import's chunks before their transaction: each chunk's rows are mapped and
// validated, the main thread asks which were stored before and reserves the new case files'
// codes, then the new rows are built, sealed and encoded as COPY data. This runs while the
// database stores the chunk before, either in a thread of its own (thread.ts) or in this thread,
// a few milliseconds at a time between that chunk's statements (LocalPreparer).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FieldProblem, QuarantinedRow, SourceRow, Table, TableMapper } from '../../importers/index.ts';
import type { Actor } from '../actor.ts';
import { giveCodes, RegistrationEncoder } from '../actions/bulk.ts';
import type { Vault } from '../crypto/vault.ts';
import type { CopyRows } from '../db/copy.ts';
import { classify, freshRegistrations, importRecordRows, newImportRecordRows, type Accepted, type registrationCheck } from './engine.ts';

/** A chunk mapped: the rows to store, by source record (in order), and whether each has a case file. */
export interface MappedChunk {
  keys: { system: string; key: string; fingerprint: string; hasCase: boolean }[];
}

/** A chunk ready to write: the COPY data of its new rows, and what the main thread decides on. */
export interface BuiltChunk {
  /** COPY data, in the order of the foreign keys. */
  tables: { table: string; rows: number; data: Uint8Array }[];
  imported: { rowNumber: number; recordId?: string | undefined; system: string; personId: string; caseFileId: string | null }[];
  /** Rows not built (seen before): the caller compares their fingerprints and updates the changed ones. */
  others: Accepted[];
  quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[];
}

export type Findings = ReturnType<TableMapper['findings']>;

/** Whoever prepares the chunks of one import, asked in chunk order. */
export interface ChunkPreparer {
  map(chunk: number, rows: SourceRow[]): Promise<MappedChunk>;
  /** Builds the chunk's rows at these indexes of its keys (the new ones), with these numbers for their codes. */
  build(chunk: number, fresh: number[], codes: number[], at: string): Promise<BuiltChunk>;
  drop(chunk: number): Promise<void>;
  findings(): Promise<Findings>;
  close(): Promise<void>;
}

/** Rows between two checks of the clock (LocalPreparer) while mapping or building. */
const STEP_ROWS = 16;

/**
 * The work on the chunks, as steps: a generator yields every few rows, so that this thread can
 * stop between them; a thread of its own runs each to its end at once.
 */
export class ChunkWorkshop {
  private readonly chunks = new Map<number, { accepted: Accepted[]; quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[] }>();

  constructor(
    private readonly vault: Vault,
    private readonly mapper: TableMapper,
    private readonly registrations: ReturnType<typeof registrationCheck>['registrations'],
    private readonly header: Table,
    private readonly actor: Pick<Actor, 'userId' | 'unitId' | 'agencyId'>,
    private readonly batchId: string,
  ) {}

  *map(chunk: number, rows: SourceRow[]): Generator<void, MappedChunk> {
    const outcomes = [];
    for (let i = 0; i < rows.length; i++) {
      outcomes.push(this.mapper.map(rows[i] as SourceRow));
      if (i % STEP_ROWS === STEP_ROWS - 1) yield;
    }
    const classified = classify(outcomes, this.registrations, { ...this.header, rows });
    this.chunks.set(chunk, classified);
    return { keys: classified.accepted.map((a) => ({ system: a.record.source.system, key: a.key, fingerprint: a.record.source.fingerprint, hasCase: a.caseFile !== undefined })) };
  }

  /** The new rows' records are built and encoded a few at a time: each step's objects die young. */
  *build(chunk: number, freshIndexes: number[], codes: number[], at: string): Generator<void, { tables: { table: string; rows: CopyRows }[]; imported: BuiltChunk['imported']; others: Accepted[]; quarantine: BuiltChunk['quarantine'] }> {
    const mapped = this.chunks.get(chunk);
    if (!mapped) throw new Error(`chunk ${chunk} not mapped`);
    const isFresh = new Set(freshIndexes);
    const fresh = freshIndexes.map((i) => mapped.accepted[i] as Accepted);
    const encoder = new RegistrationEncoder(this.vault);
    const records = newImportRecordRows();
    const imported: BuiltChunk['imported'] = [];
    let codesGiven = 0;
    for (let start = 0; start < fresh.length; start += STEP_ROWS) {
      const step = fresh.slice(start, start + STEP_ROWS);
      const built = freshRegistrations(this.actor, this.batchId, step, at);
      codesGiven += giveCodes(built, codes.slice(codesGiven, codesGiven + built.length));
      encoder.add(built);
      importRecordRows(this.actor, this.batchId, step, built, records);
      step.forEach((f, i) => imported.push({ rowNumber: f.record.source.rowNumber, recordId: f.record.source.recordId, system: f.record.source.system, personId: built[i]?.person.id as string, caseFileId: built[i]?.caseFile?.id ?? null }));
      yield;
    }
    const tables = encoder.tables();
    if (records.rows > 0) tables.push({ table: 'import_records', rows: records });
    return { tables, imported, others: mapped.accepted.filter((_, i) => !isFresh.has(i)), quarantine: mapped.quarantine };
  }

  drop(chunk: number): void {
    this.chunks.delete(chunk);
  }

  findings(): Findings {
    return this.mapper.findings();
  }
}

/** Runs a workshop's steps to their end at once. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Milliseconds this thread works on a chunk before it lets the chunk being stored send its next statement. */
const SLICE_MS = 4;

/**
 * Prepares the chunks in this thread, between the statements of the chunk being stored: every
 * few milliseconds it yields to the event loop, so that an answer of the database is taken and
 * the transaction's next statement sent while the next chunk is built.
 */
export class LocalPreparer implements ChunkPreparer {
  constructor(private readonly workshop: ChunkWorkshop) {}

  private async run<T>(steps: Generator<void, T>): Promise<T> {
    let since = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - since >= SLICE_MS) {
        await nextTurn();
        since = performance.now();
      }
    }
  }

  map(chunk: number, rows: SourceRow[]): Promise<MappedChunk> {
    return this.run(this.workshop.map(chunk, rows));
  }

  async build(chunk: number, fresh: number[], codes: number[], at: string): Promise<BuiltChunk> {
    const built = await this.run(this.workshop.build(chunk, fresh, codes, at));
    return { ...built, tables: built.tables.map(({ table, rows }) => ({ table, rows: rows.rows, data: rows.finish() })) };
  }

  async drop(chunk: number): Promise<void> {
    this.workshop.drop(chunk);
  }

  async findings(): Promise<Findings> {
    return this.workshop.findings();
  }

  async close(): Promise<void> {}
}
