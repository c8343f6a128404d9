// The default roles against domain-spec §5.3/§5.4, written out here as the spec reads, so that a
// change to roles.ts that departs from it shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIELD_GROUPS } from '../../domain/field-groups.ts';
import { canRead, canWrite, customRoleProblems, DEFAULT_ROLES, defaultCeiling, groupAccess, hasPermission, reachOf, useRoles, roleDefinition, type RoleDefinition } from './roles.ts';

const SPEC_ROLES = ['PNP_REGISTRO', 'PNP_INVESTIGADOR', 'FISCAL', 'MP_UDAVIT', 'MIMP_UPE', 'MIMP_CEM', 'ALBERGUE', 'ONG_GESTOR', 'ONG_ABOGADO', 'ONG_PSICOLOGO', 'JUDICIAL', 'SUPERVISOR', 'GORE_ANALISTA', 'ANALISTA_NACIONAL', 'ADMIN', 'OFICIAL_DATOS'];
const as = (...roles: string[]) => ({ roles });

test('every role of §5.3 ships as a default', () => {
  const codes = new Set(DEFAULT_ROLES.map((r) => r.code));
  for (const code of SPEC_ROLES) assert.ok(codes.has(code), code);
});

test('§5.4: the administrator, the analysts and the data-protection officer reach no record and read no field', () => {
  for (const code of ['ADMIN', 'GORE_ANALISTA', 'ANALISTA_NACIONAL', 'OFICIAL_DATOS']) {
    assert.equal(reachOf(as(code)), 'none', code);
    assert.equal(hasPermission(as(code), 'case.read'), false, code);
    for (const g of FIELD_GROUPS) assert.equal(canRead(groupAccess(as(code), g, 'inReach')), false, `${code} ${g}`);
  }
  assert.equal(hasPermission(as('OFICIAL_DATOS'), 'breakGlass'), true);
  assert.equal(hasPermission(as('OFICIAL_DATOS'), 'audit.read'), true);
  assert.equal(hasPermission(as('ADMIN'), 'admin.users'), true);
});

test('§5.4 rule 3: shelter locations (G6) are never shared outside the unit running the shelter', () => {
  for (const role of DEFAULT_ROLES) assert.equal(role.shared.G6, '-', role.code);
});

test('§5.4 rule 4 and §10.5: care roles do not write investigative data (G4), police and prosecutors see no raw care notes (G3)', () => {
  for (const code of ['MP_UDAVIT', 'MIMP_UPE', 'MIMP_CEM', 'ALBERGUE', 'ONG_GESTOR', 'ONG_PSICOLOGO']) assert.equal(canWrite(groupAccess(as(code), 'G4', 'inReach')), false, code);
  for (const code of ['PNP_REGISTRO', 'PNP_INVESTIGADOR', 'FISCAL', 'JUDICIAL']) {
    assert.equal(canRead(groupAccess(as(code), 'G3', 'inReach')), false, code);
    assert.equal(canRead(groupAccess(as(code), 'G3', 'shared')), false, code);
  }
});

test('§5.4 rule 2: clinical notes of another agency arrive only as reports (S), never raw', () => {
  for (const role of DEFAULT_ROLES) assert.ok(role.shared.G3 === 'S' || role.shared.G3 === '-', role.code);
});

test('the permission to change a record goes with write access to its group', () => {
  for (const role of DEFAULT_ROLES) {
    if (role.permissions.includes('case.update')) assert.equal(role.inReach.G2, 'RW', role.code);
    if (role.permissions.includes('person.update')) assert.equal(role.inReach.G1, 'RW', role.code);
    if (role.permissions.includes('case.read')) assert.ok(canRead(role.inReach.G2), role.code);
  }
});

test('a user with several roles has the union of their abilities', () => {
  assert.equal(reachOf(as('SUPERVISOR')), 'unit');
  assert.equal(reachOf(as('SUPERVISOR', 'FISCAL')), 'agency');
  assert.equal(groupAccess(as('SUPERVISOR', 'FISCAL'), 'G3', 'inReach'), 'R');
  assert.equal(hasPermission(as('SUPERVISOR', 'VINCULADOR'), 'linkage.review'), true);
  assert.equal(hasPermission(as('UNKNOWN_ROLE'), 'case.read'), false);
});

test('an administrator-defined role adds to the defaults and cannot replace one', () => {
  const custom: RoleDefinition = { ...(roleDefinition('ALBERGUE') as RoleDefinition), code: 'DEMUNA', label: { es: 'DEMUNA', en: 'DEMUNA' } };
  const hijack: RoleDefinition = { ...custom, code: 'ADMIN', permissions: ['case.read'] };
  useRoles([custom, hijack]);
  try {
    assert.equal(hasPermission(as('DEMUNA'), 'case.read'), true);
    assert.equal(hasPermission(as('ADMIN'), 'case.read'), false);
  } finally {
    useRoles([]);
  }
  assert.equal(hasPermission(as('DEMUNA'), 'case.read'), false);
});

test('a role an administrator defines stays within the defaults: no reserved permission, no access beyond the widest default', () => {
  const base: RoleDefinition = {
    code: 'DEMUNA',
    label: { es: 'DEMUNA', en: 'DEMUNA' },
    permissions: ['case.list', 'case.read'],
    reach: 'unit',
    inReach: { G1: 'R', G2: 'R', G3: '-', G4: '-', G5: 'R', G6: '-' },
    shared: { G1: 'R', G2: 'R', G3: 'S', G4: '-', G5: 'R', G6: '-' },
  };
  const keys = (role: RoleDefinition) => customRoleProblems(role).map((p) => `${p.path}:${p.key}`);
  assert.deepEqual(keys(base), []);
  assert.deepEqual(keys({ ...base, shared: { ...base.shared, G6: 'R' } }), ['shared.G6:role.beyondDefaults'], 'a shelter location is never shared');
  assert.deepEqual(keys({ ...base, shared: { ...base.shared, G3: 'R' } }), ['shared.G3:role.beyondDefaults'], 'another agency\'s clinical notes arrive as reports');
  assert.deepEqual(keys({ ...base, permissions: ['case.read', 'breakGlass'] }), ['permissions:role.reservedPermission']);
  assert.deepEqual(keys({ ...base, permissions: ['admin.roles'] }), ['permissions:role.reservedPermission']);
  assert.deepEqual(keys({ ...base, code: 'ADMIN' }), ['code:role.defaultCode']);
  assert.deepEqual(keys({ ...base, code: 'demuna' }), ['code:role.codeFormat']);
  assert.deepEqual(keys({ ...base, reach: 'none' }), ['reach:role.readsNothing']);
  assert.deepEqual(keys({ ...base, permissions: ['case.read', 'case.update'] }), ['inReach.G2:role.writeNeedsGroup']);
  assert.equal(defaultCeiling('shared').G6, '-');
  assert.equal(defaultCeiling('inReach').G6, 'RW');
});
