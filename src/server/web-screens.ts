// The main screens written into the page (src/server/web-document.ts), so that on a slow link a
// screen can be read one round trip after its address was opened instead of two (the page, then
// the app's code: 2 s each on "Slow 3G"). Drawn from the answers the page already carries (the
// API's own, asked as the visitor: the same policies decide, the same reads are audited; nothing
// is read here), with the app's words (locales/) and the app's markup and classes, in her
// language. The app draws the same screen out of the document when its code has come, takes over what was
// typed and where the cursor was (lib/served-screen.ts), and then replaces this one.
//   worklist    — her case files' first page, the search form (sent only by the app: a search
//                 by name must not go into an address);
//   case file   — its facts and its history (its forms come with the app);
//   registration — the form, empty, to be typed into at once (web-form.ts);
//   public dashboard — the headline figure, its definition, and the persons by department.
import type { Lang } from '../domain/code-lists.ts';
import { firstReadsOf, isLinkageReviewer } from '../web/lib/first-reads.ts';
import { CASE_FACTS, describeHistory, factRows, historyChanges, historyMeta, PERSON_FACTS } from '../web/lib/case-text.ts';
import { formatDateTime, formatNumber, formatPartialDate } from '../web/lib/format.ts';
import { labelsOf, type Labels } from '../web/lib/labels.ts';
import type { Route } from '../web/lib/routes.ts';
import { defaultFilters, tableQuery } from '../web/lib/statistics-reads.ts';
import texts, { type TFunction } from '../web/lib/texts/i18next.ts';
import type { CaseList, CaseView, CodeListsResponse, HistoryEntry, SessionInfo } from '../web/lib/types.ts';
import { registrationForm } from './web-form.ts';
import { en as careFormsEn, es as careFormsEs } from '../web/locales/care-forms-texts.ts';
import { en } from '../web/locales/en.ts';
import { es } from '../web/locales/es.ts';
import { en as statisticsEn, es as statisticsEs } from '../web/locales/statistics-texts.ts';

// The app's texts (lib/texts/ is the app's own small i18next: the same results).
type Catalogue = Parameters<typeof texts.addResourceBundle>[2];
for (const [lang, bundles] of [
  ['es', [es, careFormsEs, statisticsEs]],
  ['en', [en, careFormsEn, statisticsEn]],
] as const) {
  for (const bundle of bundles) texts.addResourceBundle(lang, 'translation', bundle as Catalogue, true, false);
}

