// Importing an agency's file: parsed by the pure layer (src/importers), then stored in chunks, each
// chunk one transaction. A row ends imported (a new person, and her case file, through the same
// reducers and action log as any registration), updated (a changed row: actions through the
// update commands), unchanged (seen before: its fingerprint), or quarantined with its reasons.
// A process killed mid-import leaves whole chunks only; running it again completes the file.
import { createHash, randomUUID } from 'node:crypto';
import { bilingual, mapTable, readProfileTable, tableMapper, type FieldProblem, type MappedRecord, type MappingProfile, type ParseResult, type QuarantinedRow, type Table, type TableMapper } from '../../importers/index.ts';
import { toRegistration, type ImportExtra, type Registration } from '../../importers/registration.ts';
import { applyCaseFileAction, applyPersonAction, type CaseFileRecord, type PersonRecord } from '../../domain/records.ts';
import type { CaseFileInput, PersonInput } from '../../domain/schemas.ts';
import type { Actor } from '../actor.ts';
import { appendRegistrations, REGISTRATION_COLUMNS, reserveCaseCodes, type BulkRegistration } from '../actions/bulk.ts';
import { keyOfPerson, loadCaseFile, loadPerson } from '../actions/store.ts';
import { registerCase, updateCaseFile, updatePerson } from '../commands/case-files.ts';
import { vaultOf } from '../crypto/keys.ts';
import { copyInto, CopyRows, type CopyColumn } from '../db/copy.ts';
import type { Database, Queryable } from '../db/database.ts';
import { Problem } from '../errors.ts';
import type { LinkageService } from '../linkage/service.ts';
import { sealQuarantine } from './quarantine-store.ts';
import { ChunkWorkshop, LocalPreparer, type BuiltChunk, type ChunkPreparer, type MappedChunk } from './prepare.ts';
import { ImportThread } from './thread.ts';

export interface ImportCounts {
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  blankRows: number;
}

export interface ImportSummary extends ImportCounts {
  batchId: string;
  fileSha256: string;
  format: ParseResult['format'];
  encoding?: string | undefined;
  unmappedColumns: string[];
  missingColumns: { field: string; column: string }[];
}

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  profile: MappingProfile;
  /**
   * Record linkage of the new person records: a running service links them on arrival (or queues
   * them while its index builds); 'queue' leaves them in the durable linkage queue for later;
   * 'off' does neither (a benchmark, or `enlace link-persons` afterwards).
   */
  linkage: LinkageService | 'queue' | 'off';
  chunkSize?: number;
  /**
   * The rows prepared (mapped, sealed, encoded) in a thread of their own while the database
   * stores the chunk before, rather than in this thread between that chunk's statements (not when
   * a running linkage service takes the new records). Off unless asked for: it has yet to show, on
   * a quiet machine, that it saves more than it costs.
   */
  thread?: boolean;
  /**
   * Threads of their own that prepare chunks in turn with this thread (not with `thread`): chunk
   * k by preparer k mod (threads + 1), as many chunks ahead as there are preparers, so that a
   * second core works too. 0 unless asked for (to be measured on a quiet machine).
   */
  threads?: number;
  today?: string;
  onProgress?: (done: number, total: number) => void;
  /** The bytes' format when the profile's must not decide it (records pushed over the API are JSON). */
  format?: 'json';
  /** Told what became of each row once its chunk is stored (the API answers per record). */
  onRow?: (result: RowResult) => void;
}

/** What became of one row of the file. */
export type RowResult =
  | { rowNumber: number; recordId?: string | undefined; status: 'imported' | 'updated' | 'unchanged'; personId: string; caseFileId: string | null }
  | { rowNumber: number; recordId?: string | undefined; status: 'quarantined'; problems: FieldProblem[] };

const IMPORT_RECORD_COLUMNS: CopyColumn[] = [
  { name: 'agency_id', type: 'uuid' },
  { name: 'source_system', type: 'text' },
  { name: 'record_key', type: 'text' },
  { name: 'fingerprint', type: 'text' },
  { name: 'person_id', type: 'uuid' },
  { name: 'case_file_id', type: 'uuid' },
  { name: 'batch_id', type: 'uuid' },
  { name: 'extra', type: 'bytea' },
];

/** Rows mapped between two yields to the event loop while a chunk is being stored. */
const MAP_SLICE = 250;

