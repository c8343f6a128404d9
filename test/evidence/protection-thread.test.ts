// Disclosure protection in its own thread, with a time limit: a release that overruns is abandoned
// (and says so), the next one is protected by a fresh thread exactly as it would be inline, and a
// release too large to protect is refused before any search.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DEPARTMENTS } from '../../src/domain/ubigeo.ts';
import { indicatorById, MAX_RELEASE_CELLS, personFacts, protectCounts, releaseCounts, type ReleaseCounts } from '../../src/evidence/index.ts';
import { ProtectionFailed, ProtectionThread } from '../../src/server/evidence/protection.ts';
import { AGENCIES, syntheticCaseFacts } from './synthetic-facts.ts';

const facts = personFacts(syntheticCaseFacts(700, 11), AGENCIES);
const indicator = indicatorById('victims-identified')!;
const year = facts.dimensions.year.values.at(-2)!.code;
const threads: ProtectionThread[] = [];
after(async () => {
  for (const t of threads) await t.close();
});

function thread(limitMs: number): ProtectionThread {
  const t = new ProtectionThread(limitMs);
  threads.push(t);
  return t;
}

/** Two linked three-way tables of small counts (department × sex × age, department × sex × nationality): a long search. */
function slowCounts(): ReleaseCounts {
  const depts = DEPARTMENTS.map((d) => d.code);
  const sexes = ['MUJER', 'HOMBRE', 'INTERSEX', 'DESCONOCIDO'];
  const third = (name: string, values: string[], seed: number) => ({
    dimensions: [{ name: 'detectionDept', values: depts }, { name: 'sex', values: sexes }, { name, values }],
    cells: depts.flatMap((d, i) => sexes.flatMap((s, j) => values.map((v, k) => ({ coords: { detectionDept: d, sex: s, [name]: v }, count: ((i * 7 + j * 3 + k * 5 + seed) % 13) + 1 })))),
  });
  return { indicator: 'slow', year: '2025', views: [third('ageBand', ['0-17', '18-29', '30-59', '60+', 'DESCONOCIDO'], 1), third('nationality', ['PER', 'VEN', 'COL', 'ECU', 'BOL', 'OTRA'], 4)] };
}

test('a release that overruns the time limit is abandoned and says so; the next is protected by a fresh thread exactly as inline', async () => {
  const t = thread(1);
  // The limit counts from the moment the job is handed to the thread, start-up included: 1 ms always overruns.
  await assert.rejects(t.protect(slowCounts(), {}).promise, (error: unknown) => error instanceof ProtectionFailed && error.timedOut && /took more than 1 ms/.test(error.message));

  const generous = thread(120_000);
  const counts = releaseCounts(facts, indicator, year);
  const fromThread = await generous.protect(counts, {}).promise;
  assert.deepEqual(fromThread, protectCounts(counts, {}));
  assert.ok(fromThread.table.summary.primary > 0, 'the year has small cells, so the thread did suppress');
});

test('a release larger than the cap is refused before any search, in the thread and inline', async () => {
  const depts = [...DEPARTMENTS.map((d) => d.code), 'EXTRANJERO', 'DESCONOCIDO'];
  const nationalities = ['PER', 'VEN', 'COL', 'ECU', 'BOL', 'OTRA', 'DESCONOCIDO'];
  const huge: ReleaseCounts = {
    indicator: 'huge',
    year: '2025',
    views: [{ dimensions: [{ name: 'recruitmentDept', values: depts }, { name: 'exploitationDept', values: depts }, { name: 'nationality', values: nationalities }], cells: [] }],
  };
  assert.throws(() => protectCounts(huge), (error: unknown) => error instanceof RangeError && new RegExp(`larger than ${MAX_RELEASE_CELLS}`).test(error.message));
  const t = thread(120_000);
  await assert.rejects(t.protect(huge, {}).promise, (error: unknown) => error instanceof ProtectionFailed && !error.timedOut && /larger than/.test(error.message));
});

test('a queued release nobody needs any more is dropped; a hurried one goes first', async () => {
  const t = thread(120_000);
  const counts = releaseCounts(facts, indicator, year);
  const order: string[] = [];
  const first = t.protect(counts, {});
  const dropped = t.protect(counts, {}, () => true);
  const later = t.protect(counts, { rounding: false });
  const hurried = t.protect(counts, {});
  hurried.hurry();
  first.promise.then(() => order.push('first'));
  later.promise.then(() => order.push('later'));
  hurried.promise.then(() => order.push('hurried'));
  await assert.rejects(dropped.promise, /no longer needed/);
  await Promise.all([first.promise, later.promise, hurried.promise]);
  assert.deepEqual(order, ['hurried', 'first', 'later']);
  assert.equal((await later.promise).rounded, false);
});

test('counts given as a function are made when the job’s turn comes, never for a job skipped, and a failing count fails its job only', async () => {
  const t = thread(120_000);
  let counted = 0;
  const counts = () => {
    counted++;
    return releaseCounts(facts, indicator, year);
  };
  const skipped = t.protect(counts, {}, () => true, 'skipped');
  const failing = t.protect(() => {
    throw new RangeError('no such year');
  }, {});
  const kept = t.protect(counts, {}, undefined, 'kept');
  assert.equal(counted, 0, 'nothing is counted when the jobs are queued');
  await assert.rejects(skipped.promise, (error: unknown) => error instanceof ProtectionFailed && /no longer needed/.test(error.message));
  await assert.rejects(failing.promise, (error: unknown) => error instanceof ProtectionFailed && !error.timedOut && /no such year/.test(error.message));
  assert.deepEqual(await kept.promise, protectCounts(releaseCounts(facts, indicator, year), {}));
  assert.equal(counted, 1, 'only the job that ran was counted');
});
