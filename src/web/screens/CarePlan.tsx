// The individual care and reintegration plan (PRI, domain-spec §6.13, §8.3) of one case file: draw
// it up with the person, goal by goal for each dimension (legal, psychological, health, education,
// employment and income, housing, family, documentation, safety) with the responsible entity and
// a target date; send it to be validated with the person, approved by a supervisor, put into
// execution; record each goal's progress; review it (at least every three months), which opens a
// new version; close it. Checked as it is typed by the same schema the server applies.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { goalsEditable, planMoveProblems, progressRecordable, type PlanState } from '../../domain/care-plan.ts';
import { translate } from '../../domain/messages.ts';
import type { PlanRecord } from '../../domain/followup-records.ts';
import { PlanContent, type PlanContentInput } from '../../domain/schemas-followup.ts';
import { codeOptions, Toggle } from '../components/care-fields.tsx';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { SelectField, TextArea, TextField } from '../components/fields.tsx';
import { Loading } from '../components/Loading.tsx';
import { Messages } from '../components/Messages.tsx';
import '../locales/care-forms.ts';
import '../locales/followup.ts';
import { emptyGoal, emptyPlanForm, planFormOf, planInputOf, type GoalForm, type PlanForm } from '../forms/care.ts';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, touchOnChoice, useCheckedForm, useFormErrors } from '../forms/errors.ts';
import { useSubmission, type Action } from '../forms/submission.ts';
import { api, ApiError } from '../lib/api.ts';
import { useCodeLists, type Labels } from '../lib/code-lists.ts';
import { draftKept } from '../lib/drafts.ts';
import { formatPartialDate } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import type { CaseView } from '../lib/types.ts';

interface PlanItem {
  plan: PlanRecord;
  nextStates: PlanState[];
}

/** The draft of a new plan for the case file, or of an edit of this version of the plan in force. */
const planDraft = (caseFileId: string, current: { id: string; version: number } | undefined) => (current ? `plan:${current.id}:${current.version}` : `plan:${caseFileId}`);

const FINISHED = new Set(['CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO']);
/** Moves that must say why (§8.3: interrupted; a draft sent back from validation). */
const NEEDS_REASON = new Set(['INTERRUMPIDO', 'BORRADOR']);