/** Import work on one agency runs one chunk at a time: a record id is claimed once. */
const IMPORT_LOCK = 'enlace-import:';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The key of a source record: its id in the source, else the fingerprint of its row. */
export function recordKeyOf(source: { recordId?: string | undefined; fingerprint: string }): string {
  return source.recordId ?? `#${source.fingerprint}`;
}

/** Parses the file (throws ImportFileError when it cannot be read: nothing is stored) and imports it. */
export async function importFile(db: Database, actor: Actor, request: ImportRequest): Promise<ImportSummary> {
  return (await prepareImport(db, actor, request)).run();
}

export interface PreparedImport {
  batchId: string;
  /** Stores the rows, chunk by chunk; the batch's counts grow as each chunk commits. */
  run(): Promise<ImportSummary>;
}

/**
 * Reads the whole file, then records the batch: a file that cannot be read is refused here
 * (ImportFileError) with nothing stored. `run()` maps and stores the rows chunk by chunk, so that
 * a large file never holds all its mapped rows at once.
 */
export async function prepareImport(db: Database, actor: Actor, request: ImportRequest): Promise<PreparedImport> {
  const table = readProfileTable(request.bytes, request.profile, { file: request.fileName, ...(request.format ? { format: request.format, encoding: 'utf-8' as const } : {}) });
  const { registrations, check } = registrationCheck();
  const mapper = tableMapper(table, request.profile, { file: request.fileName, check, ...(request.today ? { today: request.today } : {}) });
  const batchId = randomUUID();
  const context: ChunkContext = { actor, batchId, request, registrations, table, correction: false };
  const fileSha256 = sha256Hex(request.bytes);
  await db.transaction(async (tx) => {
    // A run of the same file that never finished (its process died) is completed by this one.
    const [interrupted] = await tx.query<{ id: string }>(
      "UPDATE import_batches SET status = 'INTERRUPTED', finished_at = now() WHERE agency_id = $1 AND file_sha256 = $2 AND status = 'RUNNING' RETURNING id",
      [actor.agencyId, fileSha256],
    );
    await tx.query(
      `INSERT INTO import_batches (id, agency_id, unit_id, user_id, profile_id, profile, file_name, file_sha256, file_bytes, format, encoding, status, rows_total, blank_rows, resumes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'RUNNING', $12, $13, $14)`,
      [batchId, actor.agencyId, actor.unitId, actor.userId, request.profile.id, JSON.stringify(request.profile), request.fileName.slice(0, 300), fileSha256, request.bytes.length, table.format, table.encoding ?? null, table.rows.length, table.blankRows, interrupted?.id ?? null],
    );
  });
  return { batchId, run: () => storeAll(db, context, mapper, fileSha256) };
}

async function storeAll(db: Database, context: ChunkContext, mapper: TableMapper, fileSha256: string): Promise<ImportSummary> {
  const { actor, request, batchId, table } = context;
  // A running linkage service links each new person in her chunk's transaction, from her record.
  // The embedded engine runs in this thread: preparing a chunk while it stores another would only
  // take turns with it, and the check of what was stored, made again under the lock, would cost twice.
  if (typeof request.linkage === 'object' || (db.engine === 'pglite' && !request.thread && !request.threads)) return storeAllHere(db, context, mapper, fileSha256);
  const threads = request.thread ? 1 : Math.max(0, Math.floor(request.threads ?? 0));
  const here = !request.thread;
  // Chunks mapped by more than one mapper: each learns which record ids came earlier in the file from this pass.
  const earlierRows = threads + (here ? 1 : 0) > 1 ? mapper.earlierRecordIds() : undefined;
  const header = { ...table, rows: [] };
  const preparers: ChunkPreparer[] = [];
  try {
    if (here && !earlierRows) preparers.push(new LocalPreparer(new ChunkWorkshop(vaultOf(db), mapper, context.registrations, header, actor, batchId)));
    else if (here) {
      const { registrations, check } = registrationCheck();
      const shared = tableMapper(table, request.profile, { file: request.fileName, check, earlierRows, ...(request.today ? { today: request.today } : {}) });
      preparers.push(new LocalPreparer(new ChunkWorkshop(vaultOf(db), shared, registrations, header, actor, batchId)));
    }
    for (let i = 0; i < threads; i++) {
      preparers.push(
        ImportThread.start({
          header,
          profile: request.profile,
          file: request.fileName,
          today: request.today,
          keys: vaultOf(db).keyMaterial(),
          actor: { userId: actor.userId, unitId: actor.unitId, agencyId: actor.agencyId },
          batchId,
          earlierRows,
        }),
      );
    }
  } catch (error) {
    await Promise.all(preparers.map((p) => p.close()));
    throw error;
  }
  return storePipelined(db, context, preparers, fileSha256);
}

