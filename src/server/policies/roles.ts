// The default roles of domain-spec §5.3 on the three axes of the access-control issue:
//   1. permissions: the actions a role may take at all;
//   2. reach: which records it reaches on its own (own unit, its jurisdiction, its agency);
//   3. field groups (§5.4, G1–G6) it may read or write, on records within its reach and on
//      records another agency shares with it (referral, consent, legal mandate).
// A user's abilities are the union over her roles. Pure data and pure functions.
import { PERSON_ONLY_PERMISSIONS } from '../../domain/api-clients.ts';
import type { FieldGroup } from '../../domain/field-groups.ts';
import type { Actor } from '../actor.ts';

export const PERMISSIONS = [
  'case.list',
  'case.read',
  'case.register',
  'case.update',
  'case.transition',
  'case.close',
  'case.refer',
  /** Answer a referral sent to one's unit (accept, reject, carry it out): shelters and supervisors too. */
  'referral.answer',
  'person.update',
  'consent.record',
  'import',
  /** Write, try and keep the agency's mapping profiles (no row is stored by trying one). */
  'import.profiles',
  'export',
  'linkage.review',
  'linkage.summary',
  'statistics.read',
  /** Register regional plans and public investment projects (of one's own region, or any for national analysts). */
  'plans.manage',
  'admin.users',
  'admin.roles',
  'audit.read',
  'breakGlass',
  'arco',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Records a role reaches without anyone sharing them: none; those registered by its own unit;
 * its agency's records detected in its unit's department (jurisdiction); all its agency's.
 */
export type Reach = 'none' | 'unit' | 'jurisdiction' | 'agency';
export const REACH_ORDER: readonly Reach[] = ['none', 'unit', 'jurisdiction', 'agency'];

/** `RW` read and write, `R` read, `S` summary reports only (no raw notes), `-` nothing. */
export type GroupAccess = 'RW' | 'R' | 'S' | '-';
export type GroupTable = Record<FieldGroup, GroupAccess>;

export interface RoleDefinition {
  code: string;
  label: { es: string; en: string };
  permissions: readonly Permission[];
  reach: Reach;
  /** On records within its reach (its own agency's: §5.2, the creator updates what it created). */
  inReach: GroupTable;
  /** On another agency's records reached through a referral, consent or mandate (§5.4 R*, RW*). */
  shared: GroupTable;
}

const NONE: GroupTable = { G1: '-', G2: '-', G3: '-', G4: '-', G5: '-', G6: '-' };
const groups = (g1: GroupAccess, g2: GroupAccess, g3: GroupAccess, g4: GroupAccess, g5: GroupAccess, g6: GroupAccess): GroupTable => ({ G1: g1, G2: g2, G3: g3, G4: g4, G5: g5, G6: g6 });

const CASE_WORK: readonly Permission[] = ['case.list', 'case.read', 'case.register', 'case.update', 'case.transition', 'case.close', 'case.refer', 'referral.answer', 'person.update', 'consent.record', 'import'];
const READ_ONLY: readonly Permission[] = ['case.list', 'case.read'];

/** §5.3 roles with the §5.4 table; VINCULADOR (linkage reviewer) comes from the linkage issue. */
export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  {
    code: 'PNP_REGISTRO',
    label: { es: 'PNP – registro (comisaría)', en: 'Police – registration (station)' },
    permissions: ['case.list', 'case.read', 'case.register', 'case.update', 'case.transition', 'case.refer', 'referral.answer', 'person.update', 'consent.record'],
    reach: 'unit',
    inReach: groups('RW', 'RW', '-', 'RW', '-', '-'),
    shared: NONE,
  },
  {
    code: 'PNP_INVESTIGADOR',
    label: { es: 'PNP – investigación (DIRCTPTIM)', en: 'Police – investigation' },
    // §5.2: detection records are created by any authorised agency, DIRCTPTIM included, and updated by their creator.
    permissions: CASE_WORK,
    reach: 'agency',
    inReach: groups('RW', 'RW', 'S', 'RW', '-', '-'),
    shared: groups('R', 'R', 'S', 'R', '-', '-'),
  },
  {
    code: 'FISCAL',
    label: { es: 'Fiscalía', en: 'Prosecutor' },
    permissions: CASE_WORK,
    reach: 'agency',
    inReach: groups('RW', 'RW', 'S', 'RW', 'R', '-'),
    shared: groups('R', 'R', 'S', 'R', 'R', '-'),
  },
  {
    code: 'MP_UDAVIT',
    label: { es: 'MP – UDAVIT (asistencia a víctimas)', en: 'Prosecution – victim assistance' },
    permissions: CASE_WORK,
    reach: 'agency',
    inReach: groups('RW', 'RW', 'RW', 'R', 'RW', 'RW'),
    shared: groups('RW', 'RW', 'S', 'R', 'RW', '-'),
  },
  {
    code: 'MIMP_UPE',
    label: { es: 'MIMP – UPE (protección especial)', en: 'Ministry of Women – child protection' },
    permissions: CASE_WORK,
    reach: 'agency',
    inReach: groups('RW', 'RW', 'RW', 'R', 'RW', 'RW'),
    shared: groups('RW', 'RW', 'S', 'R', 'RW', '-'),
  },
  {
    code: 'MIMP_CEM',
    label: { es: 'MIMP – CEM', en: 'Ministry of Women – emergency centre' },
    permissions: CASE_WORK,
    reach: 'agency',
    inReach: groups('RW', 'RW', 'RW', 'R', 'RW', 'R'),
    shared: groups('RW', 'RW', 'S', 'R', 'RW', '-'),
  },
  {
    code: 'ALBERGUE',
    label: { es: 'Albergue / CAR', en: 'Shelter' },
    permissions: [...READ_ONLY, 'consent.record', 'referral.answer'],
    reach: 'unit',
    inReach: groups('R', 'R', 'RW', '-', 'RW', 'RW'),
    shared: groups('R', 'R', 'S', '-', 'RW', '-'),
  },
  ...(['ONG_GESTOR', 'ONG_ABOGADO', 'ONG_PSICOLOGO'] as const).map((code) => ({
    code,
    label: { ONG_GESTOR: { es: 'ONG – gestión de casos', en: 'NGO – case management' }, ONG_ABOGADO: { es: 'ONG – abogacía', en: 'NGO – lawyer' }, ONG_PSICOLOGO: { es: 'ONG – psicología', en: 'NGO – psychologist' } }[code],
    permissions: CASE_WORK,
    reach: 'agency' as const,
    inReach: groups('RW', 'RW', 'RW', 'R', 'RW', 'RW'),
    shared: groups('RW', 'RW', 'S', 'R', 'RW', '-'),
  })),
  {
    code: 'JUDICIAL',
    label: { es: 'Poder Judicial', en: 'Court staff' },
    permissions: READ_ONLY,
    reach: 'agency',
    inReach: groups('R', 'R', 'S', 'RW', '-', '-'),
    shared: groups('R', 'R', 'S', 'R', '-', '-'),
  },
  {
    code: 'SUPERVISOR',
    label: { es: 'Jefatura de unidad', en: 'Head of unit' },
    // Quality review and approvals (closure) over the unit; its own unit's role adds the rest.
    permissions: ['case.list', 'case.read', 'case.transition', 'case.close', 'referral.answer', 'linkage.summary', 'statistics.read'],
    reach: 'unit',
    inReach: groups('R', 'R', 'R', 'R', 'R', 'R'),
    shared: NONE,
  },
  { code: 'GORE_ANALISTA', label: { es: 'Gobierno regional – análisis', en: 'Regional government – analyst' }, permissions: ['statistics.read', 'plans.manage'], reach: 'none', inReach: NONE, shared: NONE },
  { code: 'ANALISTA_NACIONAL', label: { es: 'Análisis nacional', en: 'National analyst' }, permissions: ['statistics.read', 'linkage.summary', 'export', 'plans.manage'], reach: 'none', inReach: NONE, shared: NONE },
  // The administrator searches the audit log (the issue's §3) but reads no case content. She
  // writes the agency's mapping profiles and tries them on a sample she brings (issue 5), but
  // imports nothing and sees no quarantined row: those are the case workers'.
  { code: 'ADMIN', label: { es: 'Administración del sistema', en: 'System administrator' }, permissions: ['admin.users', 'admin.roles', 'audit.read', 'import.profiles'], reach: 'none', inReach: NONE, shared: NONE },
  {
    code: 'OFICIAL_DATOS',
    label: { es: 'Oficial de datos personales', en: 'Data-protection officer' },
    permissions: ['audit.read', 'arco', 'breakGlass'],
    reach: 'none',
    inReach: NONE,
    shared: NONE,
  },
  {
    code: 'VINCULADOR',
    label: { es: 'Vinculación de registros', en: 'Linkage reviewer' },
    permissions: ['linkage.review', 'linkage.summary'],
    reach: 'none',
    inReach: NONE,
    shared: NONE,
  },
];

