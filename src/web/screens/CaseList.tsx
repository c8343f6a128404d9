// Case files of the user's agency: search by name (accents and case do not matter) or by code,
// filter by state, one page at a time.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../components/fields.tsx';
import { api, ApiError } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { onForget } from '../lib/forget.ts';
import { formatNumber, formatPartialDate } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';
import type { CaseList } from '../lib/types.ts';
import { CASE_LIST_PAGE_SIZE } from '../lib/first-reads.ts';

const PAGE_SIZE = CASE_LIST_PAGE_SIZE;

interface Query {
  q: string;
  state: string;
  page: number;
}

// Kept in memory only, so that going back to the list finds the same search; never in the URL.
let remembered: Query = { q: '', state: '', page: 1 };
onForget(() => {
  remembered = { q: '', state: '', page: 1 };
});

export default function CaseListScreen() {
  const { t, i18n } = useTranslation();
  const { labels, error: listsError } = useCodeLists();
  const [query, setQuery] = useState<Query>(remembered);
  const [draft, setDraft] = useState({ q: remembered.q, state: remembered.state });
  const [result, setResult] = useState<CaseList | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [retryable, setRetryable] = useState(false);
  const [loading, setLoading] = useState(true);
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    document.title = `${t('list.title')} · Enlace`;
  }, [t]);

  useEffect(() => {
    remembered = query;
    let alive = true;
    setLoading(true);
    const params = new URLSearchParams({ page: String(query.page), pageSize: String(PAGE_SIZE) });
    if (query.q.trim()) params.set('q', query.q.trim());
    if (query.state) params.set('state', query.state);
    api<CaseList>('GET', `/api/case-files?${params.toString()}`).then(
      (data) => {
        if (!alive) return;
        setResult(data);
        setProblem(undefined);
        setRetryable(false);
        setLoading(false);
      },
      (error: unknown) => {
        if (!alive) return;
        setProblem(error instanceof ApiError ? error.title : String(error));
        // A lost connection or a busy server passes: she can ask again without retyping her search.
        setRetryable(error instanceof ApiError && error.retryable);
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [query]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ q: draft.q, state: draft.state, page: 1 });
  };
  const clear = () => {
    setDraft({ q: '', state: '' });
    setQuery({ q: '', state: '', page: 1 });
  };
  const goToPage = (page: number) => {
    setQuery((q) => ({ ...q, page }));
    statusRef.current?.focus();
  };

  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const lang = i18n.language;
  const stateOptions = labels ? labels.values('estadoExpediente').map((v) => ({ value: v.code, label: v[labels.lang] })) : [];

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('list.title')}</h1>
        <Link to={paths.register} className="button primary">
          {t('nav.register')}
        </Link>
      </div>

      <form className="search card" role="search" onSubmit={search} aria-label={t('list.searchLabel')}>
        <TextField
          path="q"
          type="search"
          label={t('list.search')}
          hint={t('list.searchHint')}
          value={draft.q}
          onChange={(q) => setDraft((d) => ({ ...d, q }))}
          maxLength={100}
          className="grow"
        />
        <SelectField path="state" label={t('list.state')} value={draft.state} onChange={(state) => setDraft((d) => ({ ...d, state }))} options={stateOptions} emptyLabel={t('list.allStates')} />
        <div className="search-actions">
          <button type="submit" className="primary">
            {t('list.searchButton')}
          </button>
          <button type="button" className="secondary" onClick={clear}>
            {t('list.clear')}
          </button>
        </div>
      </form>

      {(problem ?? listsError) && (
        <div className="alert" role="alert">
          {problem ?? listsError}
          {problem && retryable && (
            <p>
              <button type="button" className="secondary" onClick={() => setQuery((q) => ({ ...q }))}>
                {t('usability.retry')}
              </button>
            </p>
          )}
        </div>
      )}

      <p className="result-count" role="status" tabIndex={-1} ref={statusRef} aria-live="polite" aria-busy={loading || undefined}>
        {loading ? t('common.loading') : result ? t(result.totalAtLeast ? 'list.countAtLeast' : 'list.count', { count: result.total, formatted: formatNumber(result.total, lang) }) : ''}
      </p>

      {result && result.items.length === 0 && !loading && <p>{query.q.trim() || query.state ? t('list.noneFound') : t('list.empty')}</p>}

      {result && result.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.code')}</th>
                <th scope="col">{t('field.personName')}</th>
                <th scope="col">{t('field.sex')}</th>
                <th scope="col">{t('field.state')}</th>
                <th scope="col">{t('field.traffickingStatus')}</th>
                <th scope="col">{t('field.detectionDate')}</th>
                <th scope="col">{t('field.department')}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={paths.caseFile(item.id)} className="code">
                      {item.code}
                    </Link>
                    {item.shared && (
                      <span className="badge shared" title={t('list.sharedHint', { agency: item.shared.ownerAgency })}>
                        {' '}
                        {t('list.shared', { agency: item.shared.ownerAgency })}
                      </span>
                    )}
                  </td>
                  <td>{item.shared && !item.shared.identity ? <em>{t('list.identityNotShared')}</em> : item.personName}</td>
                  <td>{item.sex ? (labels?.label('sexo', item.sex) ?? item.sex) : '—'}</td>
                  <td>
                    <span className={`state state-${item.state}`}>{labels?.label('estadoExpediente', item.state) ?? item.state}</span>
                  </td>
                  <td>{labels?.label('condicionTrata', item.traffickingStatus) ?? item.traffickingStatus}</td>
                  <td>{formatPartialDate(item.detectionDate)}</td>
                  <td>{labels?.department(item.detectionUbigeo) ?? item.detectionUbigeo}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {result && result.total > result.pageSize && (
        <nav className="pagination" aria-label={t('list.pagination')}>
          <button type="button" className="secondary" disabled={query.page <= 1} onClick={() => goToPage(query.page - 1)}>
            {t('list.previous')}
          </button>
          <span>{t(result.totalAtLeast ? 'list.pageOfAtLeast' : 'list.pageOf', { page: query.page, pages })}</span>
          <button type="button" className="secondary" disabled={query.page >= pages && !result.totalAtLeast} onClick={() => goToPage(query.page + 1)}>
            {t('list.next')}
          </button>
        </nav>
      )}
    </section>
  );
}
