// The part of i18next the app uses, in ~1 KB instead of ~25 KB gzip: the built app gets this
// module where its code imports 'i18next' (vite.config.ts), so on "Slow 3G" a first visit waits
// half a second less. Same results as i18next for what the app does (checked against i18next
// itself on every text of the catalogues: test/web/texts.test.ts): one namespace, keys with dots
// into nested catalogues, Spanish as the fallback, plurals by Intl.PluralRules (key_one,
// key_other, key_zero for 0), {{name}} values (not escaped: React escapes), defaultValue, lng.
// Type-checked code keeps i18next's types; nothing else of i18next is here.

type Catalogue = { [key: string]: string | Catalogue };
type Options = Record<string, unknown> & { count?: unknown; lng?: string; defaultValue?: unknown };
type Listener = (lng: string) => void;

export type TFunction = (key: string, options?: Options) => string;

const FALLBACK = 'es';
const catalogues = new Map<string, Catalogue>();
const listeners = new Set<Listener>();
const pluralRules = new Map<string, Intl.PluralRules>();
const fixed = new Map<string, TFunction>();
let language = FALLBACK;

function deepMerge(target: Catalogue, source: Catalogue, overwrite: boolean): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'object' && typeof existing === 'object') deepMerge(existing, value, overwrite);
    else if (existing === undefined || overwrite) target[key] = typeof value === 'object' ? structuredClone(value) : value;
  }
}

/** The text at a key; a catalogue key may itself hold a dot ('records.push'), as i18next allows. */
function lookup(node: string | Catalogue | undefined, parts: readonly string[]): string | Catalogue | undefined {
  if (parts.length === 0) return node;
  if (node === undefined || typeof node === 'string') return undefined;
  for (let end = 1; end <= parts.length; end++) {
    const found = lookup(node[parts.slice(0, end).join('.')], parts.slice(end));
    if (found !== undefined) return found;
  }
  return undefined;
}

function pluralSuffix(lng: string, count: number): string {
  let rules = pluralRules.get(lng);
  if (!rules) pluralRules.set(lng, (rules = new Intl.PluralRules(lng)));
  return `_${rules.select(count)}`;
}

/** {{name}} (and {{- name}}) replaced by the option of that name; one not given stays as written. */
function interpolate(text: string, options: Options): string {
  return text.replace(/\{\{-?\s*([^{}]+?)\s*\}\}/g, (whole, name: string) => {
    let value: unknown = options;
    for (const part of name.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    if (value === undefined) return Object.prototype.hasOwnProperty.call(options, name) ? '' : whole;
    return value === null ? '' : String(value);
  });
}

function translate(lng: string, key: string, options: Options = {}): string {
  const codes = lng === FALLBACK ? [lng] : [lng, FALLBACK];
  const plural = options.count !== undefined && typeof options.count !== 'string';
  for (const code of codes) {
    // The most particular form first, as i18next does: key_zero (for 0), key_one/key_other, key.
    const candidates = plural ? [...(options.count === 0 ? [`${key}_zero`] : []), `${key}${pluralSuffix(code, Number(options.count))}`, key] : [key];
    for (const candidate of candidates) {
      const found = lookup(catalogues.get(code), candidate.split('.'));
      // i18next's own words for a key that names a group of texts.
      if (typeof found === 'object') return `key '${candidate} (${code})' returned an object instead of string.`;
      if (found !== undefined) return interpolate(found, options);
    }
  }
  return options.defaultValue !== undefined ? interpolate(String(options.defaultValue), options) : key;
}

function fixedT(lng: string): TFunction {
  let t = fixed.get(lng);
  if (!t) fixed.set(lng, (t = (key, options) => translate(options?.lng ?? lng, key, options)));
  return t;
}

const i18next = {
  get language(): string {
    return language;
  },
  use(_plugin: unknown) {
    return i18next;
  },
  async init(options: { resources?: Record<string, { translation: Catalogue }>; lng?: string }): Promise<TFunction> {
    for (const [lng, { translation }] of Object.entries(options.resources ?? {})) i18next.addResourceBundle(lng, 'translation', translation, true, true);
    language = options.lng ?? FALLBACK;
    return fixedT(language);
  },
  addResourceBundle(lng: string, _namespace: string, resources: Catalogue, _deep = true, overwrite = false) {
    let catalogue = catalogues.get(lng);
    if (!catalogue) catalogues.set(lng, (catalogue = {}));
    deepMerge(catalogue, resources, overwrite);
    return i18next;
  },
  async changeLanguage(lng: string): Promise<TFunction> {
    language = lng;
    for (const listener of [...listeners]) listener(lng);
    return fixedT(lng);
  },
  t(key: string, options?: Options): string {
    return translate(options?.lng ?? language, key, options);
  },
  /** The t of one language: the same function each time, a new one after the language changes (React effects depend on it). */
  getFixedT(lng: string): TFunction {
    return fixedT(lng);
  },
  on(event: 'languageChanged', listener: Listener): void {
    if (event === 'languageChanged') listeners.add(listener);
  },
  off(event: 'languageChanged', listener: Listener): void {
    if (event === 'languageChanged') listeners.delete(listener);
  },
};

export type I18n = typeof i18next;
export default i18next;
