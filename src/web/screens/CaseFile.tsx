// One case file: the person, the case, the lifecycle moves the server allows now, editing with
// version checks, and the history of actions.
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { lazy } from '../lib/lazy.tsx';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CaseHistory } from '../components/CaseHistory.tsx';
import { Loading } from '../components/Loading.tsx';
import { api, ApiError, prefetch } from '../lib/api.ts';
import { useCodeLists, type Labels } from '../lib/code-lists.ts';
import { draftKept } from '../lib/drafts.ts';
import { editCaseDraft, editPersonDraft } from '../lib/edit-drafts.ts';
import { clearFlash, peekFlash } from '../lib/flash.ts';
import { formatDateTime } from '../lib/format.ts';
import { useOnline } from '../lib/online.ts';
import { CASE_FACTS, factRows, PERSON_FACTS } from '../lib/case-text.ts';
import { Link, paths } from '../lib/router.tsx';
import type { CaseView, HistoryEntry } from '../lib/types.ts';

// The file's forms (its moves, care records, referral, consents, edits) and the shared schemas
// that check them come in a chunk of their own after the file itself: on a slow link the case
// file shows a second and more sooner, its forms as they arrive.
const CaseTransitions = lazy(async () => ({ default: (await import('../components/CaseTransitions.tsx')).CaseTransitions }));
const CareRecords = lazy(async () => ({ default: (await import('../components/CareRecords.tsx')).CareRecords }));
const ReferralForm = lazy(async () => ({ default: (await import('../components/ReferralForm.tsx')).ReferralForm }));
const Consents = lazy(async () => ({ default: (await import('../components/Consents.tsx')).Consents }));
const EditCaseFile = lazy(async () => ({ default: (await import('../components/EditCaseFile.tsx')).EditCaseFile }));
const EditPerson = lazy(async () => ({ default: (await import('../components/EditPerson.tsx')).EditPerson }));
// The sections after the file's own facts and history, each reading its own data, come after the
// screen's code too (with their texts: ~10 KB gzip less before the file shows on a slow link); their
// data is asked for as the file is shown, alongside their code.
const PersonRoute = lazy(async () => ({ default: (await import('../components/PersonRoute.tsx')).PersonRoute }));
const SharedAccess = lazy(async () => ({ default: (await import('../components/SharedAccess.tsx')).SharedAccess }));
const AccessLog = lazy(async () => ({ default: (await import('../components/AccessLog.tsx')).AccessLog }));

type Mode = 'view' | 'editCase' | 'editPerson';

/** How often a case file that could not be read is asked for again. */
const RELOAD_MS = 10_000;

