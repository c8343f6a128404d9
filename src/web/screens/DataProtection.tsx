// The data-protection officer's desk: the data subject's rights on a person (export as JSON, a
// printable document or a PDF; cancellation, which destroys her data key for good) and breaking
// the glass on a case file, with the reason the owner will see and a countdown to when it closes.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { Messages } from '../components/Messages.tsx';
import { api, ApiError, newIdempotencyKey } from '../lib/api.ts';
import { useSession } from '../lib/session.tsx';
import { formatDateTime } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One Idempotency-Key per request: sent again as it was (a double click, a retry after the answer
 * was lost) it is the same request, answered once; a changed request or a success takes a new key.
 */
function useRequestKey(...request: unknown[]): { key: () => string; done: () => void } {
  const current = useRef(newIdempotencyKey());
  const asked = JSON.stringify(request);
  const lastAsked = useRef(asked);
  if (lastAsked.current !== asked) {
    lastAsked.current = asked;
    current.current = newIdempotencyKey();
  }
  return { key: () => current.current, done: () => (current.current = newIdempotencyKey()) };
}

export default function DataProtectionScreen() {
  const { t } = useTranslation();
  const { session } = useSession();
  const can = (p: string) => session.permissions?.includes(p) === true;
  useEffect(() => {
    document.title = `${t('protection.title')} · Enlace`;
  }, [t]);
  return (
    <section className="page">
      <h1>{t('protection.title')}</h1>
      {can('arco') && <Rights />}
      {can('breakGlass') && <BreakGlass />}
    </section>
  );
}

function Rights() {
  const { t } = useTranslation();
  const [personId, setPersonId] = useState('');
  const [reference, setReference] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const valid = UUID.test(personId.trim());
  const request = useRequestKey(personId.trim(), reference);
  const erase = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api('POST', `/api/persons/${personId.trim()}/erasure`, { body: { requestReference: reference }, headers: { 'Idempotency-Key': request.key() } });
      request.done();
      setProblem(undefined);
      setNotice(t('protection.erased'));
    } catch (e) {
      setNotice(undefined);
      setProblem(e instanceof ApiError ? [e.title, ...e.errors.map((x) => x.message)].join(' ') : String(e));
    }
  };
  return (
    <section className="card" aria-labelledby="rights-title">
      <h2 id="rights-title">{t('protection.rights')}</h2>
      <p className="hint">{t('protection.rightsHint')}</p>
      <label htmlFor="rights-person">{t('protection.personId')}</label>
      <input id="rights-person" type="text" spellCheck={false} autoComplete="off" value={personId} onChange={(e) => setPersonId(e.target.value)} />
      {valid && (
        <p>
          {t('protection.export')}: <a href={`/api/persons/${personId.trim()}/export`}>JSON</a> · <a href={`/api/persons/${personId.trim()}/export.html`} target="_blank" rel="noreferrer">{t('protection.document')}</a> · <a href={`/api/persons/${personId.trim()}/export.pdf`}>PDF</a>
        </p>
      )}
      <form onSubmit={(e) => void erase(e)} noValidate>
        <h3>{t('protection.cancellation')}</h3>
        <p className="hint">{t('protection.cancellationHint')}</p>
        <label htmlFor="rights-reference">{t('protection.reference')}</label>
        <input id="rights-reference" type="text" value={reference} onChange={(e) => setReference(e.target.value)} />
        <label>
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> {t('protection.confirm')}
        </label>
        <button type="submit" className="danger" disabled={!valid || !confirmed}>
          {t('protection.erase')}
        </button>
      </form>
      <Messages notice={notice} problem={problem} />
    </section>
  );
}

function BreakGlass() {
  const { t, i18n } = useTranslation();
  const [caseId, setCaseId] = useState('');
  const [reason, setReason] = useState('');
  const [opened, setOpened] = useState<{ caseId: string; expiresAt: string } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!opened) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [opened]);
  const request = useRequestKey(caseId.trim(), reason);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const res = await api<{ access: { expiresAt: string } }>('POST', `/api/case-files/${caseId.trim()}/break-glass`, { body: { reason }, headers: { 'Idempotency-Key': request.key() } });
      request.done();
      setOpened({ caseId: caseId.trim(), expiresAt: res.access.expiresAt });
      setProblem(undefined);
    } catch (e) {
      setProblem(e instanceof ApiError ? [e.title, ...e.errors.map((x) => x.message)].join(' ') : String(e));
    }
  };
  const left = opened ? Math.max(0, Date.parse(opened.expiresAt) - now) : 0;
  const clock = `${Math.floor(left / 3_600_000)}:${String(Math.floor((left % 3_600_000) / 60_000)).padStart(2, '0')}:${String(Math.floor((left % 60_000) / 1000)).padStart(2, '0')}`;
  return (
    <section className="card" aria-labelledby="glass-title" style={{ marginTop: '1rem' }}>
      <h2 id="glass-title">{t('protection.breakGlass')}</h2>
      <p className="hint">{t('protection.breakGlassHint')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="glass-case">{t('protection.caseId')}</label>
        <input id="glass-case" type="text" spellCheck={false} autoComplete="off" value={caseId} onChange={(e) => setCaseId(e.target.value)} />
        <label htmlFor="glass-reason">{t('protection.reason')}</label>
        <textarea id="glass-reason" value={reason} minLength={20} onChange={(e) => setReason(e.target.value)} />
        <p className="hint">{t('protection.reasonCount', { count: reason.trim().length })}</p>
        <button type="submit" className="danger" disabled={!UUID.test(caseId.trim()) || reason.trim().length < 20}>
          {t('protection.open')}
        </button>
      </form>
      <Messages
        problem={problem}
        notice={
          opened && (
            <>
              <p>{t('protection.openUntil', { at: formatDateTime(opened.expiresAt, i18n.language) })}</p>
              <p aria-live="off">
                {t('protection.left')}: <time>{clock}</time>
              </p>
              {left > 0 && <Link to={paths.caseFile(opened.caseId)}>{t('protection.goToCase')}</Link>}
            </>
          )
        }
      />
    </section>
  );
}
