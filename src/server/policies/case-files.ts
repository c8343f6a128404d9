// Who may do what with case files. Until the access-control issue widens it, a user reaches only
// her own agency's records, and only operational roles handle case content (ADMIN does not).
import type { Actor } from '../actor.ts';

export const OPERATIONAL_ROLES = [
  'PNP_REGISTRO',
  'PNP_INVESTIGADOR',
  'FISCAL',
  'MP_UDAVIT',
  'MIMP_UPE',
  'MIMP_CEM',
  'ALBERGUE',
  'ONG_GESTOR',
  'ONG_ABOGADO',
  'ONG_PSICOLOGO',
  'JUDICIAL',
  'SUPERVISOR',
] as const;

export const ALL_ROLES = [...OPERATIONAL_ROLES, 'GORE_ANALISTA', 'ANALISTA_NACIONAL', 'ADMIN', 'OFICIAL_DATOS'] as const;

export type CaseFileAction = 'list' | 'read' | 'register' | 'update' | 'transition';

const handlesCases = (actor: Actor) => actor.roles.some((r) => (OPERATIONAL_ROLES as readonly string[]).includes(r));

/** Whether the actor may take this action at all (which records she reaches is `inScope`). */
export function allow(actor: Actor, action: CaseFileAction): boolean {
  switch (action) {
    case 'list':
    case 'read':
    case 'register':
    case 'update':
    case 'transition':
      return handlesCases(actor);
  }
}

/** Whether a record is within the actor's reach: her own agency's. */
export function inScope(actor: Actor, record: { ownerAgencyId: string }): boolean {
  return record.ownerAgencyId === actor.agencyId;
}

/** What the interface may offer on one record, so it never offers what the server would refuse. */
export function abilities(actor: Actor, record: { ownerAgencyId: string }): Record<'read' | 'update' | 'transition', boolean> {
  const reach = inScope(actor, record);
  return { read: reach && allow(actor, 'read'), update: reach && allow(actor, 'update'), transition: reach && allow(actor, 'transition') };
}