/** Roles by code: the defaults, plus any an administrator defines (see `useRoles`). */
let catalogue = new Map<string, RoleDefinition>(DEFAULT_ROLES.map((r) => [r.code, r]));

/** Replaces the roles defined beyond the defaults (loaded from the database at start and on change). */
export function useRoles(custom: readonly RoleDefinition[]): void {
  catalogue = new Map<string, RoleDefinition>(DEFAULT_ROLES.map((r) => [r.code, r]));
  for (const role of custom) if (!catalogue.has(role.code)) catalogue.set(role.code, role);
}

export function roleDefinition(code: string): RoleDefinition | undefined {
  return catalogue.get(code);
}

export function knownRoles(): RoleDefinition[] {
  return [...catalogue.values()];
}

// Every policy question asks for the actor's definitions, many times a request: kept per roles
// array (a session's) until the catalogue is replaced.
const definitionsOf = new WeakMap<readonly string[], { catalogue: Map<string, RoleDefinition>; definitions: RoleDefinition[] }>();

function definitions(actor: Pick<Actor, 'roles'>): RoleDefinition[] {
  const known = definitionsOf.get(actor.roles);
  if (known?.catalogue === catalogue) return known.definitions;
  const found = actor.roles.flatMap((code) => catalogue.get(code) ?? []);
  definitionsOf.set(actor.roles, { catalogue, definitions: found });
  return found;
}