/** A chunk prepared before its transaction. */
interface PreparedChunk {
  index: number;
  rows: number;
  keys: MappedChunk['keys'];
  fresh: number[];
  codes: number[];
  at: string;
  built: BuiltChunk;
}

/**
 * Chunk k+1 prepared while chunk k is written: the preparer maps its rows, this thread asks which
 * were stored before and reserves the new case files' codes (outside any transaction), the
 * preparer builds and seals the new ones and encodes their COPY data; the chunk's transaction
 * then takes the import lock, checks again which were stored (another import of the agency may
 * have stored some meanwhile: the chunk is built again without them) and writes.
 */
async function storePipelined(db: Database, context: ChunkContext, preparers: readonly ChunkPreparer[], fileSha256: string): Promise<ImportSummary> {
  const { actor, request, batchId, table } = context;
  const counts: ImportCounts = { read: table.rows.length, imported: 0, updated: 0, unchanged: 0, quarantined: 0, blankRows: table.blankRows };
  const chunkSize = request.chunkSize ?? 2_000;
  const preparerOf = (index: number) => preparers[index % preparers.length] as ChunkPreparer;
  // Codes are reserved chunk after chunk (each after the one before it), so that they follow the file's order.
  let reserved: Promise<unknown> = Promise.resolve();
  const prepare = async (index: number, start: number): Promise<PreparedChunk> => {
    const preparer = preparerOf(index);
    const rows = table.rows.slice(start, start + chunkSize);
    const checked = preparer.map(index, rows).then(async ({ keys }) => {
      const stored = await storedRecords(db, actor.agencyId, keys);
      return { keys, fresh: keys.flatMap((k, i) => (stored.has(storedKey(k.system, k.key)) ? [] : [i])) };
    });
    const reserving = reserved.then(async () => {
      const { keys, fresh } = await checked;
      return reserveCaseCodes(db, fresh.filter((i) => keys[i]?.hasCase).length);
    });
    reserved = reserving.catch(() => undefined);
    const [{ keys, fresh }, codes] = await Promise.all([checked, reserving]);
    const at = new Date().toISOString();
    return { index, rows: rows.length, keys, fresh, codes, at, built: await preparer.build(index, fresh, codes, at) };
  };
  // Each preparer works on a chunk ahead while the oldest prepared is written.
  const ahead: Promise<PreparedChunk>[] = [];
  let nextStart = 0;
  const prepareAhead = () => {
    while (ahead.length < preparers.length && nextStart < table.rows.length) {
      const next = prepare(Math.floor(nextStart / chunkSize), nextStart);
      next.catch(() => undefined); // awaited in turn; a failure must not go unhandled meanwhile
      ahead.push(next);
      nextStart += chunkSize;
    }
  };
  try {
    prepareAhead();
    for (let index = 0, start = 0; ahead.length > 0; index++, start += chunkSize) {
      const ready: PreparedChunk = await (ahead.shift() as Promise<PreparedChunk>);
      const storing = db.transaction((tx) => storePrepared(tx, context, preparerOf(index), ready));
      storing.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      prepareAhead();
      const done = await storing;
      void preparerOf(index).drop(index).catch(() => undefined);
      for (const k of Object.keys(done) as (keyof typeof done)[]) counts[k] += done[k];
      request.onProgress?.(Math.min(start + chunkSize, table.rows.length), table.rows.length);
    }
    const { unmappedColumns, missingColumns } = await preparerOf(0).findings();
    await db.query("UPDATE import_batches SET status = 'COMPLETED', finished_at = now() WHERE id = $1", [batchId]);
    return { batchId, fileSha256, format: table.format, encoding: table.encoding, unmappedColumns, missingColumns, ...counts };
  } catch (error) {
    await db.query("UPDATE import_batches SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1", [batchId, error instanceof Error ? error.message.slice(0, 500) : 'error']);
    throw error;
  } finally {
    await Promise.all(preparers.map((p) => p.close()));
  }
}

const IMPORT_TABLE_COLUMNS: Readonly<Record<string, readonly CopyColumn[]>> = { ...REGISTRATION_COLUMNS, import_records: IMPORT_RECORD_COLUMNS };

