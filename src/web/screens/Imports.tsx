// Importing an agency's file: choose the file and its mapping profile, try it (preview of the
// mapping, the first rows and the rows that would be quarantined), import it with progress, and
// review the quarantine: correct a row and send it again, or discard it with a reason.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/imports.ts';
import { fieldLabel } from '../../importers/messages.ts';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { SelectField, TextArea, TextField } from '../components/fields.tsx';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission, type Action } from '../forms/submission.ts';
import { api, ApiError } from '../lib/api.ts';
import { formatDateTime, formatNumber, formatPartialDate } from '../lib/format.ts';
import { onForget } from '../lib/forget.ts';

const MAX_BYTES = 20 * 1024 * 1024;

export interface Profile {
  id: string;
  name: { es: string; en: string };
  synthetic: boolean;
  fields: Record<string, string | { column?: string; department?: string; province?: string; district?: string }>;
}

interface Problem {
  field: string;
  column?: string;
  value?: string;
  es: string;
  en: string;
}

export interface TestReport {
  ok: boolean;
  profileErrors: { path: string; message: string }[];
  fileError?: { es: string; en: string };
  format?: string;
  encoding?: string;
  delimiter?: string;
  counts?: { rows: number; mapped: number; quarantined: number; blankRows: number };
  preview: { person: { givenNames?: string; paternalSurname?: string; maternalSurname?: string; fullName?: string; sex: string; birthDate?: string; estimatedAge?: number }; caseFile?: { detectionDate?: string; detectionUbigeo?: string }; source: { line: number } }[];
  rowErrors: { line: number; recordId?: string; problems: Problem[] }[];
  formulaCells: number;
  unmappedColumns: string[];
  missingColumns: { field: string; column: string }[];
  uncoveredCodes: { field: string; column: string; value: string; count: number }[];
}

interface Batch {
  id: string;
  fileName: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED' | 'INTERRUPTED';
  rowsTotal: number;
  rowsDone: number;
  counts: { read: number; imported: number; updated: number; unchanged: number; quarantined: number };
  openQuarantine: number;
  startedAt: string;
  startedBy: string;
}

interface QuarantineItem {
  id: string;
  rowNumber: number;
  line: number;
  recordId: string | null;
  version: number;
  values: Record<string, string>;
  problems: Problem[];
}

export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const columnsOf = (mapping: Profile['fields'][string]): string => (typeof mapping === 'string' ? mapping : [mapping.column, mapping.department, mapping.province, mapping.district].filter(Boolean).join(' + '));
const personName = (p: TestReport['preview'][number]['person']) => p.fullName ?? [p.givenNames, p.paternalSurname, p.maternalSurname].filter(Boolean).join(' ');

