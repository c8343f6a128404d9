// Register a victim and her (or his) first case file in one form, checked as it is filled in by the
// same schemas the server applies. A double click or a retry never creates two records: each
// distinct submission carries one Idempotency-Key, reused until the answer arrives. The form is
// kept as an encrypted draft in this browser as it is typed (lib/drafts.ts); a submission that
// meets no connection waits there, key included, and is sent by itself when the connection returns.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
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
import { draftsAvailable, hasDraftKey, loadDraft, removeDraft, saveDraft } from '../lib/drafts.ts';
import { formatDateTime } from '../lib/format.ts';
import { useOnline } from '../lib/online.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { setFlash } from '../lib/flash.ts';
import { Link, navigate, paths } from '../lib/router.tsx';
import type { CaseView } from '../lib/types.ts';

const DRAFT = 'register';

interface Submission {
  key: string;
  body: string;
}

interface RegisterDraft {
  person: PersonForm;
  caseFile: CaseFileForm;
  submission?: Submission | undefined;
}

type DraftState = { kind: 'none' } | { kind: 'saved' | 'restored'; at: string } | { kind: 'unavailable' };

export default function RegisterCaseScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const { labels, error: listsError } = useCodeLists();
  const [person, setPerson] = useState<PersonForm>(emptyPersonForm);
  const [caseFile, setCaseFile] = useState<CaseFileForm>(emptyCaseFileForm);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const submission = useRef<Submission | undefined>(undefined);
  // Set at once (state would wait for the next render), so a double click sends one request.
  const sending = useRef(false);
  /** A submission that met no connection (or a server error) and waits to be sent again. */
  const [queued, setQueued] = useState(false);
  const [draft, setDraft] = useState<DraftState>({ kind: draftsAvailable() ? 'none' : 'unavailable' });
  const [restoring, setRestoring] = useState(hasDraftKey());
  const online = useOnline();
  const touched = useRef(false);

  // A draft left by a reload, a dropped connection or an idle sign-out comes back first.
  useEffect(() => {
    if (!hasDraftKey()) return;
    void loadDraft<RegisterDraft>(DRAFT).then((stored) => {
      if (stored && !touched.current) {
        setPerson(stored.value.person);
        setCaseFile(stored.value.caseFile);
        submission.current = stored.value.submission;
        setDraft({ kind: 'restored', at: new Date().toISOString() });
        if (stored.submitted && stored.value.submission) setQueued(true);
      }
      setRestoring(false);
    });
  }, []);

  // Saved as it is typed, a moment after the last keystroke.
  useEffect(() => {
    if (restoring || !touched.current || !hasDraftKey()) return;
    const timer = window.setTimeout(() => {
      void saveDraft(DRAFT, { person, caseFile, submission: submission.current } satisfies RegisterDraft, queued).then((ok) => {
        if (ok) setDraft({ kind: 'saved', at: new Date().toISOString() });
      });
    }, 400);
    return () => window.clearTimeout(timer);
  }, [person, caseFile, queued, restoring]);

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

  /** Sends a submission; one that meets no connection is kept (encrypted) and sent again later. */
  const send = useCallback(
    async (pending: Submission) => {
      if (sending.current) return;
      sending.current = true;
      setBusy(true);
      setProblem(undefined);
      await saveDraft(DRAFT, { person, caseFile, submission: pending } satisfies RegisterDraft, true);
      try {
        const created = await api<CaseView>('POST', '/api/case-files', { body: JSON.parse(pending.body) as unknown, headers: { 'Idempotency-Key': pending.key } });
        removeDraft(DRAFT);
        setFlash(t('register.done', { code: created.caseFile.code }));
        navigate(paths.caseFile(created.caseFile.id), { replace: true });
      } catch (error) {
        if (error instanceof ApiError && error.retryable) setQueued(true);
        else {
          setQueued(false);
          if (error instanceof ApiError) {
            setProblem(error.title);
            errors.setServerErrors(error.errors);
          } else setProblem(String(error));
          void saveDraft(DRAFT, { person, caseFile, submission: pending } satisfies RegisterDraft, false);
        }
        sending.current = false;
        setBusy(false);
      }
    },
    [person, caseFile, t, errors],
  );

  // A waiting submission goes as soon as the connection is back, and is retried now and then meanwhile.
  const latestSend = useRef(send);
  latestSend.current = send;
  useEffect(() => {
    const pending = submission.current;
    if (!queued || !pending) return;
    if (online) void latestSend.current(pending);
    const retry = window.setInterval(() => void latestSend.current(pending), 20_000);
    return () => window.clearInterval(retry);
  }, [queued, online]);

  const submit = (event: FormEvent) => {
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
    void send(submission.current);
  };

  const change = () => {
    touched.current = true;
  };
  const discard = () => {
    removeDraft(DRAFT);
    submission.current = undefined;
    setQueued(false);
    setPerson(emptyPersonForm);
    setCaseFile(emptyCaseFileForm);
    setDraft({ kind: 'none' });
  };

  if (listsError) {
    return (
      <div className="alert" role="alert">
        {listsError}
      </div>
    );
  }
  if (!labels || restoring) return <Loading />;

  const summary = errors.submitted && problem ? errors.all : [];
  const draftStatus = (state: DraftState) =>
    state.kind === 'unavailable' ? t('usability.draftNotKept') : state.kind === 'none' ? t('register.notSaved') : t('usability.draftSaved', { time: formatDateTime(state.at, lang) });
  return (
    <section className="page">
      <h1>{t('register.title')}</h1>
      <p className="lead">{t('register.lead')}</p>
      {problem && <ErrorSummary title={problem} errors={summary} fieldLabel={(path) => fieldLabelOf(t, path)} attempt={attempt} />}
      {draft.kind === 'restored' && (
        <div className="notice draft-notice" role="status">
          {t('usability.draftRestored', { time: formatDateTime(draft.at, lang) })}{' '}
          <button type="button" className="secondary small" onClick={discard}>
            {t('usability.discardDraft')}
          </button>
        </div>
      )}
      <form onSubmit={submit} onInput={change} onChange={change} onClick={change} noValidate aria-labelledby="register-person-title">
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
            {busy ? t('register.sending') : queued ? t('usability.queued') : draftStatus(draft)}
          </span>
          {queued && !busy && submission.current && (
            <button type="button" className="secondary" onClick={() => submission.current && void send(submission.current)}>
              {t('usability.sendNow')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
