// The linkage reviewer's screen: how many persons the records are, how far agencies overlap, and
// the queue of doubtful pairs, each shown side by side with what every field contributed.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { levelKey } from '../locales/linkage.ts';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { SelectField, TextArea } from '../components/fields.tsx';
import { Messages } from '../components/Messages.tsx';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission, type Action } from '../forms/submission.ts';
import { api, ApiError } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { formatDateTime, formatNumber, formatPartialDate } from '../lib/format.ts';

const STATUSES = ['PENDING_REVIEW', 'UNSURE', 'LINKED_AUTO', 'CONFIRMED', 'REJECTED', 'UNLINKED'] as const;
const PAGE_SIZE = 10;

interface Side {
  personId: string;
  agency: { key: string; name: string };
  registeredAt: string;
  name: string;
  sex: string;
  birthDate?: string;
  estimatedAge?: number;
  nationalities?: string[];
  documents?: { type: string; number?: string }[];
}

interface Match {
  id: string;
  status: (typeof STATUSES)[number];
  version: number;
  explanation: { probability: number; weight: number; prior?: number; fields: { comparison: string; level: string; weight: number }[]; competition?: number };
  a?: Side;
  b?: Side;
}

interface Summary {
  records: number;
  persons: number;
  pendingReview: number;
  perAgency: { key: string; name: string; records: number; persons: number }[];
  overlap: { a: string; b: string; persons: number }[];
}

