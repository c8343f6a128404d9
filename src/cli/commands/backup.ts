import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../main.ts';

const USAGE = `Uso / usage:
  enlace backup --out ARCHIVO [--key-file CLAVE]   copia cifrada y comprobada / encrypted, verified backup
  enlace backup --check ARCHIVO [--key-file CLAVE] comprueba una copia / check a backup
  enlace backup --new-key CLAVE                    crea una clave de copia / create a backup key
La base de datos: DATABASE_URL (PostgreSQL) o ENLACE_DATA_DIR (PGlite, con el servidor detenido).
The database: DATABASE_URL (PostgreSQL) or ENLACE_DATA_DIR (PGlite, with the server stopped).
`;

export const command: CliCommand = {
  summary: 'Copia de seguridad cifrada y comprobada / encrypted, verified backup',
  async run(args) {
    let values: { out?: string; check?: string; 'new-key'?: string; 'key-file'?: string };
    try {
      values = parseArgs({ args, options: { out: { type: 'string' }, check: { type: 'string' }, 'new-key': { type: 'string' }, 'key-file': { type: 'string' } } }).values;
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    const { BackupKey } = await import('../../server/ops/backup-format.ts');
    if (values['new-key']) {
      if (existsSync(values['new-key'])) {
        process.stderr.write(`enlace: ya existe / already exists: ${values['new-key']}\n`);
        return 2;
      }
      writeFileSync(values['new-key'], `${BackupKey.generate()}\n`, { mode: 0o600, flag: 'wx' });
      process.stdout.write(`Clave de copia creada en / backup key created in ${values['new-key']}: guárdela fuera del servidor; sin ella las copias no se pueden leer. / keep it off the server; without it the backups cannot be read.\n`);
      return 0;
    }
    if (!values.out && !values.check) {
      process.stderr.write(USAGE);
      return 2;
    }
    const { backupKeyFrom, reportFailure } = await import('./backup-keys.ts');
    const { verifyBackupFile, writeBackup } = await import('../../server/ops/backup.ts');
    try {
      const key = backupKeyFrom(values['key-file']);
      if (values.check) {
        const manifest = await verifyBackupFile(values.check, key);
        process.stdout.write(`Copia íntegra / backup intact: ${manifest.engine}, ${manifest.createdAt}, esquema / schema ${manifest.schemaVersion}, clave maestra / master key ${manifest.masterKeyId ?? '—'}, ${summary(manifest.tables)}\n`);
        return 0;
      }
      const out = values.out as string;
      if (existsSync(out)) {
        process.stderr.write(`enlace: ya existe, no se sobrescribe / already exists, not overwritten: ${out}\n`);
        return 2;
      }
      const { configFromEnv, openDatabase } = await import('../../server/db/database.ts');
      const config = configFromEnv();
      let result;
      if (config.engine === 'postgres') result = await writeBackup({ engine: 'postgres', url: config.url }, out, key);
      else {
        if (!config.dataDir || !existsSync(config.dataDir)) {
          process.stderr.write(`enlace: no existe la carpeta de datos / data folder not found: ${String(config.dataDir)}\n`);
          return 2;
        }
        const db = await openDatabase(config);
        try {
          result = await writeBackup({ engine: 'pglite', db }, out, key);
        } finally {
          await db.close();
        }
      }
      process.stdout.write(`Copia escrita y comprobada / backup written and checked: ${out} (${(result.bytes / 1e6).toFixed(1)} MB; ${summary(result.manifest.tables)}; clave maestra necesaria para restaurar / master key needed to restore: ${result.manifest.masterKeyId ?? '—'})\n`);
      return 0;
    } catch (error) {
      return reportFailure(error);
    }
  },
};

function summary(tables: Record<string, number>): string {
  const pick = ['persons', 'case_files', 'actions', 'audit_log'].filter((t) => t in tables);
  return pick.map((t) => `${t} ${tables[t]}`).join(', ');
}
