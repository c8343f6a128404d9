// Who may review matches and see counts of persons across agencies. Reviewing shows two agencies'
// identity data side by side, so it is a role of its own (a linkage officer), not any case worker.
import type { Actor } from '../actor.ts';

export const LINKAGE_REVIEWER = 'VINCULADOR';

export type LinkageAction = 'review' | 'summary';

export function allowLinkage(actor: Actor, action: LinkageAction): boolean {
  switch (action) {
    case 'review':
      return actor.roles.includes(LINKAGE_REVIEWER);
    case 'summary':
      return actor.roles.some((r) => r === LINKAGE_REVIEWER || r === 'ANALISTA_NACIONAL' || r === 'SUPERVISOR');
  }
}
