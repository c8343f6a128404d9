// The synthetic plans and proceedings (demo, bench:stats, the dashboard's browser test): every
// record through the domain reducer, its actions in the log (a rebuild derives the same rows), the
// open columns indicators B7, B4 and C12 read filled, and those indicators answering over them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rebuildProjections } from '../../src/server/actions/store.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../../src/server/commands/seed.ts';
import { loadSyntheticCareRecords } from '../../src/server/commands/seed-care-records.ts';
import { PASSWORD, startTestApp, type TestApp } from '../helpers/app.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let t: TestApp;

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  const directory = await t.db.transaction((tx) => ensureDemoDirectory(tx));
  await loadSyntheticCases(t.db, directory, { persons: 150, seed: 7, batchSize: 100 });
});
after(async () => t.close());

test('plans and proceedings for the synthetic case files, rebuilt the same from the action log', async () => {
  const load = await loadSyntheticCareRecords(t.db, { today: '2026-11-27', seed: 3, batchSize: 60 });
  assert.ok(load.inCare > load.caseFiles / 2 && load.plans > load.inCare / 2 && load.proceedings > load.caseFiles / 4, JSON.stringify(load));
  const [plans] = await t.db.query<{ n: number; approved: number; goals: number; achieved: number }>(
    "SELECT count(*)::int AS n, count(approved_on)::int AS approved, sum(jsonb_array_length(goals))::int AS goals, count(*) FILTER (WHERE state = 'CUMPLIDO')::int AS achieved FROM care_plans",
  );
  assert.equal(plans?.n, load.plans);
  assert.ok((plans?.approved ?? 0) > 0 && (plans?.goals ?? 0) >= 2 * load.plans && (plans?.achieved ?? 0) > 0, JSON.stringify(plans));
  const stands = await t.db.query<{ reparation: string | null }>('SELECT DISTINCT reparation FROM proceedings ORDER BY 1');
  assert.deepEqual(stands.map((r) => r.reparation), ['ORDENADA', 'PAGADA', 'PAGADA_PARCIALMENTE', null]);
  // Sentences: the day and the outcome in clear, convictions and acquittals among them, none before the complaint.
  const outcomes = await t.db.query<{ outcome: string }>('SELECT DISTINCT sentence_outcome AS outcome FROM proceedings WHERE sentenced_on IS NOT NULL ORDER BY 1');
  assert.ok(['SENTENCIA_ABSOLUTORIA', 'SENTENCIA_CONDENATORIA'].every((o) => outcomes.some((r) => r.outcome === o)), JSON.stringify(outcomes));
  const [odd] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM proceedings p JOIN case_files c ON c.id = p.case_file_id WHERE (p.sentenced_on IS NULL) <> (p.sentence_outcome IS NULL) OR p.sentenced_on < c.detection_date");
  assert.equal(odd?.n, 0);
  const [care] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_files WHERE data->>'careStartedOn' IS NOT NULL");
  assert.equal(care?.n, load.inCare);

  const rows = async () => ({
    plans: await t.db.query('SELECT id, state, approved_on, goals, version FROM care_plans ORDER BY id'),
    proceedings: await t.db.query('SELECT id, stage, stage_on, reparation, civil_party, sentenced_on, sentence_outcome, version FROM proceedings ORDER BY id'),
  });
  const live = await rows();
  await t.db.transaction((tx) => rebuildProjections(tx));
  assert.deepEqual(await rows(), live);
});

test('B7, B4, C11 sentences and C12 answer over the synthetic records', async () => {
  await createUser(t.db, { unitId: t.units.pnp, username: 'analista', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  const analyst = await t.signIn('analista');
  const plans = (await analyst.request('GET', '/api/statistics/plans')).json() as { withPlan: number | null; goalsByDimension: { goals: number | null }[] };
  assert.ok((plans.withPlan ?? 0) >= 10, JSON.stringify(plans));
  assert.ok(plans.goalsByDimension.some((g) => (g.goals ?? 0) >= 10));
  const reparation = (await analyst.request('GET', '/api/statistics/reparation')).json() as { proceedings: number | null; ordered: number | null };
  assert.ok((reparation.proceedings ?? 0) >= 10 && reparation.ordered !== 0, JSON.stringify(reparation));
  const justice = (await analyst.request('GET', '/api/statistics/justice')).json() as { sentenced: number | null; medianDaysToSentence: number | null };
  assert.ok((justice.sentenced ?? 0) >= 10 && justice.medianDaysToSentence !== null, JSON.stringify(justice));
  const reintegration = (await analyst.request('GET', '/api/statistics/reintegration')).json() as { persons: number | null };
  assert.ok((reintegration.persons ?? 0) >= 10);
});