/** Writes a prepared chunk in its transaction (see storePipelined). */
async function storePrepared(tx: Queryable, context: ChunkContext, preparer: ChunkPreparer, ready: PreparedChunk): Promise<ChunkCounts> {
  const { actor, batchId, request } = context;
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${IMPORT_LOCK}${actor.agencyId}`]);
  const counts: ChunkCounts = { imported: 0, updated: 0, unchanged: 0, quarantined: 0 };
  // Checked again under the lock: what was stored since the check before is not new after all.
  const stored = await storedRecords(tx, actor.agencyId, ready.keys);
  let built = ready.built;
  if (ready.fresh.some((i) => stored.has(storedKey(ready.keys[i]?.system ?? '', ready.keys[i]?.key ?? '')))) {
    const fresh = ready.fresh.filter((i) => !stored.has(storedKey(ready.keys[i]?.system ?? '', ready.keys[i]?.key ?? '')));
    built = await preparer.build(ready.index, fresh, ready.codes, ready.at);
  }
  for (const { table, rows, data } of built.tables) {
    const columns = IMPORT_TABLE_COLUMNS[table];
    if (!columns) throw new Error(`import: unknown table ${table}`);
    await copyInto(tx, table, CopyRows.prebuilt(columns, Buffer.from(data.buffer, data.byteOffset, data.byteLength), rows));
  }
  const results: RowResult[] = built.imported.map((r) => ({ rowNumber: r.rowNumber, recordId: r.recordId, status: 'imported', personId: r.personId, caseFileId: r.caseFileId }));
  counts.imported += built.imported.length;
  if (request.linkage === 'queue' && built.imported.length > 0) {
    await tx.query('INSERT INTO linkage_queue (person_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING', [built.imported.map((r) => r.personId)]);
  }
  await supersede(tx, actor, batchId, built.imported);
  const quarantine = [...built.quarantine];
  const fresh: Accepted[] = [];
  await storeExisting(tx, context, built.others, stored, counts, results, quarantine, fresh);
  if (fresh.length > 0) throw new Error('import: a row neither built nor stored before');
  return finishChunk(tx, context, ready.rows, counts, results, quarantine, []);
}

/** The chunks mapped ahead, and each stored with its new persons linked in its transaction. */
async function storeAllHere(db: Database, context: ChunkContext, mapper: TableMapper, fileSha256: string): Promise<ImportSummary> {
  const { actor, request, batchId, table } = context;
  const counts: ImportCounts = { read: table.rows.length, imported: 0, updated: 0, unchanged: 0, quarantined: 0, blankRows: table.blankRows };
  const chunkSize = request.chunkSize ?? 2_000;
  // The next chunk is mapped while the database stores this one, in slices that let the
  // transaction's statements go out between them.
  const mapSlices = async (start: number) => {
    const out: ParseResult['outcomes'] = [];
    for (let i = start; i < Math.min(start + chunkSize, table.rows.length); i += MAP_SLICE) {
      for (const row of table.rows.slice(i, Math.min(i + MAP_SLICE, start + chunkSize))) out.push(mapper.map(row));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  };
  try {
    let next = await mapSlices(0);
    for (let start = 0; start < table.rows.length; start += chunkSize) {
      const chunk = next;
      const indexed: { id: string; person: PersonRecord }[] = [];
      const storing = db.transaction((tx) => {
        // Run again after a collision (db/retry.ts): only the committed attempt's persons are indexed.
        indexed.length = 0;
        return storeChunk(tx, context, chunk, indexed);
      });
      storing.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      next = start + chunkSize < table.rows.length ? await mapSlices(start + chunkSize) : [];
      const done = await storing;
      for (const p of indexed) if (typeof request.linkage === 'object') request.linkage.indexed(p.id, actor.agencyKey, p.person);
      for (const k of Object.keys(done) as (keyof typeof done)[]) counts[k] += done[k];
      request.onProgress?.(Math.min(start + chunkSize, table.rows.length), table.rows.length);
    }
  } catch (error) {
    await db.query("UPDATE import_batches SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1", [batchId, error instanceof Error ? error.message.slice(0, 500) : 'error']);
    throw error;
  }
  await db.query("UPDATE import_batches SET status = 'COMPLETED', finished_at = now() WHERE id = $1", [batchId]);
  const { unmappedColumns, missingColumns } = mapper.findings();
  return { batchId, fileSha256, format: table.format, encoding: table.encoding, unmappedColumns, missingColumns, ...counts };
}

type ChunkCounts = Omit<ImportCounts, 'read' | 'blankRows'>;

/** Each mapped record is checked for a complete registration while the row's values are at hand. */
export function registrationCheck() {
  const registrations = new WeakMap<MappedRecord, Registration & { ok: true }>();
  const check = (record: MappedRecord): FieldProblem[] => {
    const registration = toRegistration(record);
    if (!registration.ok) return registration.problems;
    registrations.set(record, registration);
    return [];
  };
  return { registrations, check };
}

export type CorrectedRowOutcome =
  | { status: 'imported' | 'updated' | 'unchanged'; personId: string; caseFileId: string | null }
  | { status: 'quarantined'; row: QuarantinedRow };

/**
 * A quarantined row as a person corrected it, mapped again with its batch's profile and, when it
 * maps, stored like a row of the file, in the caller's transaction.
 */
export async function importCorrectedRow(
  tx: Queryable,
  actor: Actor,
  batch: { id: string; profile: MappingProfile },
  values: Readonly<Record<string, string>>,
  origin: { rowNumber: number; line: number; file: string },
  linkage: ImportRequest['linkage'],
  indexed: { id: string; person: PersonRecord }[],
): Promise<CorrectedRowOutcome> {
  const columns = Object.keys(values);
  const table: Table = { format: 'csv', columns, rows: [{ rowNumber: origin.rowNumber, line: origin.line, values: columns.map((c) => values[c] ?? '') }], blankRows: 0 };
  const { registrations, check } = registrationCheck();
  const [outcome] = mapTable(table, batch.profile, { file: origin.file, check }).outcomes;
  if (!outcome) throw new Problem(422, 'problem.validation');
  if (outcome.status === 'quarantined') return { status: 'quarantined', row: outcome.row };
  const request: ImportRequest = { fileName: origin.file, bytes: new Uint8Array(), profile: batch.profile, linkage };
  const failed: QuarantinedRow[] = [];
  const counts = await storeChunk(tx, { actor, batchId: batch.id, request, registrations, table, correction: true }, [outcome], indexed, failed);
  if (failed[0]) return { status: 'quarantined', row: failed[0] };
  const [stored] = await tx.query<{ person_id: string; case_file_id: string | null }>(
    'SELECT person_id, case_file_id FROM import_records WHERE agency_id = $1 AND source_system = $2 AND record_key = $3',
    [actor.agencyId, outcome.record.source.system, recordKeyOf(outcome.record.source)],
  );
  if (!stored) throw new Error('corrected row not stored');
  return { status: counts.imported > 0 ? 'imported' : counts.updated > 0 ? 'updated' : 'unchanged', personId: stored.person_id, caseFileId: stored.case_file_id };
}

export interface StoredRecord {
  source_system: string;
  record_key: string;
  fingerprint: string;
  person_id: string;
  case_file_id: string | null;
}

export interface Accepted {
  record: MappedRecord;
  person: PersonInput;
  caseFile?: CaseFileInput | undefined;
  extra?: ImportExtra | undefined;
  key: string;
}

interface ChunkContext {
  actor: Actor;
  batchId: string;
  request: ImportRequest;
  registrations: WeakMap<MappedRecord, Registration & { ok: true }>;
  table: Table;
  /**
   * A corrected quarantined row: counted with its batch already, and when it fails again its
   * quarantine entry is updated by the caller rather than a new one stored.
   */
  correction: boolean;
}

async function storeChunk(
  tx: Queryable,
  context: ChunkContext,
  chunk: ParseResult['outcomes'],
  indexed: { id: string; person: PersonRecord }[],
  failed: QuarantinedRow[] = [],
): Promise<ChunkCounts> {
  const { actor, batchId, request } = context;
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${IMPORT_LOCK}${actor.agencyId}`]);
  const counts: ChunkCounts = { imported: 0, updated: 0, unchanged: 0, quarantined: 0 };
  const { accepted, quarantine } = classify(chunk, context.registrations, context.table);

  const stored = await storedRecords(tx, actor.agencyId, accepted.map((a) => ({ system: a.record.source.system, key: a.key })));

  const fresh: Accepted[] = [];
  const results: RowResult[] = [];
  await storeExisting(tx, context, accepted, stored, counts, results, quarantine, fresh);

  if (fresh.length > 0) {
    const registrations = freshRegistrations(actor, batchId, fresh);
    await appendRegistrations(tx, registrations);
    await copyInto(tx, 'import_records', importRecordRows(actor, batchId, fresh, registrations));
    counts.imported += fresh.length;
    fresh.forEach((f, i) => results.push({ ...sourceOf(f.record), status: 'imported', personId: registrations[i]?.person.id as string, caseFileId: registrations[i]?.caseFile?.id ?? null }));
    await linkNew(tx, actor, registrations, request.linkage, indexed);
    await supersede(tx, actor, batchId, fresh.map((f) => f.record.source));
  }
  return finishChunk(tx, context, chunk.length, counts, results, quarantine, failed);
}

