// Keys kept in the database, always wrapped by the master key: the blind-index key of the
// database and one data key per person. Nothing here is readable without the master key.
import type { Database, Queryable } from '../db/database.ts';
import { MasterKey, Vault } from './vault.ts';

/** Opens the vault of a database: unwraps (or, the first time, creates) its index key. */
export async function openVault(db: Database, masters: { current: MasterKey; previous: readonly MasterKey[] }): Promise<Vault> {
  const probe = new Vault(masters.current, masters.previous, Buffer.alloc(32));
  const [row] = await db.query<{ wrapped: Buffer; master_key_id: string }>("SELECT wrapped, master_key_id FROM vault_keys WHERE name = 'index'");
  let indexKey: Buffer;
  if (row) {
    try {
      indexKey = probe.unwrap({ masterKeyId: row.master_key_id, wrapped: Buffer.from(row.wrapped) }, 'index');
    } catch {
      throw new Error(
        `La clave maestra no corresponde a esta base de datos (se esperaba ${row.master_key_id}) / the master key does not match this database (expected ${row.master_key_id})`,
      );
    }
  } else {
    indexKey = Vault.newDataKey();
    const wrapped = probe.wrap(indexKey, 'index');
    await db.query("INSERT INTO vault_keys (name, wrapped, master_key_id) VALUES ('index', $1, $2) ON CONFLICT (name) DO NOTHING", [wrapped.wrapped, wrapped.masterKeyId]);
    // Another process may have won the race: read back what is stored.
    const [stored] = await db.query<{ wrapped: Buffer; master_key_id: string }>("SELECT wrapped, master_key_id FROM vault_keys WHERE name = 'index'");
    if (stored) indexKey = probe.unwrap({ masterKeyId: stored.master_key_id, wrapped: Buffer.from(stored.wrapped) }, 'index');
  }
  const vault = new Vault(masters.current, masters.previous, indexKey);
  db.vault = vault;
  return vault;
}

export function vaultOf(q: Queryable): Vault {
  if (!q.vault) throw new Error('identity vault not opened for this database');
  return q.vault;
}

/** A new person's data key, stored wrapped; returns the key itself for sealing. */
export async function createPersonKey(tx: Queryable, personId: string): Promise<Buffer> {
  const { key, insertAt } = newPersonKey(tx, personId);
  const { sql, params } = insertAt(0);
  await tx.query(sql, params);
  return key;
}

/**
 * A new person's data key, and the statement that stores it wrapped, for the caller to send (alone
 * or joined with others, its placeholders starting after `offset`) in the same transaction.
 */
export function newPersonKey(tx: Queryable, personId: string): { key: Buffer; insertAt: (offset: number) => { sql: string; params: unknown[] } } {
  const key = Buffer.from(randomKey());
  const wrapped = vaultOf(tx).wrap(key, `person:${personId}`);
  keysCreatedIn(tx)?.set(personId, key);
  return {
    key,
    insertAt: (offset) => ({
      sql: `INSERT INTO person_keys (person_id, wrapped, master_key_id) VALUES ($${offset + 1}, $${offset + 2}, $${offset + 3})`,
      params: [personId, wrapped.wrapped, wrapped.masterKeyId],
    }),
  };
}

// Keys created inside a transaction, so that the same transaction does not read them back (a
// registration creates the person's key and then seals her case file with it). Only transactions
// keep them: they end, so an erasure committed later can never be hidden by a stale entry.
const createdKeys = new WeakMap<Queryable, Map<string, Buffer>>();
function keysCreatedIn(q: Queryable): Map<string, Buffer> | undefined {
  if ('transaction' in q) return undefined;
  let keys = createdKeys.get(q);
  if (!keys) createdKeys.set(q, (keys = new Map()));
  return keys;
}

function randomKey(): Buffer {
  return Vault.newDataKey();
}

/** The data keys of these persons; a person whose key was destroyed (erasure) is absent. */
export async function personKeys(q: Queryable, personIds: readonly string[]): Promise<Map<string, Buffer>> {
  if (personIds.length === 0) return new Map();
  const created = createdKeys.get(q);
  if (created && personIds.every((id) => created.has(id))) return new Map(personIds.map((id) => [id, created.get(id) as Buffer]));
  const vault = vaultOf(q);
  const rows = await q.query<{ person_id: string; wrapped: Buffer; master_key_id: string }>('SELECT person_id, wrapped, master_key_id FROM person_keys WHERE person_id = ANY($1::uuid[])', [personIds]);
  return new Map(rows.map((r) => [r.person_id, vault.unwrapKept({ masterKeyId: r.master_key_id, wrapped: Buffer.from(r.wrapped) }, `person:${r.person_id}`)]));
}

/** Re-wraps every stored key under the current master key (after a rotation). Returns how many. */
export async function rewrapAll(db: Database): Promise<number> {
  const vault = vaultOf(db);
  // The keys this process keeps unwrapped came from the old wrappings (the new ones would be
  // unwrapped afresh anyway): dropped.
  vault.forgetKept();
  return db.transaction(async (tx) => {
    let count = 0;
    const index = await tx.query<{ wrapped: Buffer; master_key_id: string }>("SELECT wrapped, master_key_id FROM vault_keys WHERE name = 'index' FOR UPDATE");
    for (const row of index) {
      const key = vault.unwrap({ masterKeyId: row.master_key_id, wrapped: Buffer.from(row.wrapped) }, 'index');
      const w = vault.wrap(key, 'index');
      await tx.query("UPDATE vault_keys SET wrapped = $1, master_key_id = $2 WHERE name = 'index'", [w.wrapped, w.masterKeyId]);
      count++;
    }
    const rows = await tx.query<{ person_id: string; wrapped: Buffer; master_key_id: string }>('SELECT person_id, wrapped, master_key_id FROM person_keys WHERE master_key_id <> $1 FOR UPDATE', [vault.current.id]);
    for (const r of rows) {
      const key = vault.unwrap({ masterKeyId: r.master_key_id, wrapped: Buffer.from(r.wrapped) }, `person:${r.person_id}`);
      const w = vault.wrap(key, `person:${r.person_id}`);
      await tx.query('UPDATE person_keys SET wrapped = $2, master_key_id = $3 WHERE person_id = $1', [r.person_id, w.wrapped, w.masterKeyId]);
      count++;
    }
    return count;
  });
}
