import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayNumber, dayNumberOf, isoDayOf, yearsBetween } from '../../src/synthetic/calendar.ts';
import { Random, Weighted, WindowShuffler, mixSeed } from '../../src/synthetic/index.ts';
import { applyTypo, dropAccents, firstLetterSlip } from '../../src/synthetic/variations.ts';

describe('calendar', () => {
  it('agrees with Date on every day from 1960 to 2040', () => {
    for (let day = dayNumber(1960, 1, 1); day <= dayNumber(2040, 12, 31); day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      assert.equal(isoDayOf(day), iso);
      if (day % 97 === 0) assert.equal(dayNumberOf(iso), day);
    }
  });

  it('counts whole years', () => {
    assert.equal(yearsBetween('2008-03-01', '2025-02-28'), 16);
    assert.equal(yearsBetween('2008-03-01', '2025-03-01'), 17);
  });
});

describe('random building blocks', () => {
  it('draws the same numbers for the same seed, in range', () => {
    const a = new Random(mixSeed(1, 2));
    const b = new Random(mixSeed(1, 2));
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      assert.equal(x, b.next());
      assert.ok(x >= 0 && x < 1);
    }
    assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
  });

  it('draws weighted items in proportion', () => {
    const table = new Weighted([['a', 3], ['b', 1]] as const);
    const random = new Random(9);
    let a = 0;
    for (let i = 0; i < 20_000; i++) if (table.draw(random) === 'a') a++;
    assert.ok(Math.abs(a / 20_000 - 0.75) < 0.02);
    assert.equal(table.share('b'), 0.25);
  });

  it('shuffles within a window without losing or repeating an item', () => {
    for (const window of [0, 1, 7, 256]) {
      const shuffler = new WindowShuffler<number>(window, new Random(3));
      const out: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const item = shuffler.push(i);
        if (item !== undefined) out.push(item);
      }
      out.push(...shuffler.drain());
      assert.deepEqual([...out].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
      if (window <= 1) assert.deepEqual(out, Array.from({ length: 1000 }, (_, i) => i));
      else assert.notDeepEqual(out, Array.from({ length: 1000 }, (_, i) => i));
    }
  });
});

describe('variations', () => {
  it('drops accents and ñ, keeping the case', () => {
    assert.equal(dropAccents('Huamán Ñahui Peña'), 'Huaman Nahui Pena');
    assert.equal(dropAccents('MARÍA'), 'MARIA');
    assert.equal(dropAccents('Quispe'), 'Quispe');
  });

  it('makes one typo of the asked kind, never on the first letter, keeping a valid name', () => {
    const random = new Random(1);
    for (const kind of ['TYPO_TRANSPOSITION', 'TYPO_DELETION', 'TYPO_INSERTION', 'TYPO_SUBSTITUTION'] as const) {
      for (let i = 0; i < 200; i++) {
        const typed = applyTypo('Condori Mamani', kind, random);
        if (typed === undefined) continue;
        assert.notEqual(typed, 'Condori Mamani');
        assert.match(typed, /^[CM]\p{L}+ M\p{L}+$|^C\p{L}+ M\p{L}+$/u);
        const lengthChange = typed.length - 'Condori Mamani'.length;
        assert.equal(lengthChange, kind === 'TYPO_DELETION' ? -1 : kind === 'TYPO_INSERTION' ? 1 : 0);
      }
    }
    assert.equal(applyTypo('Li', 'TYPO_DELETION', random), undefined);
  });

  it('gets a first letter wrong the way registries do: a letter that sounds alike, or a neighbouring key', () => {
    const random = new Random(7);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const slipped = firstLetterSlip('Vilca', random);
      assert.ok(slipped !== undefined && slipped !== 'Vilca');
      assert.equal(slipped.slice(1), 'ilca', slipped);
      seen.add(slipped);
    }
    assert.ok(seen.has('Bilca'), [...seen].join(' '));
    for (let i = 0; i < 100; i++) {
      const slipped = firstLetterSlip('HUAMÁN', random) as string;
      assert.equal(slipped, slipped.toUpperCase());
      assert.ok(slipped.endsWith('AMÁN'), slipped);
    }
    const ana = new Set<string>();
    for (let i = 0; i < 100; i++) ana.add(firstLetterSlip('Ana', random) as string);
    assert.ok(ana.has('Hana'), [...ana].join(' '));
    assert.equal(firstLetterSlip('Li', random), undefined);
  });
});
