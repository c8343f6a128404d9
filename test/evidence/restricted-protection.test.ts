// The restricted indicators' summaries (referrals, plans, reparation…) protected as one system of
// additive tables: total = Σ sex rows = Σ child/adult rows (and every filtered answer), counts of a
// row that add up, further rows that add up to the total. Hand-built tables where withholding each
// count of 1–9 on its own leaks by subtraction, and the protected output does not (the auditor's
// linear programs find no withheld count narrower than 10).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditTable, type PublishedCell } from '../../src/disclosure/index.ts';
import { protectRecordCounts, publishedShare, type ProtectedRecords } from '../../src/evidence/index.ts';

const SEX = ['MUJER', 'HOMBRE', 'DESCONOCIDO'];
const CHILD = ['NNA', 'ADULTO', 'DESCONOCIDO'];

// 73 persons in care: 60 women, 10 men, 3 of sex not recorded; 20 children, 50 adults, 3 not recorded.
const IN_CARE: Record<string, Record<string, number>> = {
  MUJER: { NNA: 15, ADULTO: 45, DESCONOCIDO: 0 },
  HOMBRE: { NNA: 5, ADULTO: 5, DESCONOCIDO: 0 },
  DESCONOCIDO: { NNA: 0, ADULTO: 0, DESCONOCIDO: 3 },
};

/** What the reader sees, as the auditor's input: every cell of the system, withheld ones as null. */
function publishedCells(p: ProtectedRecords): PublishedCell[] {
  return [...p.table.cells.values()].map((c) => {
    const value = p.published.get(c.key) ?? null;
    return { key: c.key, coords: c.coords, value, suppressed: value === null ? 'primary' : false };
  });
}

const hide = (n: number) => (n > 0 && n < 10 ? null : n);

test('withholding each count of 1–9 on its own gives one back by subtraction; the protected system does not', () => {
  const p = protectRecordCounts(SEX, CHILD, (sex, childAdult) => ({ total: { inCare: IN_CARE[sex]![childAdult]! } }), { counts: ['inCare'] });
  // The old way: 73 in care, 60 women, 10 men, "not recorded" withheld — 73 − 60 − 10 = 3.
  const naive = publishedCells(p).map((c) => ({ ...c, value: hide(p.table.cells.get(c.key)!.value), suppressed: hide(p.table.cells.get(c.key)!.value) === null ? ('primary' as const) : (false as const) }));
  const leak = auditTable({ cells: naive, relations: p.table.relations });
  assert.equal(leak.safe, false);
  assert.ok(leak.exposed.some((e) => e.exact && e.lower === 3), 'the 3 of sex not recorded is recovered exactly');

  const audit = auditTable({ cells: publishedCells(p), relations: p.table.relations });
  assert.equal(audit.safe, true, JSON.stringify(audit.exposed));
  const total = p.total({});
  const bySex = SEX.map((s) => p.by('sex', s, {}).inCare);
  const byChild = CHILD.map((c) => p.by('childAdult', c, {}).inCare);
  assert.equal(bySex[2], null);
  assert.equal(byChild[2], null);
  // No count of 1–9 is shown anywhere, and no published margin minus published parts gives one.
  for (const v of [total.inCare, ...bySex, ...byChild]) assert.ok(v === null || v === undefined || v === 0 || v >= 10);
  const sexRowsShown = bySex.filter((v) => v !== null);
  if (total.inCare !== null && bySex.filter((v) => v === null).length === 1) assert.fail('one withheld row beside a published total');
  assert.ok(sexRowsShown.length <= 2);
});

