import { useTranslation } from 'react-i18next';
import { useOutbox } from '../forms/outbox.ts';
import { Link, paths, usePathname } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { OutboxStatus } from './OutboxStatus.tsx';
import { QuickExitButton } from './QuickExit.tsx';

export function Header() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const pathname = usePathname();
  // A linkage reviewer handles no case files of her own: she sees only the review queue.
  const reviewerOnly = session.user.roles.includes('VINCULADOR') && !session.user.roles.some((r) => r !== 'VINCULADOR' && r !== 'SUPERVISOR');
  // Signing out deletes what waits to be sent from this computer: she is asked first (a quick exit is not).
  const unsent = useOutbox().entries.length;
  const askedSignOut = () => {
    if (unsent > 0 && !window.confirm(t('outbox.signOutConfirm', { count: unsent }))) return;
    void signOut();
  };
  const current = (path: string) => (pathname === path || (path === paths.list && pathname === '/') ? 'page' : undefined);
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <span className="brand">Enlace</span>
      {!session.mustChangePassword && !session.secondFactorPending && !session.mustEnrolSecondFactor && (
        <nav aria-label={t('nav.label')}>
          {!reviewerOnly && (
            <>
              <Link to={paths.list} aria-current={current(paths.list)}>
                {t('nav.caseFiles')}
              </Link>
              <Link to={paths.register} aria-current={current(paths.register)}>
                {t('nav.register')}
              </Link>
            </>
          )}
          {!reviewerOnly && session.permissions?.includes('case.list') && (
            <Link to={paths.followUp} aria-current={current(paths.followUp)}>
              {t('nav.followUp')}
            </Link>
          )}
          {session.permissions?.includes('import') && (
            <Link to={paths.imports} aria-current={current(paths.imports)}>
              {t('nav.imports')}
            </Link>
          )}
          {session.permissions?.includes('import.profiles') && (
            <Link to={paths.importProfiles} aria-current={current(paths.importProfiles)}>
              {t('nav.profiles')}
            </Link>
          )}
          {!reviewerOnly && session.permissions?.includes('case.read') && (
            <Link to={paths.htcdsExport} aria-current={current(paths.htcdsExport)}>
              {t('nav.htcds')}
            </Link>
          )}
          {session.permissions?.includes('statistics.read') && (
            <Link to={paths.statistics} aria-current={current(paths.statistics)}>
              {t('nav.statistics')}
            </Link>
          )}
          {session.permissions?.includes('plans.manage') && (
            <Link to={paths.regionalPlans} aria-current={current(paths.regionalPlans)}>
              {t('nav.regionalPlans')}
            </Link>
          )}
          {(session.permissions?.includes('arco') || session.permissions?.includes('breakGlass')) && (
            <Link to={paths.protection} aria-current={current(paths.protection)}>
              {t('nav.protection')}
            </Link>
          )}
          {session.permissions?.includes('audit.read') && (
            <Link to={paths.audit} aria-current={current(paths.audit)}>
              {t('nav.audit')}
            </Link>
          )}
          {session.permissions?.includes('admin.users') && (
            <Link to={paths.accounts} aria-current={current(paths.accounts)}>
              {t('nav.accounts')}
            </Link>
          )}
          {session.permissions?.includes('admin.users') && (
            <Link to={paths.apiClients} aria-current={current(paths.apiClients)}>
              {t('nav.apiClients')}
            </Link>
          )}
          {session.user.roles.includes('VINCULADOR') && (
            <Link to={paths.linkage} aria-current={current(paths.linkage)}>
              {t('nav.linkage')}
            </Link>
          )}
        </nav>
      )}
      <div className="topbar-end">
        <OutboxStatus />
        <span className="who">
          <span className="visually-hidden">{t('session.signedInAs')} </span>
          {session.user.displayName}
        </span>
        <LanguageSwitch />
        <button type="button" className="secondary" onClick={askedSignOut}>
          {t('session.signOut')}
        </button>
        <QuickExitButton />
      </div>
    </header>
  );
}
