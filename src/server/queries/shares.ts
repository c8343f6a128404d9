// The access side of referrals (docs/ACCESS.md): while a referral is accepted or being carried out,
// the receiving agency holds a share of the case file (record_access, basis REFERRAL) in the data
// groups the referral names — read through the receiver's role on shared records, never G6. The
// share is revoked when the referral is completed, not carried out, or revoked. A referral still
// waiting for an answer shares nothing: the receiver sees only the referral's own summary.
import type { FieldGroup } from '../../domain/field-groups.ts';
import type { ReferralRecord } from '../../domain/followup-records.ts';
import { receiverAccess } from '../../domain/referrals.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';

/** A referral's shared groups as field groups: a psychological or social report travels as G3 (read as "S"). */
export function sharedFieldGroups(groups: readonly string[]): FieldGroup[] {
  return [...new Set(groups.map((g) => (g === 'G3_INFORME' ? 'G3' : g)).filter((g): g is FieldGroup => /^G[1-5]$/.test(g)))];
}

/** Opens or closes the referral's share so that it follows the referral's state. */
export async function syncReferralShare(tx: Queryable, actor: Actor, referral: ReferralRecord): Promise<void> {
  const [open] = await tx.query<{ id: string }>('SELECT id FROM record_access WHERE referral_id = $1 AND revoked_at IS NULL', [referral.id]);
  const consentId = referral.basis === 'CONSENTIMIENTO' ? referral.content.consent?.consentId : undefined;
  // A referral resting on a recorded consent shares only while that consent holds: once withdrawn
  // (or lapsed at 18) its share was revoked, and no later step of the referral opens it again.
  const consentHolds = consentId === undefined || (await tx.query('SELECT 1 FROM consents WHERE id = $1 AND granted AND withdrawn_at IS NULL AND lapsed_at IS NULL', [consentId])).length > 0;
  const shared = receiverAccess(referral.state) === 'shared' && consentHolds;
  if (shared && !open) {
    await tx.query(
      `INSERT INTO record_access (id, case_file_id, owner_agency_id, agency_id, basis, field_groups, reason, granted_by, referral_id, writable, consent_id)
       VALUES (gen_random_uuid(), $1, $2, $3, 'REFERRAL', $4, $5, $6, $7, true, $8)`,
      [referral.caseFileId, referral.ownerAgencyId, referral.toAgencyId, sharedFieldGroups(referral.sharedGroups), `derivación ${referral.id}`, referral.fromUserId ?? actor.userId, referral.id, consentId ?? null],
    );
  } else if (!shared && open) {
    await tx.query('UPDATE record_access SET revoked_at = now(), revoked_by = $2 WHERE id = $1', [open.id, actor.userId]);
  }
}
