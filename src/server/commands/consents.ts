// Recording the person's consent per purpose and its withdrawal (domain/consents.ts has the rules).
// A consent to share with a named agency opens a share of the case file (basis CONSENT) in the
// groups it covers; its withdrawal revokes that share at once: future sharing stops (§10.2).
import { randomUUID } from 'node:crypto';
import { consentInForce, consentProblems, type RecordConsentRequest, type WithdrawConsentRequest } from '../../domain/consents.ts';
import type { FieldGroup } from '../../domain/field-groups.ts';
import type { Actor } from '../actor.ts';
import { keyOfPerson } from '../actions/store.ts';
import { vaultOf } from '../crypto/keys.ts';
import type { Queryable } from '../db/database.ts';
import { invalidFields, Problem } from '../errors.ts';
import { caseFilePolicy } from '../policies/case-files.ts';
import { shareCaseFile } from './access.ts';
import { caseInReach } from './care-context.ts';

export interface ConsentView {
  id: string;
  caseFileId: string;
  purpose: string;
  agency: { key: string; name: string } | null;
  groups: FieldGroup[];
  granted: boolean;
  form: string;
  givenBy: string;
  givenOn: string;
  checklist: Record<string, boolean>;
  language: string;
  interpreter: boolean;
  /** The child's own view: shown to whoever records consents for the owner; otherwise only that there is one. */
  childOpinion?: string | undefined;
  childOpinionRecorded: boolean;
  takenBy: string | null;
  takenAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawnOn: string | null;
  withdrawalReason?: string | undefined;
  inForce: boolean;
  /** The share this consent opened, if any (revoked with the consent). */
  shareId: string | null;
}

const aad = (id: string, what: 'consent' | 'withdrawal') => `${what}:${id}`;

async function personKeyOrGone(tx: Queryable, personId: string): Promise<Buffer> {
  const key = await keyOfPerson(tx, personId);
  if (!key) throw new Problem(409, 'problem.personErased');
  return key;
}

