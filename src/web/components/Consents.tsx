// The person's consents on a case file (domain-spec §6.9, §10.2–10.3): the list with who took
// each and when, a form to record one (given or refused, per purpose; a consent to share names
// one agency and its data groups), and withdrawal. The server judges every rule (children,
// written consent for sensitive data); its messages are shown per field.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { api, ApiError, type FieldProblem } from '../lib/api.ts';
import type { Labels } from '../lib/code-lists.ts';
import { formatDateTime } from '../lib/format.ts';

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
const today = () => new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);

export function Consents({ caseFileId, labels, canRecord, canWithdraw, canCoSign = false, minor }: { caseFileId: string; labels: Labels; canRecord: boolean; canWithdraw: boolean; canCoSign?: boolean; minor: boolean }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Consent[] | undefined>();
  const [problem, setProblem] = useState<{ title: string; errors: readonly FieldProblem[] } | undefined>();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ purpose: 'ATENCION_Y_SERVICIOS', granted: true, form: 'ESCRITA_FIRMA', givenBy: minor ? 'REPRESENTANTE_LEGAL' : 'TITULAR', givenOn: today(), agency: '', groups: [] as string[], language: 'es', interpreter: false, childOpinion: '', checklist: Object.fromEntries(CHECKLIST.map((c) => [c, false])) as Record<string, boolean> });

  const load = useCallback(async () => {
    const data = await api<{ items: Consent[] }>('GET', `/api/case-files/${caseFileId}/consents`);
    setItems(data.items);
  }, [caseFileId]);
  useEffect(() => {
    load().catch((e: unknown) => setProblem({ title: e instanceof ApiError ? e.title : String(e), errors: [] }));
  }, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
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
    try {
      await api('POST', `/api/case-files/${caseFileId}/consents`, { body });
      setProblem(undefined);
      setOpen(false);
      await load();
    } catch (e) {
      setProblem(e instanceof ApiError ? { title: e.title, errors: e.errors } : { title: String(e), errors: [] });
    }
  };

  const coSign = async (consent: Consent) => {
    try {
      await api('POST', `/api/case-files/${caseFileId}/consents/${consent.id}/co-signature`);
      setProblem(undefined);
      await load();
    } catch (e) {
      setProblem(e instanceof ApiError ? { title: e.title, errors: e.errors } : { title: String(e), errors: [] });
    }
  };

  const withdraw = async (consent: Consent) => {
    if (!window.confirm(t('consent.withdrawConfirm'))) return;
    try {
      await api('POST', `/api/case-files/${caseFileId}/consents/${consent.id}/withdrawal`, { body: { withdrawnOn: today() } });
      await load();
    } catch (e) {
      setProblem(e instanceof ApiError ? { title: e.title, errors: e.errors } : { title: String(e), errors: [] });
    }
  };

  const errorOf = (path: string) => problem?.errors.find((e) => e.path === path)?.message;
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
                <button type="button" onClick={() => void coSign(c)}>
                  {t('consent.coSign')}
                </button>
              )}
              {(c.inForce || c.awaitingCoSignature) && canWithdraw && (
                <button type="button" className="secondary" onClick={() => void withdraw(c)}>
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
        <form className="consent-form" onSubmit={(e) => void submit(e)} noValidate>
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
          <button type="submit" className="primary">
            {t('consent.save')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
    </section>
  );
}
