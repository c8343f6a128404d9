// Who may do what with a case file and its person. A record is reached either within the actor's
// own reach (her unit, jurisdiction or agency, after her roles) or because its owner shared it
// with her agency (an accepted referral, the person's consent, a legal mandate) or she broke the
// glass for it. What she then sees is decided per field group (roles.ts). Tests: case-files.test.ts.
import type { FieldGroup } from '../../domain/field-groups.ts';
import { FIELD_GROUPS } from '../../domain/field-groups.ts';
import type { Actor } from '../actor.ts';
import { and, or, Policy } from './cancan.ts';
import { canRead, canWrite, groupAccess, hasPermission, reachOf, type Permission } from './roles.ts';

/** Why another agency (or, after breaking the glass, one user) may reach a record. */
export type ShareBasis = 'REFERRAL' | 'CONSENT' | 'MANDATE' | 'BREAK_GLASS';

export interface Share {
  agencyId: string;
  /** Only this user (break the glass); any user of the agency when absent. */
  userId?: string | undefined;
  basis: ShareBasis;
  /** The field groups shared: minimisation, only what the receiver needs (§6.8). */
  groups: readonly FieldGroup[];
  /** Whether the receiver may write what her role writes on shared records (§5.4 RW*); read-only otherwise. */
  writable?: boolean | undefined;
}

/** What the policy needs to know about a case file. */
export interface CaseTarget {
  ownerAgencyId: string;
  registeringUnitId?: string | undefined;
  detectionUbigeo?: string | undefined;
  /** Shares in force for this record (loaded only when the record is outside the actor's agency). */
  shares?: readonly Share[] | undefined;
  /** A closure proposed and waiting for a supervisor (§8.1): who proposed it. */
  closureProposal?: { proposedBy: string } | undefined;
}

/** Whether the record lies within the actor's own reach. */
export function inReach(actor: Actor, record: CaseTarget): boolean {
  if (record.ownerAgencyId !== actor.agencyId) return false;
  switch (reachOf(actor)) {
    case 'agency':
      return true;
    case 'jurisdiction':
      return record.registeringUnitId === actor.unitId || (!!actor.unitUbigeo && !!record.detectionUbigeo && record.detectionUbigeo.slice(0, 2) === actor.unitUbigeo.slice(0, 2));
    case 'unit':
      return record.registeringUnitId === actor.unitId;
    case 'none':
      return false;
  }
}

function sharesFor(actor: Actor, record: CaseTarget): Share[] {
  return (record.shares ?? []).filter((s) => s.agencyId === actor.agencyId && (s.userId === undefined || s.userId === actor.userId));
}

// Reading one record asks its field groups once per rule (`abilities` holds twenty-odd): they are
// worked out once per actor, record and mode. Actors and records are values here, never changed
// in place (an update makes a new record), so the objects themselves are the key.
const groupsSeen = new WeakMap<CaseTarget, WeakMap<Actor, { read?: ReadonlySet<FieldGroup>; write?: ReadonlySet<FieldGroup> }>>();

/** The field groups the actor may read (or write) on this record. */
export function groupsOf(actor: Actor, record: CaseTarget, mode: 'read' | 'write' = 'read'): ReadonlySet<FieldGroup> {
  let byActor = groupsSeen.get(record);
  if (!byActor) groupsSeen.set(record, (byActor = new WeakMap()));
  let seen = byActor.get(actor);
  if (!seen) byActor.set(actor, (seen = {}));
  return (seen[mode] ??= groupsWorkedOut(actor, record, mode));
}

function groupsWorkedOut(actor: Actor, record: CaseTarget, mode: 'read' | 'write'): Set<FieldGroup> {
  const ok = mode === 'read' ? canRead : canWrite;
  const out = new Set<FieldGroup>();
  const reach = inReach(actor, record);
  for (const g of FIELD_GROUPS) if (reach && ok(groupAccess(actor, g, 'inReach'))) out.add(g);
  for (const share of sharesFor(actor, record)) {
    for (const g of share.groups) {
      // Breaking the glass opens the shared groups for reading whatever the role; never for writing.
      // Any other share opens writing only when it says so (a referral, for the referred work).
      if (share.basis === 'BREAK_GLASS' ? mode === 'read' : (mode === 'read' || share.writable === true) && ok(groupAccess(actor, g, 'shared'))) out.add(g);
    }
  }
  return out;
}

const permitted = (permission: Permission) => (actor: Actor) => hasPermission(actor, permission);
const reads = (group: FieldGroup) => (actor: Actor, record: CaseTarget) => groupsOf(actor, record, 'read').has(group);
const writes = (group: FieldGroup) => (actor: Actor, record: CaseTarget) => groupsOf(actor, record, 'write').has(group);
const ownReach = (actor: Actor, record: CaseTarget) => inReach(actor, record);
const brokeGlass = (actor: Actor, record: CaseTarget) => sharesFor(actor, record).some((s) => s.basis === 'BREAK_GLASS');
const sharedByConsent = (actor: Actor, record: CaseTarget) => sharesFor(actor, record).some((s) => s.basis === 'CONSENT');
/** A head of the unit holding the record (SUPERVISOR there). */
const headOfItsUnit = (actor: Actor, record: CaseTarget) => actor.roles.includes('SUPERVISOR') && record.registeringUnitId === actor.unitId;
const hasRole = (...roles: string[]) => (actor: Actor) => actor.roles.some((r) => roles.includes(r));
const notTheProposer = (actor: Actor, record: CaseTarget) => record.closureProposal?.proposedBy !== actor.userId;
/** Reached through a referral: it may rest on a consent naming the receiver (the command checks that it does). */
const sharedByReferral = (actor: Actor, record: CaseTarget) => sharesFor(actor, record).some((s) => s.basis === 'REFERRAL');

