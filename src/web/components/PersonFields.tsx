// The person's part of a form: names, sex and gender, age, nationalities, documents, languages.
// Nothing is presumed: sex and every list offer "unknown" and "declined".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldKit } from '../forms/errors.ts';
import type { AgeKnowledge, PersonForm } from '../forms/person.ts';
import type { Labels } from '../lib/code-lists.ts';
import { More } from './More.tsx';
import { CheckboxGroup, FieldError, fieldId, RadioGroup, SelectField, TextField } from './fields.tsx';
import { noValueCodes, optionsOf } from './options.ts';

interface Props {
  form: PersonForm;
  change(patch: Partial<PersonForm>): void;
  kit: FieldKit;
  labels: Labels;
}

const QUICK_NATIONALITIES = ['PER', 'VEN', 'COL', 'ECU', 'BOL'];

export function PersonFields({ form, change, kit, labels }: Props) {
  const { t } = useTranslation();
  const p = (field: string) => `person.${field}`;
  const common = (field: string) => ({ path: p(field), error: kit.error(p(field)), onBlur: kit.touch });

  return (
    <>
      <fieldset className="section">
        <legend>{t('section.names')}</legend>
        <p className="hint">{t('hint.names')}</p>
        <div className="grid cols-3">
          <TextField {...common('givenNames')} label={t('field.givenNames')} value={form.givenNames} onChange={(givenNames) => change({ givenNames })} maxLength={100} />
          <TextField {...common('paternalSurname')} label={t('field.paternalSurname')} value={form.paternalSurname} onChange={(paternalSurname) => change({ paternalSurname })} maxLength={80} />
          <TextField {...common('maternalSurname')} label={t('field.maternalSurname')} value={form.maternalSurname} onChange={(maternalSurname) => change({ maternalSurname })} maxLength={80} />
        </div>
        <More summary={t('section.otherNames')} initiallyOpen={form.fullName !== '' || form.socialName !== '' || form.identificationDescription !== ''}>
          <div className="grid cols-2">
            <TextField {...common('fullName')} label={t('field.fullName')} hint={t('hint.fullName')} value={form.fullName} onChange={(fullName) => change({ fullName })} maxLength={200} />
            <TextField {...common('socialName')} label={t('field.socialName')} hint={t('hint.socialName')} value={form.socialName} onChange={(socialName) => change({ socialName })} maxLength={100} />
          </div>
          <TextField
            {...common('identificationDescription')}
            label={t('field.identificationDescription')}
            hint={t('hint.identificationDescription')}
            value={form.identificationDescription}
            onChange={(identificationDescription) => change({ identificationDescription })}
            maxLength={300}
          />
        </More>
      </fieldset>

      <fieldset className="section">
        <legend>{t('section.identity')}</legend>
        <RadioGroup {...common('sex')} label={t('field.sex')} required value={form.sex} onChange={(sex) => change({ sex })} options={optionsOf(labels, 'sexo')} columns={3} />
        <SelectField
          {...common('genderIdentity')}
          label={t('field.genderIdentity')}
          hint={t('hint.genderIdentity')}
          value={form.genderIdentity}
          onChange={(genderIdentity) => change({ genderIdentity })}
          options={optionsOf(labels, 'identidadGenero')}
          emptyLabel={t('common.notRecorded')}
        />
        <RadioGroup
          path="person.ageKnowledge"
          label={t('field.ageKnowledge')}
          value={form.ageKnowledge}
          onChange={(value) => change({ ageKnowledge: value as AgeKnowledge })}
          options={[
            { value: 'birthDate', label: t('age.birthDate') },
            { value: 'estimatedAge', label: t('age.estimatedAge') },
            { value: 'unknown', label: t('age.unknown') },
          ]}
          columns={3}
        />
        {form.ageKnowledge === 'birthDate' && (
          <TextField {...common('birthDate')} label={t('field.birthDate')} hint={t('hint.partialDate')} value={form.birthDate} onChange={(birthDate) => change({ birthDate })} maxLength={10} placeholder={t('placeholder.partialDate')} className="short" />
        )}
        {form.ageKnowledge === 'estimatedAge' && (
          <TextField {...common('estimatedAge')} label={t('field.estimatedAge')} hint={t('hint.estimatedAge')} value={form.estimatedAge} onChange={(estimatedAge) => change({ estimatedAge })} inputMode="numeric" maxLength={3} className="short" />
        )}
        <Nationalities form={form} change={change} kit={kit} labels={labels} />
      </fieldset>

      <Documents form={form} change={change} kit={kit} labels={labels} />

      <fieldset className="section">
        <legend>{t('section.languages')}</legend>
        <div className="grid cols-2">
          <SelectField {...common('motherTongue')} label={t('field.motherTongue')} value={form.motherTongue} onChange={(motherTongue) => change({ motherTongue })} options={optionsOf(labels, 'lengua')} emptyLabel={t('common.notRecorded')} />
          <SelectField
            {...common('needsInterpreter')}
            label={t('field.needsInterpreter')}
            value={form.needsInterpreter}
            onChange={(value) => change({ needsInterpreter: value === 'yes' ? 'yes' : value === 'no' ? 'no' : '' })}
            options={[
              { value: 'yes', label: t('common.yes') },
              { value: 'no', label: t('common.no') },
            ]}
            emptyLabel={t('common.notRecorded')}
          />
        </div>
        <More summary={t('field.otherLanguages')} initiallyOpen={form.otherLanguages.length > 0}>
          <CheckboxGroup
            {...common('otherLanguages')}
            label={t('field.otherLanguages')}
            values={form.otherLanguages}
            onChange={(otherLanguages) => change({ otherLanguages })}
            options={optionsOf(labels, 'lengua')}
            exclusive={noValueCodes(labels, 'lengua')}
            columns={3}
          />
        </More>
        <div className="grid cols-2">
          <TextField {...common('indigenousPeople')} label={t('field.indigenousPeople')} hint={t('hint.indigenousPeople')} value={form.indigenousPeople} onChange={(indigenousPeople) => change({ indigenousPeople })} maxLength={100} />
        </div>
        <CheckboxGroup
          {...common('disabilities')}
          label={t('field.disabilities')}
          values={form.disabilities}
          onChange={(disabilities) => change({ disabilities })}
          options={optionsOf(labels, 'discapacidad')}
          exclusive={new Set([...noValueCodes(labels, 'discapacidad'), 'NINGUNA'])}
          columns={3}
        />
      </fieldset>
    </>
  );
}

