// ISO 3166-1 alpha-3 countries with Spanish and English names.
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import type { Lang } from './code-lists.ts';

countries.registerLocale(es);
countries.registerLocale(en);

// The codes alone are in country-codes.ts (small enough for the browser), held equal to this list by a test.
export { COUNTRY_CODES, isCountry } from './country-codes.ts';

export function countryName(code: string, lang: Lang): string {
  return countries.getName(code, lang) ?? code;
}

export const PERU = 'PER';
