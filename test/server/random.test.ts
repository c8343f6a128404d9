import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshRandomBytes, open, seal } from '../../src/server/crypto/vault.ts';

test('random bytes drawn a block at a time are never handed out twice, across block boundaries', () => {
  const seen = new Set<string>();
  // 5,000 IVs of 12 bytes span several 16 KiB blocks.
  for (let i = 0; i < 5_000; i++) {
    const iv = freshRandomBytes(12);
    assert.equal(iv.length, 12);
    const hex = iv.toString('hex');
    assert.ok(!seen.has(hex), `IV ${i} repeated`);
    seen.add(hex);
  }
  // A copy, not a view of the block: changing it changes nothing that comes later.
  const key = freshRandomBytes(32);
  key.fill(0);
  assert.notDeepEqual(freshRandomBytes(32), Buffer.alloc(32));
  assert.equal(freshRandomBytes(40_000).length, 40_000);
});

test('sealing twice gives different ciphertexts that both open', () => {
  const key = freshRandomBytes(32);
  const a = seal(key, Buffer.from('sintético'), 'person:1');
  const b = seal(key, Buffer.from('sintético'), 'person:1');
  assert.notDeepEqual(a, b);
  assert.equal(open(key, a, 'person:1').toString(), 'sintético');
  assert.equal(open(key, b, 'person:1').toString(), 'sintético');
});