function Nationalities({ form, change, kit, labels }: Props) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState('');
  const path = 'person.nationalities';
  const error = kit.error(path);
  const add = (code: string) => {
    if (!code || form.nationalities.includes(code)) return;
    // "Unknown" stands alone, and a known nationality replaces it.
    const next = code === 'DESCONOCIDO' ? [code] : [...form.nationalities.filter((c) => c !== 'DESCONOCIDO'), code];
    change({ nationalities: next.slice(0, 5) });
    kit.touch(path);
  };
  const remove = (code: string) => {
    change({ nationalities: form.nationalities.filter((c) => c !== code) });
    kit.touch(path);
  };
  const id = fieldId(path);
  return (
    <fieldset id={id} className={`field choices ${error ? 'has-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>
        {t('field.nationalities')}
        <span className="required" aria-hidden="true">
          {' '}*
        </span>
      </legend>
      {form.nationalities.length > 0 ? (
        <ul className="chips" aria-label={t('field.nationalitiesChosen')}>
          {form.nationalities.map((code) => (
            <li key={code}>
              {labels.country(code)}
              <button type="button" className="chip-remove" onClick={() => remove(code)} aria-label={t('common.removeItem', { item: labels.country(code) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('hint.nationalities')}</p>
      )}
      <div className="quick-picks">
        {[...QUICK_NATIONALITIES, 'DESCONOCIDO'].map((code) => (
          <button key={code} type="button" className="secondary small" disabled={form.nationalities.includes(code)} onClick={() => add(code)}>
            + {code === 'DESCONOCIDO' ? t('common.unknownFeminine') : labels.country(code)}
          </button>
        ))}
      </div>
      <div className="inline-add">
        <label htmlFor={`${id}-other`}>{t('field.otherNationality')}</label>
        <select id={`${id}-other`} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{t('common.choose')}</option>
          {labels.sortedCountries().map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="secondary"
          disabled={!choice}
          onClick={() => {
            add(choice);
            setChoice('');
          }}
        >
          {t('common.add')}
        </button>
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

function Documents({ form, change, kit, labels }: Props) {
  const { t } = useTranslation();
  const types = optionsOf(labels, 'tipoDocumento');
  const update = (index: number, patch: Partial<{ type: string; number: string }>) =>
    change({ documents: form.documents.map((d, i) => (i === index ? { ...d, ...patch } : d)) });
  return (
    <fieldset className="section">
      <legend>{t('section.documents')}</legend>
      <p className="hint">{t('hint.documents')}</p>
      {form.documents.map((doc, index) => {
        const base = `person.documents.${index}`;
        const rowError = kit.error(base);
        return (
          <div className="row-item" key={index}>
            <div className="grid cols-3">
              <SelectField
                path={`${base}.type`}
                label={t('field.documentType', { n: index + 1 })}
                value={doc.type}
                onChange={(type) => update(index, type === 'SIN_DOCUMENTO' ? { type, number: '' } : { type })}
                onBlur={kit.touch}
                error={kit.error(`${base}.type`)}
                options={types}
                emptyLabel={t('common.choose')}
              />
              {doc.type !== 'SIN_DOCUMENTO' && (
                <TextField
                  path={`${base}.number`}
                  label={t('field.documentNumber', { n: index + 1 })}
                  value={doc.number}
                  onChange={(number) => update(index, { number })}
                  onBlur={kit.touch}
                  error={kit.error(`${base}.number`)}
                  maxLength={20}
                />
              )}
              <div className="row-actions">
                <button type="button" className="secondary" onClick={() => change({ documents: form.documents.filter((_, i) => i !== index) })}>
                  {t('common.remove')}
                  <span className="visually-hidden"> {t('field.documentType', { n: index + 1 })}</span>
                </button>
              </div>
            </div>
            {rowError && <p className="field-error">{rowError}</p>}
          </div>
        );
      })}
      <div className="quick-picks">
        <button type="button" className="secondary" disabled={form.documents.length >= 10} onClick={() => change({ documents: [...form.documents, { type: '', number: '' }] })}>
          + {t('action.addDocument')}
        </button>
        {form.documents.length === 0 && (
          <button type="button" className="secondary" onClick={() => change({ documents: [{ type: 'SIN_DOCUMENTO', number: '' }] })}>
            + {t('action.noDocument')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