export const CASE_FILE_ACTIONS = [
  'read',
  'readIdentity',
  'history',
  'readAccessLog',
  'update',
  'updatePerson',
  'transition',
  'close',
  'decideClosure',
  'discard',
  'reopen',
  'restore',
  'refer',
  'recordConsent',
  'withdrawConsent',
  'coSignConsent',
  'readCare',
  'writeCare',
  'readProceeding',
  'writeProceeding',
  'writeShelter',
  'readShelter',
  'stageProceeding',
  'exportPerson',
  'erasePerson',
] as const;
export type CaseFileRecordAction = (typeof CASE_FILE_ACTIONS)[number];

export const caseFilePolicy = new Policy<CaseTarget, CaseFileRecordAction>('case_file', CASE_FILE_ACTIONS)
  .allow('read', or(and(permitted('case.read'), reads('G2')), brokeGlass))
  .allow('readIdentity', and(or(permitted('case.read'), brokeGlass), reads('G1')))
  .allow('history', and(or(permitted('case.read'), brokeGlass), reads('G1'), reads('G2')))
  // Who has seen the record is the holding agency's to know, not a receiver's.
  .allow('readAccessLog', and(permitted('case.read'), ownReach))
  // The case core and the identity are edited by the holding agency: the edit routes load its own
  // records only, so a receiver is not offered what the server would refuse (she writes care, G5).
  .allow('update', and(permitted('case.update'), ownReach, writes('G2')))
  .allow('updatePerson', and(permitted('person.update'), ownReach, writes('G1')))
  // The lifecycle, referrals and consents are the owning agency's to record.
  .allow('transition', and(permitted('case.transition'), ownReach))
  // Closing is four eyes (§8.1): the case worker's close is a proposal; a supervisor of the unit
  // holding the file approves it or returns it — never the one who proposed it.
  .allow('close', and(permitted('case.close'), ownReach))
  // The same four eyes decide every move §8.1 gives to "case worker + SUPERVISOR" (closing by
  // referral, discarding, moving to reintegration): `decideClosure` approves or returns any of them.
  .allow('decideClosure', and(permitted('case.close'), ownReach, headOfItsUnit, notTheProposer))
  // §8.1 names who discards (then a supervisor approves), who reopens a closed file (a supervisor of
  // the unit holding it) and who brings a discarded file back to identification (prosecutor or supervisor).
  .allow('discard', and(permitted('case.transition'), ownReach, hasRole('FISCAL', 'MIMP_UPE', 'MIMP_CEM', 'MP_UDAVIT', 'ONG_GESTOR')))
  .allow('reopen', and(permitted('case.transition'), ownReach, headOfItsUnit))
  .allow('restore', and(permitted('case.transition'), ownReach, or(hasRole('FISCAL'), headOfItsUnit)))
  .allow('refer', and(permitted('case.refer'), ownReach))
  .allow('recordConsent', and(permitted('consent.record'), ownReach))
  // §10.2: a consent can be withdrawn from any agency's screen: the owner's, or the receiver's it
  // names — reached on that consent, or through a referral that may rest on it.
  .allow('withdrawConsent', and(permitted('consent.record'), or(ownReach, sharedByConsent, sharedByReferral)))
  // §10.2: a consent to a public image or testimony is co-signed by the head of the unit holding the file.
  .allow('coSignConsent', and(permitted('case.read'), ownReach, (actor: Actor) => actor.roles.includes('SUPERVISOR')))
  // Follow-up (issue 6): plans, follow-ups and services are G5; the criminal process G4; shelter stays G6.
  .allow('readCare', and(permitted('case.read'), reads('G5')))
  .allow('writeCare', and(permitted('case.read'), writes('G5')))
  .allow('readProceeding', and(permitted('case.read'), reads('G4')))
  .allow('writeProceeding', and(permitted('case.read'), writes('G4')))
  .allow('writeShelter', and(permitted('case.read'), writes('G6')))
  .allow('readShelter', and(permitted('case.read'), reads('G6')))
  // Only the prosecutor and the court move the proceeding from one stage to the next (§8.2).
  .allow('stageProceeding', and(permitted('case.read'), writes('G4'), (actor: Actor) => actor.roles.some((r) => r === 'FISCAL' || r === 'JUDICIAL')))
  // The data subject's rights (ARCO) are answered by the data-protection officer of the agency holding the data.
  .allow('exportPerson', and(permitted('arco'), (actor, record) => record.ownerAgencyId === actor.agencyId))
  .allow('erasePerson', and(permitted('arco'), (actor, record) => record.ownerAgencyId === actor.agencyId));

// ---- Role-level checks for routes that act before a record is loaded -----------------------

export type CaseFileAction = 'list' | 'read' | 'register' | 'update' | 'transition' | 'close';

const ACTION_PERMISSION: Record<CaseFileAction, Permission> = {
  list: 'case.list',
  read: 'case.read',
  register: 'case.register',
  update: 'case.update',
  transition: 'case.transition',
  close: 'case.close',
};

/** Whether the actor may take this action at all (which records she reaches is `caseFilePolicy`). */
export function allow(actor: Actor, action: CaseFileAction): boolean {
  return hasPermission(actor, ACTION_PERMISSION[action]);
}

/** What the interface may offer on one record, so it never offers what the server would refuse. */
export function abilities(actor: Actor, record: CaseTarget): Record<CaseFileRecordAction, boolean> {
  return caseFilePolicy.abilities(actor, record);
}
