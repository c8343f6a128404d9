// The regional report a regional government can take to a meeting: for one department and one
// year, the victims identified there (persons, counted once), where they were recruited and
// exploited, the trend, a map of Peru, the national context, the definitions and the disclosure
// notes. Every figure is read from the protected public releases. Pure: geometry and data in,
// PDF bytes out.
import type { Lang } from '../domain/code-lists.ts';
import type { PublishedAgencyComparison } from './agencies.ts';
import type { DimensionName, EvidenceDimension } from './dimensions.ts';
import type { Indicator } from './indicators.ts';
import { INDICATORS } from './indicators.ts';
import { peruProjection } from './map.ts';
import type { InvestmentSummary, TargetProgress } from './plans.ts';
import { A4, PdfDocument, textWidth, type Rgb } from './pdf.ts';
import { answerView, type PublicFigure, type Release } from './publish.ts';

/** Department polygons: each a list of rings of [longitude, latitude]. */
export type DepartmentShapes = ReadonlyMap<string, readonly (readonly (readonly [number, number])[])[]>;

/** Reads departamentos.geojson (FIRST_IDDP = INEI department code) into rings per department. */
export function departmentShapes(geojson: { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] }): DepartmentShapes {
  const shapes = new Map<string, (readonly (readonly [number, number])[])[]>();
  for (const f of geojson.features) {
    const code = String(f.properties.FIRST_IDDP ?? '');
    const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as [number, number][][][];
    shapes.set(code, polygons.flat().map((ring) => ring.map(([x, y]) => [x, y] as const)));
  }
  return shapes;
}

export interface RegionReportInput {
  lang: Lang;
  region: string;
  /** The last year of the period reported. */
  year: string;
  /** The first year of the period (default: `year`): figures are the sums of the years' published figures. */
  from?: string;
  indicator: Indicator;
  dimensions: Record<DimensionName, EvidenceDimension>;
  /** The public release of every year with data, the report's year among them. */
  releases: ReadonlyMap<string, Release>;
  shapes: DepartmentShapes;
  dataAsOf: string;
  /**
   * The victims detected in the region and period against the agencies' separate counts, and their
   * overlap, as published (`protectAgencyComparison` per year, `sumAgencyComparisons` over the period).
   */
  agencies?: PublishedAgencyComparison;
  /** The region's regional plans, each target against the region's published figure (`planProgress`). */
  plans?: readonly { title: string; periodFrom: number; periodTo: number; progress: readonly TargetProgress[] }[];
  /** The region's public investment per year and purpose, beside its victims identified that year (published figure). */
  investment?: readonly (InvestmentSummary & { victimsIdentified: number | null })[];
}

