// Recording the person's consent per purpose and its withdrawal (domain/consents.ts has the rules).
// A consent to share with a named agency opens a share of the case file (basis CONSENT) in the
// groups it covers; its withdrawal revokes that share at once: future sharing stops (§10.2).
// A consent to a public image or testimony holds once the head of unit co-signs it (§10.2). A
// consent a representative gave for a child lapses when she comes of age: it stays as historical
// basis, its shares are revoked, and she is asked for her own (§10.3, `lapseComingOfAge`).
import { randomUUID } from 'node:crypto';
import { adultOn, comesOfAgeWithin, consentInForce, consentProblems, FOR_A_CHILD, lapsesOn, needsCoSignature, type RecordConsentRequest, type WithdrawConsentRequest } from '../../domain/consents.ts';
import { todayInPeru } from '../../domain/dates.ts';
import type { FieldGroup } from '../../domain/field-groups.ts';
import type { Actor } from '../actor.ts';
import { keyOfPerson, loadPerson } from '../actions/store.ts';
import { vaultOf } from '../crypto/keys.ts';
import type { Queryable } from '../db/database.ts';
import { invalidFields, notFound, Problem } from '../errors.ts';
import { caseFilePolicy } from '../policies/case-files.ts';
import { shareCaseFile } from './access.ts';
import { caseInReach } from './care-context.ts';

