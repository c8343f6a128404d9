// Accounts as an administrator manages them: who they are, which roles they hold (defaults and
// administrator-defined), and whether they may sign in at all. An administrator reaches the
// accounts of her own agency; the system's administration (agency SISTEMA) reaches every agency's.
// Nobody changes her own roles or blocks herself: privileges are always given by someone else.
// A change ends the account's sessions at once, so that it takes effect on the next request.
// Separation of duties: an account that administers does not also work cases. The service accounts
// of the agency API's clients (migration 0025) are not people: they are not listed here and their
// roles and state are managed with their client (`/api/api-clients`), never here.
import type { Actor } from '../actor.ts';
import { logoutEverywhere } from '../auth/sessions.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem } from '../errors.ts';
import { combinedWithAdministration, roleDefinition } from '../policies/roles.ts';
import { SYSTEM_AGENCY_KEY } from './directory.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  unit: { id: string; name: string };
  agency: { key: string; name: string };
  roles: string[];
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  secondFactor: boolean;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  unit_name: string;
  agency_key: string;
  agency_name: string;
  roles: string[];
  active: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
  second_factor: boolean;
}

const present = (r: UserRow): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  unit: { id: r.unit_id, name: r.unit_name },
  agency: { key: r.agency_key, name: r.agency_name },
  roles: r.roles,
  active: r.active,
  lockedUntil: r.locked_until && new Date(r.locked_until) > new Date() ? new Date(r.locked_until).toISOString() : null,
  lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  secondFactor: r.second_factor,
});

/** The agency whose accounts the administrator reaches; null for the system's administration (all). */
export const adminScope = (actor: Actor): string | null => (actor.agencyKey === SYSTEM_AGENCY_KEY ? null : actor.agencyId);

const SELECT = `SELECT u.id, u.username, u.display_name, u.unit_id, un.name AS unit_name, a.key AS agency_key, a.name AS agency_name, u.roles, u.active,
                       u.locked_until, u.last_login_at, u.totp_secret IS NOT NULL AS second_factor
                  FROM users u JOIN units un ON un.id = u.unit_id JOIN agencies a ON a.id = un.agency_id`;

/** An API client's service account (it cannot sign in; its client manages it). */
const SERVICE_ACCOUNT = 'EXISTS (SELECT 1 FROM api_clients c WHERE c.user_id = u.id)';

/** The people's accounts within the administrator's scope, by agency and name (no API client's service account). */
export async function usersInScope(q: Queryable, actor: Actor): Promise<UserView[]> {
  const rows = await q.query<UserRow>(`${SELECT} WHERE ($1::uuid IS NULL OR un.agency_id = $1) AND NOT ${SERVICE_ACCOUNT} ORDER BY a.key, u.username LIMIT 2000`, [adminScope(actor)]);
  return rows.map(present);
}

/** One account within the administrator's scope; one outside it does not exist for her (404). */
export async function userInScope(q: Queryable, actor: Actor, userId: string, lock = false): Promise<UserView> {
  return present(await userRow(q, actor, userId, lock));
}

async function userRow(q: Queryable, actor: Actor, userId: string, lock: boolean): Promise<UserRow & { service: boolean }> {
  const [row] = await q.query<UserRow & { service: boolean }>(
    `${SELECT.replace(' FROM users u', `, ${SERVICE_ACCOUNT} AS service FROM users u`)} WHERE u.id = $1 AND ($2::uuid IS NULL OR un.agency_id = $2)${lock ? ' FOR UPDATE OF u' : ''}`,
    [userId, adminScope(actor)],
  );
  if (!row) throw notFound();
  return row;
}

/**
 * A person's account within the administrator's scope, to change: an API client's service account
 * is refused (409) — its roles are given and its access revoked with its client.
 */
export async function personAccountInScope(q: Queryable, actor: Actor, userId: string, path: string): Promise<UserView> {
  const row = await userRow(q, actor, userId, true);
  if (row.service) throw new Problem(409, 'user.serviceAccount', {}, [{ path, key: 'user.serviceAccount' }]);
  return present(row);
}

/** Why these roles cannot be given; empty when they can. */
export function roleAssignmentProblems(actor: Actor, userId: string, roles: readonly string[]): { path: string; key: string }[] {
  const problems: { path: string; key: string }[] = [];
  if (userId === actor.userId) problems.push({ path: 'roles', key: 'user.ownRoles' });
  roles.forEach((code, i) => {
    if (!roleDefinition(code)) problems.push({ path: `roles.${i}`, key: 'user.unknownRole' });
  });
  const casework = combinedWithAdministration(roles);
  roles.forEach((code, i) => {
    if (casework.includes(code)) problems.push({ path: `roles.${i}`, key: 'user.adminWithCaseRoles' });
  });
  return problems;
}

/** Sets the account's roles (adds and removes in one go). Returns the account before and after. */
export async function assignRoles(tx: Queryable, actor: Actor, userId: string, roles: readonly string[]): Promise<{ before: UserView; after: UserView }> {
  const before = await personAccountInScope(tx, actor, userId, 'roles');
  const problems = roleAssignmentProblems(actor, userId, roles);
  if (problems.length > 0) throw new Problem(userId === actor.userId ? 403 : 422, problems[0]?.key ?? 'problem.validation', {}, problems);
  const wanted = [...new Set(roles)];
  await tx.query('UPDATE users SET roles = $2 WHERE id = $1', [userId, wanted]);
  // Her open sessions carry her old roles: they end, and she signs in again with the new ones.
  if (wanted.join() !== before.roles.join()) await logoutEverywhere(tx, userId);
  return { before, after: await userInScope(tx, actor, userId) };
}

/** Blocks (deactivates) or unblocks an account. A blocked account cannot sign in, and its sessions end at once. */
export async function setUserActive(tx: Queryable, actor: Actor, userId: string, active: boolean): Promise<UserView> {
  const before = await personAccountInScope(tx, actor, userId, 'active');
  if (userId === actor.userId) throw new Problem(403, 'user.ownAccount', {}, [{ path: 'active', key: 'user.ownAccount' }]);
  if (before.active !== active) {
    // Unblocked, she starts afresh: no lockout left from the failed attempts that may have led to the block.
    await tx.query(`UPDATE users SET active = $2${active ? ', failed_logins = 0, locked_until = NULL' : ''} WHERE id = $1`, [userId, active]);
  }
  if (!active) await logoutEverywhere(tx, userId);
  return userInScope(tx, actor, userId);
}
