// Lifecycle moves: one button per state the server says the file may move to now. A move that
// must say why asks for a reason; suspending also asks for the review date; closing asks for the
// closure record (§6.15): its reason, day, the final evaluation per dimension, later contact.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { closureProblems, LOST_CONTACT_ATTEMPTS, LOST_CONTACT_DAYS } from '../../domain/case-closure.ts';
import { transitionProblems, type CaseState } from '../../domain/case-lifecycle.ts';
import { todayInPeru } from '../../domain/dates.ts';
import { translate } from '../../domain/messages.ts';
import { TransitionRequest } from '../../domain/schemas.ts';
import { api } from '../lib/api.ts';
import { draftKept } from '../lib/drafts.ts';
import type { Labels } from '../lib/code-lists.ts';
import { formatDateTime } from '../lib/format.ts';
import { useDraft } from '../forms/draft.ts';
import { useSubmission, type Action, type Submission } from '../forms/submission.ts';
import type { CaseView } from '../lib/types.ts';
import { NO_ERRORS, schemaErrors, useFormErrors } from '../forms/errors.ts';
import '../locales/care-forms.ts';
import { codeOptions, Toggle } from './care-fields.tsx';
import { DraftStatus } from './DraftStatus.tsx';
import { SelectField, TextArea, TextField } from './fields.tsx';

interface Props {
  view: CaseView;
  labels: Labels;
  onMoved(next: CaseView, to: CaseState): void;
  /** A closure proposed, approved or returned: the file as it is now, and what to tell. */
  onSaved(next: CaseView, message: string): void;
  onReload(): void;
}

