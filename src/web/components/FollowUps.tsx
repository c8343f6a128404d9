// The case file's follow-ups (domain-spec §9.2): the ones scheduled and done, a form to schedule
// the next one (on the day the server suggests, by default) and, for each one due, a form to record
// it: done — how she or he is, the risk of being trafficked again, what was agreed — or no contact
// and why, with the next follow-up. Checked as typed by the shared schemas; the server applies the
// cadence rules. Kept as drafts and sent with their Idempotency-Key like every form.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordFollowUpRequest, ScheduleFollowUpRequest } from '../../domain/schemas-followup.ts';
import '../locales/care-forms.ts';
import { limaToday } from '../forms/care.ts';
import { useDraft } from '../forms/draft.ts';
import { touchOnChoice, useCheckedForm } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { text, withoutUndefined } from '../forms/values.ts';
import { api } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { formatPartialDate } from '../lib/format.ts';
import { codeOptions } from './care-fields.tsx';
import { SendWithStatus } from './DraftStatus.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { RadioGroup, SelectField, TextArea, TextField } from './fields.tsx';

interface FollowUpItem {
  id: string;
  version: number;
  state: string;
  dueOn: string;
  modality: string;
  attempt: number;
  doneOn?: string;
}

interface FollowUpList {
  items: FollowUpItem[];
  suggestedNextDueOn?: string;
  canWrite: boolean;
}

const orUndefined = (value: string) => (value === '' ? undefined : value);

export function FollowUps({ caseFileId, labels, onDone }: { caseFileId: string; labels: Labels; onDone(message: string): void }) {
  const { t } = useTranslation();
  const [list, setList] = useState<FollowUpList | undefined>();
  const load = useCallback(() => api<FollowUpList>('GET', `/api/case-files/${caseFileId}/followups`).then(setList, () => setList(undefined)), [caseFileId]);
  useEffect(() => {
    void load();
  }, [load]);
  const done = (message: string) => void load().then(() => onDone(message));
  if (!list) return null;
  const due = list.items.filter((f) => f.state === 'PROGRAMADO');
  return (
    <section aria-labelledby="care-followups">
      <h3 id="care-followups">{t('careForms.followUp.title')}</h3>
      {list.items.length === 0 ? (
        <p>{t('careForms.followUp.none')}</p>
      ) : (
        <ul>
          {list.items.map((f) => (
            <li key={f.id}>
              {formatPartialDate(f.dueOn)} · {labels.label('modalidadSeguimiento', f.modality)} · <strong>{labels.label('estadoSeguimiento', f.state)}</strong>
              {f.doneOn && <> ({formatPartialDate(f.doneOn)})</>}
            </li>
          ))}
        </ul>
      )}
      {list.canWrite && due.map((f) => <RecordFollowUpForm key={`${f.id}-${f.version}`} item={f} labels={labels} onDone={done} />)}
      {list.canWrite && due.length === 0 && <ScheduleFollowUpForm caseFileId={caseFileId} suggested={list.suggestedNextDueOn} labels={labels} onDone={done} />}
    </section>
  );
}

interface ScheduleForm {
  dueOn: string;
  modality: string;
  purpose: string;
}

