// Interface texts in Spanish (first) and English. Domain messages (validation, problems) come
// translated from src/domain/messages.ts; these catalogues hold only the screens' own words.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../domain/code-lists.ts';
import type { StartTexts } from '../locales/start.ts';
import { registerUsabilityTexts } from '../locales/usability.ts';
import { setApiLanguage, setNetworkMessage } from './api.ts';

export const LANGUAGES: readonly Lang[] = ['es', 'en'];
const STORAGE_KEY = 'enlace.lang';

function initialLanguage(): Lang {
  // The language choice is the only thing the app keeps in the browser: it says nothing about anyone.
  const saved = safeStorageGet(STORAGE_KEY);
  // Spanish first: English only when chosen, whatever the browser's own language.
  return saved === 'en' ? 'en' : 'es';
}

/** The start texts the page brought (Spanish: the build writes them into it, locales/start.ts). */
function pageTexts(): Partial<StartTexts> {
  const text = document.getElementById('enlace-texts')?.textContent;
  try {
    return text ? (JSON.parse(text) as Partial<StartTexts>) : {};
  } catch {
    return {};
  }
}

const loaded = new Set<Lang>();
/** The start texts of a language, from the page or else from their own chunk (English, or a page without them). */
async function loadStartTexts(lang: Lang): Promise<void> {
  if (loaded.has(lang)) return;
  const bundles = pageTexts()[lang] ?? (await import('../locales/start.ts')).START_TEXTS[lang];
  for (const bundle of bundles) i18next.addResourceBundle(lang, 'translation', bundle, true, false);
  loaded.add(lang);
}

export async function setupI18n(): Promise<void> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'es',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // Spanish always: the texts a language lacks are said in it.
  await Promise.all([loadStartTexts('es'), loadStartTexts(lng)]);
  registerUsabilityTexts();
  applyLanguage(lng);
  setNetworkMessage(() => i18next.t('error.network'));
}

function applyLanguage(lang: Lang): void {
  document.documentElement.lang = lang;
  // Also for the server, which writes the main screens into the page in it (src/server/web-screens.ts).
  document.cookie = `enlace_lang=${lang}; path=/; max-age=31536000; samesite=strict`;
  setApiLanguage(lang);
}

export async function changeLanguage(lang: Lang): Promise<void> {
  // The API's language first: screens re-read their data as the language changes, and what the
  // server labels (statistics' values, problems) must come back in the new one.
  applyLanguage(lang);
  await loadStartTexts(lang).catch(() => undefined);
  await i18next.changeLanguage(lang);
  safeStorageSet(STORAGE_KEY, lang);
}

export function currentLang(): Lang {
  return i18next.language === 'en' ? 'en' : 'es';
}

function safeStorageGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeStorageSet(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage may be disabled; the choice then lasts until the page is reloaded.
  }
}
