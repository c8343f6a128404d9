// Statistics over HTTP on a synthetic registry linked in one batch: persons counted once, public
// tables that never show a small count whatever the filters, restricted and microdata routes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { checkKAnonymity } from '../../src/disclosure/index.ts';
import { builtInSheetReader } from '../../src/importers/xlsx.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { ensureDemoDirectory, loadSyntheticCases } from '../../src/server/commands/seed.ts';
import { linkAllPersons } from '../../src/server/linkage/batch.ts';
import { PASSWORD, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let t: TestApp;
let analyst: Client;
let years: string[];

interface Figure {
  coords: Record<string, string>;
  value: number | null;
}

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  const directory = await t.db.transaction((tx) => ensureDemoDirectory(tx));
  await loadSyntheticCases(t.db, directory, { persons: 700, seed: 11 });
  await linkAllPersons(t.db);
  await createUser(t.db, { unitId: t.units.pnp, username: 'analista', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  analyst = await t.signIn('analista');
  const catalogue = (await t.app.inject({ method: 'GET', url: '/api/public/indicators' })).json() as { years: string[] };
  years = catalogue.years;
});
after(async () => t.close());

test('the public catalogue needs no sign-in, lists every indicator and says how each is computed', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/public/indicators', headers: { 'accept-language': 'en' } });
  assert.equal(res.statusCode, 200);
  const body = res.json() as { indicators: { id: string; name: string; computed: boolean; awaiting?: string }[]; years: string[] };
  assert.ok(body.indicators.some((i) => i.id === 'victims-identified' && i.computed && i.name === 'Victims identified'));
  // Each is computed from the persons, or from other records for analysts only, or says what it waits for.
  const restricted = body as unknown as { indicators: { id: string; computed: boolean; restricted: boolean; awaiting?: string }[] };
  for (const i of restricted.indicators) assert.ok(i.computed || i.restricted || i.awaiting, i.id);
  assert.ok(restricted.indicators.some((i) => i.id === 'pri-on-time' && i.restricted && !i.awaiting));
  assert.ok(body.years.length >= 3);
});

test('persons, not records: victims identified per year are the linked groups first detected that year, not all discarded', async () => {
  const expected = await t.db.query<{ year: string; victims: number }>(
    `WITH p AS (SELECT coalesce(g.group_id, c.person_id) AS gid, min(c.detection_date) AS first, bool_and(c.trafficking_status = 'DESCARTADA') AS discarded
                  FROM case_files c LEFT JOIN person_groups g ON g.person_id = c.person_id GROUP BY 1)
     SELECT to_char(first, 'YYYY') AS year, count(*) FILTER (WHERE NOT discarded)::int AS victims FROM p GROUP BY 1`,
  );
  let compared = 0;
  let fewerThanRecords = 0;
  for (const year of years) {
    const res = await analyst.request('GET', `/api/statistics/agencies?indicator=victims-identified&year=${year}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { persons: number | null; records: number | null; sumOfAgencyCounts: number | null; perAgency: { persons: number | null }[]; knownTo: { persons: number | null }[]; pairs: { persons: number | null }[] };
    // Protected as one table (src/evidence/agencies.ts): no figure of 1–9, and something withheld around a small group.
    const all = [body.persons, body.records, body.sumOfAgencyCounts, ...[...body.perAgency, ...body.knownTo, ...body.pairs].map((f) => f.persons)];
    for (const v of all) assert.ok(v === null || v === 0 || v >= 10, `${year}: a figure of ${v}`);
    const want = expected.find((e) => e.year === year)?.victims ?? 0;
    if (body.persons === null) {
      assert.ok(want > 0 && want < 10, 'only a count of 1–9 is withheld');
      continue;
    }
    assert.equal(body.persons, want, year);
    compared++;
    if (body.records !== null && body.persons < body.records) fewerThanRecords++;
    assert.ok(body.persons <= (body.sumOfAgencyCounts ?? Infinity));
  }
  assert.ok(compared >= 3 && fewerThanRecords >= 3, 'linked records of one person are counted once');
  // By year only: a filtered answer could be subtracted from the unfiltered one.
  assert.equal((await analyst.request('GET', `/api/statistics/agencies?year=${years[0]}&sex=MUJER`)).statusCode, 400);
});

test('property: the public API never returns a count of 1–9, whatever view, year and filters are combined', async () => {
  const combos: string[] = [];
  for (const year of years) {
    for (const view of ['detectionDept', 'exploitation', 'nationality', 'ageBand', 'gender', 'sex', 'flows']) {
      const sexes = view === 'sex' ? ['', 'MUJER', 'HOMBRE', 'INTERSEX', 'DESCONOCIDO'] : [''];
      const ages = view === 'sex' ? ['', 'NNA', 'ADULTO', 'DESCONOCIDO'] : [''];
      for (const sex of sexes) for (const age of ages) combos.push(`year=${year}&view=${view}${sex ? `&sex=${sex}` : ''}${age ? `&childAdult=${age}` : ''}`);
    }
  }
  let published = 0;
  let suppressed = 0;
  for (const query of combos) {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/statistics?${query}` });
    assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
    for (const f of (res.json() as { figures: Figure[] }).figures) {
      if (f.value === null) suppressed++;
      else {
        published++;
        assert.ok(f.value === 0 || f.value >= 10, `${query}: ${f.value} at ${JSON.stringify(f.coords)}`);
        if (f.value < 100) assert.equal(f.value % 5, 0, 'rounded');
      }
    }
  }
  assert.ok(published > 100 && suppressed > 10, `${published} published, ${suppressed} suppressed`);
});

