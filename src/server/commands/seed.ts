// Loading synthetic data in bulk for the demo and the benchmarks. The records go through the same
// reducers as a registration over the API, and their actions are appended like any others, so
// the projections are still derived from the log; only the round trips are batched.
import { randomUUID } from 'node:crypto';
import { applyCaseFileAction, applyPersonAction, minorAtDetection, type CaseFileRecord, type PersonRecord } from '../../domain/records.ts';
import { actionColumns, caseColumns, personColumns, registrationData } from '../actions/sealing.ts';
import { vaultOf } from '../crypto/keys.ts';
import { Vault } from '../crypto/vault.ts';
import { demoOrganisations, demoUnitFor, generateSyntheticRegistry, toRegistration, type DemoOrganisation } from '../../synthetic/index.ts';
import type { Database, Queryable } from '../db/database.ts';
import { randomPassword } from '../auth/passwords.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createAgency, createUnit, createUser } from './directory.ts';

/** The role each demo agency's demo user gets. */
const DEMO_ROLE: Record<string, string> = { PNP: 'PNP_INVESTIGADOR', MP: 'FISCAL', MIMP: 'MIMP_CEM', ONG: 'ONG_GESTOR' };

export interface DemoDirectory {
  /** Agency key → agency id, unit name → unit id, and the demo user's id. */
  agencies: Map<string, { id: string; units: Map<string, string>; userId: string; username: string }>;
}

export function demoUsername(agencyKey: string): string {
  return `${agencyKey.toLowerCase()}.demo`;
}

/** Creates the demo agencies, their units and one demo user per agency, unless they exist. */
export async function ensureDemoDirectory(db: Queryable, organisations: readonly DemoOrganisation[] = demoOrganisations()): Promise<DemoDirectory> {
  const directory: DemoDirectory = { agencies: new Map() };
  for (const org of organisations) {
    let [agency] = await db.query<{ id: string }>('SELECT id FROM agencies WHERE key = $1', [org.key]);
    if (!agency) agency = { id: await createAgency(db, { key: org.key, name: org.name, orgType: org.orgType, entity: org.entity }) };
    const units = new Map<string, string>();
    for (const unit of org.units) {
      let [row] = await db.query<{ id: string }>('SELECT id FROM units WHERE agency_id = $1 AND name = $2', [agency.id, unit.name]);
      if (!row) row = { id: await createUnit(db, { agencyId: agency.id, name: unit.name, ubigeo: unit.ubigeo, isShelter: unit.isShelter }) };
      units.set(unit.name, row.id);
    }
    const username = demoUsername(org.key);
    let [user] = await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
    if (!user) {
      const firstUnit = units.get(org.units[0]?.name ?? '') ?? '';
      user = { id: await createUser(db, { unitId: firstUnit, username, displayName: `Demo ${org.key} (sintético)`, password: randomPassword(), roles: [DEMO_ROLE[org.key] ?? 'ONG_GESTOR', 'SUPERVISOR'], mustChangePassword: true }) };
    }
    directory.agencies.set(org.key, { id: agency.id, units, userId: user.id, username });
  }
  // A linkage reviewer for the review queue, in the system's own agency.
  const [system] = await db.query<{ unit_id: string; agency_id: string }>("SELECT u.id AS unit_id, a.id AS agency_id FROM units u JOIN agencies a ON a.id = u.agency_id WHERE a.key = 'SISTEMA' LIMIT 1");
  if (system) {
    let [reviewer] = await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'vinculacion.demo'");
    if (!reviewer) reviewer = { id: await createUser(db, { unitId: system.unit_id, username: 'vinculacion.demo', displayName: 'Demo vinculación (sintético)', password: randomPassword(), roles: ['VINCULADOR'], mustChangePassword: true }) };
    directory.agencies.set('VINCULACION', { id: system.agency_id, units: new Map(), userId: reviewer.id, username: 'vinculacion.demo' });
  }
  return directory;
}

/** Gives each demo user a new one-time password (to be changed at first sign-in) and returns them. */
export async function resetDemoPasswords(db: Queryable, directory: DemoDirectory): Promise<{ username: string; password: string; agency: string }[]> {
  const out: { username: string; password: string; agency: string }[] = [];
  for (const [key, agency] of directory.agencies) {
    const password = randomPassword();
    await db.query('UPDATE users SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL WHERE id = $1', [agency.userId, await hashPassword(password)]);
    out.push({ username: agency.username, password, agency: key });
  }
  return out;
}

interface PendingRow {
  person: PersonRecord;
  caseFile: CaseFileRecord;
  userId: string;
  unitId: string;
}

/**
 * Generates `persons` synthetic persons (with their records in several agencies) and registers
 * every record as a person with a case file in its agency. Returns the number of case files.
 */