export interface ConsentView {
  id: string;
  caseFileId: string;
  purpose: string;
  agency: { id: string; key: string; name: string } | null;
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
  /** Given by a representative for a child who has come of age since: historical basis only. */
  lapsedAt: string | null;
  /** Lapsed and not yet renewed by the person herself (a later consent of hers for the same purpose and agency). */
  renewalDue: boolean;
  /** A public image or testimony waiting for the head of unit's co-signature. */
  awaitingCoSignature: boolean;
  coSignedBy: string | null;
  coSignedAt: string | null;
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
  const person = await agesOf(tx, caseFile.personId, caseFile.ownerAgencyId);
  const problems = consentProblems({ request, minor: caseFile.minor, adultWhenGiven: person ? adultOn(person, request.givenOn) : false });
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
  if (request.granted && request.purpose === 'COMPARTIR_CON_ENTIDAD' && request.agency && !needsCoSignature(request)) {
    await shareCaseFile(tx, actor, caseFile, { agency: request.agency, basis: 'CONSENT', groups, reason: `consentimiento ${id} (${request.givenOn})`, consentId: id });
  }
  // Taken late, for a child who has come of age since: it is recorded as history, and lapses at once.
  await lapseComingOfAge(tx, { caseFileId: caseFile.id }, todayInPeru());
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
  await lapseComingOfAge(tx, { caseFileId: caseFile.id }, todayInPeru());
  const [row] = await tx.query<{ id: string; agency_id: string | null; granted: boolean; withdrawn_at: Date | null; lapsed_at: Date | null }>(
    'SELECT id, agency_id, granted, withdrawn_at, lapsed_at FROM consents WHERE id = $1 AND case_file_id = $2 FOR UPDATE',
    [consentId, caseFile.id],
  );
  // A receiver withdraws only the consent that shares with her own agency. One still waiting for
  // its co-signature can be withdrawn too: she may change her mind before it holds.
  const mine = row && (caseFile.ownerAgencyId === actor.agencyId || row.agency_id === actor.agencyId);
  if (!row || !mine || !consentInForce({ granted: row.granted, withdrawnAt: row.withdrawn_at ? String(row.withdrawn_at) : null, lapsedAt: row.lapsed_at ? String(row.lapsed_at) : null })) {
    throw new Problem(404, 'problem.consentNotFound');
  }
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
    lapsed_at: Date | null;
    renewed: boolean;
    cosigned_at: Date | null;
    cosigned_by_name: string | null;
  }>(
    `SELECT c.id, c.case_file_id, c.person_id, c.owner_agency_id, c.purpose, c.agency_id, a.key AS agency_key, a.name AS agency_name, c.field_groups, c.granted, c.form,
            c.given_by, to_char(c.given_on, 'YYYY-MM-DD') AS given_on, c.data, c.sealed, t.username AS taken_by_name, c.taken_at, c.withdrawn_at,
            w.username AS withdrawn_by_name, to_char(c.withdrawn_on, 'YYYY-MM-DD') AS withdrawn_on, c.withdrawal_sealed,
            (SELECT r.id FROM record_access r WHERE r.consent_id = c.id ORDER BY r.granted_at DESC LIMIT 1) AS share_id,
            f.registering_unit_id, f.detection_ubigeo, c.lapsed_at, c.cosigned_at, s.username AS cosigned_by_name,
            (c.lapsed_at IS NOT NULL AND EXISTS (${RENEWED_BY_LATER})) AS renewed
       FROM consents c JOIN case_files f ON f.id = c.case_file_id LEFT JOIN agencies a ON a.id = c.agency_id
       LEFT JOIN users t ON t.id = c.taken_by LEFT JOIN users w ON w.id = c.withdrawn_by LEFT JOIN users s ON s.id = c.cosigned_by
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
      agency: r.agency_key && r.agency_name ? { id: r.agency_id ?? '', key: r.agency_key, name: r.agency_name } : null,
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
      lapsedAt: r.lapsed_at ? new Date(r.lapsed_at).toISOString() : null,
      renewalDue: r.lapsed_at !== null && withdrawnAt === null && !r.renewed,
      awaitingCoSignature: needsCoSignature(r) && r.cosigned_at === null && withdrawnAt === null,
      coSignedBy: r.cosigned_by_name,
      coSignedAt: r.cosigned_at ? new Date(r.cosigned_at).toISOString() : null,
      inForce: consentInForce({ granted: r.granted, withdrawnAt, lapsedAt: r.lapsed_at ? String(r.lapsed_at) : null, awaitingCoSignature: needsCoSignature(r) && r.cosigned_at === null }),
      shareId: r.share_id,
    };
  });
}

/** A later consent of the person herself, for the same purpose and agency, that renews a lapsed one (`c`). */
const RENEWED_BY_LATER = `SELECT 1 FROM consents n WHERE n.person_id = c.person_id AND n.case_file_id = c.case_file_id AND n.purpose = c.purpose
                            AND n.agency_id IS NOT DISTINCT FROM c.agency_id AND n.given_by = 'TITULAR' AND n.taken_at > c.taken_at`;

/** What tells the person's age: her sealed birth date, or the age estimated when she was registered. */
/** What her age on a given day is judged from: birth date, or the age stated when she was registered. */
export async function agesOf(q: Queryable, personId: string, ownerAgencyId: string): Promise<Parameters<typeof adultOn>[0] | undefined> {
  const person = await loadPerson(q, personId, ownerAgencyId);
  return person ? { birthDate: person.birthDate, estimatedAge: person.estimatedAge, estimatedOn: person.createdAt } : undefined;
}

interface ChildConsentRow {
  id: string;
  case_file_id: string;
  person_id: string;
  owner_agency_id: string;
  given_by: string;
  given_on: string;
}

/** Consents a representative gave for a child, still in force, of one case file or one agency (all when neither). */
async function childConsents(q: Queryable, filter: { caseFileId?: string; ownerAgencyId?: string }, adultsFrom: number): Promise<ChildConsentRow[]> {
  return q.query<ChildConsentRow>(
    `SELECT c.id, c.case_file_id, c.person_id, c.owner_agency_id, c.given_by, to_char(c.given_on, 'YYYY-MM-DD') AS given_on FROM consents c JOIN persons p ON p.id = c.person_id
      WHERE c.granted AND c.withdrawn_at IS NULL AND c.lapsed_at IS NULL AND c.given_by = ANY($1::text[])
        AND ($2::uuid IS NULL OR c.case_file_id = $2) AND ($3::uuid IS NULL OR c.owner_agency_id = $3)
        AND (p.birth_year IS NULL OR p.birth_year <= $4)
      ORDER BY c.taken_at LIMIT 5000`,
    [[...FOR_A_CHILD], filter.caseFileId ?? null, filter.ownerAgencyId ?? null, adultsFrom],
  );
}

/**
 * §10.3, the transition at 18: the consents a representative gave for a child who is an adult by
 * `today` lapse — they stay as historical basis, no longer in force — and the shares resting on
 * them are revoked. Run before consents are read or recorded, for the renewals list, and by the
 * server every hour. Returns the consents that lapsed.
 */
export async function lapseComingOfAge(tx: Queryable, filter: { caseFileId?: string; ownerAgencyId?: string }, today: string): Promise<string[]> {
  // Born in a year after this one cannot be 18 yet: only older persons' birth dates are opened.
  const rows = await childConsents(tx, filter, Number(today.slice(0, 4)) - 17);
  const ages = new Map<string, Parameters<typeof adultOn>[0] | undefined>();
  const lapsed: string[] = [];
  for (const r of rows) {
    if (!ages.has(r.person_id)) ages.set(r.person_id, await agesOf(tx, r.person_id, r.owner_agency_id));
    const person = ages.get(r.person_id);
    if (person && lapsesOn({ givenBy: r.given_by, givenOn: r.given_on, granted: true, withdrawnAt: null }, person, today)) lapsed.push(r.id);
  }
  if (lapsed.length > 0) {
    await tx.query('UPDATE consents SET lapsed_at = now() WHERE id = ANY($1::uuid[]) AND lapsed_at IS NULL', [lapsed]);
    await tx.query('UPDATE record_access SET revoked_at = now() WHERE consent_id = ANY($1::uuid[]) AND revoked_at IS NULL', [lapsed]);
  }
  return lapsed;
}

export interface RenewalItem {
  consentId: string;
  caseFileId: string;
  caseCode: string;
  purpose: string;
  agency: { key: string; name: string } | null;
  givenBy: string;
  givenOn: string;
  /** DUE: she is an adult and the consent lapsed; UPCOMING: she comes of age on `comesOfAgeOn`. */
  status: 'DUE' | 'UPCOMING';
  comesOfAgeOn: string | null;
}

/**
 * The consents to renew with the person herself (§10.3), on the case files the actor records
 * consents for: those that lapsed and were not renewed, then those of children who come of age
 * within `withinDays`.
 */
export async function consentRenewals(tx: Queryable, actor: Actor, today: string, withinDays: number): Promise<RenewalItem[]> {
  await lapseComingOfAge(tx, { ownerAgencyId: actor.agencyId }, today);
  const due = await tx.query<{ id: string; case_file_id: string; person_id: string; code: string; purpose: string; agency_key: string | null; agency_name: string | null; given_by: string; given_on: string; lapsed: boolean; registering_unit_id: string; detection_ubigeo: string }>(
    `SELECT c.id, c.case_file_id, c.person_id, f.code, c.purpose, a.key AS agency_key, a.name AS agency_name, c.given_by, to_char(c.given_on, 'YYYY-MM-DD') AS given_on,
            c.lapsed_at IS NOT NULL AS lapsed, f.registering_unit_id, f.detection_ubigeo
       FROM consents c JOIN case_files f ON f.id = c.case_file_id JOIN persons p ON p.id = c.person_id LEFT JOIN agencies a ON a.id = c.agency_id
      WHERE c.owner_agency_id = $1 AND c.granted AND c.withdrawn_at IS NULL AND c.given_by = ANY($2::text[])
        AND ((c.lapsed_at IS NOT NULL AND NOT EXISTS (${RENEWED_BY_LATER})) OR (c.lapsed_at IS NULL AND (p.birth_year IS NULL OR p.birth_year <= $3)))
      ORDER BY c.lapsed_at NULLS LAST, f.code LIMIT 1000`,
    [actor.agencyId, [...FOR_A_CHILD], Number(today.slice(0, 4)) - 17 + Math.ceil(withinDays / 365)],
  );
  const items: RenewalItem[] = [];
  for (const r of due) {
    if (!caseFilePolicy.can(actor, 'recordConsent', { ownerAgencyId: actor.agencyId, registeringUnitId: r.registering_unit_id, detectionUbigeo: r.detection_ubigeo })) continue;
    let comesOfAgeOn: string | null = null;
    if (!r.lapsed) {
      const person = await agesOf(tx, r.person_id, actor.agencyId);
      comesOfAgeOn = person && !adultOn(person, r.given_on) ? (comesOfAgeWithin(person, today, withinDays) ?? null) : null;
      if (!comesOfAgeOn) continue;
    }
    items.push({
      consentId: r.id,
      caseFileId: r.case_file_id,
      caseCode: r.code,
      purpose: r.purpose,
      agency: r.agency_key && r.agency_name ? { key: r.agency_key, name: r.agency_name } : null,
      givenBy: r.given_by,
      givenOn: r.given_on,
      status: r.lapsed ? 'DUE' : 'UPCOMING',
      comesOfAgeOn,
    });
  }
  return items;
}

/** The head of unit co-signs a consent to a public image or testimony (§10.2): from then on it holds. */
export async function coSignConsent(tx: Queryable, actor: Actor, caseFileId: string, consentId: string): Promise<ConsentView> {
  const { caseFile } = await caseInReach(tx, actor, caseFileId, 'coSignConsent');
  const [row] = await tx.query<{ purpose: string; granted: boolean; withdrawn_at: Date | null; cosigned_at: Date | null; taken_by: string }>(
    'SELECT purpose, granted, withdrawn_at, cosigned_at, taken_by FROM consents WHERE id = $1 AND case_file_id = $2 AND owner_agency_id = $3 FOR UPDATE',
    [consentId, caseFile.id, actor.agencyId],
  );
  if (!row || row.withdrawn_at !== null || !needsCoSignature(row) || row.cosigned_at !== null) throw new Problem(404, 'problem.consentNotFound');
  if (row.taken_by === actor.userId) throw new Problem(403, 'consent.coSignerOther');
  await tx.query('UPDATE consents SET cosigned_by = $2, cosigned_at = now() WHERE id = $1', [consentId, actor.userId]);
  const [view] = await consentsOf(tx, actor, caseFile.id, consentId);
  if (!view) throw notFound();
  return view;
}
