// Roles an administrator defines: stored, checked against the defaults' ceiling
// (customRoleProblems), and put in force in this process once committed (putRolesInForce). Other
// server processes take them at their next start.
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { Problem } from '../errors.ts';
import { administers, customRoleProblems, DEFAULT_ROLES, knownRoles, worksCases, type GroupTable, type Permission, type Reach, type RoleDefinition, useRoles } from '../policies/roles.ts';

interface RoleRow {
  code: string;
  label_es: string;
  label_en: string;
  permissions: Permission[];
  reach: Reach;
  in_reach: GroupTable;
  shared: GroupTable;
}

const fromRow = (r: RoleRow): RoleDefinition => ({ code: r.code, label: { es: r.label_es, en: r.label_en }, permissions: r.permissions, reach: r.reach, inReach: r.in_reach, shared: r.shared });

export async function loadCustomRoles(q: Queryable): Promise<RoleDefinition[]> {
  return (await q.query<RoleRow>('SELECT code, label_es, label_en, permissions, reach, in_reach, shared FROM custom_roles ORDER BY code')).map(fromRow);
}

/**
 * Puts the stored roles in force in this process. Called after the transaction that changed them
 * has committed: one rolled back, or run again after a collision (db/retry.ts), must leave no role
 * in force that is not stored.
 */
export async function putRolesInForce(q: Queryable): Promise<void> {
  useRoles(await loadCustomRoles(q));
}

/** Creates a role, or changes one an administrator defined before (never a default): only stored, see putRolesInForce. */
export async function saveCustomRole(tx: Queryable, actor: Actor, role: RoleDefinition, mode: 'create' | 'update'): Promise<RoleDefinition> {
  const problems = customRoleProblems(role);
  if (problems.length > 0) throw new Problem(422, problems[0]?.key ?? 'problem.validation', {}, problems);
  const values = [role.code, role.label.es, role.label.en, [...new Set(role.permissions)], role.reach, JSON.stringify(role.inReach), JSON.stringify(role.shared), actor.userId];
  if (mode === 'create') {
    const rows = await tx.query(
      `INSERT INTO custom_roles (code, label_es, label_en, permissions, reach, in_reach, shared, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING RETURNING code`,
      values,
    );
    if (rows.length === 0) throw new Problem(409, 'role.exists');
  } else {
    // Separation of duties: a role an administrator's account holds does not turn into case work.
    const administering = knownRoles().filter(administers).map((r) => r.code);
    if (worksCases(role) && (await tx.query('SELECT 1 FROM users WHERE $1 = ANY(roles) AND roles && $2::text[] LIMIT 1', [role.code, administering])).length > 0) {
      throw new Problem(422, 'role.heldByAdministrator', {}, [{ path: 'permissions', key: 'role.heldByAdministrator' }]);
    }
    const rows = await tx.query(
      `UPDATE custom_roles SET label_es = $2, label_en = $3, permissions = $4, reach = $5, in_reach = $6, shared = $7, updated_by = $8, updated_at = now() WHERE code = $1 RETURNING code`,
      values,
    );
    if (rows.length === 0) throw new Problem(404, 'problem.notFound');
  }
  return role;
}

export function isDefaultRole(code: string): boolean {
  return DEFAULT_ROLES.some((r) => r.code === code);
}
