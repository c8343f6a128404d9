// enlace serve --workers N: one linkage index for every process, kept by the cluster's primary
// (src/server/linkage/shared-index.ts). Real processes, no database: the index's protocol alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

test('one index for every process: built once, by the next process when the first dies, seen at once by the others', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/shared-index-cluster.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const notes = JSON.parse(run.stdout.trim()) as { role: string; event: string; ids?: string[] }[];
  const events = notes.map((n) => `${n.role}: ${n.event}`);
  // The first chosen died before sending a record; the one waiting was asked next, and built it.
  assert.deepEqual(events.filter((e) => e.endsWith('records asked')), ['dies: records asked', 'builds: records asked']);
  // The one that came after the build opened no record of its own.
  assert.ok(events.includes('joins: opened'), events.join('\n'));
  assert.ok(!events.some((e) => e.startsWith('joins: failed') || e.startsWith('builds: failed')), events.join('\n'));
  assert.deepEqual(notes.find((n) => n.event === 'scored ana')?.ids, ['ana'], 'the builder scores against the records it sent');
  // A record one process committed is a candidate for another at once: no relay, no look at a database.
  assert.deepEqual(notes.find((n) => n.event === 'scored carmen')?.ids, ['carmen']);
});

test('a shared index whose thread fails tells the primary once, and questions get an error instead of waiting', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/shared-index-lost.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim()), ['opened', 'lost: linkage index thread stopped (out of memory)', 'score refused: linkage index thread stopped (out of memory)']);
});