test('restricted tables are not rounded but still suppressed; they need a sign-in with statistics.read', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/statistics' })).statusCode, 401);
  const officer = await t.signIn('policia');
  assert.equal((await officer.request('GET', '/api/statistics')).statusCode, 403);
  const res = await analyst.request('GET', '/api/statistics?view=detectionDept');
  assert.equal(res.statusCode, 200);
  const figures = (res.json() as { figures: Figure[] }).figures;
  assert.ok(figures.some((f) => f.value !== null && f.value % 5 !== 0), 'exact counts');
  assert.ok(figures.every((f) => f.value === null || f.value === 0 || f.value >= 10));
});

test('CSV of a public table: labels, one mark for suppressed cells, the disclosure note', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/public/statistics.csv?view=detectionDept' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/csv/);
  assert.match(res.body, /Departamento de detección/);
  assert.match(res.body, /Loreto/);
  assert.match(res.body, /^# .*confidencial|^# .*suprim/im);
});

test('a download link chooses its language in the address, over the browser\'s Accept-Language', async () => {
  const en = await t.app.inject({ method: 'GET', url: '/api/public/statistics.csv?view=detectionDept&lang=en', headers: { 'accept-language': 'es-PE,es' } });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /Department of detection/i);
  assert.doesNotMatch(en.body, /Departamento de detección/);
  const trend = await t.app.inject({ method: 'GET', url: '/api/public/statistics/trend.csv?lang=en', headers: { 'accept-language': 'es' } });
  assert.equal(trend.statusCode, 200, trend.body);
  const es = await t.app.inject({ method: 'GET', url: '/api/public/statistics.csv?view=detectionDept&lang=es', headers: { 'accept-language': 'en' } });
  assert.match(es.body, /Departamento de detección/);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/statistics.csv?view=detectionDept&lang=qu' })).statusCode, 400, 'a language without a catalogue is refused');
});

