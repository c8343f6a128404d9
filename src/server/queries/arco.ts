// Everything an agency holds about one person, for her right of access (Ley 29733, ARCO): her
// identity, her case files, every change made to them and by whom, who read them, with whom they
// were shared, and the follow-up recorded on them (services, plans, shelter stays, referrals, the
// criminal proceeding, follow-up contacts, risk assessments). What another agency holds about
// her is that agency's to answer.
import type { AreaRecord, FollowUpRecord, PlanRecord, ProceedingRecord, ReferralRecord, RiskAssessmentRecord, ServiceRecord, ShelterStayRecord } from '../../domain/followup-records.ts';
import type { CaseFileRecord, PersonRecord } from '../../domain/records.ts';
import { loadAreaRecordsOfCase } from '../actions/followup-store.ts';
import { openPersonRow, PERSON_KEY_JOIN, PERSON_WITH_KEY, keyOfPerson, loadCaseFile, type KeyColumns, type PersonRow } from '../actions/store.ts';
import type { Queryable } from '../db/database.ts';
import { accessEntries, type AccessEntry } from '../commands/access.ts';
import { caseFileHistory, type HistoryEntry } from './case-files.ts';

export interface PersonExport {
  generatedAt: string;
  agency: { key: string; name: string };
  person: PersonRecord & { erased?: true };
  caseFiles: { caseFile: CaseFileRecord; history: HistoryEntry[]; sharedWith: AccessEntry[]; followUp: FollowUpHeld }[];
  /** Who read or changed her records: the audit entries naming the person or her case files. */
  accessLog: { at: string; user: string | null; agency: string | null; action: string; purpose: string | null; outcome: string }[];
}

/** The follow-up an agency recorded on one of its case files, by kind (the export's sections). */
export interface FollowUpHeld {
  services: ServiceRecord[];
  plans: PlanRecord[];
  shelterStays: ShelterStayRecord[];
  referrals: ReferralRecord[];
  proceedings: ProceedingRecord[];
  followUps: FollowUpRecord[];
  riskAssessments: RiskAssessmentRecord[];
}

/** Each section of the follow-up and the records it holds, in the order the documents show them. */
export const FOLLOW_UP_SECTIONS = [
  ['services', 'service'],
  ['plans', 'care_plan'],
  ['shelterStays', 'shelter_stay'],
  ['referrals', 'referral'],
  ['proceedings', 'proceeding'],
  ['followUps', 'followup'],
  ['riskAssessments', 'risk_assessment'],
] as const;

async function followUpHeld(db: Queryable, caseFileId: string, personId: string, agencyId: string): Promise<FollowUpHeld> {
  // Only what this agency recorded: a receiver's notes on a shared file are the receiver's to answer.
  const load = async <T extends AreaRecord>(entity: (typeof FOLLOW_UP_SECTIONS)[number][1]) => (await loadAreaRecordsOfCase<T>(db, entity, caseFileId, personId)).filter((r) => r.ownerAgencyId === agencyId);
  return {
    services: await load<ServiceRecord>('service'),
    plans: await load<PlanRecord>('care_plan'),
    shelterStays: await load<ShelterStayRecord>('shelter_stay'),
    referrals: await load<ReferralRecord>('referral'),
    proceedings: await load<ProceedingRecord>('proceeding'),
    followUps: await load<FollowUpRecord>('followup'),
    riskAssessments: await load<RiskAssessmentRecord>('risk_assessment'),
  };
}

export async function personExport(db: Queryable, personId: string, agencyId: string): Promise<PersonExport | undefined> {
  const [row] = await db.query<PersonRow & KeyColumns>(`SELECT ${PERSON_WITH_KEY} FROM persons p ${PERSON_KEY_JOIN} WHERE p.id = $1 AND p.owner_agency_id = $2`, [personId, agencyId]);
  if (!row) return undefined;
  const person = openPersonRow(db, row);
  const key = await keyOfPerson(db, personId);
  const [agency] = await db.query<{ key: string; name: string }>('SELECT key, name FROM agencies WHERE id = $1', [agencyId]);
  const ids = await db.query<{ id: string }>('SELECT id FROM case_files WHERE person_id = $1 AND owner_agency_id = $2 ORDER BY created_at', [personId, agencyId]);
  const caseFiles: PersonExport['caseFiles'] = [];
  for (const { id } of ids) {
    const caseFile = await loadCaseFile(db, id, agencyId);
    if (!caseFile) continue;
    caseFiles.push({
      caseFile,
      history: await caseFileHistory(db, id, personId, key),
      sharedWith: await accessEntries(db, agencyId, { caseFileId: id }),
      followUp: await followUpHeld(db, id, personId, agencyId),
    });
  }
  const log = await db.query<{ at: Date; username: string | null; agency: string | null; action: string; purpose: string | null; outcome: string }>(
    `SELECT l.at, l.username, a.key AS agency, l.action, l.purpose, l.outcome FROM audit_log l LEFT JOIN agencies a ON a.id = l.agency_id
      WHERE l.entity_id = ANY($1::uuid[]) ORDER BY l.at DESC, l.seq DESC LIMIT 5000`,
    [[personId, ...ids.map((r) => r.id)]],
  );
  return {
    generatedAt: new Date().toISOString(),
    agency: agency ?? { key: '', name: '' },
    person,
    caseFiles,
    accessLog: log.map((l) => ({ at: new Date(l.at).toISOString(), user: l.username, agency: l.agency, action: l.action, purpose: l.purpose, outcome: l.outcome })),
  };
}
