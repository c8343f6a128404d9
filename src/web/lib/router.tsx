// A small history router. Paths carry record ids only, never names or search text: what is typed
// into a search box stays in memory, not in the address bar or the browser history.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export { parseRoute, type Route } from './routes.ts';

export const paths = {
  list: '/expedientes',
  register: '/expedientes/nuevo',
  caseFile: (id: string) => `/expedientes/${id}`,
  carePlan: (id: string) => `/expedientes/${id}/plan`,
  linkage: '/vinculacion',
  imports: '/importaciones',
  followUp: '/seguimiento',
  audit: '/auditoria',
  accounts: '/cuentas',
  protection: '/proteccion-datos',
  person: (id: string) => `/personas/${id}`,
  publicStatistics: '/estadisticas',
  statistics: '/estadisticas/interno',
  regionalPlans: '/estadisticas/planes',
  importProfiles: '/importaciones/perfiles',
  apiClients: '/cuentas/sistemas',
  htcdsExport: '/exportar/htcds',
};

const listeners = new Set<() => void>();
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

/** An ordinary link (opens in a new tab with Ctrl or middle click) that navigates in place otherwise. */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
