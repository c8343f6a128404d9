// Regional plans and public investment over HTTP (issue 7, item 6). Registering is for regional
// analysts (their own region: the department of their unit) and national analysts (any region);
// reading is public, since plans and public investment are public information: each region's
// plan targets against its published figures, and its investment beside its cases.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvestmentProjectChange, InvestmentProjectInput, RegionalPlanChange, RegionalPlanInput, UNKNOWN } from '../../evidence/index.ts';
import { planView, projectView, regionPlans, type PlanRow, type ProjectRow } from '../evidence/region-plans.ts';
import { gridFile, investmentGrid, plansGrid } from '../evidence/tables.ts';
import type { Actor } from '../actor.ts';
import { actorOf, type RouteDeps } from '../app.ts';
import { DEPARTMENTS } from '../../domain/ubigeo.ts';
import { idempotencyRequest, runCommand } from '../commands/run.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem, versionConflict } from '../errors.ts';
import type { EvidenceService } from '../evidence/service.ts';
import { IdParams, WriteHeaders } from './params.ts';

const RegionParams = z.object({ region: z.string().regex(/^\d{2}$/, { error: 'invalid.ubigeo' }) });
/** A retried registration with the same Idempotency-Key registers nothing twice. */
const ManagedQuery = z.object({ department: z.string().regex(/^\d{2}$/, { error: 'invalid.ubigeo' }).optional() });

/** National analysts register for any region; everyone else for the department of her unit. */
function mayManage(actor: Actor, department: string): boolean {
  if (actor.roles.includes('ANALISTA_NACIONAL')) return true;
  return actor.unitUbigeo !== undefined && actor.unitUbigeo.slice(0, 2) === department;
}

/** The departments whose plans and projects she may register and change. */
function manageable(actor: Actor): string[] {
  return DEPARTMENTS.map((d) => d.code).filter((code) => mayManage(actor, code));
}

