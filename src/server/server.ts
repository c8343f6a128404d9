// Starting Enlace: open the database, apply migrations, create the first administrator, listen.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppConfig } from './app.ts';
import { ensureAdministrator } from './commands/directory.ts';
import { configFromEnv, type Database, type DatabaseConfig } from './db/database.ts';
import { openEnlaceDatabase } from './db/open.ts';
import { installGracefulShutdown, shutdownOptionsFromEnv } from './ops/shutdown.ts';

export interface StartOptions {
  host: string;
  port: number;
  database?: DatabaseConfig;
  app?: Partial<AppConfig>;
  adminPassword?: string | undefined;
  print?: (line: string) => void;
}

/**
 * Opens the database (applying migrations) and creates the first administrator when there is
 * none, printing her one-time password. A server with several processes does this once, before
 * they start.
 */
export async function prepareDatabase(options: Pick<StartOptions, 'database' | 'adminPassword' | 'print'>): Promise<Database> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const db = await openEnlaceDatabase(options.database ?? configFromEnv());
  const admin = await db.transaction((tx) => ensureAdministrator(tx, options.adminPassword));
  if (admin?.password) {
    print('');
    print('  Primer inicio: se creó el usuario administrador / First start: administrator created');
    print(`    usuario / user:        ${admin.username}`);
    print(`    contraseña / password: ${admin.password}`);
    print('  Se muestra solo esta vez; cámbiela al iniciar sesión. / Shown only once; change it at first sign-in.');
    print('');
  }
  return db;
}

export async function startServer(options: StartOptions): Promise<{ app: FastifyInstance; db: Database }> {
  const db = await prepareDatabase(options);
  const app = await buildApp(db, options.app);
  await app.listen({ host: options.host, port: options.port });
  installGracefulShutdown(app, db, shutdownOptionsFromEnv(process.env, (message, fields) => app.log.warn(fields ?? {}, message)));
  return { app, db };
}