test('XLSX of any table: the same rows as the CSV (labels, counts as numbers, x for protected), the disclosure note below', async () => {
  const query = `view=flows&breakdown=recruitmentDept,exploitationDept&year=${years[years.length - 2]}`;
  const csv = await t.app.inject({ method: 'GET', url: `/api/public/statistics.csv?${query}` });
  const xlsx = await t.app.inject({ method: 'GET', url: `/api/public/statistics.xlsx?${query}` });
  assert.equal(xlsx.statusCode, 200, xlsx.body);
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(xlsx.headers['content-disposition'] as string, /\.xlsx"/);
  const sheet = builtInSheetReader.read(xlsx.rawPayload, { file: 'table.xlsx' });
  const csvRows = (parse(csv.body, { comment: '#' }) as string[][]).map((r) => r.join('|'));
  const sheetRows = sheet.rows.map((r) => r.cells.join('|'));
  assert.deepEqual(sheetRows.slice(0, csvRows.length), csvRows);
  assert.ok(sheetRows.some((r) => r.endsWith('|x')), 'protected cells carry the mark');
  assert.ok(sheetRows.some((r) => /suprim|confidencial/i.test(r)), 'the disclosure note travels with the table');
  // Flows broken down by both departments: pairs, both margins and the total.
  const answer = (await t.app.inject({ method: 'GET', url: `/api/public/statistics?${query}` })).json() as { figures: Figure[] };
  assert.ok(answer.figures.some((f) => f.coords.recruitmentDept !== undefined && f.coords.exploitationDept !== undefined));
  assert.ok(answer.figures.some((f) => f.coords.exploitationDept !== undefined && f.coords.recruitmentDept === undefined));
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/statistics?view=flows&breakdown=sex' })).statusCode, 400);
});

test('restricted CSV and XLSX need statistics.read and are audited as exports', async () => {
  for (const format of ['csv', 'xlsx']) {
    const res = await analyst.request('GET', `/api/statistics.${format}?view=detectionDept`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-disposition'] as string, /restringido/);
  }
  const exports = await t.db.query<{ purpose: string }>("SELECT purpose FROM audit_log WHERE action = 'EXPORT' AND entity_type = 'statistics'");
  assert.ok(exports.some((e) => e.purpose.endsWith(' csv')) && exports.some((e) => e.purpose.endsWith(' xlsx')));
  const officer = await t.signIn('policia');
  assert.equal((await officer.request('GET', '/api/statistics.xlsx')).statusCode, 403);
});

test('the department map: 25 departments as SVG paths, public', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/public/map' });
  assert.equal(res.statusCode, 200);
  const map = res.json() as { width: number; height: number; departments: { code: string; d: string }[] };
  assert.equal(map.departments.length, 25);
  assert.ok(map.departments.every((d) => /^\d{2}$/.test(d.code) && d.d.startsWith('M')));
  assert.ok(map.width > 0 && map.height > map.width, 'Peru is taller than wide');
});

test('microdata: k-anonymised (every combination of the released columns ≥ 11 persons), analysts only', async () => {
  const res = await analyst.request('GET', `/api/statistics/microdata.csv?year=${years[years.length - 2]}`);
  assert.equal(res.statusCode, 200, res.body);
  const rows = parse(res.body, { columns: true, comment: '#' }) as Record<string, string>[];
  assert.ok(rows.length > 0);
  const check = checkKAnonymity(rows, Object.keys(rows[0]!), 11);
  assert.ok(check.ok, `smallest class ${check.smallestClass}`);
  assert.ok(res.headers['x-enlace-generalisation']);
  const officer = await t.signIn('policia');
  assert.equal((await officer.request('GET', '/api/statistics/microdata.csv')).statusCode, 403);
});

test('bad input is refused with a message in Spanish and English, and changes nothing', async () => {
  const es = await t.app.inject({ method: 'GET', url: '/api/public/statistics?indicator=nada' });
  assert.equal(es.statusCode, 400);
  assert.match((es.json() as { title: string }).title, /Indicador desconocido/);
  const en = await t.app.inject({ method: 'GET', url: '/api/public/statistics?view=ageBand&childAdult=NNA', headers: { 'accept-language': 'en' } });
  // (only the sex table can be filtered by sex or child/adult)
  assert.equal(en.statusCode, 400);
  assert.match((en.json() as { title: string }).title, /cannot be filtered by "childAdult"/);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/statistics?year=1900' })).statusCode, 400);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/statistics?view=sex&sex=OTRO' })).statusCode, 400);
});

