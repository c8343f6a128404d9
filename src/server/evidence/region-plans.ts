// A region's regional plans set against its published figures, and its public investment beside its
// cases: for the public route (/api/public/regions/:region/plans) and the regional PDF report.
import { answerView, investmentByYear, planProgress, type InvestmentProjectInput, type InvestmentSummary, type TargetProgress } from '../../evidence/index.ts';
import type { Database } from '../db/database.ts';
import { computedIndicator, type EvidenceService, type Snapshot } from './service.ts';

export interface PlanRow {
  id: string;
  department: string;
  title: string;
  period_from: number;
  period_to: number;
  objectives: { text: string }[];
  targets: { indicator: string; year: number; target: number }[];
  version: number;
  updated_at: string;
}

export interface ProjectRow {
  id: string;
  code: string;
  department: string;
  municipality: string;
  name: string;
  purpose: InvestmentProjectInput['purpose'];
  year: number;
  budget: string;
  executed: string;
  status: InvestmentProjectInput['status'];
  version: number;
}

export const planView = (r: PlanRow) => ({ id: r.id, department: r.department, title: r.title, periodFrom: r.period_from, periodTo: r.period_to, objectives: r.objectives, targets: r.targets, version: r.version });
// Field by field: the row also holds who registered it, which the public view does not show.
export const projectView = (r: ProjectRow) => ({ id: r.id, code: r.code, department: r.department, municipality: r.municipality, name: r.name, purpose: r.purpose, year: r.year, budget: Number(r.budget), executed: Number(r.executed), status: r.status, version: r.version });

export interface RegionPlans {
  plans: (ReturnType<typeof planView> & { progress: TargetProgress[] })[];
  projects: ReturnType<typeof projectView>[];
  /** Investment per year and purpose, beside the victims identified in the region that year (its public figure). */
  investment: (InvestmentSummary & { victimsIdentified: number | null })[];
}

/** Es: planes de la región frente a sus cifras públicas, e inversión junto a sus casos. En: the region's plans against its public figures, and investment beside its cases. */
export async function regionPlans(db: Database, service: EvidenceService, snapshot: Snapshot, region: string): Promise<RegionPlans> {
  const plans = (await db.query<PlanRow>('SELECT * FROM regional_plans WHERE department = $1 ORDER BY period_from, created_at', [region])).map(planView);
  const projects = (await db.query<ProjectRow>('SELECT * FROM investment_projects WHERE department = $1 ORDER BY year, code', [region])).map(projectView);
  // The region's published figure of an indicator in a year: its cell of that year's public release.
  const figure = async (indicatorId: string, year: string): Promise<number | null | undefined> => {
    const indicator = computedIndicator(indicatorId);
    if (!indicator || !snapshot.years.includes(year)) return undefined;
    const release = await service.release(snapshot, indicator, year, 'public');
    return answerView(release, 'detectionDept').figures.find((f) => f.coords.detectionDept === region && Object.keys(f.coords).length === 1)?.value;
  };
  const needed = new Map<string, number | null | undefined>();
  for (const p of plans) for (const t of p.targets) needed.set(`${t.indicator}|${t.year}`, undefined);
  const investmentYears = [...new Set(projects.map((p) => String(p.year)))];
  for (const y of investmentYears) needed.set(`victims-identified|${y}`, undefined);
  for (const key of needed.keys()) {
    const [indicator, year] = key.split('|') as [string, string];
    needed.set(key, await figure(indicator, year));
  }
  return {
    plans: plans.map((p) => ({ ...p, progress: planProgress(p.targets, (indicator, year) => needed.get(`${indicator}|${year}`)) })),
    projects,
    investment: investmentByYear(projects).map((s) => ({ ...s, victimsIdentified: needed.get(`victims-identified|${s.year}`) ?? null })),
  };
}
