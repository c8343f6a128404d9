// The agency's mapping profiles, for whoever writes them ('import.profiles'): the shipped ones and
// the agency's own, a new one written from a copy of another, tried on a sample file (nothing is
// imported) and saved only once the try found no error in the profile; the agency's own retired.
// The profile's text is kept as a draft, and saving and retiring are sent with their
// Idempotency-Key (forms/draft.ts, forms/submission.ts): a dropped connection loses nothing and
// saves nothing twice. The sample and its preview are not kept: they hold rows of a real file.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/imports.ts';
import '../locales/integration.ts';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { TextArea } from '../components/fields.tsx';
import { Messages } from '../components/Messages.tsx';
import { RowAction } from '../components/RowAction.tsx';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import { useAction } from '../lib/action.ts';
import { formatDateTime } from '../lib/format.ts';
import { onForget } from '../lib/forget.ts';
import { base64Of, Preview, type Profile, type TestReport } from './Imports.tsx';

const MAX_BYTES = 20 * 1024 * 1024;

type Listed = Profile & { origin: 'shipped' | 'agency'; savedBy?: string; savedAt?: string };

/** A listed profile as a starting point: its own id and name changed, what the listing added left out. */
function startingPoint(p: Listed, copy: string): string {
  const { origin: _origin, savedBy: _by, savedAt: _at, ...profile } = p;
  return JSON.stringify({ ...profile, id: `${p.id}-${copy}`.slice(0, 60), name: { es: `${p.name.es} (${copy})`, en: `${p.name.en} (${copy})` } }, null, 2);
}

