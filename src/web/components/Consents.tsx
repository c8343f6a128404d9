// The person's consents on a case file (domain-spec §6.9, §10.2–10.3): the list with who took
// each and when, a form to record one (given or refused, per purpose; a consent to share names
// one agency and its data groups), and withdrawal. The server judges every rule (children,
// written consent for sensitive data); its messages are shown per field.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission, type Action } from '../forms/submission.ts';
import { api, ApiError } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { formatDateTime } from '../lib/format.ts';
import { DraftStatus } from './DraftStatus.tsx';

interface Consent {
  id: string;
  purpose: string;
  agency: { key: string; name: string } | null;
  groups: string[];
  granted: boolean;
  form: string;
  givenBy: string;
  givenOn: string;
  childOpinion?: string;
  takenBy: string | null;
  takenAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  lapsedAt: string | null;
  renewalDue: boolean;
  awaitingCoSignature: boolean;
  coSignedBy: string | null;
  coSignedAt: string | null;
  inForce: boolean;
}

/** What the consent stands for now: given and in force, waiting for its co-signature, lapsed at 18, withdrawn, refused. */
function stateKey(c: Consent): string {
  if (!c.granted) return 'consent.refused';
  if (c.withdrawnAt) return 'consent.withdrawn';
  if (c.lapsedAt) return c.renewalDue ? 'consent.lapsed' : 'consent.renewed';
  if (c.awaitingCoSignature) return 'consent.awaitingCoSignature';
  return 'consent.inForce';
}

const CHECKLIST = ['assent', 'purposeExplained', 'usesExplained', 'researchUse', 'rightToAccess', 'retention', 'howToWithdraw'] as const;
const GROUPS = ['G1', 'G2', 'G3', 'G4', 'G5'] as const;
interface ConsentForm {
  purpose: string;
  granted: boolean;
  form: string;
  givenBy: string;
  givenOn: string;
  agency: string;
  groups: string[];
  language: string;
  interpreter: boolean;
  childOpinion: string;
  checklist: Record<string, boolean>;
}

const today = () => new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);

