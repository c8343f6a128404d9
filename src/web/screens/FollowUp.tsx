// The follow-up desk of a unit: its alerts, its worklist (overdue, today, next seven days, case
// files without a plan or without contact) and its referral inbox and outbox, where a referral is
// accepted or rejected. Names appear only for the unit's own agency's case files.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/followup.ts';
import { SelectField } from '../components/fields.tsx';
import { api, ApiError } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { formatDateTime, formatNumber, formatPartialDate } from '../lib/format.ts';
import { useIdempotencyKeys } from '../lib/idempotency.ts';
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

interface Worklist {
  counts: { overdue: number; today: number; upcoming: number; withoutPlan: number; withoutContact: number };
  overdue: FollowUpItem[];
  dueToday: FollowUpItem[];
  upcoming: FollowUpItem[];
  withoutPlan: CaseItem[];
  withoutContact: CaseItem[];
  noContactDays: number;
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
  const [rejecting, setRejecting] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const idempotencyKey = useIdempotencyKeys();

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

  const answer = async (referral: Referral, to: 'ACEPTADA' | 'RECHAZADA') => {
    const body = { version: referral.version, to, ...(to === 'RECHAZADA' ? { rejectionReason: reason } : {}) };
    try {
      await api('POST', `/api/referrals/${referral.id}/transitions`, { body, headers: { 'Idempotency-Key': idempotencyKey({ id: referral.id, ...body }) } });
      setNotice(t(to === 'ACEPTADA' ? 'followUp.accepted' : 'followUp.rejected'));
      setRejecting(undefined);
      setReason('');
      setProblem(undefined);
      load();
    } catch (error) {
      setProblem(error instanceof ApiError ? [error.title, ...error.errors.map((e) => e.message)].join(' ') : String(error));
    }
  };

  const label = (list: Parameters<NonNullable<typeof labels>['label']>[0], code: string) => labels?.label(list, code) ?? code;
  const person = (name: string | undefined) => name ?? t('followUp.otherAgency');

  const followUps = (title: string, items: FollowUpItem[]) => (
    <section aria-label={title}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p>{t('followUp.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('followUp.due')}</th>
              <th scope="col">{t('followUp.case')}</th>
              <th scope="col">{t('followUp.person')}</th>
              <th scope="col">{t('followUp.modality')}</th>
              <th scope="col">{t('followUp.attempt')}</th>
              <th scope="col">{t('followUp.assignedTo')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id}>
                <td>{formatPartialDate(f.dueOn)}</td>
                <td>
                  <Link to={paths.caseFile(f.caseFileId)}>{f.caseCode}</Link>
                </td>
                <td>{person(f.personName)}</td>
                <td>{label('modalidadSeguimiento', f.modality)}</td>
                <td>{f.attempt}</td>
                <td>{f.assignedTo ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );

  const cases = (title: string, items: CaseItem[]) => (
    <section aria-label={title}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p>{t('followUp.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('followUp.case')}</th>
              <th scope="col">{t('followUp.person')}</th>
              <th scope="col">{t('followUp.state')}</th>
              <th scope="col">{t('followUp.lastContact')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.caseFileId}>
                <td>
                  <Link to={paths.caseFile(c.caseFileId)}>{c.caseCode}</Link>
                </td>
                <td>{person(c.personName)}</td>
                <td>{label('estadoExpediente', c.caseState)}</td>
                <td>{c.lastContactOn ? formatPartialDate(c.lastContactOn) : t('followUp.never')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );

  const referrals = (title: string, list: ReferralList | undefined, receiving: boolean) => (
    <section aria-labelledby={receiving ? 'inbox-title' : 'outbox-title'}>
      <h2 id={receiving ? 'inbox-title' : 'outbox-title'}>{title}</h2>
      {list?.medianHoursToAnswer != null && <p>{t('followUp.medianHours', { hours: formatNumber(list.medianHoursToAnswer, i18n.language) })}</p>}
      {!list || list.items.length === 0 ? (
        <p>{t('followUp.noReferrals')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('followUp.case')}</th>
              <th scope="col">{receiving ? t('followUp.from') : t('followUp.to')}</th>
              <th scope="col">{t('followUp.motive')}</th>
              <th scope="col">{t('followUp.urgency')}</th>
              <th scope="col">{t('followUp.referralState')}</th>
              <th scope="col">{t('followUp.answerBy')}</th>
              {receiving && <th scope="col">{t('followUp.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.items.map((r) => (
              <tr key={r.id}>
                <td>{r.caseCode}</td>
                <td>{receiving ? r.fromUnit : r.toUnit}</td>
                <td>{label('motivoDerivacion', r.motive)}</td>
                <td>{label('urgenciaDerivacion', r.urgency)}</td>
                <td>
                  {label('estadoDerivacion', r.state)}
                  {r.hoursToAnswer !== null && <> · {t('followUp.hoursToAnswer', { hours: formatNumber(r.hoursToAnswer, i18n.language) })}</>}
                </td>
                <td>
                  {r.dueAt ? formatDateTime(r.dueAt, i18n.language) : ''}
                  {r.overdue && <strong> ({t('followUp.late')})</strong>}
                </td>
                {receiving && (
                  <td>
                    {r.state === 'ENVIADA' && rejecting !== r.id && (
                      <>
                        <button type="button" onClick={() => void answer(r, 'ACEPTADA')}>
                          {t('followUp.accept')}
                        </button>{' '}
                        <button type="button" className="secondary" aria-expanded={false} onClick={() => setRejecting(r.id)}>
                          {t('followUp.reject')}
                        </button>
                      </>
                    )}
                    {r.state === 'ENVIADA' && rejecting === r.id && (
                      <>
                        <SelectField
                          path={`rejection-${r.id}`}
                          label={t('followUp.rejectionReason')}
                          value={reason}
                          onChange={setReason}
                          emptyLabel=""
                          options={(labels?.values('motivoRechazo') ?? []).map((v) => ({ value: v.code, label: i18n.language === 'en' ? v.en : v.es }))}
                        />
                        <button type="button" disabled={!reason} onClick={() => void answer(r, 'RECHAZADA')}>
                          {t('followUp.confirmReject')}
                        </button>{' '}
                        <button type="button" className="secondary" aria-expanded={true} onClick={() => setRejecting(undefined)}>
                          {t('followUp.cancel')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
            {followUps(t('followUp.overdue'), worklist.overdue)}
            {followUps(t('followUp.dueToday'), worklist.dueToday)}
            {followUps(t('followUp.upcoming'), worklist.upcoming)}
            {cases(t('followUp.withoutPlan'), worklist.withoutPlan)}
            {cases(t('followUp.withoutContact', { days: worklist.noContactDays }), worklist.withoutContact)}
          </>
        )}
      </section>
      {referrals(t('followUp.inboxTitle'), inbox, true)}
      {referrals(t('followUp.outboxTitle'), outbox, false)}
    </section>
  );
}
