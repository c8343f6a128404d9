import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId, TextField } from '../components/fields.tsx';
import { api, ApiError } from '../lib/api.ts';
import { staticSignIn } from '../lib/static-sign-in.ts';
import type { SessionInfo } from '../lib/types.ts';

interface Props {
  onSignedIn(session: SessionInfo): void;
  notice?: string | undefined;
}

export function SignIn({ onSignedIn, notice }: Props) {
  const { t } = useTranslation();
  // What was typed into the form the page brought, before this code arrived (lib/static-sign-in.ts).
  const [adopted] = useState(staticSignIn);
  const [username, setUsername] = useState(adopted?.username ?? '');
  const [password, setPassword] = useState(adopted?.password ?? '');
  const [problem, setProblem] = useState<string | undefined>(adopted?.problem);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t('signIn.title')} · Enlace`;
  }, [t]);

  useEffect(() => {
    // The cursor where it was in the page's form, at the end of what was typed.
    const input = adopted?.focus ? document.getElementById(fieldId(adopted.focus)) : null;
    if (input instanceof HTMLInputElement && !adopted?.problem) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  }, [adopted]);

  useEffect(() => {
    if (problem) alertRef.current?.focus();
  }, [problem]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lacking = { username: username.trim() === '', password: password === '' };
    setMissing(lacking);
    if (lacking.username || lacking.password) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await api<SessionInfo>('POST', '/api/session', { body: { username: username.trim(), password } });
      setPassword('');
      onSignedIn(session);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : String(error));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <p className="lead">{t('signIn.lead')}</p>
        {notice && !problem && (
          <div className="notice" role="status">
            {notice}
          </div>
        )}
        {problem && (
          <div className="alert" role="alert" tabIndex={-1} ref={alertRef}>
            {problem}
          </div>
        )}
        <TextField
          path="username"
          label={t('signIn.username')}
          value={username}
          onChange={setUsername}
          autoComplete="username"
          required
          autoFocus={adopted?.focus !== 'password'}
          error={missing.username ? t('common.required') : undefined}
        />
        <TextField
          path="password"
          label={t('signIn.password')}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          required
          error={missing.password ? t('common.required') : undefined}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
