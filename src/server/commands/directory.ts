// Agencies, units and user accounts, and the administrator created on the first start.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { hashPassword, randomPassword, verifyPassword } from '../auth/passwords.ts';
import { Problem } from '../errors.ts';
import { passwordProblem } from '../../domain/schemas.ts';
import { combinedWithAdministration } from '../policies/roles.ts';

export interface AgencyInput {
  key: string;
  name: string;
  orgType: string;
  entity: string;
}

export interface UnitInput {
  agencyId: string;
  name: string;
  ubigeo: string;
  isShelter?: boolean;
}

export interface UserInput {
  unitId: string;
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  mustChangePassword: boolean;
}

export async function createAgency(db: Queryable, agency: AgencyInput): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO agencies (id, key, name, org_type, entity) VALUES ($1, $2, $3, $4, $5)', [id, agency.key, agency.name, agency.orgType, agency.entity]);
  return id;
}

export async function createUnit(db: Queryable, unit: UnitInput): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO units (id, agency_id, name, ubigeo, is_shelter) VALUES ($1, $2, $3, $4, $5)', [id, unit.agencyId, unit.name, unit.ubigeo, unit.isShelter ?? false]);
  return id;
}

export async function createUser(db: Queryable, user: UserInput): Promise<string> {
  if (passwordProblem(user.password)) throw new Problem(400, 'invalid.weakPassword');
  if (combinedWithAdministration(user.roles).length > 0) throw new Problem(422, 'user.adminWithCaseRoles');
  const id = randomUUID();
  await db.query(
    'INSERT INTO users (id, unit_id, username, display_name, password_hash, roles, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [id, user.unitId, user.username.trim().toLowerCase(), user.displayName, await hashPassword(user.password), user.roles, user.mustChangePassword],
  );
  return id;
}

export const SYSTEM_AGENCY_KEY = 'SISTEMA';

/**
 * On an empty database, creates the administrator: with ENLACE_ADMIN_PASSWORD if given, else with
 * a random password returned once (to be printed) and to be changed at first sign-in.
 */
export async function ensureAdministrator(db: Queryable, presetPassword: string | undefined): Promise<{ username: string; password?: string } | undefined> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if ((existing?.n ?? 0) > 0) return undefined;
  const agencyId = await createAgency(db, { key: SYSTEM_AGENCY_KEY, name: 'Administración de Enlace', orgType: 'OTRO', entity: 'OTRA' });
  const unitId = await createUnit(db, { agencyId, name: 'Administración', ubigeo: '150101' });
  const password = presetPassword ?? randomPassword();
  await createUser(db, { unitId, username: 'admin', displayName: 'Administración', password, roles: ['ADMIN'], mustChangePassword: presetPassword === undefined });
  return presetPassword === undefined ? { username: 'admin', password } : { username: 'admin' };
}

export async function changePassword(db: Queryable, userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const [user] = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [userId]);
  if (!user || !(await verifyPassword(user.password_hash, currentPassword))) throw new Problem(400, 'problem.wrongPassword', {}, [{ path: 'currentPassword', key: 'problem.wrongPassword' }]);
  if (currentPassword === newPassword) throw new Problem(400, 'problem.samePassword', {}, [{ path: 'newPassword', key: 'problem.samePassword' }]);
  await db.query('UPDATE users SET password_hash = $2, must_change_password = false WHERE id = $1', [userId, await hashPassword(newPassword)]);
}
