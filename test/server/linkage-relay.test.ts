// enlace serve --workers N: the records one process indexes reach the others' indexes through the
// cluster's primary (src/server/linkage/relay.ts), each once, never back to the process that sent them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

test('records relayed by one cluster process reach every other one, once, in order, and not the sender', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/relay-cluster.ts'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim()), { 1: ['first', 'second'], 2: ['first', 'second'] });
});
