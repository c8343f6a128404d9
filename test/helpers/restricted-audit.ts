// What an analyst can work out from the restricted indicators' answers (/api/statistics/referrals,
// plans, reparation…): every answer she can ask for a year — unfiltered, by each sex, by each
// child/adult value, by both — read as cells of additive tables (total = Σ sex rows = Σ child/adult
// rows, a sex's row = Σ its crossings…, counts of a row that add up, further rows that add up to the
// total), then handed to the auditor (linear programming): no withheld count may be narrowed to an
// interval of fewer than 10 values. Figures of 1–9 are never shown; shares only beside their counts.
import assert from 'node:assert/strict';
import { auditTable, type PublishedCell, type Relation } from '../../src/disclosure/index.ts';
import type { Client } from './app.ts';

type Row = Record<string, unknown>;
export interface RestrictedShape {
  counts: readonly string[];
  /** With `rest`: the parts are a subset of the total, the rest never shown (an unknown of the reader). */
  sums?: readonly { total: string; parts: readonly string[]; rest?: string }[];
  /** Further rows of the answer (field of the answer), their key, their counts and those adding up to the total. */
  groups?: readonly { field: string; key: (row: Row) => string; counts: readonly string[]; additive: readonly string[] }[];
  /** Shares: field, numerator, denominator (or a function of the row's published counts). */
  shares?: readonly { field: string; numerator: string; denominator: string | ((row: Row) => number | null) }[];
}

