// A public or restricted table as the reader gets it — labels in her language, the disclosure note —
// and as CSV or XLSX, for the statistics routes and for `enlace report --table`.
import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../../domain/code-lists.ts';
import { answerView, publicView, type Indicator, type PersonFacts, type ViewAnswer } from '../../evidence/index.ts';
import { neutraliseFormula } from '../../importers/index.ts';
import { tableXlsx } from '../exports/xlsx.ts';
import { Problem } from '../errors.ts';
import { computedIndicator, type Audience, type EvidenceService, type Snapshot } from './service.ts';

/** Marks every suppressed figure the same way (never saying whether primary or secondary). */
export const SUPPRESSED_MARK = 'x';

/** A table answer with the labels of its values in the reader's language. */
export function present(answer: ViewAnswer, facts: PersonFacts, lang: Lang, snapshot: Snapshot, indicator: Indicator, year: string, audience: Audience) {
  return {
    indicator: { id: indicator.id, ref: indicator.ref, name: indicator.name[lang], definition: indicator.definition[lang] },
    year,
    view: answer.view,
    audience,
    dimensions: answer.dimensions.map((d) => ({ name: d, label: facts.dimensions[d][lang], values: facts.dimensions[d].values.map((v) => ({ code: v.code, label: v[lang] })) })),
    figures: answer.figures,
    disclosure: { note: answer.summary.note[lang], rules: answer.summary.rulesApplied, suppressedMark: SUPPRESSED_MARK },
    dataAsOf: snapshot.readAt,
  };
}

export type TableAnswer = ReturnType<typeof present>;

/** A table as rows: the headers, then one row per figure (labels, then the count or the suppressed mark). */
export function tableRows(answer: TableAnswer): (string | number)[][] {
  const header = [...answer.dimensions.map((d) => d.label), answer.indicator.name];
  const label = (d: (typeof answer.dimensions)[number], code: string | undefined) => (code === undefined ? 'Total' : (d.values.find((v) => v.code === code)?.label ?? code));
  return [header, ...answer.figures.map((f) => [...answer.dimensions.map((d) => label(d, f.coords[d.name])), f.value === null ? SUPPRESSED_MARK : f.value])];
}

/** Es: el cuadro en CSV, con la nota de confidencialidad. En: the table as CSV, with the disclosure note. */
export function tableCsv(answer: TableAnswer): string {
  const csv = stringify(tableRows(answer).map((l) => l.map((v) => neutraliseFormula(String(v)))));
  return `${csv}# ${answer.disclosure.note.replace(/\n/g, ' ')}\n# ${answer.dataAsOf}\n`;
}

/** Es: el cuadro en XLSX. En: the table as XLSX. */
export function tableWorkbook(answer: TableAnswer): Buffer {
  return tableXlsx(`${answer.indicator.id} ${answer.year}`, [...tableRows(answer), [], [answer.disclosure.note], [answer.dataAsOf]]);
}

export const tableFileName = (answer: TableAnswer, extension: string) => `${answer.indicator.id}-${answer.year}-${answer.view}${answer.audience === 'public' ? '' : '-restringido'}.${extension}`;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PublicTableRequest {
  indicator: string;
  view: string;
  /** Default: the latest year with data. */
  year?: string | undefined;
  lang: Lang;
}

/**
 * Es: un cuadro público completo (todas las dimensiones de la vista), como lo sirve la ruta pública.
 * En: a whole public table (every dimension of the view), as the public route serves it; bad input is a 400/404 Problem.
 */
export async function publicTable(service: EvidenceService, request: PublicTableRequest): Promise<TableAnswer> {
  const snapshot = await service.current();
  const indicator = computedIndicator(request.indicator);
  if (!indicator) throw new Problem(400, 'problem.unknownIndicator', { indicator: request.indicator });
  const view = publicView(request.view);
  if (!view) throw new Problem(400, 'problem.unknownView', { view: request.view });
  if (snapshot.years.length === 0) throw new Problem(404, 'problem.noStatistics');
  const year = request.year ?? (snapshot.years[snapshot.years.length - 1] as string);
  if (!snapshot.years.includes(year)) throw new Problem(400, 'problem.unknownYear', { year });
  const release = await service.release(snapshot, indicator, year, 'public');
  return present(answerView(release, view.id, {}, view.dimensions), snapshot.facts, request.lang, snapshot, indicator, year, 'public');
}
