// How to call the regional plan and investment routes for the per-route permission test. Writes
// are made in the caller's own department (her unit is in Lima, 15); a change first stores the
// row it changes, directly in the database (the users table gives it an author).
import { randomUUID } from 'node:crypto';
import type { World, RouteCase } from './world.ts';

let serial = 0;
const plan = { department: '15', title: 'Plan regional contra la trata (sintético)', periodFrom: 2025, periodTo: 2027, objectives: [{ text: 'Prevenir la captación en colegios' }], targets: [{ indicator: 'victims-identified', year: 2025, target: 40 }] };
const project = () => ({ code: `CUI-PERM-${++serial}`, department: '15', municipality: '150101', name: 'Casa de acogida municipal (sintética)', purpose: 'ATENCION', year: 2025, budget: 1000, executed: 250.5, status: 'EN_EJECUCION' });

async function author(world: World): Promise<string> {
  const [user] = await world.t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'policia'");
  return user?.id ?? '';
}

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/regional-plans', ok: 200, call: () => ({ url: '/api/regional-plans?department=15' }) },
  { method: 'POST', url: '/api/regional-plans', ok: 201, call: () => ({ url: '/api/regional-plans', body: plan }) },
  {
    method: 'PUT',
    url: '/api/regional-plans/:id',
    ok: 200,
    call: async (world) => {
      const id = randomUUID();
      await world.t.db.query("INSERT INTO regional_plans (id, department, title, period_from, period_to, created_by) VALUES ($1, '15', 'Plan', 2025, 2027, $2)", [id, await author(world)]);
      return { url: `/api/regional-plans/${id}`, body: { ...plan, version: 1 } };
    },
  },
  { method: 'POST', url: '/api/investment-projects', ok: 201, call: () => ({ url: '/api/investment-projects', body: project() }) },
  {
    method: 'PUT',
    url: '/api/investment-projects/:id',
    ok: 200,
    call: async (world) => {
      const id = randomUUID();
      const p = project();
      await world.t.db.query(
        "INSERT INTO investment_projects (id, code, department, municipality, name, purpose, year, budget, executed, status, created_by) VALUES ($1, $2, '15', '150101', 'Proyecto', 'PREVENCION', 2025, 10, 0, 'PROGRAMADO', $3)",
        [id, p.code, await author(world)],
      );
      return { url: `/api/investment-projects/${id}`, body: { ...p, version: 1 } };
    },
  },
  { method: 'GET', url: '/api/public/regions/:region/plans', ok: 200, call: () => ({ url: '/api/public/regions/15/plans' }) },
  ...['plans.csv', 'plans.xlsx', 'investment.csv', 'investment.xlsx'].map((file) => ({ method: 'GET', url: `/api/public/regions/:region/${file}`, ok: 200, call: () => ({ url: `/api/public/regions/15/${file}` }) })),
];
