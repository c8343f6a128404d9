// Shelter stays on the case file (domain-spec §6.11, §8.5): request a place (a shelter with its
// free places, or another kind of lodging), then record the admission, the stay and the exit with
// its reason. Leaving of one's own accord or absconding alerts the case team (and, for a child,
// the protection unit and the prosecutor). Checked as it is filled in, like every form.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateShelterStayRequest, ShelterStayTransitionRequest } from '../../domain/schemas-followup.ts';
import { stayMoveProblems, type StayState } from '../../domain/shelter.ts';
import '../locales/care-forms.ts';
import { emptyStayForm, limaToday, stayInputOf, type StayForm } from '../forms/care.ts';
import { useDraft } from '../forms/draft.ts';
import { touchOnChoice, useCheckedForm } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { DraftStatus, SendWithStatus } from './DraftStatus.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { codeOptions } from './care-fields.tsx';
import { SelectField, TextArea, TextField } from './fields.tsx';

export interface StayItem {
  stay: { id: string; kind: string; state: StayState; version: number; enteredOn?: string; leftOn?: string; exitReason?: string };
  nextStates: StayState[];
}

interface Shelter {
  id: string;
  name: string;
  agency: string;
  capacity: number | null;
  free: number | null;
}

export function RequestStayForm({ caseFileId, labels, onDone }: { caseFileId: string; labels: Labels; onDone(message: string): void }) {
  const { t } = useTranslation();
  const [shelters, setShelters] = useState<Shelter[]>([]);
  const draft = useDraft<StayForm, CreateShelterStayRequest>(`stay:${caseFileId}`, emptyStayForm);
  const { form, setForm } = draft;
  useEffect(() => void api<{ items: Shelter[] }>('GET', '/api/shelters').then((r) => setShelters(r.items), () => setShelters([])), []);
  const input = useMemo(() => stayInputOf(form), [form]);
  const { data, errors } = useCheckedForm(CreateShelterStayRequest, input, labels.lang);
  const field = (path: string) => ({ path: `stay.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });

  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => api('POST', `/api/case-files/${caseFileId}/shelter-stays`, { body, headers: { 'Idempotency-Key': key } }),
    sent: () => onDone(t('careForms.shelter.requested')),
  });
  const shelterLabel = (s: Shelter) => `${s.name} — ${s.agency}${s.capacity !== null ? ` (${t('careForms.shelter.free', { free: s.free ?? 0, capacity: s.capacity })})` : ''}`;
  return (
    <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, 'stay')} noValidate aria-label={t('careForms.shelter.request')}>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary('stay')} fieldLabel={(p) => t(`careForms.shelter.fields.${p.replace(/^stay\./, '')}`, { defaultValue: p })} attempt={sending.attempt} />}
      <SelectField {...field('kind')} label={t('careForms.shelter.fields.kind')} required emptyLabel="" value={form.kind} onChange={(kind) => setForm({ ...form, kind })} options={codeOptions(labels, 'tipoAlojamiento')} />
      <SelectField {...field('shelterUnitId')} label={t('careForms.shelter.fields.shelterUnitId')} emptyLabel="" value={form.shelterUnitId} onChange={(shelterUnitId) => setForm({ ...form, shelterUnitId })} options={shelters.map((s) => ({ value: s.id, label: shelterLabel(s) }))} />
      <SelectField {...field('legalBasis')} label={t('careForms.shelter.fields.legalBasis')} emptyLabel="" value={form.legalBasis} onChange={(legalBasis) => setForm({ ...form, legalBasis })} options={codeOptions(labels, 'baseLegalAlojamiento')} />
      <TextArea {...field('note')} label={t('careForms.shelter.fields.note')} maxLength={1000} value={form.note} onChange={(note) => setForm({ ...form, note })} />
      <SendWithStatus id={`stay-status-${caseFileId}`} draft={draft} sending={sending} label={t('careForms.shelter.request')} />
    </form>
  );
}

interface MoveForm {
  to: StayState | '';
  on: string;
  exitReason: string;
}

const MOVE_LABEL: Record<StayState, string> = { SOLICITADO: '', INGRESO: 'careForms.shelter.admit', PERMANENCIA: 'careForms.shelter.stay', EGRESO: 'careForms.shelter.exit' };

/** The next step of one stay: admission, stay or exit, on a day, with the exit's reason. */
export function MoveStayForm({ item, labels, onDone }: { item: StayItem; labels: Labels; onDone(message: string): void }) {
  const { t } = useTranslation();
  const { stay } = item;
  const draft = useDraft<MoveForm, ShelterStayTransitionRequest>(`stay-move:${stay.id}:${stay.version}`, () => ({ to: item.nextStates[0] ?? '', on: limaToday(), exitReason: '' }));
  const { to, on, exitReason } = draft.form;
  const change = (patch: Partial<MoveForm>) => draft.setForm((f) => ({ ...f, ...patch }));
  const input = useMemo(() => ({ version: stay.version, to: to || undefined, on, ...(to === 'EGRESO' && exitReason ? { exitReason } : {}) }), [stay.version, to, on, exitReason]);
  const { data, errors } = useCheckedForm(ShelterStayTransitionRequest, input, labels.lang, (r) =>
    stayMoveProblems({ from: stay.state, to: r.to as StayState, on: r.on, enteredOn: stay.enteredOn, today: limaToday(), exitReason: r.exitReason, occupancy: 0 }),
  );
  const prefix = `stay-${stay.id}`;
  const field = (path: string) => ({ path: `${prefix}.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });
  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => api('POST', `/api/shelter-stays/${stay.id}/transitions`, { body, headers: { 'Idempotency-Key': key } }),
    sent: (_, body) => onDone(t('careForms.shelter.moved', { state: labels.label('estadoAlojamiento', body.to) })),
  });
  if (item.nextStates.length === 0) return null;
  return (
    <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, prefix)} noValidate className="inline-form" aria-label={t('careForms.shelter.next', { kind: labels.label('tipoAlojamiento', stay.kind) })}>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary(prefix)} fieldLabel={(p) => t(`careForms.shelter.fields.${p.replace(`${prefix}.`, '')}`, { defaultValue: p })} attempt={sending.attempt} />}
      <SelectField {...field('to')} label={t('careForms.shelter.fields.to')} value={to} onChange={(v) => change({ to: v as StayState })} options={item.nextStates.map((s) => ({ value: s, label: t(MOVE_LABEL[s]) }))} />
      <TextField {...field('on')} type="date" max={limaToday()} label={t('careForms.shelter.fields.on')} required value={on} onChange={(v) => change({ on: v })} />
      {to === 'EGRESO' && <SelectField {...field('exitReason')} label={t('careForms.shelter.fields.exitReason')} required emptyLabel="" value={exitReason} onChange={(v) => change({ exitReason: v })} options={codeOptions(labels, 'motivoEgreso')} />}
      <button type="submit" disabled={sending.busy}>
        {to ? t(MOVE_LABEL[to]) : ''}
      </button>
      <DraftStatus id={`${prefix}-status`} draft={draft} sending={sending} />
    </form>
  );
}
