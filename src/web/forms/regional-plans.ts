// What the regional plan and investment project forms hold (strings, as typed) and the requests
// they send. The shared schemas (src/evidence/plans.ts) judge the requests as the form is filled in.
import { text, wholeNumber, withoutUndefined } from './values.ts';

export interface TargetRow {
  indicator: string;
  year: string;
  target: string;
}

export interface RegionalPlanForm {
  title: string;
  periodFrom: string;
  periodTo: string;
  objectives: string[];
  targets: TargetRow[];
}

export interface RegionalPlanRecord {
  id: string;
  department: string;
  title: string;
  periodFrom: number;
  periodTo: number;
  objectives: { text: string }[];
  targets: { indicator: string; year: number; target: number }[];
  version: number;
}

export const emptyTarget = (indicator = '', year = ''): TargetRow => ({ indicator, year, target: '' });
export const emptyRegionalPlanForm = (): RegionalPlanForm => ({ title: '', periodFrom: '', periodTo: '', objectives: [''], targets: [emptyTarget()] });

/** A plan as the server holds it, back into the form. */
export function regionalPlanFormOf(plan: RegionalPlanRecord): RegionalPlanForm {
  return {
    title: plan.title,
    periodFrom: String(plan.periodFrom),
    periodTo: String(plan.periodTo),
    objectives: plan.objectives.map((o) => o.text),
    targets: plan.targets.map((t) => ({ indicator: t.indicator, year: String(t.year), target: String(t.target) })),
  };
}

const orUndefined = (value: string) => (value === '' ? undefined : value);

/** The plan request for a department: every row as typed (an empty one is refused, in its place). */
export function regionalPlanInputOf(f: RegionalPlanForm, department: string): Record<string, unknown> {
  return withoutUndefined({
    department,
    title: f.title.trim(),
    periodFrom: wholeNumber(f.periodFrom),
    periodTo: wholeNumber(f.periodTo),
    objectives: f.objectives.map((o) => ({ text: o.trim() })),
    targets: f.targets.map((t) => withoutUndefined({ indicator: orUndefined(t.indicator), year: wholeNumber(t.year), target: wholeNumber(t.target) })),
  });
}

export interface ProjectForm {
  code: string;
  municipality: string;
  name: string;
  purpose: string;
  year: string;
  budget: string;
  executed: string;
  status: string;
}

export interface ProjectRecord {
  id: string;
  code: string;
  department: string;
  municipality: string;
  name: string;
  purpose: string;
  year: number;
  budget: number;
  executed: number;
  status: string;
  version: number;
}

export const emptyProjectForm = (): ProjectForm => ({ code: '', municipality: '', name: '', purpose: '', year: '', budget: '', executed: '0', status: 'PROGRAMADO' });

export function projectFormOf(p: ProjectRecord): ProjectForm {
  return { code: p.code, municipality: p.municipality, name: p.name, purpose: p.purpose, year: String(p.year), budget: String(p.budget), executed: String(p.executed), status: p.status };
}

/**
 * Soles as typed: digits with spaces or thousands separators, and céntimos after a point or a
 * comma ("1 250 000", "1,250,000.50", "1.250.000,50", "300000.5"). NaN (refused by the schema)
 * for anything else.
 */
export function soles(value: string): number | undefined {
  const compact = value.replace(/[\s\u00a0]/g, '').replace(/^S\/\.?/i, '');
  if (compact === '') return undefined;
  const decimal = /^(\d{1,3}(?:([.,])\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(compact);
  if (!decimal) return Number.NaN;
  const [, whole = '', thousands, point, cents] = decimal;
  if (thousands && point === thousands) return Number.NaN;
  return Number(`${whole.replace(/[.,]/g, '')}${cents ? `.${cents}` : ''}`);
}

export function projectInputOf(f: ProjectForm, department: string): Record<string, unknown> {
  return withoutUndefined({
    code: text(f.code),
    department,
    municipality: orUndefined(f.municipality),
    name: f.name.trim(),
    purpose: orUndefined(f.purpose),
    year: wholeNumber(f.year),
    budget: soles(f.budget),
    executed: soles(f.executed),
    status: orUndefined(f.status),
  });
}
