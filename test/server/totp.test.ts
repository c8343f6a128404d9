// RFC 6238 test vectors (SHA-1), and the rules Enlace adds: six digits, one step of drift, never
// the same step twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp } from '../../src/server/auth/totp.ts';

const SECRET = Buffer.from('12345678901234567890');

test('RFC 6238 appendix B vectors (SHA-1, 8 digits)', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) assert.equal(totp(SECRET, seconds * 1000, 8), code, String(seconds));
});

test('RFC 4226 appendix D vectors (HOTP, 6 digits)', () => {
  const codes = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  codes.forEach((code, counter) => assert.equal(hotp(SECRET, counter), code));
});

test('a code is accepted within one step of drift, refused outside it, and never twice', () => {
  const now = 1_800_000_000_000;
  const code = totp(SECRET, now);
  const step = verifyTotp(SECRET, code, now, null);
  assert.ok(step !== undefined);
  assert.equal(verifyTotp(SECRET, code, now + 30_000, null), step, 'one step late is fine');
  assert.equal(verifyTotp(SECRET, code, now + 90_000, null), undefined, 'three steps late is not');
  assert.equal(verifyTotp(SECRET, code, now, step), undefined, 'replayed');
  assert.equal(verifyTotp(SECRET, '12345', now, null), undefined);
  assert.equal(verifyTotp(SECRET, 'abcdef', now, null), undefined);
});

test('base32 round-trips and the otpauth address carries the secret', () => {
  assert.equal(base32Encode(SECRET), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.deepEqual(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq'), SECRET);
  assert.match(otpauthUri(SECRET, 'rosa'), /^otpauth:\/\/totp\/Enlace%3Arosa\?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Enlace/);
});
