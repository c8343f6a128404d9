import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Vincula todos los registros de personas de la base / link every person record in the database',
  async run() {
    const { openEnlaceDatabase } = await import('../../server/db/open.ts');
    const { linkAllPersons } = await import('../../server/linkage/batch.ts');
    const db = await openEnlaceDatabase();
    try {
      const started = Date.now();
      const r = await linkAllPersons(db, { onProgress: (m) => process.stderr.write(`  ${m}\n`) });
      process.stdout.write(
        `Registros / records: ${r.records}; vínculos automáticos / auto links: ${r.linked}; a revisión / to review: ${r.toReview}; personas / persons: ${r.persons} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
