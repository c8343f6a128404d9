// Opening a case file beyond its owner's reach: the owner shares it with another agency on a
// basis and a choice of field groups (never G6), and revokes it; a user whose role allows it
// breaks the glass for a few hours with a reason. The routes audit each of these.
import { randomUUID } from 'node:crypto';
import type { FieldGroup } from '../../domain/field-groups.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { invalidFields, notFound, Problem } from '../errors.ts';
import type { ShareBasis } from '../policies/case-files.ts';

/** DHIS2's protected programmes: three hours, then the glass closes again. */
export const BREAK_GLASS_HOURS = 3;
/** Breaking the glass opens every group but shelter locations (G6), which never leave their unit. */
export const BREAK_GLASS_GROUPS: readonly FieldGroup[] = ['G1', 'G2', 'G3', 'G4', 'G5'];

export interface ShareRequest {
  agency: string;
  basis: Exclude<ShareBasis, 'BREAK_GLASS'>;
  groups: FieldGroup[];
  reason: string;
  expiresOn?: string | undefined;
  /** The recorded consent the share rests on: withdrawing it revokes the share. */
  consentId?: string | undefined;
  /** The receiver may write what her role writes on shared records; read-only when absent. */
  writable?: boolean | undefined;
}

export async function shareCaseFile(tx: Queryable, actor: Actor, caseFile: { id: string; ownerAgencyId: string }, request: ShareRequest): Promise<{ id: string }> {
  if (request.groups.includes('G6')) throw invalidFields([{ path: 'groups', key: 'invalid.shelterNeverShared' }]);
  const [agency] = await tx.query<{ id: string }>('SELECT id FROM agencies WHERE key = $1', [request.agency.trim().toUpperCase()]);
  if (!agency) throw invalidFields([{ path: 'agency', key: 'invalid.unknownAgency' }]);
  if (agency.id === caseFile.ownerAgencyId) throw invalidFields([{ path: 'agency', key: 'invalid.ownAgency' }]);
  if (request.basis === 'CONSENT') await assertConsentCovers(tx, caseFile.id, request.consentId, agency.id, request.groups, 'consentId');
  const id = randomUUID();
  await tx.query(
    `INSERT INTO record_access (id, case_file_id, owner_agency_id, agency_id, basis, field_groups, reason, granted_by, expires_at, consent_id, writable)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date + 1, $10, $11)`,
    [id, caseFile.id, caseFile.ownerAgencyId, agency.id, request.basis, [...new Set(request.groups)], request.reason, actor.userId, request.expiresOn ?? null, request.consentId ?? null, request.writable === true],
  );
  return { id };
}

/**
 * A share on consent rests on a consent recorded for this case file (§10.2): to share with this
 * agency (COMPARTIR_CON_ENTIDAD), in force — not withdrawn, not lapsed at 18 — and covering every
 * group shared. Its withdrawal then revokes the share.
 */
export async function assertConsentCovers(tx: Queryable, caseFileId: string, consentId: string | undefined, agencyId: string, groups: readonly FieldGroup[], path: string): Promise<RecordedConsent> {
  if (!consentId) throw invalidFields([{ path, key: 'share.consentRequired' }]);
  const [consent] = await tx.query<{ field_groups: FieldGroup[]; form: string; given_by: string; given_on: string }>(
    `SELECT field_groups, form, given_by, given_on::text AS given_on FROM consents WHERE id = $1 AND case_file_id = $2 AND purpose = 'COMPARTIR_CON_ENTIDAD' AND agency_id = $3
        AND granted AND withdrawn_at IS NULL AND lapsed_at IS NULL`,
    [consentId, caseFileId, agencyId],
  );
  if (!consent) throw new Problem(422, 'share.consentDoesNotCover', {}, [{ path, key: 'share.consentDoesNotCover' }]);
  const beyond = groups.filter((g) => !consent.field_groups.includes(g));
  if (beyond.length > 0) throw new Problem(422, 'share.consentDoesNotCover', {}, [{ path: 'groups', key: 'share.consentDoesNotCover' }]);
  return { consentId, form: consent.form, givenBy: consent.given_by, givenOn: consent.given_on };
}

