// The follow-up desk of a unit: its alerts, its worklist (overdue, today, next seven days, case
// files without a plan or without contact) and its referral inbox and outbox, where a referral is
// accepted or rejected. Names appear only for the unit's own agency's case files.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/followup.ts';
import { SelectField } from '../components/fields.tsx';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api, ApiError } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { formatDateTime, formatNumber, formatPartialDate } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';

interface FollowUpItem {
  id: string;
  caseFileId: string;
  caseCode: string;
  personName?: string;
  dueOn: string;
  modality: string;
  attempt: number;
  assignedTo: string | null;
}

interface CaseItem {
  caseFileId: string;
  caseCode: string;
  caseState: string;
  personName?: string;
  lastContactOn: string | null;
}

/** What waits for this user's approval (four eyes): a case file's supervised move, or a plan. */
interface ProposalItem {
  kind: 'CASE_MOVE' | 'PLAN' | 'CONSENT_COSIGN';
  entityId: string;
  caseFileId: string;
  caseCode: string;
  personName?: string;
  to: string;
  proposedBy: string | null;
  proposedAt: string;
}

interface Worklist {
  counts: { overdue: number; today: number; upcoming: number; withoutPlan: number; withoutContact: number; proposals: number };
  proposals: ProposalItem[];
  overdue: FollowUpItem[];
  dueToday: FollowUpItem[];
  upcoming: FollowUpItem[];
  withoutPlan: CaseItem[];
  withoutContact: CaseItem[];
  next: Partial<Record<ListName, string>>;
  noContactDays: number;
}

type ListName = 'overdue' | 'today' | 'upcoming' | 'withoutPlan' | 'withoutContact';
/** Where each list's items sit in the worklist's answer. */
const ITEMS_OF: Record<ListName, 'overdue' | 'dueToday' | 'upcoming' | 'withoutPlan' | 'withoutContact'> = {
  overdue: 'overdue',
  today: 'dueToday',
  upcoming: 'upcoming',
  withoutPlan: 'withoutPlan',
  withoutContact: 'withoutContact',
};

interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

