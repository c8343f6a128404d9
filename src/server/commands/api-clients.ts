// Agencies' systems as API clients (OAuth2 client credentials, RFC 6749 §4.4). An administrator
// creates a client for a unit of her agency with the roles it acts with (at least one granting
// 'import', none reserved to people: administration, audit, breaking the glass, ARCO); the client
// is a service account that can never sign in. Its secret is shown once; only its SHA-256 is kept,
// like the access tokens it obtains (one hour each). Revoking it ends its tokens at once.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../actor.ts';
import { actorFromRow, sameSecret } from '../auth/sessions.ts';
import type { Queryable } from '../db/database.ts';
import { invalidFields, notFound } from '../errors.ts';
import { hasPermission, roleDefinition, type Permission } from '../policies/roles.ts';
import { adminScope } from './users.ts';
import { PERSON_ONLY_PERMISSIONS, type ApiScope } from '../../domain/api-clients.ts';

export { API_SCOPES, type ApiScope } from '../../domain/api-clients.ts';

/** How long an access token lives. */
export const TOKEN_SECONDS = 3600;

/** Permissions a service account never holds: they belong to people answerable for them. */
const PEOPLE_ONLY: readonly Permission[] = PERSON_ONLY_PERMISSIONS;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface ApiClientInput {
  name: string;
  roles: readonly string[];
  unitId?: string | undefined;
  profileId: string;
  scopes: readonly ApiScope[];
}

