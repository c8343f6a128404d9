// Who may review matches and see counts of persons across agencies. Reviewing shows two agencies'
// identity data side by side, so it is a permission of its own (role VINCULADOR), not any case worker's.
import type { Actor } from '../actor.ts';
import { hasPermission } from './roles.ts';

export const LINKAGE_REVIEWER = 'VINCULADOR';

export type LinkageAction = 'review' | 'summary';

export function allowLinkage(actor: Actor, action: LinkageAction): boolean {
  return hasPermission(actor, action === 'review' ? 'linkage.review' : 'linkage.summary');
}
