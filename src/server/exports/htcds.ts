// A selection of case files as HTCDS v2.0 records (src/importers/htcds.ts): each case file as the
// actor may read it (out of reach is not found, like any read), and the person's identity only
// where she may read it AND the person consented to share it with the recipient (a consent in
// force to share with that agency covering identity, G1). Everything else leaves pseudonymous:
// the case id stands for the name, as the standard's guidance for sharing advises.
import { toHtcdsRecord, type HtcdsRecord } from '../../importers/htcds.ts';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { invalidFields, notFound } from '../errors.ts';
import { abilities, caseFilePolicy } from '../policies/case-files.ts';
import { loadReachableCaseFile } from '../queries/reach.ts';

export interface HtcdsExportRequest {
  caseFileIds: readonly string[];
  /** The agency (its key) the file is for; without one, no identity leaves. */
  recipient?: string | undefined;
}

export interface HtcdsExport {
  records: HtcdsRecord[];
  /** Case files exported with the person's identity (the others are pseudonymous). */
  withIdentity: string[];
}

export async function exportHtcds(db: Database, actor: Actor, request: HtcdsExportRequest): Promise<HtcdsExport> {
  let recipientId: string | undefined;
  if (request.recipient !== undefined) {
    const [agency] = await db.query<{ id: string }>('SELECT id FROM agencies WHERE key = $1', [request.recipient.toUpperCase()]);
    if (!agency) throw invalidFields([{ path: 'recipient', key: 'invalid.unknownAgency' }]);
    recipientId = agency.id;
  }
  const ids = [...new Set(request.caseFileIds)];
  const consented = new Set<string>();
  if (recipientId !== undefined) {
    const rows = await db.query<{ case_file_id: string }>(
      `SELECT DISTINCT case_file_id FROM consents
        WHERE case_file_id = ANY($1::uuid[]) AND purpose = 'COMPARTIR_CON_ENTIDAD' AND granted AND withdrawn_at IS NULL
          AND agency_id = $2 AND 'G1' = ANY(field_groups)`,
      [ids, recipientId],
    );
    for (const r of rows) consented.add(r.case_file_id);
  }
  const agencyKeys = new Map((await db.query<{ id: string; key: string }>('SELECT id, key FROM agencies')).map((a) => [a.id, a.key] as const));
  const records: HtcdsRecord[] = [];
  const withIdentity: string[] = [];
  for (const id of ids) {
    const found = await loadReachableCaseFile(db, actor, id);
    if (!found) throw notFound();
    caseFilePolicy.authorize(actor, 'read', found.target);
    const identity = consented.has(id) && abilities(actor, found.target).readIdentity && found.person !== undefined && !('erased' in found.person);
    records.push(toHtcdsRecord(found.caseFile, identity ? found.person : undefined, agencyKeys.get(found.caseFile.ownerAgencyId) ?? ''));
    if (identity) withIdentity.push(id);
  }
  return { records, withIdentity };
}
