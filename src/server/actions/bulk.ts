// Registering many records at once (the demo seed, imports of agency files). The records go
// through the same reducers as a registration over the API and their actions are appended like
// any others, so the projections are still derived from the log; only the round trips are batched.
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import { vaultOf } from '../crypto/keys.ts';
import { Vault } from '../crypto/vault.ts';
import type { Queryable } from '../db/database.ts';
import { refreshWorklistCases } from './worklist-cases.ts';
import { actionColumns, caseColumns, personColumns, registrationData } from './sealing.ts';

export interface BulkRegistration {
  /** A new person (version 1), as `applyPersonAction` made her. */
  person: PersonRecord;
  /** Her first case file (version 1), its code still empty: codes are given here, in place. */
  caseFile?: CaseFileRecord | undefined;
  userId: string;
  unitId: string;
  /** Kept with both actions (e.g. the import batch they came from). */
  reason?: string | undefined;
}

/**
 * Appends `person.registered` (and `case.registered`) for each row and writes their projections,
 * in the caller's transaction. Returns each person's new data key, in row order.
 */
export async function appendRegistrations(tx: Queryable, rows: BulkRegistration[]): Promise<Buffer[]> {
  if (rows.length === 0) return [];
  const vault = vaultOf(tx);
  const withCase = rows.filter((r): r is BulkRegistration & { caseFile: CaseFileRecord } => r.caseFile !== undefined);
  const codes = await tx.query<{ n: number }>("SELECT nextval('case_file_code_seq')::int AS n FROM generate_series(1, $1)", [withCase.length]);
  withCase.forEach((row, i) => {
    row.caseFile.code = `TP-${row.caseFile.detectionDate.slice(0, 4)}-${String(codes[i]?.n ?? 0).padStart(6, '0')}`;
  });
  // Each person gets her own data key, wrapped by the master key, as a registration over the API does.
  const keys = rows.map(() => Vault.newDataKey());
  const sealed = rows.map((r, i) => {
    const key = keys[i] as Buffer;
    const meta = { version: 1, at: r.person.createdAt, actorUserId: r.userId, actorUnitId: r.unitId, agencyId: r.person.ownerAgencyId, reason: r.reason };
    return {
      wrapped: vault.wrap(key, `person:${r.person.id}`),
      person: personColumns(vault, key, r.person),
      caseFile: r.caseFile ? caseColumns(vault, key, r.caseFile) : undefined,
      personAction: actionColumns(vault, key, { type: 'person.registered', data: registrationData(r.person), entityId: r.person.id, ...meta }),
      caseAction: r.caseFile
        ? actionColumns(vault, key, {
            type: 'case.registered',
            data: registrationData(r.caseFile),
            code: r.caseFile.code,
            personId: r.person.id,
            registeringUnitId: r.unitId,
            entityId: r.caseFile.id,
            ...meta,
          })
        : undefined,
    };
  });
  const col = <T,>(f: (r: BulkRegistration, i: number) => T) => rows.map(f);
  const s = (i: number) => sealed[i] as (typeof sealed)[number];
  await tx.query('INSERT INTO person_keys (person_id, wrapped, master_key_id) SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::text[])', [
    col((r) => r.person.id),
    col((_, i) => s(i).wrapped.wrapped),
    col((_, i) => s(i).wrapped.masterKeyId),
  ]);
  await insertActions(tx, 'person', 'person.registered', rows.map((r, i) => ({ id: r.person.id, payload: s(i).personAction, row: r })));
  await tx.query(
    `INSERT INTO persons (id, owner_agency_id, version, data, sealed, name_tokens, document_index, sex, birth_year, created_at, updated_at)
     SELECT id, agency, 1, data, sealed, string_to_array(tokens, ' '), string_to_array(documents, ' '), sex, birth_year, at, at
       FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::bytea[], $5::text[], $6::text[], $7::text[], $8::int[], $9::timestamptz[])
         AS t(id, agency, data, sealed, tokens, documents, sex, birth_year, at)`,
    [
      col((r) => r.person.id),
      col((r) => r.person.ownerAgencyId),
      col((_, i) => JSON.stringify(s(i).person.data)),
      col((_, i) => s(i).person.sealed),
      col((_, i) => s(i).person.nameTokens.join(' ')),
      col((_, i) => s(i).person.documentIndex.join(' ')),
      col((r) => r.person.sex),
      col((_, i) => s(i).person.birthYear),
      col((r) => r.person.createdAt),
    ],
  );
  const cases = rows.flatMap((r, i) => (r.caseFile ? [{ row: r, caseFile: r.caseFile, sealed: s(i) }] : []));
  if (cases.length === 0) return keys;
  await insertActions(tx, 'case_file', 'case.registered', cases.map((c) => ({ id: c.caseFile.id, payload: c.sealed.caseAction as ReturnType<typeof actionColumns>, row: c.row })));
  const cc = <T,>(f: (c: (typeof cases)[number]) => T) => cases.map(f);
  await tx.query(
    `INSERT INTO case_files (id, code, person_id, owner_agency_id, registering_unit_id, state, trafficking_status, detection_date, detection_ubigeo, version, data, sealed, created_at, updated_at)
     SELECT id, code, person, agency, unit, state, status, detected, ubigeo, 1, data, sealed, at, at
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::date[], $8::text[], $9::jsonb[], $10::bytea[], $11::timestamptz[], $12::text[])
         AS t(id, code, person, agency, unit, status, detected, ubigeo, data, sealed, at, state)`,
    [
      cc((c) => c.caseFile.id),
      cc((c) => c.caseFile.code),
      cc((c) => c.row.person.id),
      cc((c) => c.caseFile.ownerAgencyId),
      cc((c) => c.row.unitId),
      cc((c) => c.caseFile.traffickingStatus),
      cc((c) => c.caseFile.detectionDate),
      cc((c) => c.caseFile.detectionUbigeo),
      cc((c) => JSON.stringify(c.sealed.caseFile?.data)),
      cc((c) => c.sealed.caseFile?.sealed ?? null),
      cc((c) => c.caseFile.createdAt),
      cc((c) => c.caseFile.state),
    ],
  );
  await refreshWorklistCases(tx, cc((c) => c.caseFile.id));
  return keys;
}

async function insertActions(
  tx: Queryable,
  entityType: 'person' | 'case_file',
  actionType: string,
  items: { id: string; payload: ReturnType<typeof actionColumns>; row: BulkRegistration }[],
): Promise<void> {
  const col = <T,>(f: (item: (typeof items)[number]) => T) => items.map(f);
  await tx.query(
    `INSERT INTO actions (id, entity_type, entity_id, entity_version, action_type, payload, sealed, reason, actor_user_id, actor_unit_id, agency_id, created_at)
     SELECT gen_random_uuid(), $8, id, 1, $9, payload, sealed, reason, actor, unit, agency, at
       FROM unnest($1::uuid[], $2::jsonb[], $3::bytea[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[], $10::text[]) AS t(id, payload, sealed, actor, unit, agency, at, reason)`,
    [
      col((i) => i.id),
      col((i) => JSON.stringify(i.payload.payload)),
      col((i) => i.payload.sealed),
      col((i) => i.row.userId),
      col((i) => i.row.unitId),
      col((i) => i.row.person.ownerAgencyId),
      col((i) => i.row.person.createdAt),
      entityType,
      actionType,
      col((i) => i.payload.reason),
    ],
  );
}
