// The audit search of administrators and data-protection officers: by user, record, action,
// outcome and days; newest first, a page at a time. The search itself is recorded by the server.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTable, type AuditEntry } from '../components/AccessLog.tsx';
import '../locales/access.ts';
import { api, ApiError, type FieldProblem } from '../lib/api.ts';

const ACTIONS = ['READ', 'READ_HISTORY', 'CREATE', 'UPDATE', 'TRANSITION', 'SHARE', 'REVOKE_SHARE', 'BREAK_GLASS', 'EXPORT', 'CONSENT', 'WITHDRAW_CONSENT', 'ERASE', 'LIST', 'AUDIT_SEARCH', 'READ_ACCESS_LOG', 'COSIGN_CONSENT', 'USER_ROLES', 'USER_BLOCK', 'USER_UNBLOCK'] as const;

interface Filters {
  user: string;
  record: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}

export default function AuditScreen() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({ user: '', record: '', action: '', outcome: '', from: '', to: '' });
  const [items, setItems] = useState<AuditEntry[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ title: string; errors: readonly FieldProblem[] } | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('audit.title')} · Enlace`;
  }, [t]);

  const run = async (before?: string) => {
    setBusy(true);
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v.trim() !== ''));
    if (before) query.set('before', before);
    try {
      const page = await api<{ items: AuditEntry[]; next: string | null }>('GET', `/api/audit?${query.toString()}`);
      setItems((prev) => (before && prev ? [...prev, ...page.items] : page.items));
      setNext(page.next);
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof ApiError ? { title: error.title, errors: error.errors } : { title: String(error), errors: [] });
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  const field = (name: keyof Filters) => ({
    id: `audit-${name}`,
    value: filters[name],
    onChange: (e: { target: { value: string } }) => setFilters({ ...filters, [name]: e.target.value }),
    'aria-invalid': problem?.errors.some((p) => p.path === name) || undefined,
  });

  return (
    <section className="page">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <form className="card filters" onSubmit={submit} noValidate>
        <label htmlFor="audit-user">{t('audit.user')}</label>
        <input type="text" autoComplete="off" {...field('user')} />
        <label htmlFor="audit-record">{t('audit.record')}</label>
        <input type="text" autoComplete="off" spellCheck={false} {...field('record')} />
        <label htmlFor="audit-action">{t('audit.action')}</label>
        <select {...field('action')}>
          <option value="">{t('audit.anyAction')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`access.actions.${a}`)}
            </option>
          ))}
        </select>
        <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
        <select {...field('outcome')}>
          <option value="">{t('audit.anyOutcome')}</option>
          <option value="ok">{t('access.outcomeOk')}</option>
          <option value="denied">{t('access.outcomeDenied')}</option>
        </select>
        <label htmlFor="audit-from">{t('audit.from')}</label>
        <input type="date" {...field('from')} />
        <label htmlFor="audit-to">{t('audit.to')}</label>
        <input type="date" {...field('to')} />
        <button type="submit" className="primary" disabled={busy}>
          {t('audit.search')}
        </button>
      </form>
      {problem && (
        <div className="alert" role="alert">
          <p>{problem.title}</p>
          {problem.errors.length > 0 && (
            <ul>
              {problem.errors.map((e) => (
                <li key={`${e.path}-${e.message}`}>{e.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {items && <AuditTable items={items} showRecord />}
      {next && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void run(next)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
