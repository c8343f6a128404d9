// The built app translates with lib/texts/i18next.ts instead of i18next (vite.config.ts): it must
// give what i18next gives, for every text of every catalogue in both languages, with counts that
// pick each plural form, values given, missing or empty, a language asked for, defaultValue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import small from '../../src/web/lib/texts/i18next.ts';
import { en } from '../../src/web/locales/en.ts';
import { es } from '../../src/web/locales/es.ts';

await i18next.init({ resources: { es: { translation: es }, en: { translation: en } }, lng: 'es', fallbackLng: 'es', interpolation: { escapeValue: false }, returnNull: false });
// Every catalogue that registers itself when its screen loads (they call i18next.addResourceBundle on import).
const { registerUsabilityTexts } = await import('../../src/web/locales/usability.ts');
registerUsabilityTexts();
for (const name of ['access', 'care-forms', 'followup', 'imports', 'integration', 'linkage', 'plans', 'statistics']) await import(`../../src/web/locales/${name}.ts`);

type Tree = { [key: string]: string | Tree };
const full = { es: i18next.getResourceBundle('es', 'translation') as Tree, en: i18next.getResourceBundle('en', 'translation') as Tree };
await small.init({ resources: { es: { translation: full.es }, en: { translation: full.en } }, lng: 'es' });

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));
}
/** The base keys (plural forms folded), every one of both languages. */
const keys = [...new Set([...keysOf(full.es), ...keysOf(full.en)].map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')))];

test('the catalogues are all there (the comparison below covers something)', () => {
  assert.ok(keys.length > 500, `${keys.length} keys`);
  assert.ok(keys.some((key) => /\{\{/.test(i18next.t(key))), 'some texts take values');
  assert.ok(keysOf(full.es).some((key) => key.endsWith('_one')), 'some texts have plural forms');
});

test('every text comes out as i18next gives it, in Spanish and in English', async () => {
  const optionSets: Record<string, unknown>[] = [
    {},
    { count: 0 },
    { count: 1 },
    { count: 2 },
    { count: 1_000_000 },
    { count: '3' },
  ];
  let compared = 0;
  for (const lng of ['es', 'en']) {
    await i18next.changeLanguage(lng);
    await small.changeLanguage(lng);
    for (const key of keys) {
      // Every value the text names, given (a word, a number, 0, an empty string) and also missing.
      const names = [...new Set([...i18next.t(key, { count: 2 }).matchAll(/\{\{-?\s*([^{}]+?)\s*\}\}/g), ...String(i18next.t(key)).matchAll(/\{\{-?\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1] ?? ''))];
      const valueSets = [Object.fromEntries(names.map((name, i) => [name, `v${i} <b>&`])), Object.fromEntries(names.map((name) => [name, 0])), Object.fromEntries(names.map((name) => [name, ''])), Object.fromEntries(names.slice(1).map((name) => [name, 'x']))];
      for (const options of optionSets) {
        for (const values of valueSets) {
          const all = { ...values, ...options };
          assert.equal(small.t(key, all), i18next.t(key, all), `${lng} ${key} ${JSON.stringify(all)}`);
          compared++;
        }
      }
      // The other language asked for by name.
      const other = lng === 'es' ? 'en' : 'es';
      assert.equal(small.t(key, { lng: other, count: 1 }), i18next.t(key, { lng: other, count: 1 }), `${key} in ${other}`);
    }
  }
  assert.ok(compared > 10_000, `${compared} comparisons`);
});

test('a missing text: its defaultValue (with values), else the key; one only in Spanish falls back to it', async () => {
  for (const lng of ['es', 'en']) {
    await i18next.changeLanguage(lng);
    await small.changeLanguage(lng);
    for (const [key, options] of [
      ['nowhere.at.all', {}],
      ['nowhere.at.all', { defaultValue: 'Algo {{x}}', x: 'y' }],
      ['common', {}],
      ['common.loading.deeper', { count: 1 }],
    ] as const) {
      assert.equal(small.t(key, options), i18next.t(key, options), `${lng} ${key}`);
    }
  }
  small.addResourceBundle('es', 'translation', { onlyHere: { text: 'Solo en castellano' } }, true, false);
  i18next.addResourceBundle('es', 'translation', { onlyHere: { text: 'Solo en castellano' } }, true, false);
  assert.equal(small.t('onlyHere.text', { lng: 'en' }), i18next.t('onlyHere.text', { lng: 'en' }));
  assert.equal(small.t('onlyHere.text', { lng: 'en' }), 'Solo en castellano');
});

test('a bundle added later does not overwrite what is there, merges what is new; the language change is told and t changes with it', async () => {
  await small.changeLanguage('es');
  const before = small.getFixedT('es');
  small.addResourceBundle('es', 'translation', { common: { loading: 'OTRO', brandNew: 'Nuevo' } }, true, false);
  assert.equal(small.t('common.loading'), i18next.t('common.loading', { lng: 'es' }));
  assert.equal(small.t('common.brandNew'), 'Nuevo');
  assert.equal(small.getFixedT('es'), before, 'the same t while the language stays');
  const told: string[] = [];
  const listener = (lng: string) => told.push(lng);
  small.on('languageChanged', listener);
  await small.changeLanguage('en');
  small.off('languageChanged', listener);
  await small.changeLanguage('es');
  assert.deepEqual(told, ['en']);
  assert.notEqual(small.getFixedT('en'), before);
  assert.equal(small.getFixedT('en')('common.loading'), i18next.t('common.loading', { lng: 'en' }));
});
