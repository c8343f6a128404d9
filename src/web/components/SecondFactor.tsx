// The second factor in the browser: the six-digit code after the password, and enrolment (the
// secret to type into an authenticator app, or its otpauth:// address, then a first code).
// Loaded only when a session needs it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { api, ApiError } from '../lib/api.ts';
import type { SessionInfo } from '../lib/types.ts';

export default function SecondFactor({ mode, onDone, onSignOut }: { mode: 'code' | 'enrol'; onDone(session: SessionInfo): void; onSignOut(): void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState<{ secret: string; uri: string } | undefined>();
  // The code field focused when it is drawn (the autofocus attribute works only while the page loads, see TextField).
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => codeInput.current?.focus(), [mode, secret]);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t(mode === 'code' ? 'secondFactor.codeTitle' : 'secondFactor.enrolTitle')} · Enlace`;
  }, [t, mode]);
  useEffect(() => {
    if (problem) alertRef.current?.focus();
  }, [problem]);

  const start = async () => {
    setBusy(true);
    try {
      setSecret(await api<{ secret: string; uri: string }>('POST', '/api/me/second-factor'));
      setProblem(undefined);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.title : String(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      setProblem(t('secondFactor.sixDigits'));
      return;
    }
    setBusy(true);
    try {
      // A wrong code is answered 401 there: an answer to show, not a lost session.
      await api('POST', mode === 'code' ? '/api/session/second-factor' : '/api/me/second-factor/confirm', { body: { code: code.trim() }, quiet: true });
      onDone(await api<SessionInfo>('GET', '/api/me'));
    } catch (e) {
      setCode('');
      setProblem(e instanceof ApiError ? e.title : String(e));
      setBusy(false);
    }
  };

  const codeForm = (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor="totp-code">{t('secondFactor.code')}</label>
      <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} ref={codeInput} aria-describedby="totp-hint" />
      <p id="totp-hint" className="hint">
        {t('secondFactor.codeHint')}
      </p>
      <button type="submit" className="primary" disabled={busy}>
        {t('secondFactor.submit')}
      </button>
    </form>
  );

  return (
    <section className="card narrow" aria-labelledby="totp-title">
      <h1 id="totp-title">{t(mode === 'code' ? 'secondFactor.codeTitle' : 'secondFactor.enrolTitle')}</h1>
      {problem && (
        <div className="alert" role="alert" tabIndex={-1} ref={alertRef}>
          {problem}
        </div>
      )}
      {mode === 'code' && codeForm}
      {mode === 'enrol' && !secret && (
        <>
          <p>{t('secondFactor.enrolLead')}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
            {t('secondFactor.start')}
          </button>
        </>
      )}
      {mode === 'enrol' && secret && (
        <>
          <p>{t('secondFactor.typeSecret')}</p>
          <p className="secret" aria-label={t('secondFactor.secret')}>
            <code>{secret.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <details>
            <summary>{t('secondFactor.uri')}</summary>
            <code style={{ wordBreak: 'break-all' }}>{secret.uri}</code>
          </details>
          {codeForm}
        </>
      )}
      <p>
        <button type="button" className="secondary" onClick={onSignOut}>
          {t('session.signOut')}
        </button>
      </p>
    </section>
  );
}