test('filtered answers are read from the same protected table: a filter cannot be subtracted from the whole', () => {
  const p = protectRecordCounts(SEX, CHILD, (sex, childAdult) => ({ total: { inCare: IN_CARE[sex]![childAdult]! } }), { counts: ['inCare'] });
  // Women, by child/adult: the crossings; men's rows under the women's filter are zero.
  const women = p.total({ sex: 'MUJER' }).inCare;
  assert.equal(women, p.by('sex', 'MUJER', {}).inCare);
  assert.deepEqual(p.by('sex', 'HOMBRE', { sex: 'MUJER' }), { inCare: 0 });
  const womenByChild = CHILD.map((c) => p.by('childAdult', c, { sex: 'MUJER' }).inCare);
  // Every figure any filter shows is a cell of the audited system.
  const keys = new Set(p.table.cells.keys());
  assert.ok(keys.size === 16 && womenByChild.every((v) => v === null || v === undefined || v === 0 || v >= 10));
  // Men: 5 children, 5 adults: both withheld, and the men's 10 cannot give them back alone.
  assert.deepEqual(['NNA', 'ADULTO'].map((c) => p.by('childAdult', c, { sex: 'HOMBRE' }).inCare), [null, null]);
});

test('counts of a row that add up (sent = accepted + rejected + pending) and rows that add up to the total (by pair) are protected together', () => {
  // Referrals of adult women only; one pair has 2 rejected, the total 50 sent = 45 accepted + 5 rejected.
  const pairs = new Map([
    ['PNP>MIMP', { sent: 30, accepted: 27, rejected: 3, pending: 0 }],
    ['MP>MIMP', { sent: 20, accepted: 18, rejected: 2, pending: 0 }],
  ]);
  const total = { sent: 50, accepted: 45, rejected: 5, pending: 0 };
  const p = protectRecordCounts(
    SEX,
    CHILD,
    (sex, childAdult) => (sex === 'MUJER' && childAdult === 'ADULTO' ? { total, groups: { pairs } } : { total: { sent: 0, accepted: 0, rejected: 0, pending: 0 }, groups: { pairs: new Map() } }),
    { counts: ['sent', 'accepted', 'rejected', 'pending'], sums: [{ total: 'sent', parts: ['accepted', 'rejected', 'pending'] }], groups: { pairs: { additive: ['sent', 'accepted', 'rejected', 'pending'] } } },
  );
  const audit = auditTable({ cells: publishedCells(p), relations: p.table.relations });
  assert.equal(audit.safe, true, JSON.stringify(audit.exposed));
  const shown = p.total({});
  assert.equal(shown.rejected, null);
  // 50 sent and 45 accepted cannot both be published beside a withheld 5 rejected and a published 0 pending.
  assert.ok(shown.sent === null || shown.accepted === null);
  for (const key of pairs.keys()) {
    const row = p.group('pairs', key, {});
    assert.equal(row.rejected, null);
    assert.ok(row.sent === null || row.accepted === null);
    // The pairs are published for all persons only: under a filter, withheld.
    assert.deepEqual(Object.values(p.group('pairs', key, { sex: 'MUJER' })), [null, null, null, null]);
  }
});

test('a rest of a rest: identified = assisted + not assisted, not assisted = reintegrated only + neither', () => {
  // 40 identified, 20 assisted, 15 reintegrated, 10 both: neither = 40 − 20 − 15 + 10 = 15 for women;
  // for men 12 identified, 10 assisted, 10 reintegrated, 10 both: neither = 2.
  const rows: Record<string, Record<string, number>> = { MUJER: { persons: 40, assisted: 20, reintegrated: 15, both: 10 }, HOMBRE: { persons: 12, assisted: 10, reintegrated: 10, both: 10 } };
  const none = { persons: 0, assisted: 0, reintegrated: 0, both: 0 };
  const p = protectRecordCounts(SEX, CHILD, (s, c) => ({ total: c === 'ADULTO' ? (rows[s] ?? none) : none }), {
    counts: ['persons', 'assisted', 'reintegrated', 'both'],
    sums: [
      { total: 'persons', parts: ['assisted'], rest: 'notAssisted' },
      { total: 'assisted', parts: ['both'], rest: 'assistedOnly' },
      { total: 'reintegrated', parts: ['both'], rest: 'reintegratedOnly' },
      { total: 'notAssisted', parts: ['reintegratedOnly'], rest: 'neither' },
    ],
  });
  assert.ok([...p.table.cells.keys()].some((k) => k.includes('neither')));
  const men = p.by('sex', 'HOMBRE', {});
  assert.ok(Object.values(men).some((v) => v === null), 'the 2 men neither assisted nor reintegrated cannot be worked out');
  const audit = auditTable({ cells: publishedCells(p), relations: p.table.relations });
  assert.deepEqual(audit.intervals.filter((i) => i.key.includes('neither') && i.upper > 0 && i.upper - i.lower < 10 && i.lower < 10), []);
});