function ScheduleFollowUpForm({ caseFileId, suggested, labels, onDone }: { caseFileId: string; suggested: string | undefined; labels: Labels; onDone(message: string): void }) {
  const { t } = useTranslation();
  const draft = useDraft<ScheduleForm, ScheduleFollowUpRequest>(`followup:${caseFileId}`, () => ({ dueOn: suggested ?? '', modality: 'PRESENCIAL', purpose: '' }));
  const { form, setForm } = draft;
  const input = useMemo(() => withoutUndefined({ dueOn: orUndefined(form.dueOn), modality: form.modality, purpose: text(form.purpose) }), [form]);
  const { data, errors } = useCheckedForm(ScheduleFollowUpRequest, input, labels.lang, (r) => (r.dueOn < limaToday() ? [{ path: 'dueOn', key: 'followup.dueInPast' }] : []));
  const field = (path: string) => ({ path: `followup.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });
  const change = (patch: Partial<ScheduleForm>) => setForm((f) => ({ ...f, ...patch }));
  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => api('POST', `/api/case-files/${caseFileId}/followups`, { body, headers: { 'Idempotency-Key': key } }),
    sent: (_, body) => onDone(t('careForms.followUp.scheduled', { day: formatPartialDate(body.dueOn) })),
  });
  return (
    <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, 'followup')} noValidate aria-label={t('careForms.followUp.schedule')}>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary('followup')} fieldLabel={(p) => t(`careForms.followUp.fields.${p.replace(/^followup\./, '')}`, { defaultValue: p })} attempt={sending.attempt} />}
      <TextField {...field('dueOn')} type="date" min={limaToday()} label={t('careForms.followUp.fields.dueOn')} hint={suggested ? t('careForms.followUp.suggested', { day: formatPartialDate(suggested) }) : undefined} required value={form.dueOn} onChange={(dueOn) => change({ dueOn })} />
      <SelectField {...field('modality')} label={t('careForms.followUp.fields.modality')} value={form.modality} onChange={(modality) => change({ modality })} options={codeOptions(labels, 'modalidadSeguimiento')} />
      <TextArea {...field('purpose')} label={t('careForms.followUp.fields.purpose')} maxLength={500} value={form.purpose} onChange={(purpose) => change({ purpose })} />
      <SendWithStatus id={`followup-status-${caseFileId}`} draft={draft} sending={sending} label={t('careForms.followUp.schedule')} />
    </form>
  );
}

interface RecordForm {
  outcome: 'REALIZADO' | 'NO_CONTACTADO';
  doneOn: string;
  modality: string;
  noContactReason: string;
  feelsSafe: string;
  reTraffickingRisk: string;
  alert: string;
  agreements: string;
  notes: string;
  nextDueOn: string;
  nextModality: string;
}

function RecordFollowUpForm({ item, labels, onDone }: { item: FollowUpItem; labels: Labels; onDone(message: string): void }) {
  const { t } = useTranslation();
  const draft = useDraft<RecordForm, RecordFollowUpRequest>(`followup-record:${item.id}:${item.version}`, () => ({
    outcome: 'REALIZADO',
    doneOn: limaToday(),
    modality: item.modality,
    noContactReason: '',
    feelsSafe: '',
    reTraffickingRisk: '',
    alert: '',
    agreements: '',
    notes: '',
    nextDueOn: '',
    nextModality: item.modality,
  }));
  const { form, setForm } = draft;
  const done = form.outcome === 'REALIZADO';
  const input = useMemo(
    () =>
      withoutUndefined({
        version: item.version,
        outcome: form.outcome,
        doneOn: orUndefined(form.doneOn),
        modality: done ? form.modality : undefined,
        noContactReason: done ? undefined : orUndefined(form.noContactReason),
        alert: orUndefined(form.alert),
        content: done
          ? withoutUndefined({ safety: form.feelsSafe ? { feelsSafe: Number(form.feelsSafe) } : undefined, reTraffickingRisk: orUndefined(form.reTraffickingRisk), agreements: text(form.agreements), notes: text(form.notes) })
          : {},
        nextDueOn: orUndefined(form.nextDueOn),
        nextModality: form.nextDueOn ? form.nextModality : undefined,
      }),
    [form, done, item.version],
  );
  const { data, errors } = useCheckedForm(RecordFollowUpRequest, input, labels.lang, (r) => [
    ...(r.doneOn > limaToday() ? [{ path: 'doneOn', key: 'invalid.dateInFuture' }] : []),
    ...(r.outcome === 'NO_CONTACTADO' && !r.noContactReason ? [{ path: 'noContactReason', key: 'invalid.required' }] : []),
    ...(r.nextDueOn !== undefined && r.nextDueOn <= r.doneOn ? [{ path: 'nextDueOn', key: 'followup.nextAfterContact' }] : []),
  ]);
  const prefix = `followup-${item.id}`;
  const field = (path: string) => ({ path: `${prefix}.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });
  const change = (patch: Partial<RecordForm>) => setForm((f) => ({ ...f, ...patch }));
  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => api('POST', `/api/followups/${item.id}/record`, { body, headers: { 'Idempotency-Key': key } }),
    sent: (_, body) => onDone(t(body.outcome === 'REALIZADO' ? 'careForms.followUp.recorded' : 'careForms.followUp.attempted')),
  });
  const scale = ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }));
  return (
    <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, prefix)} noValidate aria-label={t('careForms.followUp.recordOf', { day: formatPartialDate(item.dueOn) })}>
      <h4>{t('careForms.followUp.recordOf', { day: formatPartialDate(item.dueOn) })}</h4>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary(prefix)} fieldLabel={(p) => t(`careForms.followUp.fields.${p.replace(`${prefix}.`, '').replace(/^content\..*\./, '')}`, { defaultValue: p })} attempt={sending.attempt} />}
      <RadioGroup
        {...field('outcome')}
        label={t('careForms.followUp.fields.outcome')}
        value={form.outcome}
        onChange={(outcome) => change({ outcome: outcome === 'NO_CONTACTADO' ? 'NO_CONTACTADO' : 'REALIZADO' })}
        options={[
          { value: 'REALIZADO', label: t('careForms.followUp.done') },
          { value: 'NO_CONTACTADO', label: t('careForms.followUp.noContact') },
        ]}
      />
      <TextField {...field('doneOn')} type="date" max={limaToday()} label={t('careForms.followUp.fields.doneOn')} required value={form.doneOn} onChange={(doneOn) => change({ doneOn })} />
      {done ? (
        <>
          <SelectField {...field('modality')} label={t('careForms.followUp.fields.modality')} value={form.modality} onChange={(modality) => change({ modality })} options={codeOptions(labels, 'modalidadSeguimiento')} />
          <SelectField {...field('content.safety.feelsSafe')} label={t('careForms.followUp.fields.feelsSafe')} hint={t('careForms.followUp.scaleHint')} emptyLabel="" value={form.feelsSafe} onChange={(feelsSafe) => change({ feelsSafe })} options={scale} />
          <SelectField {...field('content.reTraffickingRisk')} label={t('careForms.followUp.fields.reTraffickingRisk')} emptyLabel="" value={form.reTraffickingRisk} onChange={(reTraffickingRisk) => change({ reTraffickingRisk })} options={codeOptions(labels, 'nivelRiesgo')} />
          <TextArea {...field('content.agreements')} label={t('careForms.followUp.fields.agreements')} maxLength={2000} value={form.agreements} onChange={(agreements) => change({ agreements })} />
          <TextArea {...field('content.notes')} label={t('careForms.followUp.fields.notes')} maxLength={5000} value={form.notes} onChange={(notes) => change({ notes })} />
        </>
      ) : (
        <SelectField {...field('noContactReason')} label={t('careForms.followUp.fields.noContactReason')} required emptyLabel="" value={form.noContactReason} onChange={(noContactReason) => change({ noContactReason })} options={codeOptions(labels, 'motivoNoContacto')} />
      )}
      <SelectField {...field('alert')} label={t('careForms.followUp.fields.alert')} hint={t('careForms.followUp.alertHint')} emptyLabel="" value={form.alert} onChange={(alert) => change({ alert })} options={codeOptions(labels, 'tipoAlerta')} />
      <TextField {...field('nextDueOn')} type="date" label={t('careForms.followUp.fields.nextDueOn')} hint={t('careForms.followUp.nextHint')} value={form.nextDueOn} onChange={(nextDueOn) => change({ nextDueOn })} />
      {form.nextDueOn && <SelectField {...field('nextModality')} label={t('careForms.followUp.fields.nextModality')} value={form.nextModality} onChange={(nextModality) => change({ nextModality })} options={codeOptions(labels, 'modalidadSeguimiento')} />}
      <SendWithStatus id={`${prefix}-status`} draft={draft} sending={sending} label={t('careForms.followUp.record')} />
    </form>
  );
}
