// Editing a case file: the same fields as at registration, checked by the shared schema, sent as
// the changed fields only with the version read. A stale version gets the conflict message and
// the offer to reload.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseFileInput } from '../../domain/schemas.ts';
import type { FieldError } from '../../domain/validation.ts';
import { caseFileFormOf, caseFileInputOf, CASE_FILE_FIELDS, type CaseFileForm } from '../forms/case-file.ts';
import { schemaErrors, useFormErrors } from '../forms/errors.ts';
import { fieldLabelOf } from '../forms/labels.ts';
import { derivedMinor } from '../forms/minor.ts';
import { sameValue } from '../forms/values.ts';
import { useDraft } from '../forms/draft.ts';
import { useEditSubmit, useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import type { CaseView } from '../lib/types.ts';
import { CaseFileFields } from './CaseFileFields.tsx';
import { DraftStatus } from './DraftStatus.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { TextArea } from './fields.tsx';
import { editCaseDraft } from '../lib/edit-drafts.ts';

interface Props {
  view: CaseView;
  labels: Labels;
  onCancel(): void;
  onSaved(next: CaseView): void;
  onReload(): void;
}

/** Free-text fields that are cleared by saving them empty (the API cannot remove other case fields yet). */
interface EditBody {
  version: number;
  changes: Record<string, unknown>;
  reason?: string;
}

const CLEARABLE_AS_EMPTY = new Set(['confidentialNotes']);



export function EditCaseFile({ view, labels, onCancel, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const lang = labels.lang;
  const record = view.caseFile;
  const draft = useDraft<{ form: CaseFileForm; reason: string }, EditBody>(editCaseDraft(record), () => ({ form: caseFileFormOf(record), reason: '' }));
  const { form, reason } = draft.form;

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

  const nothing = clientErrors.length === 0 && Object.keys(changes).length === 0;
  const sending = useSubmission(draft, { data: nothing ? undefined : { version: record.version, changes, ...(reason.trim() ? { reason: reason.trim() } : {}) }, errors }, {
    send: (body, key) => api<CaseView>('PATCH', `/api/case-files/${record.id}`, { body, headers: { 'Idempotency-Key': key } }),
    sent: (next) => onSaved(next),
    fieldPath: (path) => path.replace(/^changes\./, 'caseFile.'),
  });
  const edit = useEditSubmit(sending, nothing);

  return (
    <section className="card edit" aria-labelledby="edit-case-title" style={{ gridColumn: '1 / -1' }}>
      <h2 id="edit-case-title">{t('edit.caseFileTitle', { code: record.code })}</h2>
      {edit.problem && (
        <>
          <ErrorSummary title={edit.problem} errors={sending.conflict || edit.unchanged ? [] : errors.all} fieldLabel={(path) => fieldLabelOf(t, path)} attempt={edit.attempt} />
          {sending.conflict && (
            <p>
              <button type="button" className="primary" onClick={onReload}>
                {t('edit.reloadLatest')}
              </button>{' '}
              <span className="hint">{t('edit.reloadHint')}</span>
            </p>
          )}
        </>
      )}
      <form onSubmit={edit.submit} noValidate>
        <CaseFileFields form={form} change={(patch) => draft.setForm((d) => ({ ...d, form: { ...d.form, ...patch } }))} kit={errors.kit} labels={labels} derivedMinor={minor} />
        <TextArea path="editCase.reason" label={t('edit.reason')} hint={t('edit.reasonHint')} value={reason} onChange={(reason) => draft.setForm((d) => ({ ...d, reason }))} maxLength={500} rows={2} error={errors.kit.error('reason')} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={sending.busy}>
            {sending.busy ? t('edit.saving') : t('common.save')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <DraftStatus id={`edit-case-status-${record.id}`} draft={draft} sending={sending} />
        </div>
      </form>
    </section>
  );
}
