// `npm run demo`: Enlace on its embedded database with synthetic data and one demo user per
// demo agency, whose one-time passwords are printed at every start.
import { parseArgs } from 'node:util';
import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Demostración con datos sintéticos / demo with synthetic data (ENLACE_DATA_DIR, PORT)',
  async run(args) {
    const { values } = parseArgs({ args, options: { persons: { type: 'string' }, port: { type: 'string' }, seed: { type: 'string' } } });
    const { openEnlaceDatabase } = await import('../../server/db/open.ts');
    const { ensureAdministrator } = await import('../../server/commands/directory.ts');
    const { ensureDemoDirectory, loadSyntheticCases, resetDemoPasswords } = await import('../../server/commands/seed.ts');
    const { hashPassword, randomPassword } = await import('../../server/auth/passwords.ts');
    const { buildApp } = await import('../../server/app.ts');

    const dataDir = process.env.ENLACE_DATA_DIR ?? 'data/demo';
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    const host = process.env.HOST ?? '127.0.0.1';
    const out = (line = '') => process.stdout.write(`${line}\n`);

    out(`Enlace – demostración / demo. Base de datos embebida / embedded database: ${dataDir}`);
    const db = await openEnlaceDatabase({ engine: 'pglite', dataDir });
    await db.transaction((tx) => ensureAdministrator(tx, randomPassword()));
    const directory = await db.transaction((tx) => ensureDemoDirectory(tx));
    const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files');
    if ((existing?.n ?? 0) === 0) {
      const persons = Number(values.persons ?? 1500);
      out(`Cargando datos SINTÉTICOS de ${persons} personas / loading SYNTHETIC data for ${persons} persons…`);
      const started = Date.now();
      const count = await loadSyntheticCases(db, directory, { persons, seed: Number(values.seed ?? 20261126) });
      out(`  ${count} expedientes sintéticos en ${((Date.now() - started) / 1000).toFixed(1)} s / ${count} synthetic case files`);
      const { linkAllPersons } = await import('../../server/linkage/batch.ts');
      const linked = await linkAllPersons(db);
      out(`  vinculación / linkage: ${linked.records} registros → ${linked.persons} personas; ${linked.toReview} pares a revisión / pairs to review`);
      const { loadSyntheticCareRecords } = await import('../../server/commands/seed-care-records.ts');
      const { todayInPeru } = await import('../../domain/dates.ts');
      const care = await loadSyntheticCareRecords(db, { today: todayInPeru(), seed: Number(values.seed ?? 20261126) });
      out(`  atención / care: ${care.inCare} expedientes en atención, ${care.plans} planes (PRI), ${care.proceedings} procesos penales / case files in care, plans, criminal proceedings`);
    }
    const passwords = await db.transaction((tx) => resetDemoPasswords(tx, directory));
    const adminPassword = randomPassword();
    await db.query("UPDATE users SET password_hash = $1, must_change_password = true, failed_logins = 0, locked_until = NULL WHERE username = 'admin'", [await hashPassword(adminPassword)]);

    const app = await buildApp(db, { logLevel: 'warn' });
    await app.listen({ host, port });
    out();
    out('  TODOS LOS DATOS SON SINTÉTICOS / ALL DATA IS SYNTHETIC');
    out(`  Abra / open http://${host}:${port}`);
    out('  Usuarios de demostración (contraseña de un solo uso: se cambia al iniciar sesión)');
    out('  Demo users (one-time passwords: change them at first sign-in)');
    for (const p of passwords) out(`    ${p.agency.padEnd(12)} ${p.username.padEnd(18)} ${p.password}`);
    out(`    ${'admin'.padEnd(12)} ${'admin'.padEnd(18)} ${adminPassword}   (sin acceso a expedientes / no access to case files)`);
    out();
    const stop = async () => {
      await app.close();
      await db.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => undefined);
  },
};