/** One table of the desk: its columns, a row per item, or a line saying there is nothing. */
function Table<T>({ items, columns, rowKey, empty }: { items: readonly T[]; columns: readonly Column<T>[]; rowKey: (item: T) => string; empty: string }) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={rowKey(item)}>
            {columns.map((c) => (
              <td key={c.header}>{c.cell(item)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Alert {
  kind: string;
  entityId: string;
  caseFileId: string;
  caseCode: string;
  due: string;
}

interface Referral {
  id: string;
  caseFileId: string;
  caseCode: string;
  state: string;
  motive: string;
  urgency: string;
  fromUnit: string;
  toUnit: string;
  sentAt: string | null;
  dueAt: string | null;
  hoursToAnswer: number | null;
  overdue: boolean;
  version: number;
}

interface ReferralList {
  items: Referral[];
  medianHoursToAnswer: number | null;
}

export default function FollowUpScreen() {
  const { t, i18n } = useTranslation();
  const { labels } = useCodeLists();
  const [scope, setScope] = useState<'unit' | 'mine'>('unit');
  const [worklist, setWorklist] = useState<Worklist | undefined>();
  const [alerts, setAlerts] = useState<Alert[] | undefined>();
  const [inbox, setInbox] = useState<ReferralList | undefined>();
  const [outbox, setOutbox] = useState<ReferralList | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => {
    document.title = `${t('followUp.title')} · Enlace`;
  }, [t]);

  const load = useCallback(() => {
    const fail = (error: unknown) => setProblem(error instanceof ApiError ? error.title : String(error));
    api<Worklist>('GET', `/api/worklist?scope=${scope}`).then(setWorklist, fail);
    api<{ items: Alert[] }>('GET', '/api/alerts').then((r) => setAlerts(r.items), fail);
    api<ReferralList>('GET', '/api/referrals?box=inbox').then(setInbox, () => setInbox({ items: [], medianHoursToAnswer: null }));
    api<ReferralList>('GET', '/api/referrals?box=outbox').then(setOutbox, () => setOutbox({ items: [], medianHoursToAnswer: null }));
  }, [scope]);
  useEffect(load, [load]);

  const label = (list: Parameters<NonNullable<typeof labels>['label']>[0], code: string) => labels?.label(list, code) ?? code;
  const person = (name: string | undefined) => name ?? t('followUp.otherAgency');

  /** The next page of one list, read from where the shown one ends, added below it. */
  const more = async (list: ListName) => {
    const after = worklist?.next[list];
    if (!worklist || !after) return;
    try {
      const page = await api<Worklist>('GET', `/api/worklist?scope=${scope}&list=${list}&after=${encodeURIComponent(after)}`);
      const key = ITEMS_OF[list];
      setWorklist((w) => (w ? { ...w, [key]: [...w[key], ...page[key]], next: { ...w.next, [list]: page.next[list] } } : w));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : String(error));
    }
  };

  const caseLink = (item: { caseFileId: string; caseCode: string }) => <Link to={paths.caseFile(item.caseFileId)}>{item.caseCode}</Link>;
  const followUpColumns: Column<FollowUpItem>[] = [
    { header: t('followUp.due'), cell: (f) => formatPartialDate(f.dueOn) },
    { header: t('followUp.case'), cell: caseLink },
    { header: t('followUp.person'), cell: (f) => person(f.personName) },
    { header: t('followUp.modality'), cell: (f) => label('modalidadSeguimiento', f.modality) },
    { header: t('followUp.attempt'), cell: (f) => f.attempt },
    { header: t('followUp.assignedTo'), cell: (f) => f.assignedTo ?? '' },
  ];
  const caseColumns: Column<CaseItem>[] = [
    { header: t('followUp.case'), cell: caseLink },
    { header: t('followUp.person'), cell: (c) => person(c.personName) },
    { header: t('followUp.state'), cell: (c) => label('estadoExpediente', c.caseState) },
    { header: t('followUp.lastContact'), cell: (c) => (c.lastContactOn ? formatPartialDate(c.lastContactOn) : t('followUp.never')) },
  ];
  const proposalColumns: Column<ProposalItem>[] = [
    { header: t('followUp.case'), cell: caseLink },
    { header: t('followUp.person'), cell: (p) => person(p.personName) },
    { header: t('followUp.proposedMove'), cell: (p) => (p.kind === 'PLAN' ? t('followUp.planApproval') : p.kind === 'CONSENT_COSIGN' ? t('followUp.consentCoSign') : label('estadoExpediente', p.to)) },
    { header: t('followUp.proposedBy'), cell: (p) => p.proposedBy ?? '' },
    { header: t('followUp.proposedAt'), cell: (p) => formatDateTime(p.proposedAt, i18n.language) },
  ];

  /** One list of the worklist: its table and, when it has more, a button for the next page. */
  const listSection = <T,>(list: ListName, title: string, items: T[], columns: Column<T>[], rowKey: (item: T) => string) => (
    <section aria-label={title}>
      <h3>{title}</h3>
      <Table items={items} columns={columns} rowKey={rowKey} empty={t('followUp.empty')} />
      {worklist?.next[list] && (
        <button type="button" className="secondary" onClick={() => void more(list)}>
          {t('followUp.more')}
        </button>
      )}
    </section>
  );

  const answered = (message: string) => {
    setNotice(message);
    setProblem(undefined);
    load();
  };

  const referralColumns = (receiving: boolean): Column<Referral>[] => [
    { header: t('followUp.case'), cell: (r) => r.caseCode },
    { header: receiving ? t('followUp.from') : t('followUp.to'), cell: (r) => (receiving ? r.fromUnit : r.toUnit) },
    { header: t('followUp.motive'), cell: (r) => label('motivoDerivacion', r.motive) },
    { header: t('followUp.urgency'), cell: (r) => label('urgenciaDerivacion', r.urgency) },
    {
      header: t('followUp.referralState'),
      cell: (r) => (
        <>
          {label('estadoDerivacion', r.state)}
          {r.hoursToAnswer !== null && <> · {t('followUp.hoursToAnswer', { hours: formatNumber(r.hoursToAnswer, i18n.language) })}</>}
        </>
      ),
    },
    {
      header: t('followUp.answerBy'),
      cell: (r) => (
        <>
          {r.dueAt ? formatDateTime(r.dueAt, i18n.language) : ''}
          {r.overdue && <strong> ({t('followUp.late')})</strong>}
        </>
      ),
    },
    ...(receiving ? [{ header: t('followUp.actions'), cell: (r: Referral) => (r.state === 'ENVIADA' ? <AnswerReferral referral={r} reasons={(labels?.values('motivoRechazo') ?? []).map((v) => ({ value: v.code, label: i18n.language === 'en' ? v.en : v.es }))} onDone={answered} /> : null) }] : []),
  ];

  const referrals = (title: string, list: ReferralList | undefined, receiving: boolean) => (
    <section aria-labelledby={receiving ? 'inbox-title' : 'outbox-title'}>
      <h2 id={receiving ? 'inbox-title' : 'outbox-title'}>{title}</h2>
      {list?.medianHoursToAnswer != null && <p>{t('followUp.medianHours', { hours: formatNumber(list.medianHoursToAnswer, i18n.language) })}</p>}
      <Table items={list?.items ?? []} columns={referralColumns(receiving)} rowKey={(r) => r.id} empty={t('followUp.noReferrals')} />
    </section>
  );

  return (
    <section className="page">
      <h1>{t('followUp.title')}</h1>
      <p>{t('followUp.intro')}</p>
      <div role="status">{notice}</div>
      {problem && <div role="alert">{problem}</div>}
      <SelectField
        path="scope"
        label={t('followUp.scope')}
        value={scope}
        onChange={(v) => setScope(v === 'mine' ? 'mine' : 'unit')}
        options={[
          { value: 'unit', label: t('followUp.scopeUnit') },
          { value: 'mine', label: t('followUp.scopeMine') },
        ]}
      />
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t('followUp.alertsTitle')}</h2>
        {alerts && alerts.length === 0 && <p>{t('followUp.noAlerts')}</p>}
        {alerts && alerts.length > 0 && (
          <ul>
            {alerts.map((a) => (
              <li key={`${a.kind}-${a.entityId}`}>
                {t(`followUp.alertKinds.${a.kind}`)}: <Link to={paths.caseFile(a.caseFileId)}>{a.caseCode}</Link> ({a.due.length > 10 ? formatDateTime(a.due, i18n.language) : formatPartialDate(a.due)})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="worklist-title">
        <h2 id="worklist-title">{t('followUp.worklistTitle')}</h2>
        {worklist && (
          <>
            <p>
              {t('followUp.counts', {
                overdue: formatNumber(worklist.counts.overdue, i18n.language),
                today: formatNumber(worklist.counts.today, i18n.language),
                upcoming: formatNumber(worklist.counts.upcoming, i18n.language),
                withoutPlan: formatNumber(worklist.counts.withoutPlan, i18n.language),
                withoutContact: formatNumber(worklist.counts.withoutContact, i18n.language),
                days: worklist.noContactDays,
              })}
            </p>
            {worklist.counts.proposals > 0 && (
              <section aria-label={t('followUp.proposals')}>
                <h3>{t('followUp.proposals')} ({formatNumber(worklist.counts.proposals, i18n.language)})</h3>
                <p className="hint">{t('followUp.proposalsHint')}</p>
                <Table items={worklist.proposals} columns={proposalColumns} rowKey={(p) => p.entityId} empty={t('followUp.empty')} />
              </section>
            )}
            {listSection('overdue', t('followUp.overdue'), worklist.overdue, followUpColumns, (f) => f.id)}
            {listSection('today', t('followUp.dueToday'), worklist.dueToday, followUpColumns, (f) => f.id)}
            {listSection('upcoming', t('followUp.upcoming'), worklist.upcoming, followUpColumns, (f) => f.id)}
            {listSection('withoutPlan', t('followUp.withoutPlan'), worklist.withoutPlan, caseColumns, (c) => c.caseFileId)}
            {listSection('withoutContact', t('followUp.withoutContact', { days: worklist.noContactDays }), worklist.withoutContact, caseColumns, (c) => c.caseFileId)}
          </>
        )}
      </section>
      {referrals(t('followUp.inboxTitle'), inbox, true)}
      {referrals(t('followUp.outboxTitle'), outbox, false)}
    </section>
  );
}

interface Answer {
  version: number;
  to: 'ACEPTADA' | 'RECHAZADA';
  rejectionReason?: string;
}

/**
 * The inbox's answer to one referral: accept, or reject with a reason chosen in place. Kept as a
 * draft and sent with its Idempotency-Key like any form, retried when the connection returns.
 */
function AnswerReferral({ referral, reasons, onDone }: { referral: Referral; reasons: { value: string; label: string }[]; onDone(message: string): void }) {
  const { t } = useTranslation();
  const draft = useDraft<{ rejecting: boolean; reason: string }, Answer>(`referral-answer:${referral.id}:${referral.version}`, () => ({ rejecting: false, reason: '' }));
  const { rejecting, reason } = draft.form;
  const errors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: undefined, errors }, {
    send: (body, key) => api('POST', `/api/referrals/${referral.id}/transitions`, { body, headers: { 'Idempotency-Key': key } }),
    sent: (_, body) => onDone(t(body.to === 'ACEPTADA' ? 'followUp.accepted' : 'followUp.rejected')),
  });
  const answer = (to: Answer['to']) => sending.submitData({ version: referral.version, to, ...(to === 'RECHAZADA' ? { rejectionReason: reason } : {}) });
  return (
    <>
      {sending.problemInFull && <div role="alert">{sending.problemInFull}</div>}
      {!rejecting ? (
        <>
          <button type="button" disabled={sending.busy} onClick={() => answer('ACEPTADA')}>
            {t('followUp.accept')}
          </button>{' '}
          <button type="button" className="secondary" aria-expanded={false} onClick={() => draft.setForm((f) => ({ ...f, rejecting: true }))}>
            {t('followUp.reject')}
          </button>
        </>
      ) : (
        <>
          <SelectField path={`rejection-${referral.id}`} label={t('followUp.rejectionReason')} value={reason} onChange={(v) => draft.setForm((f) => ({ ...f, reason: v }))} emptyLabel="" options={reasons} />
          <button type="button" disabled={!reason || sending.busy} onClick={() => answer('RECHAZADA')}>
            {t('followUp.confirmReject')}
          </button>{' '}
          <button type="button" className="secondary" aria-expanded={true} onClick={draft.clear}>
            {t('followUp.cancel')}
          </button>
        </>
      )}
      {(rejecting || sending.busy || sending.queued) && <DraftStatus id={`answer-status-${referral.id}`} draft={draft} sending={sending} />}
    </>
  );
}
