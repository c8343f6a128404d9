// The statistical scope (domain-spec §5.4 G7): the nation for the national analyst, the region of
// her unit for the regional government's analyst, her agency for the other holders of
// statistics.read; and the facts narrowed to it, records of other kinds with them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepPersons, keepRecords, personFacts, planFacts, referralFacts, referralSummary, type CaseFact } from '../../evidence/index.ts';
import { DEFAULT_ROLES, useRoles } from './roles.ts';
import { scopeFilter, scopeKey, statisticsScope } from './statistics.ts';

const actor = (roles: string[], unitUbigeo?: string) => ({ roles, agencyKey: 'MP', unitUbigeo });

test('the scope follows the roles: nation, region of the unit, agency; several roles are the union', () => {
  assert.deepEqual(statisticsScope(actor(['ANALISTA_NACIONAL'], '160101')), { national: true });
  assert.deepEqual(statisticsScope(actor(['GORE_ANALISTA'], '160101')), { national: false, parts: [{ department: '16' }] });
  // A regional analyst whose unit has no department reaches nobody, never the nation.
  assert.deepEqual(statisticsScope(actor(['GORE_ANALISTA'])), { national: false, parts: [] });
  assert.deepEqual(statisticsScope(actor(['SUPERVISOR'], '160101')), { national: false, parts: [{ agency: 'MP' }] });
  assert.deepEqual(statisticsScope(actor(['GORE_ANALISTA', 'SUPERVISOR'], '160101')), { national: false, parts: [{ department: '16' }, { agency: 'MP' }] });
  assert.deepEqual(statisticsScope(actor(['GORE_ANALISTA', 'ANALISTA_NACIONAL'], '160101')), { national: true });
  // Without statistics.read, nobody.
  assert.deepEqual(statisticsScope(actor(['PNP_REGISTRO'], '160101')), { national: false, parts: [] });
  assert.equal(scopeKey({ national: false, parts: [{ agency: 'MP' }, { department: '16' }] }), '*/MP+16/*');
});

test('a role an administrator defines: her agency, within her department when its reach is the jurisdiction', () => {
  const none = DEFAULT_ROLES.find((r) => r.code === 'GORE_ANALISTA')?.inReach;
  assert.ok(none);
  useRoles([
    { code: 'ESTADISTICA_MP', label: { es: 'e', en: 'e' }, permissions: ['statistics.read'], reach: 'none', inReach: none, shared: none },
    { code: 'ESTADISTICA_MP_REGION', label: { es: 'r', en: 'r' }, permissions: ['case.list', 'statistics.read'], reach: 'jurisdiction', inReach: none, shared: none },
  ]);
  try {
    assert.deepEqual(statisticsScope(actor(['ESTADISTICA_MP'], '150101')), { national: false, parts: [{ agency: 'MP' }] });
    assert.deepEqual(statisticsScope(actor(['ESTADISTICA_MP_REGION'], '150101')), { national: false, parts: [{ agency: 'MP', department: '15' }] });
    // Within the region already in scope: adds nobody.
    assert.deepEqual(statisticsScope(actor(['ESTADISTICA_MP_REGION', 'GORE_ANALISTA'], '150101')), { national: false, parts: [{ department: '15' }] });
  } finally {
    useRoles([]);
  }
});

// Five persons: Loreto (16) 1 (PNP), 2 (PNP and MP, linked); Lima (15) 3 (MP), 4 (MP); Cusco (08) 5 (PNP).
const AGENCIES = [
  { key: 'PNP', name: 'PNP' },
  { key: 'MP', name: 'MP' },
];
const base = { traffickingStatus: 'PRESUNTA_VICTIMA', sex: 'MUJER', detectionDate: '2024-03-01', estimatedAge: 30 };
const CASES: CaseFact[] = [
  { ...base, caseId: 'c1', personId: 'p1', groupId: 'G1', agency: 'PNP', detectionUbigeo: '160101' },
  { ...base, caseId: 'c2', personId: 'p2', groupId: 'G2', agency: 'PNP', detectionUbigeo: '160101', sex: 'HOMBRE' },
  { ...base, caseId: 'c2b', personId: 'p2b', groupId: 'G2', agency: 'MP', detectionUbigeo: '150101', detectionDate: '2024-05-01' },
  { ...base, caseId: 'c3', personId: 'p3', groupId: 'G3', agency: 'MP', detectionUbigeo: '150101' },
  { ...base, caseId: 'c4', personId: 'p4', groupId: 'G4', agency: 'MP', detectionUbigeo: '150101' },
  { ...base, caseId: 'c5', personId: 'p5', groupId: 'G5', agency: 'PNP', detectionUbigeo: '080101' },
];
const facts = personFacts(CASES, AGENCIES);
const kept = (keep: Uint8Array | undefined) => [...(facts.groups ?? [])].filter(([, i]) => keep?.[i] === 1).map(([g]) => g).sort();

