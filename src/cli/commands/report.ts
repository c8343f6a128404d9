// `enlace report --region 15 --from 2023 --to 2025 [--indicator victims-identified] [--lang es|en] [--out file.pdf]`:
// the regional PDF report, the same bytes as the public route, written to a file.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../main.ts';

const USAGE =
  'Uso / usage: enlace report --region <código de departamento / department code, p. ej. 15> [--from AAAA] [--to AAAA] [--indicator victims-identified] [--lang es|en] [--out archivo.pdf]\n' +
  '  Las cifras se publican por año calendario: --from y --to aceptan un año o una fecha (se usa su año).\n' +
  '  Figures are published per calendar year: --from and --to take a year or a date (its year is used).\n';

const yearOf = (value: string | undefined) => (value === undefined ? undefined : /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) ? value.slice(0, 4) : null);

export const command: CliCommand = {
  summary: 'Informe regional en PDF / regional PDF report (--region 15 --from 2023 --to 2025)',
  async run(args) {
    let options;
    try {
      options = parseArgs({
        args,
        options: { region: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, indicator: { type: 'string', default: 'victims-identified' }, lang: { type: 'string', default: 'es' }, out: { type: 'string' } },
        strict: true,
      }).values;
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return 2;
    }
    const from = yearOf(options.from);
    const to = yearOf(options.to);
    if (!options.region || !/^\d{2}$/.test(options.region) || from === null || to === null || (options.lang !== 'es' && options.lang !== 'en')) {
      process.stderr.write(USAGE);
      return 2;
    }
    const { configFromEnv, openDatabase } = await import('../../server/db/database.ts');
    const { EvidenceService } = await import('../../server/evidence/service.ts');
    const { regionReportPdf } = await import('../../server/evidence/report.ts');
    const { Problem } = await import('../../server/errors.ts');
    const { translate } = await import('../../domain/messages.ts');
    const db = await openDatabase(configFromEnv());
    // One snapshot, protected as the server would; a CLI waits as long as the protection takes.
    const service = new EvidenceService(db, { maxAgeMs: Number.MAX_SAFE_INTEGER, requestWaitMs: 3_600_000 });
    try {
      const { pdf, filename } = await regionReportPdf(db, service, { region: options.region, from, to, indicator: options.indicator, lang: options.lang });
      const out = options.out ?? filename;
      writeFileSync(out, pdf);
      process.stdout.write(`${out} (${pdf.length.toLocaleString('en')} bytes)\n`);
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
  },
};