/** The rows of these source records stored before, by `system\0key`. */
export async function storedRecords(q: Queryable, agencyId: string, keys: readonly { system: string; key: string }[]): Promise<Map<string, StoredRecord>> {
  const stored = new Map<string, StoredRecord>();
  if (keys.length === 0) return stored;
  const rows = await q.query<StoredRecord>(
    `SELECT r.source_system, r.record_key, r.fingerprint, r.person_id, r.case_file_id FROM import_records r
       JOIN unnest($2::text[], $3::text[]) AS k(system, key) ON r.source_system = k.system AND r.record_key = k.key
      WHERE r.agency_id = $1`,
    [agencyId, keys.map((k) => k.system), keys.map((k) => k.key)],
  );
  for (const row of rows) stored.set(storedKey(row.source_system, row.record_key), row);
  return stored;
}

export const storedKey = (system: string, key: string) => `${system}\u0000${key}`;

const sourceOf = (record: MappedRecord) => ({ rowNumber: record.source.rowNumber, recordId: record.source.recordId });

/** A chunk's mapped rows: those to store, and those quarantined (by the mapping, or as incomplete registrations). */
export function classify(chunk: ParseResult['outcomes'], registrations: WeakMap<MappedRecord, Registration & { ok: true }>, table: Table): { accepted: Accepted[]; quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[] } {
  const quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[] = [];
  const accepted: Accepted[] = [];
  for (const outcome of chunk) {
    if (outcome.status === 'quarantined') {
      quarantine.push({ row: outcome.row, problems: outcome.row.problems });
      continue;
    }
    const registration = registrations.get(outcome.record) ?? toRegistration(outcome.record);
    if (!registration.ok) {
      quarantine.push({ row: quarantinedFrom(table, outcome.record), problems: registration.problems });
      continue;
    }
    accepted.push({ record: outcome.record, person: registration.person, caseFile: registration.caseFile, extra: registration.extra, key: recordKeyOf(outcome.record.source) });
  }
  return { accepted, quarantine };
}

