// Free text in an audit entry — the reason for an edit, a share, a broken glass, a linkage
// decision — may name the person or tell her story. It is kept sealed in the entry's purpose like
// every other sensitive field: under the person's data key when the entry is about her (so that
// erasing her destroys it too), else under the service key of the audit log. Only readers who may
// see it get it opened (`openPurposes`); everyone else sees that there was a reason.
import { REASON_WITHHELD } from '../actions/sealing.ts';
import { vaultOf } from '../crypto/keys.ts';
import { personKeys } from '../crypto/keys.ts';
import type { Queryable } from '../db/database.ts';

const SEALED = / ?sealed:(?:p:([0-9a-f-]{36})|s):([A-Za-z0-9+/=]+)$/;
const aad = (entityId: string | null | undefined) => `audit-reason:${entityId ?? ''}`;

/** The person an entry is about, when it is about a person or one of her case files. */
async function personOf(q: Queryable, entityType: string | undefined, entityId: string | undefined): Promise<string | undefined> {
  if (!entityId) return undefined;
  if (entityType === 'person') return entityId;
  if (entityType !== 'case_file') return undefined;
  const [row] = await q.query<{ person_id: string }>('SELECT person_id FROM case_files WHERE id = $1', [entityId]);
  return row?.person_id;
}

/** The purpose to store: the readable part (codes, ids), then the reason sealed. */
export async function sealedPurpose(q: Queryable, event: { entityType?: string | undefined; entityId?: string | undefined; purpose?: string | undefined; reason: string }): Promise<string> {
  const vault = vaultOf(q);
  const personId = await personOf(q, event.entityType, event.entityId);
  const key = personId ? (await personKeys(q, [personId])).get(personId) : undefined;
  const sealed = vault.sealJson(key ?? vault.serviceKey('audit'), event.reason, aad(event.entityId)).toString('base64');
  return `${event.purpose ? `${event.purpose} ` : ''}sealed:${key ? `p:${personId}` : 's'}:${sealed}`;
}

/** Marks a reason kept from the reader, or whose person's key was destroyed. */
export { REASON_WITHHELD };

/**
 * Purposes as a reader sees them: a sealed reason opened (after the readable part and ': ') when
 * `open` is true and its key still exists, otherwise replaced by REASON_WITHHELD.
 */
export async function openPurposes<T extends { purpose: string | null; entity_id: string | null }>(q: Queryable, rows: readonly T[], open: boolean): Promise<T[]> {
  const persons = open ? rows.flatMap((r) => SEALED.exec(r.purpose ?? '')?.[1] ?? []) : [];
  const keys = persons.length > 0 ? await personKeys(q, [...new Set(persons)]) : new Map<string, Buffer>();
  const vault = vaultOf(q);
  return rows.map((r) => {
    const m = r.purpose ? SEALED.exec(r.purpose) : null;
    if (!m || !r.purpose) return r;
    const readable = r.purpose.slice(0, m.index);
    let reason = REASON_WITHHELD;
    const key = m[1] ? keys.get(m[1]) : vault.serviceKey('audit');
    if (open && key) {
      try {
        reason = vault.openJson<string>(key, Buffer.from(m[2] ?? '', 'base64'), aad(r.entity_id));
      } catch {
        reason = REASON_WITHHELD;
      }
    }
    return { ...r, purpose: readable ? `${readable}: ${reason}` : reason };
  });
}
