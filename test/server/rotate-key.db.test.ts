// `enlace rotate-key`: after rotating, every key opens with the new master key alone, and the old
// one no longer opens the database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createPersonKey, openVault, personKeys } from '../../src/server/crypto/keys.ts';
import { rotateMasterKey } from '../../src/server/crypto/rotation.ts';
import { MasterKey } from '../../src/server/crypto/vault.ts';
import { freshDatabase } from '../helpers/db.ts';

test('rotation re-wraps every key; afterwards the new key alone opens them and the old one is refused', async () => {
  const db = await freshDatabase();
  try {
    const oldKey = db.vault?.current as MasterKey;
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const before = new Map<string, Buffer>();
    for (const id of ids) before.set(id, await createPersonKey(db, id));

    const newKey = new MasterKey(randomBytes(32));
    await openVault(db, { current: newKey, previous: [oldKey] });
    const result = await rotateMasterKey(db);
    assert.equal(result.rewrapped, ids.length + 1, 'the index key and each person key');
    assert.equal(result.masterKeyId, newKey.id);

    await openVault(db, { current: newKey, previous: [] });
    const after = await personKeys(db, ids);
    for (const id of ids) assert.deepEqual(after.get(id), before.get(id));
    await assert.rejects(openVault(db, { current: oldKey, previous: [] }), /does not match/);
    // A second run has nothing left to do but the index key.
    assert.equal((await rotateMasterKey(db)).rewrapped, 1);
  } finally {
    await db.destroy();
  }
});

test('rotate-key --generate prints a new 32-byte key; unknown arguments exit 2', () => {
  const bin = new URL('../../bin/enlace', import.meta.url).pathname;
  const generated = spawnSync(bin, ['rotate-key', '--generate'], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
  assert.equal(Buffer.from(generated.stdout.trim(), 'base64').length, 32);
  const bogus = spawnSync(bin, ['rotate-key', '--bogus'], { encoding: 'utf8' });
  assert.equal(bogus.status, 2);
  assert.match(bogus.stderr, /usage/);
});
