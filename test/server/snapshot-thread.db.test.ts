// The statistics snapshot read in a thread of its own (PostgreSQL server only): the same snapshot
// as one read on the request thread, the thread's priority lowered once its first snapshot is
// out, a replica read when one is named, and a thread that cannot read says so instead of leaving
// the caller waiting.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ensureDemoDirectory, loadSyntheticCases } from '../../src/server/commands/seed.ts';
import { loadSyntheticCareRecords } from '../../src/server/commands/seed-care-records.ts';
import { EvidenceService, readSnapshot } from '../../src/server/evidence/service.ts';
import { SnapshotThread, snapshotThreadFor } from '../../src/server/evidence/snapshot-thread.ts';
import { dataVersion } from '../../src/server/queries/evidence.ts';
import { engine, freshDatabase, type TestDatabase } from '../helpers/db.ts';

const onServer = { skip: engine === 'pglite' ? 'PGlite lives in the process’s one thread' : false };

let db: TestDatabase;
const threads: SnapshotThread[] = [];
before(async () => {
  db = await freshDatabase();
  if (engine === 'pglite') return;
  const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
  await loadSyntheticCases(db, directory, { persons: 120, seed: 5, batchSize: 60 });
  await loadSyntheticCareRecords(db, { today: '2026-11-27', seed: 5, batchSize: 60 });
});
after(async () => {
  for (const t of threads) await t.close();
  await db.destroy();
});

function thread(url: string): SnapshotThread {
  const t = new SnapshotThread(url);
  threads.push(t);
  return t;
}

/** Niceness of each thread of this process (Linux), from /proc. */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis; niceness is field 19 of the whole line.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

test('the thread reads the same snapshot as the request thread, then lowers its own priority', onServer, async () => {
  const version = await dataVersion(db);
  const t = thread(db.url ?? '');
  const before = threadNiceness();
  const fromThread = await t.read();
  assert.equal(fromThread.version, version, 'the thread read the version of what it read');
  const here = await readSnapshot(db, version);
  assert.ok(here.facts.size > 100, 'the data hold persons to count');
  assert.deepEqual({ ...fromThread, readAt: '' }, { ...here, readAt: '' });
  if (process.platform === 'linux') {
    assert.ok(!before.includes(10), 'no thread was in the background before');
    let after: number[] = [];
    for (let i = 0; i < 50 && !after.includes(10); i++) {
      await new Promise((r) => setTimeout(r, 10));
      after = threadNiceness();
    }
    assert.ok(after.includes(10), `one thread runs at niceness 10 after its first snapshot (${after.join(' ')})`);
    assert.equal(after.filter((n) => n === 0).length >= 1, true, 'the request thread keeps its priority');
  }
  // A second read in the same thread sees a change made since.
  await db.query("UPDATE case_files SET trafficking_status = 'DESCARTADA', updated_at = now() WHERE id = (SELECT id FROM case_files WHERE trafficking_status <> 'DESCARTADA' ORDER BY id LIMIT 1)");
  const newer = await dataVersion(db);
  assert.notEqual(newer, version);
  const again = await t.read();
  assert.equal(again.version, newer);
  assert.deepEqual({ ...again, readAt: '' }, { ...(await readSnapshot(db, newer)), readAt: '' });
});

test('EvidenceService serves the snapshot its reader read', onServer, async () => {
  const t = thread(db.url ?? '');
  let reads = 0;
  const service = new EvidenceService(db, { maxAgeMs: 0, reader: () => (reads++, t.read()) });
  try {
    const snapshot = await service.current();
    assert.equal(reads, 1);
    assert.equal(snapshot.version, await dataVersion(db));
    assert.ok(snapshot.years.length > 0);
  } finally {
    await service.close();
  }
});

test('a thread that cannot reach its database fails the read, and a closed one refuses', onServer, async () => {
  const url = new URL(db.url ?? '');
  url.pathname = '/enlace_no_such_database';
  const t = thread(url.toString());
  await assert.rejects(t.read(), /enlace_no_such_database|does not exist/);
  await t.close();
  await assert.rejects(t.read(), /closed/);
});

test('with ENLACE_STATISTICS_DATABASE_URL the thread reads that database (a read replica), not the one that takes the writes', onServer, async () => {
  // A second database with other data stands for the standby: what the thread counts says which it read.
  const replica = await freshDatabase();
  try {
    const directory = await replica.transaction((tx) => ensureDemoDirectory(tx));
    await loadSyntheticCases(replica, directory, { persons: 30, seed: 9, batchSize: 30 });
    const onReplica = snapshotThreadFor(db, { ENLACE_STATISTICS_DATABASE_URL: replica.url ?? '' });
    const onPrimary = snapshotThreadFor(db, {});
    assert.ok(onReplica && onPrimary);
    threads.push(onReplica, onPrimary);
    const fromReplica = await onReplica.read();
    const fromPrimary = await onPrimary.read();
    assert.equal(fromReplica.facts.size, (await readSnapshot(replica, '')).facts.size);
    assert.equal(fromPrimary.facts.size, (await readSnapshot(db, '')).facts.size);
    assert.notEqual(fromReplica.facts.size, fromPrimary.facts.size);
    assert.equal(fromReplica.version, await dataVersion(replica));
  } finally {
    await replica.destroy();
  }
});

test('PGlite has no snapshot thread', { skip: engine === 'pglite' ? false : 'on a server' }, () => {
  assert.equal(snapshotThreadFor(db, { ENLACE_STATISTICS_DATABASE_URL: 'postgres://127.0.0.1/elsewhere' }), undefined);
});
