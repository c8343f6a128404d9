import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Reconstruye las proyecciones desde el registro de acciones / rebuild projections from the action log',
  async run() {
    const { openEnlaceDatabase } = await import('../../server/db/open.ts');
    const { rebuildProjections } = await import('../../server/actions/store.ts');
    const db = await openEnlaceDatabase();
    try {
      const counts = await db.transaction((tx) => rebuildProjections(tx));
      process.stdout.write(`Personas / persons: ${counts.persons}; expedientes / case files: ${counts.caseFiles}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
