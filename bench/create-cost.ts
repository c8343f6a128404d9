// node --import tsx bench/create-cost.ts — what one registration (registerCase, a new person and her
// case file) costs the database and this process, without HTTP, linkage or audit: CPU per
// registration of the backends that served it (/proc) and of this process. A database loaded by
// bench:api (BENCH_DB_NAME, default enlace_bench; its key in bench/out/bench.master.key).
// BENCH_N registrations (2000) over BENCH_CONNECTIONS connections (1), after 200 to warm up;
// BENCH_EXPLAIN=1 first prints EXPLAIN ANALYZE of a few, rolled back.
import { readFileSync } from 'node:fs';
import { openVault } from '../src/server/crypto/keys.ts';
import { MasterKey } from '../src/server/crypto/vault.ts';
import { openPostgres, type Queryable } from '../src/server/db/database.ts';
import { registerCase } from '../src/server/commands/case-files.ts';
import { actorFromRow } from '../src/server/auth/sessions.ts';
import { RegisterCaseRequest } from '../src/domain/schemas.ts';
import { generateSyntheticRegistry, toRegistration } from '../src/synthetic/index.ts';
import { cpuTicks } from './server-processes.ts';

/** /proc counts CPU time in ticks of 10 ms. */
const TICKS_PER_MS = 100 / 1000;

const count = Number(process.env.BENCH_N ?? 2000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 1);
const dbName = process.env.BENCH_DB_NAME ?? 'enlace_bench';
const url = new URL(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${dbName}`;
const application = `create-cost-${process.pid}`;
url.searchParams.set('application_name', application);
const masterKey = readFileSync(new URL('./out/bench.master.key', import.meta.url), 'utf8').trim();
const db = await openPostgres(url.toString(), connections);
await openVault(db, { current: new MasterKey(Buffer.from(masterKey, 'base64')), previous: [] });
const [user] = await db.query<Parameters<typeof actorFromRow>[0]>(
  `SELECT u.id AS user_id, u.unit_id, un.agency_id, un.ubigeo AS unit_ubigeo, a.key AS agency_key, u.roles, u.username
     FROM users u JOIN units un ON un.id = u.unit_id JOIN agencies a ON a.id = un.agency_id WHERE u.username = 'pnp.demo'`,
);
if (!user) throw new Error(`no user pnp.demo in ${dbName}: load it with npm run bench:api`);
const actor = actorFromRow(user);
// New synthetic persons on every run, validated as the route validates them.
const bodies = [...generateSyntheticRegistry({ seed: Date.now() % 1_000_000_000, persons: Math.ceil(count / 2) + 200 })].map((r) => RegisterCaseRequest.parse(toRegistration(r)));
let next = 0;
const register = async (q: Queryable) => registerCase(q, actor, bodies[next++ % bodies.length] as RegisterCaseRequest);

if (process.env.BENCH_EXPLAIN === '1') {
  // The registration's one statement, explained inside a transaction that is rolled back.
  const explaining: Queryable = {
    vault: db.vault,
    query: async (sql, params) => {
      if (!sql.startsWith('WITH ')) return db.query(sql, params);
      return db.transaction(async (tx) => {
        const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        console.log(plan.map((p) => p['QUERY PLAN']).join('\n'));
        throw Object.assign(new Error('rolled back'), { explained: true });
      }).catch((error: unknown) => {
        if (!(error as { explained?: boolean }).explained) throw error;
        return [];
      });
    },
  };
  for (let i = 0; i < 3; i++) await register(explaining);
}

const run = async (total: number) => {
  const until = next + total;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < until) await register(db);
  }));
};
await run(200);
const backends = (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [application])).map((r) => r.pid);
const ticks = () => backends.reduce((sum, pid) => sum + cpuTicks(pid), 0);
const before = { backends: ticks(), self: process.cpuUsage(), at: performance.now() };
await run(count);
const self = process.cpuUsage(before.self);
const backendMs = (ticks() - before.backends) / TICKS_PER_MS / count;
console.log(
  `${count} registrations over ${connections} connection(s): database ${backendMs.toFixed(3)} ms CPU each (${backends.length} backends), ` +
    `this process ${((self.user + self.system) / 1000 / count).toFixed(3)} ms CPU each, ${((performance.now() - before.at) / count).toFixed(3)} ms apart`,
);
await db.close();
