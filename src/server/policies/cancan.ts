// A small CanCan after Outline's server/policies/cancan.ts: each subject has a policy, and each
// rule is one `allow(actions, condition)` line. An action is allowed when any of its rules holds;
// with no rule it is refused. `abilities` lists every action for one record, sent with it so the
// web app never offers what the server would refuse.
import type { Actor } from '../actor.ts';
import { notFound, Problem } from '../errors.ts';

export type Condition<T> = (actor: Actor, target: T) => boolean;

export class Policy<T, A extends string> {
  private readonly rules = new Map<A, Condition<T>[]>();

  constructor(
    readonly subject: string,
    readonly actions: readonly A[],
  ) {}

  /** Allows the actions when the condition holds. */
  allow(actions: A | readonly A[], condition: Condition<T>): this {
    for (const action of typeof actions === 'string' ? [actions] : actions) {
      const list = this.rules.get(action) ?? [];
      list.push(condition);
      this.rules.set(action, list);
    }
    return this;
  }

  can(actor: Actor, action: A, target: T): boolean {
    return (this.rules.get(action) ?? []).some((rule) => rule(actor, target));
  }

  /**
   * Throws unless allowed: 404 when the actor may not even read the record (the same answer as a
   * record that does not exist), 403 when she may read it but not do this.
   */
  authorize(actor: Actor, action: A, target: T, readAction?: A): void {
    if (this.can(actor, action, target)) return;
    if (readAction && action !== readAction && this.can(actor, readAction, target)) throw new Problem(403, 'problem.forbidden');
    throw notFound();
  }

  abilities(actor: Actor, target: T): Record<A, boolean> {
    return Object.fromEntries(this.actions.map((a) => [a, this.can(actor, a, target)])) as Record<A, boolean>;
  }
}

export const and =
  <T>(...conditions: Condition<T>[]): Condition<T> =>
  (actor, target) =>
    conditions.every((c) => c(actor, target));

export const or =
  <T>(...conditions: Condition<T>[]): Condition<T> =>
  (actor, target) =>
    conditions.some((c) => c(actor, target));
