// `enlace report --region 15 --from 2023 --to 2025 [--indicator victims-identified] [--lang es|en] [--out file.pdf]`:
// the regional PDF report, the same bytes as the public route, written to a file.
// `enlace report --table detectionDept [--year 2025] [--format csv|xlsx] …`: a public table (every
// dimension of the view, protected as the public route serves it) as CSV or XLSX.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../../server/db/database.ts';
import type { EvidenceService } from '../../server/evidence/service.ts';
import type { CliCommand } from '../main.ts';

const USAGE =
  'Uso / usage: enlace report --region <código de departamento / department code, p. ej. 15> [--from AAAA] [--to AAAA] [--indicator victims-identified] [--lang es|en] [--out archivo.pdf]\n' +
  '  Las cifras se publican por año calendario: --from y --to aceptan un año o una fecha (se usa su año).\n' +
  '  Figures are published per calendar year: --from and --to take a year or a date (its year is used).\n' +
  '       enlace report --table <cuadro / table: detectionDept, exploitation, nationality, ageBand, gender, sex, flows> [--year AAAA] [--format csv|xlsx] [--indicator …] [--lang es|en] [--out archivo]\n';

const yearOf = (value: string | undefined) => (value === undefined ? undefined : /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) ? value.slice(0, 4) : null);

export const command: CliCommand = {
  summary: 'Informe regional en PDF y cuadros en CSV/XLSX / regional PDF report and tables as CSV/XLSX (--region 15 --from 2023 --to 2025; --table sex)',
  async run(args) {
    let options;
    try {
      options = parseArgs({
        args,
        options: { region: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, table: { type: 'string' }, year: { type: 'string' }, format: { type: 'string', default: 'csv' }, indicator: { type: 'string', default: 'victims-identified' }, lang: { type: 'string', default: 'es' }, out: { type: 'string' } },
        strict: true,
      }).values;
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return 2;
    }
    const from = yearOf(options.from);
    const to = yearOf(options.to);
    if (options.table !== undefined) {
      const year = yearOf(options.year);
      const { table, format, lang } = options;
      if (year === null || (format !== 'csv' && format !== 'xlsx') || (lang !== 'es' && lang !== 'en')) {
        process.stderr.write(USAGE);
        return 2;
      }
      return written(options.out, async (_db, service) => {
        const { publicTable, tableCsv, tableFileName, tableWorkbook } = await import('../../server/evidence/tables.ts');
        const answer = await publicTable(service, { indicator: options.indicator, view: table, year, lang });
        return { body: format === 'csv' ? tableCsv(answer) : tableWorkbook(answer), filename: tableFileName(answer, format) };
      });
    }
    const { region, lang } = options;
    if (!region || !/^\d{2}$/.test(region) || from === null || to === null || (lang !== 'es' && lang !== 'en')) {
      process.stderr.write(USAGE);
      return 2;
    }
    return written(options.out, async (db, service) => {
      const { regionReportPdf } = await import('../../server/evidence/report.ts');
      const { pdf, filename } = await regionReportPdf(db, service, { region, from, to, indicator: options.indicator, lang });
      return { body: pdf, filename };
    });
  },
};

/** Opens the database and one snapshot, protected as the server would (a CLI waits as long as the protection takes); writes what `make` gives to `out` or its own file name. */
async function written(out: string | undefined, make: (db: Database, service: EvidenceService) => Promise<{ body: string | Buffer; filename: string }>): Promise<number> {
  const { configFromEnv, openDatabase } = await import('../../server/db/database.ts');
  const { EvidenceService } = await import('../../server/evidence/service.ts');
  const { Problem } = await import('../../server/errors.ts');
  const { translate } = await import('../../domain/messages.ts');
  const db = await openDatabase(configFromEnv());
  const service = new EvidenceService(db, { maxAgeMs: Number.MAX_SAFE_INTEGER, requestWaitMs: 3_600_000 });
  try {
    const { body, filename } = await make(db, service);
    const path = out ?? filename;
    writeFileSync(path, body);
    process.stdout.write(`${path} (${Buffer.byteLength(body).toLocaleString('en')} bytes)\n`);
    return 0;
  } catch (error) {
    if (error instanceof Problem) {
      process.stderr.write(`${translate(error.key, 'es', error.params)} / ${translate(error.key, 'en', error.params)}\n`);
      return 1;
    }
    throw error;
  } finally {
    await service.close();
    await db.close();
  }
}
