// The shell: finds out who is signed in, then shows sign-in, the forced password change, or the
// screens. Screens are loaded on demand to keep the first download small.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from './components/Header.tsx';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { Loading } from './components/Loading.tsx';
import { QuickExitButton } from './components/QuickExit.tsx';
import { api, ApiError, setCsrfToken, whenSignedOut } from './lib/api.ts';
import { forgetEverything } from './lib/forget.ts';
import { navigate, parseRoute, usePathname, type Route } from './lib/router.tsx';
import { SessionContext, type SessionContextValue } from './lib/session.tsx';
import type { SessionInfo } from './lib/types.ts';
import { SignIn } from './screens/SignIn.tsx';

const ChangePassword = lazy(() => import('./screens/ChangePassword.tsx'));
const CaseListScreen = lazy(() => import('./screens/CaseList.tsx'));
const RegisterCaseScreen = lazy(() => import('./screens/RegisterCase.tsx'));
const CaseFileScreen = lazy(() => import('./screens/CaseFile.tsx'));
const LinkageScreen = lazy(() => import('./screens/Linkage.tsx'));
const PersonScreen = lazy(() => import('./screens/Person.tsx'));
const ImportsScreen = lazy(() => import('./screens/Imports.tsx'));

type SessionState = { status: 'loading' } | { status: 'signedOut'; notice?: string } | { status: 'signedIn'; session: SessionInfo };

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const signedOut = useCallback((notice?: string) => {
    forgetEverything();
    setCsrfToken('');
    setState(notice ? { status: 'signedOut', notice } : { status: 'signedOut' });
  }, []);

  useEffect(() => {
    whenSignedOut(() => signedOut(t('session.expired')));
  }, [signedOut, t]);

  useEffect(() => {
    api<SessionInfo>('GET', '/api/me').then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setState({ status: 'signedIn', session });
      },
      (error: unknown) => setState(error instanceof ApiError && error.status !== 401 ? { status: 'signedOut', notice: error.title } : { status: 'signedOut' }),
    );
  }, []);

  const signedIn = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signedIn', session });
  }, []);

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
  if (state.status === 'signedOut') {
    return (
      <>
        <header className="topbar topbar-plain">
          <span className="brand">Enlace</span>
          <div className="topbar-end">
            <LanguageSwitch />
            <QuickExitButton />
          </div>
        </header>
        <SignIn onSignedIn={signedIn} notice={state.notice} />
      </>
    );
  }
  return (
    <SessionContext.Provider value={context}>
      <Header />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          {state.session.mustChangePassword ? (
            <ChangePassword onChanged={() => signedIn({ ...state.session, mustChangePassword: false })} />
          ) : (
            <Screens roles={state.session.user.roles} />
          )}
        </Suspense>
      </main>
    </SessionContext.Provider>
  );
}

/** Where each role lands: a linkage reviewer on the review queue, a case worker on her case files. */
function isLinkageReviewer(roles: readonly string[]): boolean {
  return roles.includes('VINCULADOR') && !roles.some((r) => r !== 'VINCULADOR' && r !== 'SUPERVISOR');
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
    case 'person':
      return <PersonScreen key={route.id} id={route.id} />;
    case 'register':
      return <RegisterCaseScreen />;
    case 'case':
      return <CaseFileScreen key={route.id} id={route.id} />;
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
