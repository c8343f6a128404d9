// The registration form (screens/RegisterCase.tsx, components/PersonFields.tsx, CaseFileFields.tsx)
// written into the page as the app first draws it, empty, with the app's field ids, names, labels
// and hints, so that on a slow link she can start typing one round trip after opening the
// address. What needs the app (adding a document or a nationality, a field shown by another's
// answer, sending) waits for it: those buttons are disabled until it has come; it then takes over
// what was typed and chosen (lib/served-screen.ts) and keeps it as a draft, as ever.
import { todayInPeru } from '../domain/dates.ts';
import type { CodeListName } from '../domain/code-lists.ts';
import type { Labels } from '../web/lib/labels.ts';
import type { TFunction } from '../web/lib/texts/i18next.ts';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface Option {
  value: string;
  label: string;
}
interface Common {
  path: string;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
}

const required = (on: boolean | undefined) => (on ? '<span class="required" aria-hidden="true"> *</span>' : '');
const hintOf = (id: string, hint: string | undefined) => (hint ? `<p class="hint" id="${id}-hint">${escape(hint)}</p>` : '');
const describedBy = (id: string, hint: string | undefined) => (hint ? ` aria-describedby="${id}-hint"` : '');

function textField(c: Common & { type?: string; maxLength?: number; placeholder?: string; max?: string; inputMode?: string }): string {
  const id = fieldId(c.path);
  return (
    `<div class="field  ${c.className ?? ''}"><label for="${id}">${escape(c.label)}${required(c.required)}</label>${hintOf(id, c.hint)}` +
    `<input id="${id}" name="${escape(c.path)}" type="${c.type ?? 'text'}" value=""${c.inputMode ? ` inputmode="${c.inputMode}"` : ''} autocomplete="off"${c.maxLength ? ` maxlength="${c.maxLength}"` : ''}` +
    `${c.placeholder ? ` placeholder="${escape(c.placeholder)}"` : ''}${c.max ? ` max="${c.max}"` : ''}${c.required ? ' aria-required="true"' : ''}${describedBy(id, c.hint)} spellcheck="false"></div>`
  );
}

function textArea(c: Common & { maxLength: number; rows: number }): string {
  const id = fieldId(c.path);
  return `<div class="field  ${c.className ?? ''}"><label for="${id}">${escape(c.label)}${required(c.required)}</label>${hintOf(id, c.hint)}<textarea id="${id}" name="${escape(c.path)}" rows="${c.rows}" maxlength="${c.maxLength}"${describedBy(id, c.hint)}></textarea></div>`;
}

function selectField(c: Common & { options: readonly Option[]; value?: string; emptyLabel?: string }): string {
  const id = fieldId(c.path);
  const options = [...(c.emptyLabel !== undefined ? [{ value: '', label: c.emptyLabel }] : []), ...c.options]
    .map((o) => `<option value="${escape(o.value)}"${o.value === (c.value ?? '') ? ' selected' : ''}>${escape(o.label)}</option>`)
    .join('');
  return `<div class="field  ${c.className ?? ''}"><label for="${id}">${escape(c.label)}${required(c.required)}</label>${hintOf(id, c.hint)}<select id="${id}" name="${escape(c.path)}"${c.required ? ' aria-required="true"' : ''}${describedBy(id, c.hint)}>${options}</select></div>`;
}

function choices(kind: 'radio' | 'checkbox', c: Common & { options: readonly Option[]; value?: string; columns?: number }): string {
  const id = fieldId(c.path);
  const items = c.options
    .map((o) => `<label class="choice"><input type="${kind}" name="${escape(c.path)}" value="${escape(o.value)}"${o.value === c.value ? ' checked' : ''}${kind === 'radio' && c.required ? ' required' : ''}><span>${escape(o.label)}</span></label>`)
    .join('');
  return `<fieldset id="${id}" class="field choices  "${describedBy(id, c.hint)}><legend>${escape(c.label)}${required(c.required)}</legend>${hintOf(id, c.hint)}<div class="choice-list cols-${c.columns ?? (kind === 'radio' ? 3 : 2)}">${items}</div></fieldset>`;
}

const more = (summary: string, inner: string) => `<details class="more"><summary>${escape(summary)}</summary>${inner}</details>`;

