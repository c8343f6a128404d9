// A lifecycle as data: which state may follow which. The area's machines (follow-ups, referrals,
// plans, shelter stays, the criminal process) are tables of this shape, so tests can enumerate
// every pair of states and the interface can offer exactly the moves the server accepts. Pure.

export type Machine<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canMove<S extends string>(machine: Machine<S>, from: S, to: S): boolean {
  return machine[from].includes(to);
}

/** Every allowed move as "FROM>TO". */
export function allMoves<S extends string>(machine: Machine<S>): string[] {
  return (Object.entries(machine) as [S, readonly S[]][]).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`));
}

export function isOneOf<S extends string>(values: readonly S[], value: string): value is S {
  return (values as readonly string[]).includes(value);
}

/** A refused move or rule, as a message key for one field (translated where it is shown). */
export interface RuleProblem {
  path: string;
  key: string;
}
