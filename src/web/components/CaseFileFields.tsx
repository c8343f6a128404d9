// The case file's part of a form: detection, status, purposes and forms of exploitation, control,
// recruitment, places. Labour, sexual and every other form are offered alike.
import { useTranslation } from 'react-i18next';
import { todayInPeru } from '../../domain/dates.ts';
import { statusIsDetermined, type CaseFileForm, type PlaceRow } from '../forms/case-file.ts';
import type { FieldKit } from '../forms/errors.ts';
import type { Labels } from '../lib/code-lists.ts';
import { More } from './More.tsx';
import { CheckboxGroup, RadioGroup, SelectField, TextArea, TextField } from './fields.tsx';
import { departmentOptions, noValueCodes, optionsOf } from './options.ts';

interface Props {
  form: CaseFileForm;
  change(patch: Partial<CaseFileForm>): void;
  kit: FieldKit;
  labels: Labels;
  /** "SI"/"NO" when the person's birth date or age settles it; the form then shows, not asks. */
  derivedMinor?: string | undefined;
  /** Path prefix of the server's field errors: "caseFile" when registering. */
  prefix?: string;
}

export function CaseFileFields({ form, change, kit, labels, derivedMinor, prefix = 'caseFile' }: Props) {
  const { t } = useTranslation();
  const p = (field: string) => `${prefix}.${field}`;
  const common = (field: string) => ({ path: p(field), error: kit.error(p(field)), onBlur: kit.touch });
  const today = todayInPeru();

  return (
    <>
      <fieldset className="section">
        <legend>{t('section.detection')}</legend>
        <div className="grid cols-3">
          <TextField {...common('detectionDate')} type="date" label={t('field.detectionDate')} required value={form.detectionDate} onChange={(detectionDate) => change({ detectionDate })} max={today} />
          <SelectField {...common('detectionSource')} label={t('field.detectionSource')} required value={form.detectionSource} onChange={(detectionSource) => change({ detectionSource })} options={optionsOf(labels, 'fuenteDeteccion')} emptyLabel={t('common.choose')} />
          <SelectField {...common('detectionUbigeo')} label={t('field.detectionUbigeo')} required value={form.detectionUbigeo} onChange={(detectionUbigeo) => change({ detectionUbigeo })} options={departmentOptions(labels)} emptyLabel={t('common.choose')} />
        </div>
        <RadioGroup
          {...common('minorAtDetection')}
          label={t('field.minorAtDetection')}
          hint={derivedMinor ? t('hint.minorDerived', { value: labels.label('siNo', derivedMinor) }) : t('hint.minorAtDetection')}
          value={derivedMinor ?? form.minorAtDetection}
          onChange={(minorAtDetection) => change({ minorAtDetection })}
          options={optionsOf(labels, 'siNo').filter((o) => o.value !== 'NO_APLICA')}
          disabled={derivedMinor !== undefined}
          columns={3}
        />
      </fieldset>

      <fieldset className="section">
        <legend>{t('section.status')}</legend>
        <div className="grid cols-3">
          <SelectField {...common('traffickingStatus')} label={t('field.traffickingStatus')} required value={form.traffickingStatus} onChange={(traffickingStatus) => change({ traffickingStatus })} options={optionsOf(labels, 'condicionTrata')} />
          {statusIsDetermined(form.traffickingStatus) && (
            <>
              <SelectField {...common('statusDeterminedBy')} label={t('field.statusDeterminedBy')} value={form.statusDeterminedBy} onChange={(statusDeterminedBy) => change({ statusDeterminedBy })} options={optionsOf(labels, 'entidadDetermina')} emptyLabel={t('common.notRecorded')} />
              <TextField {...common('statusDeterminedOn')} type="date" label={t('field.statusDeterminedOn')} value={form.statusDeterminedOn} onChange={(statusDeterminedOn) => change({ statusDeterminedOn })} max={today} />
            </>
          )}
        </div>
      </fieldset>

      <fieldset className="section">
        <legend>{t('section.exploitation')}</legend>
        <CheckboxGroup
          {...common('legalPurposes')}
          label={t('field.legalPurposes')}
          hint={t('hint.legalPurposes')}
          required
          values={form.legalPurposes}
          onChange={(legalPurposes) => change({ legalPurposes })}
          options={optionsOf(labels, 'finalidadExplotacion')}
          exclusive={noValueCodes(labels, 'finalidadExplotacion')}
        />
        <CheckboxGroup
          {...common('exploitationTypes')}
          label={t('field.exploitationTypes')}
          hint={t('hint.exploitationTypes')}
          required
          values={form.exploitationTypes}
          onChange={(exploitationTypes) => change({ exploitationTypes })}
          options={optionsOf(labels, 'tipoExplotacion')}
          exclusive={noValueCodes(labels, 'tipoExplotacion')}
        />
        <CheckboxGroup
          {...common('meansOfControl')}
          label={t('field.meansOfControl')}
          values={form.meansOfControl}
          onChange={(meansOfControl) => change({ meansOfControl })}
          options={optionsOf(labels, 'medioControl')}
          exclusive={noValueCodes(labels, 'medioControl')}
        />
        <More summary={t('field.legalMeans')} initiallyOpen={form.legalMeans.length > 0}>
          <CheckboxGroup
            {...common('legalMeans')}
            label={t('field.legalMeans')}
            values={form.legalMeans}
            onChange={(legalMeans) => change({ legalMeans })}
            options={optionsOf(labels, 'medioComisivo')}
            exclusive={noValueCodes(labels, 'medioComisivo')}
          />
        </More>
      </fieldset>

      <fieldset className="section">
        <legend>{t('section.recruitment')}</legend>
        <CheckboxGroup
          {...common('recruitmentMethods')}
          label={t('field.recruitmentMethods')}
          values={form.recruitmentMethods}
          onChange={(recruitmentMethods) => change({ recruitmentMethods })}
          options={optionsOf(labels, 'metodoCaptacion')}
          exclusive={noValueCodes(labels, 'metodoCaptacion')}
        />
        <PlaceFields path={p('recruitmentPlace')} title={t('field.recruitmentPlace')} place={form.recruitmentPlace} onChange={(recruitmentPlace) => change({ recruitmentPlace })} kit={kit} labels={labels} />
        <TextField {...common('recruitmentDate')} label={t('field.recruitmentDate')} hint={t('hint.partialDate')} placeholder={t('placeholder.partialDate')} value={form.recruitmentDate} onChange={(recruitmentDate) => change({ recruitmentDate })} maxLength={10} className="short" />
      </fieldset>

      <fieldset className="section">
        <legend>{t('section.exploitationPlaces')}</legend>
        {form.exploitationPlaces.map((place, index) => (
          <div className="row-item" key={index}>
            <PlaceFields
              path={p(`exploitationPlaces.${index}`)}
              title={t('field.exploitationPlace', { n: index + 1 })}
              place={place}
              onChange={(next) => change({ exploitationPlaces: form.exploitationPlaces.map((old, i) => (i === index ? next : old)) })}
              kit={kit}
              labels={labels}
            />
            <button type="button" className="secondary" onClick={() => change({ exploitationPlaces: form.exploitationPlaces.filter((_, i) => i !== index) })}>
              {t('common.remove')}
              <span className="visually-hidden"> {t('field.exploitationPlace', { n: index + 1 })}</span>
            </button>
          </div>
        ))}
        <button type="button" className="secondary" disabled={form.exploitationPlaces.length >= 20} onClick={() => change({ exploitationPlaces: [...form.exploitationPlaces, { country: 'PER', ubigeo: '', description: '' }] })}>
          + {t('action.addPlace')}
        </button>
      </fieldset>

      <fieldset className="section">
        <legend>{t('section.notes')}</legend>
        <TextArea {...common('confidentialNotes')} label={t('field.confidentialNotes')} hint={t('hint.confidentialNotes')} value={form.confidentialNotes} onChange={(confidentialNotes) => change({ confidentialNotes })} maxLength={5000} rows={4} />
      </fieldset>
    </>
  );
}