/** A screen written into the page: its markup (what goes into #root) and its name. */
export interface ServedScreen {
  markup: string;
  /** The screen's name, on #root (data-served): lib/served-screen.ts knows when the app's own is ready by it. */
  name: 'list' | 'case' | 'register' | 'publicStatistics';
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The screen at this address from the answers the page carries; undefined when it is not one of these or an answer is missing. */
export function serveScreen(route: Route, pathname: string, reads: Record<string, unknown>, session: SessionInfo | null | undefined, lang: Lang): ServedScreen | undefined {
  const t = texts.getFixedT(lang);
  const codeLists = reads['/api/code-lists'] as CodeListsResponse | undefined;
  if (route.name === 'publicStatistics') return publicStatistics(reads, t, lang);
  if (!session || session.secondFactorPending || session.mustChangePassword || session.mustEnrolSecondFactor || !codeLists) return undefined;
  const labels = labelsOf(codeLists, lang, t('common.unknownFeminine'));
  const { personal } = firstReadsOf(route, pathname, session.user.roles);
  if (route.name === 'list' && !(pathname.replace(/\/+$/, '') === '' && isLinkageReviewer(session.user.roles))) {
    const list = reads[personal[0] ?? ''] as CaseList | undefined;
    if (!list) return undefined;
    return { name: 'list', markup: signedIn(session, pathname, t, caseList(list, labels, t, lang)) };
  }
  if (route.name === 'register') return { name: 'register', markup: signedIn(session, pathname, t, registrationForm(labels, t)) };
  if (route.name === 'case') {
    const view = reads[personal[0] ?? ''] as CaseView | undefined;
    const history = reads[personal[1] ?? ''] as { items: HistoryEntry[] } | undefined;
    if (!view || !history) return undefined;
    return { name: 'case', markup: signedIn(session, pathname, t, caseFile(view, history.items, labels, t)) };
  }
  return undefined;
}

/** The app's header (components/Header.tsx) with her links and the quick exit; its other buttons come with the app. */
function signedIn(session: SessionInfo, pathname: string, t: TFunction, screen: string): string {
  const roles = session.user.roles;
  const can = (permission: string) => session.permissions?.includes(permission) === true;
  const reviewerOnly = roles.includes('VINCULADOR') && !roles.some((r) => r !== 'VINCULADOR' && r !== 'SUPERVISOR');
  const links: [boolean, string, string][] = [
    [!reviewerOnly, '/expedientes', 'nav.caseFiles'],
    [!reviewerOnly, '/expedientes/nuevo', 'nav.register'],
    [!reviewerOnly && can('case.list'), '/seguimiento', 'nav.followUp'],
    [can('import'), '/importaciones', 'nav.imports'],
    [can('import.profiles'), '/importaciones/perfiles', 'nav.profiles'],
    [!reviewerOnly && can('case.read'), '/exportar/htcds', 'nav.htcds'],
    [can('statistics.read'), '/estadisticas/interno', 'nav.statistics'],
    [can('plans.manage'), '/estadisticas/planes', 'nav.regionalPlans'],
    [can('arco') || can('breakGlass'), '/proteccion-datos', 'nav.protection'],
    [can('audit.read'), '/auditoria', 'nav.audit'],
    [can('admin.users'), '/cuentas', 'nav.accounts'],
    [can('admin.users'), '/cuentas/sistemas', 'nav.apiClients'],
    [roles.includes('VINCULADOR'), '/vinculacion', 'nav.linkage'],
  ];
  const current = (path: string) => (pathname === path || (path === '/expedientes' && pathname === '/') ? ' aria-current="page"' : '');
  const nav = links
    .filter(([shown]) => shown)
    .map(([, path, key]) => `<a href="${path}"${current(path)}>${escape(t(key))}</a>`)
    .join('');
  return (
    `<header class="topbar"><a class="skip-link" href="#main">${escape(t('nav.skip'))}</a><span class="brand">Enlace</span><nav aria-label="${escape(t('nav.label'))}">${nav}</nav>` +
    `<div class="topbar-end"><span class="who"><span class="visually-hidden">${escape(t('session.signedInAs'))} </span>${escape(session.user.displayName)}</span>` +
    // Works before the app's code has come (src/web/quick-exit-page.js): a screen with her data needs its way out.
    `<button type="button" class="quick-exit" data-quick-exit title="${escape(t('quickExit.hint'))}">${escape(t('quickExit.label'))}</button></div></header>` +
    `<main id="main" tabindex="-1">${screen}</main>`
  );
}

/** screens/CaseList.tsx with its first page and no search yet. */
function caseList(list: CaseList, labels: Labels, t: TFunction, lang: Lang): string {
  const states = labels
    .values('estadoExpediente')
    .map((v) => `<option value="${escape(v.code)}">${escape(v[lang])}</option>`)
    .join('');
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const rows = list.items
    .map((item) => {
      const shared = item.shared ? `<span class="badge shared" title="${escape(t('list.sharedHint', { agency: item.shared.ownerAgency }))}"> ${escape(t('list.shared', { agency: item.shared.ownerAgency }))}</span>` : '';
      const name = item.shared && !item.shared.identity ? `<em>${escape(t('list.identityNotShared'))}</em>` : escape(item.personName);
      return (
        `<tr><td><a href="/expedientes/${escape(item.id)}" class="code">${escape(item.code)}</a>${shared}</td><td>${name}</td>` +
        `<td>${escape(item.sex ? labels.label('sexo', item.sex) : '—')}</td><td><span class="state state-${escape(item.state)}">${escape(labels.label('estadoExpediente', item.state))}</span></td>` +
        `<td>${escape(labels.label('condicionTrata', item.traffickingStatus))}</td><td>${escape(formatPartialDate(item.detectionDate))}</td><td>${escape(labels.department(item.detectionUbigeo))}</td></tr>`
      );
    })
    .join('');
  const head = ['field.code', 'field.personName', 'field.sex', 'field.state', 'field.traffickingStatus', 'field.detectionDate', 'field.department'].map((key) => `<th scope="col">${escape(t(key))}</th>`).join('');
  return (
    `<section class="page"><div class="page-head"><h1>${escape(t('list.title'))}</h1><a href="/expedientes/nuevo" class="button primary">${escape(t('nav.register'))}</a></div>` +
    // The search is sent by the app (never in an address): until it has come, its button waits.
    `<form class="search card" role="search" aria-label="${escape(t('list.searchLabel'))}" method="post" action="/expedientes">` +
    `<div class="field  grow"><label for="f-q">${escape(t('list.search'))}</label><p class="hint" id="f-q-hint">${escape(t('list.searchHint'))}</p>` +
    `<input id="f-q" name="q" type="search" value="" autocomplete="off" maxlength="100" aria-describedby="f-q-hint" spellcheck="false"></div>` +
    `<div class="field "><label for="f-state">${escape(t('list.state'))}</label><select id="f-state" name="state"><option value="">${escape(t('list.allStates'))}</option>${states}</select></div>` +
    `<div class="search-actions"><button type="submit" class="primary" disabled>${escape(t('list.searchButton'))}</button><button type="button" class="secondary" disabled>${escape(t('list.clear'))}</button></div></form>` +
    `<p class="result-count" role="status" tabindex="-1" aria-live="polite">${escape(t(list.totalAtLeast ? 'list.countAtLeast' : 'list.count', { count: list.total, formatted: formatNumber(list.total, lang) }))}</p>` +
    (list.items.length === 0
      ? `<p>${escape(t('list.empty'))}</p>`
      : `<div class="table-wrap"><table><caption class="visually-hidden">${escape(t('list.caption'))}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`) +
    (list.total > list.pageSize
      ? `<nav class="pagination" aria-label="${escape(t('list.pagination'))}"><button type="button" class="secondary" disabled>${escape(t('list.previous'))}</button><span>${escape(t(list.totalAtLeast ? 'list.pageOfAtLeast' : 'list.pageOf', { page: 1, pages }))}</span><button type="button" class="secondary" disabled>${escape(t('list.next'))}</button></nav>`
      : '') +
    '</section>'
  );
}

/** screens/CaseFile.tsx as it first shows: the file's facts and its history (its forms and later sections come with the app). */
function caseFile(view: CaseView, history: HistoryEntry[], labels: Labels, t: TFunction): string {
  const { caseFile: file, person } = view;
  const facts = (fields: readonly string[], record: object) =>
    `<dl class="facts">${factRows(fields, record, labels, t)
      .map(([, label, text]) => `<div style="display:contents"><dt>${escape(label)}</dt><dd>${escape(text)}</dd></div>`)
      .join('')}</dl>`;
  const entries = history
    .map((item) => {
      const changes = historyChanges(item, labels, t);
      return (
        `<li><p class="history-what" style="margin:0">${escape(describeHistory(item, labels, t))}</p>` +
        `<p class="history-meta" style="margin:0"><time datetime="${escape(item.at)}">${escape(formatDateTime(item.at, labels.lang))}</time>${escape(historyMeta(item, t))}</p>` +
        (item.reason ? `<p class="history-reason">${escape(t('history.reason'))}: ${escape(item.reason)}</p>` : '') +
        (changes.length ? `<ul class="history-changes">${changes.map((line) => `<li>${escape(line.text)}</li>`).join('')}</ul>` : '') +
        '</li>'
      );
    })
    .join('');
  return (
    `<section class="page"><p><a href="/expedientes">← ${escape(t('case.backToList'))}</a></p>` +
    `<div class="case-head"><h1>${escape(t('case.title', { code: file.code }))}</h1><span class="state state-${escape(file.state)}">${escape(labels.label('estadoExpediente', file.state))}</span></div>` +
    `<p><a href="/personas/${escape(file.personId)}">${escape(t('case.acrossAgencies'))}</a></p>` +
    `<p class="lead">${escape(t('case.meta', { version: file.version, created: formatDateTime(file.createdAt, labels.lang), updated: formatDateTime(file.updatedAt, labels.lang) }))}</p>` +
    '<div class="case-grid">' +
    `<section class="card" aria-labelledby="person-title"><div class="card-head"><h2 id="person-title">${escape(t('case.person'))}</h2></div>${person ? facts(PERSON_FACTS, person) : `<p>${escape(t('case.personUnavailable'))}</p>`}</section>` +
    `<section class="card" aria-labelledby="case-title"><div class="card-head"><h2 id="case-title">${escape(t('case.caseFile'))}</h2></div>${facts(CASE_FACTS, file)}</section>` +
    '</div>' +
    `<section class="card" aria-labelledby="history-title" style="margin-top:1rem"><h2 id="history-title">${escape(t('history.title'))}</h2>` +
    (history.length === 0 ? `<p>${escape(t('history.empty'))}</p>` : `<ol class="history">${entries}</ol>`) +
    '</section></section>'
  );
}

interface PublicCatalogue {
  indicators: { id: string; name: string; definition: string; computed: boolean }[];
  years: string[];
}
interface PublicTable {
  dimensions: { name: string; label: string; values: { code: string; label: string }[] }[];
  figures: { coords: Record<string, string>; value: number | null }[];
  disclosure: { note: string };
  dataAsOf: string;
}

/** screens/Statistics.tsx (public) as it first shows: the headline figure for its first filters and the persons by department. */
function publicStatistics(reads: Record<string, unknown>, t: TFunction, lang: Lang): ServedScreen | undefined {
  const catalogue = reads['/api/public/indicators'] as PublicCatalogue | undefined;
  if (!catalogue) return undefined;
  const filters = defaultFilters(catalogue);
  const table = filters.year ? (reads[`/api/public/statistics?${tableQuery('detectionDept', filters)}`] as PublicTable | undefined) : undefined;
  if (!table) return undefined;
  const indicator = catalogue.indicators.find((i) => i.id === filters.indicator);
  const fmt = (v: number | null) => (v === null ? t('statistics.suppressed') : formatNumber(v, lang));
  const grand = table.figures.find((f) => Object.keys(f.coords).length === 0);
  const departments = table.dimensions.find((d) => d.name === 'detectionDept')?.values.filter((v) => /^\d{2}$/.test(v.code)) ?? [];
  const byDepartment = departments
    .map((d) => [d.label, table.figures.find((f) => Object.keys(f.coords).length === 1 && f.coords.detectionDept === d.code)?.value ?? null] as const)
    .map(([name, value]) => `<tr><th scope="row">${escape(name)}</th><td>${escape(fmt(value))}</td></tr>`)
    .join('');
  const title = t('statistics.publicTitle');
  const markup =
    `<header class="topbar topbar-plain"><a class="skip-link" href="#main">${escape(t('nav.skip'))}</a><span class="brand">Enlace</span>` +
    `<div class="topbar-end"><a class="topbar-link" href="/">${escape(t('signIn.submit'))}</a></div></header>` +
    `<main id="main" tabindex="-1"><section class="page statistics"><h1>${escape(title)}</h1><p class="lead">${escape(t('statistics.publicLead'))}</p>` +
    `<p class="status-text" role="status" aria-live="polite">${indicator ? escape(t('statistics.updated', { indicator: indicator.name, year: filters.year })) : ''}</p>` +
    `<div class="figures"><div class="card stats-key"><span class="stats-key-value">${escape(fmt(grand?.value ?? null))}</span> ${escape(t('statistics.persons'))}<div class="hint">${escape(t('statistics.total', { year: filters.year }))}</div></div></div>` +
    (indicator ? `<p><strong>${escape(t('statistics.definition'))}:</strong> ${escape(indicator.definition)}</p>` : '') +
    `<p class="hint">${escape(t('statistics.suppressedNote'))} ${escape(t('statistics.dataAsOf', { date: formatDateTime(table.dataAsOf, lang) }))}</p>` +
    (byDepartment
      ? `<div class="table-wrap"><table><caption>${escape(table.dimensions.find((d) => d.name === 'detectionDept')?.label ?? '')}</caption><thead><tr><th scope="col">${escape(t('field.department'))}</th><th scope="col">${escape(t('statistics.persons'))}</th></tr></thead><tbody>${byDepartment}</tbody></table></div>`
      : '') +
    `<p class="hint">${escape(table.disclosure.note)}</p></section></main>`;
  return { name: 'publicStatistics', markup };
}

/** The title of the screen at this address when it is one written into the page and it does not depend on its data. */
export function servedTitle(route: Route, pathname: string, roles: readonly string[] | undefined, lang: Lang): string | undefined {
  const t = texts.getFixedT(lang);
  if (route.name === 'publicStatistics') return `${t('statistics.publicTitle')} · Enlace`;
  if (route.name === 'register' && roles) return `${t('register.title')} · Enlace`;
  if (route.name === 'list' && roles && !(pathname.replace(/\/+$/, '') === '' && isLinkageReviewer(roles))) return `${t('list.title')} · Enlace`;
  return undefined;
}

/** The language she chose in this browser (the app keeps it in the cookie enlace_lang as well, lib/i18n.ts): Spanish unless English. */
export function chosenLanguage(cookie: string | undefined): Lang {
  return /(?:^|;\s*)enlace_lang=en(?:;|$)/.test(cookie ?? '') ? 'en' : 'es';
}
