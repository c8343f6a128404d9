// The shell: finds out who is signed in, then shows sign-in, the forced password change, or the
// screens. Screens are loaded on demand to keep the first download small.
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from './components/Header.tsx';
import { IdleSignOut } from './components/IdleSignOut.tsx';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { Loading } from './components/Loading.tsx';
import { QuickExitButton } from './components/QuickExit.tsx';
import { api, ApiError, seedPrefetched, setCsrfToken, whenSignedOut } from './lib/api.ts';
import { takeBoot, type WebBoot } from './lib/boot.ts';
import { setDraftKey } from './lib/drafts.ts';
import { forgetEverything, type ForgetReason } from './lib/forget.ts';
import { useOnline } from './lib/online.ts';
import { isLinkageReviewer } from './lib/first-reads.ts';
import { lazy, ScreenCodeBoundary } from './lib/lazy.tsx';
import { currentLang } from './lib/i18n.ts';
import { prefetchScreenData } from './lib/prefetch.ts';
import { navigate, parseRoute, usePathname, type Route } from './lib/router.tsx';
import { SessionContext, type SessionContextValue } from './lib/session.tsx';
import type { SessionInfo, WebClientSettings } from './lib/types.ts';
import { staticSignIn } from './lib/static-sign-in.ts';
import { SignIn } from './screens/SignIn.tsx';

/** Each screen's code, loaded on demand; the one of the address opened is asked for at start-up. */
const screenCode = {
  list: () => import('./screens/CaseList.tsx'),
  register: () => import('./screens/RegisterCase.tsx'),
  case: () => import('./screens/CaseFile.tsx'),
  linkage: () => import('./screens/Linkage.tsx'),
  person: () => import('./screens/Person.tsx'),
} satisfies Partial<Record<Route['name'], () => Promise<unknown>>>;
const ChangePassword = lazy(() => import('./screens/ChangePassword.tsx'));
const CaseListScreen = lazy(screenCode.list);
const RegisterCaseScreen = lazy(screenCode.register);
const CaseFileScreen = lazy(screenCode.case);
const LinkageScreen = lazy(screenCode.linkage);
const PersonScreen = lazy(screenCode.person);
const ImportsScreen = lazy(() => import('./screens/Imports.tsx'));
const FollowUpScreen = lazy(() => import('./screens/FollowUp.tsx'));
const CarePlanScreen = lazy(() => import('./screens/CarePlan.tsx'));
const AuditScreen = lazy(() => import('./screens/Audit.tsx'));
const AccountsScreen = lazy(() => import('./screens/Accounts.tsx'));
const SecondFactor = lazy(() => import('./components/SecondFactor.tsx'));
const DataProtectionScreen = lazy(() => import('./screens/DataProtection.tsx'));
const StatisticsScreen = lazy(() => import('./screens/Statistics.tsx'));
const RegionalPlansScreen = lazy(() => import('./screens/RegionalPlans.tsx'));
const ImportProfilesScreen = lazy(() => import('./screens/ImportProfiles.tsx'));
const ApiClientsScreen = lazy(() => import('./screens/ApiClients.tsx'));
const HtcdsExportScreen = lazy(() => import('./screens/HtcdsExport.tsx'));

/**
 * The public statistics need no sign-in: that address is served without asking who is signed in;
 * every other address goes through the session.
 */
export function Root() {
  const pathname = usePathname();
  if (parseRoute(pathname).name !== 'publicStatistics') return <App />;
  return <PublicStatistics />;
}

/** Takes the page's data (lib/boot.ts) and hands its answers to the screens' first requests, if in the app's language. */
function seedFromBoot(): WebBoot | undefined {
  const boot = takeBoot();
  if (boot && boot.lang === currentLang()) for (const [path, value] of Object.entries(boot.reads)) seedPrefetched(path, value);
  return boot;
}

