// `enlace rotate-key`: after a master-key rotation, re-wraps every stored key (the index key and
// each person's data key) under the new master key, so that the old one can be retired.
import type { CliCommand } from '../main.ts';

const USAGE = `Uso / usage:
  enlace rotate-key --generate     imprime una clave maestra nueva / prints a new master key (base64)
  enlace rotate-key                re-envuelve las claves con ENLACE_MASTER_KEY; la anterior va en
                                   ENLACE_MASTER_KEYS_PREVIOUS / re-wraps every key under ENLACE_MASTER_KEY,
                                   the old key given in ENLACE_MASTER_KEYS_PREVIOUS
`;

export const command: CliCommand = {
  summary: 'Rota la clave maestra: re-envuelve todas las claves / rotate the master key: re-wrap every key',
  async run(args) {
    if (args[0] === '--generate' && args.length === 1) {
      const { randomBytes } = await import('node:crypto');
      process.stdout.write(`${randomBytes(32).toString('base64')}\n`);
      return 0;
    }
    if (args.length > 0) {
      process.stderr.write(USAGE);
      return 2;
    }
    const { openEnlaceDatabase } = await import('../../server/db/open.ts');
    const { rotateMasterKey } = await import('../../server/crypto/rotation.ts');
    let db;
    try {
      db = await openEnlaceDatabase();
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return 2;
    }
    try {
      const result = await rotateMasterKey(db);
      process.stdout.write(
        `Claves re-envueltas / keys re-wrapped: ${result.rewrapped}; todas bajo / all under ${result.masterKeyId}.\n` +
          'Ya puede retirar la clave anterior de ENLACE_MASTER_KEYS_PREVIOUS (guarde una copia con las copias de seguridad antiguas). / ' +
          'The old key may now be removed from ENLACE_MASTER_KEYS_PREVIOUS (keep a copy with older backups).\n',
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
