// The quarantine: rows of agency files that could not be imported, kept with their original
// values and reasons until a person corrects them (and they are imported) or discards them with a
// reason. Their values hold names, so they are sealed under a service key of the vault.
import type { MappingProfile, QuarantinedRow } from '../../importers/index.ts';
import type { PersonRecord } from '../../domain/records.ts';
import type { Actor } from '../actor.ts';
import { vaultOf } from '../crypto/keys.ts';
import type { Vault } from '../crypto/vault.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem, versionConflict } from '../errors.ts';
import { importCorrectedRow, type CorrectedRowOutcome, type ImportRequest } from './engine.ts';

const PURPOSE = 'import-quarantine';

export function sealQuarantine(vault: Vault, id: string, row: QuarantinedRow): Buffer {
  return vault.sealJson(vault.serviceKey(PURPOSE), row, `quarantine:${id}`);
}

function openQuarantine(vault: Vault, id: string, sealed: Buffer | Uint8Array): QuarantinedRow {
  return vault.openJson<QuarantinedRow>(vault.serviceKey(PURPOSE), Buffer.from(sealed), `quarantine:${id}`);
}

export type QuarantineStatus = 'OPEN' | 'RESOLVED' | 'DISCARDED' | 'SUPERSEDED';

export interface QuarantineItem {
  id: string;
  batchId: string;
  fileName: string;
  sourceSystem: string;
  recordId: string | null;
  rowNumber: number;
  line: number;
  status: QuarantineStatus;
  version: number;
  source: QuarantinedRow['source'];
  values: Record<string, string>;
  problems: QuarantinedRow['problems'];
  flags: QuarantinedRow['flags'];
  personId: string | null;
  resolutionReason: string | null;
  createdAt: string;
}

interface QuarantineRow {
  id: string;
  batch_id: string;
  file_name: string;
  source_system: string;
  record_id: string | null;
  row_number: number;
  line: number;
  status: QuarantineStatus;
  version: number;
  sealed: Buffer | Uint8Array;
  person_id: string | null;
  resolution_reason: string | null;
  created_at: Date | string;
}

const SELECT = `SELECT q.id, q.batch_id, b.file_name, q.source_system, q.record_id, q.row_number, q.line, q.status, q.version, q.sealed, q.person_id, q.resolution_reason, q.created_at
  FROM import_quarantine q JOIN import_batches b ON b.id = q.batch_id`;

