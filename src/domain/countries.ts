// ISO 3166-1 alpha-3 countries with Spanish and English names.
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import type { Lang } from './code-lists.ts';

countries.registerLocale(es);
countries.registerLocale(en);

export const COUNTRY_CODES: readonly string[] = Object.keys(countries.getAlpha3Codes()).sort();
const known = new Set(COUNTRY_CODES);

export function isCountry(code: string): boolean {
  return known.has(code);
}

export function countryName(code: string, lang: Lang): string {
  return countries.getName(code, lang) ?? code;
}

export const PERU = 'PER';
