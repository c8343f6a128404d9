// Correcting the person's data: checked by the shared PersonInput schema, sent as the changed
// fields (null clears one) with the version read.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonInput } from '../../domain/schemas.ts';
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import { schemaErrors, useFormErrors } from '../forms/errors.ts';
import { fieldLabelOf } from '../forms/labels.ts';
import { personFormOf, personInputOf, PERSON_FIELDS, type PersonForm } from '../forms/person.ts';
import { sameValue } from '../forms/values.ts';
import { useDraft } from '../forms/draft.ts';
import { useEditSubmit, useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { DraftStatus } from './DraftStatus.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { TextArea } from './fields.tsx';
import { PersonFields } from './PersonFields.tsx';
import { editPersonDraft } from '../lib/edit-drafts.ts';

interface EditBody {
  version: number;
  changes: Record<string, unknown>;
  reason?: string;
}

interface Props {
  person: PersonRecord;
  caseFile: CaseFileRecord;
  labels: Labels;
  onCancel(): void;
  onSaved(person: PersonRecord): void;
  onReload(): void;
}


export function EditPerson({ person, labels, onCancel, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const lang = labels.lang;
  const draft = useDraft<{ form: PersonForm; reason: string }, EditBody>(editPersonDraft(person), () => ({ form: personFormOf(person), reason: '' }));
  const { form, reason } = draft.form;

  const input = useMemo(() => personInputOf(form), [form]);
  const parsed = useMemo(() => PersonInput.safeParse(input), [input]);
  const clientErrors = useMemo(() => (parsed.success ? [] : schemaErrors(parsed.error, input, lang, ['person'])), [parsed, input, lang]);
  const errors = useFormErrors(clientErrors);

  const changes = useMemo(() => {
    if (!parsed.success) return {};
    const next = parsed.data as Record<string, unknown>;
    const current = person as unknown as Record<string, unknown>;
    const found: Record<string, unknown> = {};
    for (const field of PERSON_FIELDS) {
      if (!sameValue(next[field], current[field])) found[field] = next[field] ?? null;
    }
    return found;
  }, [parsed, person]);

  const nothing = parsed.success && Object.keys(changes).length === 0;
  const sending = useSubmission(draft, { data: parsed.success && !nothing ? { version: person.version, changes, ...(reason.trim() ? { reason: reason.trim() } : {}) } : undefined, errors }, {
    send: (body, key) => api<{ person: PersonRecord }>('PATCH', `/api/persons/${person.id}`, { body, headers: { 'Idempotency-Key': key } }),
    sent: (result) => onSaved(result.person),
    fieldPath: (path) => path.replace(/^changes\./, 'person.'),
  });
  const edit = useEditSubmit(sending, nothing);

  return (
    <section className="card edit" aria-labelledby="edit-person-title" style={{ gridColumn: '1 / -1' }}>
      <h2 id="edit-person-title">{t('edit.personTitle')}</h2>
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
        <PersonFields form={form} change={(patch) => draft.setForm((d) => ({ ...d, form: { ...d.form, ...patch } }))} kit={errors.kit} labels={labels} />
        <TextArea path="editPerson.reason" label={t('edit.reason')} hint={t('edit.reasonHint')} value={reason} onChange={(reason) => draft.setForm((d) => ({ ...d, reason }))} maxLength={500} rows={2} error={errors.kit.error('reason')} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={sending.busy}>
            {sending.busy ? t('edit.saving') : t('common.save')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <DraftStatus id={`edit-person-status-${person.id}`} draft={draft} sending={sending} />
        </div>
      </form>
    </section>
  );
}
