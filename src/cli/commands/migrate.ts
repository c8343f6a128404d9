import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Aplica las migraciones pendientes / apply pending migrations',
  async run() {
    const { configFromEnv, openDatabase } = await import('../../server/db/database.ts');
    const { migrate } = await import('../../server/db/migrate.ts');
    const db = await openDatabase(configFromEnv());
    try {
      const applied = await migrate(db);
      process.stdout.write(applied.length ? `Migraciones aplicadas / applied: ${applied.join(', ')}\n` : 'Al día / up to date\n');
      return 0;
    } finally {
      await db.close();
    }
  },
};