function itemOf(vault: Vault, row: QuarantineRow): QuarantineItem {
  const opened = openQuarantine(vault, row.id, row.sealed);
  return {
    id: row.id,
    batchId: row.batch_id,
    fileName: row.file_name,
    sourceSystem: row.source_system,
    recordId: row.record_id,
    rowNumber: row.row_number,
    line: row.line,
    status: row.status,
    version: row.version,
    source: opened.source,
    values: opened.values,
    problems: opened.problems,
    flags: opened.flags,
    personId: row.person_id,
    resolutionReason: row.resolution_reason,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface QuarantineQuery {
  batchId?: string | undefined;
  status?: QuarantineStatus | undefined;
  limit: number;
  offset: number;
}

/** One agency's quarantined rows, oldest first (by batch and row). */
export async function listQuarantine(db: Queryable, agencyId: string, query: QuarantineQuery): Promise<{ items: QuarantineItem[]; total: number }> {
  const params = [agencyId, query.batchId ?? null, query.status ?? null];
  const where = 'WHERE q.agency_id = $1 AND ($2::uuid IS NULL OR q.batch_id = $2) AND ($3::text IS NULL OR q.status = $3)';
  const rows = await db.query<QuarantineRow>(`${SELECT} ${where} ORDER BY b.started_at, q.batch_id, q.row_number LIMIT $4 OFFSET $5`, [...params, query.limit, query.offset]);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_quarantine q ${where}`, params);
  return { items: rows.map((r) => itemOf(vaultOf(db), r)), total: count?.n ?? 0 };
}

export async function loadQuarantined(db: Queryable, agencyId: string, id: string, lock = false): Promise<QuarantineItem | undefined> {
  const [row] = await db.query<QuarantineRow>(`${SELECT} WHERE q.id = $1 AND q.agency_id = $2${lock ? ' FOR UPDATE OF q' : ''}`, [id, agencyId]);
  return row ? itemOf(vaultOf(db), row) : undefined;
}

async function openForChange(tx: Queryable, actor: Actor, id: string, version: number): Promise<QuarantineItem> {
  const item = await loadQuarantined(tx, actor.agencyId, id, true);
  if (!item) throw notFound();
  if (item.version !== version) throw versionConflict(item.version);
  if (item.status !== 'OPEN') throw new Problem(409, 'problem.quarantineClosed');
  return item;
}

export type ResubmitOutcome = CorrectedRowOutcome & { item: QuarantineItem };

/**
 * Corrected values of a quarantined row: mapped again with its batch's profile. When they map, the
 * row is imported and the entry resolved; otherwise the entry keeps the corrected values and the
 * new reasons. Runs in the caller's transaction.
 */
export async function resubmitQuarantined(
  tx: Queryable,
  actor: Actor,
  id: string,
  request: { version: number; values: Record<string, string> },
  linkage: ImportRequest['linkage'],
  indexed: { id: string; person: PersonRecord }[],
): Promise<ResubmitOutcome> {
  const item = await openForChange(tx, actor, id, request.version);
  const unknown = Object.keys(request.values).filter((c) => !(c in item.values));
  if (unknown.length > 0) throw new Problem(422, 'problem.quarantineColumns', { columns: unknown.join(', ') });
  const values = { ...item.values, ...request.values };
  const [batch] = await tx.query<{ profile: MappingProfile }>('SELECT profile FROM import_batches WHERE id = $1', [item.batchId]);
  if (!batch) throw notFound();
  const outcome = await importCorrectedRow(tx, actor, { id: item.batchId, profile: batch.profile }, values, { rowNumber: item.rowNumber, line: item.line, file: item.fileName }, linkage, indexed);
  const vault = vaultOf(tx);
  if (outcome.status === 'quarantined') {
    const row: QuarantinedRow = { ...outcome.row, values };
    await tx.query('UPDATE import_quarantine SET sealed = $2, problem_keys = $3, version = version + 1 WHERE id = $1', [
      id,
      sealQuarantine(vault, id, row),
      [...new Set(row.problems.map((p) => `${p.field}=${p.key}`.replace(/\s/g, '')))],
    ]);
  } else {
    await tx.query(
      // (Importing the row has just superseded this very entry, by its record id: resolved wins.)
      "UPDATE import_quarantine SET sealed = $2, status = 'RESOLVED', person_id = $3, resolved_by = $4, resolved_at = now(), resolution_reason = 'corrected', version = $5 WHERE id = $1",
      [id, sealQuarantine(vault, id, { source: item.source, values, problems: item.problems, flags: item.flags }), outcome.personId, actor.userId, item.version + 1],
    );
  }
  const updated = await loadQuarantined(tx, actor.agencyId, id);
  if (!updated) throw notFound();
  return { ...outcome, item: updated };
}

/** Sets a quarantined row aside for good, with the reason why (kept; nothing is deleted). */
export async function discardQuarantined(tx: Queryable, actor: Actor, id: string, request: { version: number; reason: string }): Promise<QuarantineItem> {
  await openForChange(tx, actor, id, request.version);
  await tx.query("UPDATE import_quarantine SET status = 'DISCARDED', resolved_by = $2, resolved_at = now(), resolution_reason = $3, version = version + 1 WHERE id = $1", [id, actor.userId, request.reason]);
  const updated = await loadQuarantined(tx, actor.agencyId, id);
  if (!updated) throw notFound();
  return updated;
}
