import { parseArgs } from 'node:util';
import type { CliCommand } from '../main.ts';

const USAGE = `Uso / usage: enlace restore ARCHIVO [--key-file CLAVE] [--master-key-file CLAVE_MAESTRA]
Restaura en una base vacía del mismo motor: DATABASE_URL (PostgreSQL) o ENLACE_DATA_DIR (PGlite, carpeta vacía o inexistente).
Restores into an empty database of the same engine: DATABASE_URL (PostgreSQL) or ENLACE_DATA_DIR (PGlite, an empty or missing folder).
`;

export const command: CliCommand = {
  summary: 'Restaura una copia y la comprueba de punta a punta / restore a backup and check it end to end',
  async run(args) {
    let parsed: { values: { 'key-file'?: string; 'master-key-file'?: string }; positionals: string[] };
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { 'key-file': { type: 'string' }, 'master-key-file': { type: 'string' } } });
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    const [file] = parsed.positionals;
    if (!file || parsed.positionals.length > 1) {
      process.stderr.write(USAGE);
      return 2;
    }
    const { backupKeyFrom, restoreMasterKeys, reportFailure } = await import('./backup-keys.ts');
    const { restoreBackup } = await import('../../server/ops/backup.ts');
    const { configFromEnv } = await import('../../server/db/database.ts');
    try {
      const config = configFromEnv();
      const report = await restoreBackup(file, backupKeyFrom(parsed.values['key-file']), config, restoreMasterKeys(config, parsed.values['master-key-file']));
      process.stdout.write(
        `Restaurada y comprobada / restored and checked: copia del / backup of ${report.manifest.createdAt}; ${report.tables} tablas / tables, ${report.rows} filas / rows; ` +
          `auditoría íntegra / audit intact: ${report.auditEntries} entradas en ${report.auditChains} cadenas / entries in chains; ${report.personKeys} claves de persona abiertas / person keys opened\n`,
      );
      return 0;
    } catch (error) {
      return reportFailure(error);
    }
  },
};
