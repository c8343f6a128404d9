// Master-key rotation: every stored key re-wrapped under the current master key, then checked.
import type { Database } from '../db/database.ts';
import { rewrapAll, vaultOf } from './keys.ts';

export async function rotateMasterKey(db: Database): Promise<{ rewrapped: number; masterKeyId: string }> {
  const rewrapped = await rewrapAll(db);
  const current = vaultOf(db).current.id;
  const [left] = await db.query<{ n: number }>(
    "SELECT (SELECT count(*) FROM person_keys WHERE master_key_id <> $1) + (SELECT count(*) FROM vault_keys WHERE master_key_id <> $1) AS n",
    [current],
  );
  if (Number(left?.n ?? 0) > 0) throw new Error(`${left?.n} claves siguen con la clave anterior / keys still under the old master key`);
  return { rewrapped, masterKeyId: current };
}