export default function LinkageScreen() {
  const { t, i18n } = useTranslation();
  const [summary, setSummary] = useState<Summary | undefined>();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('PENDING_REVIEW');
  const [page, setPage] = useState(1);
  const [queue, setQueue] = useState<{ items: Match[]; total: number } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const lang = i18n.language;

  useEffect(() => {
    document.title = `${t('linkage.title')} · Enlace`;
  }, [t]);

  const load = useCallback(() => {
    api<Summary>('GET', '/api/linkage/summary').then(setSummary, (e: unknown) => setProblem(e instanceof ApiError ? e.title : String(e)));
    api<{ items: Match[]; total: number }>('GET', `/api/matches?status=${status}&page=${page}&pageSize=${PAGE_SIZE}`).then(setQueue, (e: unknown) =>
      setProblem(e instanceof ApiError ? e.title : String(e)),
    );
  }, [status, page]);
  useEffect(load, [load]);

  const pages = queue ? Math.max(1, Math.ceil(queue.total / PAGE_SIZE)) : 1;

  return (
    <section className="page">
      <h1>{t('linkage.title')}</h1>
      <Messages notice={notice} problem={problem} />

      {summary && (
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('linkage.summaryTitle')}</h2>
          <dl className="figures">
            <div>
              <dt>{t('linkage.records')}</dt>
              <dd>{formatNumber(summary.records, lang)}</dd>
            </div>
            <div>
              <dt>{t('linkage.persons')}</dt>
              <dd>{formatNumber(summary.persons, lang)}</dd>
            </div>
            <div>
              <dt>{t('linkage.pending')}</dt>
              <dd>{formatNumber(summary.pendingReview, lang)}</dd>
            </div>
          </dl>
          <div className="table-wrap">
            <table>
              <caption>{t('linkage.perAgencyTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('linkage.agency')}</th>
                  <th scope="col">{t('linkage.records')}</th>
                  <th scope="col">{t('linkage.persons')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.perAgency.map((a) => (
                  <tr key={a.key}>
                    <th scope="row">{a.name}</th>
                    <td>{formatNumber(a.records, lang)}</td>
                    <td>{formatNumber(a.persons, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {summary.overlap.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>{t('linkage.overlapCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('linkage.agencyPair')}</th>
                    <th scope="col">{t('linkage.sharedPersons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.overlap.map((o) => (
                    <tr key={`${o.a}-${o.b}`}>
                      <th scope="row">
                        {o.a} – {o.b}
                      </th>
                      <td>{formatNumber(o.persons, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}

      <section aria-labelledby="queue-title">
        <h2 id="queue-title">{t('linkage.queueTitle')}</h2>
        <SelectField
          path="status"
          label={t('linkage.status')}
          value={status}
          onChange={(v) => {
            setStatus(v as (typeof STATUSES)[number]);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`linkage.statuses.${s}`) }))}
        />
        {queue && queue.items.length === 0 && <p>{t('linkage.empty')}</p>}
        {queue?.items.map((m) => (
          <MatchCard
            key={`${m.id}-${m.version}`}
            match={m}
            onDone={(message) => {
              setNotice(message);
              load();
            }}
          />
        ))}
        {queue && queue.total > PAGE_SIZE && (
          <nav className="pager" aria-label={t('linkage.queueTitle')}>
            <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('linkage.previous')}
            </button>
            <span>{t('linkage.page', { page, pages })}</span>
            <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              {t('linkage.next')}
            </button>
          </nav>
        )}
      </section>
    </section>
  );
}

function MatchCard({ match, onDone }: { match: Match; onDone(message: string): void }) {
  const { t, i18n } = useTranslation();
  // The reason is kept as a draft; each decision is sent with its Idempotency-Key and retried when the connection returns.
  const draft = useDraft<{ reason: string }, Action>(`match:${match.id}:${match.version}`, () => ({ reason: '' }));
  const reason = draft.form.reason;
  const setReason = (value: string) => draft.setForm({ reason: value });
  const [reasonError, setReasonError] = useState<string | undefined>();
  const errors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: undefined, errors }, {
    send: (action, key) => api('POST', `/api/matches/${match.id}/${action.path}`, { body: action.body, headers: { 'Idempotency-Key': key } }),
    sent: (_, action) => onDone(action.message),
  });
  const busy = sending.busy;
  const percent = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'es-PE', { style: 'percent', maximumFractionDigits: 1 }).format(match.explanation.probability);

  const act = (path: string, body: Record<string, unknown>, needsReason: boolean) => {
    if (needsReason && !reason.trim()) {
      setReasonError(t('linkage.reasonNeeded'));
      return;
    }
    setReasonError(undefined);
    sending.submitData({ path, body: { version: match.version, ...(reason.trim() ? { reason: reason.trim() } : {}), ...body }, message: t('linkage.done') });
  };
  const deciding = match.status === 'PENDING_REVIEW' || match.status === 'UNSURE';
  const linked = match.status === 'LINKED_AUTO' || match.status === 'CONFIRMED';

  return (
    <article className="card match" aria-label={t('linkage.probability', { value: percent })}>
      <p className="match-probability">
        <strong>{t('linkage.probability', { value: percent })}</strong> · {t(`linkage.statuses.${match.status}`)}
      </p>
      <div className="side-by-side">
        <Record title={t('linkage.recordA')} side={match.a} />
        <Record title={t('linkage.recordB')} side={match.b} />
      </div>
      <details>
        <summary>{t('linkage.weightsTitle')}</summary>
        <p className="hint">{t('linkage.weightsHint')}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('linkage.field')}</th>
              <th scope="col">{t('linkage.level')}</th>
              <th scope="col">{t('linkage.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {match.explanation.prior !== undefined && (
              <tr>
                <th scope="row">{t('linkage.prior')}</th>
                <td>{t('linkage.priorHint')}</td>
                <WeightCell weight={match.explanation.prior} />
              </tr>
            )}
            {match.explanation.fields
              .filter((f) => f.weight !== 0)
              .map((f) => (
                <tr key={f.comparison}>
                  <th scope="row">{t(`linkage.fields.${f.comparison}`, { defaultValue: f.comparison })}</th>
                  <td>{t(`linkage.levels.${levelKey(f.level)}`, { defaultValue: f.level })}</td>
                  <WeightCell weight={f.weight} />
                </tr>
              ))}
            {match.explanation.competition !== undefined && match.explanation.competition !== 0 && (
              <tr>
                <th scope="row">{t('linkage.competition')}</th>
                <td>{t('linkage.competitionHint')}</td>
                <WeightCell weight={match.explanation.competition} />
              </tr>
            )}
          </tbody>
          {match.explanation.prior !== undefined && (
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t('linkage.total')}
                </th>
                <WeightCell weight={match.explanation.weight} />
              </tr>
            </tfoot>
          )}
        </table>
      </details>
      <TextArea path={`reason-${match.id}`} label={t('linkage.reason')} value={reason} onChange={setReason} maxLength={500} rows={2} error={reasonError} />
      {sending.problemInFull && (
        <div className="alert" role="alert">
          {sending.problemInFull}
        </div>
      )}
      <p>
        <DraftStatus id={`match-status-${match.id}`} draft={draft} sending={sending} />
      </p>
      <div className="actions">
        {deciding && (
          <>
            <button type="button" className="primary" disabled={busy} onClick={() => act('decision', { decision: 'CONFIRMED' }, false)}>
              {t('linkage.same')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => act('decision', { decision: 'REJECTED' }, true)}>
              {t('linkage.notSame')}
            </button>
            {match.status !== 'UNSURE' && (
              <button type="button" className="secondary" disabled={busy} onClick={() => act('decision', { decision: 'UNSURE' }, false)}>
                {t('linkage.unsure')}
              </button>
            )}
          </>
        )}
        {linked && (
          <button type="button" className="secondary" disabled={busy} onClick={() => act('unlink', {}, true)}>
            {t('linkage.unlink')}
          </button>
        )}
        {(match.status === 'REJECTED' || match.status === 'UNLINKED') && (
          <button type="button" className="secondary" disabled={busy} onClick={() => act('reopen', {}, true)}>
            {t('linkage.reopen')}
          </button>
        )}
      </div>
    </article>
  );
}

function Record({ title, side }: { title: string; side: Side | undefined }) {
  const { t, i18n } = useTranslation();
  const { labels } = useCodeLists();
  if (!side) return null;
  return (
    <section className="record">
      <h3>
        {title}: {side.agency.name}
      </h3>
      <dl>
        <dt>{t('linkage.name')}</dt>
        <dd>{side.name || '—'}</dd>
        <dt>{t('linkage.sex')}</dt>
        <dd>{labels?.label('sexo', side.sex) ?? side.sex}</dd>
        <dt>{t('linkage.birth')}</dt>
        <dd>{side.birthDate ? formatPartialDate(side.birthDate) : side.estimatedAge !== undefined ? `${side.estimatedAge}` : '—'}</dd>
        <dt>{t('linkage.nationality')}</dt>
        <dd>{(side.nationalities ?? []).map((c) => labels?.country(c) ?? c).join(', ') || '—'}</dd>
        <dt>{t('linkage.documents')}</dt>
        <dd>{(side.documents ?? []).map((d) => `${labels?.label('tipoDocumento', d.type) ?? d.type} ${d.number ?? ''}`).join('; ') || '—'}</dd>
        <dt>{t('linkage.registered')}</dt>
        <dd>{formatDateTime(side.registeredAt, i18n.language)}</dd>
      </dl>
    </section>
  );
}

/** A log2 weight, signed, one decimal: the rows of the table add up to the total. */
function WeightCell({ weight }: { weight: number }) {
  return <td className={weight > 0 ? 'positive' : 'negative'}>{weight > 0 ? `+${weight.toFixed(1)}` : weight.toFixed(1)}</td>;
}
