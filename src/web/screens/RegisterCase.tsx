// Register a victim and her (or his) first case file in one form, checked as it is filled in by the
// same schemas the server applies. Kept as an encrypted draft in this browser as it is typed, and
// sent with one Idempotency-Key per distinct submission, retried when the connection returns
// (forms/draft.ts, forms/submission.ts): nothing is lost and nothing is created twice.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterCaseRequest } from '../../domain/schemas.ts';
import { CaseFileFields } from '../components/CaseFileFields.tsx';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Loading } from '../components/Loading.tsx';
import { PersonFields } from '../components/PersonFields.tsx';
import { caseFileInputOf, emptyCaseFileForm, type CaseFileForm } from '../forms/case-file.ts';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/field-errors.ts';
import { fieldLabelOf } from '../forms/labels.ts';
import { derivedMinor } from '../forms/minor.ts';
import { emptyPersonForm, personInputOf, type PersonForm } from '../forms/person.ts';
import { useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { setFlash } from '../lib/flash.ts';
import { useOnline } from '../lib/online.ts';
import { Link, navigate, paths } from '../lib/router.tsx';
import type { CaseView } from '../lib/types.ts';

interface RegisterForm {
  person: PersonForm;
  caseFile: CaseFileForm;
}

const emptyForm = (): RegisterForm => ({ person: emptyPersonForm, caseFile: emptyCaseFileForm });

type Check = typeof import('../forms/register-check.ts');
let checkCode: Promise<Check> | undefined;
/** The form's check, asked for once (again after a failure: without a connection and the service worker). */
const loadCheck = () =>
  (checkCode ??= import('../forms/register-check.ts').catch((error: unknown) => {
    checkCode = undefined;
    throw error;
  }));

export default function RegisterCaseScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const { labels, error: listsError } = useCodeLists();
  const draft = useDraft<RegisterForm, RegisterCaseRequest>('register', emptyForm);
  const { person, caseFile } = draft.form;

  useEffect(() => {
    document.title = `${t('register.title')} · Enlace`;
  }, [t]);

  const personInput = useMemo(() => personInputOf(person), [person]);
  const caseInput = useMemo(() => caseFileInputOf(caseFile), [caseFile]);
  const minor = useMemo(() => derivedMinor(personInput, typeof caseInput.detectionDate === 'string' ? caseInput.detectionDate : undefined), [personInput, caseInput]);
  const request = useMemo(() => ({ person: personInput, caseFile: minor ? { ...caseInput, minorAtDetection: minor } : caseInput }), [personInput, caseInput, minor]);
  // The check comes after the form (its code is most of the screen's): until then nothing is judged,
  // and a form sent meanwhile goes once it has been checked.
  const [check, setCheck] = useState<Check>();
  const online = useOnline();
  useEffect(() => {
    if (check) return;
    let shown = true;
    loadCheck().then(
      (module) => shown && setCheck(module),
      () => undefined,
    );
    return () => {
      shown = false;
    };
  }, [check, online]);
  const checked = useMemo(() => check?.checkRegistration(request, lang), [check, request, lang]);
  const errors = useFormErrors(checked?.errors ?? NO_ERRORS);

  const sending = useSubmission(draft, { data: checked?.data, errors }, {
    send: (body, key) => api<CaseView>('POST', '/api/case-files', { body, headers: { 'Idempotency-Key': key } }),
    sent: (created) => {
      setFlash(t('register.done', { code: created.caseFile.code }));
      navigate(paths.caseFile(created.caseFile.id), { replace: true });
    },
  });

  const [sendWhenChecked, setSendWhenChecked] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checked) sending.submit();
    else setSendWhenChecked(true);
  };
  useEffect(() => {
    if (checked && sendWhenChecked) {
      setSendWhenChecked(false);
      sending.submit();
    }
  }, [checked, sendWhenChecked]);
  const busy = sending.busy || sendWhenChecked;

  if (listsError) {
    return (
      <div className="alert" role="alert">
        {listsError}
      </div>
    );
  }
  if (!labels || draft.restoring) return <Loading />;

  return (
    <section className="page">
      <h1>{t('register.title')}</h1>
      <p className="lead">{t('register.lead')}</p>
      {sending.problem && <ErrorSummary title={sending.problem} errors={errors.submitted ? errors.all : []} fieldLabel={(path) => fieldLabelOf(t, path)} attempt={sending.attempt} />}
      <form onSubmit={submit} noValidate aria-labelledby="register-person-title">
        <h2 id="register-person-title">{t('register.person')}</h2>
        <PersonFields form={person} change={(patch) => draft.setForm((f) => ({ ...f, person: { ...f.person, ...patch } }))} kit={errors.kit} labels={labels} />
        <h2>{t('register.caseFile')}</h2>
        <CaseFileFields form={caseFile} change={(patch) => draft.setForm((f) => ({ ...f, caseFile: { ...f.caseFile, ...patch } }))} kit={errors.kit} labels={labels} derivedMinor={minor} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} aria-describedby="register-status">
            {busy ? t('register.busy') : t('register.submit')}
          </button>
          <Link to={paths.list} className="button secondary">
            {t('common.cancel')}
          </Link>
          <DraftStatus id="register-status" draft={draft} sending={sending} />
        </div>
      </form>
    </section>
  );
}
