// Restricted statistics within the user's statistical scope (src/server/policies/statistics.ts):
// on the same synthetic registry, the national analyst sees the nation, the regional government's
// analyst the persons first detected in her unit's department, a supervisor her agency's persons —
// each answer protected as its own (no count of 1–9), and saying what it is for.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUnit, createUser } from '../../src/server/commands/directory.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../../src/server/commands/seed.ts';
import { linkAllPersons } from '../../src/server/linkage/batch.ts';
import { loadSyntheticCareRecords } from '../../src/server/commands/seed-care-records.ts';
import { todayInPeru } from '../../src/domain/dates.ts';
import { assertRestrictedProtected, PLANS_SHAPE, REPARATION_SHAPE } from '../helpers/restricted-audit.ts';
import { PASSWORD, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
// The trend protects a release of every year for each scope on first asking: on a machine shared with other tests that can take more than the default 20 s.
process.env.ENLACE_STATISTICS_WAIT_MS ??= '90000';
let t: TestApp;
let national: Client;
let regional: Client;
let supervisor: Client;
let year: string;
let region: string;

interface Figure {
  coords: Record<string, string>;
  value: number | null;
}
interface Scope {
  national: boolean;
  parts: { department?: { code: string; label: string }; agency?: { code: string; label: string } }[];
}
interface Table {
  figures: Figure[];
  scope: Scope;
}

const total = (table: Table) => table.figures.find((f) => Object.keys(f.coords).length === 0)?.value;
const cell = (table: Table, dept: string) => table.figures.find((f) => f.coords.detectionDept === dept && Object.keys(f.coords).length === 1)?.value;

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  const directory = await t.db.transaction((tx) => ensureDemoDirectory(tx));
  await loadSyntheticCases(t.db, directory, { persons: 700, seed: 11 });
  await linkAllPersons(t.db);
  // Plans and proceedings, so that the care and justice indicators count something in the region.
  await loadSyntheticCareRecords(t.db, { today: todayInPeru(), seed: 11 });
  await createUser(t.db, { unitId: t.units.pnp, username: 'nacional', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  national = await t.signIn('nacional');
  year = ((await t.app.inject({ method: 'GET', url: '/api/public/indicators' })).json() as { years: string[] }).years.at(-2) as string;
  // The region: the department with the most persons that year, but not the whole nation.
  const table = (await national.request('GET', `/api/statistics?view=detectionDept&year=${year}`)).json() as Table;
  const cells = table.figures.filter((f) => Object.keys(f.coords).length === 1 && /^\d{2}$/.test(f.coords.detectionDept ?? '') && f.value !== null);
  cells.sort((a, b) => (b.value as number) - (a.value as number));
  region = cells[0]?.coords.detectionDept as string;
  assert.ok(region, 'a department with published figures');
  const gore = (await t.db.query<{ id: string }>('SELECT agency_id AS id FROM units WHERE id = $1', [t.units.ong]))[0]?.id as string;
  const unit = await createUnit(t.db, { agencyId: gore, name: 'Gerencia regional de desarrollo social', ubigeo: `${region}0101` });
  await createUser(t.db, { unitId: unit, username: 'regional', displayName: 'Analista regional', password: PASSWORD, roles: ['GORE_ANALISTA'], mustChangePassword: false });
  regional = await t.signIn('regional');
  await createUser(t.db, { unitId: t.units.pnp, username: 'jefa', displayName: 'Supervisora', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  supervisor = await t.signIn('jefa');
});
after(async () => t.close());

test('the same table: the nation for the national analyst, her department for the regional one', async () => {
  const nation = (await national.request('GET', `/api/statistics?view=detectionDept&year=${year}`)).json() as Table;
  const res = await regional.request('GET', `/api/statistics?view=detectionDept&year=${year}`);
  assert.equal(res.statusCode, 200, res.body);
  const mine = res.json() as Table;
  assert.deepEqual(nation.scope, { national: true, parts: [] });
  assert.equal(mine.scope.national, false);
  assert.equal(mine.scope.parts.length, 1);
  assert.equal(mine.scope.parts[0]?.department?.code, region);
  assert.ok((mine.scope.parts[0]?.department?.label ?? '').length > 2, 'the department by its name');

  // Worked out from the rows: persons (linkage groups) first detected in the region that year, not all discarded.
  const [expected] = await t.db.query<{ n: number }>(
    `WITH c AS (SELECT coalesce(g.group_id, c.person_id) AS gid, c.detection_date, c.detection_ubigeo, c.trafficking_status, a.key
                  FROM case_files c JOIN agencies a ON a.id = c.owner_agency_id LEFT JOIN person_groups g ON g.person_id = c.person_id),
          first AS (SELECT DISTINCT ON (gid) gid, detection_date, detection_ubigeo FROM c ORDER BY gid, detection_date, key),
          p AS (SELECT gid, bool_and(trafficking_status = 'DESCARTADA') AS discarded FROM c GROUP BY gid)
     SELECT count(*)::int AS n FROM first JOIN p USING (gid)
      WHERE NOT discarded AND to_char(first.detection_date, 'YYYY') = $1 AND left(first.detection_ubigeo, 2) = $2`,
    [year, region],
  );
  const regionTotal = total(mine);
  assert.equal(regionTotal, expected?.n);
  assert.equal(regionTotal, cell(nation, region), "her total is the nation's cell of her department");
  assert.ok((total(nation) as number) > (regionTotal as number), 'fewer than the nation');
  for (const f of mine.figures) {
    if (f.coords.detectionDept !== undefined && f.coords.detectionDept !== region) assert.equal(f.value, 0, `nothing outside her region: ${JSON.stringify(f)}`);
    assert.ok(f.value === null || f.value === 0 || f.value >= 10, `protected after the narrowing: ${JSON.stringify(f)}`);
  }
  // Any other breakdown is of her region's persons too.
  const bySex = (await regional.request('GET', `/api/statistics?view=sex&year=${year}`)).json() as Table;
  assert.equal(total(bySex), regionTotal);
  // Her CSV says whose persons it counts.
  const csv = await regional.request('GET', `/api/statistics.csv?view=detectionDept&year=${year}`);
  assert.equal(csv.statusCode, 200);
  assert.ok(csv.body.includes(`# Ámbito: región ${mine.scope.parts[0]?.department?.label}`), csv.body.slice(-400));
  assert.match((await national.request('GET', `/api/statistics.csv?view=detectionDept&year=${year}`, undefined, { 'accept-language': 'en' })).body, /# Scope: national/);
  // Her trend is her region's: the year's point is her table's total; the nation's is the nation's.
  const trend = (await regional.request('GET', '/api/statistics/trend')).json() as { points: { year: string; value: number | null }[]; scope: Scope };
  assert.equal(trend.scope.parts[0]?.department?.code, region);
  assert.equal(trend.points.find((p) => p.year === year)?.value, regionTotal);
  const nationTrend = (await national.request('GET', '/api/statistics/trend')).json() as { points: { year: string; value: number | null }[] };
  assert.equal(nationTrend.points.find((p) => p.year === year)?.value, total(nation));
  const trendCsv = await regional.request('GET', '/api/statistics/trend.csv');
  assert.equal(trendCsv.statusCode, 200);
  assert.ok(trendCsv.body.includes(`# Ámbito: región ${mine.scope.parts[0]?.department?.label}`));
  // The public tables stay national, signed in or not.
  const pub = (await regional.request('GET', `/api/public/statistics?view=detectionDept&year=${year}`)).json() as Table & { scope?: unknown };
  assert.equal(pub.scope, undefined);
  assert.ok((total(pub) ?? 0) > (regionTotal as number));
});

test("the agencies' comparison and the restricted indicators answer within the scope", async () => {
  const nation = (await national.request('GET', `/api/statistics/agencies?year=${year}`)).json() as { persons: number | null; scope: Scope; perAgency: { agency: string; persons: number | null }[] };
  const mine = (await regional.request('GET', `/api/statistics/agencies?year=${year}`)).json() as { persons: number | null; scope: Scope; perAgency: { persons: number | null }[] };
  const table = (await national.request('GET', `/api/statistics?view=detectionDept&year=${year}`)).json() as Table;
  assert.equal(nation.scope.national, true);
  assert.equal(mine.scope.parts[0]?.department?.code, region);
  assert.equal(mine.persons, cell(table, region));
  assert.ok((nation.persons as number) > (mine.persons as number));
  for (const a of mine.perAgency) assert.ok(a.persons === null || a.persons === 0 || a.persons >= 10);

  // The supervisor: the persons her agency (PNP) holds a case file of — the nation's PNP count.
  const own = (await supervisor.request('GET', `/api/statistics/agencies?year=${year}`)).json() as { persons: number | null; scope: Scope; perAgency: { agency: string; persons: number | null }[] };
  assert.deepEqual(own.scope.parts.map((p) => p.agency?.code), ['PNP']);
  const pnp = nation.perAgency.find((a) => a.agency === 'PNP')?.persons;
  if (pnp !== null && pnp !== undefined && own.persons !== null) assert.equal(own.persons, pnp);
  assert.ok(own.perAgency.every((a) => a.agency === 'PNP' || a.persons === null || a.persons <= (own.persons ?? Infinity)));

  for (const route of ['referrals', 'justice', 'shelter', 'followups', 'time-to-care', 'plans', 'reintegration', 'reparation']) {
    const n = await national.request('GET', `/api/statistics/${route}?year=${year}`);
    const r = await regional.request('GET', `/api/statistics/${route}?year=${year}`);
    assert.equal(n.statusCode, 200, `${route}: ${n.body}`);
    assert.equal(r.statusCode, 200, `${route}: ${r.body}`);
    assert.equal((n.json() as { scope: Scope }).scope.national, true, route);
    assert.equal((r.json() as { scope: Scope }).scope.parts[0]?.department?.code, region, route);
  }
  // B5 counts the victims identified that year: the region's are the region's table total.
  const care = (await regional.request('GET', `/api/statistics/time-to-care?year=${year}`)).json() as { persons: number | null };
  const careNation = (await national.request('GET', `/api/statistics/time-to-care?year=${year}`)).json() as { persons: number | null };
  assert.ok(care.persons === null || (careNation.persons !== null && care.persons < careNation.persons));
});

test("the protection runs on the region's persons: no withheld count of the region's answers can be worked out from them together", async () => {
  // Every answer the regional analyst can ask (unfiltered, by sex, by child/adult, by both) audited together by linear programming.
  const plans = await assertRestrictedProtected(regional, '/api/statistics/plans', undefined, PLANS_SHAPE);
  const nationPlans = (await national.request('GET', '/api/statistics/plans')).json() as { inCare: number | null };
  assert.ok(typeof plans.inCare === 'number' && typeof nationPlans.inCare === 'number' && plans.inCare < nationPlans.inCare, `region ${String(plans.inCare)} < nation ${String(nationPlans.inCare)}`);
  await assertRestrictedProtected(regional, '/api/statistics/reparation', undefined, REPARATION_SHAPE);
});
