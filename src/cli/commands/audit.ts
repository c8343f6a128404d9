import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Registro de auditoría: «audit verify» comprueba la cadena / audit log: "audit verify" checks the chain',
  async run(args) {
    if (args[0] !== 'verify') {
      process.stderr.write('Uso / usage: enlace audit verify\n');
      return 2;
    }
    const { configFromEnv, openDatabase } = await import('../../server/db/database.ts');
    const { verifyAuditLog } = await import('../../server/audit/writer.ts');
    const db = await openDatabase(configFromEnv());
    try {
      const result = await verifyAuditLog(db);
      for (const p of result.problems) {
        if (p.kind === 'altered') process.stdout.write(`ALTERADA / ALTERED: cadena ${p.chain}, entrada ${p.chainSeq} (seq ${p.seq})\n`);
        else if (p.kind === 'missing') process.stdout.write(`FALTA / MISSING: cadena ${p.chain}, entrada ${p.chainSeq}\n`);
        else process.stdout.write(`CORTADA / TRUNCATED: cadena ${p.chain}: la cabeza dice ${p.expectedHead}, hay ${p.foundHead} / head says ${p.expectedHead}, found ${p.foundHead}\n`);
      }
      process.stdout.write(
        result.problems.length === 0
          ? `Íntegro / intact: ${result.entries} entradas en ${result.chains} cadenas / entries in chains\n`
          : `${result.problems.length} problema(s) / problem(s) en ${result.entries} entradas / entries\n`,
      );
      return result.problems.length === 0 ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};