/** The report's texts (es, en), also the headers and notes of the plans and investment tables' exports. */
export const REPORT_TEXT = {
  es: {
    title: 'Trata de personas', subtitle: 'Víctimas identificadas', persons: 'personas', detected: 'Detectadas en la región', recruited: 'Captadas en la región', exploited: 'Explotadas en la región',
    national: 'Total nacional', map: 'Víctimas identificadas por departamento de detección', trend: 'Tendencia: víctimas detectadas en la región por año', year: 'Año',
    flowsOut: 'Captadas en la región: dónde fueron explotadas', flowsIn: 'Explotadas en la región: dónde fueron captadas', department: 'Departamento', count: 'Personas',
    context: 'Contexto nacional', definitions: 'Definiciones', disclosure: 'Control de divulgación', awaiting: 'Indicadores aún sin datos en Enlace', suppressed: 'x = cifra protegida',
    once: 'Cada persona se cuenta una vez aunque varias instituciones (PNP, Ministerio Público, MIMP, ONG) la hayan registrado: sus registros se vinculan y se cuentan como una sola persona.',
    regional: 'Las desagregaciones por sexo, edad, nacionalidad y finalidad se publican a nivel nacional: a nivel regional las cifras serían pequeñas y podrían identificar a las víctimas.',
    dataAsOf: 'Datos al', page: 'Página', none: 'Sin cifras publicables.',
    agencies: 'Personas únicas y conteos separados de cada institución', figure: 'Cifra', uniquePersons: 'Personas únicas detectadas en la región (cada una contada una vez)', sumOfAgencies: 'Suma de los conteos separados de las instituciones',
    perAgency: 'Conteo propio de cada institución', agency: 'Institución', knownTo: 'Personas según cuántas instituciones las registraron', howMany: 'Registrada por',
    knownToLabels: { '1': 'Una institución', '2': 'Dos instituciones', '3': 'Tres instituciones', '4+': 'Cuatro o más' } as Record<string, string>,
    pairs: 'Personas registradas por ambas instituciones de cada par', pair: 'Par de instituciones', and: 'y',
    agenciesDefinition: 'Conteo propio de una institución: las víctimas detectadas en la región que esa institución registró, lo que publicaría si contara sola. Una persona registrada por varias instituciones cuenta en cada una, por eso la suma de los conteos separados supera el número de personas únicas: la diferencia es la superposición entre instituciones. Un par cuenta a las personas registradas por ambas instituciones (y quizá también por otras).',
    agenciesDisclosure: 'Las cifras de personas únicas y conteos por institución suman entre sí de varias maneras (por institución, por número de instituciones, por par), así que se protegen como un solo cuadro: no se publican conteos de 1 a 9 ni las cifras que permitirían recalcularlos. Cada año se protege por separado; una cifra del periodo es la suma de las de cada año y aparece como x si alguna está protegida. Si la cifra de la región en un año está protegida, no se muestra ninguna de estas cifras.',
    agenciesRounded: 'Las cifras menores de 100 se redondean hacia abajo a múltiplos de 5; los totales pueden no coincidir con la suma de las partes.',
    plan: 'Plan regional: metas frente a las cifras de la región', noPlan: 'La región no tiene un plan registrado con metas en este periodo.', indicator: 'Indicador', target: 'Meta', actual: 'Cifra', met: '¿Cumplida?', yes: 'Sí', no: 'No',
    planNote: 'Meta: la cifra que el plan regional se propone para el año. Cifra: la cifra publicada de la región (x si está protegida). Cumplida: si la cifra alcanza la meta (en casos descartados, si no la supera); — cuando no puede saberse.',
    investment: 'Inversión pública en la región junto a sus casos', noInvestment: 'No hay proyectos de inversión registrados para la región en este periodo.', purpose: 'Finalidad', projects: 'Proyectos', budget: 'Presupuesto (S/)', executed: 'Ejecutado (S/)', victims: 'Víctimas identificadas',
    purposes: { PREVENCION: 'Prevención', ATENCION: 'Atención', REINTEGRACION: 'Reintegración' } as Record<string, string>,
    investmentNote: 'Proyectos de inversión pública de los gobiernos regionales y locales de la región (código único de inversión, municipalidad, finalidad, presupuesto y monto ejecutado), sumados por año y finalidad. Víctimas identificadas: la cifra publicada de la región en el año, protegida como las demás.',
    careJustice: 'Atención, justicia y coordinación fuera de este informe',
    careJusticeNote: 'Estos indicadores se calculan de registros distintos de las fichas de las personas (planes de atención, servicios, albergue, seguimientos, derivaciones, procesos judiciales). En Enlace son de uso restringido: los ven los analistas, con cada cifra de 1 a 9 protegida, pero no forman parte de los cuadros públicos ni de su supresión secundaria. En una región y un periodo sus cifras son pequeñas y se relacionan con las víctimas detectadas de este informe, de modo que publicarlas aquí permitiría recalcular cifras protegidas. Por eso este informe público no los incluye; pueden consultarse en el tablero interno de estadísticas:',
  },
  en: {
    title: 'Trafficking in persons', subtitle: 'Victims identified', persons: 'persons', detected: 'Detected in the region', recruited: 'Recruited in the region', exploited: 'Exploited in the region',
    national: 'National total', map: 'Victims identified by department of detection', trend: 'Trend: victims detected in the region per year', year: 'Year',
    flowsOut: 'Recruited in the region: where they were exploited', flowsIn: 'Exploited in the region: where they were recruited', department: 'Department', count: 'Persons',
    context: 'National context', definitions: 'Definitions', disclosure: 'Disclosure control', awaiting: 'Indicators without data in Enlace yet', suppressed: 'x = protected figure',
    once: 'Each person is counted once even when several agencies (police, prosecutors, MIMP, NGOs) registered her: her records are linked and counted as one person.',
    regional: 'Breakdowns by sex, age, nationality and form of exploitation are published nationally: at regional level the figures would be small and could identify the victims.',
    dataAsOf: 'Data as of', page: 'Page', none: 'No publishable figures.',
    agencies: "Unique persons and each agency's separate count", figure: 'Figure', uniquePersons: 'Unique persons detected in the region (each counted once)', sumOfAgencies: "Sum of the agencies' separate counts",
    perAgency: "Each agency's own count", agency: 'Agency', knownTo: 'Persons by how many agencies registered them', howMany: 'Registered by',
    knownToLabels: { '1': 'One agency', '2': 'Two agencies', '3': 'Three agencies', '4+': 'Four or more' } as Record<string, string>,
    pairs: 'Persons registered by both agencies of each pair', pair: 'Pair of agencies', and: 'and',
    agenciesDefinition: "An agency's own count: the victims detected in the region that the agency registered, what it would publish counting alone. A person registered by several agencies counts in each of them, so the sum of the separate counts exceeds the number of unique persons: the difference is the overlap between agencies. A pair counts the persons registered by both agencies (and perhaps by others too).",
    agenciesDisclosure: "Unique persons and the agencies' counts add up to one another in several ways (by agency, by number of agencies, by pair), so they are protected as one table: counts of 1 to 9 are not published, nor the figures that would let them be recalculated. Each year is protected on its own; a figure of the period is the sum of the years' figures and shows as x when any of them is protected. When the region's figure for a year is protected, none of these figures is shown.",
    agenciesRounded: 'Figures below 100 are rounded down to multiples of 5; totals may differ from the sum of their parts.',
    plan: "Regional plan: targets against the region's figures", noPlan: 'The region has no plan registered with targets in this period.', indicator: 'Indicator', target: 'Target', actual: 'Figure', met: 'Met?', yes: 'Yes', no: 'No',
    planNote: "Target: the figure the regional plan aims at for the year. Figure: the region's published figure (x when protected). Met: whether the figure reaches the target (for cases discarded, whether it stays at or below it); — when it cannot be told.",
    investment: 'Public investment in the region beside its cases', noInvestment: 'No public investment projects registered for the region in this period.', purpose: 'Purpose', projects: 'Projects', budget: 'Budget (PEN)', executed: 'Executed (PEN)', victims: 'Victims identified',
    purposes: { PREVENCION: 'Prevention', ATENCION: 'Care', REINTEGRACION: 'Reintegration' } as Record<string, string>,
    investmentNote: "Public investment projects of the region's regional and local governments (unique investment code, municipality, purpose, budget and amount executed), added up by year and purpose. Victims identified: the region's published figure for the year, protected like the others.",
    careJustice: 'Care, justice and coordination outside this report',
    careJusticeNote: "These indicators are computed from records other than the persons' case files (care plans, services, shelter, follow-ups, referrals, judicial proceedings). In Enlace they are restricted: analysts see them, each figure of 1 to 9 protected, but they are not part of the public tables nor of their secondary suppression. For one region and period their figures are small and relate to the victims detected in this report, so publishing them here could let protected figures be recalculated. This public report therefore leaves them out; they can be seen on the internal statistics dashboard:",
  },
} as const;