export async function loadSyntheticCases(
  db: Database,
  directory: DemoDirectory,
  options: { persons: number; seed: number; batchSize?: number; onProgress?: (done: number) => void },
): Promise<number> {
  const batchSize = options.batchSize ?? 2_000;
  let batch: PendingRow[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await db.transaction((tx) => insertBatch(tx, rows));
    done += rows.length;
    options.onProgress?.(done);
  };
  for (const synthetic of generateSyntheticRegistry({ seed: options.seed, persons: options.persons })) {
    const agency = directory.agencies.get(synthetic.agency);
    const unit = demoUnitFor(synthetic);
    if (!agency || !unit) continue;
    const unitId = agency.units.get(unit.name);
    if (!unitId) continue;
    const { person: personInput, caseFile: caseInput } = toRegistration(synthetic);
    const at = `${synthetic.registeredOn}T15:00:00.000Z`;
    const meta = { version: 1, at, actorUserId: agency.userId, actorUnitId: unitId, agencyId: agency.id };
    const person = applyPersonAction(undefined, { type: 'person.registered', data: personInput, entityId: randomUUID(), ...meta });
    const data = { ...caseInput, minorAtDetection: minorAtDetection(personInput, caseInput.detectionDate, caseInput.minorAtDetection).value };
    const caseFile = applyCaseFileAction(undefined, {
      type: 'case.registered',
      data,
      code: '',
      personId: person.id,
      registeringUnitId: unitId,
      entityId: randomUUID(),
      ...meta,
    });
    batch.push({ person, caseFile, userId: agency.userId, unitId });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return done;
}

async function insertBatch(tx: Queryable, rows: PendingRow[]): Promise<void> {
  const vault = vaultOf(tx);
  const codes = await tx.query<{ n: number }>("SELECT nextval('case_file_code_seq')::int AS n FROM generate_series(1, $1)", [rows.length]);
  rows.forEach((row, i) => {
    row.caseFile.code = `TP-${row.caseFile.detectionDate.slice(0, 4)}-${String(codes[i]?.n ?? 0).padStart(6, '0')}`;
  });
  // Each person gets her own data key, wrapped by the master key, as a registration over the API does.
  const sealed = rows.map((r) => {
    const key = Vault.newDataKey();
    const meta = { version: 1, at: r.person.createdAt, actorUserId: r.userId, actorUnitId: r.unitId, agencyId: r.person.ownerAgencyId };
    return {
      wrapped: vault.wrap(key, `person:${r.person.id}`),
      person: personColumns(vault, key, r.person),
      caseFile: caseColumns(vault, key, r.caseFile),
      personAction: actionColumns(vault, key, { type: 'person.registered', data: registrationData(r.person), entityId: r.person.id, ...meta }),
      caseAction: actionColumns(vault, key, {
        type: 'case.registered',
        data: registrationData(r.caseFile),
        code: r.caseFile.code,
        personId: r.person.id,
        registeringUnitId: r.unitId,
        entityId: r.caseFile.id,
        ...meta,
      }),
    };
  });
  const col = <T,>(f: (r: PendingRow, i: number) => T) => rows.map(f);
  const s = (i: number) => sealed[i] as (typeof sealed)[number];
  await tx.query('INSERT INTO person_keys (person_id, wrapped, master_key_id) SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::text[])', [
    col((r) => r.person.id),
    col((_, i) => s(i).wrapped.wrapped),
    col((_, i) => s(i).wrapped.masterKeyId),
  ]);
  await tx.query(
    `INSERT INTO actions (id, entity_type, entity_id, entity_version, action_type, payload, sealed, actor_user_id, actor_unit_id, agency_id, created_at)
     SELECT gen_random_uuid(), 'person', id, 1, 'person.registered', payload, sealed, actor, unit, agency, at
       FROM unnest($1::uuid[], $2::jsonb[], $3::bytea[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[]) AS t(id, payload, sealed, actor, unit, agency, at)`,
    [col((r) => r.person.id), col((_, i) => JSON.stringify(s(i).personAction.payload)), col((_, i) => s(i).personAction.sealed), col((r) => r.userId), col((r) => r.unitId), col((r) => r.person.ownerAgencyId), col((r) => r.person.createdAt)],
  );
  await tx.query(
    `INSERT INTO actions (id, entity_type, entity_id, entity_version, action_type, payload, sealed, actor_user_id, actor_unit_id, agency_id, created_at)
     SELECT gen_random_uuid(), 'case_file', id, 1, 'case.registered', payload, sealed, actor, unit, agency, at
       FROM unnest($1::uuid[], $2::jsonb[], $3::bytea[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[]) AS t(id, payload, sealed, actor, unit, agency, at)`,
    [col((r) => r.caseFile.id), col((_, i) => JSON.stringify(s(i).caseAction.payload)), col((_, i) => s(i).caseAction.sealed), col((r) => r.userId), col((r) => r.unitId), col((r) => r.caseFile.ownerAgencyId), col((r) => r.caseFile.createdAt)],
  );
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
  await tx.query(
    `INSERT INTO case_files (id, code, person_id, owner_agency_id, registering_unit_id, state, trafficking_status, detection_date, detection_ubigeo, version, data, sealed, created_at, updated_at)
     SELECT id, code, person, agency, unit, 'DETECTADO', status, detected, ubigeo, 1, data, sealed, at, at
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::date[], $8::text[], $9::jsonb[], $10::bytea[], $11::timestamptz[])
         AS t(id, code, person, agency, unit, status, detected, ubigeo, data, sealed, at)`,
    [
      col((r) => r.caseFile.id),
      col((r) => r.caseFile.code),
      col((r) => r.person.id),
      col((r) => r.caseFile.ownerAgencyId),
      col((r) => r.unitId),
      col((r) => r.caseFile.traffickingStatus),
      col((r) => r.caseFile.detectionDate),
      col((r) => r.caseFile.detectionUbigeo),
      col((_, i) => JSON.stringify(s(i).caseFile.data)),
      col((_, i) => s(i).caseFile.sealed),
      col((r) => r.caseFile.createdAt),
    ],
  );
}
