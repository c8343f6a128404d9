// Sign-in sessions: a random token in an http-only cookie, only its hash in the database, a CSRF
// token per session for cookie-authenticated writes, idle and absolute expiry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../actor.ts';
import type { Database, Queryable } from '../db/database.ts';
import { readsPersonalData } from '../policies/roles.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';

export interface SessionConfig {
  idleMinutes: number;
  absoluteHours: number;
  maxFailedLogins: number;
  /** Users whose roles read personal data must enrol a second factor (TOTP) before anything else. */
  requireSecondFactor?: boolean;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = { idleMinutes: 30, absoluteHours: 12, maxFailedLogins: 5, requireSecondFactor: false };

export interface Session {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
  displayName: string;
  /** Signed in with the password, the TOTP code still to come: nothing else is allowed. */
  secondFactorPending: boolean;
  /** Her roles read personal data and she has no second factor yet: she must enrol one first. */
  mustEnrolSecondFactor: boolean;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The actor of a user row joined with her unit and agency (a session's, or an API client's service account). */
export function actorFromRow(row: { user_id: string; unit_id: string; agency_id: string; agency_key: string; roles: string[]; username: string; unit_ubigeo: string }): Actor {
  return { userId: row.user_id, unitId: row.unit_id, agencyId: row.agency_id, agencyKey: row.agency_key, roles: row.roles, username: row.username, unitUbigeo: row.unit_ubigeo };
}

export type LoginOutcome = { ok: true; token: string; session: Session } | { ok: false; reason: 'invalid' | 'locked' };

interface UserRow {
  id: string;
  unit_id: string;
  agency_id: string;
  agency_key: string;
  unit_ubigeo: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  must_change_password: boolean;
  failed_logins: number;
  locked_until: Date | null;
  totp_secret: Buffer | null;
}

/** Roles that read personal data need a second factor (issue 4: TOTP for every such role). */
function needsSecondFactor(roles: readonly string[], hasSecondFactor: boolean, config: SessionConfig): boolean {
  return config.requireSecondFactor === true && !hasSecondFactor && readsPersonalData({ roles });
}

export async function login(db: Database, username: string, password: string, config: SessionConfig = DEFAULT_SESSION_CONFIG): Promise<LoginOutcome> {
  const [user] = await db.query<UserRow>(
    `SELECT u.*, un.agency_id, un.ubigeo AS unit_ubigeo, a.key AS agency_key FROM users u JOIN units un ON un.id = u.unit_id JOIN agencies a ON a.id = un.agency_id WHERE u.username = $1 AND u.active
        AND NOT EXISTS (SELECT 1 FROM api_clients c WHERE c.user_id = u.id)`,
    [username.trim().toLowerCase()],
  );
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    return { ok: false, reason: 'invalid' };
  }
  if (user.locked_until && new Date(user.locked_until) > new Date()) return { ok: false, reason: 'locked' };
  if (!(await verifyPassword(user.password_hash, password))) {
    const failed = user.failed_logins + 1;
    // Back-off doubles from one minute once the limit is reached, up to a day.
    const lockMinutes = failed >= config.maxFailedLogins ? Math.min(2 ** (failed - config.maxFailedLogins), 1440) : 0;
    await db.query(`UPDATE users SET failed_logins = $2, locked_until = CASE WHEN $3::int > 0 THEN now() + make_interval(mins => $3::int) ELSE locked_until END WHERE id = $1`, [user.id, failed, lockMinutes]);
    return { ok: false, reason: 'invalid' };
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.query(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [user.id]);
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, second_factor_pending) VALUES ($1, $2, $3, now() + make_interval(hours => $4::int), $5)`,
    [hashToken(token), user.id, csrfToken, config.absoluteHours, user.totp_secret !== null],
  );
  return {
    ok: true,
    token,
    session: {
      actor: { userId: user.id, unitId: user.unit_id, agencyId: user.agency_id, agencyKey: user.agency_key, roles: user.roles, username: user.username, unitUbigeo: user.unit_ubigeo },
      csrfToken,
      mustChangePassword: user.must_change_password,
      displayName: user.display_name,
      secondFactorPending: user.totp_secret !== null,
      mustEnrolSecondFactor: needsSecondFactor(user.roles, user.totp_secret !== null, config),
    },
  };
}

/**
 * Sessions read in the last two seconds, so that a burst of requests costs one look-up. Sign-out
 * and password changes in this process clear it at once; another server process sees a
 * revocation within the two seconds.
 */
const SESSION_CACHE_MS = 2_000;
const sessionCache = new Map<string, { session: Session; until: number }>();

export function forgetSessions(predicate: (session: Session) => boolean = () => true): void {
  for (const [key, entry] of sessionCache) if (predicate(entry.session)) sessionCache.delete(key);
}

export function forgetSession(token: string): void {
  sessionCache.delete(hashToken(token));
}

/** The session for a cookie token, or undefined when it is unknown, revoked, expired or idle too long. */
export async function resumeSession(db: Database, token: string, config: SessionConfig = DEFAULT_SESSION_CONFIG): Promise<Session | undefined> {
  const tokenHash = hashToken(token);
  const cached = sessionCache.get(tokenHash);
  const now = Date.now();
  if (cached && cached.until > now) return cached.session;
  const session = await readSession(db, tokenHash, config);
  if (sessionCache.size > 10_000) sessionCache.clear();
  if (session) sessionCache.set(tokenHash, { session, until: now + SESSION_CACHE_MS });
  else sessionCache.delete(tokenHash);
  return session;
}

async function readSession(db: Database, tokenHash: string, config: SessionConfig): Promise<Session | undefined> {
  const [row] = await db.query<{
    user_id: string;
    csrf_token: string;
    last_seen_at: Date;
    unit_id: string;
    agency_id: string;
    agency_key: string;
    unit_ubigeo: string;
    roles: string[];
    username: string;
    display_name: string;
    must_change_password: boolean;
    second_factor_pending: boolean;
    has_totp: boolean;
  }>(
    `SELECT s.user_id, s.csrf_token, s.last_seen_at, s.second_factor_pending, u.totp_secret IS NOT NULL AS has_totp, u.unit_id, un.agency_id, un.ubigeo AS unit_ubigeo, a.key AS agency_key, u.roles, u.username, u.display_name, u.must_change_password
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id JOIN agencies a ON a.id = un.agency_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
        AND s.last_seen_at > now() - make_interval(mins => $2::int)`,
    [tokenHash, config.idleMinutes],
  );
  if (!row) return undefined;
  // Touch at most once a minute: idle expiry needs no more precision, and reads stay reads.
  if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.query('UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
  }
  return {
    actor: actorFromRow(row),
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password,
    displayName: row.display_name,
    secondFactorPending: row.second_factor_pending,
    mustEnrolSecondFactor: needsSecondFactor(row.roles, row.has_totp, config),
  };
}

/** Signs the user out of every session (sign out everywhere; after a password reset). */
export async function logoutEverywhere(db: Queryable, userId: string): Promise<void> {
  forgetSessions((s) => s.actor.userId === userId);
  await db.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}

export async function logout(db: Database, token: string): Promise<void> {
  sessionCache.delete(hashToken(token));
  await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [hashToken(token)]);
}
