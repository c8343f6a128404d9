import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Reconstruye las proyecciones desde el registro de acciones / rebuild projections from the action log',
  async run() {
    const { configFromEnv, openDatabase } = await import('../../server/db/database.ts');
    const { migrate } = await import('../../server/db/migrate.ts');
    const { rebuildProjections } = await import('../../server/actions/store.ts');
    const db = await openDatabase(configFromEnv());
    try {
      await migrate(db);
      const counts = await db.transaction((tx) => rebuildProjections(tx));
      process.stdout.write(`Personas / persons: ${counts.persons}; expedientes / case files: ${counts.caseFiles}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
