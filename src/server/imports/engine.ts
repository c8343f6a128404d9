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
import { appendRegistrations, type BulkRegistration } from '../actions/bulk.ts';
import { keyOfPerson, loadCaseFile, loadPerson } from '../actions/store.ts';
import { registerCase, updateCaseFile, updatePerson } from '../commands/case-files.ts';
import { vaultOf } from '../crypto/keys.ts';
import { copyInto, CopyRows, type CopyColumn } from '../db/copy.ts';
import type { Database, Queryable } from '../db/database.ts';
import { Problem } from '../errors.ts';
import type { LinkageService } from '../linkage/service.ts';
import { sealQuarantine } from './quarantine-store.ts';

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
      const storing = db.transaction((tx) => storeChunk(tx, context, chunk, indexed));
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
function registrationCheck() {
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

interface StoredRecord {
  source_system: string;
  record_key: string;
  fingerprint: string;
  person_id: string;
  case_file_id: string | null;
}

interface Accepted {
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
  const quarantine: { row: QuarantinedRow; problems: FieldProblem[] }[] = [];
  const accepted: Accepted[] = [];
  for (const outcome of chunk) {
    if (outcome.status === 'quarantined') {
      quarantine.push({ row: outcome.row, problems: outcome.row.problems });
      continue;
    }
    const registration = context.registrations.get(outcome.record) ?? toRegistration(outcome.record);
    if (!registration.ok) {
      quarantine.push({ row: quarantinedFrom(context.table, outcome.record), problems: registration.problems });
      continue;
    }
    accepted.push({ record: outcome.record, person: registration.person, caseFile: registration.caseFile, extra: registration.extra, key: recordKeyOf(outcome.record.source) });
  }

  const stored = new Map<string, StoredRecord>();
  if (accepted.length > 0) {
    const rows = await tx.query<StoredRecord>(
      `SELECT r.source_system, r.record_key, r.fingerprint, r.person_id, r.case_file_id FROM import_records r
         JOIN unnest($2::text[], $3::text[]) AS k(system, key) ON r.source_system = k.system AND r.record_key = k.key
        WHERE r.agency_id = $1`,
      [actor.agencyId, accepted.map((a) => a.record.source.system), accepted.map((a) => a.key)],
    );
    for (const row of rows) stored.set(`${row.source_system}\u0000${row.record_key}`, row);
  }

  const fresh: Accepted[] = [];
  const results: RowResult[] = [];
  const source = (record: MappedRecord) => ({ rowNumber: record.source.rowNumber, recordId: record.source.recordId });
  for (const item of accepted) {
    const before = stored.get(`${item.record.source.system}\u0000${item.key}`);
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

  if (fresh.length > 0) {
    const at = new Date().toISOString();
    const registrations: BulkRegistration[] = fresh.map((item) => {
      const meta = { version: 1, at, actorUserId: actor.userId, actorUnitId: actor.unitId, agencyId: actor.agencyId };
      const person = applyPersonAction(undefined, { type: 'person.registered', data: item.person, entityId: randomUUID(), ...meta });
      const caseFile = item.caseFile
        ? applyCaseFileAction(undefined, { type: 'case.registered', data: item.caseFile, code: '', personId: person.id, registeringUnitId: actor.unitId, entityId: randomUUID(), ...meta })
        : undefined;
      // One action registers her and her case file; the row's extra values are sealed in it.
      const imported = { batchId, rowNumber: item.record.source.rowNumber, extra: item.extra };
      return { person, caseFile, userId: actor.userId, unitId: actor.unitId, reason: `import:${batchId}`, imported };
    });
    await appendRegistrations(tx, registrations);
    const records = new CopyRows(IMPORT_RECORD_COLUMNS);
    fresh.forEach((f, i) => {
      const { person, caseFile } = registrations[i] as BulkRegistration;
      // The extra values travel in the record.imported action; a later change of the row keeps them here.
      records.add([actor.agencyId, f.record.source.system, f.key, f.record.source.fingerprint, person.id, caseFile?.id ?? null, batchId, null]);
    });
    await copyInto(tx, 'import_records', records);
    counts.imported += fresh.length;
    fresh.forEach((f, i) => results.push({ ...source(f.record), status: 'imported', personId: registrations[i]?.person.id as string, caseFileId: registrations[i]?.caseFile?.id ?? null }));
    await linkNew(tx, actor, registrations, request.linkage, indexed);
    // A row imported now replaces what was quarantined earlier under the same record id.
    const withIds = fresh.filter((f) => f.record.source.recordId !== undefined);
    if (withIds.length > 0) {
      await tx.query(
        `UPDATE import_quarantine q SET status = 'SUPERSEDED', resolved_at = now(), resolved_by = $2, resolution_reason = $3, version = q.version + 1
           FROM unnest($4::text[], $5::text[]) AS k(system, id)
          WHERE q.agency_id = $1 AND q.status = 'OPEN' AND q.source_system = k.system AND q.record_id = k.id`,
        [actor.agencyId, actor.userId, `import:${batchId}`, withIds.map((f) => f.record.source.system), withIds.map((f) => f.record.source.recordId)],
      );
    }
  }

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
    chunk.length,
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
