// Regional plans against trafficking and public investment (issue 7, item 6): what a plan and a
// project hold, and a region's plan set against what its figures say. Pure.
import { z } from 'zod';
import { DEPARTMENTS } from '../domain/ubigeo.ts';
import { COMPUTED_INDICATORS } from './indicators.ts';

const year = z.number({ error: 'invalid.value' }).int({ error: 'invalid.value' }).min(2000, { error: 'invalid.value' }).max(2100, { error: 'invalid.value' });
const department = z.string().refine((d) => DEPARTMENTS.some((x) => x.code === d), { error: 'invalid.ubigeo' });
const text = (max: number) => z.string().trim().min(1, { error: 'invalid.required' }).max(max, { error: `invalid.tooLong:${max}` });

const planFields = z
  .object({
    department,
    title: text(200),
    periodFrom: year,
    periodTo: year,
    objectives: z.array(z.object({ text: text(500) }).strict()).max(30),
    targets: z
      .array(
        z
          .object({
            indicator: z.string().refine((id) => COMPUTED_INDICATORS.some((i) => i.id === id), { error: 'invalid.value' }),
            year,
            /** Persons: at least this many (victims identified), or at most (cases discarded) — the indicator says which way is better. */
            target: z.number({ error: 'invalid.value' }).int({ error: 'invalid.value' }).min(0, { error: 'invalid.value' }),
          })
          .strict(),
      )
      .max(200),
  })
  .strict();
const planChecks = <T extends z.ZodType<z.infer<typeof planFields>>>(schema: T) =>
  schema
    .refine((p) => p.periodTo >= p.periodFrom, { error: 'invalid.period', path: ['periodTo'] })
    .refine((p) => p.targets.every((t) => t.year >= p.periodFrom && t.year <= p.periodTo), { error: 'invalid.targetOutsidePeriod', path: ['targets'] });
export const RegionalPlanInput = planChecks(planFields);
export type RegionalPlanInput = z.infer<typeof RegionalPlanInput>;
/** A change: the plan as it should be, and the version it changes. */
export const RegionalPlanChange = planChecks(planFields.extend({ version: z.number().int().min(1) }));

export const INVESTMENT_PURPOSES = ['PREVENCION', 'ATENCION', 'REINTEGRACION'] as const;
export const INVESTMENT_STATUSES = ['PROGRAMADO', 'EN_EJECUCION', 'CONCLUIDO', 'PARALIZADO'] as const;

const money = z.number({ error: 'invalid.value' }).min(0, { error: 'invalid.value' }).max(1e12, { error: 'invalid.value' }).refine((n) => Math.round(n * 100) === n * 100, { error: 'invalid.value' });

const projectFields = z
  .object({
    /** The project's code in the public investment system (CUI). */
    code: z.string().trim().regex(/^[A-Za-z0-9-]{1,40}$/, { error: 'invalid.value' }),
    department,
    /** Ubigeo of the provincial (4 digits) or district (6) municipality, in the department. */
    municipality: z.string().regex(/^\d{4}(\d{2})?$/, { error: 'invalid.ubigeo' }),
    name: text(300),
    purpose: z.enum(INVESTMENT_PURPOSES, { error: 'invalid.value' }),
    year,
    budget: money,
    executed: money,
    status: z.enum(INVESTMENT_STATUSES, { error: 'invalid.value' }),
  })
  .strict();
const projectChecks = <T extends z.ZodType<z.infer<typeof projectFields>>>(schema: T) =>
  schema.refine((p) => p.municipality.startsWith(p.department), { error: 'invalid.municipalityOutsideDepartment', path: ['municipality'] });
export const InvestmentProjectInput = projectChecks(projectFields);
export type InvestmentProjectInput = z.infer<typeof InvestmentProjectInput>;
/** A change: the project as it should be, and the version it changes. */
export const InvestmentProjectChange = projectChecks(projectFields.extend({ version: z.number().int().min(1) }));

export interface TargetProgress {
  indicator: string;
  year: number;
  target: number;
  /** The public figure of the region for that year; null when protected or not yet known. */
  actual: number | null;
  /** Whether the figure reached the target; null when it cannot be told. */
  met: boolean | null;
}

/** Indicators for which fewer is better (a target is a ceiling). */
const CEILINGS = new Set(['cases-discarded']);

/**
 * Es: cada meta del plan frente a la cifra pública de la región.
 * En: each target of the plan against the region's public figure.
 */
export function planProgress(targets: readonly { indicator: string; year: number; target: number }[], actual: (indicator: string, year: number) => number | null | undefined): TargetProgress[] {
  return targets.map((t) => {
    const value = actual(t.indicator, t.year) ?? null;
    return { ...t, actual: value, met: value === null ? null : CEILINGS.has(t.indicator) ? value <= t.target : value >= t.target };
  });
}

export interface InvestmentSummary {
  year: number;
  purpose: (typeof INVESTMENT_PURPOSES)[number];
  projects: number;
  budget: number;
  executed: number;
}

/** Es: inversión por año y finalidad. En: investment per year and purpose. */
export function investmentByYear(projects: readonly Pick<InvestmentProjectInput, 'year' | 'purpose' | 'budget' | 'executed'>[]): InvestmentSummary[] {
  const sums = new Map<string, InvestmentSummary>();
  for (const p of projects) {
    const key = `${p.year}|${p.purpose}`;
    const s = sums.get(key) ?? { year: p.year, purpose: p.purpose, projects: 0, budget: 0, executed: 0 };
    s.projects++;
    s.budget = Math.round((s.budget + p.budget) * 100) / 100;
    s.executed = Math.round((s.executed + p.executed) * 100) / 100;
    sums.set(key, s);
  }
  return [...sums.values()].sort((a, b) => a.year - b.year || INVESTMENT_PURPOSES.indexOf(a.purpose) - INVESTMENT_PURPOSES.indexOf(b.purpose));
}