/** The registrations of new rows: each a person and her case file, logged as one record.imported action. */
export function freshRegistrations(actor: Pick<Actor, 'userId' | 'unitId' | 'agencyId'>, batchId: string, fresh: readonly Accepted[], at = new Date().toISOString()): BulkRegistration[] {
  return fresh.map((item) => {
    const meta = { version: 1, at, actorUserId: actor.userId, actorUnitId: actor.unitId, agencyId: actor.agencyId };
    const person = applyPersonAction(undefined, { type: 'person.registered', data: item.person, entityId: randomUUID(), ...meta });
    const caseFile = item.caseFile
      ? applyCaseFileAction(undefined, { type: 'case.registered', data: item.caseFile, code: '', personId: person.id, registeringUnitId: actor.unitId, entityId: randomUUID(), ...meta })
      : undefined;
    // One action registers her and her case file; the row's extra values are sealed in it.
    const imported = { batchId, rowNumber: item.record.source.rowNumber, extra: item.extra };
    return { person, caseFile, userId: actor.userId, unitId: actor.unitId, reason: `import:${batchId}`, imported };
  });
}

/** The import_records rows of new rows (their extra values travel in the record.imported action; a later change of the row keeps them here). */
export function importRecordRows(actor: Pick<Actor, 'agencyId'>, batchId: string, fresh: readonly Accepted[], registrations: readonly BulkRegistration[], records = newImportRecordRows()): CopyRows {
  fresh.forEach((f, i) => {
    const { person, caseFile } = registrations[i] as BulkRegistration;
    records.add([actor.agencyId, f.record.source.system, f.key, f.record.source.fingerprint, person.id, caseFile?.id ?? null, batchId, null]);
  });
  return records;
}

/** Empty COPY data of import_records, for importRecordRows to add to. */
export function newImportRecordRows(): CopyRows {
  return new CopyRows(IMPORT_RECORD_COLUMNS);
}