test('the regional PDF report: a PDF with the region, its figures, the map and the disclosure note, in Spanish or English', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/public/reports/region/16.pdf?year=${years[years.length - 2]}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  const text = res.rawPayload.toString('latin1');
  assert.match(text, /^%PDF-1\.4/);
  assert.match(text, /%%EOF\n$/);
  assert.match(text, /Trata de personas · Loreto/);
  assert.match(text, /Control de divulgaci\xf3n/);
  assert.ok((text.match(/ B\*/g) ?? []).length >= 25, 'every department drawn on the map');
  const pages = Number(/\/Count (\d+)/.exec(text)?.[1]);
  assert.ok(pages >= 2);
  const en = await t.app.inject({ method: 'GET', url: '/api/public/reports/region/16.pdf?lang=en' });
  assert.match(en.rawPayload.toString('latin1'), /Trafficking in persons · Loreto/);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/reports/region/99.pdf' })).statusCode, 400);
});

/** The strings a PDF shows, in drawing order (the report writes plain, uncompressed text). */
function pdfStrings(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => (m[1] as string).replace(/\\(.)/g, '$1'));
}

test("the regional PDF shows, beside the unique count, the agencies' separate counts and their overlap, protected as one table", async () => {
  const from = years[0] as string;
  const to = years[years.length - 1] as string;
  const res = await t.app.inject({ method: 'GET', url: `/api/public/reports/region/15.pdf?from=${from}&year=${to}&lang=en` });
  assert.equal(res.statusCode, 200, res.body);
  const strings = pdfStrings(res.rawPayload);
  const at = strings.indexOf("Unique persons and each agency's separate count");
  assert.ok(at > 0, 'the section is there');
  const after = (label: string) => {
    const i = strings.indexOf(label, at);
    assert.ok(i > at, `${label} is in the section`);
    return strings[i + 1] as string;
  };
  const number = (shown: string) => (shown === 'x' ? null : Number(shown.replace(/,/g, '')));
  const unique = number(after('Unique persons detected in the region (each counted once)'));
  const sum = number(after("Sum of the agencies' separate counts"));
  // The unique count is the sum of the region's published cell of each year (the key figure).
  let expected: number | null = 0;
  for (const year of years) {
    const table = (await t.app.inject({ method: 'GET', url: `/api/public/statistics?view=detectionDept&year=${year}` })).json() as { figures: Figure[] };
    const cell = table.figures.find((f) => f.coords.detectionDept === '15');
    expected = expected === null || !cell || cell.value === null ? null : expected + cell.value;
  }
  assert.equal(unique, expected);
  assert.ok(unique !== null && unique >= 10, 'Lima over the whole period is published');
  assert.ok(sum === null || sum >= unique, 'each agency counting alone says more than the persons there are');
  for (const label of ['One agency', 'Two agencies', 'Three agencies', 'Four or more']) assert.ok(strings.includes(label), label);
  for (const heading of ["Each agency's own count", 'Persons by how many agencies registered them', 'Persons registered by both agencies of each pair']) assert.ok(strings.includes(heading), heading);
  // Every figure of the section: x, 0, or at least 10, rounded down to 5 below 100.
  const end = strings.indexOf('National context', at);
  const figures = strings.slice(at, end).filter((s) => /^(x|[\d,]+)$/.test(s)).map(number);
  assert.ok(figures.length >= 8, figures.join(' '));
  for (const v of figures) {
    assert.ok(v === null || v === 0 || v >= 10, `a printed ${v}`);
    if (v !== null && v < 100) assert.equal(v % 5, 0, `${v} is rounded`);
  }
  assert.match(strings.join(' '), /protected as one table/);
  const es = pdfStrings((await t.app.inject({ method: 'GET', url: `/api/public/reports/region/15.pdf?from=${from}&year=${to}` })).rawPayload);
  assert.ok(es.includes('Personas \xfanicas y conteos separados de cada instituci\xf3n'));
  assert.ok(es.includes('Personas seg\xfan cu\xe1ntas instituciones las registraron'));
});