function PublicStatistics() {
  const { t } = useTranslation();
  // The dashboard's first answers came with the page: handed over before the screen asks for them.
  useState(seedFromBoot);
  return (
    <>
      <header className="topbar topbar-plain">
        <a className="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <span className="brand">Enlace</span>
        <div className="topbar-end">
          <LanguageSwitch />
          <a className="topbar-link" href="/">
            {t('signIn.submit')}
          </a>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ScreenCodeBoundary resetKey="publicStatistics">
          <Suspense fallback={<Loading />}>
            <StatisticsScreen audience="public" />
          </Suspense>
        </ScreenCodeBoundary>
      </main>
    </>
  );
}

type SessionState =
  | { status: 'loading' }
  | { status: 'offline' }
  | { status: 'signedOut'; notice?: string }
  | { status: 'signedIn'; session: SessionInfo; idleMinutes: number };

/** The web settings of a signed-in user (idle time, draft key), asked for alongside the session itself. */
async function webSettings(session: SessionInfo, pending?: Promise<WebClientSettings | undefined>): Promise<number> {
  const settings = await (pending ?? api<WebClientSettings>('GET', '/api/me/web').catch(() => undefined));
  if (settings) await setDraftKey(session.user.id, settings.draftKey).catch(() => undefined);
  return settings?.idleMinutes ?? 30;
}

export function App() {
  const { t } = useTranslation();
  const pathname = usePathname();
  // The page brought the sign-in form (no one signed in): it stays on screen, no "loading" between.
  const [state, setState] = useState<SessionState>(() => (staticSignIn() ? { status: 'signedOut' } : { status: 'loading' }));

  const signedOut = useCallback((notice?: string, reason: ForgetReason = 'left') => {
    forgetEverything(reason);
    setCsrfToken('');
    setState(notice ? { status: 'signedOut', notice } : { status: 'signedOut' });
  }, []);

  useEffect(() => {
    whenSignedOut(() => signedOut(t('session.expired'), 'ended'));
  }, [signedOut, t]);

  // Who is signed in, asked together with the web settings so a slow link pays one round trip.
  const start = useCallback(() => {
    // On a slow link, the screen's code and first data travel while the session is checked.
    const route = parseRoute(window.location.pathname);
    if (route.name in screenCode) void screenCode[route.name as keyof typeof screenCode]().catch(() => undefined);
    // The page itself may have brought the answers (lib/boot.ts): then no round trip before the screen.
    const boot = seedFromBoot();
    if (boot?.session === null) return setState({ status: 'signedOut' });
    if (boot?.session && boot.web) {
      const session = boot.session;
      setCsrfToken(session.csrfToken);
      void webSettings(session, Promise.resolve(boot.web)).then((idleMinutes) => setState({ status: 'signedIn', session, idleMinutes }));
      return;
    }
    prefetchScreenData(route, window.location.pathname);
    const settings = api<WebClientSettings>('GET', '/api/me/web').catch(() => undefined);
    api<SessionInfo>('GET', '/api/me').then(
      async (session) => {
        setCsrfToken(session.csrfToken);
        const idleMinutes = await webSettings(session, settings);
        setState({ status: 'signedIn', session, idleMinutes });
      },
      (error: unknown) => {
        // No connection (the app itself came from the service worker): wait for it, keep the drafts.
        if (error instanceof ApiError && error.status === 0) setState({ status: 'offline' });
        else setState(error instanceof ApiError && error.status !== 401 ? { status: 'signedOut', notice: error.title } : { status: 'signedOut' });
      },
    );
  }, []);
  useEffect(start, [start]);

  const online = useOnline();
  useEffect(() => {
    if (state.status !== 'offline') return;
    if (online) start();
    const retry = window.setInterval(start, 15_000);
    return () => window.clearInterval(retry);
  }, [state.status, online, start]);

  const signedIn = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    void webSettings(session).then((idleMinutes) => setState({ status: 'signedIn', session, idleMinutes }));
  }, []);

  const idle = useCallback(() => {
    // The request carries the CSRF token read now, before forgetting clears it.
    api('DELETE', '/api/session', { keepalive: true }).catch(() => undefined);
    signedOut(t('usability.idleSignedOut'), 'ended');
    navigate('/', { replace: true });
  }, [signedOut, t]);

  const context = useMemo<SessionContextValue | undefined>(
    () =>
      state.status === 'signedIn'
        ? {
            session: state.session,
            signOut: async () => {
              await api('DELETE', '/api/session').catch(() => undefined);
              signedOut();
              navigate('/', { replace: true });
            },
          }
        : undefined,
    [state, signedOut],
  );

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut' || state.status === 'offline') {
    return (
      <>
        <header className="topbar topbar-plain">
          <span className="brand">Enlace</span>
          <div className="topbar-end">
            <LanguageSwitch />
            <QuickExitButton />
          </div>
        </header>
        {state.status === 'offline' ? <Offline retry={start} /> : <SignIn onSignedIn={signedIn} notice={state.notice} />}
        <p className="public-statistics-link">
          <a href="/estadisticas">{t('nav.publicStatistics')}</a>
        </p>
      </>
    );
  }
  return (
    <SessionContext.Provider value={context}>
      <Header />
      <IdleSignOut minutes={state.idleMinutes} onIdle={idle} />
      <main id="main" tabIndex={-1}>
        {!online && (
          <p className="offline-banner" role="status">
            {t('usability.offlineBanner')}
          </p>
        )}
        <ScreenCodeBoundary resetKey={pathname}>
          <Suspense fallback={<Loading />}>
            {state.session.secondFactorPending ? (
              <SecondFactor mode="code" onDone={signedIn} onSignOut={() => void context?.signOut()} />
            ) : state.session.mustChangePassword ? (
              <ChangePassword onChanged={() => signedIn({ ...state.session, mustChangePassword: false })} />
            ) : state.session.mustEnrolSecondFactor ? (
              <SecondFactor mode="enrol" onDone={signedIn} onSignOut={() => void context?.signOut()} />
            ) : (
              <Screens roles={state.session.user.roles} />
            )}
          </Suspense>
        </ScreenCodeBoundary>
      </main>
    </SessionContext.Provider>
  );
}