/** A row imported now replaces what was quarantined earlier under the same record id. */
async function supersede(tx: Queryable, actor: Actor, batchId: string, sources: readonly { system: string; recordId?: string | undefined }[]): Promise<void> {
  const withIds = sources.filter((s) => s.recordId !== undefined);
  if (withIds.length === 0) return;
  await tx.query(
    `UPDATE import_quarantine q SET status = 'SUPERSEDED', resolved_at = now(), resolved_by = $2, resolution_reason = $3, version = q.version + 1
       FROM unnest($4::text[], $5::text[]) AS k(system, id)
      WHERE q.agency_id = $1 AND q.status = 'OPEN' AND q.source_system = k.system AND q.record_id = k.id`,
    [actor.agencyId, actor.userId, `import:${batchId}`, withIds.map((s) => s.system), withIds.map((s) => s.recordId)],
  );
}

/** Rows seen before: unchanged (same fingerprint), or changed (updated through the commands); the rest are fresh. */
async function storeExisting(
  tx: Queryable,
  context: ChunkContext,
  accepted: readonly Accepted[],
  stored: ReadonlyMap<string, StoredRecord>,
  counts: ChunkCounts,
  results: RowResult[],
  quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[],
  fresh: Accepted[],
): Promise<void> {
  const { actor, batchId } = context;
  const source = sourceOf;
  for (const item of accepted) {
    const before = stored.get(storedKey(item.record.source.system, item.key));
    if (!before) fresh.push(item);
    else if (before.fingerprint === item.record.source.fingerprint) {
      counts.unchanged++;
      results.push({ ...source(item.record), status: 'unchanged', personId: before.person_id, caseFileId: before.case_file_id });
    } else {
      const outcome = await updateFromRow(tx, actor, batchId, before, item);
      if ('problems' in outcome) quarantine.push({ row: quarantinedFrom(context.table, item.record), problems: outcome.problems });
      else {
        counts.updated++;
        results.push({ ...source(item.record), status: 'updated', personId: before.person_id, caseFileId: outcome.caseFileId });
      }
    }
  }
}

/** Quarantines what must be, tells the caller what became of each row and counts the chunk on its batch. */
async function finishChunk(
  tx: Queryable,
  context: ChunkContext,
  rows: number,
  counts: ChunkCounts,
  results: readonly RowResult[],
  quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[],
  failed: QuarantinedRow[],
): Promise<ChunkCounts> {
  const { actor, batchId, request } = context;
  if (context.correction) {
    failed.push(...quarantine.map((q) => ({ ...q.row, problems: q.problems })));
    return counts;
  }
  if (quarantine.length > 0) {
    const ids = quarantine.map(() => randomUUID());
    const vault = vaultOf(tx);
    await tx.query(
      `INSERT INTO import_quarantine (id, batch_id, agency_id, source_system, record_id, fingerprint, row_number, line, problem_keys, sealed, status)
       SELECT id, $1, $2, system, record_id, fp, row_number, line, string_to_array(keys, ' '), sealed, 'OPEN'
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::bytea[]) AS t(id, system, record_id, fp, row_number, line, keys, sealed)
       ON CONFLICT (agency_id, source_system, fingerprint) WHERE status = 'OPEN' DO NOTHING`,
      [
        batchId,
        actor.agencyId,
        ids,
        quarantine.map((q) => q.row.source.system),
        quarantine.map((q) => q.row.source.recordId ?? null),
        quarantine.map((q) => q.row.source.fingerprint),
        quarantine.map((q) => q.row.source.rowNumber),
        quarantine.map((q) => q.row.source.line),
        quarantine.map((q) => [...new Set(q.problems.map((p) => `${p.field}=${p.key}`.replace(/\s/g, '')))].join(' ')),
        quarantine.map((q, i) => sealQuarantine(vault, ids[i] as string, { ...q.row, problems: q.problems })),
      ],
    );
    counts.quarantined += quarantine.length;
  }
  if (request.onRow) {
    for (const result of results) request.onRow(result);
    for (const q of quarantine) request.onRow({ rowNumber: q.row.source.rowNumber, recordId: q.row.source.recordId, status: 'quarantined', problems: q.problems });
  }
  await tx.query('UPDATE import_batches SET rows_done = rows_done + $2, imported = imported + $3, updated = updated + $4, unchanged = unchanged + $5, quarantined = quarantined + $6 WHERE id = $1', [
    batchId,
    rows,
    counts.imported,
    counts.updated,
    counts.unchanged,
    counts.quarantined,
  ]);
  return counts;
}

