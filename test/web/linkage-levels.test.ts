// Every level the linkage engine can report reaches the reviewer in her language: the engine
// names its levels in English prose, the review screen looks each up by levelKey.
import assert from 'node:assert/strict';
import test from 'node:test';
import i18next from 'i18next';
import { DEFAULT_COMPARISONS } from '../../src/linkage/comparisons.ts';

// The catalogue registers itself with i18next on import, as the screen loads it.
await i18next.init({ resources: {}, lng: 'es' });
const { levelKey, linkageTexts } = await import('../../src/web/locales/linkage.ts');

test('every comparison level the engine reports has a label in Spanish and in English', () => {
  const levels = new Set(DEFAULT_COMPARISONS.flatMap((c) => c.levels.slice(1)));
  assert.ok(levels.size > 20, 'the engine reports levels');
  for (const level of levels) {
    const key = levelKey(level);
    const es: Record<string, string> = linkageTexts.es.linkage.levels;
    const en: Record<string, string> = linkageTexts.en.linkage.levels;
    assert.ok(es[key], `Spanish label for "${level}" (${key})`);
    assert.ok(en[key], `English label for "${level}" (${key})`);
  }
});

test('level keys are i18next keys: no separators, distinct for distinct levels', () => {
  assert.equal(levelKey('jaro-winkler ≥ 0.92'), 'jaro_winkler_0_92');
  assert.notEqual(levelKey('jaro-winkler ≥ 0.9'), levelKey('jaro-winkler ≥ 0.92'));
  const all = DEFAULT_COMPARISONS.flatMap((c) => c.levels.slice(1));
  const byKey = new Map<string, string>();
  for (const level of all) {
    const seen = byKey.get(levelKey(level));
    assert.ok(seen === undefined || seen === level, `"${seen}" and "${level}" share a key`);
    byKey.set(levelKey(level), level);
  }
});
