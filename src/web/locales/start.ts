// The texts the app needs from its start (the shell, the sign-in and the worklist; those for slow
// and dropped connections, locales/usability.ts, are still in the start code), per language,
// as the bundles i18next takes in turn. The build writes the Spanish ones into the page as JSON
// (vite.config.ts), so they travel with the page, whose bytes arrive while the browser still waits
// for the code (a 2-second round trip on "Slow 3G"), rather than as ~4 KB more of the start code
// after it. lib/i18n.ts reads them there, or loads this module for another language or when the
// page has none (the development server). A new language is one more entry here.
import type { Lang } from '../../domain/code-lists.ts';
import { en } from './en.ts';
import { es } from './es.ts';

export type StartTexts = Record<Lang, readonly object[]>;

export const START_TEXTS: StartTexts = {
  es: [es],
  en: [en],
};
