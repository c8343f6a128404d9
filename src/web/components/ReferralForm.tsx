// Refer the person of this case file to another agency's unit: for a service, or handing over the
// lead of her or his care. Checked as it is filled in, by the same schema and rules the server
// applies: one of her recorded consents to share with the destination's agency, picked from a list
// (or, when there is none, where to record it; for a child, the legal basis instead),
// only the data groups the receiver needs, and a child's lead referral to the Ministry of Women.
// The same form for any person: no field assumes a woman, a girl or sexual exploitation.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseState } from '../../domain/case-lifecycle.ts';
import { comingOfAge, referralCreationProblems } from '../../domain/referrals.ts';
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
import { CheckboxGroup, SelectField, TextArea } from './fields.tsx';
import { codeOptions, Toggle } from './care-fields.tsx';

interface UnitChoice {
  id: string;
  name: string;
  agency: string;
  agencyId: string;
  entity: string;
}

/** A consent of the person as the consents list gives it: only those to share with an agency matter here. */
interface RecordedConsent {
  id: string;
  purpose: string;
  agency: { id: string; name: string } | null;
  groups: string[];
  granted: boolean;
  form: string;
  givenBy: string;
  givenOn: string;
  withdrawnAt: string | null;
  lapsedAt: string | null;
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
  /** Her birth date or stated age, when her identity is at hand: a child at detection may have come of age since. */
  ages?: { birthDate?: string | undefined; estimatedAge?: number | undefined; estimatedOn?: string | undefined } | undefined;
  labels: Labels;
  onSent(message: string): void;
}

export function ReferralForm({ caseFileId, caseState, minor, ages, labels, onSent }: Props) {
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

  // Her consents are read (an audited read) once the basis is her consent; those in force to share
  // with the destination's agency are offered.
  const [consents, setConsents] = useState<RecordedConsent[] | undefined>();
  const byConsent = open && form.basis === 'CONSENTIMIENTO';
  useEffect(() => {
    if (byConsent && consents === undefined) void api<{ items: RecordedConsent[] }>('GET', `/api/case-files/${caseFileId}/consents`).then((r) => setConsents(r.items), () => setConsents([]));
  }, [byConsent, consents, caseFileId]);

  const input = useMemo(() => referralInputOf(form), [form]);
  const destination = units.find((u) => u.id === form.toUnitId);
  const usable = (consents ?? []).filter((c) => c.purpose === 'COMPARTIR_CON_ENTIDAD' && c.granted && !c.withdrawnAt && !c.lapsedAt && c.agency?.id === destination?.agencyId);
  const choose = (id: string) => {
    const c = usable.find((x) => x.id === id);
    change(c ? { consentId: c.id, consentGivenOn: c.givenOn, consentForm: c.form, consentGivenBy: c.givenBy, consentCoversDestination: true } : { consentId: '' });
  };
  const { data: body, errors } = useCheckedForm(CreateReferralRequest, input, labels.lang, (r) =>
    referralCreationProblems({ ...r, minor, ...comingOfAge(ages, limaToday(), r.consent?.givenOn), caseState, fromUnitId: session.user.unitId, toEntity: destination?.entity ?? '', today: limaToday() }),
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
            onChange={(toUnitId) => {
              // Her consents are read again: one may have been recorded meanwhile, below.
              setConsents(undefined);
              change({ toUnitId, consentId: '' });
            }}
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
              {!destination ? (
                <p className="hint">{t('careForms.referral.chooseDestination')}</p>
              ) : consents !== undefined && usable.length === 0 ? (
                <p className="hint" role="note">
                  {t('careForms.referral.noConsent', { agency: destination.agency })}
                </p>
              ) : (
                <SelectField
                  {...field('consent.consentId')}
                  label={t('careForms.referral.fields.consent_consentId')}
                  hint={t('careForms.referral.consentHint')}
                  required
                  emptyLabel=""
                  value={form.consentId ?? ''}
                  onChange={choose}
                  options={usable.map((c) => ({
                    value: c.id,
                    label: t('careForms.referral.consentOption', { day: c.givenOn.split('-').reverse().join('/'), form: labels.label('formaConsentimiento', c.form), givenBy: labels.label('otorgadoPor', c.givenBy), groups: c.groups.join(', ') }),
                  }))}
                />
              )}
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
