// The password change forced at first sign-in (and whenever an administrator resets one).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordProblem } from '../../domain/schemas.ts';
import { translate } from '../../domain/messages.ts';
import { TextField } from '../components/fields.tsx';
import { api, ApiError } from '../lib/api.ts';
import { currentLang } from '../lib/i18n.ts';

export default function ChangePassword({ onChanged }: { onChanged(): void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t('password.title')} · Enlace`;
  }, [t]);
  useEffect(() => {
    if (problem) alertRef.current?.focus();
  }, [problem]);

  const lang = currentLang();
  const weak = passwordProblem(next);
  const errors: Record<string, string | undefined> = {
    currentPassword: current === '' ? t('common.required') : serverErrors.currentPassword,
    newPassword: weak ? translate(weak, lang) : next === current ? translate('problem.samePassword', lang) : serverErrors.newPassword,
    repeatPassword: repeat !== next ? t('password.mismatch') : undefined,
  };
  const shown = (field: string) => (submitted || touched[field] ? errors[field] : undefined);
  const blur = (field: string) => setTouched((s) => ({ ...s, [field]: true }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).some(Boolean)) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', '/api/me/password', { body: { currentPassword: current, newPassword: next } });
      onChanged();
    } catch (error) {
      if (error instanceof ApiError) {
        setProblem(error.title);
        setServerErrors(Object.fromEntries(error.errors.map((e) => [e.path, e.message])));
      } else setProblem(String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-title">
        <h1 id="password-title">{t('password.title')}</h1>
        <p className="lead">{t('password.lead')}</p>
        {problem && (
          <div className="alert" role="alert" tabIndex={-1} ref={alertRef}>
            {problem}
          </div>
        )}
        <TextField path="currentPassword" label={t('password.current')} type="password" autoComplete="current-password" value={current} onChange={setCurrent} onBlur={blur} error={shown('currentPassword')} required />
        <TextField
          path="newPassword"
          label={t('password.new')}
          hint={t('password.rule')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          onBlur={blur}
          error={shown('newPassword')}
          required
        />
        <TextField path="repeatPassword" label={t('password.repeat')} type="password" autoComplete="new-password" value={repeat} onChange={setRepeat} onBlur={blur} error={shown('repeatPassword')} required />
        <button type="submit" className="primary" disabled={busy}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}
