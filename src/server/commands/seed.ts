// Loading synthetic data in bulk for the demo and the benchmarks. The records go through the same
// reducers as a registration over the API, and their actions are appended like any others, so
// the projections are still derived from the log; only the round trips are batched.
import { randomUUID } from 'node:crypto';
import { applyCaseFileAction, applyPersonAction, minorAtDetection } from '../../domain/records.ts';
import { appendRegistrations, type BulkRegistration } from '../actions/bulk.ts';
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
  let batch: BulkRegistration[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await db.transaction((tx) => appendRegistrations(tx, rows));
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