export default function ImportProfilesScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const [profiles, setProfiles] = useState<Listed[] | undefined>();
  const draft = useDraft<{ json: string }, { profile: unknown }>('import-profile', () => ({ json: '' }));
  const json = draft.form.json;
  const setJson = (value: string) => draft.setForm({ json: value });
  const [sample, setSample] = useState<File | undefined>();
  const [report, setReport] = useState<TestReport | undefined>();
  /** The text the report was made for: saving a profile changed since its try is refused. */
  const [tried, setTried] = useState<string | undefined>();
  const { problem, notice, busy, run, fail, setNotice, setProblem } = useAction();
  const errors = useFormErrors(NO_ERRORS);
  const saving = useSubmission(draft, { data: undefined, errors }, {
    send: (body, key) => api<Profile>('POST', '/api/import-profiles', { body, headers: { 'Idempotency-Key': key } }),
    sent: (saved) => {
      setNotice(t('integration.profiles.saved', { id: saved.id }));
      setReport(undefined);
      setTried(undefined);
      load();
    },
  });

  const load = useCallback(() => {
    api<{ items: Listed[] }>('GET', '/api/import-profiles').then((r) => setProfiles(r.items), fail);
  }, [fail]);
  useEffect(() => {
    document.title = `${t('integration.profiles.title')} · Enlace`;
  }, [t]);
  useEffect(load, [load]);
  // The preview holds rows of the sample: nothing of it outlives the session on a shared device.
  useEffect(
    () =>
      onForget(() => {
        setReport(undefined);
        setSample(undefined);
      }),
    [],
  );

  const parsed = (): unknown => {
    try {
      return JSON.parse(json);
    } catch {
      throw new Error(t('integration.profiles.badJson'));
    }
  };
  const test = () =>
    run(async () => {
      const profile = parsed();
      if (!sample) throw new Error(t('integration.profiles.noSample'));
      if (sample.size > MAX_BYTES) throw new Error(t('integration.profiles.tooLarge'));
      setReport(await api<TestReport>('POST', '/api/import-profiles/test', { body: { fileName: sample.name, content: await base64Of(sample), profile } }));
      setTried(json);
    });
  const save = () => {
    setNotice(undefined);
    setProblem(undefined);
    if (!report || tried !== json || report.profileErrors.length > 0) return setProblem(t('integration.profiles.needsTest'));
    try {
      saving.submitData({ profile: parsed() });
    } catch (e) {
      fail(e);
    }
  };
  const retired = (id: string) => {
    setNotice(t('integration.profiles.retired', { id }));
    load();
  };

  const testedOk = report !== undefined && tried === json && report.profileErrors.length === 0;
  return (
    <section className="page">
      <h1>{t('integration.profiles.title')}</h1>
      <p>{t('integration.profiles.intro')}</p>
      <Messages notice={notice} problem={problem} />
      <section aria-labelledby="profiles-list">
        <h2 id="profiles-list">{t('integration.profiles.listTitle')}</h2>
        {profiles && (
          <table aria-labelledby="profiles-list">
            <thead>
              <tr>
                <th scope="col">{t('integration.profiles.id')}</th>
                <th scope="col">{t('integration.profiles.name')}</th>
                <th scope="col">{t('integration.profiles.origin')}</th>
                <th scope="col">{t('integration.profiles.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <tr key={`${p.origin}:${p.id}`}>
                  <td>
                    <code>{p.id}</code>
                  </td>
                  <td>
                    {p.name[lang]}
                    {p.synthetic && ` (${t('integration.profiles.synthetic')})`}
                  </td>
                  <td>{p.origin === 'shipped' ? t('integration.profiles.shipped') : t('integration.profiles.agency', { by: p.savedBy ?? '', at: p.savedAt ? formatDateTime(p.savedAt, lang) : '' })}</td>
                  <td>
                    <button type="button" className="secondary" aria-label={`${t('integration.profiles.startFrom')}: ${p.id}`} onClick={() => setJson(startingPoint(p, t('integration.profiles.copy')))}>
                      {t('integration.profiles.startFrom')}
                    </button>{' '}
                    {p.origin === 'agency' && (
                      <RowAction
                        draftName={`import-profile-retire:${p.id}`}
                        data={{}}
                        label={t('integration.profiles.retire')}
                        ariaLabel={`${t('integration.profiles.retire')}: ${p.id}`}
                        confirmText={t('integration.profiles.retireConfirm', { id: p.id })}
                        send={(_, key) => api('POST', `/api/import-profiles/${encodeURIComponent(p.id)}/retire`, { headers: { 'Idempotency-Key': key } })}
                        onSent={() => retired(p.id)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="profiles-new">
        <h2 id="profiles-new">{t('integration.profiles.newTitle')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void test();
          }}
        >
          <TextArea path="profileJson" label={t('integration.profiles.json')} hint={t('integration.profiles.jsonHint')} value={json} onChange={setJson} rows={14} maxLength={100_000} />
          <div className="field">
            <label htmlFor="profile-sample">{t('integration.profiles.sample')}</label>
            <p className="hint" id="profile-sample-hint">
              {t('integration.profiles.sampleHint')}
            </p>
            <input id="profile-sample" type="file" accept=".csv,.txt,.tsv,.xlsx,.json" aria-describedby="profile-sample-hint" onChange={(e) => setSample(e.target.files?.[0])} />
          </div>
          <div className="import-actions">
            <button type="submit" disabled={busy}>
              {t('integration.profiles.test')}
            </button>
            <button type="button" className="secondary" disabled={busy || saving.busy || !testedOk} onClick={save} aria-describedby="profile-draft-status">
              {t('integration.profiles.save')}
            </button>
            <DraftStatus id="profile-draft-status" draft={draft} sending={saving} />
          </div>
          {saving.problemInFull && (
            <p className="alert" role="alert">
              {saving.problemInFull}
            </p>
          )}
        </form>
        {testedOk && report.counts && <p role="status">{t('integration.profiles.testOk', { rows: report.counts.rows, mapped: report.counts.mapped, quarantined: report.counts.quarantined })}</p>}
        {report && <Preview report={report} profile={undefined} lang={lang} />}
      </section>
    </section>
  );
}
