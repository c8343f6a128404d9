// The regional PDF report from the current snapshot, for the public route and for the CLI
// (`enlace report`): the same checks, the same releases, the same bytes.
import { readFileSync } from 'node:fs';
import type { Lang } from '../../domain/code-lists.ts';
import {
  answerView,
  departmentShapes,
  narrow,
  protectAgencyComparison,
  regionReport,
  sumAgencyComparisons,
  UNKNOWN,
  type DepartmentShapes,
} from '../../evidence/index.ts';
import { Problem } from '../errors.ts';
import type { Database } from '../db/database.ts';
import { regionPlans } from './region-plans.ts';
import { computedIndicator, type EvidenceService } from './service.ts';

let shapes: DepartmentShapes | undefined;

/** The department shapes (shipped in data/peru, MPL-2.0), read once. */
export function readDepartmentShapes(): DepartmentShapes {
  shapes ??= departmentShapes(JSON.parse(readFileSync(new URL('../../../data/peru/departamentos.geojson', import.meta.url), 'utf8')) as Parameters<typeof departmentShapes>[0]);
  return shapes;
}

export interface RegionReportRequest {
  region: string;
  indicator: string;
  /** First and last year of the period (default: the latest year with data, alone). */
  from?: string | undefined;
  to?: string | undefined;
  lang: Lang;
}

/** Es: el informe regional en PDF. En: the regional PDF report; bad input is a 400/404 Problem. */
export async function regionReportPdf(db: Database, service: EvidenceService, request: RegionReportRequest): Promise<{ pdf: Buffer; filename: string }> {
  const snapshot = await service.current();
  const indicator = computedIndicator(request.indicator);
  if (!indicator) throw new Problem(400, 'problem.unknownIndicator', { indicator: request.indicator });
  if (snapshot.years.length === 0) throw new Problem(404, 'problem.noStatistics');
  const to = request.to ?? (snapshot.years[snapshot.years.length - 1] as string);
  const from = request.from ?? to;
  for (const year of [from, to]) if (!snapshot.years.includes(year)) throw new Problem(400, 'problem.unknownYear', { year });
  if (from > to) throw new Problem(400, 'problem.periodReversed', { from, to });
  const region = request.region;
  if (!snapshot.facts.dimensions.detectionDept.values.some((v) => v.code === region && v.code !== UNKNOWN)) throw new Problem(400, 'problem.unknownValue', { value: region, dimension: 'region' });
  const releases = new Map(await Promise.all(snapshot.years.map(async (y) => [y, await service.release(snapshot, indicator, y, 'public')] as const)));
  // Beside the unique count, the agencies' separate counts and their overlap: each year of the
  // period protected as one table, its unique count the region's cell of that year's public release
  // (withheld with it), rounded as the release is; the period sums the years' published figures.
  // Computed once per snapshot, region and year (its cost grows with the small groups to protect:
  // tens of milliseconds with a handful of agencies, seconds with a dozen and many rare combinations).
  const agencies = sumAgencyComparisons(
    await Promise.all(
      snapshot.years
        .filter((y) => y >= from && y <= to)
        .map((y) =>
          service.answer(snapshot, `report-agencies|${indicator.id}|${region}|${y}`, () => {
            const release = releases.get(y);
            const regionCell = release ? answerView(release, 'detectionDept', { detectionDept: region }).figures[0] : undefined;
            return protectAgencyComparison(snapshot.facts, narrow(indicator.population ?? {}, { year: [y], detectionDept: [region] }), {
              totalPublished: regionCell !== undefined && regionCell.value !== null,
              rounding: release?.rounded === false ? false : {},
            });
          }),
        ),
    ),
  );
  // Its plans against its figures, and its investment beside its cases (public information).
  const { plans, investment } = await regionPlans(db, service, snapshot, region);
  const pdf = regionReport({ lang: request.lang, region, year: to, from, indicator, dimensions: snapshot.facts.dimensions, releases, shapes: readDepartmentShapes(), dataAsOf: snapshot.readAt, agencies, plans, investment });
  return { pdf, filename: `informe-${region}-${from === to ? to : `${from}-${to}`}.pdf` };
}