test('many further rows (130 pairs of agencies) are protected in well under ten seconds, not minutes', () => {
  const pairs = new Map(Array.from({ length: 130 }, (_, i) => [`A${i}>B`, { sent: (i % 13) + 1, accepted: i % 13, rejected: 1 }] as const));
  const total = { sent: 0, accepted: 0, rejected: 0 };
  for (const r of pairs.values()) for (const k of ['sent', 'accepted', 'rejected'] as const) total[k] += r[k];
  const empty = { total: { sent: 0, accepted: 0, rejected: 0 }, groups: { pairs: new Map() } };
  const started = performance.now();
  const p = protectRecordCounts(SEX, CHILD, (s, c) => (s === 'MUJER' && c === 'ADULTO' ? { total, groups: { pairs } } : empty), {
    counts: ['sent', 'accepted', 'rejected'],
    sums: [{ total: 'sent', parts: ['accepted', 'rejected'] }],
    groups: { pairs: { additive: ['sent', 'accepted', 'rejected'] } },
  });
  assert.ok(performance.now() - started < 10_000);
  const audit = auditTable({ cells: publishedCells(p), relations: p.table.relations });
  assert.equal(audit.safe, true);
});

test('a count contained in another (12 due, 10 on time) leaves a rest that is protected, not given back by the difference', () => {
  const due: Record<string, Record<string, number>> = { MUJER: { NNA: 0, ADULTO: 30, DESCONOCIDO: 0 }, HOMBRE: { NNA: 0, ADULTO: 12, DESCONOCIDO: 0 }, DESCONOCIDO: { NNA: 0, ADULTO: 0, DESCONOCIDO: 0 } };
  const onTime: Record<string, Record<string, number>> = { MUJER: { NNA: 0, ADULTO: 25, DESCONOCIDO: 0 }, HOMBRE: { NNA: 0, ADULTO: 10, DESCONOCIDO: 0 }, DESCONOCIDO: { NNA: 0, ADULTO: 0, DESCONOCIDO: 0 } };
  const crossing = (s: string, c: string) => ({ total: { due: due[s]![c]!, onTime: onTime[s]![c]! } });
  const naive = protectRecordCounts(SEX, CHILD, crossing, { counts: ['due', 'onTime'] });
  // Without the rest: 12 men due and 10 on time are published, 2 late by difference.
  assert.deepEqual([naive.by('sex', 'HOMBRE', {}).due, naive.by('sex', 'HOMBRE', {}).onTime], [12, 10]);
  const p = protectRecordCounts(SEX, CHILD, crossing, { counts: ['due', 'onTime'], sums: [{ total: 'due', parts: ['onTime'], rest: 'late' }] });
  const men = p.by('sex', 'HOMBRE', {});
  assert.ok(men.due === null || men.onTime === null, 'the 2 men late cannot be worked out');
  const women = p.by('sex', 'MUJER', {});
  assert.ok(women.due === null || women.onTime === null, 'nor the 5 women late');
  // The auditor sees the rests as unknowns: the small ones keep an interval of 10.
  const audit = auditTable({ cells: publishedCells(p), relations: p.table.relations });
  const small = audit.intervals.filter((i) => i.key.includes('late') && i.upper > 0 && i.upper - i.lower < 10 && i.lower < 10);
  assert.deepEqual(small, []);
});

test('a share only over published counts and a denominator of 10 or more', () => {
  assert.equal(publishedShare(50, 10, 20), 50);
  assert.equal(publishedShare(50, null, 20), null);
  assert.equal(publishedShare(50, 10, null), null);
  assert.equal(publishedShare(100, 0, 9), null);
});