export async function planRoutes(base: FastifyInstance, { db, requireSession, audit }: RouteDeps, service: EvidenceService): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const manager = async (request: FastifyRequest, department: string): Promise<Actor> => {
    await requireSession(request);
    const actor = actorOf(request);
    if (!mayManage(actor, department)) throw new Problem(403, 'problem.outsideRegion');
    return actor;
  };
  const idempotency = (request: FastifyRequest) => idempotencyRequest(request.headers['idempotency-key'] as string | undefined, request.method, request.url, request.body);
  /** The stored row's department must be in reach too: a plan is not moved out of someone else's region. */
  const stored = async <T extends { department: string }>(table: 'regional_plans' | 'investment_projects', id: string): Promise<T> => {
    const [row] = await db.query<T>(`SELECT * FROM ${table} WHERE id = $1`, [id]);
    if (!row) throw notFound();
    return row;
  };

  app.get('/api/regional-plans', { schema: { summary: 'Planes regionales y proyectos de inversión de una región a su cargo / regional plans and investment projects of a region in her charge', tags: ['plans'], querystring: ManagedQuery }, config: { policy: 'plans.manage' } }, async (request) => {
    await requireSession(request);
    const actor = actorOf(request);
    const departments = manageable(actor);
    const own = actor.unitUbigeo?.slice(0, 2);
    const department = request.query.department ?? (own && departments.includes(own) ? own : departments[0]);
    if (department === undefined || !departments.includes(department)) throw new Problem(403, 'problem.outsideRegion');
    const plans = (await db.query<PlanRow>('SELECT * FROM regional_plans WHERE department = $1 ORDER BY period_from, created_at', [department])).map(planView);
    const projects = (await db.query<ProjectRow>('SELECT * FROM investment_projects WHERE department = $1 ORDER BY year, code', [department])).map(projectView);
    return { departments, department, plans, projects };
  });

  app.post('/api/regional-plans', { schema: { summary: 'Registrar un plan regional / register a regional plan', tags: ['plans'], body: RegionalPlanInput, headers: WriteHeaders }, config: { policy: 'plans.manage' } }, async (request, reply) => {
    const plan = request.body;
    const actor = await manager(request, plan.department);
    const { status, body } = await runCommand(db, actor, idempotency(request), async (tx) => {
      const [row] = await tx.query<PlanRow>(
        'INSERT INTO regional_plans (id, department, title, period_from, period_to, objectives, targets, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *',
        [randomUUID(), plan.department, plan.title, plan.periodFrom, plan.periodTo, JSON.stringify(plan.objectives), JSON.stringify(plan.targets), actor.userId],
      );
      return { status: 201, body: planView(row as PlanRow) };
    });
    await audit(request, { action: 'CREATE', entityType: 'regional_plan', entityId: body.id, groups: [], purpose: plan.department });
    return reply.status(status).header('Location', `/api/regional-plans/${body.id}`).send(body);
  });

  app.put('/api/regional-plans/:id', { schema: { summary: 'Modificar un plan regional / change a regional plan', tags: ['plans'], params: IdParams, body: RegionalPlanChange }, config: { policy: 'plans.manage' } }, async (request) => {
    const plan = request.body;
    const current = await stored<PlanRow>('regional_plans', request.params.id);
    await manager(request, current.department);
    await manager(request, plan.department);
    const [row] = await db.query<PlanRow>(
      `UPDATE regional_plans SET department = $2, title = $3, period_from = $4, period_to = $5, objectives = $6, targets = $7, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $8 RETURNING *`,
      [request.params.id, plan.department, plan.title, plan.periodFrom, plan.periodTo, JSON.stringify(plan.objectives), JSON.stringify(plan.targets), plan.version],
    );
    if (!row) throw versionConflict(current.version);
    await audit(request, { action: 'UPDATE', entityType: 'regional_plan', entityId: row.id, groups: [], purpose: plan.department });
    return planView(row);
  });

  const saveProject = async (q: Queryable, project: InvestmentProjectInput, actor: Actor, existing?: { id: string; version: number }) => {
    try {
      const values = [project.code, project.department, project.municipality, project.name, project.purpose, project.year, project.budget, project.executed, project.status];
      const [row] = existing
        ? await q.query<ProjectRow>(
            `UPDATE investment_projects SET code = $1, department = $2, municipality = $3, name = $4, purpose = $5, year = $6, budget = $7, executed = $8, status = $9, version = version + 1, updated_at = now()
              WHERE id = $10 AND version = $11 RETURNING *`,
            [...values, existing.id, existing.version],
          )
        : await q.query<ProjectRow>(
            'INSERT INTO investment_projects (code, department, municipality, name, purpose, year, budget, executed, status, id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *',
            [...values, randomUUID(), actor.userId],
          );
      return row;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new Problem(409, 'problem.duplicateProjectCode', { code: project.code });
      throw error;
    }
  };

  app.post('/api/investment-projects', { schema: { summary: 'Registrar un proyecto de inversión / register an investment project', tags: ['plans'], body: InvestmentProjectInput, headers: WriteHeaders }, config: { policy: 'plans.manage' } }, async (request, reply) => {
    const actor = await manager(request, request.body.department);
    const { status, body } = await runCommand(db, actor, idempotency(request), async (tx) => ({ status: 201, body: projectView((await saveProject(tx, request.body, actor)) as ProjectRow) }));
    await audit(request, { action: 'CREATE', entityType: 'investment_project', entityId: body.id, groups: [], purpose: body.code });
    return reply.status(status).header('Location', `/api/investment-projects/${body.id}`).send(body);
  });

  app.put('/api/investment-projects/:id', { schema: { summary: 'Modificar un proyecto de inversión / change an investment project', tags: ['plans'], params: IdParams, body: InvestmentProjectChange }, config: { policy: 'plans.manage' } }, async (request) => {
    const current = await stored<ProjectRow>('investment_projects', request.params.id);
    await manager(request, current.department);
    const actor = await manager(request, request.body.department);
    const row = await saveProject(db, request.body, actor, { id: current.id, version: request.body.version });
    if (!row) throw versionConflict(current.version);
    await audit(request, { action: 'UPDATE', entityType: 'investment_project', entityId: row.id, groups: [], purpose: row.code });
    return projectView(row);
  });

  app.get('/api/public/regions/:region/plans', { schema: { summary: 'Plan regional frente a las cifras, e inversión junto a los casos / regional plan against the figures, and investment beside the cases', tags: ['plans'], security: [], params: RegionParams }, config: { policy: 'public' } }, async (request) => {
    const region = request.params.region;
    const snapshot = await service.current();
    if (!snapshot.facts.dimensions.detectionDept.values.some((v) => v.code === region && v.code !== UNKNOWN)) throw new Problem(400, 'problem.unknownValue', { value: region, dimension: 'region' });
    const { plans, projects, investment } = await regionPlans(db, service, snapshot, region);
    return {
      region,
      plans,
      projects,
      investment,
      dataAsOf: snapshot.readAt,
    };
  });

  // The plan's targets against the figures, and the investment beside the cases, as CSV or XLSX.
  for (const [name, grid] of [
    ['plans', plansGrid],
    ['investment', investmentGrid],
  ] as const) {
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/api/public/regions/:region/${name}.${format}`, { schema: { summary: `${name === 'plans' ? 'Plan regional frente a las cifras / regional plan against the figures' : 'Inversión junto a los casos / investment beside the cases'} (${format.toUpperCase()})`, tags: ['plans'], security: [], params: RegionParams }, config: { policy: 'public' } }, async (request, reply) => {
        const region = request.params.region;
        const snapshot = await service.current();
        if (!snapshot.facts.dimensions.detectionDept.values.some((v) => v.code === region && v.code !== UNKNOWN)) throw new Problem(400, 'problem.unknownValue', { value: region, dimension: 'region' });
        const { type, body } = gridFile(grid(await regionPlans(db, service, snapshot, region), region, request.lang, snapshot.readAt), format);
        return reply.type(type).header('Content-Disposition', `attachment; filename="${name === 'plans' ? 'plan' : 'inversion'}-${region}.${format}"`).send(body);
      });
    }
  }
}