function Screens({ roles }: { roles: readonly string[] }) {
  const pathname = usePathname();
  const route: Route = parseRoute(pathname);
  const first = useRef(true);
  useEffect(() => {
    // A new screen: move the focus to its start, as a page load would, so screen readers follow.
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus();
  }, [pathname]);
  switch (route.name) {
    case 'list':
      return pathname === '/' && isLinkageReviewer(roles) ? <LinkageScreen /> : <CaseListScreen />;
    case 'linkage':
      return <LinkageScreen />;
    case 'imports':
      return <ImportsScreen />;
    case 'followUp':
      return <FollowUpScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'accounts':
      return <AccountsScreen />;
    case 'protection':
      return <DataProtectionScreen />;
    case 'statistics':
      return <StatisticsScreen audience="restricted" />;
    case 'regionalPlans':
      return <RegionalPlansScreen />;
    case 'importProfiles':
      return <ImportProfilesScreen />;
    case 'apiClients':
      return <ApiClientsScreen />;
    case 'htcdsExport':
      return <HtcdsExportScreen />;
    case 'publicStatistics':
      return <StatisticsScreen audience="public" />;
    case 'person':
      return <PersonScreen key={route.id} id={route.id} />;
    case 'register':
      return <RegisterCaseScreen />;
    case 'case':
      return <CaseFileScreen key={route.id} id={route.id} />;
    case 'carePlan':
      return <CarePlanScreen key={route.id} caseFileId={route.id} />;
    case 'notFound':
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('notFound.title')} · Enlace`;
  }, [t]);
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/expedientes">{t('nav.caseFiles')}</a>
      </p>
    </section>
  );
}

/** Started without a connection: nothing can be shown yet, and nothing kept here is lost. */
function Offline({ retry }: { retry(): void }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('usability.offlineTitle')} · Enlace`;
  }, [t]);
  return (
    <main id="main" className="signin">
      <section className="card narrow">
        <h1>{t('usability.offlineTitle')}</h1>
        <p role="status">{t('usability.offlineText')}</p>
        <button type="button" className="primary" onClick={retry}>
          {t('usability.retry')}
        </button>
      </section>
    </main>
  );
}
