// The statistical scope of a signed-in user (issue 7 item 4; domain-spec §5.4, column G7): which
// persons her restricted statistics count. Decided here once, from her roles, and applied by every
// restricted statistics route before any protection (the disclosure control then runs on the
// narrowed persons, so a region's figures are protected as the region's). Pure.
//
//   - ANALISTA_NACIONAL (G7 "A"): the nation;
//   - GORE_ANALISTA (G7 "A (regional)"): the persons first detected (registered) in the department
//     of her unit — the department of detection, the same the public regional report and the
//     regional plans read (`detectionDept`), not of recruitment or exploitation: a regional
//     government answers for the victims its region identified and cares for;
//   - any other role holding statistics.read (SUPERVISOR, roles an administrator defines): the
//     persons her agency holds a case file of; with reach `jurisdiction`, those of them first
//     detected in her unit's department.
// Several roles: the union of their scopes. Without the unit's department a regional scope
// reaches nobody (never the nation).
import type { PersonFacts } from '../../evidence/index.ts';
import type { Actor } from '../actor.ts';
import { hasPermission, roleDefinition } from './roles.ts';

/** Persons of an agency and/or first detected in a department (both when both are given). */
export interface ScopePart {
  department?: string;
  agency?: string;
}

export type StatisticsScope = { national: true } | { national: false; parts: readonly ScopePart[] };

const NATIONAL_ROLES: readonly string[] = ['ANALISTA_NACIONAL'];
const REGIONAL_ROLES: readonly string[] = ['GORE_ANALISTA'];

export function statisticsScope(actor: Pick<Actor, 'roles' | 'agencyKey' | 'unitUbigeo'>): StatisticsScope {
  if (!hasPermission(actor, 'statistics.read')) return { national: false, parts: [] };
  const department = actor.unitUbigeo !== undefined && /^\d{2}/.test(actor.unitUbigeo) ? actor.unitUbigeo.slice(0, 2) : undefined;
  const parts = new Map<string, ScopePart>();
  const add = (part: ScopePart) => parts.set(`${part.department ?? ''}|${part.agency ?? ''}`, part);
  for (const code of actor.roles) {
    const role = roleDefinition(code);
    if (!role?.permissions.includes('statistics.read')) continue;
    if (NATIONAL_ROLES.includes(code)) return { national: true };
    if (REGIONAL_ROLES.includes(code)) {
      if (department !== undefined) add({ department });
    } else if (role.reach === 'jurisdiction') {
      if (department !== undefined) add({ agency: actor.agencyKey, department });
    } else add({ agency: actor.agencyKey });
  }
  // A part within another adds nobody: an agency's persons in a department are within the department and within the agency.
  const list = [...parts.values()].filter((p) => !(p.agency !== undefined && p.department !== undefined && (parts.has(`${p.department}|`) || parts.has(`|${p.agency}`))));
  return { national: false, parts: list };
}

/** A stable key of a scope (what answers computed for it are kept under). */
export function scopeKey(scope: StatisticsScope): string {
  return scope.national ? 'national' : scope.parts.map((p) => `${p.department ?? '*'}/${p.agency ?? '*'}`).sort().join('+');
}

/**
 * The persons of the facts within the scope: 1 at index i when person i is counted. `undefined`
 * for the nation (everyone). A department or an agency the facts do not know reaches nobody.
 */
export function scopeFilter(scope: StatisticsScope, facts: PersonFacts): Uint8Array | undefined {
  if (scope.national) return undefined;
  const keep = new Uint8Array(facts.size);
  for (const part of scope.parts) {
    const dept = part.department === undefined ? -1 : facts.dimensions.detectionDept.values.findIndex((v) => v.code === part.department);
    const agency = part.agency === undefined ? -1 : facts.dimensions.agency.values.findIndex((v) => v.code === part.agency);
    if ((part.department !== undefined && dept < 0) || (part.agency !== undefined && agency < 0)) continue;
    for (let i = 0; i < facts.size; i++) {
      if (dept >= 0 && facts.codes.detectionDept[i] !== dept) continue;
      if (agency >= 0 && (((facts.agencies[i] as number) >> agency) & 1) === 0) continue;
      keep[i] = 1;
    }
  }
  return keep;
}