export interface ApiClientView {
  id: string;
  name: string;
  agency: string;
  unitId: string;
  username: string;
  roles: string[];
  scopes: string[];
  profileId: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface ClientRow {
  id: string;
  name: string;
  agency_key: string;
  unit_id: string;
  username: string;
  roles: string[];
  scopes: string[];
  profile_id: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const present = (r: ClientRow): ApiClientView => ({
  id: r.id,
  name: r.name,
  agency: r.agency_key,
  unitId: r.unit_id,
  username: r.username,
  roles: r.roles,
  scopes: r.scopes,
  profileId: r.profile_id,
  createdAt: iso(r.created_at) as string,
  revokedAt: iso(r.revoked_at),
  lastUsedAt: iso(r.last_used_at),
});

const SELECT = `SELECT c.id, c.name, a.key AS agency_key, u.unit_id, u.username, u.roles, c.scopes, c.profile_id, c.created_at, c.revoked_at, c.last_used_at
                  FROM api_clients c JOIN users u ON u.id = c.user_id JOIN agencies a ON a.id = c.agency_id`;

/** Why these roles cannot be given to a service account with these scopes; empty when they can. */
export function apiClientRoleProblems(roles: readonly string[], scopes: readonly string[] = ['records.push']): { path: string; key: string }[] {
  const problems: { path: string; key: string }[] = [];
  roles.forEach((code, i) => {
    if (!roleDefinition(code)) problems.push({ path: `roles.${i}`, key: 'user.unknownRole' });
    else if (PEOPLE_ONLY.some((p) => hasPermission({ roles: [code] }, p))) problems.push({ path: `roles.${i}`, key: 'apiClient.peopleOnlyRole' });
  });
  // Least privilege: each scope needs a role that allows it, and a role allows nothing the scopes do not open.
  if (problems.length === 0 && scopes.includes('records.push') && !hasPermission({ roles }, 'import')) problems.push({ path: 'roles', key: 'apiClient.needsImport' });
  if (problems.length === 0 && scopes.includes('records.read') && !hasPermission({ roles }, 'case.read')) problems.push({ path: 'roles', key: 'apiClient.needsRead' });
  return problems;
}

/** Creates the client and its service account; returns the client id and its secret (shown once). */
export async function createApiClient(tx: Queryable, actor: Actor, input: ApiClientInput): Promise<{ client: ApiClientView; clientId: string; clientSecret: string }> {
  const problems = apiClientRoleProblems(input.roles, input.scopes);
  const unitId = input.unitId ?? actor.unitId;
  const [unit] = await tx.query<{ agency_id: string }>('SELECT agency_id FROM units WHERE id = $1 AND ($2::uuid IS NULL OR agency_id = $2)', [unitId, adminScope(actor)]);
  if (!unit) problems.push({ path: 'unitId', key: 'invalid.unknownUnit' });
  if (problems.length > 0 || !unit) throw invalidFields(problems);
  const id = randomUUID();
  const userId = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  // No password can ever match '!': argon2 refuses it as a hash, and sign-in refuses API accounts anyway.
  await tx.query(
    'INSERT INTO users (id, unit_id, username, display_name, password_hash, roles, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, false)',
    [userId, unitId, `api.${id.slice(0, 8)}`, `API: ${input.name}`, '!', [...input.roles]],
  );
  await tx.query(
    'INSERT INTO api_clients (id, agency_id, user_id, name, secret_hash, scopes, profile_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [id, unit.agency_id, userId, input.name, sha256(secret), [...input.scopes], input.profileId, actor.userId],
  );
  const [row] = await tx.query<ClientRow>(`${SELECT} WHERE c.id = $1`, [id]);
  return { client: present(row as ClientRow), clientId: id, clientSecret: secret };
}

export async function listApiClients(q: Queryable, actor: Actor): Promise<ApiClientView[]> {
  const rows = await q.query<ClientRow>(`${SELECT} WHERE ($1::uuid IS NULL OR c.agency_id = $1) ORDER BY c.created_at DESC LIMIT 500`, [adminScope(actor)]);
  return rows.map(present);
}

export async function revokeApiClient(tx: Queryable, actor: Actor, id: string): Promise<ApiClientView> {
  const [row] = await tx.query<{ id: string; user_id: string }>(
    'UPDATE api_clients SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2) WHERE id = $1 AND ($3::uuid IS NULL OR agency_id = $3) RETURNING id, user_id',
    [id, actor.userId, adminScope(actor)],
  );
  if (!row) throw notFound();
  await tx.query('DELETE FROM api_tokens WHERE client_id = $1', [id]);
  await tx.query('UPDATE users SET active = false WHERE id = $1', [row.user_id]);
  const [view] = await tx.query<ClientRow>(`${SELECT} WHERE c.id = $1`, [id]);
  return present(view as ClientRow);
}

/** The token for valid client credentials, or undefined (the caller answers invalid_client). */
export async function issueToken(q: Queryable, clientId: string, secret: string, requested: readonly string[] | undefined): Promise<{ token: string; scopes: string[] } | 'invalid_client' | 'invalid_scope'> {
  if (!/^[0-9a-f-]{36}$/i.test(clientId)) return 'invalid_client';
  const [client] = await q.query<{ secret_hash: string; scopes: string[] }>('SELECT secret_hash, scopes FROM api_clients WHERE id = $1 AND revoked_at IS NULL', [clientId]);
  // Compared in constant time; an unknown client costs the same hash.
  const given = sha256(secret);
  if (!sameSecret(given, client?.secret_hash ?? sha256(`unknown:${secret}`)) || !client) return 'invalid_client';
  const scopes = requested === undefined ? client.scopes : [...new Set(requested)];
  if (scopes.some((s) => !client.scopes.includes(s))) return 'invalid_scope';
  const token = randomBytes(32).toString('base64url');
  await q.query(`INSERT INTO api_tokens (token_hash, client_id, scopes, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4::int))`, [sha256(token), clientId, scopes, TOKEN_SECONDS]);
  await q.query('DELETE FROM api_tokens WHERE client_id = $1 AND expires_at < now()', [clientId]);
  return { token, scopes };
}

export interface ApiCaller {
  actor: Actor;
  clientId: string;
  clientName: string;
  scopes: string[];
  profileId: string;
}

/** The client behind a bearer token in force, acting as its service account; undefined otherwise. */
export async function callerOfToken(q: Queryable, token: string): Promise<ApiCaller | undefined> {
  const [row] = await q.query<{ client_id: string; name: string; scopes: string[]; profile_id: string; user_id: string; unit_id: string; agency_id: string; agency_key: string; unit_ubigeo: string; roles: string[]; username: string }>(
    `SELECT c.id AS client_id, c.name, t.scopes, c.profile_id, u.id AS user_id, u.unit_id, un.agency_id, a.key AS agency_key, un.ubigeo AS unit_ubigeo, u.roles, u.username
       FROM api_tokens t JOIN api_clients c ON c.id = t.client_id JOIN users u ON u.id = c.user_id JOIN units un ON un.id = u.unit_id JOIN agencies a ON a.id = un.agency_id
      WHERE t.token_hash = $1 AND t.expires_at > now() AND c.revoked_at IS NULL AND u.active`,
    [sha256(token)],
  );
  if (!row) return undefined;
  await q.query('UPDATE api_clients SET last_used_at = now() WHERE id = $1', [row.client_id]);
  return {
    actor: actorFromRow(row),
    clientId: row.client_id,
    clientName: row.name,
    scopes: row.scopes,
    profileId: row.profile_id,
  };
}
