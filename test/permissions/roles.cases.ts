// How to call the role routes for the per-route permission test.
import type { RouteCase } from './world.ts';

let n = 0;
/** A role within the defaults' ceiling: a child-protection office that reads its unit's files. */
export const demuna = (code: string) => ({
  code,
  label: { es: 'DEMUNA (sintética)', en: 'Municipal child-protection office (synthetic)' },
  permissions: ['case.list', 'case.read', 'consent.record'],
  reach: 'unit',
  inReach: { G1: 'R', G2: 'R', G3: '-', G4: '-', G5: 'R', G6: '-' },
  shared: { G1: 'R', G2: 'R', G3: 'S', G4: '-', G5: 'R', G6: '-' },
});

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/roles', ok: 200, call: () => ({ url: '/api/roles' }) },
  {
    method: 'POST',
    url: '/api/roles',
    ok: 201,
    call: () => {
      n += 1;
      return { url: '/api/roles', body: demuna(`CASO_PRUEBA_${n}`) };
    },
  },
  // A role nobody defined: whoever may change roles gets 404 from the role.
  { method: 'PUT', url: '/api/roles/:code', ok: 404, call: () => ({ url: '/api/roles/NO_EXISTE', body: (({ code: _code, ...rest }) => rest)(demuna('NO_EXISTE')) }) },
];
