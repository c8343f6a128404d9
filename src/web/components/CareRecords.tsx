// The care of a case file at a glance, for the case worker: the plan in force with its goals per
// dimension, the services delivered (and a short form to record one), the current risk (and a
// form to assess it at intake or when something changes), shelter stays and where the criminal
// proceeding stands. Each part shows only what the server lets the viewer read; every form is
// the same for any person (no form assumes a woman, a girl or sexual exploitation).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/followup.ts';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { formatPartialDate } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';
import '../locales/care-forms.ts';
import { SendWithStatus } from './DraftStatus.tsx';
import { FollowUps } from './FollowUps.tsx';
import { SelectField, TextArea, TextField } from './fields.tsx';
import { ProceedingForm, ReparationForm, type ReparationFacts } from './ProceedingForm.tsx';
import { MoveStayForm, RequestStayForm, type StayItem } from './ShelterStayForms.tsx';

interface Plan {
  plan: { id: string; state: string; planVersion: number; reviewDueOn?: string; content: { goals: { id: string; dimension: string; objective: string; responsibleEntity: string; targetDate?: string; status: string }[] } };
}
interface Service {
  id: string;
  kind: string;
  deliveredOn: string;
  content: { modality: string; provider?: string };
}
interface Risk {
  kind: string;
  level: string;
  assessedOn: string;
  nextReviewOn: string;
}
interface Proceeding {
  /** Version and content come with the full record only (those who may read the proceeding). */
  proceeding: { id: string; stage: string; stageOn: string; version: number; content?: ReparationFacts['content'] };
}

interface Care {
  plans?: Plan[];
  services?: Service[];
  canWriteCare?: boolean;
  risks?: Risk[];
  stays?: StayItem[];
  canWriteShelter?: boolean;
  proceedings?: Proceeding[];
  canWriteProceeding?: boolean;
  canWritePlan?: boolean;
}

const today = () => new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
const emptyService = () => ({ kind: '', deliveredOn: today(), modality: 'PRESENCIAL', provider: '' });
const emptyRisk = () => ({ kind: 'SEGURIDAD', occasion: 'INGRESO', level: '', assessedOn: today(), safetyPlan: '' });

/**
 * A short care form (a service delivered, a risk assessment): kept as a draft while typed, sent
 * with its Idempotency-Key and retried when the connection returns, its state said beside the
 * button. The server judges it; `bodyOf` gives the request once the required answers are there.
 */
function CareForm<F>({ caseFileId, path, initial, bodyOf, send, onDone, children }: { caseFileId: string; path: string; initial: () => F; bodyOf(form: F): Record<string, unknown> | undefined; send: string; onDone(): void; children(form: F, change: (patch: Partial<F>) => void): ReactNode }) {
  const draft = useDraft<F, Record<string, unknown>>(`${path}:${caseFileId}`, initial);
  const errors = useFormErrors(NO_ERRORS);
  const data = bodyOf(draft.form);
  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => api('POST', `/api/case-files/${caseFileId}/${path}`, { body, headers: { 'Idempotency-Key': key } }),
    sent: onDone,
  });
  return (
    <form onSubmit={sending.submit} noValidate>
      {sending.problem && (
        <div className="alert" role="alert">
          {sending.problemInFull}
        </div>
      )}
      {children(draft.form, (patch) => draft.setForm((f) => ({ ...f, ...patch })))}
      <SendWithStatus id={`${path}-status-${caseFileId}`} draft={draft} sending={sending} label={send} disabled={!data} />
    </form>
  );
}