const INK: Rgb = [0.1, 0.1, 0.15];
const ACCENT: Rgb = [0.55, 0.1, 0.3];
const SHADES: readonly Rgb[] = [[0.98, 0.9, 0.93], [0.93, 0.7, 0.8], [0.8, 0.4, 0.55], [0.55, 0.1, 0.3]];
const SUPPRESSED: Rgb = [0.85, 0.85, 0.85];

const fmt = (v: number | null, lang: Lang) => (v === null ? 'x' : v.toLocaleString(lang === 'es' ? 'es-PE' : 'en-GB'));

/** A label cut (with an ellipsis) to fit a width, so that it never runs into the figures. */
export function fit(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, size, bold) > max) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * One view over several years: each figure the sum of the years' published figures, protected when
 * any of them is (a sum of published figures reveals nothing they do not).
 */
export function periodView(releases: readonly Release[], viewId: string, breakdown?: Parameters<typeof answerView>[3]): PublicFigure[] {
  const sums = new Map<string, PublicFigure>();
  for (const release of releases) {
    for (const f of answerView(release, viewId, {}, breakdown).figures) {
      const key = JSON.stringify(Object.entries(f.coords).sort());
      const seen = sums.get(key);
      if (!seen) sums.set(key, { ...f });
      else seen.value = seen.value === null || f.value === null ? null : seen.value + f.value;
    }
  }
  return [...sums.values()];
}

