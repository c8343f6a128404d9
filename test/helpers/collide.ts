// Collisions between transactions on demand, for the tests of db/retry.ts: a real PostgreSQL error
// (RAISE … USING ERRCODE = '40001', a serialization failure) inside the transaction, the first
// `times` times. A sequence counts the attempts the database saw: nextval is not rolled back.
import type { Queryable } from '../../src/server/db/database.ts';

/** Creates `collide(counter, times)`: raises 40001 while `counter` has been drawn `times` times or fewer. */
export async function createCollide(db: Queryable): Promise<void> {
  await db.query(`CREATE OR REPLACE FUNCTION collide(counter regclass, times int) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval(counter) <= times THEN RAISE EXCEPTION 'collision (test)' USING ERRCODE = '40001'; END IF;
    END $$`);
}

/** How many times `counter` was drawn: the attempts that reached `collide`. */
export async function attemptsSeen(db: Queryable, counter: string): Promise<number> {
  const [row] = await db.query<{ n: number; called: boolean }>(`SELECT last_value::int AS n, is_called AS called FROM ${counter}`);
  return row?.called ? row.n : 0;
}

/**
 * Inserts into `table` collide, the first `times` of them: returns the attempts seen, and a way to
 * stop. `atCommit`: the collision comes at COMMIT (a deferred constraint trigger), after the whole
 * of the transaction's work has run.
 */
export async function collideOnInsert(db: Queryable, table: string, times: number, options: { atCommit?: boolean } = {}): Promise<{ attempts(): Promise<number>; stop(): Promise<void> }> {
  await createCollide(db);
  const name = `collide_${table}_${Math.random().toString(36).slice(2, 8)}`;
  await db.query(`CREATE SEQUENCE ${name}`);
  await db.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM collide('${name}', ${times}); RETURN NEW; END $$`);
  await db.query(
    options.atCommit
      ? `CREATE CONSTRAINT TRIGGER ${name} AFTER INSERT ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${name}()`
      : `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`,
  );
  return {
    attempts: () => attemptsSeen(db, name),
    stop: async () => {
      await db.query(`DROP TRIGGER ${name} ON ${table}`);
      await db.query(`DROP FUNCTION ${name}()`);
    },
  };
}