/** The registration screen, empty, as the app draws it (its buttons that need the app disabled until it comes). */
export function registrationForm(labels: Labels, t: TFunction): string {
  const options = (list: CodeListName) => labels.values(list).map((v) => ({ value: v.code, label: v[labels.lang] }));
  const departments = labels.data.departments.map((d) => ({ value: d.code, label: d.name }));
  const countries = labels.sortedCountries().map((c) => ({ value: c.code, label: c.name }));
  const p = (field: string) => `person.${field}`;
  const c = (field: string) => `caseFile.${field}`;
  const today = todayInPeru();
  const nationalities = fieldId(p('nationalities'));
  const place = (path: string, title: string) =>
    `<div class="place"><p class="place-title">${escape(title)}</p><div class="grid cols-3">` +
    selectField({ path: `${path}.country`, label: t('field.country'), options: [{ value: 'PER', label: labels.country('PER') }, ...countries.filter((x) => x.value !== 'PER')], emptyLabel: t('common.notRecorded') }) +
    textField({ path: `${path}.description`, label: t('field.placeDescription'), maxLength: 300 }) +
    '</div></div>';

  const person =
    `<fieldset class="section"><legend>${escape(t('section.names'))}</legend><p class="hint">${escape(t('hint.names'))}</p><div class="grid cols-3">` +
    textField({ path: p('givenNames'), label: t('field.givenNames'), maxLength: 100 }) +
    textField({ path: p('paternalSurname'), label: t('field.paternalSurname'), maxLength: 80 }) +
    textField({ path: p('maternalSurname'), label: t('field.maternalSurname'), maxLength: 80 }) +
    '</div>' +
    more(
      t('section.otherNames'),
      '<div class="grid cols-2">' +
        textField({ path: p('fullName'), label: t('field.fullName'), hint: t('hint.fullName'), maxLength: 200 }) +
        textField({ path: p('socialName'), label: t('field.socialName'), hint: t('hint.socialName'), maxLength: 100 }) +
        '</div>' +
        textField({ path: p('identificationDescription'), label: t('field.identificationDescription'), hint: t('hint.identificationDescription'), maxLength: 300 }),
    ) +
    '</fieldset>' +
    `<fieldset class="section"><legend>${escape(t('section.identity'))}</legend>` +
    choices('radio', { path: p('sex'), label: t('field.sex'), required: true, options: options('sexo'), columns: 3 }) +
    selectField({ path: p('genderIdentity'), label: t('field.genderIdentity'), hint: t('hint.genderIdentity'), options: options('identidadGenero'), emptyLabel: t('common.notRecorded') }) +
    choices('radio', {
      path: p('ageKnowledge'),
      label: t('field.ageKnowledge'),
      value: 'birthDate',
      options: [
        { value: 'birthDate', label: t('age.birthDate') },
        { value: 'estimatedAge', label: t('age.estimatedAge') },
        { value: 'unknown', label: t('age.unknown') },
      ],
      columns: 3,
    }) +
    textField({ path: p('birthDate'), label: t('field.birthDate'), hint: t('hint.partialDate'), maxLength: 10, placeholder: t('placeholder.partialDate'), className: 'short' }) +
    `<fieldset id="${nationalities}" class="field choices "><legend>${escape(t('field.nationalities'))}${required(true)}</legend><p class="hint">${escape(t('hint.nationalities'))}</p>` +
    `<div class="quick-picks">${['PER', 'VEN', 'COL', 'ECU', 'BOL', 'DESCONOCIDO'].map((code) => `<button type="button" class="secondary small" disabled>+ ${escape(code === 'DESCONOCIDO' ? t('common.unknownFeminine') : labels.country(code))}</button>`).join('')}</div>` +
    `<div class="inline-add"><label for="${nationalities}-other">${escape(t('field.otherNationality'))}</label><select id="${nationalities}-other"><option value="">${escape(t('common.choose'))}</option>${countries.map((o) => `<option value="${escape(o.value)}">${escape(o.label)}</option>`).join('')}</select>` +
    `<button type="button" class="secondary" disabled>${escape(t('common.add'))}</button></div></fieldset>` +
    '</fieldset>' +
    `<fieldset class="section"><legend>${escape(t('section.documents'))}</legend><p class="hint">${escape(t('hint.documents'))}</p>` +
    `<div class="quick-picks"><button type="button" class="secondary" disabled>+ ${escape(t('action.addDocument'))}</button><button type="button" class="secondary" disabled>+ ${escape(t('action.noDocument'))}</button></div></fieldset>` +
    `<fieldset class="section"><legend>${escape(t('section.languages'))}</legend><div class="grid cols-2">` +
    selectField({ path: p('motherTongue'), label: t('field.motherTongue'), options: options('lengua'), emptyLabel: t('common.notRecorded') }) +
    selectField({
      path: p('needsInterpreter'),
      label: t('field.needsInterpreter'),
      options: [
        { value: 'yes', label: t('common.yes') },
        { value: 'no', label: t('common.no') },
      ],
      emptyLabel: t('common.notRecorded'),
    }) +
    '</div>' +
    more(t('field.otherLanguages'), choices('checkbox', { path: p('otherLanguages'), label: t('field.otherLanguages'), options: options('lengua'), columns: 3 })) +
    `<div class="grid cols-2">${textField({ path: p('indigenousPeople'), label: t('field.indigenousPeople'), hint: t('hint.indigenousPeople'), maxLength: 100 })}</div>` +
    choices('checkbox', { path: p('disabilities'), label: t('field.disabilities'), options: options('discapacidad'), columns: 3 }) +
    '</fieldset>';

  const caseFile =
    `<fieldset class="section"><legend>${escape(t('section.detection'))}</legend><div class="grid cols-3">` +
    textField({ path: c('detectionDate'), type: 'date', label: t('field.detectionDate'), required: true, max: today }) +
    selectField({ path: c('detectionSource'), label: t('field.detectionSource'), required: true, options: options('fuenteDeteccion'), emptyLabel: t('common.choose') }) +
    selectField({ path: c('detectionUbigeo'), label: t('field.detectionUbigeo'), required: true, options: departments, emptyLabel: t('common.choose') }) +
    '</div>' +
    choices('radio', { path: c('minorAtDetection'), label: t('field.minorAtDetection'), hint: t('hint.minorAtDetection'), value: 'DESCONOCIDO', options: options('siNo').filter((o) => o.value !== 'NO_APLICA'), columns: 3 }) +
    '</fieldset>' +
    `<fieldset class="section"><legend>${escape(t('section.status'))}</legend><div class="grid cols-3">` +
    selectField({ path: c('traffickingStatus'), label: t('field.traffickingStatus'), required: true, value: 'PRESUNTA_VICTIMA', options: options('condicionTrata') }) +
    '</div></fieldset>' +
    `<fieldset class="section"><legend>${escape(t('section.exploitation'))}</legend>` +
    choices('checkbox', { path: c('legalPurposes'), label: t('field.legalPurposes'), hint: t('hint.legalPurposes'), required: true, options: options('finalidadExplotacion') }) +
    choices('checkbox', { path: c('exploitationTypes'), label: t('field.exploitationTypes'), hint: t('hint.exploitationTypes'), required: true, options: options('tipoExplotacion') }) +
    choices('checkbox', { path: c('meansOfControl'), label: t('field.meansOfControl'), options: options('medioControl') }) +
    more(t('field.legalMeans'), choices('checkbox', { path: c('legalMeans'), label: t('field.legalMeans'), options: options('medioComisivo') })) +
    '</fieldset>' +
    `<fieldset class="section"><legend>${escape(t('section.recruitment'))}</legend>` +
    choices('checkbox', { path: c('recruitmentMethods'), label: t('field.recruitmentMethods'), options: options('metodoCaptacion') }) +
    place(c('recruitmentPlace'), t('field.recruitmentPlace')) +
    textField({ path: c('recruitmentDate'), label: t('field.recruitmentDate'), hint: t('hint.partialDate'), placeholder: t('placeholder.partialDate'), maxLength: 10, className: 'short' }) +
    '</fieldset>' +
    `<fieldset class="section"><legend>${escape(t('section.exploitationPlaces'))}</legend><button type="button" class="secondary" disabled>+ ${escape(t('action.addPlace'))}</button></fieldset>` +
    `<fieldset class="section"><legend>${escape(t('section.notes'))}</legend>${textArea({ path: c('confidentialNotes'), label: t('field.confidentialNotes'), hint: t('hint.confidentialNotes'), maxLength: 5000, rows: 4 })}</fieldset>`;

  return (
    `<section class="page"><h1>${escape(t('register.title'))}</h1><p class="lead">${escape(t('register.lead'))}</p>` +
    // Sent only by the app (checked, kept as a draft, with its idempotency key): until it has come the button waits.
    `<form method="post" action="/expedientes/nuevo" novalidate aria-labelledby="register-person-title"><h2 id="register-person-title">${escape(t('register.person'))}</h2>${person}` +
    `<h2>${escape(t('register.caseFile'))}</h2>${caseFile}` +
    `<div class="form-actions"><button type="submit" class="primary" disabled>${escape(t('register.submit'))}</button><a href="/expedientes" class="button secondary">${escape(t('common.cancel'))}</a></div></form></section>`
  );
}
