// The second factor of an account: enrolment (a secret shown once, confirmed by a first code),
// the code at sign-in (never the same step twice; failures count like wrong passwords), and the
// administrator's reset of an account.
import type { Queryable } from '../db/database.ts';
import { vaultOf } from '../crypto/keys.ts';
import { Problem } from '../errors.ts';
import { hashPassword, randomPassword } from '../auth/passwords.ts';
import { base32Decode, base32Encode, newTotpSecret, otpauthUri, verifyTotp } from '../auth/totp.ts';
import { forgetSession, hashToken, logoutEverywhere, type SessionConfig } from '../auth/sessions.ts';

const sealSecret = (q: Queryable, userId: string, secret: Buffer) => vaultOf(q).sealJson(vaultOf(q).serviceKey('totp'), base32Encode(secret), `totp:${userId}`);
const openSecret = (q: Queryable, userId: string, sealed: Buffer | Uint8Array) => base32Decode(vaultOf(q).openJson<string>(vaultOf(q).serviceKey('totp'), Buffer.from(sealed), `totp:${userId}`));

export async function startEnrolment(tx: Queryable, userId: string, username: string): Promise<{ secret: string; uri: string }> {
  const [user] = await tx.query<{ totp_secret: Buffer | null }>('SELECT totp_secret FROM users WHERE id = $1 FOR UPDATE', [userId]);
  if (user?.totp_secret) throw new Problem(409, 'problem.secondFactorEnrolled');
  const secret = newTotpSecret();
  await tx.query('UPDATE users SET totp_pending = $2 WHERE id = $1', [userId, sealSecret(tx, userId, secret)]);
  return { secret: base32Encode(secret), uri: otpauthUri(secret, username) };
}

export async function confirmEnrolment(tx: Queryable, userId: string, code: string, now = Date.now()): Promise<void> {
  const [user] = await tx.query<{ totp_pending: Buffer | null; totp_secret: Buffer | null }>('SELECT totp_pending, totp_secret FROM users WHERE id = $1 FOR UPDATE', [userId]);
  if (!user?.totp_pending || user.totp_secret) throw new Problem(409, 'problem.secondFactorNotStarted');
  const step = verifyTotp(openSecret(tx, userId, user.totp_pending), code, now, null);
  if (step === undefined) throw new Problem(400, 'problem.invalidCode', {}, [{ path: 'code', key: 'problem.invalidCode' }]);
  await tx.query('UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2 WHERE id = $1', [userId, step]);
}

/**
 * The code at sign-in: opens the session, or counts a failure (and locks the account after too
 * many). Returns the outcome rather than throwing, so that the failure count is committed.
 */
export async function verifySignInCode(tx: Queryable, userId: string, token: string, code: string, config: SessionConfig, now = Date.now()): Promise<'ok' | 'invalid' | 'locked'> {
  const [user] = await tx.query<{ totp_secret: Buffer | null; totp_last_step: string | null; failed_logins: number }>('SELECT totp_secret, totp_last_step, failed_logins FROM users WHERE id = $1 FOR UPDATE', [userId]);
  if (!user?.totp_secret) return 'invalid';
  const step = verifyTotp(openSecret(tx, userId, user.totp_secret), code, now, user.totp_last_step === null ? null : Number(user.totp_last_step));
  if (step === undefined) {
    const failed = user.failed_logins + 1;
    if (failed >= config.maxFailedLogins) {
      const lockMinutes = Math.min(2 ** (failed - config.maxFailedLogins), 1440);
      await tx.query('UPDATE users SET failed_logins = $2, locked_until = now() + make_interval(mins => $3::int) WHERE id = $1', [userId, failed, lockMinutes]);
      await logoutEverywhere(tx, userId);
      return 'locked';
    }
    await tx.query('UPDATE users SET failed_logins = $2 WHERE id = $1', [userId, failed]);
    return 'invalid';
  }
  await tx.query('UPDATE users SET totp_last_step = $2, failed_logins = 0 WHERE id = $1', [userId, step]);
  await tx.query('UPDATE sessions SET second_factor_pending = false WHERE token_hash = $1', [hashToken(token)]);
  forgetSession(token);
  return 'ok';
}

/** An administrator's reset: a one-time password to change at first sign-in, every session closed. */
export async function resetAccount(tx: Queryable, userId: string, options: { secondFactor: boolean }): Promise<{ password: string }> {
  const password = randomPassword();
  const rows = await tx.query(
    `UPDATE users SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL${options.secondFactor ? ', totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL' : ''} WHERE id = $1 RETURNING id`,
    [userId, await hashPassword(password)],
  );
  if (rows.length === 0) throw new Problem(404, 'problem.notFound');
  await logoutEverywhere(tx, userId);
  return { password };
}