/** Axis 1: whether any of the actor's roles grants the permission. */
export function hasPermission(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  return definitions(actor).some((r) => r.permissions.includes(permission));
}

/** Axis 2: the widest reach among the actor's roles. */
export function reachOf(actor: Pick<Actor, 'roles'>): Reach {
  let best = 0;
  for (const r of definitions(actor)) best = Math.max(best, REACH_ORDER.indexOf(r.reach));
  return REACH_ORDER[best] ?? 'none';
}

const RANK: Record<GroupAccess, number> = { '-': 0, S: 1, R: 2, RW: 3 };

/** Axis 3: the widest access to a field group among the actor's roles, in reach or shared. */
export function groupAccess(actor: Pick<Actor, 'roles'>, group: FieldGroup, how: 'inReach' | 'shared'): GroupAccess {
  let best: GroupAccess = '-';
  for (const r of definitions(actor)) if (RANK[r[how][group]] > RANK[best]) best = r[how][group];
  return best;
}

/** Whether any of the actor's roles reads personal data (records, the review queue, the audit log). */
export function readsPersonalData(actor: Pick<Actor, 'roles'>): boolean {
  return (['case.read', 'linkage.review', 'breakGlass', 'audit.read', 'arco'] as const).some((p) => hasPermission(actor, p));
}

export const canRead = (access: GroupAccess) => access === 'R' || access === 'RW';
export const canWrite = (access: GroupAccess) => access === 'RW';

