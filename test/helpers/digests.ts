// A fingerprint of every table's rows: equal digests mean the same rows, byte for byte as text.
import type { Queryable } from '../../src/server/db/database.ts';

export async function tableDigests(db: Queryable): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const { name } of await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
    const [row] = await db.query<{ n: number; digest: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM "${name}" t`);
    digests[name] = `${row?.n ?? 0}:${row?.digest ?? ''}`;
  }
  return digests;
}
