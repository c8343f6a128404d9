// Record linkage inside Enlace: two agencies' person records proposed as the same person, and
// what a reviewer decided. Records are never merged physically: a person across agencies is the
// connected set of records joined by links in force, so undoing a link loses nothing.
import type { ActionMeta } from './records.ts';

export const MATCH_STATUSES = ['LINKED_AUTO', 'PENDING_REVIEW', 'CONFIRMED', 'REJECTED', 'UNSURE', 'UNLINKED'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** Statuses under which two records count as the same person. */
export const LINKING_STATUSES: readonly MatchStatus[] = ['LINKED_AUTO', 'CONFIRMED'];

export const REVIEW_DECISIONS = ['CONFIRMED', 'REJECTED', 'UNSURE'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface FieldWeight {
  comparison: string;
  level: string;
  weight: number;
}

export interface MatchExplanation {
  /** log2 of the odds that the two records are one person: prior + fields + competition. */
  weight: number;
  probability: number;
  /**
   * Where the weight starts: how rare a match is between two records taken at random (one agency
   * or two). Absent in proposals recorded before it was kept.
   */
  prior?: number;
  fields: FieldWeight[];
  /** What the record's other candidates took away or added (an agency registers a person about once). */
  competition?: number;
}

export interface MatchRecord {
  id: string;
  /** The two person records, the smaller id first. */
  personA: string;
  personB: string;
  status: MatchStatus;
  explanation: MatchExplanation;
  version: number;
  createdAt: string;
  updatedAt: string;
  decidedBy?: string;
}

export type MatchAction =
  | (ActionMeta & { type: 'match.proposed'; personA: string; personB: string; status: 'LINKED_AUTO' | 'PENDING_REVIEW'; explanation: MatchExplanation })
  | (ActionMeta & { type: 'match.decided'; decision: ReviewDecision })
  | (ActionMeta & { type: 'match.unlinked' })
  | (ActionMeta & { type: 'match.reopened' });

/** Thresholds on the match probability (Fellegi–Sunter): above `link` automatic, above `review` to a person. */
export interface MatchThresholds {
  link: number;
  review: number;
}

export const DEFAULT_THRESHOLDS: MatchThresholds = { link: 0.98, review: 0.5 };

export function proposalStatus(probability: number, thresholds: MatchThresholds = DEFAULT_THRESHOLDS): 'LINKED_AUTO' | 'PENDING_REVIEW' | undefined {
  if (probability >= thresholds.link) return 'LINKED_AUTO';
  if (probability >= thresholds.review) return 'PENDING_REVIEW';
  return undefined;
}

/** What may follow each status: decisions on proposals, unlinking of links, reopening of decisions. */
export function allowedMatchActions(status: MatchStatus): MatchAction['type'][] {
  switch (status) {
    case 'PENDING_REVIEW':
    case 'UNSURE':
      return ['match.decided'];
    case 'LINKED_AUTO':
    case 'CONFIRMED':
      return ['match.decided', 'match.unlinked'];
    case 'REJECTED':
    case 'UNLINKED':
      return ['match.reopened'];
  }
}

export function applyMatchAction(state: MatchRecord | undefined, action: MatchAction): MatchRecord {
  if (action.version !== (state?.version ?? 0) + 1) throw new Error(`match action version ${action.version} does not follow ${state?.version ?? 0}`);
  if (action.type === 'match.proposed') {
    if (state) throw new Error(`match ${action.entityId} proposed twice`);
    const [personA, personB] = action.personA < action.personB ? [action.personA, action.personB] : [action.personB, action.personA];
    return { id: action.entityId, personA, personB, status: action.status, explanation: action.explanation, version: 1, createdAt: action.at, updatedAt: action.at };
  }
  if (!state) throw new Error(`match ${action.entityId} changed before it was proposed`);
  if (!allowedMatchActions(state.status).includes(action.type)) throw new Error(`${action.type} not allowed on a ${state.status} match`);
  const next: MatchRecord = { ...state, version: action.version, updatedAt: action.at };
  if (action.actorUserId) next.decidedBy = action.actorUserId;
  if (action.type === 'match.decided') next.status = action.decision;
  else if (action.type === 'match.unlinked') next.status = 'UNLINKED';
  else next.status = 'PENDING_REVIEW';
  return next;
}

/**
 * Groups records into persons: connected components over the links in force. Returns, for each
 * record, the id of its group (the smallest record id in it, so the id is stable and derived).
 */
export function groupsOf(records: readonly string[], links: readonly { personA: string; personB: string }[]): Map<string, string> {
  const parent = new Map<string, string>(records.map((r) => [r, r]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let node = x;
    while (node !== root) {
      const next = parent.get(node) ?? root;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { personA, personB } of links) {
    if (!parent.has(personA)) parent.set(personA, personA);
    if (!parent.has(personB)) parent.set(personB, personB);
    const a = find(personA);
    const b = find(personB);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const out = new Map<string, string>();
  for (const r of parent.keys()) out.set(r, find(r));
  return out;
}