export default function ImportsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [profileId, setProfileId] = useState('canonico');
  const [customProfile, setCustomProfile] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [report, setReport] = useState<TestReport | undefined>();
  const [batches, setBatches] = useState<Batch[]>([]);
  const [running, setRunning] = useState<Batch | undefined>();
  const [reviewing, setReviewing] = useState<Batch | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('imports.title')} · Enlace`;
  }, [t]);
  // The preview holds rows of the file: nothing of it outlives the session on a shared device.
  useEffect(
    () =>
      onForget(() => {
        setReport(undefined);
        setFile(undefined);
      }),
    [],
  );

  const fail = (e: unknown) => setProblem(e instanceof ApiError ? [e.title, ...e.errors.map((x) => `${x.path}: ${x.message}`)].join(' · ') : String(e));
  const loadBatches = useCallback(() => {
    api<{ items: Batch[] }>('GET', '/api/imports').then((r) => setBatches(r.items), fail);
  }, []);
  useEffect(() => {
    api<{ items: Profile[] }>('GET', '/api/import-profiles').then((r) => setProfiles(r.items), fail);
    loadBatches();
  }, [loadBatches]);

  // While an import runs, its batch is polled for progress.
  useEffect(() => {
    if (!running) return;
    if (running.status !== 'RUNNING') {
      loadBatches();
      return;
    }
    const timer = setTimeout(() => api<Batch>('GET', `/api/imports/${running.id}`).then(setRunning, fail), 700);
    return () => clearTimeout(timer);
  }, [running, loadBatches]);

  const body = async () => {
    if (!file) throw new Error(t('imports.noFile'));
    if (file.size > MAX_BYTES) throw new Error(t('imports.tooLarge'));
    let profile: unknown;
    if (customProfile.trim() !== '') {
      try {
        profile = JSON.parse(customProfile);
      } catch {
        throw new Error(t('imports.badJson'));
      }
    }
    return { fileName: file.name, content: await base64Of(file), ...(profile === undefined ? { profileId } : { profile }) };
  };

  const act = async (what: 'test' | 'run') => {
    setProblem(undefined);
    setBusy(true);
    try {
      const request = await body();
      if (what === 'test') setReport(await api<TestReport>('POST', '/api/import-profiles/test', { body: request }));
      else {
        const { id } = await api<{ id: string }>('POST', '/api/imports', { body: request });
        setReport(undefined);
        setRunning(await api<Batch>('GET', `/api/imports/${id}`));
      }
    } catch (e) {
      fail(e instanceof Error && !(e instanceof ApiError) ? e.message : e);
    } finally {
      setBusy(false);
    }
  };

  const profile = profiles.find((p) => p.id === profileId);
  return (
    <section className="page">
      <h1>{t('imports.title')}</h1>
      <p>{t('imports.intro')}</p>
      {problem && (
        <div className="alert" role="alert">
          {problem}
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act('test');
        }}
      >
        <div className="field">
          <label htmlFor="import-file">{t('imports.file')}</label>
          <p className="hint" id="import-file-hint">
            {t('imports.fileHint')}
          </p>
          <input id="import-file" type="file" accept=".csv,.txt,.tsv,.xlsx,.json" aria-describedby="import-file-hint" onChange={(e) => setFile(e.target.files?.[0])} />
        </div>
        <SelectField
          path="profileId"
          label={t('imports.profile')}
          hint={t('imports.profileHint')}
          value={profileId}
          onChange={setProfileId}
          options={profiles.map((p) => ({ value: p.id, label: `${p.name[lang]}${p.synthetic ? ` ${t('imports.synthetic')}` : ''}` }))}
        />
        <TextArea path="customProfile" label={t('imports.customProfile')} hint={t('imports.customProfileHint')} value={customProfile} onChange={setCustomProfile} rows={4} maxLength={100_000} />
        <div className="import-actions">
          <button type="submit" disabled={busy}>
            {t('imports.test')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void act('run')}>
            {t('imports.run')}
          </button>
        </div>
      </form>

      {report && <Preview report={report} profile={customProfile.trim() === '' ? profile : undefined} lang={lang} />}

      {running && (
        <section aria-labelledby="import-progress">
          <h2 id="import-progress">{running.status === 'RUNNING' ? t('imports.progressTitle') : t('imports.resultTitle')}</h2>
          <p role="status">
            {t(`imports.statuses.${running.status}`)} · {t('imports.progress', { done: formatNumber(running.rowsDone, lang), total: formatNumber(running.rowsTotal, lang) })}
          </p>
          <progress max={Math.max(1, running.rowsTotal)} value={running.rowsDone} aria-label={t('imports.progressTitle')} />
          <p>{t('imports.counts', running.counts)}</p>
          {running.counts.quarantined > 0 && <a href={`/api/imports/${running.id}/errors.csv`}>{t('imports.errorReport')}</a>}
        </section>
      )}

      <section aria-labelledby="import-batches">
        <h2 id="import-batches">{t('imports.batchesTitle')}</h2>
        {batches.length === 0 ? (
          <p>{t('imports.noBatches')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('imports.when')}</th>
                <th scope="col">{t('imports.fileName')}</th>
                <th scope="col">{t('imports.status')}</th>
                <th scope="col">{t('imports.resultTitle')}</th>
                <th scope="col">{t('imports.openQuarantine')}</th>
                <th scope="col">{t('imports.by')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>{formatDateTime(b.startedAt, lang)}</td>
                  <td>{b.fileName}</td>
                  <td>{t(`imports.statuses.${b.status}`)}</td>
                  <td>{t('imports.counts', b.counts)}</td>
                  <td>
                    {formatNumber(b.openQuarantine, lang)}
                    {b.openQuarantine > 0 && (
                      <>
                        {' '}
                        <button type="button" className="secondary" onClick={() => setReviewing(b)}>
                          {t('imports.review')}
                        </button>{' '}
                        <a href={`/api/imports/${b.id}/errors.csv`}>{t('imports.errorReport')}</a>
                      </>
                    )}
                  </td>
                  <td>{b.startedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {reviewing && (
        <Quarantine
          key={reviewing.id}
          batch={reviewing}
          lang={lang}
          onChanged={loadBatches}
          onClose={() => {
            setReviewing(undefined);
            loadBatches();
          }}
        />
      )}
    </section>
  );
}

export function Preview({ report, profile, lang }: { report: TestReport; profile: Profile | undefined; lang: 'es' | 'en' }) {
  const { t } = useTranslation();
  const missing = new Set(report.missingColumns.map((m) => m.column));
  return (
    <section aria-labelledby="import-preview">
      <h2 id="import-preview">{t('imports.previewTitle')}</h2>
      {report.profileErrors.length > 0 && (
        <div className="alert" role="alert">
          <p>{t('imports.profileErrors')}</p>
          <ul>
            {report.profileErrors.map((e) => (
              <li key={`${e.path}${e.message}`}>
                {e.path}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.fileError && (
        <div className="alert" role="alert">
          {report.fileError[lang]}
        </div>
      )}
      {report.counts && (
        <div role="status">
          <p>{t('imports.format', { format: report.format ?? '', encoding: report.encoding ?? '—', delimiter: report.delimiter === '\t' ? 'TAB' : (report.delimiter ?? '—') })}</p>
          <p>{t('imports.countsRead', { rows: report.counts.rows, mapped: report.counts.mapped, quarantined: report.counts.quarantined, blank: report.counts.blankRows })}</p>
        </div>
      )}
      {profile && (
        <table>
          <caption>{t('imports.mappingTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.ourField')}</th>
              <th scope="col">{t('imports.column')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(profile.fields).map(([field, mapping]) => (
              <tr key={field}>
                <td>{fieldLabel(field, lang)}</td>
                <td>
                  {columnsOf(mapping)}
                  {missing.has(columnsOf(mapping)) && <strong> ({t('imports.missing')})</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.unmappedColumns.length > 0 && <p>{t('imports.unmapped', { columns: report.unmappedColumns.join(', ') })}</p>}
      {report.formulaCells > 0 && <p>{t('imports.formulaCells', { count: report.formulaCells })}</p>}
      {report.uncoveredCodes.length > 0 && (
        <table>
          <caption>{t('imports.uncovered')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.ourField')}</th>
              <th scope="col">{t('imports.column')}</th>
              <th scope="col">{t('imports.value')}</th>
              <th scope="col">{t('imports.times')}</th>
            </tr>
          </thead>
          <tbody>
            {report.uncoveredCodes.map((c) => (
              <tr key={`${c.field}${c.value}`}>
                <td>{fieldLabel(c.field, lang)}</td>
                <td>{c.column}</td>
                <td>{c.value}</td>
                <td>{formatNumber(c.count, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.preview.length > 0 && (
        <table>
          <caption>{t('imports.previewRows')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.line')}</th>
              <th scope="col">{t('imports.name')}</th>
              <th scope="col">{t('imports.sex')}</th>
              <th scope="col">{t('imports.birth')}</th>
              <th scope="col">{t('imports.detection')}</th>
              <th scope="col">{t('imports.place')}</th>
            </tr>
          </thead>
          <tbody>
            {report.preview.map((r) => (
              <tr key={r.source.line}>
                <td>{r.source.line}</td>
                <td>{personName(r.person)}</td>
                <td>{r.person.sex}</td>
                <td>{r.person.birthDate ? formatPartialDate(r.person.birthDate) : (r.person.estimatedAge ?? '—')}</td>
                <td>{r.caseFile?.detectionDate ? formatPartialDate(r.caseFile.detectionDate) : '—'}</td>
                <td>{r.caseFile?.detectionUbigeo ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.rowErrors.length > 0 && (
        <table>
          <caption>{t('imports.rowErrors')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.line')}</th>
              <th scope="col">{t('imports.field')}</th>
              <th scope="col">{t('imports.value')}</th>
              <th scope="col">{t('imports.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rowErrors.flatMap((r) =>
              r.problems.map((p, i) => (
                <tr key={`${r.line}-${i}`}>
                  <td>{r.line}</td>
                  <td>{p.column ?? p.field}</td>
                  <td>{p.value ?? ''}</td>
                  <td>{p[lang]}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Quarantine({ batch, lang, onChanged, onClose }: { batch: Batch; lang: 'es' | 'en'; onChanged: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<QuarantineItem[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const load = useCallback(() => {
    api<{ items: QuarantineItem[] }>('GET', `/api/import-quarantine?batchId=${batch.id}&status=OPEN&pageSize=50`).then(
      (r) => setItems(r.items),
      (e: unknown) => setProblem(e instanceof ApiError ? e.title : String(e)),
    );
  }, [batch.id]);
  useEffect(load, [load]);
  useEffect(() => onForget(() => setItems(undefined)), []);

  const done = (message: string) => {
    setNotice(message);
    load();
    onChanged();
  };
  return (
    <section aria-labelledby="import-quarantine">
      <h2 id="import-quarantine">{t('imports.quarantineTitle', { file: batch.fileName })}</h2>
      {problem && (
        <div className="alert" role="alert">
          {problem}
        </div>
      )}
      <p role="status">{notice ?? ''}</p>
      {items && items.length === 0 && <p>{t('imports.quarantineEmpty')}</p>}
      {items?.map((item) => (
        <QuarantineRow
          key={`${item.id}-${item.version}`}
          item={item}
          lang={lang}
          onDone={done}
        />
      ))}
      <button type="button" className="secondary" onClick={onClose}>
        {t('imports.close')}
      </button>
    </section>
  );
}

function QuarantineRow({ item, lang, onDone }: { item: QuarantineItem; lang: 'es' | 'en'; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  // The correction and the reason are kept as a draft; resubmitting or discarding is sent with its key and retried.
  const draft = useDraft<{ values: Record<string, string>; reason: string }, Action<'resubmit' | 'discard'>>(`quarantine:${item.id}:${item.version}`, () => ({ values: item.values, reason: '' }));
  const { values, reason } = draft.form;
  const setValues = (next: Record<string, string>) => draft.setForm((f) => ({ ...f, values: next }));
  const setReason = (next: string) => draft.setForm((f) => ({ ...f, reason: next }));
  const errors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: undefined, errors }, {
    send: (action, key) => api<{ status?: string }>('POST', `/api/import-quarantine/${item.id}/${action.path}`, { body: action.body, headers: { 'Idempotency-Key': key } }),
    sent: (result, action) => onDone(action.path === 'discard' ? t('imports.discarded') : result.status !== 'quarantined' ? t('imports.resubmitted') : t('imports.stillWrong')),
  });
  // The columns named by a problem first: those are the ones to correct.
  const named = new Set(item.problems.flatMap((p) => (p.column ? p.column.split(' + ') : [])));
  const columns = [...Object.keys(item.values).filter((c) => named.has(c)), ...Object.keys(item.values).filter((c) => !named.has(c))];
  const prefix = `q-${item.id}`;
  return (
    <article className="card" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{t('imports.rowTitle', { row: item.rowNumber, line: item.line })}</h3>
      <ul>
        {item.problems.map((p, i) => (
          <li key={i}>
            <strong>{p.column ?? p.field}</strong>
            {p.value ? ` «${p.value}»` : ''}: {p[lang]}
          </li>
        ))}
      </ul>
      <p>{t('imports.correct')}</p>
      <div className="grid cols-2">
        {columns.map((c) => (
          <TextField key={c} path={`${prefix}-${c}`} label={c} value={values[c] ?? ''} maxLength={10_000} onChange={(v) => setValues({ ...values, [c]: v })} />
        ))}
      </div>
      <div className="import-actions">
        <button
          type="button"
          disabled={sending.busy}
          onClick={() => sending.submitData({ path: 'resubmit', body: { version: item.version, values: Object.fromEntries(Object.entries(values).filter(([c, v]) => item.values[c] !== v)) }, message: '' })}
        >
          {t('imports.resubmit')}
        </button>
        <DraftStatus id={`${prefix}-status`} draft={draft} sending={sending} />
      </div>
      {sending.problem && (
        <div className="alert" role="alert">
          {sending.problemInFull}
        </div>
      )}
      <TextField path={`${prefix}-reason`} label={t('imports.discardReason')} value={reason} maxLength={500} onChange={setReason} />
      <button
        type="button"
        className="secondary"
        disabled={reason.trim() === '' || sending.busy}
        onClick={() => sending.submitData({ path: 'discard', body: { version: item.version, reason }, message: '' })}
      >
        {t('imports.discard')}
      </button>
    </article>
  );
}