// ---- Roles an administrator defines ---------------------------------------------------------

/** Permissions that stay with the default administrator and officer roles: no custom role grants them. */
const RESERVED: readonly Permission[] = PERSON_ONLY_PERMISSIONS;

/** The widest access any default role has to each group, in reach and shared: a custom role stays within it. */
export function defaultCeiling(how: 'inReach' | 'shared'): GroupTable {
  const out = { ...NONE };
  for (const r of DEFAULT_ROLES) for (const g of Object.keys(out) as (keyof GroupTable)[]) if (RANK[r[how][g]] > RANK[out[g]]) out[g] = r[how][g];
  return out;
}

export const ROLE_CODE = /^[A-Z][A-Z0-9_]{2,39}$/;

/**
 * Why a role an administrator defines cannot be accepted; empty when it can. It is built from the
 * same vocabulary as the defaults (permissions, reach, field groups) and never exceeds them: no
 * reserved permission, no group access beyond the widest default's (G6 is never shared, clinical
 * notes of another agency arrive as reports), and its permissions match its field groups.
 */
export function customRoleProblems(role: RoleDefinition): { path: string; key: string }[] {
  const problems: { path: string; key: string }[] = [];
  if (!ROLE_CODE.test(role.code)) problems.push({ path: 'code', key: 'role.codeFormat' });
  if (DEFAULT_ROLES.some((r) => r.code === role.code)) problems.push({ path: 'code', key: 'role.defaultCode' });
  for (const p of role.permissions) if (RESERVED.includes(p)) problems.push({ path: 'permissions', key: 'role.reservedPermission' });
  for (const how of ['inReach', 'shared'] as const) {
    const ceiling = defaultCeiling(how);
    for (const g of Object.keys(ceiling) as (keyof GroupTable)[]) if (RANK[role[how][g]] > RANK[ceiling[g]]) problems.push({ path: `${how}.${g}`, key: 'role.beyondDefaults' });
  }
  const reads = role.permissions.includes('case.read') || role.permissions.includes('case.list');
  if (reads && role.reach === 'none') problems.push({ path: 'reach', key: 'role.readsNothing' });
  if (reads && !canRead(role.inReach.G2)) problems.push({ path: 'inReach.G2', key: 'role.readsNothing' });
  if (role.permissions.includes('case.update') && !canWrite(role.inReach.G2)) problems.push({ path: 'inReach.G2', key: 'role.writeNeedsGroup' });
  if (role.permissions.includes('person.update') && !canWrite(role.inReach.G1)) problems.push({ path: 'inReach.G1', key: 'role.writeNeedsGroup' });
  return problems;
}

// ---- Separation of duties -------------------------------------------------------------------

/** Permissions of case work: whoever holds one of them works with victims' records. */
const CASE_WORK_PERMISSIONS: readonly Permission[] = ['case.list', 'case.read', 'case.register', 'case.update', 'case.transition', 'case.close', 'case.refer', 'referral.answer', 'person.update', 'consent.record', 'import', 'linkage.review'];

/** A role that administers accounts or roles. */
export const administers = (role: Pick<RoleDefinition, 'permissions'>): boolean => role.permissions.some((p) => p === 'admin.users' || p === 'admin.roles');

/** A role that works with case records: it reaches records, or takes an action of case work. */
export const worksCases = (role: Pick<RoleDefinition, 'permissions' | 'reach'>): boolean => role.reach !== 'none' || role.permissions.some((p) => CASE_WORK_PERMISSIONS.includes(p));

/**
 * Separation of duties: the roles of one account never both administer (accounts, roles) and work
 * cases — whoever gives privileges does not use them on victims' records. The case roles among
 * `codes` when they are combined with an administrator's role; empty when the account is fine.
 */
export function combinedWithAdministration(codes: readonly string[]): string[] {
  const defined = codes.flatMap((code) => roleDefinition(code) ?? []);
  if (!defined.some(administers)) return [];
  return defined.filter(worksCases).map((r) => r.code);
}
