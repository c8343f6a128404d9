// Register a victim and her (or his) first case file in one form, checked as it is filled in by the
// same schemas the server applies. A double click or a retry never creates two records: each
// distinct submission carries one Idempotency-Key, reused until the answer arrives.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RegisterCaseRequest } from '../../domain/schemas.ts';
import { CaseFileFields } from '../components/CaseFileFields.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Loading } from '../components/Loading.tsx';
import { PersonFields } from '../components/PersonFields.tsx';
import { caseFileInputOf, emptyCaseFileForm, type CaseFileForm } from '../forms/case-file.ts';
import { schemaErrors, useFormErrors } from '../forms/errors.ts';
import { fieldLabelOf } from '../forms/labels.ts';
import { derivedMinor } from '../forms/minor.ts';
import { emptyPersonForm, personInputOf, type PersonForm } from '../forms/person.ts';
import { api, ApiError, newIdempotencyKey } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { setFlash } from '../lib/flash.ts';
import { Link, navigate, paths } from '../lib/router.tsx';
import type { CaseView } from '../lib/types.ts';

export default function RegisterCaseScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const { labels, error: listsError } = useCodeLists();
  const [person, setPerson] = useState<PersonForm>(emptyPersonForm);
  const [caseFile, setCaseFile] = useState<CaseFileForm>(emptyCaseFileForm);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const submission = useRef<{ key: string; body: string } | undefined>(undefined);
  // Set at once (state would wait for the next render), so a double click sends one request.
  const sending = useRef(false);

  useEffect(() => {
    document.title = `${t('register.title')} · Enlace`;
  }, [t]);

  const personInput = useMemo(() => personInputOf(person), [person]);
  const caseInput = useMemo(() => caseFileInputOf(caseFile), [caseFile]);
  const minor = useMemo(() => derivedMinor(personInput, typeof caseInput.detectionDate === 'string' ? caseInput.detectionDate : undefined), [personInput, caseInput]);
  const request = useMemo(() => ({ person: personInput, caseFile: minor ? { ...caseInput, minorAtDetection: minor } : caseInput }), [personInput, caseInput, minor]);
  const parsed = useMemo(() => RegisterCaseRequest.safeParse(request), [request]);
  const clientErrors = useMemo(() => (parsed.success ? [] : schemaErrors(parsed.error, request, lang)), [parsed, request, lang]);
  const errors = useFormErrors(clientErrors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending.current) return;
    errors.setSubmitted(true);
    setAttempt((n) => n + 1);
    if (!parsed.success) {
      setProblem(t('form.invalid'));
      return;
    }
    const body = JSON.stringify(parsed.data);
    // Same data as the last attempt → same key, so the server answers with what it already did.
    if (submission.current?.body !== body) submission.current = { key: newIdempotencyKey(), body };
    sending.current = true;
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await api<CaseView>('POST', '/api/case-files', { body: parsed.data, headers: { 'Idempotency-Key': submission.current.key } });
      setFlash(t('register.done', { code: created.caseFile.code }));
      navigate(paths.caseFile(created.caseFile.id), { replace: true });
    } catch (error) {
      if (error instanceof ApiError) {
        setProblem(error.retryable ? `${error.title} ${t('form.retry')}` : error.title);
        errors.setServerErrors(error.errors);
      } else setProblem(String(error));
      sending.current = false;
      setBusy(false);
    }
  };

  if (listsError) {
    return (
      <div className="alert" role="alert">
        {listsError}
      </div>
    );
  }
  if (!labels) return <Loading />;

  const summary = errors.submitted && problem ? errors.all : [];
  return (
    <section className="page">
      <h1>{t('register.title')}</h1>
      <p className="lead">{t('register.lead')}</p>
      {problem && <ErrorSummary title={problem} errors={summary} fieldLabel={(path) => fieldLabelOf(t, path)} attempt={attempt} />}
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="register-person-title">
        <h2 id="register-person-title">{t('register.person')}</h2>
        <PersonFields form={person} change={(patch) => setPerson((f) => ({ ...f, ...patch }))} kit={errors.kit} labels={labels} />
        <h2>{t('register.caseFile')}</h2>
        <CaseFileFields form={caseFile} change={(patch) => setCaseFile((f) => ({ ...f, ...patch }))} kit={errors.kit} labels={labels} derivedMinor={minor} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} aria-describedby="register-status">
            {busy ? t('register.busy') : t('register.submit')}
          </button>
          <Link to={paths.list} className="button secondary">
            {t('common.cancel')}
          </Link>
          <span id="register-status" className="status-text" role="status">
            {busy ? t('register.sending') : t('register.notSaved')}
          </span>
        </div>
      </form>
    </section>
  );
}
