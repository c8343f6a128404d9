// Who has seen or changed a case file, for the agency that holds it: each user once (how often,
// when last), then the entries a page at a time. Loaded only when asked: opening it is audited.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { api, ApiError } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';

export interface AuditEntry {
  seq: string;
  at: string;
  user: string | null;
  agency: { key: string; name: string } | null;
  action: string;
  entityId?: string | null;
  groups: string[];
  purpose: string | null;
  outcome: string;
}

interface AccessLogPage {
  viewers: { user: string | null; agency: { key: string; name: string } | null; times: number; lastAt: string }[];
  items: AuditEntry[];
  next: string | null;
}

export function AccessLog({ caseFileId }: { caseFileId: string }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState<AccessLogPage | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const load = async (before?: string) => {
    setBusy(true);
    try {
      const next = await api<AccessLogPage>('GET', `/api/case-files/${caseFileId}/access-log?limit=50${before ? `&before=${before}` : ''}`);
      setPage((prev) => (prev && before ? { ...next, viewers: prev.viewers, items: [...prev.items, ...next.items] } : next));
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="access-log-title" style={{ marginTop: '1rem' }}>
      <h2 id="access-log-title">{t('access.logTitle')}</h2>
      <p className="hint">{t('access.logIntro')}</p>
      {problem && (
        <div className="alert" role="alert">
          {problem}
        </div>
      )}
      {!page ? (
        <button type="button" className="secondary" disabled={busy} onClick={() => void load()}>
          {t('access.show')}
        </button>
      ) : (
        <>
          <table>
            <caption>{t('access.viewers')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('access.user')}</th>
                <th scope="col">{t('access.agency')}</th>
                <th scope="col">{t('access.times')}</th>
                <th scope="col">{t('access.lastAt')}</th>
              </tr>
            </thead>
            <tbody>
              {page.viewers.map((v) => (
                <tr key={`${v.user ?? ''}-${v.agency?.key ?? ''}`}>
                  <td>{v.user ?? t('access.system')}</td>
                  <td>{v.agency?.name ?? '—'}</td>
                  <td>{v.times}</td>
                  <td>{formatDateTime(v.lastAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <AuditTable items={page.items} />
          {page.next && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void load(page.next ?? undefined)}>
              {t('access.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Audit entries as a table; shared by the record's log and the audit search. */
export function AuditTable({ items, showRecord = false }: { items: AuditEntry[]; showRecord?: boolean }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <p>{t('access.empty')}</p>;
  return (
    <table>
      <caption>{t('access.entries')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('access.when')}</th>
          <th scope="col">{t('access.user')}</th>
          <th scope="col">{t('access.agency')}</th>
          <th scope="col">{t('access.action')}</th>
          {showRecord && <th scope="col">{t('audit.record')}</th>}
          <th scope="col">{t('access.purpose')}</th>
          <th scope="col">{t('access.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.seq} className={e.outcome === 'denied' ? 'denied' : undefined}>
            <td>{formatDateTime(e.at, i18n.language)}</td>
            <td>{e.user ?? t('access.system')}</td>
            <td>{e.agency?.key ?? '—'}</td>
            <td>{t(`access.actions.${e.action}`, { defaultValue: e.action })}</td>
            {showRecord && <td>{e.entityId ?? '—'}</td>}
            <td>{e.purpose ?? ''}</td>
            <td>{e.outcome === 'denied' ? t('access.outcomeDenied') : t('access.outcomeOk')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
