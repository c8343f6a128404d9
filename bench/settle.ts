// What a deployment's autovacuum and checkpointer would have done to a benchmark's database by the
// time it serves: the benchmarks measure the server, not the aftermath of their own bulk load.
import type { Queryable } from '../src/server/db/database.ts';

/**
 * VACUUM marks the loaded pages all-visible (an index-only scan no longer reads the table to check
 * each row) and ANALYZE gives the planner the data's statistics; CHECKPOINT writes the load's dirty
 * pages now rather than in the middle of a measured run (one stalled a steady create run 450 ms).
 */
export async function settleAfterLoad(db: Queryable): Promise<void> {
  await db.query('VACUUM (ANALYZE)');
  await db.query('CHECKPOINT');
}

/**
 * A reused database was last settled before the earlier runs wrote to it. With autovacuum on, the
 * server has been tidying it since; with it off (as on some shared test machines), the bench does.
 */
export async function settleReused(db: Queryable): Promise<void> {
  const [row] = await db.query<{ setting: string }>("SELECT current_setting('autovacuum') AS setting");
  if (row?.setting === 'on') return;
  console.log('note: autovacuum is off on this PostgreSQL server (a deployment keeps it on); the bench vacuums the reused database itself');
  await settleAfterLoad(db);
}