export function Consents({ caseFileId, labels, canRecord, canWithdraw, canCoSign = false, minor }: { caseFileId: string; labels: Labels; canRecord: boolean; canWithdraw: boolean; canCoSign?: boolean; minor: boolean }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Consent[] | undefined>();
  const [loadProblem, setLoadProblem] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  const draft = useDraft<ConsentForm, Record<string, unknown>>(`consent:${caseFileId}`, () => ({ purpose: 'ATENCION_Y_SERVICIOS', granted: true, form: 'ESCRITA_FIRMA', givenBy: minor ? 'REPRESENTANTE_LEGAL' : 'TITULAR', givenOn: today(), agency: '', groups: [], language: 'es', interpreter: false, childOpinion: '', checklist: Object.fromEntries(CHECKLIST.map((c) => [c, false])) }));
  const form = draft.form;
  const setForm = draft.setForm;
  // A consent kept on this computer (being filled, or waiting to be sent) opens the form by itself.
  const kept = draft.kept.kind === 'restored' || draft.pending !== undefined;
  useEffect(() => {
    if (kept) setOpen(true);
  }, [kept]);

  const load = useCallback(async () => {
    const data = await api<{ items: Consent[] }>('GET', `/api/case-files/${caseFileId}/consents`);
    setItems(data.items);
  }, [caseFileId]);
  useEffect(() => {
    load().catch((e: unknown) => setLoadProblem(e instanceof ApiError ? e.title : String(e)));
  }, [load]);

  const sharing = form.purpose === 'COMPARTIR_CON_ENTIDAD';
  const body = {
    purpose: form.purpose,
    granted: form.granted,
    form: form.form,
    givenBy: form.givenBy,
    givenOn: form.givenOn,
    checklist: form.checklist,
    language: form.language,
    interpreter: form.interpreter,
    ...(sharing ? { agency: form.agency, groups: form.groups } : {}),
    ...(form.childOpinion.trim() ? { childOpinion: form.childOpinion } : {}),
  };
  // The server judges every rule: its messages are shown per field.
  const errors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: body, errors }, {
    send: (request, key) => api('POST', `/api/case-files/${caseFileId}/consents`, { body: request, headers: { 'Idempotency-Key': key } }),
    sent: () => {
      setOpen(false);
      void load();
    },
  });

  // Co-signing and withdrawing: one click each, sent with its key and retried like any form.
  const actionDraft = useDraft<Record<string, never>, Action>(`consent-actions:${caseFileId}`, () => ({}));
  const actionErrors = useFormErrors(NO_ERRORS);
  const acting = useSubmission(actionDraft, { data: undefined, errors: actionErrors }, {
    send: (action, key) => api('POST', `/api/case-files/${caseFileId}/consents/${action.path}`, { body: action.body, headers: { 'Idempotency-Key': key } }),
    sent: () => void load(),
  });
  const coSign = (consent: Consent) => acting.submitData({ path: `${consent.id}/co-signature`, body: {}, message: '' });
  const withdraw = (consent: Consent) => {
    if (window.confirm(t('consent.withdrawConfirm'))) acting.submitData({ path: `${consent.id}/withdrawal`, body: { withdrawnOn: today() }, message: '' });
  };
  const problem = sending.problem ? { title: sending.problem, errors: errors.all } : acting.problem ? { title: acting.problem, errors: actionErrors.all } : loadProblem ? { title: loadProblem, errors: [] } : undefined;

  const errorOf = (path: string) => errors.kit.error(path);
  const select = (name: 'purpose' | 'form' | 'givenBy', list: 'finalidadConsentimiento' | 'formaConsentimiento' | 'otorgadoPor') => (
    <>
      <label htmlFor={`consent-${name}`}>{t(`consent.${name}`)}</label>
      <select id={`consent-${name}`} value={form[name]} aria-invalid={errorOf(name) ? true : undefined} onChange={(e) => setForm({ ...form, [name]: e.target.value })}>
        {labels.values(list).map((v) => (
          <option key={v.code} value={v.code}>
            {labels.label(list, v.code)}
          </option>
        ))}
      </select>
      {errorOf(name) && <p className="field-error">{errorOf(name)}</p>}
    </>
  );

  return (
    <section className="card" aria-labelledby="consents-title" style={{ marginTop: '1rem' }}>
      <h2 id="consents-title">{t('consent.title')}</h2>
      {problem && (
        <div className="alert" role="alert">
          <p>{problem.title}</p>
          <ul>
            {problem.errors.map((e) => (
              <li key={`${e.path}-${e.message}`}>{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      {items && items.length === 0 && <p>{t('consent.none')}</p>}
      {items && items.length > 0 && (
        <ul className="consents">
          {items.map((c) => (
            <li key={c.id}>
              <strong>{labels.label('finalidadConsentimiento', c.purpose)}</strong>
              {c.agency ? ` — ${c.agency.name} (${c.groups.join(', ')})` : ''}: {t(stateKey(c))}
              <br />
              <span className="hint">
                {t('consent.taken', { by: c.takenBy ?? '—', at: formatDateTime(c.takenAt, labels.lang), form: labels.label('formaConsentimiento', c.form), givenBy: labels.label('otorgadoPor', c.givenBy) })}
                {c.withdrawnAt ? ` · ${t('consent.withdrawnBy', { by: c.withdrawnBy ?? '—', at: formatDateTime(c.withdrawnAt, labels.lang) })}` : ''}
                {c.coSignedAt ? ` · ${t('consent.coSigned', { by: c.coSignedBy ?? '—', at: formatDateTime(c.coSignedAt, labels.lang) })}` : ''}
              </span>
              {c.childOpinion && <p className="hint">{t('consent.childOpinion')}: {c.childOpinion}</p>}
              {c.awaitingCoSignature && canCoSign && (
                <button type="button" disabled={acting.busy} onClick={() => coSign(c)}>
                  {t('consent.coSign')}
                </button>
              )}
              {(c.inForce || c.awaitingCoSignature) && canWithdraw && (
                <button type="button" className="secondary" disabled={acting.busy} onClick={() => withdraw(c)}>
                  {t('consent.withdraw')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canRecord && !open && (
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t('consent.record')}
        </button>
      )}
      {canRecord && open && (
        <form className="consent-form" onSubmit={sending.submit} noValidate>
          {select('purpose', 'finalidadConsentimiento')}
          <fieldset>
            <legend>{t('consent.answer')}</legend>
            <label>
              <input type="radio" name="granted" checked={form.granted} onChange={() => setForm({ ...form, granted: true })} /> {t('consent.given')}
            </label>
            <label>
              <input type="radio" name="granted" checked={!form.granted} onChange={() => setForm({ ...form, granted: false })} /> {t('consent.refused')}
            </label>
          </fieldset>
          {select('form', 'formaConsentimiento')}
          {select('givenBy', 'otorgadoPor')}
          <label htmlFor="consent-givenOn">{t('consent.givenOn')}</label>
          <input id="consent-givenOn" type="date" value={form.givenOn} onChange={(e) => setForm({ ...form, givenOn: e.target.value })} />
          {form.purpose === 'COMPARTIR_CON_ENTIDAD' && (
            <>
              <label htmlFor="consent-agency">{t('consent.agency')}</label>
              <input id="consent-agency" type="text" value={form.agency} aria-invalid={errorOf('agency') ? true : undefined} onChange={(e) => setForm({ ...form, agency: e.target.value })} />
              {errorOf('agency') && <p className="field-error">{errorOf('agency')}</p>}
              <fieldset>
                <legend>{t('consent.groups')}</legend>
                {GROUPS.map((g) => (
                  <label key={g}>
                    <input type="checkbox" checked={form.groups.includes(g)} onChange={(e) => setForm({ ...form, groups: e.target.checked ? [...form.groups, g] : form.groups.filter((x) => x !== g) })} /> {t(`consent.group.${g}`)}
                  </label>
                ))}
              </fieldset>
            </>
          )}
          <fieldset>
            <legend>{t('consent.checklistTitle')}</legend>
            {CHECKLIST.map((c) => (
              <label key={c}>
                <input type="checkbox" checked={form.checklist[c] ?? false} onChange={(e) => setForm({ ...form, checklist: { ...form.checklist, [c]: e.target.checked } })} /> {t(`consent.checklist.${c}`)}
              </label>
            ))}
          </fieldset>
          <label>
            <input type="checkbox" checked={form.interpreter} onChange={(e) => setForm({ ...form, interpreter: e.target.checked })} /> {t('consent.interpreter')}
          </label>
          {minor && (
            <>
              <label htmlFor="consent-childOpinion">{t('consent.childOpinion')}</label>
              <textarea id="consent-childOpinion" value={form.childOpinion} aria-invalid={errorOf('childOpinion') ? true : undefined} onChange={(e) => setForm({ ...form, childOpinion: e.target.value })} />
            </>
          )}
          <button type="submit" className="primary" disabled={sending.busy}>
            {t('consent.save')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>{' '}
          <DraftStatus id={`consent-status-${caseFileId}`} draft={draft} sending={sending} />
        </form>
      )}
    </section>
  );
}