export async function recordConsent(tx: Queryable, actor: Actor, caseFileId: string, request: RecordConsentRequest): Promise<ConsentView> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'recordConsent');
  const problems = consentProblems({ request, minor: caseFile.minor });
  if (problems.length > 0) throw new Problem(422, problems[0]?.key ?? 'problem.validation', {}, problems);
  let agencyId: string | null = null;
  if (request.agency) {
    const [agency] = await tx.query<{ id: string }>('SELECT id FROM agencies WHERE key = $1', [request.agency.toUpperCase()]);
    if (!agency) throw invalidFields([{ path: 'agency', key: 'invalid.unknownAgency' }]);
    if (agency.id === caseFile.ownerAgencyId) throw invalidFields([{ path: 'agency', key: 'invalid.ownAgency' }]);
    agencyId = agency.id;
  }
  const id = randomUUID();
  const key = await personKeyOrGone(tx, caseFile.personId);
  const sealed = request.childOpinion ? vaultOf(tx).sealJson(key, { childOpinion: request.childOpinion }, aad(id, 'consent')) : null;
  const groups = [...new Set(request.groups ?? [])];
  await tx.query(
    `INSERT INTO consents (id, case_file_id, person_id, owner_agency_id, purpose, agency_id, field_groups, granted, form, given_by, given_on, data, sealed, taken_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [id, caseFile.id, caseFile.personId, caseFile.ownerAgencyId, request.purpose, agencyId, groups, request.granted, request.form, request.givenBy, request.givenOn,
      JSON.stringify({ checklist: request.checklist, language: request.language, interpreter: request.interpreter }), sealed, actor.userId],
  );
  if (request.granted && request.purpose === 'COMPARTIR_CON_ENTIDAD' && request.agency) {
    await shareCaseFile(tx, actor, caseFile, { agency: request.agency, basis: 'CONSENT', groups, reason: `consentimiento ${id} (${request.givenOn})`, consentId: id });
  }
  const [view] = await consentsOf(tx, actor, caseFile.id, id);
  if (!view) throw new Error('consent just recorded not found');
  return view;
}

/**
 * Withdraws a consent given: from the owner's screen or from that of an agency the consent
 * shares with (§10.2: "revocable from any agency's screen"). Revokes the share it opened.
 */
export async function withdrawConsent(tx: Queryable, actor: Actor, caseFileId: string, consentId: string, request: WithdrawConsentRequest): Promise<ConsentView> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'withdrawConsent');
  const [row] = await tx.query<{ id: string; agency_id: string | null; granted: boolean; withdrawn_at: Date | null }>(
    'SELECT id, agency_id, granted, withdrawn_at FROM consents WHERE id = $1 AND case_file_id = $2 FOR UPDATE',
    [consentId, caseFile.id],
  );
  // A receiver withdraws only the consent that shares with her own agency.
  const mine = row && (caseFile.ownerAgencyId === actor.agencyId || row.agency_id === actor.agencyId);
  if (!row || !mine || !consentInForce({ granted: row.granted, withdrawnAt: row.withdrawn_at ? String(row.withdrawn_at) : null })) throw new Problem(404, 'problem.consentNotFound');
  const key = request.reason ? await personKeyOrGone(tx, caseFile.personId) : undefined;
  const sealed = key && request.reason ? vaultOf(tx).sealJson(key, { reason: request.reason }, aad(consentId, 'withdrawal')) : null;
  await tx.query('UPDATE consents SET withdrawn_at = now(), withdrawn_by = $2, withdrawn_on = $3, withdrawal_sealed = $4 WHERE id = $1', [consentId, actor.userId, request.withdrawnOn, sealed]);
  await tx.query('UPDATE record_access SET revoked_at = now(), revoked_by = $2 WHERE consent_id = $1 AND revoked_at IS NULL', [consentId, actor.userId]);
  const [view] = await consentsOf(tx, actor, caseFile.id, consentId);
  if (!view) throw new Error('consent just withdrawn not found');
  return view;
}

/**
 * The consents of a case file, newest first. The owner sees them all; an agency reached through a
 * share sees those that name it (a consent to share with a third agency is not its business).
 */
export async function consentsOf(q: Queryable, actor: Actor, caseFileId: string, onlyId?: string): Promise<ConsentView[]> {
  const rows = await q.query<{
    id: string;
    case_file_id: string;
    person_id: string;
    owner_agency_id: string;
    purpose: string;
    agency_id: string | null;
    agency_key: string | null;
    agency_name: string | null;
    field_groups: FieldGroup[];
    granted: boolean;
    form: string;
    given_by: string;
    given_on: string | Date;
    data: { checklist: Record<string, boolean>; language: string; interpreter: boolean };
    sealed: Buffer | Uint8Array | null;
    taken_by_name: string | null;
    taken_at: Date;
    withdrawn_at: Date | null;
    withdrawn_by_name: string | null;
    withdrawn_on: string | Date | null;
    withdrawal_sealed: Buffer | Uint8Array | null;
    share_id: string | null;
    registering_unit_id: string;
    detection_ubigeo: string;
  }>(
    `SELECT c.id, c.case_file_id, c.person_id, c.owner_agency_id, c.purpose, c.agency_id, a.key AS agency_key, a.name AS agency_name, c.field_groups, c.granted, c.form,
            c.given_by, to_char(c.given_on, 'YYYY-MM-DD') AS given_on, c.data, c.sealed, t.username AS taken_by_name, c.taken_at, c.withdrawn_at,
            w.username AS withdrawn_by_name, to_char(c.withdrawn_on, 'YYYY-MM-DD') AS withdrawn_on, c.withdrawal_sealed,
            (SELECT r.id FROM record_access r WHERE r.consent_id = c.id ORDER BY r.granted_at DESC LIMIT 1) AS share_id,
            f.registering_unit_id, f.detection_ubigeo
       FROM consents c JOIN case_files f ON f.id = c.case_file_id LEFT JOIN agencies a ON a.id = c.agency_id
       LEFT JOIN users t ON t.id = c.taken_by LEFT JOIN users w ON w.id = c.withdrawn_by
      WHERE c.case_file_id = $1 AND ($2::uuid IS NULL OR c.id = $2) AND (c.owner_agency_id = $3 OR c.agency_id = $3)
      ORDER BY c.taken_at DESC, c.id`,
    [caseFileId, onlyId ?? null, actor.agencyId],
  );
  if (rows.length === 0) return [];
  const first = rows[0];
  const takesConsents = !!first && caseFilePolicy.can(actor, 'recordConsent', { ownerAgencyId: first.owner_agency_id, registeringUnitId: first.registering_unit_id, detectionUbigeo: first.detection_ubigeo });
  const key = takesConsents && first ? await keyOfPerson(q, first.person_id) : undefined;
  const vault = vaultOf(q);
  const unseal = <T>(sealed: Buffer | Uint8Array | null, id: string, what: 'consent' | 'withdrawal'): T | undefined => (key && sealed ? vault.openJson<T>(key, Buffer.from(sealed), aad(id, what)) : undefined);
  return rows.map((r) => {
    const withdrawnAt = r.withdrawn_at ? new Date(r.withdrawn_at).toISOString() : null;
    return {
      id: r.id,
      caseFileId: r.case_file_id,
      purpose: r.purpose,
      agency: r.agency_key && r.agency_name ? { key: r.agency_key, name: r.agency_name } : null,
      groups: r.field_groups,
      granted: r.granted,
      form: r.form,
      givenBy: r.given_by,
      givenOn: String(r.given_on),
      checklist: r.data.checklist,
      language: r.data.language,
      interpreter: r.data.interpreter,
      childOpinion: unseal<{ childOpinion: string }>(r.sealed, r.id, 'consent')?.childOpinion,
      childOpinionRecorded: r.sealed !== null,
      takenBy: r.taken_by_name,
      takenAt: new Date(r.taken_at).toISOString(),
      withdrawnAt,
      withdrawnBy: r.withdrawn_by_name,
      withdrawnOn: r.withdrawn_on ? String(r.withdrawn_on) : null,
      withdrawalReason: unseal<{ reason: string }>(r.withdrawal_sealed, r.id, 'withdrawal')?.reason,
      inForce: consentInForce({ granted: r.granted, withdrawnAt }),
      shareId: r.share_id,
    };
  });
}
