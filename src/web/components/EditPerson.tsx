// Correcting the person's data: checked by the shared PersonInput schema, sent as the changed
// fields (null clears one) with the version read.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonInput } from '../../domain/schemas.ts';
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import { schemaErrors, useFormErrors } from '../forms/errors.ts';
import { fieldLabelOf } from '../forms/labels.ts';
import { personFormOf, personInputOf, PERSON_FIELDS, type PersonForm } from '../forms/person.ts';
import { sameValue } from '../forms/values.ts';
import { api, ApiError } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { useIdempotencyKeys } from '../lib/idempotency.ts';
import { ErrorSummary } from './ErrorSummary.tsx';
import { TextArea } from './fields.tsx';
import { conflictOr } from './problems.ts';
import { PersonFields } from './PersonFields.tsx';

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
  const [form, setForm] = useState<PersonForm>(() => personFormOf(person));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ title: string; conflict: boolean } | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKeys();

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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    errors.setSubmitted(true);
    setAttempt((n) => n + 1);
    if (!parsed.success) {
      setProblem({ title: t('form.invalid'), conflict: false });
      return;
    }
    if (Object.keys(changes).length === 0) {
      setProblem({ title: t('edit.nothingChanged'), conflict: false });
      return;
    }
    const body = { version: person.version, changes, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await api<{ person: PersonRecord }>('PATCH', `/api/persons/${person.id}`, { body, headers: { 'Idempotency-Key': keyFor(body) } });
      onSaved(result.person);
    } catch (error) {
      if (error instanceof ApiError) {
        setProblem({ title: conflictOr(error, t), conflict: error.status === 409 });
        errors.setServerErrors(error.errors.map((e) => ({ ...e, path: e.path.replace(/^changes\./, 'person.') })));
      } else setProblem({ title: String(error), conflict: false });
      setBusy(false);
    }
  };

  return (
    <section className="card edit" aria-labelledby="edit-person-title" style={{ gridColumn: '1 / -1' }}>
      <h2 id="edit-person-title">{t('edit.personTitle')}</h2>
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
        <PersonFields form={form} change={(patch) => setForm((f) => ({ ...f, ...patch }))} kit={errors.kit} labels={labels} />
        <TextArea path="editPerson.reason" label={t('edit.reason')} hint={t('edit.reasonHint')} value={reason} onChange={setReason} maxLength={500} rows={2} error={errors.kit.error('reason')} />
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
