// Refer the person of this case file to another agency's unit: for a service, or handing over the
// lead of her or his care. Checked as it is filled in, by the same schema and rules the server
// applies: the consent that must name the destination (or the legal basis instead, for a child),
// only the data groups the receiver needs, and a child's lead referral to the Ministry of Women.
// The same form for any person: no field assumes a woman, a girl or sexual exploitation.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseState } from '../../domain/case-lifecycle.ts';
import { referralCreationProblems } from '../../domain/referrals.ts';
import { CreateReferralRequest } from '../../domain/schemas-followup.ts';
import '../locales/care-forms.ts';
import { emptyReferralForm, limaToday, referralInputOf, type ReferralForm as Form } from '../forms/care.ts';
import { useDraft } from '../forms/draft.ts';
import { touchOnChoice, useCheckedForm } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { useSession } from '../lib/session.tsx';
import { DraftStatus } from './DraftStatus.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { CheckboxGroup, SelectField, TextArea, TextField } from './fields.tsx';
import { codeOptions, Toggle } from './care-fields.tsx';

interface UnitChoice {
  id: string;
  name: string;
  agency: string;
  agencyId: string;
  entity: string;
}

interface Referral {
  id: string;
  state: string;
  toUnit?: string;
  motive: string;
  urgency: string;
  sentAt?: string;
}

/** What is sent: the request, and the destination's name for the message once it went. */
interface Submitted {
  body: CreateReferralRequest;
  unit: string;
}

interface Props {
  caseFileId: string;
  caseState: CaseState;
  minor: string;
  labels: Labels;
  onSent(message: string): void;
}