/** Audits every answer of a restricted route for a year; returns the unfiltered answer. */
export async function assertRestrictedProtected(client: Client, path: string, year: string | undefined, shape: RestrictedShape): Promise<Row> {
  const catalogue = (await client.request('GET', '/api/public/indicators')).json() as { dimensions: { name: string; values: { code: string }[] }[] };
  const values = (d: string) => catalogue.dimensions.find((x) => x.name === d)!.values.map((v) => v.code);
  const sexes = values('sex');
  const children = values('childAdult');
  const ask = async (filter: { sex?: string; childAdult?: string }) => {
    const q = new URLSearchParams({ ...(year ? { year } : {}), ...filter });
    const res = await client.request('GET', `${path}?${q.toString()}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Row;
  };
  const cells = new Map<string, number | null>();
  const relations: Relation[] = [];
  const put = (key: string, value: unknown) => {
    const v = value === undefined ? 0 : (value as number | null);
    assert.ok(v === null || v === 0 || v >= 10, `${path} ${key}: ${v} is a count of 1–9`);
    const before = cells.get(key);
    if (before !== undefined) assert.equal(v, before, `${path} ${key} differs between answers`);
    cells.set(key, v);
  };
  const rowOf = (rows: unknown, field: string, value: string): Row | undefined => (rows as Row[]).find((r) => r[field] === value);
  const where = (sex?: string, child?: string) => `${sex ?? '*'}|${child ?? '*'}`;
  const checkShares = (row: Row, at: string) => {
    for (const s of shape.shares ?? []) {
      if (row[s.field] === null || row[s.field] === undefined) continue;
      const num = row[s.numerator] as number | null;
      const den = typeof s.denominator === 'string' ? (row[s.denominator] as number | null) : s.denominator(row);
      assert.ok(num !== null && den !== null && den >= 10, `${path} ${at}: ${s.field} shown over a withheld or small count`);
    }
  };
  const record = (row: Row | undefined, scope: string, counts: readonly string[], at: string) => {
    for (const c of counts) put(`${scope}/${c}/${at}`, row?.[c] ?? 0);
    if (row) checkShares(row, `${scope} ${at}`);
  };
  const answers: { sex?: string; child?: string; body: Row }[] = [{ body: await ask({}) }];
  for (const sex of sexes) answers.push({ sex, body: await ask({ sex }) });
  for (const child of children) answers.push({ child, body: await ask({ childAdult: child }) });
  for (const sex of sexes) for (const child of children) answers.push({ sex, child, body: await ask({ sex, childAdult: child }) });
  const groupKeys = new Map<string, Set<string>>();
  for (const { sex, child, body } of answers) {
    record(body, 'total', shape.counts, where(sex, child));
    for (const s of sex === undefined ? sexes : [sex]) record(rowOf(body.bySex, 'sex', s), 'total', shape.counts, where(s, child));
    for (const c of child === undefined ? children : [child]) record(rowOf(body.byChildAdult, 'childAdult', c), 'total', shape.counts, where(sex, c));
    for (const g of shape.groups ?? []) {
      if (!groupKeys.has(g.field)) groupKeys.set(g.field, new Set());
      for (const row of body[g.field] as Row[]) {
        groupKeys.get(g.field)!.add(g.key(row));
        record(row, `${g.field}:${g.key(row)}`, g.counts, where(sex, child));
      }
    }
  }
  // Rows an answer leaves out count nothing: zeros, as the reader takes them.
  const scopes: { scope: string; counts: readonly string[] }[] = [{ scope: 'total', counts: shape.counts }];
  for (const g of shape.groups ?? []) for (const key of groupKeys.get(g.field) ?? []) scopes.push({ scope: `${g.field}:${key}`, counts: g.counts });
  const ats = [where(), ...sexes.map((s) => where(s)), ...children.map((c) => where(undefined, c)), ...sexes.flatMap((s) => children.map((c) => where(s, c)))];
  for (const { scope, counts } of scopes) {
    for (const c of counts) {
      for (const at of ats) if (!cells.has(`${scope}/${c}/${at}`)) put(`${scope}/${c}/${at}`, 0);
      const k = (s?: string, a?: string) => `${scope}/${c}/${where(s, a)}`;
      relations.push({ total: k(), parts: sexes.map((s) => k(s)) }, { total: k(), parts: children.map((a) => k(undefined, a)) });
      for (const s of sexes) relations.push({ total: k(s), parts: children.map((a) => k(s, a)) });
      for (const a of children) relations.push({ total: k(undefined, a), parts: sexes.map((s) => k(s, a)) });
    }
    const available = new Set(counts);
    for (const sum of shape.sums ?? []) {
      if (![sum.total, ...sum.parts].every((c) => available.has(c))) continue;
      if (sum.rest !== undefined) available.add(sum.rest);
      for (const at of ats) {
        const rest = sum.rest === undefined ? [] : [`${scope}/${sum.rest}/${at}`];
        for (const r of rest) cells.set(r, null);
        relations.push({ total: `${scope}/${sum.total}/${at}`, parts: [...sum.parts.map((p) => `${scope}/${p}/${at}`), ...rest] });
      }
    }
  }
  for (const g of shape.groups ?? []) {
    const keys = [...(groupKeys.get(g.field) ?? [])];
    if (keys.length === 0) continue;
    for (const c of g.additive) for (const at of ats) relations.push({ total: `total/${c}/${at}`, parts: keys.map((key) => `${g.field}:${key}/${c}/${at}`) });
  }
  const published: PublishedCell[] = [...cells].map(([key, value]) => ({ key, coords: {}, value, suppressed: value === null ? 'primary' : false }));
  // Relations the true figures do not satisfy are not known to the reader (e.g. a state not counted
  // apart): drop those whose published parts alone already exceed their published total.
  const known = relations.filter((r) => {
    const total = cells.get(r.total);
    if (total === null || total === undefined) return true;
    const shown = r.parts.reduce((s, p) => s + (cells.get(p) ?? 0), 0);
    const hidden = r.parts.some((p) => cells.get(p) === null);
    return hidden ? shown <= total : shown === total;
  });
  const report = auditTable({ cells: published, relations: known });
  // A withheld count the reader can place within fewer than 10 values, unless she can only tell it is
  // 10 or more, or 0 (a zero is published anyway).
  const exposed = report.exposed.filter((e) => e.lower < 10 && e.upper > 0);
  assert.deepEqual(exposed.slice(0, 3), [], `${path}: withheld counts recoverable`);
  return answers[0]!.body;
}

const GOAL_STATUSES = ['achieved', 'partly', 'notAchieved', 'open', 'dropped'];
/** B7 (/api/statistics/plans) as the reader sees it: goals by status, the rests never shown, the share. */
export const PLANS_SHAPE: RestrictedShape = {
  counts: ['inCare', 'due', 'onTime', 'withPlan', 'goalsMet'],
  groups: [{ field: 'goalsByDimension', key: (g) => String(g.dimension), counts: ['goals', ...GOAL_STATUSES], additive: [] }],
  sums: [
    { total: 'goals', parts: GOAL_STATUSES },
    { total: 'inCare', parts: ['due'], rest: 'notDue' },
    { total: 'due', parts: ['onTime'], rest: 'late' },
    { total: 'withPlan', parts: ['goalsMet'], rest: 'goalsNotMet' },
  ],
  shares: [{ field: 'percentOnTime', numerator: 'onTime', denominator: 'due' }],
};

/** C12 (/api/statistics/reparation) as the reader sees it. */
export const REPARATION_SHAPE: RestrictedShape = {
  counts: ['proceedings', 'proceedingsWithReparation', 'persons', 'ordered', 'paid', 'paidInPart', 'civilParty'],
  sums: [
    { total: 'proceedings', parts: ['proceedingsWithReparation'], rest: 'withoutReparation' },
    { total: 'persons', parts: ['ordered'], rest: 'notOrdered' },
    { total: 'ordered', parts: ['paid', 'paidInPart'], rest: 'unpaid' },
    { total: 'persons', parts: ['civilParty'], rest: 'notCivilParty' },
  ],
};
