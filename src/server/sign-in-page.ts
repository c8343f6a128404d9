// The sign-in screen written into the page for a visitor who is not signed in, with the small
// script that makes it work (src/web/sign-in-page.js), so that on a slow link the form is there
// and usable one round trip after the address was opened, not after the app's code has come too.
// The markup is the app's own sign-in screen (screens/SignIn.tsx, components/fields.tsx) with the
// app's texts, Spanish first; the script shows English when that was chosen. The app takes the
// form over when its code arrives (lib/static-sign-in.ts). The script is inline, allowed by its
// hash in the page's Content-Security-Policy: no other inline script runs.
import { en } from '../web/locales/en.ts';
import { es } from '../web/locales/es.ts';
import { inlineScript, QUICK_EXIT } from './inline-script.ts';

const script = inlineScript(new URL('../web/sign-in-page.js', import.meta.url));

/** The CSP sources that let the page's sign-in and quick-exit scripts, and only them, run inline. */
export const SIGN_IN_SCRIPT_HASHES = `${script.hash} ${QUICK_EXIT.hash}`;

type Catalogue = typeof es;
const pick = (c: Catalogue) => ({
  'signIn.title': c.signIn.title,
  'signIn.lead': c.signIn.lead,
  'signIn.username': c.signIn.username,
  'signIn.password': c.signIn.password,
  'signIn.submit': c.signIn.submit,
  'signIn.busy': c.signIn.busy,
  'common.required': c.common.required,
  'error.network': c.error.network,
  'language.label': c.language.label,
  'quickExit.label': c.quickExit.label,
  'quickExit.hint': c.quickExit.hint,
  'nav.publicStatistics': c.nav.publicStatistics,
});
const TEXTS = { es: pick(es), en: pick(en as Catalogue) };
type Key = keyof (typeof TEXTS)['es'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const say = (key: Key) => `data-t="${key}">${escape(TEXTS.es[key])}`;

function field(name: 'username' | 'password', type: string, autoComplete: string, autofocus: boolean): string {
  return (
    `<div class="field"><label for="f-${name}"><span ${say(`signIn.${name}`)}</span><span class="required" aria-hidden="true"> *</span></label>` +
    `<input id="f-${name}" name="${name}" type="${type}" autocomplete="${autoComplete}"${autofocus ? ' autofocus' : ''} aria-required="true" spellcheck="false">` +
    `<p class="field-error" id="f-${name}-error" hidden ${say('common.required')}</p></div>`
  );
}

/** What goes into the page's #root: the signed-out bar and the sign-in form, as the app draws them. */
export const SIGN_IN_MARKUP =
  '<header class="topbar topbar-plain"><span class="brand">Enlace</span><div class="topbar-end">' +
  `<div class="lang-switch" role="group" aria-label="${escape(TEXTS.es['language.label'])}" data-t-label="language.label">` +
  '<button type="button" lang="es" aria-pressed="true" data-lang="es">Español</button><button type="button" lang="en" aria-pressed="false" data-lang="en">English</button></div>' +
  `<button type="button" class="quick-exit" data-quick-exit title="${escape(TEXTS.es['quickExit.hint'])}" data-t-title="quickExit.hint" ${say('quickExit.label')}</button></div></header>` +
  // method="post": should the script not run, the browser never puts the password into an address.
  '<main id="main" class="signin"><form class="card" id="enlace-signin" method="post" action="/" novalidate aria-labelledby="signin-title">' +
  `<h1 id="signin-title" ${say('signIn.title')}</h1><p class="lead" ${say('signIn.lead')}</p>` +
  '<div class="alert" role="alert" tabindex="-1" hidden></div>' +
  field('username', 'text', 'username', true) +
  field('password', 'password', 'current-password', false) +
  `<button type="submit" class="primary" ${say('signIn.submit')}</button></form></main>` +
  `<p class="public-statistics-link"><a href="/estadisticas" ${say('nav.publicStatistics')}</a></p>`;

/** Goes after #root: the texts in both languages (JSON, not run) and the script. */
export const SIGN_IN_SCRIPT = `<script type="application/json" id="enlace-signin-texts">${JSON.stringify(TEXTS).replace(/</g, '\\u003c')}</script>${script.tag}${QUICK_EXIT.tag}`;

export const SIGN_IN_TITLE = `${escape(TEXTS.es['signIn.title'])} · Enlace`;
