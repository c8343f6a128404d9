// Editing a case file: the same fields as at registration, checked by the shared schema, sent as
// the changed fields only with the version read. A stale version gets the conflict message and
// the offer to reload.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseFileInput } from '../../domain/schemas.ts';
import type { FieldError } from '../../domain/validation.ts';
import { caseFileFormOf, caseFileInputOf, CASE_FILE_FIELDS, type CaseFileForm } from '../forms/case-file.ts';
import { schemaErrors, useFormErrors } from '../forms/errors.ts';
import { fieldLabelOf } from '../forms/labels.ts';
import { derivedMinor } from '../forms/minor.ts';
import { sameValue } from '../forms/values.ts';
import { api, ApiError } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { useIdempotencyKeys } from '../lib/idempotency.ts';
import type { CaseView } from '../lib/types.ts';
import { CaseFileFields } from './CaseFileFields.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { TextArea } from './fields.tsx';
import { conflictOr } from './problems.ts';

interface Props {
  view: CaseView;
  labels: Labels;
  onCancel(): void;
  onSaved(next: CaseView): void;
  onReload(): void;
}

/** Free-text fields that are cleared by saving them empty (the API cannot remove other case fields yet). */
const CLEARABLE_AS_EMPTY = new Set(['confidentialNotes']);


export function EditCaseFile({ view, labels, onCancel, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const lang = labels.lang;
  const record = view.caseFile;
  const [form, setForm] = useState<CaseFileForm>(() => caseFileFormOf(record));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ title: string; conflict: boolean } | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKeys();

  const minor = view.person ? derivedMinor(view.person, form.detectionDate) : undefined;
  const input = useMemo(() => {
    const base = caseFileInputOf(form);
    return minor ? { ...base, minorAtDetection: minor } : base;
  }, [form, minor]);
  const parsed = useMemo(() => CaseFileInput.safeParse(input), [input]);

  const { changes, clientErrors } = useMemo(() => {
    const found: Record<string, unknown> = {};
    const problems: FieldError[] = parsed.success ? [] : schemaErrors(parsed.error, input, lang, ['caseFile']);
    if (parsed.success) {
      const next = parsed.data as Record<string, unknown>;
      const current = record as unknown as Record<string, unknown>;
      for (const field of CASE_FILE_FIELDS) {
        if (sameValue(next[field], current[field])) continue;
        if (next[field] !== undefined) found[field] = next[field];
        else if (CLEARABLE_AS_EMPTY.has(field)) found[field] = '';
        else problems.push({ path: `caseFile.${field}`, message: t('edit.cannotClear') });
      }
    }
    return { changes: found, clientErrors: problems };
  }, [parsed, input, lang, record, t]);
  const errors = useFormErrors(clientErrors);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    errors.setSubmitted(true);
    setAttempt((n) => n + 1);
    if (clientErrors.length > 0) {
      setProblem({ title: t('form.invalid'), conflict: false });
      return;
    }
    if (Object.keys(changes).length === 0) {
      setProblem({ title: t('edit.nothingChanged'), conflict: false });
      return;
    }
    const body = { version: record.version, changes, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    setBusy(true);
    setProblem(undefined);
    try {
      onSaved(await api<CaseView>('PATCH', `/api/case-files/${record.id}`, { body, headers: { 'Idempotency-Key': keyFor(body) } }));
    } catch (error) {
      if (error instanceof ApiError) {
        setProblem({ title: conflictOr(error, t), conflict: error.status === 409 });
        errors.setServerErrors(error.errors.map((e) => ({ ...e, path: e.path.replace(/^changes\./, 'caseFile.') })));
      } else setProblem({ title: String(error), conflict: false });
      setBusy(false);
    }
  };

  return (
    <section className="card edit" aria-labelledby="edit-case-title" style={{ gridColumn: '1 / -1' }}>
      <h2 id="edit-case-title">{t('edit.caseFileTitle', { code: record.code })}</h2>
      {problem && (
        <>
          <ErrorSummary title={problem.title} errors={problem.conflict ? [] : errors.all} fieldLabel={(path) => fieldLabelOf(t, path)} attempt={attempt} />
          {problem.conflict && (
            <p>
              <button type="button" className="primary" onClick={onReload}>
                {t('edit.reloadLatest')}
              </button>{' '}
              <span className="hint">{t('edit.reloadHint')}</span>
            </p>
          )}
        </>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <CaseFileFields form={form} change={(patch) => setForm((f) => ({ ...f, ...patch }))} kit={errors.kit} labels={labels} derivedMinor={minor} />
        <TextArea path="editCase.reason" label={t('edit.reason')} hint={t('edit.reasonHint')} value={reason} onChange={setReason} maxLength={500} rows={2} error={errors.kit.error('reason')} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('edit.saving') : t('common.save')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
