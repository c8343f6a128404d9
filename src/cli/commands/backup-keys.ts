// Where the backup commands find their keys: the backup key (ENLACE_BACKUP_KEY, ENLACE_BACKUP_KEY_FILE
// or --key-file) and, for a restore, the master key (as the server finds it, but never created anew).
import { existsSync, readFileSync } from 'node:fs';
import { BackupKey } from '../../server/ops/backup-format.ts';
import { BackupUsageError } from '../../server/ops/backup.ts';
import { masterKeyFromEnv, type MasterKey } from '../../server/crypto/vault.ts';
import { defaultKeyFile } from '../../server/db/open.ts';
import type { DatabaseConfig } from '../../server/db/database.ts';
import { diskFullCode, isDiskFull } from '../disk-full.ts';

export function backupKeyFrom(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): BackupKey {
  const file = keyFile ?? env.ENLACE_BACKUP_KEY_FILE;
  const text = file ? (existsSync(file) ? readFileSync(file, 'utf8') : undefined) : env.ENLACE_BACKUP_KEY;
  if (file && text === undefined) throw new BackupUsageError(`No existe el archivo de la clave de copia / backup key file not found: ${file}`);
  if (!text) {
    throw new BackupUsageError('Falta la clave de copia: --key-file, ENLACE_BACKUP_KEY_FILE o ENLACE_BACKUP_KEY (cree una con «enlace backup --new-key ARCHIVO») / no backup key: --key-file, ENLACE_BACKUP_KEY_FILE or ENLACE_BACKUP_KEY (make one with "enlace backup --new-key FILE")');
  }
  try {
    return BackupKey.fromText(text);
  } catch (error) {
    throw new BackupUsageError((error as Error).message);
  }
}

/** The master key a restore checks the data against; a restore never invents one. */
export function restoreMasterKeys(config: DatabaseConfig, masterKeyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): { current: MasterKey; previous: MasterKey[] } {
  const fallback = defaultKeyFile(config);
  const settings = masterKeyFile ? { ...env, ENLACE_MASTER_KEY_FILE: masterKeyFile } : env;
  if (!settings.ENLACE_MASTER_KEY && !settings.ENLACE_MASTER_KEY_FILE && !(fallback && existsSync(fallback))) {
    throw new BackupUsageError('Falta la clave maestra de la copia: --master-key-file, ENLACE_MASTER_KEY_FILE o ENLACE_MASTER_KEY / the backup\'s master key is needed: --master-key-file, ENLACE_MASTER_KEY_FILE or ENLACE_MASTER_KEY');
  }
  try {
    return masterKeyFromEnv(settings, fallback);
  } catch (error) {
    throw new BackupUsageError((error as Error).message);
  }
}

/** Exit codes of the backup commands: 2 for what the operator must change, 1 for a failed check. */
export async function reportFailure(error: unknown): Promise<number> {
  const { BackupCheckError } = await import('../../server/ops/backup.ts');
  const { DataDirLockedError } = await import('../../server/db/lock.ts');
  if (error instanceof BackupUsageError || error instanceof DataDirLockedError) {
    process.stderr.write(`enlace: ${error.message}\n`);
    return 2;
  }
  if (error instanceof BackupCheckError) {
    process.stderr.write(`enlace: FALLÓ LA COMPROBACIÓN / CHECK FAILED: ${error.message}\n`);
    return 1;
  }
  if (isDiskFull(error)) {
    process.stderr.write(`enlace: disco lleno, no se escribió ninguna copia / disk full, no backup was written (${diskFullCode(error)})\n`);
    return 1;
  }
  throw error;
}
