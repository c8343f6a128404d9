// Texts of the follow-up forms (referral, reintegration plan, shelter stay, criminal proceeding,
// case closure), Spanish first. Registered when a form's code loads.
import i18next from 'i18next';
import { en, es } from './care-forms-texts.ts';

i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('en', 'translation', en, true, false);
