// The part of react-i18next the app uses, over lib/texts/i18next.ts: the built app gets this
// module where its code imports 'react-i18next' (vite.config.ts). useTranslation() gives the t
// of the current language and redraws the component when the language changes; t is the same
// function until then, a new one after (effects that depend on it run again, as with react-i18next).
import { useEffect, useState } from 'react';
import i18next, { type I18n, type TFunction } from './i18next.ts';

export const initReactI18next = { type: '3rdParty' as const, init(_i18n: unknown): void {} };

export function useTranslation(): { t: TFunction; i18n: I18n; ready: boolean } {
  const [language, setLanguage] = useState(i18next.language);
  useEffect(() => {
    const changed = (lng: string) => setLanguage(lng);
    i18next.on('languageChanged', changed);
    // A change between the first drawing and this effect is not missed.
    if (i18next.language !== language) setLanguage(i18next.language);
    return () => i18next.off('languageChanged', changed);
  }, []);
  return { t: i18next.getFixedT(language), i18n: i18next, ready: true };
}