export function CaseTransitions({ view, labels, onMoved, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const { caseFile, abilities, nextStates } = view;
  // A move kept on this computer (a reload, a dropped connection) opens again by itself.
  const [target, setTarget] = useState<CaseState | undefined>(() => nextStates.find((to) => draftKept(moveDraft(caseFile, to))));
  const stateName = (s: string) => labels.label('estadoExpediente', s);

  return (
    <section className="card" aria-labelledby="lifecycle-title" style={{ marginBottom: '1rem' }}>
      <h2 id="lifecycle-title">{t('transition.title')}</h2>
      <p>
        {t('transition.current')} <strong>{stateName(caseFile.state)}</strong>
        {caseFile.reviewDate ? ` · ${t('field.reviewDate')}: ${caseFile.reviewDate.split('-').reverse().join('/')}` : ''}
      </p>
      {caseFile.closure && (
        <p>
          {t('careForms.closure.summary', { day: caseFile.closure.closedOn.split('-').reverse().join('/'), motive: labels.label('motivoCierre', caseFile.closure.motive) })}
          {caseFile.closure.achievedShare !== undefined && <> · {t('careForms.closure.achieved', { percent: Math.round(caseFile.closure.achievedShare * 100) })}</>}
          {' · '}
          {t(caseFile.closure.acceptsLaterContact ? 'careForms.closure.laterContactYes' : 'careForms.closure.laterContactNo')}
          {caseFile.closure.approvedBy && <> · {t('careForms.closure.approved')}</>}
        </p>
      )}
      {caseFile.closureProposal && <ClosureProposalCard view={view} labels={labels} onSaved={onSaved} onReload={onReload} />}
      {abilities.transition && nextStates.length > 0 ? (
        <div className="transitions" role="group" aria-label={t('transition.moveTo')}>
          {nextStates.map((to) => (
            <button key={to} type="button" className={target === to ? 'primary' : 'secondary'} aria-expanded={target === to} aria-controls="transition-panel" onClick={() => setTarget(target === to ? undefined : to)}>
              {view.approvalNeeded?.includes(to) ? t('transition.toForApproval', { state: stateName(to) }) : t('transition.to', { state: stateName(to) })}
            </button>
          ))}
        </div>
      ) : (
        <p className="hint">{t('transition.none')}</p>
      )}
      {target && (
        <TransitionPanel
          key={target}
          view={view}
          to={target}
          labels={labels}
          onCancel={() => setTarget(undefined)}
          onMoved={(next) => {
            setTarget(undefined);
            if (next.caseFile.closureProposal && next.caseFile.state !== target) onSaved(next, target === 'CERRADO' ? t('careForms.closure.sent') : t('transition.sent', { state: stateName(target) }));
            else onMoved(next, target);
          }}
          onReload={() => {
            setTarget(undefined);
            onReload();
          }}
        />
      )}
    </section>
  );
}

const moveDraft = (caseFile: { id: string; version: number }, to: CaseState) => `transition:${caseFile.id}:${caseFile.version}:${to}`;

interface MoveForm {
  reason: string;
  reviewDate: string;
  closure: { closedOn: string; motive: string; acceptsLaterContact: boolean; evaluation: Record<string, string> };
}

interface PanelProps {
  view: CaseView;
  to: CaseState;
  labels: Labels;
  onCancel(): void;
  onMoved(next: CaseView): void;
  onReload(): void;
}

function TransitionPanel({ view, to, labels, onCancel, onMoved, onReload }: PanelProps) {
  const { t } = useTranslation();
  const lang = labels.lang;
  const { caseFile } = view;
  const draft = useDraft<MoveForm, TransitionRequest>(moveDraft(caseFile, to), () => ({ reason: '', reviewDate: '', closure: { closedOn: todayInPeru(), motive: '', acceptsLaterContact: false, evaluation: {} } }));
  const { reason, reviewDate, closure } = draft.form;
  const setReason = (value: string) => draft.setForm((f) => ({ ...f, reason: value }));
  const setReviewDate = (value: string) => draft.setForm((f) => ({ ...f, reviewDate: value }));
  const setClosure = (value: MoveForm['closure']) => draft.setForm((f) => ({ ...f, closure: value }));
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const stateName = (s: string) => labels.label('estadoExpediente', s);
  // Ask the shared state machine first; the server decides again when the move is sent.
  const needs = transitionProblems({ from: caseFile.state, to, reason: 'x', reviewDate: to === 'SUSPENDIDO' ? '2000-01-01' : undefined, traffickingStatus: caseFile.traffickingStatus, stateBeforeSuspension: caseFile.stateBeforeSuspension });
  const reasonRequired = transitionProblems({ from: caseFile.state, to, reason: '', reviewDate: '2000-01-01', traffickingStatus: caseFile.traffickingStatus, stateBeforeSuspension: caseFile.stateBeforeSuspension }).includes('problem.reasonRequired');
  const blocking = needs.map((key) => translate(key, lang, { from: stateName(caseFile.state), to: stateName(to) }));

  const closing = to === 'CERRADO';
  const forApproval = view.approvalNeeded?.includes(to) === true;
  const closureBody = {
    closedOn: closure.closedOn,
    ...(closure.motive ? { motive: closure.motive } : {}),
    acceptsLaterContact: closure.acceptsLaterContact,
    finalEvaluation: Object.entries(closure.evaluation)
      .filter(([, result]) => result)
      .map(([dimension, result]) => ({ dimension, result })),
  };
  const body = { version: caseFile.version, to, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(to === 'SUSPENDIDO' && reviewDate ? { reviewDate } : {}), ...(closing ? { closure: closureBody } : {}) };
  const parsed = TransitionRequest.safeParse(body);
  const errors = new Map((parsed.success ? [] : schemaErrors(parsed.error, body, lang)).map((e) => [e.path, e.message]));
  // The closure's own rules; failed contact attempts are counted by the server.
  if (parsed.success && closing) {
    for (const p of closureProblems({ to, closure: parsed.data.closure, today: todayInPeru(), failedContacts: [] })) if (!p.key.startsWith('closure.lostContact')) errors.set(p.path, translate(p.key, lang));
  }
  if (reasonRequired && !reason.trim()) errors.set('reason', translate('problem.reasonRequired', lang));
  if (to === 'SUSPENDIDO' && !reviewDate) errors.set('reviewDate', translate('problem.reviewDateRequired', lang));

  const formErrors = useFormErrors([...errors].map(([path, message]) => ({ path, message })));
  const sending = useSubmission(draft, { data: parsed.success && errors.size === 0 && blocking.length === 0 ? parsed.data : undefined, errors: formErrors }, {
    send: (request, key) => api<CaseView>('POST', `/api/case-files/${caseFile.id}/transitions`, { body: request, headers: { 'Idempotency-Key': key } }),
    sent: (next) => onMoved(next),
  });
  const problem = panelProblem(sending);
  const busy = sending.busy;

  const shown = (path: string) => (formErrors.submitted ? formErrors.kit.error(path) : undefined);
  return (
    <form id="transition-panel" className="transition-panel" onSubmit={sending.submit} noValidate aria-labelledby="transition-panel-title">
      <h3 id="transition-panel-title" tabIndex={-1} ref={headingRef}>
        {t('transition.confirmTitle', { from: stateName(caseFile.state), to: stateName(to) })}
      </h3>
      {blocking.length > 0 && (
        <div className="alert" role="alert">
          {blocking.join(' ')}
        </div>
      )}
      <ProblemAlert problem={problem} onReload={onReload} />
      {forApproval && !closing && <p className="hint">{t('transition.forApproval')}</p>}
      <TextArea path="transition.reason" label={reasonRequired ? t('transition.reasonRequired') : t('transition.reasonOptional')} required={reasonRequired} value={reason} onChange={setReason} error={shown('reason')} maxLength={1000} rows={2} />
      {closing && (
        <fieldset className="field" aria-describedby="closure-lead">
          <legend>{t('careForms.closure.title')}</legend>
          <p className="hint" id="closure-lead">
            {t('careForms.closure.lead', { attempts: LOST_CONTACT_ATTEMPTS, days: LOST_CONTACT_DAYS })} {t('careForms.closure.forApproval')}
          </p>
          <SelectField path="transition.closure.motive" label={t('careForms.closure.motive')} required emptyLabel="" value={closure.motive} onChange={(motive) => setClosure({ ...closure, motive })} error={shown('closure.motive')} options={codeOptions(labels, 'motivoCierre')} />
          <TextField path="transition.closure.closedOn" type="date" label={t('careForms.closure.closedOn')} required max={todayInPeru()} value={closure.closedOn} onChange={(closedOn) => setClosure({ ...closure, closedOn })} error={shown('closure.closedOn')} className="short" />
          <Toggle path="transition.closure.acceptsLaterContact" label={t('careForms.closure.acceptsLaterContact')} checked={closure.acceptsLaterContact} onChange={(acceptsLaterContact) => setClosure({ ...closure, acceptsLaterContact })} error={shown('closure.acceptsLaterContact')} />
          <details>
            <summary>{t('careForms.closure.evaluation')}</summary>
            {labels.values('dimensionReintegracion').map((d) => (
              <SelectField
                key={d.code}
                path={`transition.closure.evaluation.${d.code}`}
                label={lang === 'en' ? d.en : d.es}
                emptyLabel={t('careForms.closure.notEvaluated')}
                value={closure.evaluation[d.code] ?? ''}
                onChange={(result) => setClosure({ ...closure, evaluation: { ...closure.evaluation, [d.code]: result } })}
                options={codeOptions(labels, 'estadoObjetivo')}
              />
            ))}
            {shown('closure.finalEvaluation') && <p className="field-error">{shown('closure.finalEvaluation')}</p>}
          </details>
        </fieldset>
      )}
      {to === 'SUSPENDIDO' && <TextField path="transition.reviewDate" type="date" label={t('field.reviewDate')} hint={t('transition.reviewDateHint')} required value={reviewDate} onChange={setReviewDate} error={shown('reviewDate')} min={todayInPeru()} className="short" />}
      <div className="transitions">
        <button type="submit" className="primary" disabled={busy || blocking.length > 0}>
          {busy ? t('transition.busy') : closing ? t('careForms.closure.send') : forApproval ? t('transition.send', { state: stateName(to) }) : t('transition.confirm', { state: stateName(to) })}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <DraftStatus id="transition-status" draft={draft} sending={sending} />
      </div>
    </form>
  );
}

interface ProposalProps {
  view: CaseView;
  labels: Labels;
  onSaved(next: CaseView, message: string): void;
  onReload(): void;
}

/**
 * A closure waiting for approval (§8.1, four eyes): who proposed it, when, and its record; a head of
 * the unit holding the file, not the proposer, approves it or returns it with a reason.
 */
function ClosureProposalCard({ view, labels, onSaved, onReload }: ProposalProps) {
  const { t } = useTranslation();
  const lang = labels.lang;
  const { caseFile, abilities } = view;
  const proposal = caseFile.closureProposal;
  const [submitted, setSubmitted] = useState(false);
  const draft = useDraft<{ returning: boolean; reason: string }, Decision>(`closure-decision:${caseFile.id}:${caseFile.version}`, () => ({ returning: false, reason: '' }));
  const { returning, reason } = draft.form;
  const setReturning = (value: boolean) => draft.setForm((f) => ({ ...f, returning: value }));
  const setReason = (value: string) => draft.setForm((f) => ({ ...f, reason: value }));
  const formErrors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: undefined, errors: formErrors }, {
    send: (decision, key) => api<CaseView>('POST', `/api/case-files/${caseFile.id}/closure/${decision.path}`, { body: decision.body, headers: { 'Idempotency-Key': key } }),
    sent: (next, decision) => onSaved(next, decision.message),
  });
  const problem = panelProblem(sending);
  const busy = sending.busy;
  if (!proposal) return null;
  const { closure } = proposal;
  // Any supervised move (§8.1) is decided here; a closure shows its record and keeps its own words.
  const to = proposal.to ?? 'CERRADO';
  const stateName = labels.label('estadoExpediente', to);
  const words = (closureKey: string, moveKey: string) => (closure ? t(`careForms.closure.${closureKey}`) : t(`transition.${moveKey}`, { state: stateName }));

  // The message goes with the decision, so a retry after a reload says the same.
  const send = (path: Decision['path'], body: Record<string, unknown>, message: string) => sending.submitData({ path, body, message });
  const approve = () => void send('approval', { version: caseFile.version }, words('approvedNotice', 'approvedNotice'));
  const returnIt = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!reason.trim() || busy) return;
    void send('return', { version: caseFile.version, reason: reason.trim() }, words('returnedNotice', 'returnedNotice'));
  };

  return (
    <div className="transition-panel" role="region" aria-labelledby="closure-proposal-title">
      <h3 id="closure-proposal-title">{words('proposedTitle', 'proposedTitle')}</h3>
      <p>
        {t(closure ? 'careForms.closure.proposed' : 'transition.proposed', { by: view.closureProposedByName ?? '—', day: formatDateTime(proposal.proposedAt, lang) })}
      </p>
      <ul>
        {closure && <li>{t('careForms.closure.proposedRecord', { day: closure.closedOn.split('-').reverse().join('/'), motive: labels.label('motivoCierre', closure.motive) })}</li>}
        {proposal.reason && (
          <li>
            {t('history.reason')}: {proposal.reason}
          </li>
        )}
        {closure?.achievedShare !== undefined && <li>{t('careForms.closure.achieved', { percent: Math.round(closure.achievedShare * 100) })}</li>}
        {closure && <li>{t(closure.acceptsLaterContact ? 'careForms.closure.laterContactYes' : 'careForms.closure.laterContactNo')}</li>}
        {closure?.finalEvaluation.map((e) => (
          <li key={e.dimension}>
            {labels.label('dimensionReintegracion', e.dimension)}: {labels.label('estadoObjetivo', e.result)}
          </li>
        ))}
      </ul>
      <ProblemAlert problem={problem} onReload={onReload} />
      {abilities.decideClosure ? (
        <>
          <div className="transitions" role="group" aria-label={t('careForms.closure.decide')}>
            <button type="button" className="primary" disabled={busy} onClick={approve}>
              {words('approve', 'approve')}
            </button>
            <button type="button" className="secondary" aria-expanded={returning} aria-controls="closure-return" disabled={busy} onClick={() => setReturning(!returning)}>
              {words('return', 'return')}
            </button>
          </div>
          {returning && (
            <form id="closure-return" onSubmit={returnIt} noValidate aria-label={t('careForms.closure.return')}>
              <TextArea path="closure.returnReason" label={t('careForms.closure.returnReason')} required value={reason} onChange={setReason} error={submitted && !reason.trim() ? translate('invalid.required', lang) : undefined} maxLength={1000} rows={2} />
              <button type="submit" className="primary" disabled={busy}>
                {t('careForms.closure.confirmReturn')}
              </button>
            </form>
          )}
        </>
      ) : (
        <p className="hint">{t('careForms.closure.awaiting')}</p>
      )}
    </div>
  );
}

interface PanelProblem {
  title: string;
  /** A stale version (409): the panel offers to reload the file. */
  conflict: boolean;
}

/** What the server refused, with its messages (a stale version in our words, and no field messages). */
function panelProblem<T>(sending: Submission<T>): PanelProblem | undefined {
  if (!sending.problem) return undefined;
  return { title: (sending.conflict ? sending.problem : sending.problemInFull) ?? sending.problem, conflict: sending.conflict };
}

type Decision = Action<'approval' | 'return'>;

/** What the server refused, with a reload when the file changed meanwhile. */
function ProblemAlert({ problem, onReload }: { problem: PanelProblem | undefined; onReload(): void }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <div className="alert" role="alert">
      <p style={{ margin: 0 }}>{problem.title}</p>
      {problem.conflict && (
        <button type="button" className="secondary" onClick={onReload} style={{ marginTop: '0.5rem' }}>
          {t('common.reload')}
        </button>
      )}
    </div>
  );
}
