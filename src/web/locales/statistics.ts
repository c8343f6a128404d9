// Texts of the statistics dashboards (public and internal), Spanish first. Registered when the
// dashboard loads, so the first download does not carry them.
import i18next from 'i18next';
import { en, es } from './statistics-texts.ts';

i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('en', 'translation', en, true, false);
