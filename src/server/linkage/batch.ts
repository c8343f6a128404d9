// Linking every person record the database holds in one batch (a new installation, an import,
// or the demo): the engine's clusters decide automatic links, the rest of the likely pairs go
// to review. Pairs already proposed or decided are left as they are.
import { randomUUID } from 'node:crypto';
import { DEFAULT_THRESHOLDS, groupsOf, LINKING_STATUSES, proposalStatus, type MatchExplanation, type MatchThresholds } from '../../domain/matches.ts';
import { openPersonRow, PERSON_KEY_JOIN, PERSON_WITH_KEY, type KeyColumns, type PersonRow } from '../actions/store.ts';
import { explainLevels, weightToProbability } from '../../linkage/model.ts';
import { linkRecords } from '../../linkage/pipeline.ts';
import type { Database } from '../db/database.ts';
import { canonicalOf } from './linker.ts';

export interface BatchLinkResult {
  records: number;
  proposed: number;
  linked: number;
  toReview: number;
  persons: number;
}

export async function linkAllPersons(db: Database, options: { thresholds?: MatchThresholds; onProgress?: (message: string) => void } = {}): Promise<BatchLinkResult> {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const rows = await db.query<PersonRow & KeyColumns & { key: string; agency_id: string }>(
    `SELECT ${PERSON_WITH_KEY}, a.key, a.id AS agency_id FROM persons p JOIN agencies a ON a.id = p.owner_agency_id ${PERSON_KEY_JOIN} ORDER BY p.id`,
  );
  const result = await linkRecords(rows.map((r) => canonicalOf(r.id, r.key, openPersonRow(db, r))), options.onProgress ? { onProgress: options.onProgress } : {});
  const existing = new Set((await db.query<{ person_a: string; person_b: string }>('SELECT person_a, person_b FROM matches')).map((m) => `${m.person_a}|${m.person_b}`));
  const width = result.model.comparisons.length;
  const proposals: { id: string; a: string; b: string; status: string; explanation: string; probability: number; agency: string }[] = [];
  for (let i = 0; i < result.pairs.left.length; i++) {
    const l = result.pairs.left[i] as number;
    const r = result.pairs.right[i] as number;
    const explained = explainLevels(result.model, result.records[l]!, result.records[r]!, result.pairs.levels, i * width);
    // The pair's weight as the engine clustered it: its fields and the competition among each
    // record's candidates in other agencies, as a record linked on arrival is weighed.
    const weight = result.pairs.weights[i] as number;
    const probability = weightToProbability(weight);
    let status = proposalStatus(probability, thresholds);
    if (!status) continue;
    // The engine refused to merge these clusters (anti-chaining): a person decides, not the score.
    if (status === 'LINKED_AUTO' && result.clusterOf[l] !== result.clusterOf[r]) status = 'PENDING_REVIEW';
    const [a, b] = [rows[l]!.id, rows[r]!.id].sort() as [string, string];
    if (existing.has(`${a}|${b}`)) continue;
    existing.add(`${a}|${b}`);
    const explanation: MatchExplanation = {
      weight: round(weight),
      probability,
      prior: round(explained.prior),
      fields: explained.fields.map((f) => ({ comparison: f.comparison, level: f.level, weight: round(f.weight) })),
      competition: round(weight - explained.weight),
    };
    proposals.push({ id: randomUUID(), a, b, status, explanation: JSON.stringify(explanation), probability, agency: rows[r]!.agency_id });
  }
  const at = new Date().toISOString();
  await db.transaction(async (tx) => {
    for (let start = 0; start < proposals.length; start += 2_000) {
      const chunk = proposals.slice(start, start + 2_000);
      const col = <T,>(f: (p: (typeof proposals)[number]) => T) => chunk.map(f);
      await tx.query(
        `INSERT INTO actions (id, entity_type, entity_id, entity_version, action_type, payload, agency_id, created_at)
         SELECT gen_random_uuid(), 'match', id, 1, 'match.proposed', jsonb_build_object('personA', a, 'personB', b, 'status', status, 'explanation', explanation::jsonb), agency, $7
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[]) AS t(id, a, b, status, explanation, agency)`,
        [col((p) => p.id), col((p) => p.a), col((p) => p.b), col((p) => p.status), col((p) => p.explanation), col((p) => p.agency), at],
      );
      await tx.query(
        `INSERT INTO matches (id, person_a, person_b, status, probability, explanation, version, created_at, updated_at)
         SELECT id, a, b, status, probability, explanation::jsonb, 1, $6, $6
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::float8[], $7::text[]) AS t(id, a, b, status, probability, explanation)`,
        [col((p) => p.id), col((p) => p.a), col((p) => p.b), col((p) => p.status), col((p) => p.probability), at, col((p) => p.explanation)],
      );
    }
    const links = await tx.query<{ person_a: string; person_b: string }>('SELECT person_a, person_b FROM matches WHERE status = ANY($1::text[])', [LINKING_STATUSES]);
    const members = [...new Set(links.flatMap((l) => [l.person_a, l.person_b]))];
    const groups = groupsOf(members, links.map((l) => ({ personA: l.person_a, personB: l.person_b })));
    await tx.query('DELETE FROM person_groups');
    if (members.length > 0) await tx.query('INSERT INTO person_groups (person_id, group_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])', [members, members.map((m) => groups.get(m) as string)]);
  });
  const [persons] = await db.query<{ n: number }>('SELECT count(DISTINCT coalesce(g.group_id, p.id))::int AS n FROM persons p LEFT JOIN person_groups g ON g.person_id = p.id');
  return {
    records: rows.length,
    proposed: proposals.length,
    linked: proposals.filter((p) => p.status === 'LINKED_AUTO').length,
    toReview: proposals.filter((p) => p.status === 'PENDING_REVIEW').length,
    persons: persons?.n ?? 0,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
