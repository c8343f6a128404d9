import { parseArgs } from 'node:util';
import type { CliCommand } from '../main.ts';

export const command: CliCommand = {
  summary: 'Inicia el servidor / start the server (PORT, HOST, DATABASE_URL, ENLACE_DATA_DIR)',
  async run(args) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } } });
    const { startServer } = await import('../../server/server.ts');
    const { DEFAULT_SESSION_CONFIG } = await import('../../server/auth/sessions.ts');
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    const host = values.host ?? process.env.HOST ?? '127.0.0.1';
    // Only for measuring what the audit costs (npm run bench:api); never in production.
    const audit = process.env.ENLACE_BENCH_AUDIT_OFF !== '1';
    if (!audit) process.stderr.write('AVISO / WARNING: auditoría desactivada para una medición / audit disabled for a benchmark\n');
    await startServer({
      host,
      port,
      adminPassword: process.env.ENLACE_ADMIN_PASSWORD,
      app: {
        secureCookies: process.env.ENLACE_SECURE_COOKIES === 'true',
        logLevel: process.env.LOG_LEVEL ?? 'warn',
        audit,
        session: { ...DEFAULT_SESSION_CONFIG, requireSecondFactor: process.env.ENLACE_REQUIRE_SECOND_FACTOR === 'true' },
      },
    });
    process.stdout.write(`Enlace escucha en / listening on http://${host}:${port}\n`);
    return new Promise<number>(() => undefined);
  },
};