export function ReferralForm({ caseFileId, caseState, minor, labels, onSent }: Props) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [open, setOpen] = useState(false);
  const [units, setUnits] = useState<UnitChoice[]>([]);
  const [sent, setSent] = useState<Referral[]>([]);
  const draft = useDraft<Form, Submitted>(`referral:${caseFileId}`, emptyReferralForm);
  const { form, setForm } = draft;
  // A referral kept on this computer (being filled, or waiting to be sent) opens the form by itself.
  const kept = draft.kept.kind === 'restored' || draft.pending !== undefined;
  useEffect(() => {
    if (kept) setOpen(true);
  }, [kept]);

  const loadSent = () => void api<{ items: Referral[] }>('GET', `/api/case-files/${caseFileId}/referrals`).then((r) => setSent(r.items), () => setSent([]));
  useEffect(loadSent, [caseFileId]);
  useEffect(() => {
    if (open && units.length === 0) void api<{ items: UnitChoice[] }>('GET', '/api/referral-units').then((r) => setUnits(r.items.filter((u) => u.id !== session.user.unitId)), () => setUnits([]));
  }, [open, units.length, session.user.unitId]);

  const input = useMemo(() => referralInputOf(form), [form]);
  const destination = units.find((u) => u.id === form.toUnitId);
  const { data: body, errors } = useCheckedForm(CreateReferralRequest, input, labels.lang, (r) =>
    referralCreationProblems({ ...r, minor, caseState, fromUnitId: session.user.unitId, toEntity: destination?.entity ?? '', today: limaToday() }),
  );
  const change = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const field = (path: string) => ({ path: `referral.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });

  // The destination's name goes with the submission: a retry after a reload tells it before the units are read again.
  const data = body && destination ? { body, unit: `${destination.name} (${destination.agency})` } : undefined;
  const sending = useSubmission(draft, { data, errors }, {
    send: (submitted, key) => api('POST', `/api/case-files/${caseFileId}/referrals`, { body: submitted.body, headers: { 'Idempotency-Key': key } }),
    sent: (_, submitted) => {
      setOpen(false);
      loadSent();
      onSent(t('careForms.referral.sent', { unit: submitted.unit }));
    },
  });

  const label = (path: string) => t(`careForms.referral.fields.${path.replace(/^referral\./, '').replace(/^consent\./, 'consent_')}`, { defaultValue: path });
  return (
    <section aria-labelledby="referral-title" className="card">
      <div className="card-head">
        <h2 id="referral-title">{t('careForms.referral.title')}</h2>
        {!open && (
          <button type="button" className="secondary" onClick={() => setOpen(true)}>
            {t('careForms.referral.open')}
          </button>
        )}
      </div>
      {sent.length > 0 && (
        <ul>
          {sent.map((r) => (
            <li key={r.id}>
              {r.toUnit ?? ''} · {labels.label('motivoDerivacion', r.motive)} · <strong>{labels.label('estadoDerivacion', r.state)}</strong>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, 'referral')} noValidate aria-label={t('careForms.referral.title')}>
          {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary('referral')} fieldLabel={label} attempt={sending.attempt} />}
          <SelectField
            {...field('toUnitId')}
            label={t('careForms.referral.fields.toUnitId')}
            required
            emptyLabel=""
            value={form.toUnitId}
            onChange={(toUnitId) => change({ toUnitId })}
            options={units.map((u) => ({ value: u.id, label: `${u.name} — ${u.agency}` }))}
          />
          <SelectField {...field('motive')} label={t('careForms.referral.fields.motive')} required emptyLabel="" value={form.motive} onChange={(motive) => change({ motive })} options={codeOptions(labels, 'motivoDerivacion')} />
          <SelectField {...field('urgency')} label={t('careForms.referral.fields.urgency')} required emptyLabel="" value={form.urgency} onChange={(urgency) => change({ urgency })} options={codeOptions(labels, 'urgenciaDerivacion')} />
          <CheckboxGroup {...field('services')} label={t('careForms.referral.fields.services')} values={form.services} onChange={(services) => change({ services })} options={codeOptions(labels, 'tipoServicio')} />
          <Toggle {...field('transfersLead')} label={t('careForms.referral.fields.transfersLead')} hint={t('careForms.referral.transfersLeadHint')} checked={form.transfersLead} onChange={(transfersLead) => change({ transfersLead })} />
          <SelectField {...field('basis')} label={t('careForms.referral.fields.basis')} required emptyLabel="" value={form.basis} onChange={(basis) => change({ basis })} options={codeOptions(labels, 'baseLegalCompartir')} hint={minor === 'SI' ? t('careForms.referral.childHint') : undefined} />
          {form.basis === 'CONSENTIMIENTO' && (
            <fieldset className="field">
              <legend>{t('careForms.referral.consent')}</legend>
              <TextField {...field('consent.givenOn')} type="date" max={limaToday()} label={t('careForms.referral.fields.consent_givenOn')} required value={form.consentGivenOn} onChange={(consentGivenOn) => change({ consentGivenOn })} />
              <SelectField {...field('consent.form')} label={t('careForms.referral.fields.consent_form')} required emptyLabel="" value={form.consentForm} onChange={(consentForm) => change({ consentForm })} options={codeOptions(labels, 'formaConsentimiento')} />
              <SelectField {...field('consent.givenBy')} label={t('careForms.referral.fields.consent_givenBy')} required emptyLabel="" value={form.consentGivenBy} onChange={(consentGivenBy) => change({ consentGivenBy })} options={codeOptions(labels, 'otorgadoPor')} />
              <Toggle {...field('consent.coversDestination')} label={t('careForms.referral.fields.consent_coversDestination')} checked={form.consentCoversDestination} onChange={(consentCoversDestination) => change({ consentCoversDestination })} />
            </fieldset>
          )}
          <CheckboxGroup {...field('sharedGroups')} label={t('careForms.referral.fields.sharedGroups')} hint={t('careForms.referral.sharedGroupsHint')} required values={form.sharedGroups} onChange={(sharedGroups) => change({ sharedGroups })} options={codeOptions(labels, 'grupoDatosCompartidos')} />
          <TextArea {...field('note')} label={t('careForms.referral.fields.note')} hint={t('careForms.referral.noteHint')} maxLength={2000} value={form.note} onChange={(note) => change({ note })} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={sending.busy}>
              {t('careForms.referral.send')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <DraftStatus id={`referral-status-${caseFileId}`} draft={draft} sending={sending} />
          </div>
        </form>
      )}
    </section>
  );
}