test("the regional PDF sets the region's plan targets against its figures and its investment beside its cases, within the period", async () => {
  const to = years[years.length - 1] as string;
  const from = years[years.length - 2] as string;
  const [author] = await t.db.query<{ id: string }>('SELECT id FROM users ORDER BY created_at LIMIT 1');
  await t.db.query(
    `INSERT INTO regional_plans (id, department, title, period_from, period_to, objectives, targets, created_by)
     VALUES (gen_random_uuid(), '13', 'Plan regional de La Libertad (sintético)', $1, $2, '[]', $3, $4)`,
    [Number(from) - 1, Number(to), JSON.stringify([{ indicator: 'victims-identified', year: Number(from) - 1, target: 7 }, { indicator: 'victims-identified', year: Number(to), target: 1 }, { indicator: 'cases-discarded', year: Number(to), target: 100000 }]), author?.id],
  );
  await t.db.query(
    `INSERT INTO investment_projects (id, code, department, municipality, name, purpose, year, budget, executed, status, created_by)
     VALUES (gen_random_uuid(), 'CUI-PDF-1', '13', '130101', 'Casa de acogida (sintética)', 'ATENCION', $1, 500000, 125000, 'EN_EJECUCION', $2),
            (gen_random_uuid(), 'CUI-PDF-2', '13', '130101', 'Campaña en colegios (sintética)', 'PREVENCION', $1, 80000, 80000, 'CONCLUIDO', $2),
            (gen_random_uuid(), 'CUI-PDF-3', '13', '130101', 'Fuera del periodo (sintética)', 'PREVENCION', $3, 1, 1, 'CONCLUIDO', $2)`,
    [Number(to), author?.id, Number(from) - 1],
  );
  const res = await t.app.inject({ method: 'GET', url: `/api/public/reports/region/13.pdf?from=${from}&year=${to}&lang=en` });
  assert.equal(res.statusCode, 200, res.body);
  const strings = pdfStrings(res.rawPayload);
  const at = strings.indexOf("Regional plan: targets against the region's figures");
  assert.ok(at > 0, 'the plan section is there');
  assert.ok(strings.includes(`Plan regional de La Libertad (sint\xe9tico) (${Number(from) - 1}\x96${to})`));
  // The region's published figure of the year, as the public table has it.
  const table = (await t.app.inject({ method: 'GET', url: `/api/public/statistics?view=detectionDept&year=${to}` })).json() as { figures: Figure[] };
  const actual = table.figures.find((f) => f.coords.detectionDept === '13')?.value ?? null;
  const row = strings.indexOf(`${to} \xb7 Victims identified`, at);
  assert.ok(row > at, 'the target of the last year');
  assert.deepEqual(strings.slice(row + 1, row + 4), ['1', actual === null ? 'x' : actual.toLocaleString('en-GB'), actual === null ? '\x97' : actual >= 1 ? 'Yes' : 'No']);
  const discarded = strings.indexOf(`${to} \xb7 Cases discarded`, at);
  assert.equal(strings[discarded + 3], 'Yes', 'a ceiling is met when the figure stays below it');
  assert.ok(!strings.includes(`${Number(from) - 1} \xb7 Victims identified`), 'a target outside the period is left out');
  const inv = strings.indexOf('Public investment in the region beside its cases');
  assert.ok(inv > at);
  const care = strings.indexOf(`${to} \xb7 Care`, inv);
  assert.deepEqual(strings.slice(care + 1, care + 5), ['1', '500,000', '125,000', actual === null ? 'x' : actual.toLocaleString('en-GB')]);
  assert.ok(strings.includes(`${to} \xb7 Prevention`));
  assert.ok(!strings.includes(`${Number(from) - 1} \xb7 Prevention`), 'investment outside the period is left out');
  // In Spanish, and a region without a plan says so.
  const es = pdfStrings((await t.app.inject({ method: 'GET', url: `/api/public/reports/region/13.pdf?from=${from}&year=${to}` })).rawPayload);
  assert.ok(es.includes('Plan regional: metas frente a las cifras de la regi\xf3n'));
  assert.ok(es.includes(`${to} \xb7 Atenci\xf3n`));
  const none = pdfStrings((await t.app.inject({ method: 'GET', url: `/api/public/reports/region/16.pdf?lang=en` })).rawPayload).join(' ');
  assert.match(none, /no plan registered with targets in this period/);
  assert.match(none, /No public investment projects registered/);
});