/** A mapped row that cannot be stored after all: quarantined with its values from the table. */
function quarantinedFrom(table: Table, record: MappedRecord): QuarantinedRow {
  const row = table.rows.find((r) => r.rowNumber === record.source.rowNumber);
  const values: Record<string, string> = {};
  table.columns.forEach((c, i) => (values[c] = row?.values[i] ?? ''));
  return { source: record.source, values, problems: [], flags: record.flags };
}

async function linkNew(tx: Queryable, actor: Actor, registrations: BulkRegistration[], linkage: ImportRequest['linkage'], indexed: { id: string; person: PersonRecord }[]): Promise<void> {
  if (linkage === 'off') return;
  if (linkage === 'queue') {
    await tx.query('INSERT INTO linkage_queue (person_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING', [registrations.map((r) => r.person.id)]);
    return;
  }
  for (const r of registrations) {
    await linkage.linkOrQueue(tx, actor, r.person.id, actor.agencyKey, r.person, actor.agencyId);
    indexed.push({ id: r.person.id, person: r.person });
  }
}

const PERSON_FIELDS = ['givenNames', 'paternalSurname', 'maternalSurname', 'fullName', 'identificationDescription', 'sex', 'genderIdentity', 'birthDate', 'estimatedAge', 'nationalities', 'documents'] as const;

/**
 * A row changed since it was imported: the differences become `person.updated` and
 * `case.updated` actions through the same commands as an edit. Returns problems instead when the
 * change cannot be applied (the person was erased, the change is inconsistent).
 */
async function updateFromRow(tx: Queryable, actor: Actor, batchId: string, before: StoredRecord, item: Accepted): Promise<{ problems: FieldProblem[] } | { caseFileId: string | null }> {
  const reason = `import:${batchId}`;
  // A change refused half-way (the person updated, then her case file refused) must leave nothing:
  // the row's statements run under a savepoint that a refusal rolls back.
  await tx.query('SAVEPOINT import_row');
  try {
    const person = await loadPerson(tx, before.person_id, actor.agencyId, true);
    if (!person || 'erased' in person) throw new Problem(409, 'problem.personErased');
    const changes: Record<string, unknown> = {};
    for (const field of PERSON_FIELDS) {
      const next = item.person[field];
      const current = person[field];
      if (JSON.stringify(next ?? null) === JSON.stringify(current ?? null)) continue;
      changes[field] = next === undefined ? (field === 'documents' ? [] : null) : next;
    }
    let current = person;
    if (Object.keys(changes).length > 0) current = await updatePerson(tx, actor, person.id, { version: person.version, changes, reason });
    let caseFileId = before.case_file_id;
    if (item.caseFile) {
      const caseFile = caseFileId ? await loadCaseFile(tx, caseFileId, actor.agencyId, true) : undefined;
      if (caseFile) {
        const caseChanges = diffCase(caseFile, item.caseFile);
        if (Object.keys(caseChanges).length > 0) await updateCaseFile(tx, actor, caseFile.id, { version: caseFile.version, changes: caseChanges, reason });
      } else {
        caseFileId = (await registerCase(tx, actor, { personId: current.id, caseFile: item.caseFile })).caseFile.id;
      }
    }
    const key = await keyOfPerson(tx, person.id);
    const extra = item.extra && key ? vaultOf(tx).sealJson(key, item.extra, `import:${person.id}`) : null;
    await tx.query(
      'UPDATE import_records SET fingerprint = $4, batch_id = $5, case_file_id = $6, extra = $7, updated_at = now() WHERE agency_id = $1 AND source_system = $2 AND record_key = $3',
      [actor.agencyId, item.record.source.system, item.key, item.record.source.fingerprint, batchId, caseFileId, extra],
    );
    await tx.query('RELEASE SAVEPOINT import_row');
    return { caseFileId };
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT import_row');
    await tx.query('RELEASE SAVEPOINT import_row');
    const keys = error.fields.length > 0 ? error.fields : [{ path: 'row', key: error.key }];
    return { problems: keys.map((f) => ({ field: f.path, key: f.key, ...bilingual(f.key) })) };
  }
}

function diffCase(current: CaseFileRecord, next: CaseFileInput): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next)) {
    if (JSON.stringify(value) !== JSON.stringify((current as unknown as Record<string, unknown>)[field])) changes[field] = value;
  }
  return changes;
}