export function CareRecords({ caseFileId, labels, closed = false }: { caseFileId: string; labels: Labels; /** Closed or discarded: no new plan is drawn up. */ closed?: boolean }) {
  const { t } = useTranslation();
  const [care, setCare] = useState<Care>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback((): Promise<void> => {
    // A part the viewer may not read answers 403/404: it is simply not shown.
    const part = <T,>(path: string) => api<T>('GET', `/api/case-files/${caseFileId}/${path}`).catch(() => undefined);
    return Promise.all([
      part<{ items: Plan[]; canWrite: boolean }>('plans'),
      part<{ items: Service[]; canWrite: boolean }>('services'),
      part<{ current: Risk[] }>('risk-assessments'),
      part<{ items: StayItem[]; canWrite: boolean }>('shelter-stays'),
      part<{ items: Proceeding[]; canWrite: boolean }>('proceedings'),
    ]).then(([plans, services, risks, stays, proceedings]) =>
      setCare({
        plans: plans?.items,
        canWritePlan: plans?.canWrite,
        services: services?.items,
        canWriteCare: services?.canWrite,
        risks: risks?.current,
        stays: stays?.items,
        canWriteShelter: stays?.canWrite,
        proceedings: proceedings?.items,
        canWriteProceeding: proceedings?.canWrite,
      }),
    );
  }, [caseFileId]);
  useEffect(() => {
    void load();
  }, [load]);

  // The message comes once the screen shows the change: the next step's form of a stay is drawn
  // afresh for its new version, and one chosen in it before the reload landed would be lost.
  const done = (message: string) => {
    setProblem(undefined);
    void load().then(() => setNotice(message));
  };
  const options = (list: Parameters<Labels['values']>[0]) => labels.values(list).map((v) => ({ value: v.code, label: labels.lang === 'en' ? v.en : v.es }));
  const plan = care.plans?.find((p) => !['CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO'].includes(p.plan.state));

  return (
    <section aria-labelledby="care-title">
      <h2 id="care-title">{t('care.title')}</h2>
      <div role="status">{notice}</div>
      {problem && <div role="alert">{problem}</div>}

      {care.plans && (
        <section aria-labelledby="care-plan">
          <h3 id="care-plan">{t('care.plan')}</h3>
          {(plan || (care.canWritePlan && !closed)) && (
            <p>
              <Link to={paths.carePlan(caseFileId)}>{t(plan ? 'careForms.plan.open' : 'careForms.plan.draw')}</Link>
            </p>
          )}
          {!plan ? (
            <p>{t('care.noPlan')}</p>
          ) : (
            <>
              <p>
                {labels.label('estadoPlan', plan.plan.state)} · {t('care.version', { n: plan.plan.planVersion })}
                {plan.plan.reviewDueOn && <> · {t('care.reviewBy', { day: formatPartialDate(plan.plan.reviewDueOn) })}</>}
              </p>
              <ul>
                {plan.plan.content.goals.map((g) => (
                  <li key={g.id}>
                    <strong>{labels.label('dimensionReintegracion', g.dimension)}</strong>: {g.objective} ({labels.label('entidad', g.responsibleEntity)}
                    {g.targetDate && <>, {formatPartialDate(g.targetDate)}</>}) — {labels.label('estadoObjetivo', g.status)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      {care.risks && (
        <section aria-labelledby="care-risk">
          <h3 id="care-risk">{t('care.risk')}</h3>
          {care.risks.length === 0 ? (
            <p>{t('care.noRisk')}</p>
          ) : (
            <ul>
              {care.risks.map((r) => (
                <li key={r.kind}>
                  {labels.label('tipoEvaluacionRiesgo', r.kind)}: <strong>{labels.label('nivelRiesgo', r.level)}</strong> ({formatPartialDate(r.assessedOn)}; {t('care.reviewBy', { day: formatPartialDate(r.nextReviewOn) })})
                </li>
              ))}
            </ul>
          )}
          {care.canWriteCare && (
            <CareForm caseFileId={caseFileId} path="risk-assessments" initial={emptyRisk} bodyOf={(risk) => (risk.level ? { ...risk, safetyPlan: risk.safetyPlan || undefined } : undefined)} send={t('care.assess')} onDone={() => done(t('care.saved'))}>
              {(risk, change) => (
                <>
                  <SelectField path="risk.kind" label={t('care.riskKind')} value={risk.kind} onChange={(kind) => change({ kind })} options={options('tipoEvaluacionRiesgo')} />
                  <SelectField path="risk.occasion" label={t('care.occasion')} value={risk.occasion} onChange={(occasion) => change({ occasion })} options={options('ocasionEvaluacionRiesgo')} />
                  <SelectField path="risk.level" label={t('care.level')} value={risk.level} emptyLabel="" required onChange={(level) => change({ level })} options={options('nivelRiesgo')} />
                  <TextField path="risk.assessedOn" type="date" label={t('care.on')} value={risk.assessedOn} max={today()} onChange={(assessedOn) => change({ assessedOn })} />
                  <TextArea path="risk.safetyPlan" label={t('care.safetyPlan')} value={risk.safetyPlan} maxLength={3000} onChange={(safetyPlan) => change({ safetyPlan })} />
                </>
              )}
            </CareForm>
          )}
        </section>
      )}

      {care.services && (
        <section aria-labelledby="care-services">
          <h3 id="care-services">{t('care.services')}</h3>
          {care.services.length === 0 ? (
            <p>{t('care.noServices')}</p>
          ) : (
            <ul>
              {care.services.map((s) => (
                <li key={s.id}>
                  {formatPartialDate(s.deliveredOn)} · {labels.label('tipoServicio', s.kind)} · {labels.label('modalidadServicio', s.content.modality)}
                  {s.content.provider && <> · {s.content.provider}</>}
                </li>
              ))}
            </ul>
          )}
          {care.canWriteCare && (
            <CareForm caseFileId={caseFileId} path="services" initial={emptyService} bodyOf={(service) => (service.kind ? { ...service, provider: service.provider || undefined } : undefined)} send={t('care.record')} onDone={() => done(t('care.saved'))}>
              {(service, change) => (
                <>
                  <SelectField path="service.kind" label={t('care.serviceKind')} value={service.kind} emptyLabel="" required onChange={(kind) => change({ kind })} options={options('tipoServicio')} />
                  <TextField path="service.deliveredOn" type="date" label={t('care.on')} value={service.deliveredOn} max={today()} onChange={(deliveredOn) => change({ deliveredOn })} />
                  <SelectField path="service.modality" label={t('care.modality')} value={service.modality} onChange={(modality) => change({ modality })} options={options('modalidadServicio')} />
                  <TextField path="service.provider" label={t('care.provider')} value={service.provider} maxLength={200} onChange={(provider) => change({ provider })} />
                </>
              )}
            </CareForm>
          )}
        </section>
      )}

      <FollowUps caseFileId={caseFileId} labels={labels} onDone={done} />

      {care.stays && (
        <section aria-labelledby="care-shelter">
          <h3 id="care-shelter">{t('care.shelter')}</h3>
          {care.stays.length === 0 ? (
            <p>{t('care.noStays')}</p>
          ) : (
            <ul>
              {care.stays.map((item) => (
                <li key={item.stay.id}>
                  {labels.label('tipoAlojamiento', item.stay.kind)} · {labels.label('estadoAlojamiento', item.stay.state)}
                  {item.stay.enteredOn && <> · {formatPartialDate(item.stay.enteredOn)}</>}
                  {item.stay.leftOn && <> – {formatPartialDate(item.stay.leftOn)}</>}
                  {item.stay.exitReason && <> ({labels.label('motivoEgreso', item.stay.exitReason)})</>}
                  {care.canWriteShelter && <MoveStayForm key={`${item.stay.id}-${item.stay.version}`} item={item} labels={labels} onDone={done} />}
                </li>
              ))}
            </ul>
          )}
          {care.canWriteShelter && <RequestStayForm caseFileId={caseFileId} labels={labels} onDone={done} />}
        </section>
      )}

      {care.proceedings && (
        <section aria-labelledby="care-proceeding">
          <h3 id="care-proceeding">{t('care.proceeding')}</h3>
          {care.proceedings.length === 0 ? (
            <p>{t('care.noProceeding')}</p>
          ) : (
            <ul>
              {care.proceedings.map(({ proceeding }) => (
                <li key={proceeding.id}>
                  {labels.label('etapaProcesal', proceeding.stage)} ({formatPartialDate(proceeding.stageOn)})
                  {care.canWriteProceeding && proceeding.content && (
                    <details>
                      <summary>{t('careForms.reparation.title')}</summary>
                      <ReparationForm key={`${proceeding.id}-${proceeding.version}`} proceeding={proceeding} labels={labels} onDone={done} />
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )}
          {care.canWriteProceeding && care.proceedings.length === 0 && <ProceedingForm caseFileId={caseFileId} labels={labels} onDone={done} />}
        </section>
      )}
    </section>
  );
}