test('the filter on the facts: the department of first detection, the agency holding a case file, or both', () => {
  assert.equal(scopeFilter({ national: true }, facts), undefined);
  // G2 was first detected in Loreto (by PNP), then registered by MP in Lima: Loreto's.
  assert.deepEqual(kept(scopeFilter({ national: false, parts: [{ department: '16' }] }, facts)), ['G1', 'G2']);
  assert.deepEqual(kept(scopeFilter({ national: false, parts: [{ agency: 'MP' }] }, facts)), ['G2', 'G3', 'G4']);
  assert.deepEqual(kept(scopeFilter({ national: false, parts: [{ agency: 'MP', department: '15' }] }, facts)), ['G3', 'G4']);
  assert.deepEqual(kept(scopeFilter({ national: false, parts: [{ department: '08' }, { agency: 'MP' }] }, facts)), ['G2', 'G3', 'G4', 'G5']);
  assert.deepEqual(kept(scopeFilter({ national: false, parts: [{ department: '99' }, { agency: 'ONG' }] }, facts)), []);
  assert.deepEqual(kept(scopeFilter({ national: false, parts: [] }, facts)), []);
});

test('the narrowed facts: the persons kept, and only their records, renumbered (a plan keeps its own goals)', () => {
  const keep = scopeFilter({ national: false, parts: [{ department: '16' }] }, facts) as Uint8Array;
  const { facts: loreto, index } = keepPersons(facts, keep);
  assert.equal(loreto.size, 2);
  assert.deepEqual([...(loreto.groups ?? [])].sort(), [['G1', 0], ['G2', 1]]);
  const sex = (f: typeof facts, i: number) => f.dimensions.sex.values[f.codes.sex[i] as number]?.code;
  assert.equal(sex(loreto, 1), 'HOMBRE');
  assert.equal(loreto.agencies[1], 0b11);

  const referrals = referralFacts(
    [
      { groupId: 'G2', fromAgency: 'PNP', toAgency: 'MP', state: 'ACEPTADA', sentAt: '2024-03-02T10:00:00Z', answeredAt: '2024-03-02T12:00:00Z' },
      { groupId: 'G3', fromAgency: 'MP', toAgency: 'PNP', state: 'ENVIADA', sentAt: '2024-03-02T10:00:00Z' },
      { groupId: 'NOBODY', fromAgency: 'MP', toAgency: 'PNP', state: 'ENVIADA', sentAt: '2024-03-02T10:00:00Z' },
    ],
    facts,
  );
  const narrowed = keepRecords(referrals, index);
  assert.equal(narrowed.size, 1);
  assert.deepEqual([...narrowed.person], [1]);
  assert.equal(referralSummary(narrowed, loreto).sent, 1);
  assert.equal(referralSummary(referrals, facts).sent, 3);

  const plans = planFacts(
    [
      { groupId: 'G3', caseState: 'EN_ATENCION', goals: [{ dimension: 'SALUD_FISICA', status: 'PENDIENTE' }] },
      { groupId: 'G2', caseState: 'EN_ATENCION', goals: [{ dimension: 'SEGURIDAD_PROTECCION', status: 'LOGRADO' }, { dimension: 'SALUD_FISICA', status: 'EN_PROCESO' }] },
      { groupId: 'G1', caseState: 'EN_ATENCION' },
    ],
    facts,
  );
  const loretoPlans = keepRecords(plans, index);
  assert.equal(loretoPlans.size, 2);
  assert.deepEqual([...loretoPlans.person], [1, 0]);
  assert.deepEqual([...loretoPlans.goalStart], [0, 2, 2]);
  assert.deepEqual([...loretoPlans.goalDimension], [plans.goalDimension[1], plans.goalDimension[2]]);
  assert.deepEqual([...loretoPlans.goalStatus], [plans.goalStatus[1], plans.goalStatus[2]]);
  // A column that is neither a row per record nor nested rows is refused, not passed on unnarrowed.
  assert.throws(() => keepRecords({ size: 2, person: Int32Array.from([0, 1]), odd: new Uint8Array(3) }, index), RangeError);
});