interface PlaceProps {
  path: string;
  title: string;
  place: PlaceRow;
  onChange(place: PlaceRow): void;
  kit: FieldKit;
  labels: Labels;
}

function PlaceFields({ path, title, place, onChange, kit, labels }: PlaceProps) {
  const { t } = useTranslation();
  const countries = [{ value: 'PER', label: labels.country('PER') }, ...labels.sortedCountries().filter((c) => c.code !== 'PER').map((c) => ({ value: c.code, label: c.name }))];
  return (
    <div className="place">
      <p className="place-title">{title}</p>
      <div className="grid cols-3">
        <SelectField path={`${path}.country`} label={t('field.country')} value={place.country} onChange={(country) => onChange({ ...place, country, ubigeo: country === 'PER' ? place.ubigeo : '' })} onBlur={kit.touch} error={kit.error(`${path}.country`)} options={countries} emptyLabel={t('common.notRecorded')} />
        {place.country === 'PER' && (
          <SelectField path={`${path}.ubigeo`} label={t('field.department')} value={place.ubigeo} onChange={(ubigeo) => onChange({ ...place, ubigeo })} onBlur={kit.touch} error={kit.error(`${path}.ubigeo`)} options={departmentOptions(labels)} emptyLabel={t('common.notRecorded')} />
        )}
        <TextField path={`${path}.description`} label={t('field.placeDescription')} value={place.description} onChange={(description) => onChange({ ...place, description })} onBlur={kit.touch} error={kit.error(`${path}.description`)} maxLength={300} />
      </div>
    </div>
  );
}
