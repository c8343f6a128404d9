// Record the criminal proceeding of a case file (domain-spec §6.7, §8.2): the complaint with its
// police report number, or — for the prosecutor and the court — the stage it has reached, with
// the file numbers, the protection measures granted and whether the person is a civil party.
// Checked as it is filled in by the schema the server applies.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { reparationProblems } from '../../domain/criminal-process.ts';
import { CreateProceedingRequest, UpdateProceedingRequest } from '../../domain/schemas-followup.ts';
import '../locales/care-forms.ts';
import { emptyProceedingForm, limaToday, proceedingInputOf, type ProceedingForm as Form } from '../forms/care.ts';
import { useDraft } from '../forms/draft.ts';
import { touchOnChoice, useCheckedForm } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { useSession } from '../lib/session.tsx';
import { codeOptions, Toggle } from './care-fields.tsx';
import { SendWithStatus } from './DraftStatus.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { CheckboxGroup, SelectField, TextField } from './fields.tsx';

export function ProceedingForm({ caseFileId, labels, onDone }: { caseFileId: string; labels: Labels; onDone(message: string): void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const draft = useDraft<Form, CreateProceedingRequest>(`proceeding:${caseFileId}`, emptyProceedingForm);
  const { form, setForm } = draft;
  const input = useMemo(() => proceedingInputOf(form), [form]);
  // A later stage than the complaint is the prosecutor's or the court's to record (§8.2).
  const prosecutorOrCourt = session.user.roles.some((r) => r === 'FISCAL' || r === 'JUDICIAL');
  const { data, errors } = useCheckedForm(CreateProceedingRequest, input, labels.lang, (r) => [
    ...(r.stage !== 'DENUNCIA_REGISTRADA' && !prosecutorOrCourt ? [{ path: 'stage', key: 'proceeding.prosecutorOrCourt' }] : []),
    ...(r.stageOn > limaToday() ? [{ path: 'stageOn', key: 'invalid.dateInFuture' }] : []),
  ]);
  const field = (path: string) => ({ path: `proceeding.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });
  const change = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => api('POST', `/api/case-files/${caseFileId}/proceedings`, { body, headers: { 'Idempotency-Key': key } }),
    sent: () => onDone(t('careForms.proceeding.opened')),
  });
  const stages = codeOptions(labels, 'etapaProcesal').filter((o) => prosecutorOrCourt || o.value === 'DENUNCIA_REGISTRADA');
  return (
    <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, 'proceeding')} noValidate aria-label={t('careForms.proceeding.open')}>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary('proceeding')} fieldLabel={(p) => t(`careForms.proceeding.fields.${p.replace(/^proceeding\./, '')}`, { defaultValue: p })} attempt={sending.attempt} />}
      <SelectField {...field('stage')} label={t('careForms.proceeding.fields.stage')} required value={form.stage} onChange={(stage) => change({ stage })} options={stages} />
      <TextField {...field('stageOn')} type="date" max={limaToday()} label={t('careForms.proceeding.fields.stageOn')} required value={form.stageOn} onChange={(stageOn) => change({ stageOn })} />
      <TextField {...field('policeReportNumber')} label={t('careForms.proceeding.fields.policeReportNumber')} maxLength={50} value={form.policeReportNumber} onChange={(policeReportNumber) => change({ policeReportNumber })} />
      <TextField {...field('prosecutorFileNumber')} label={t('careForms.proceeding.fields.prosecutorFileNumber')} maxLength={50} value={form.prosecutorFileNumber} onChange={(prosecutorFileNumber) => change({ prosecutorFileNumber })} />
      <TextField {...field('courtFileNumber')} label={t('careForms.proceeding.fields.courtFileNumber')} maxLength={50} value={form.courtFileNumber} onChange={(courtFileNumber) => change({ courtFileNumber })} />
      <CheckboxGroup {...field('protectionMeasures')} label={t('careForms.proceeding.fields.protectionMeasures')} values={form.protectionMeasures} onChange={(protectionMeasures) => change({ protectionMeasures })} options={codeOptions(labels, 'medidaProteccion')} />
      <Toggle {...field('victimIsCivilParty')} label={t('careForms.proceeding.fields.victimIsCivilParty')} checked={form.victimIsCivilParty} onChange={(victimIsCivilParty) => change({ victimIsCivilParty })} />
      <SendWithStatus id={`proceeding-status-${caseFileId}`} draft={draft} sending={sending} label={t('careForms.proceeding.open')} />
    </form>
  );
}

/** What the case file's proceeding says of the reparation and the civil party (the full record only). */
export interface ReparationFacts {
  id: string;
  version: number;
  content?: { reparationOrderedPen?: number; reparationPaidPen?: number; victimIsCivilParty?: boolean } | undefined;
}

/** An amount in soles as typed ("1500", "1500.50", "1500,50"); left as typed when it is not one, for the schema to say so. */
const amountOf = (typed: string): number | string | undefined => {
  const value = typed.trim();
  if (value === '') return undefined;
  return /^\d{1,10}([.,]\d{1,2})?$/.test(value) ? Number(value.replace(',', '.')) : value;
};

/**
 * The civil reparation ordered and paid (soles) and whether the person is civil party, recorded as
 * the proceeding goes on: sealed with the proceeding, while statistics read only where it stands
 * (ordered, paid in part, paid: indicator C12). Paid never exceeds ordered.
 */
export function ReparationForm({ proceeding, labels, onDone }: { proceeding: ReparationFacts; labels: Labels; onDone(message: string): void }) {
  const { t } = useTranslation();
  const content = proceeding.content ?? {};
  const draft = useDraft<{ ordered: string; paid: string; civilParty: boolean }, UpdateProceedingRequest>(`reparation:${proceeding.id}:${proceeding.version}`, () => ({ ordered: content.reparationOrderedPen?.toString() ?? '', paid: content.reparationPaidPen?.toString() ?? '', civilParty: content.victimIsCivilParty ?? false }));
  const { form, setForm } = draft;
  const input = useMemo(
    () => Object.fromEntries(Object.entries({ version: proceeding.version, reparationOrderedPen: amountOf(form.ordered), reparationPaidPen: amountOf(form.paid), victimIsCivilParty: form.civilParty }).filter(([, v]) => v !== undefined)),
    [form, proceeding.version],
  );
  const { data, errors } = useCheckedForm(UpdateProceedingRequest, input, labels.lang, (r) => reparationProblems(r.reparationOrderedPen ?? content.reparationOrderedPen, r.reparationPaidPen ?? content.reparationPaidPen));
  const field = (path: string) => ({ path: `reparation.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });
  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => api('PUT', `/api/proceedings/${proceeding.id}`, { body, headers: { 'Idempotency-Key': key } }),
    sent: () => onDone(t('careForms.reparation.saved')),
  });
  return (
    <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, 'reparation')} noValidate aria-label={t('careForms.reparation.title')}>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary('reparation')} fieldLabel={(p) => t(`careForms.reparation.fields.${p.replace(/^reparation\./, '')}`, { defaultValue: p })} attempt={sending.attempt} />}
      <TextField {...field('reparationOrderedPen')} inputMode="decimal" label={t('careForms.reparation.fields.reparationOrderedPen')} hint={t('careForms.reparation.amountHint')} maxLength={14} value={form.ordered} onChange={(ordered) => setForm((f) => ({ ...f, ordered }))} />
      <TextField {...field('reparationPaidPen')} inputMode="decimal" label={t('careForms.reparation.fields.reparationPaidPen')} hint={t('careForms.reparation.amountHint')} maxLength={14} value={form.paid} onChange={(paid) => setForm((f) => ({ ...f, paid }))} />
      <Toggle {...field('victimIsCivilParty')} label={t('careForms.proceeding.fields.victimIsCivilParty')} checked={form.civilParty} onChange={(civilParty) => setForm((f) => ({ ...f, civilParty }))} />
      <SendWithStatus id={`reparation-status-${proceeding.id}`} draft={draft} sending={sending} label={t('careForms.reparation.save')} />
    </form>
  );
}