export default function CaseFileScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { labels, error: listsError } = useCodeLists();
  const [view, setView] = useState<CaseView | undefined>();
  const [history, setHistory] = useState<HistoryEntry[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>(peekFlash);
  useEffect(clearFlash, []);
  const [mode, setMode] = useState<Mode>('view');
  const noticeRef = useRef<HTMLDivElement>(null);

  const loadHistory = useCallback(async () => {
    const data = await api<{ items: HistoryEntry[] }>('GET', `/api/case-files/${id}/history`);
    setHistory(data.items);
  }, [id]);

  const [retryable, setRetryable] = useState(false);
  const load = useCallback(async () => {
    try {
      const [data] = await Promise.all([api<CaseView>('GET', `/api/case-files/${id}`), loadHistory()]);
      setView(data);
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : String(error));
      setRetryable(error instanceof ApiError && error.retryable);
    }
  }, [id, loadHistory]);

  useEffect(() => {
    void load();
  }, [load]);

  // A file that could not be read for want of a connection (or a server error) is asked for again
  // when the connection returns and every few seconds, instead of leaving her on the error.
  const online = useOnline();
  const failedToLoad = problem !== undefined && view === undefined && retryable;
  // Asked again at once only when the connection came back since: a failure while online (a 503)
  // waits for the next round instead of being repeated straight away.
  const wentOffline = useRef(false);
  if (!online) wentOffline.current = true;
  useEffect(() => {
    if (!failedToLoad || !online) return;
    if (wentOffline.current) {
      wentOffline.current = false;
      void load();
    }
    const timer = window.setInterval(() => void load(), RELOAD_MS);
    return () => window.clearInterval(timer);
  }, [failedToLoad, online, load]);

  // An edit kept on this computer (a reload, a dropped connection, perhaps waiting to be sent) opens again by itself.
  // Looked at once, when the file is first shown.
  const loaded = view !== undefined;
  useEffect(() => {
    if (!view) return;
    prefetch(`/api/persons/${view.caseFile.personId}/route`);
    if (view.abilities.readAccessLog) prefetch(`/api/case-files/${view.caseFile.id}/shares`);
    if (view.person && draftKept(editPersonDraft(view.person))) setMode('editPerson');
    else if (draftKept(editCaseDraft(view.caseFile))) setMode('editCase');
  }, [loaded]);

  useEffect(() => {
    document.title = view ? `${t('case.title', { code: view.caseFile.code })} · Enlace` : `${t('case.titleLoading')} · Enlace`;
  }, [t, view]);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  /** After a change was saved: show the new record, refresh the history, say so. */
  const saved = (next: CaseView, message: string) => {
    setView(next);
    setMode('view');
    setNotice(message);
    void loadHistory().catch(() => undefined);
  };

  if (problem && !view) {
    return (
      <section className="page">
        <div className="alert" role="alert">
          {problem}
        </div>
        {retryable && (
          <p>
            <button type="button" className="secondary" onClick={() => void load()}>
              {t('usability.retry')}
            </button>
          </p>
        )}
        <Link to={paths.list}>{t('case.backToList')}</Link>
      </section>
    );
  }
  if (listsError) {
    return (
      <div className="alert" role="alert">
        {listsError}
      </div>
    );
  }
  if (!view || !labels) return <Loading />;

  const { caseFile, person, abilities } = view;
  return (
    <section className="page">
      <p>
        <Link to={paths.list}>← {t('case.backToList')}</Link>
      </p>
      <div className="case-head">
        <h1>{t('case.title', { code: caseFile.code })}</h1>
        <span className={`state state-${caseFile.state}`}>{labels.label('estadoExpediente', caseFile.state)}</span>
      </div>
      <p>
        <Link to={paths.person(caseFile.personId)}>{t('case.acrossAgencies')}</Link>
      </p>
      <p className="lead">
        {t('case.meta', { version: caseFile.version, created: formatDateTime(caseFile.createdAt, labels.lang), updated: formatDateTime(caseFile.updatedAt, labels.lang) })}
      </p>
      {notice && (
        <div className="notice" role="status" tabIndex={-1} ref={noticeRef}>
          {notice}
        </div>
      )}

      <Suspense fallback={null}>
        <CaseTransitions view={view} labels={labels} onMoved={(next, to) => saved(next, t('transition.done', { state: labels.label('estadoExpediente', to) }))} onSaved={saved} onReload={() => void load()} />
      </Suspense>

      <div className="case-grid">
        {mode === 'editPerson' && person ? (
          <Suspense fallback={<Loading />}>
            <EditPerson person={person} caseFile={caseFile} labels={labels} onCancel={() => setMode('view')} onSaved={(nextPerson) => saved({ ...view, person: nextPerson }, t('edit.savedPerson'))} onReload={() => void load().then(() => setMode('view'))} />
          </Suspense>
        ) : (
          <section className="card" aria-labelledby="person-title">
            <div className="card-head">
              <h2 id="person-title">{t('case.person')}</h2>
              {abilities.update && person && mode === 'view' && (
                <button type="button" className="secondary" onClick={() => setMode('editPerson')}>
                  {t('edit.person')}
                </button>
              )}
            </div>
            {person ? <Facts fields={PERSON_FACTS} record={person} labels={labels} t={t} /> : <p>{t('case.personUnavailable')}</p>}
          </section>
        )}
        {mode === 'editCase' ? (
          <Suspense fallback={<Loading />}>
            <EditCaseFile view={view} labels={labels} onCancel={() => setMode('view')} onSaved={(next) => saved(next, t('edit.savedCase'))} onReload={() => void load().then(() => setMode('view'))} />
          </Suspense>
        ) : (
          <section className="card" aria-labelledby="case-title">
            <div className="card-head">
              <h2 id="case-title">{t('case.caseFile')}</h2>
              {abilities.update && mode === 'view' && (
                <button type="button" className="secondary" onClick={() => setMode('editCase')}>
                  {t('edit.caseFile')}
                </button>
              )}
            </div>
            <Facts fields={CASE_FACTS} record={caseFile} labels={labels} t={t} />
          </section>
        )}
      </div>

      <Suspense fallback={null}>
        <CareRecords caseFileId={caseFile.id} labels={labels} closed={['CERRADO', 'CERRADO_DERIVADO', 'DESCARTADO'].includes(caseFile.state)} />
        {abilities.refer && <ReferralForm caseFileId={caseFile.id} caseState={caseFile.state} minor={caseFile.minorAtDetection ?? ''} ages={person ? { birthDate: person.birthDate, estimatedAge: person.estimatedAge, estimatedOn: person.createdAt } : undefined} labels={labels} onSent={(message) => { setNotice(message); void load(); }} />}
      </Suspense>
      <Suspense fallback={null}>
        <PersonRoute personId={caseFile.personId} />
      </Suspense>
      <CaseHistory items={history} labels={labels} />
      {/* Consents are read by case workers (case.read); an officer who broke the glass reads the case alone. */}
      {(abilities.readCare || abilities.recordConsent || abilities.withdrawConsent || abilities.coSignConsent) && (
        <Suspense fallback={null}>
          <Consents caseFileId={caseFile.id} labels={labels} canRecord={abilities.recordConsent === true} canWithdraw={abilities.withdrawConsent === true} canCoSign={abilities.coSignConsent === true} minor={caseFile.minorAtDetection === 'SI'} />
        </Suspense>
      )}
      {abilities.readAccessLog && (
        <Suspense fallback={null}>
          <SharedAccess caseFileId={caseFile.id} />
          <AccessLog caseFileId={caseFile.id} />
        </Suspense>
      )}
    </section>
  );
}

function Facts({ fields, record, labels, t }: { fields: readonly string[]; record: object; labels: Labels; t: TFunction }) {
  return (
    <dl className="facts">
      {factRows(fields, record, labels, t).map(([field, label, text]) => (
        <div key={field} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}