/** What a recorded consent says of how it was given: the facts a referral's rules judge. */
export interface RecordedConsent {
  consentId: string;
  form: string;
  givenBy: string;
  givenOn: string;
}

export async function revokeShare(tx: Queryable, actor: Actor, caseFileId: string, shareId: string): Promise<void> {
  const rows = await tx.query(
    `UPDATE record_access SET revoked_at = now(), revoked_by = $4 WHERE id = $1 AND case_file_id = $2 AND owner_agency_id = $3 AND revoked_at IS NULL AND basis <> 'BREAK_GLASS' RETURNING id`,
    [shareId, caseFileId, actor.agencyId, actor.userId],
  );
  if (rows.length === 0) throw new Problem(404, 'problem.shareNotFound');
}

export async function breakGlass(tx: Queryable, actor: Actor, caseFileId: string, reason: string, hours: number): Promise<{ id: string; expiresAt: string; ownerAgencyId: string }> {
  const [caseFile] = await tx.query<{ owner_agency_id: string }>('SELECT owner_agency_id FROM case_files WHERE id = $1', [caseFileId]);
  if (!caseFile) throw notFound();
  const id = randomUUID();
  const [row] = await tx.query<{ expires_at: Date }>(
    `INSERT INTO record_access (id, case_file_id, owner_agency_id, agency_id, user_id, basis, field_groups, reason, granted_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, 'BREAK_GLASS', $6, $7, $5, now() + make_interval(mins => $8::int)) RETURNING expires_at`,
    [id, caseFileId, caseFile.owner_agency_id, actor.agencyId, actor.userId, BREAK_GLASS_GROUPS, reason, Math.round(hours * 60)],
  );
  return { id, expiresAt: new Date(row?.expires_at ?? Date.now()).toISOString(), ownerAgencyId: caseFile.owner_agency_id };
}

export interface AccessEntry {
  id: string;
  caseFileId: string;
  caseCode: string | null;
  agency: { key: string; name: string };
  user: string | null;
  basis: ShareBasis;
  groups: FieldGroup[];
  reason: string;
  grantedBy: string | null;
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  inForce: boolean;
  writable: boolean;
}

/** Who was given access to the owner's records (shares and broken glass), newest first. */
export async function accessEntries(q: Queryable, ownerAgencyId: string, filter: { caseFileId?: string; basis?: ShareBasis; limit?: number }): Promise<AccessEntry[]> {
  const rows = await q.query<{
    id: string;
    case_file_id: string;
    code: string | null;
    agency_key: string;
    agency_name: string;
    username: string | null;
    basis: ShareBasis;
    field_groups: FieldGroup[];
    reason: string;
    granted_by_name: string | null;
    granted_at: Date;
    expires_at: Date | null;
    revoked_at: Date | null;
    in_force: boolean;
    writable: boolean;
  }>(
    `SELECT r.id, r.case_file_id, c.code, a.key AS agency_key, a.name AS agency_name, u.username, r.basis, r.field_groups, r.reason, g.username AS granted_by_name,
            r.granted_at, r.expires_at, r.revoked_at, r.writable, (r.revoked_at IS NULL AND (r.expires_at IS NULL OR r.expires_at > now())) AS in_force
       FROM record_access r JOIN agencies a ON a.id = r.agency_id LEFT JOIN users u ON u.id = r.user_id LEFT JOIN users g ON g.id = r.granted_by
       LEFT JOIN case_files c ON c.id = r.case_file_id
      WHERE r.owner_agency_id = $1 AND ($2::uuid IS NULL OR r.case_file_id = $2) AND ($3::text IS NULL OR r.basis = $3)
      ORDER BY r.granted_at DESC LIMIT $4`,
    [ownerAgencyId, filter.caseFileId ?? null, filter.basis ?? null, filter.limit ?? 200],
  );
  return rows.map((r) => ({
    id: r.id,
    caseFileId: r.case_file_id,
    caseCode: r.code,
    agency: { key: r.agency_key, name: r.agency_name },
    user: r.username,
    basis: r.basis,
    groups: r.field_groups,
    reason: r.reason,
    grantedBy: r.granted_by_name,
    grantedAt: new Date(r.granted_at).toISOString(),
    expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    inForce: r.in_force,
    writable: r.writable,
  }));
}
