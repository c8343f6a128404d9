// How a bench's server reaches PostgreSQL: through its Unix socket when the database runs on this
// machine (as a deployment beside its database would: no TCP stack between them), else over TCP.
// BENCH_TCP=1 keeps TCP.
import { existsSync } from 'node:fs';
import { openPostgres } from '../src/server/db/database.ts';

export async function serverDatabaseUrl(url: string): Promise<string> {
  const parsed = new URL(url);
  if (process.env.BENCH_TCP === '1' || !['127.0.0.1', 'localhost', '::1'].includes(parsed.hostname)) return url;
  const db = await openPostgres(url, 1);
  const [row] = await db.query<{ dirs: string; port: number }>("SELECT current_setting('unix_socket_directories') AS dirs, inet_server_port() AS port");
  await db.close();
  const dir = row?.dirs.split(',').map((d) => d.trim()).find((d) => existsSync(`${d}/.s.PGSQL.${row.port}`));
  if (!dir) return url;
  return `postgres://${encodeURIComponent(parsed.username)}@localhost${parsed.pathname}?host=${encodeURIComponent(dir)}&port=${row?.port}`;
}
