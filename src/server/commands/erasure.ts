// The right of cancellation (Ley 29733, ARCO), answered by the data-protection officer of the
// agency holding the data: her data key is destroyed, so her identity, notes and every value
// sealed under it are gone for good (crypto-shredding); the blind indexes that could confirm a
// name or document are cleared; answers of idempotent requests that held her record are deleted.
// Her case files, their states and every action stay: statistics and histories remain valid
// without anyone's identity. A case still in care is not erased: it is closed first (§10.4.9).
import type { CaseState } from '../../domain/case-lifecycle.ts';
import type { Actor } from '../actor.ts';
import { vaultOf } from '../crypto/keys.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem } from '../errors.ts';
import { caseFilePolicy } from '../policies/case-files.ts';

/** States in which a case file no longer holds anyone in care: erasure may go ahead. */
const ENDED: readonly CaseState[] = ['CERRADO', 'CERRADO_DERIVADO', 'DESCARTADO'];

export interface ErasureResult {
  personId: string;
  erasedAt: string;
  caseFiles: number;
  storedAnswersRemoved: number;
}

export async function erasePerson(tx: Queryable, actor: Actor, personId: string, requestReference: string): Promise<ErasureResult> {
  const [person] = await tx.query<{ owner_agency_id: string; has_key: boolean; erased: boolean }>(
    `SELECT p.owner_agency_id, EXISTS (SELECT 1 FROM person_keys k WHERE k.person_id = p.id) AS has_key, EXISTS (SELECT 1 FROM erasures e WHERE e.person_id = p.id) AS erased
       FROM persons p WHERE p.id = $1 FOR UPDATE OF p`,
    [personId],
  );
  if (!person || !caseFilePolicy.can(actor, 'erasePerson', { ownerAgencyId: person.owner_agency_id })) throw notFound();
  if (person.erased || !person.has_key) throw new Problem(409, 'problem.personErased');
  const cases = await tx.query<{ code: string; state: CaseState }>('SELECT code, state FROM case_files WHERE person_id = $1', [personId]);
  const open = cases.filter((c) => !ENDED.includes(c.state));
  if (open.length > 0) throw new Problem(409, 'problem.erasureCaseOpen', { arg: open.map((c) => c.code).join(', ') });

  const storedAnswersRemoved = await removeStoredAnswers(tx, personId);
  await tx.query('DELETE FROM person_keys WHERE person_id = $1', [personId]);
  // Nor kept unwrapped by this process (Vault.unwrapKept; other processes never find it again,
  // the wrapped key being gone, and let it age out).
  vaultOf(tx).forgetKept(`person:${personId}`);
  // The ciphertexts stay (unreadable without the key); the keyed hashes go, or a document number
  // could still be confirmed against them. updated_at moves so other processes' linkage indexes take the change.
  await tx.query("UPDATE persons SET sealed = NULL, name_tokens = '{}', document_index = '{}', updated_at = now() WHERE id = $1", [personId]);
  await tx.query('UPDATE case_files SET sealed = NULL WHERE person_id = $1', [personId]);
  const [row] = await tx.query<{ erased_at: Date }>(
    'INSERT INTO erasures (person_id, owner_agency_id, erased_by, request_reference) VALUES ($1, $2, $3, $4) RETURNING erased_at',
    [personId, person.owner_agency_id, actor.userId, requestReference],
  );
  return { personId, erasedAt: new Date(row?.erased_at ?? Date.now()).toISOString(), caseFiles: cases.length, storedAnswersRemoved };
}

/**
 * Answers kept for retried requests are sealed under the service key, not hers: those that name
 * her (her registration, her edits) are deleted, or they would outlive her key. Read in pages.
 */
async function removeStoredAnswers(tx: Queryable, personId: string): Promise<number> {
  const vault = vaultOf(tx);
  const key = vault.serviceKey('idempotency');
  let removed = 0;
  let after: { user_id: string; key: string } | undefined;
  for (;;) {
    const rows = await tx.query<{ user_id: string; key: string; response: { sealed?: string } }>(
      `SELECT user_id, key, response FROM idempotency_keys WHERE ($1::uuid IS NULL OR (user_id, key) > ($1::uuid, $2::text)) ORDER BY user_id, key LIMIT 500`,
      [after?.user_id ?? null, after?.key ?? ''],
    );
    if (rows.length === 0) return removed;
    for (const r of rows) {
      if (!r.response?.sealed) continue;
      let text: string;
      try {
        text = JSON.stringify(vault.openJson<unknown>(key, Buffer.from(r.response.sealed, 'base64'), `idempotency:${r.user_id}:${r.key}`));
      } catch {
        continue;
      }
      if (text.includes(personId)) {
        await tx.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [r.user_id, r.key]);
        removed++;
      }
    }
    const last = rows[rows.length - 1];
    after = last ? { user_id: last.user_id, key: last.key } : undefined;
  }
}