test('the regional PDF leaves the restricted care, justice and coordination indicators out and says so, and has no empty "without data" heading', async () => {
  const en = pdfStrings((await t.app.inject({ method: 'GET', url: '/api/public/reports/region/15.pdf?lang=en' })).rawPayload);
  const at = en.indexOf('Care, justice and coordination outside this report');
  assert.ok(at > 0, 'the note on the indicators left out');
  const after = en.slice(at).join(' ');
  for (const ref of ['B4', 'B7', 'C12', 'D14']) assert.match(after, new RegExp(` ${ref} `), ref);
  assert.ok(!en.includes('Indicators without data in Enlace yet'), 'no heading over an empty list');
  const es = pdfStrings((await t.app.inject({ method: 'GET', url: '/api/public/reports/region/15.pdf' })).rawPayload);
  assert.ok(es.includes('Atenci\xf3n, justicia y coordinaci\xf3n fuera de este informe'));
  assert.ok(!es.includes('Indicadores a\xfan sin datos en Enlace'));
});

test("CSV and XLSX of the trend and of a region's plan and investment tables: the figures the public routes serve, x for protected, formulas neutralised, the notes below", async () => {
  const sheetOf = (payload: Buffer) => builtInSheetReader.read(payload, { file: 'table.xlsx' }).rows.map((r) => r.cells.join('|'));
  const en = { 'accept-language': 'en' };
  const csvOf = (body: string) => (parse(body, { comment: '#' }) as string[][]).map((r) => r.join('|'));
  // The trend (filtered by sex): one row per year, its figure that of the trend route.
  const trend = (await t.app.inject({ method: 'GET', url: '/api/public/statistics/trend?sex=MUJER', headers: en })).json() as { points: { year: string; value: number | null }[] };
  const trendCsv = await t.app.inject({ method: 'GET', url: '/api/public/statistics/trend.csv?sex=MUJER', headers: en });
  assert.equal(trendCsv.statusCode, 200, trendCsv.body);
  assert.match(trendCsv.headers['content-type'] as string, /text\/csv/);
  assert.match(trendCsv.headers['content-disposition'] as string, /victims-identified-tendencia-MUJER\.csv/);
  const trendRows = csvOf(trendCsv.body);
  assert.equal(trendRows[0], 'Year|Victims identified');
  assert.deepEqual(trendRows.slice(1), trend.points.map((p) => `${p.year}|${p.value === null ? 'x' : p.value}`));
  assert.ok(trend.points.every((p) => p.value === null || p.value === 0 || p.value >= 10));
  assert.match(trendCsv.body, /^# Registered sex: Female\n# Each figure is the year's total in that year's protected release/m);
  const trendXlsx = await t.app.inject({ method: 'GET', url: '/api/public/statistics/trend.xlsx?sex=MUJER', headers: en });
  assert.equal(trendXlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.deepEqual(sheetOf(trendXlsx.rawPayload).slice(0, trendRows.length), trendRows);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/statistics/trend.csv?sex=OTRO' })).statusCode, 400);
  // A region's plan (its title typed as a formula) and its investment.
  const to = years[years.length - 1] as string;
  const [author] = await t.db.query<{ id: string }>('SELECT id FROM users ORDER BY created_at LIMIT 1');
  await t.db.query(
    `INSERT INTO regional_plans (id, department, title, period_from, period_to, objectives, targets, created_by)
     VALUES (gen_random_uuid(), '12', '=HYPERLINK("http://x")', $1, $1, '[]', $2, $3)`,
    [Number(to), JSON.stringify([{ indicator: 'victims-identified', year: Number(to), target: 5 }]), author?.id],
  );
  await t.db.query(
    `INSERT INTO investment_projects (id, code, department, municipality, name, purpose, year, budget, executed, status, created_by)
     VALUES (gen_random_uuid(), 'CUI-CSV-1', '12', '120101', 'Casa de acogida (sintética)', 'ATENCION', $1, 500000, 125000, 'EN_EJECUCION', $2)`,
    [Number(to), author?.id],
  );
  const page = (await t.app.inject({ method: 'GET', url: '/api/public/regions/12/plans' })).json() as { plans: { progress: { actual: number | null }[] }[]; investment: { victimsIdentified: number | null }[] };
  const actual = page.plans[0]?.progress[0]?.actual ?? null;
  const plansCsv = await t.app.inject({ method: 'GET', url: '/api/public/regions/12/plans.csv' });
  assert.equal(plansCsv.statusCode, 200, plansCsv.body);
  assert.match(plansCsv.headers['content-disposition'] as string, /plan-12\.csv/);
  const planRows = csvOf(plansCsv.body);
  assert.equal(planRows[0], 'Plan regional|A\u00f1o|Indicador|Meta|Cifra|\u00bfCumplida?');
  assert.equal(planRows[1], `'=HYPERLINK("http://x") (${to}\u2013${to})|${to}|V\u00edctimas identificadas|5|${actual === null ? 'x' : actual}|${actual === null ? '\u2014' : actual >= 5 ? 'S\u00ed' : 'No'}`);
  const plansXlsx = await t.app.inject({ method: 'GET', url: '/api/public/regions/12/plans.xlsx' });
  const planSheet = sheetOf(plansXlsx.rawPayload);
  assert.ok(planSheet[1]?.startsWith('=HYPERLINK'), 'kept as text in the sheet (an inline string, never a formula)');
  assert.ok(!plansXlsx.rawPayload.includes('<f>'));
  const investmentCsv = await t.app.inject({ method: 'GET', url: '/api/public/regions/12/investment.csv', headers: en });
  assert.equal(investmentCsv.statusCode, 200, investmentCsv.body);
  const victims = page.investment[0]?.victimsIdentified ?? null;
  assert.deepEqual(csvOf(investmentCsv.body), ['Year|Purpose|Projects|Budget (PEN)|Executed (PEN)|Victims identified', `${to}|Care|1|500000|125000|${victims === null ? 'x' : victims}`]);
  assert.match(investmentCsv.body, /^# Public investment projects/m);
  const investmentXlsx = await t.app.inject({ method: 'GET', url: '/api/public/regions/12/investment.xlsx', headers: en });
  assert.equal(investmentXlsx.statusCode, 200);
  assert.deepEqual(sheetOf(investmentXlsx.rawPayload).slice(0, 2), csvOf(investmentCsv.body));
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/public/regions/99/plans.csv' })).statusCode, 400);
});

test('a table whose protection overruns its time limit is 503 with Retry-After (es/en), nothing of it is published, and the server keeps answering', async () => {
  const saved = { limit: process.env.ENLACE_PROTECTION_LIMIT_MS, precompute: process.env.ENLACE_STATISTICS_PRECOMPUTE };
  process.env.ENLACE_PROTECTION_LIMIT_MS = '1';
  process.env.ENLACE_STATISTICS_PRECOMPUTE = '0';
  const { buildApp } = await import('../../src/server/app.ts');
  const app = await buildApp(t.db, { linkOnArrival: false, logLevel: 'silent', webRoot: '/nonexistent' });
  try {
    for (const [name, value] of [['ENLACE_PROTECTION_LIMIT_MS', saved.limit], ['ENLACE_STATISTICS_PRECOMPUTE', saved.precompute]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const lang of ['es', 'en']) {
      const res = await app.inject({ method: 'GET', url: '/api/public/statistics?view=flows', headers: { 'accept-language': lang } });
      assert.equal(res.statusCode, 503, res.body);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
      assert.ok(Number(res.headers['retry-after']) > 0);
      const body = res.json() as { title: string; figures?: unknown };
      assert.equal(body.figures, undefined);
      assert.match(body.title, lang === 'es' ? /no se pudieron proteger/ : /could not be protected/);
    }
    const catalogue = await app.inject({ method: 'GET', url: '/api/public/indicators' });
    assert.equal(catalogue.statusCode, 200);
  } finally {
    await app.close();
  }
});