function cell(figures: readonly PublicFigure[], coords: Record<string, string>): number | null {
  const want = Object.entries(coords);
  const f = figures.find((x) => Object.keys(x.coords).length === want.length && want.every(([k, v]) => x.coords[k] === v));
  return f ? f.value : null;
}

/** Es: el informe regional en PDF. En: the regional PDF report. */
export function regionReport(input: RegionReportInput): Buffer {
  const { lang, region, year, indicator, dimensions } = input;
  const from = input.from ?? year;
  const t = REPORT_TEXT[lang];
  const release = input.releases.get(year);
  if (!release) throw new RangeError(`no release for ${year}`);
  if (from > year) throw new RangeError(`the period starts (${from}) after it ends (${year})`);
  const period = [...input.releases.entries()].filter(([y]) => y >= from && y <= year).map(([, r]) => r);
  const periodName = from === year ? year : `${from}–${year}`;
  const label = (d: DimensionName, code: string) => dimensions[d].values.find((v) => v.code === code)?.[lang] ?? code;
  const regionName = label('detectionDept', region);
  const pdf = new PdfDocument();
  const margin = 48;
  const width = A4.width - 2 * margin;
  let y = 56;
  let page = 1;
  const footer = () => pdf.text(margin, A4.height - 24, `Enlace · ${t.dataAsOf} ${input.dataAsOf.slice(0, 10)} · ${t.page} ${page}`, { size: 8, colour: [0.4, 0.4, 0.4] });
  const need = (height: number) => {
    if (y + height <= A4.height - 48) return;
    footer();
    pdf.addPage();
    page++;
    y = 56;
  };
  /** A heading never ends a page: it needs room for itself and the start of what follows (`after`). */
  const heading = (text: string, after = 12) => {
    need(28 + after);
    y += 10;
    pdf.text(margin, y, text, { size: 13, bold: true, colour: ACCENT });
    y += 18;
  };
  const table = (headers: readonly [string, string], rows: readonly [string, string][]) => {
    if (rows.length === 0) {
      y = pdf.paragraph(margin, y, width, t.none, { size: 9 });
      return;
    }
    need(16 + rows.length * 13);
    pdf.text(margin, y, headers[0], { size: 9, bold: true });
    pdf.text(margin + width - textWidth(headers[1], 9, true), y, headers[1], { size: 9, bold: true });
    y += 4;
    pdf.line(margin, y, margin + width, y);
    y += 11;
    for (const [a, b] of rows) {
      need(13);
      pdf.text(margin, y, fit(a, width - textWidth(b, 9) - 16, 9), { size: 9 });
      pdf.text(margin + width - textWidth(b, 9), y, b, { size: 9 });
      y += 13;
    }
    y += 4;
  };

  // Title and key figures.
  pdf.text(margin, y, `${t.title} · ${regionName}`, { size: 20, bold: true, colour: INK });
  y += 22;
  pdf.text(margin, y, `${indicator.name[lang]}, ${periodName}`, { size: 13, colour: ACCENT });
  y += 24;
  const byDept = periodView(period, 'detectionDept');
  const flows = periodView(period, 'flows', ['recruitmentDept', 'exploitationDept']);
  const key: [string, number | null][] = [
    [t.detected, cell(byDept, { detectionDept: region })],
    [t.recruited, cell(flows, { recruitmentDept: region })],
    [t.exploited, cell(flows, { exploitationDept: region })],
    [t.national, cell(byDept, {})],
  ];
  const boxWidth = (width - 3 * 8) / 4;
  key.forEach(([name, value], i) => {
    const x = margin + i * (boxWidth + 8);
    pdf.rect(x, y, boxWidth, 52, [0.97, 0.95, 0.96]);
    pdf.text(x + 8, y + 26, fmt(value, lang), { size: 18, bold: true, colour: ACCENT });
    pdf.paragraph(x + 8, y + 42, boxWidth - 12, name, { size: 8 });
  });
  y += 66;
  y = pdf.paragraph(margin, y, width, t.once, { size: 9 });

  // Map of the departments, shaded by the public counts; the region outlined.
  heading(t.map);
  const values = new Map<string, number | null>();
  for (const d of dimensions.detectionDept.values) values.set(d.code, cell(byDept, { detectionDept: d.code }));
  const known = [...values.values()].filter((v): v is number => v !== null && v > 0).sort((a, b) => a - b);
  const breaks = [0.25, 0.5, 0.75].map((q) => known[Math.floor(q * (known.length - 1))] ?? 0);
  const shade = (v: number | null): Rgb => (v === null ? SUPPRESSED : v === 0 ? [1, 1, 1] : (SHADES[breaks.filter((b) => v > b).length] as Rgb));
  const mapHeight = 330;
  need(mapHeight + 10);
  const { project } = peruProjection({ width: width * 0.62, height: mapHeight }, [margin, y]);
  for (const [code, rings] of input.shapes) if (code !== region) pdf.polygon(rings.map((r) => r.map(project)), shade(values.get(code) ?? null), [0.45, 0.45, 0.45]);
  const own = input.shapes.get(region);
  if (own) pdf.polygon(own.map((r) => r.map(project)), shade(values.get(region) ?? null), INK, 1.6);
  // Legend.
  let ly = y + 10;
  const lx = margin + width * 0.66;
  const legend: [Rgb, string][] = [
    [[1, 1, 1], '0'],
    ...SHADES.map((s, i): [Rgb, string] => [s, i === 0 ? `1–${breaks[0]}` : i === 3 ? `> ${breaks[2]}` : `${(breaks[i - 1] ?? 0) + 1}–${breaks[i]}`]),
    [SUPPRESSED, t.suppressed],
  ];
  for (const [c, text] of legend) {
    pdf.rect(lx, ly - 8, 12, 10, c, [0.45, 0.45, 0.45]);
    pdf.text(lx + 18, ly, text, { size: 8 });
    ly += 15;
  }
  y += mapHeight + 12;

  // Trend of the region: its cell in every year's release.
  heading(t.trend);
  const years = [...input.releases.keys()].sort();
  table([t.year, t.count], years.map((yr) => [yr, fmt(cell(answerView(input.releases.get(yr) as Release, 'detectionDept').figures, { detectionDept: region }), lang)]));

  // Flows out of and into the region (published cells only, largest first).
  const flowRows = (from: 'recruitmentDept' | 'exploitationDept', to: 'recruitmentDept' | 'exploitationDept') =>
    dimensions[to].values
      .map((v) => ({ code: v.code, value: cell(flows, { [from]: region, [to]: v.code }) }))
      .filter((r) => r.value !== 0)
      .sort((a, b) => (b.value ?? -1) - (a.value ?? -1))
      .map((r): [string, string] => [label(to, r.code), fmt(r.value, lang)]);
  /** A table of several columns: the first is text, the others right-aligned figures; `at` are the columns' right edges (fractions of the width) after the first. */
  const grid = (headers: readonly string[], rows: readonly (readonly string[])[], at: readonly number[]) => {
    const row = (cells: readonly string[], bold: boolean) => {
      pdf.text(margin, y, fit(cells[0] ?? '', width * ((at[0] as number) - 0.12), 8.5, bold), { size: 8.5, bold });
      cells.slice(1).forEach((c, i) => pdf.text(margin + width * (at[i] as number) - textWidth(c, 8.5, bold), y, c, { size: 8.5, bold }));
    };
    need(16 + Math.min(rows.length, 4) * 12);
    row(headers, true);
    y += 4;
    pdf.line(margin, y, margin + width, y);
    y += 11;
    for (const r of rows) {
      need(12);
      row(r, false);
      y += 12;
    }
    y += 4;
  };
  // A short table stays with its heading (a long one may break after its first rows).
  const tableRoom = (rows: readonly unknown[]) => Math.min(20 + rows.length * 13, 200);
  /** Room for a subtitle and the table under it, which moves whole to the next page when it does not fit (at most a page). */
  const withTitle = (rows: readonly unknown[]) => Math.min(14 + 16 + rows.length * 13 + 4, A4.height - 104);
  for (const [title, rows] of [
    [t.flowsOut, flowRows('recruitmentDept', 'exploitationDept')],
    [t.flowsIn, flowRows('exploitationDept', 'recruitmentDept')],
  ] as const) {
    heading(title, tableRoom(rows));
    table([t.department, t.count], rows);
  }

  // The agencies' separate counts beside the unique count, and the overlap.
  const agencies = input.agencies;
  if (agencies) {
    const rows = [
      [t.uniquePersons, fmt(agencies.persons, lang)],
      [t.sumOfAgencies, fmt(agencies.sumOfAgencyCounts, lang)],
    ] as [string, string][];
    heading(t.agencies, tableRoom(rows));
    table([t.figure, t.count], rows);
    const sub = (title: string, headers: readonly [string, string], lines: [string, string][]) => {
      need(withTitle(lines));
      pdf.text(margin, y, title, { size: 10, bold: true });
      y += 14;
      table(headers, lines);
    };
    const agencyName = (code: string) => label('agency', code);
    sub(t.perAgency, [t.agency, t.count], agencies.perAgency.filter((a) => a.persons !== 0).map((a): [string, string] => [agencyName(a.agency), fmt(a.persons, lang)]));
    sub(t.knownTo, [t.howMany, t.count], agencies.knownTo.map((k): [string, string] => [t.knownToLabels[k.agencies] ?? k.agencies, fmt(k.persons, lang)]));
    sub(t.pairs, [t.pair, t.count], agencies.pairs.filter((p) => p.persons !== 0).map((p): [string, string] => [`${agencyName(p.a)} ${t.and} ${agencyName(p.b)}`, fmt(p.persons, lang)]));
  }

  // The region's plans against its figures, and its public investment beside its cases (period years only).
  const inPeriod = (yr: number) => String(yr) >= from && String(yr) <= year;
  if (input.plans) {
    heading(t.plan, 60);
    const shown = input.plans.map((p) => ({ ...p, progress: p.progress.filter((r) => inPeriod(r.year)) })).filter((p) => p.progress.length > 0);
    if (shown.length === 0) y = pdf.paragraph(margin, y, width, t.noPlan, { size: 9 });
    for (const plan of shown) {
      need(50);
      y = pdf.paragraph(margin, y, width, `${plan.title} (${plan.periodFrom}–${plan.periodTo})`, { size: 10, bold: true });
      y += 2;
      const indicatorName = (id: string) => INDICATORS.find((i) => i.id === id)?.name[lang] ?? id;
      grid(
        [`${t.year} · ${t.indicator}`, t.target, t.actual, t.met],
        plan.progress.map((r) => [`${r.year} · ${indicatorName(r.indicator)}`, fmt(r.target, lang), fmt(r.actual, lang), r.met === null ? '—' : r.met ? t.yes : t.no]),
        [0.7, 0.85, 1],
      );
    }
    y = pdf.paragraph(margin, y, width, t.planNote, { size: 8 });
  }
  if (input.investment) {
    heading(t.investment, 60);
    const rows = input.investment.filter((r) => inPeriod(r.year));
    const money = (v: number) => v.toLocaleString(lang === 'es' ? 'es-PE' : 'en-GB', { maximumFractionDigits: 0 });
    if (rows.length === 0) y = pdf.paragraph(margin, y, width, t.noInvestment, { size: 9 });
    else grid([`${t.year} · ${t.purpose}`, t.projects, t.budget, t.executed, t.victims], rows.map((r) => [`${r.year} · ${t.purposes[r.purpose] ?? r.purpose}`, String(r.projects), money(r.budget), money(r.executed), fmt(r.victimsIdentified, lang)]), [0.42, 0.6, 0.78, 1]);
    need(40);
    y = pdf.paragraph(margin, y, width, t.investmentNote, { size: 8 });
  }

  // National context: the breakdowns published nationally.
  heading(t.context);
  y = pdf.paragraph(margin, y, width, t.regional, { size: 9 });
  y += 4;
  const sex = periodView(period, 'sex', ['sex', 'childAdult']);
  table([`${dimensions.sex[lang]} / ${dimensions.childAdult[lang]}`, t.count], sex.filter((f) => f.coords.sex !== undefined || f.coords.childAdult !== undefined).map((f): [string, string] => [
    [f.coords.sex ? label('sex', f.coords.sex) : 'Total', f.coords.childAdult ? label('childAdult', f.coords.childAdult) : 'Total'].join(' · '),
    fmt(f.value, lang),
  ]));
  for (const view of ['exploitation', 'nationality', 'ageBand', 'gender'] as const) {
    const figures = periodView(period, view).filter((f) => f.coords[view] !== undefined && f.value !== 0);
    need(withTitle(figures));
    pdf.text(margin, y, dimensions[view][lang], { size: 10, bold: true });
    y += 14;
    table([dimensions[view][lang], t.count], figures.map((f): [string, string] => [label(view, f.coords[view] as string), fmt(f.value, lang)]));
  }

  // Definitions and disclosure notes.
  heading(t.definitions);
  y = pdf.paragraph(margin, y, width, `${indicator.name[lang]}: ${indicator.definition[lang]}`, { size: 9 });
  if (agencies) {
    need(70);
    y = pdf.paragraph(margin, y + 4, width, t.agenciesDefinition, { size: 9 });
  }
  heading(t.disclosure);
  y = pdf.paragraph(margin, y, width, release.table.summary.note[lang], { size: 9 });
  if (agencies) {
    need(80);
    y = pdf.paragraph(margin, y + 4, width, agencies.rounded ? `${t.agenciesDisclosure} ${t.agenciesRounded}` : t.agenciesDisclosure, { size: 9 });
  }
  // Care and justice (restricted indicators, B4, B7, C12…): not public-grade, left out and said so.
  const restricted = INDICATORS.filter((x) => x.source !== undefined);
  if (restricted.length > 0) {
    heading(t.careJustice, 60);
    y = pdf.paragraph(margin, y, width, t.careJusticeNote, { size: 9 });
    for (const i of restricted) {
      need(12);
      y = pdf.paragraph(margin, y, width, `• ${i.ref} ${i.name[lang]}`, { size: 8 });
    }
  }
  // What the catalogue still waits for; no heading when nothing does.
  const awaiting = INDICATORS.filter((x) => x.awaiting);
  if (awaiting.length > 0) {
    heading(t.awaiting);
    for (const i of awaiting) {
      need(24);
      y = pdf.paragraph(margin, y, width, `• ${i.ref} ${i.name[lang]}: ${i.awaiting?.[lang] ?? ''}`, { size: 8 });
    }
  }
  footer();
  return pdf.toBytes({ title: `${t.title} · ${regionName} · ${periodName}` });
}
