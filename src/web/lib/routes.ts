// The app's addresses and what each one shows. No React here: the server reads it too, to send a
// screen's first data with the page (src/server/web-document.ts).
export type Route =
  | { name: 'list' }
  | { name: 'register' }
  | { name: 'case'; id: string }
  | { name: 'carePlan'; id: string }
  | { name: 'linkage' }
  | { name: 'imports' }
  | { name: 'followUp' }
  | { name: 'audit' }
  | { name: 'accounts' }
  | { name: 'protection' }
  | { name: 'person'; id: string }
  | { name: 'publicStatistics' }
  | { name: 'statistics' }
  | { name: 'regionalPlans' }
  | { name: 'importProfiles' }
  | { name: 'apiClients' }
  | { name: 'htcdsExport' }
  | { name: 'notFound' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/expedientes') return { name: 'list' };
  if (path === '/expedientes/nuevo') return { name: 'register' };
  if (path === '/vinculacion') return { name: 'linkage' };
  if (path === '/importaciones') return { name: 'imports' };
  if (path === '/seguimiento') return { name: 'followUp' };
  if (path === '/auditoria') return { name: 'audit' };
  if (path === '/cuentas') return { name: 'accounts' };
  if (path === '/proteccion-datos') return { name: 'protection' };
  if (path === '/estadisticas') return { name: 'publicStatistics' };
  if (path === '/estadisticas/interno') return { name: 'statistics' };
  if (path === '/estadisticas/planes') return { name: 'regionalPlans' };
  if (path === '/importaciones/perfiles') return { name: 'importProfiles' };
  if (path === '/cuentas/sistemas') return { name: 'apiClients' };
  if (path === '/exportar/htcds') return { name: 'htcdsExport' };
  const person = /^\/personas\/([^/]+)$/.exec(path);
  if (person?.[1] && UUID.test(person[1])) return { name: 'person', id: person[1] };
  const plan = /^\/expedientes\/([^/]+)\/plan$/.exec(path);
  if (plan?.[1] && UUID.test(plan[1])) return { name: 'carePlan', id: plan[1] };
  const match = /^\/expedientes\/([^/]+)$/.exec(path);
  if (match?.[1] && UUID.test(match[1])) return { name: 'case', id: match[1] };
  return { name: 'notFound' };
}