export default function CarePlanScreen({ caseFileId }: { caseFileId: string }) {
  const { t } = useTranslation();
  const { labels, error: listsError } = useCodeLists();
  const [view, setView] = useState<CaseView | undefined>();
  const [plans, setPlans] = useState<{ items: PlanItem[]; canWrite: boolean } | undefined>();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      const [caseView, list] = await Promise.all([api<CaseView>('GET', `/api/case-files/${caseFileId}`), api<{ items: PlanItem[]; canWrite: boolean }>('GET', `/api/case-files/${caseFileId}/plans`)]);
      setView(caseView);
      setPlans(list);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : String(error));
    }
  }, [caseFileId]);
  useEffect(() => {
    void load();
  }, [load]);
  // An edit of the plan kept on this computer (a reload, a dropped connection) opens again by itself.
  const inForce = plans?.items.find((p) => !FINISHED.has(p.plan.state))?.plan;
  useEffect(() => {
    if (inForce && draftKept(planDraft(caseFileId, inForce))) setEditing(true);
  }, [inForce, caseFileId]);
  useEffect(() => {
    document.title = `${t('careForms.plan.title')} · Enlace`;
  }, [t]);

  if (listsError || (problem && !plans)) {
    return (
      <section className="page">
        <div className="alert" role="alert">
          {listsError ?? problem}
        </div>
        <Link to={paths.caseFile(caseFileId)}>{t('careForms.plan.back')}</Link>
      </section>
    );
  }
  if (!labels || !plans || !view) return <Loading />;

  const current = plans.items.find((p) => !FINISHED.has(p.plan.state));
  const past = plans.items.filter((p) => FINISHED.has(p.plan.state));
  const done = (message: string) => {
    setEditing(false);
    setNotice(message);
    setProblem(undefined);
    void load();
  };

  return (
    <section className="page">
      <p>
        <Link to={paths.caseFile(caseFileId)}>← {t('careForms.plan.back')}</Link>
      </p>
      <h1>{t('careForms.plan.heading', { code: view.caseFile.code })}</h1>
      <p className="lead">{t('careForms.plan.lead')}</p>
      <Messages notice={notice} problem={problem} />

      {editing || (!current && plans.canWrite) ? (
        <PlanEditor caseFileId={caseFileId} current={current?.plan} labels={labels} onSaved={done} onCancel={current ? () => setEditing(false) : undefined} />
      ) : !current ? (
        <p>{t('care.noPlan')}</p>
      ) : (
        <PlanInForce item={current} labels={labels} canWrite={plans.canWrite} onEdit={() => setEditing(true)} onDone={done} />
      )}

      {past.length > 0 && (
        <section aria-labelledby="plan-past">
          <h2 id="plan-past">{t('careForms.plan.past')}</h2>
          <ul>
            {past.map(({ plan }) => (
              <li key={plan.id}>
                {labels.label('estadoPlan', plan.state)} · {t('care.version', { n: plan.planVersion })} · {plan.content.goals.length} {t('careForms.plan.goalsCount')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function PlanInForce({ item, labels, canWrite, onEdit, onDone }: { item: PlanItem; labels: Labels; canWrite: boolean; onEdit(): void; onDone(message: string): void }) {
  const { t } = useTranslation();
  const { plan, nextStates } = item;
  // The reason and the progress chosen are kept as a draft; each button sends its own request.
  const draft = useDraft<{ reason: string; progress: Record<string, string> }, Action>(`plan-moves:${plan.id}:${plan.version}`, () => ({ reason: '', progress: {} }));
  const { reason, progress } = draft.form;
  const setReason = (value: string) => draft.setForm((f) => ({ ...f, reason: value }));
  const setProgress = (value: Record<string, string>) => draft.setForm((f) => ({ ...f, progress: value }));
  const errors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: undefined, errors }, {
    send: (action, key) => api('POST', `/api/plans/${plan.id}/${action.path}`, { body: action.body, headers: { 'Idempotency-Key': key } }),
    sent: (_, action) => onDone(action.message),
  });
  const post = (path: string, body: Record<string, unknown>, message: string) => sending.submitData({ path, body, message });
  const reasonNeeded = nextStates.some((s) => NEEDS_REASON.has(s));
  const { session } = useSession();
  // What keeps each move from being made, known before it is tried (the reason aside: it is typed below).
  const blockers = (to: PlanState) =>
    planMoveProblems({
      from: plan.state,
      to,
      goals: plan.content.goals,
      participation: plan.content.participation,
      participationJustification: plan.content.participationJustification,
      reason: 'x',
      actorRoles: session.user.roles,
      actorUserId: session.user.id,
      authorUserId: plan.authorUserId ?? '',
    }).map((p) => translate(p.key, labels.lang));
  const blocked = nextStates.flatMap((to) => blockers(to).map((message) => `${t(`careForms.plan.moves.${to}`)}: ${message}`));

  return (
    <section aria-labelledby="plan-current">
      <h2 id="plan-current">{t('care.plan')}</h2>
      <p>
        <strong>{labels.label('estadoPlan', plan.state)}</strong> · {t('care.version', { n: plan.planVersion })}
        {plan.reviewDueOn && <> · {t('care.reviewBy', { day: formatPartialDate(plan.reviewDueOn) })}</>}
        {plan.content.participation && <> · {labels.label('participacionPersona', plan.content.participation)}</>}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('careForms.plan.fields.dimension')}</th>
            <th scope="col">{t('careForms.plan.fields.objective')}</th>
            <th scope="col">{t('careForms.plan.fields.responsibleEntity')}</th>
            <th scope="col">{t('careForms.plan.fields.targetDate')}</th>
            <th scope="col">{t('careForms.plan.fields.status')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.content.goals.map((g) => (
            <tr key={g.id}>
              <td>{labels.label('dimensionReintegracion', g.dimension)}</td>
              <td>
                {g.objective}
                {g.indicator && <div className="hint">{g.indicator}</div>}
              </td>
              <td>{labels.label('entidad', g.responsibleEntity)}</td>
              <td>{g.targetDate ? formatPartialDate(g.targetDate) : ''}</td>
              <td>
                {canWrite && progressRecordable(plan.state) ? (
                  <span className="inline-form">
                    <SelectField path={`progress.${g.id}`} label={t('careForms.plan.progressOf', { objective: g.objective })} value={progress[g.id] ?? g.status} onChange={(status) => setProgress({ ...progress, [g.id]: status })} options={codeOptions(labels, 'estadoObjetivo')} />
                    <button type="button" className="secondary small" disabled={(progress[g.id] ?? g.status) === g.status} onClick={() => void post('progress', { version: plan.version, goalId: g.id, status: progress[g.id] }, t('careForms.plan.progressSaved'))}>
                      {t('careForms.plan.saveProgress')}
                    </button>
                  </span>
                ) : (
                  labels.label('estadoObjetivo', g.status)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite && (
        <div className="form-actions">
          {goalsEditable(plan.state) && (
            <button type="button" className="secondary" onClick={onEdit}>
              {t('careForms.plan.edit')}
            </button>
          )}
          {reasonNeeded && <TextArea path="plan.reason" label={t('careForms.plan.reason')} hint={t('careForms.plan.reasonHint')} value={reason} maxLength={1000} onChange={setReason} />}
          {nextStates.map((to) => (
            <button key={to} type="button" className={to === 'INTERRUMPIDO' ? 'secondary' : 'primary'} disabled={(NEEDS_REASON.has(to) && !reason.trim()) || blockers(to).length > 0} onClick={() => void post('transitions', { version: plan.version, to, ...(reason.trim() ? { reason: reason.trim() } : {}) }, t('careForms.plan.moved', { state: labels.label('estadoPlan', to) }))}>
              {t(`careForms.plan.moves.${to}`)}
            </button>
          ))}
        </div>
      )}
      {canWrite && (
        <p>
          <DraftStatus id="plan-moves-status" draft={draft} sending={sending} />
        </p>
      )}
      {sending.problem && (
        <div className="alert" role="alert">
          {sending.problemInFull}
        </div>
      )}
      {canWrite && blocked.length > 0 && (
        <ul className="hint">
          {blocked.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PlanEditor({ caseFileId, current, labels, onSaved, onCancel }: { caseFileId: string; current: PlanRecord | undefined; labels: Labels; onSaved(message: string): void; onCancel: (() => void) | undefined }) {
  const { t } = useTranslation();
  const draft = useDraft<PlanForm, PlanContentInput>(planDraft(caseFileId, current), () => (current ? planFormOf(current.content) : emptyPlanForm()));
  const { form, setForm } = draft;
  const input = useMemo(() => planInputOf(form), [form]);
  const { data, errors } = useCheckedForm(PlanContent, input, labels.lang);
  const field = (path: string) => ({ path: `plan.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) });
  const change = (patch: Partial<PlanForm>) => setForm((f) => ({ ...f, ...patch }));
  const changeGoal = (i: number, patch: Partial<GoalForm>) => setForm((f) => ({ ...f, goals: f.goals.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));

  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) =>
      current
        ? api('PUT', `/api/plans/${current.id}`, { body: { version: current.version, content: body }, headers: { 'Idempotency-Key': key } })
        : api('POST', `/api/case-files/${caseFileId}/plans`, { body, headers: { 'Idempotency-Key': key } }),
    sent: () => onSaved(t(current ? 'careForms.plan.updated' : 'careForms.plan.created')),
  });

  const label = (path: string) => {
    const parts = path.replace(/^plan\./, '').split('.');
    const name = t(`careForms.plan.fields.${parts[parts.length - 1] ?? ''}`, { defaultValue: path });
    return parts[0] === 'goals' && parts[1] !== undefined ? t('careForms.plan.goalN', { n: Number(parts[1]) + 1 }) + ': ' + name : name;
  };

  return (
    <form onSubmit={sending.submit} onChange={touchOnChoice(errors.kit, 'plan')} noValidate aria-labelledby="plan-form-title">
      <h2 id="plan-form-title">{t(current ? 'careForms.plan.editTitle' : 'careForms.plan.newTitle')}</h2>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary('plan')} fieldLabel={label} attempt={sending.attempt} />}
      <SelectField {...field('place')} label={t('careForms.plan.fields.place')} emptyLabel="" value={form.place} onChange={(place) => change({ place })} options={codeOptions(labels, 'lugarReintegracion')} />
      <SelectField {...field('participation')} label={t('careForms.plan.fields.participation')} hint={t('careForms.plan.participationHint')} emptyLabel="" value={form.participation} onChange={(participation) => change({ participation })} options={codeOptions(labels, 'participacionPersona')} />
      {form.participation === 'SIN_PARTICIPACION' && (
        <TextArea {...field('participationJustification')} label={t('careForms.plan.fields.participationJustification')} required maxLength={1000} value={form.participationJustification} onChange={(participationJustification) => change({ participationJustification })} />
      )}
      <Toggle {...field('signed')} label={t('careForms.plan.fields.signed')} checked={form.signed} onChange={(signed) => change({ signed })} />
      <TextField {...field('plannedEndOn')} type="date" label={t('careForms.plan.fields.plannedEndOn')} value={form.plannedEndOn} onChange={(plannedEndOn) => change({ plannedEndOn })} />

      {form.goals.map((g, i) => (
        <fieldset key={g.id ?? `new-${i}`} className="card goal" aria-label={t('careForms.plan.goalN', { n: i + 1 })}>
          <legend>{t('careForms.plan.goalN', { n: i + 1 })}</legend>
          <SelectField {...field(`goals.${i}.dimension`)} label={t('careForms.plan.fields.dimension')} required emptyLabel="" value={g.dimension} onChange={(dimension) => changeGoal(i, { dimension })} options={codeOptions(labels, 'dimensionReintegracion')} />
          <TextArea {...field(`goals.${i}.objective`)} label={t('careForms.plan.fields.objective')} hint={t('careForms.plan.objectiveHint')} required maxLength={1000} value={g.objective} onChange={(objective) => changeGoal(i, { objective })} />
          <TextArea {...field(`goals.${i}.actions`)} label={t('careForms.plan.fields.actions')} maxLength={2000} value={g.actions} onChange={(actions) => changeGoal(i, { actions })} />
          <TextField {...field(`goals.${i}.indicator`)} label={t('careForms.plan.fields.indicator')} hint={t('careForms.plan.indicatorHint')} maxLength={300} value={g.indicator} onChange={(indicator) => changeGoal(i, { indicator })} />
          <SelectField {...field(`goals.${i}.responsibleEntity`)} label={t('careForms.plan.fields.responsibleEntity')} required emptyLabel="" value={g.responsibleEntity} onChange={(responsibleEntity) => changeGoal(i, { responsibleEntity })} options={codeOptions(labels, 'entidad')} />
          <TextField {...field(`goals.${i}.targetDate`)} type="date" label={t('careForms.plan.fields.targetDate')} value={g.targetDate} onChange={(targetDate) => changeGoal(i, { targetDate })} />
          <SelectField {...field(`goals.${i}.status`)} label={t('careForms.plan.fields.status')} value={g.status} onChange={(status) => changeGoal(i, { status })} options={codeOptions(labels, 'estadoObjetivo')} />
          {form.goals.length > 1 && (
            <button type="button" className="secondary small" onClick={() => change({ goals: form.goals.filter((_, j) => j !== i) })}>
              {t('careForms.plan.removeGoal', { n: i + 1 })}
            </button>
          )}
        </fieldset>
      ))}
      <p>
        <button type="button" className="secondary" disabled={form.goals.length >= 40} onClick={() => change({ goals: [...form.goals, emptyGoal()] })}>
          {t('careForms.plan.addGoal')}
        </button>
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={sending.busy}>
          {t('careForms.plan.save')}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <DraftStatus id="plan-status" draft={draft} sending={sending} />
      </div>
    </form>
  );
}
