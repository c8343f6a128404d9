// Read side of the evidence: the open columns of every case file with its person and linkage
// group, read in pages through a cursor and reduced at once to small codes (src/evidence), so
// a million case files never sit in memory as objects. Only what statistics need is read; the
// sealed identity is never touched.
import { CaseTable, evidenceDimensions, planFacts, proceedingFacts, reparationFacts, sentenceFacts, type SentenceFacts, type PlanFact, type PlanFacts, type ReparationFacts, referralFacts, shelterFacts, followUpFacts, careTimeFacts, type CareTimeFacts, INACTIVE_CASE_STATES, type FollowUpFact, type FollowUpFacts, type PersonFacts, type ProceedingFacts, type ShelterFacts, type ReferralFact, type ReferralFacts } from '../../evidence/index.ts';
import type { ReparationState } from '../../domain/criminal-process.ts';
import { todayInPeru } from '../../domain/dates.ts';
import type { Database, Queryable } from '../db/database.ts';

interface CaseRow {
  id: string;
  person_id: string;
  group_id: string;
  agency: string;
  detection_date: string;
  detection_ubigeo: string;
  trafficking_status: string;
  sex: string;
  gender: string | null;
  birth_year: number | null;
  estimated_age: number | null;
  minor: string | null;
  nationality: string | null;
  purposes: string[] | null;
  recruitment_country: string | null;
  recruitment_ubigeo: string | null;
  exploitation_country: string | null;
  exploitation_ubigeo: string | null;
}

const PAGE = 50_000;
/** Rows per fetch: each page is folded in one go on the server's thread, so pages stay short (~20 ms). */
const FETCH = 5_000;

/**
 * Reads all rows of a query in pages through a cursor, in one transaction: one pass over the
 * tables with hash joins. Pages of the primary key (WHERE id > last ORDER BY id LIMIT n) made
 * each page an index walk in random order: 65 s for 1,000,000 case files (bench:stats).
 */
export async function readPages<T>(db: Database, sql: string, params: unknown[], attempt: () => (rows: T[]) => void): Promise<void> {
  await db.transaction(async (tx) => {
    // A transaction that collides is run again from the start (database.ts): each attempt folds
    // its pages into a fresh accumulator, else the pages read before the collision count twice.
    const onPage = attempt();
    // A cursor is planned for its first rows (nested index lookups) unless told it is read to the end.
    await tx.query('SET LOCAL cursor_tuple_fraction = 1');
    await tx.query(`DECLARE evidence_pages NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const rows = await tx.query<T>(`FETCH ${FETCH} FROM evidence_pages`);
      if (rows.length > 0) onPage(rows);
      if (rows.length < FETCH) return;
    }
  });
}

/** A token that changes whenever a case file, a person or a link changes (indexed maxima). */
export async function dataVersion(db: Queryable): Promise<string> {
  const [row] = await db.query<{ v: string }>(
    `SELECT concat_ws('|', (SELECT max(updated_at) FROM case_files), (SELECT max(updated_at) FROM persons), (SELECT max(updated_at) FROM matches), (SELECT max(updated_at) FROM referrals), (SELECT max(updated_at) FROM proceedings), (SELECT max(updated_at) FROM care_plans), (SELECT max(updated_at) FROM shelter_stays), (SELECT max(updated_at) FROM followups), (SELECT count(*) FROM services),
            (SELECT count(*) FROM person_groups)) AS v`,
  );
  return row?.v ?? '';
}

/** Every case file as persons (linkage groups), in columns. */
export async function loadPersonFacts(db: Database): Promise<PersonFacts> {
  const [span] = await db.query<{ n: number; first: string | null; last: string | null }>(
    "SELECT count(*)::int AS n, to_char(min(detection_date), 'YYYY') AS first, to_char(max(detection_date), 'YYYY') AS last FROM case_files",
  );
  const agencies = await db.query<{ key: string; name: string }>('SELECT key, name FROM agencies WHERE id IN (SELECT DISTINCT owner_agency_id FROM case_files) ORDER BY key');
  const first = Number(span?.first ?? 0);
  const last = Number(span?.last ?? -1);
  // Up to this year: case files may arrive while the pages are read (room for them too).
  const until = Math.max(last, Number(todayInPeru().slice(0, 4)));
  const years = span?.first ? Array.from({ length: until - first + 1 }, (_, i) => first + i) : [];
  const dimensions = evidenceDimensions({ years, agencies });
  let table!: CaseTable; // made by each attempt of the read
  await readPages<CaseRow>(
    db,
    `SELECT c.id, c.person_id, coalesce(g.group_id, c.person_id) AS group_id, a.key AS agency, c.detection_date::text AS detection_date, c.detection_ubigeo,
            c.trafficking_status, p.sex, p.data->>'genderIdentity' AS gender, p.birth_year, (p.data->>'estimatedAge')::int AS estimated_age,
            c.data->>'minorAtDetection' AS minor, p.data->'nationalities'->>0 AS nationality,
            ARRAY(SELECT jsonb_array_elements_text(c.data->'legalPurposes')) AS purposes,
            c.data->'recruitmentPlace'->>'country' AS recruitment_country, c.data->'recruitmentPlace'->>'ubigeo' AS recruitment_ubigeo,
            c.data->'exploitationPlaces'->0->>'country' AS exploitation_country, c.data->'exploitationPlaces'->0->>'ubigeo' AS exploitation_ubigeo
       FROM case_files c JOIN persons p ON p.id = c.person_id JOIN agencies a ON a.id = c.owner_agency_id LEFT JOIN person_groups g ON g.person_id = c.person_id`,
    [],
    () => {
      table = new CaseTable(dimensions, (span?.n ?? 0) + PAGE);
      return (rows) => {
        for (const r of rows) {
          const place = (country: string | null, ubigeo: string | null) => (country === null && ubigeo === null ? undefined : { ...(country ? { country } : {}), ...(ubigeo ? { ubigeo } : {}) });
          const exploitation = place(r.exploitation_country, r.exploitation_ubigeo);
          table.add({
            caseId: r.id,
            personId: r.person_id,
            groupId: r.group_id,
            agency: r.agency,
            detectionDate: r.detection_date,
            detectionUbigeo: r.detection_ubigeo,
            traffickingStatus: r.trafficking_status,
            sex: r.sex,
            genderIdentity: r.gender ?? undefined,
            birthYear: r.birth_year,
            estimatedAge: r.estimated_age ?? undefined,
            minorAtDetection: r.minor ?? undefined,
            nationalities: r.nationality ? [r.nationality] : undefined,
            legalPurposes: r.purposes ?? undefined,
            recruitmentPlace: place(r.recruitment_country, r.recruitment_ubigeo),
            exploitationPlaces: exploitation ? [exploitation] : undefined,
          });
        }
      };
    },
  );
  return table.persons();
}

/**
 * Every referral as the agencies, state and times of its open columns, joined to the persons
 * (linkage groups) already read: what indicator D14 counts. Sealed content is never read.
 */
export async function loadReferralFacts(db: Queryable, persons: PersonFacts): Promise<ReferralFacts> {
  const rows = await db.query<{ group_id: string; from_agency: string; to_agency: string; state: string; sent_at: string | null; answered_at: string | null }>(
    `SELECT coalesce(g.group_id, r.person_id) AS group_id, fa.key AS from_agency, ta.key AS to_agency, r.state,
            to_char(r.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sent_at, to_char(r.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS answered_at
       FROM referrals r JOIN agencies fa ON fa.id = r.from_agency_id JOIN agencies ta ON ta.id = r.to_agency_id LEFT JOIN person_groups g ON g.person_id = r.person_id`,
  );
  return referralFacts(
    rows.map((r): ReferralFact => ({ groupId: r.group_id, fromAgency: r.from_agency, toAgency: r.to_agency, state: r.state, sentAt: r.sent_at ?? undefined, answeredAt: r.answered_at ?? undefined })),
    persons,
  );
}

/**
 * Every criminal proceeding as its current stage, where its civil reparation stands and whether the
 * victim is civil party, the day of its first sentence and the sentence's outcome as a code (open
 * columns; the amounts and the judgment stay sealed), with its case file's detection date, joined to
 * the persons read: what indicators C11 (stages, sentences, time to sentence) and C12 count, from one read.
 */
export async function loadProceedingFacts(db: Queryable, persons: PersonFacts): Promise<{ proceedings: ProceedingFacts; reparations: ReparationFacts; sentences: SentenceFacts }> {
  const rows = await db.query<{ group_id: string; stage: string; reparation: ReparationState | null; civil_party: boolean | null; sentenced_on: string | null; sentence_outcome: string | null; detected_on: string }>(
    `SELECT coalesce(g.group_id, p.person_id) AS group_id, p.stage, p.reparation, p.civil_party, p.sentenced_on::text AS sentenced_on, p.sentence_outcome, c.detection_date::text AS detected_on
       FROM proceedings p JOIN case_files c ON c.id = p.case_file_id LEFT JOIN person_groups g ON g.person_id = p.person_id`,
  );
  return {
    proceedings: proceedingFacts(rows.map((r) => ({ groupId: r.group_id, stage: r.stage })), persons),
    reparations: reparationFacts(rows.map((r) => ({ groupId: r.group_id, reparation: r.reparation ?? undefined, civilParty: r.civil_party ?? undefined })), persons),
    sentences: sentenceFacts(rows.map((r) => ({ groupId: r.group_id, detectedOn: r.detected_on, sentencedOn: r.sentenced_on ?? undefined, outcome: r.sentence_outcome ?? undefined })), persons),
  };
}

/**
 * Every case file that entered care or has a plan, one row per plan (none: a row without one): the
 * day it first entered care, its state, each plan's state, approval day and goals as codes (open
 * columns), joined to the persons read: what indicators B7 and B4 count. Read in pages through a
 * cursor, like the case files.
 */
export async function loadPlanFacts(db: Database, persons: PersonFacts): Promise<PlanFacts> {
  const rows: PlanFact[] = [];
  await readPages<{ group_id: string; state: string; care_started_on: string | null; plan_state: string | null; approved_on: string | null; goals: { dimension: string; status: string }[] | null }>(
    db,
    `SELECT coalesce(g.group_id, c.person_id) AS group_id, c.state, c.data->>'careStartedOn' AS care_started_on, p.state AS plan_state, p.approved_on::text AS approved_on, p.goals
       FROM case_files c LEFT JOIN care_plans p ON p.case_file_id = c.id LEFT JOIN person_groups g ON g.person_id = c.person_id
      WHERE c.data->>'careStartedOn' IS NOT NULL OR p.id IS NOT NULL`,
    [],
    () => {
      rows.length = 0;
      return (page) => {
        for (const r of page) {
          rows.push({ groupId: r.group_id, caseState: r.state, careStartedOn: r.care_started_on ?? undefined, planState: r.plan_state ?? undefined, approvedOn: r.approved_on ?? undefined, goals: r.goals ?? undefined });
        }
      };
    },
  );
  return planFacts(rows, persons);
}

/** Every shelter stay as its type, dates and exit reason (open columns), joined to the persons read: what indicator B6 counts. */
export async function loadShelterFacts(db: Queryable, persons: PersonFacts): Promise<ShelterFacts> {
  const rows = await db.query<{ group_id: string; kind: string; entered_on: string | null; left_on: string | null; exit_reason: string | null }>(
    `SELECT coalesce(g.group_id, s.person_id) AS group_id, s.kind, s.entered_on::text AS entered_on, s.left_on::text AS left_on, s.exit_reason
       FROM shelter_stays s LEFT JOIN person_groups g ON g.person_id = s.person_id`,
  );
  return shelterFacts(rows.map((r) => ({ groupId: r.group_id, kind: r.kind, enteredOn: r.entered_on ?? undefined, leftOn: r.left_on ?? undefined, exitReason: r.exit_reason ?? undefined })), persons);
}

/**
 * Every active case file with the day of its latest follow-up that reached the person and whether
 * the latest recorded attempt did not (open columns), joined to the persons read: what indicator
 * B8 counts. Read in pages through a cursor, like the case files.
 */
export async function loadFollowUpFacts(db: Database, persons: PersonFacts): Promise<FollowUpFacts> {
  const facts: FollowUpFact[] = [];
  // The follow-ups of all case files aggregated in one pass (two subqueries per case file took
  // 24 s for 1,000,000): the last one done, and whether the last attempt found nobody.
  await readPages<{ group_id: string; state: string; last_done: string | null; lost: boolean | null }>(
    db,
    `SELECT coalesce(g.group_id, c.person_id) AS group_id, c.state, f.last_done::text AS last_done, f.lost
       FROM case_files c LEFT JOIN person_groups g ON g.person_id = c.person_id
       LEFT JOIN (SELECT case_file_id, max(done_on) FILTER (WHERE state = 'REALIZADO') AS last_done,
                         (array_agg(state = 'NO_CONTACTADO' ORDER BY done_on DESC, updated_at DESC) FILTER (WHERE done_on IS NOT NULL))[1] AS lost
                    FROM followups GROUP BY case_file_id) f ON f.case_file_id = c.id
      WHERE NOT (c.state = ANY($1))`,
    [[...INACTIVE_CASE_STATES]],
    () => {
      facts.length = 0;
      return (rows) => {
        for (const r of rows) facts.push({ groupId: r.group_id, caseState: r.state, lastDoneOn: r.last_done ?? undefined, lostContact: r.lost === true });
      };
    },
  );
  return followUpFacts(facts, persons);
}

/** Each person's (linkage group's) first detection and first service delivered (open columns): what indicator B5 counts. */
export async function loadCareTimeFacts(db: Queryable, persons: PersonFacts): Promise<CareTimeFacts> {
  const rows = await db.query<{ gid: string; detected: string; served: string | null }>(
    `WITH d AS (SELECT coalesce(g.group_id, c.person_id) AS gid, min(c.detection_date) AS first FROM case_files c LEFT JOIN person_groups g ON g.person_id = c.person_id GROUP BY 1),
          s AS (SELECT coalesce(g.group_id, s.person_id) AS gid, min(s.delivered_on) AS first FROM services s LEFT JOIN person_groups g ON g.person_id = s.person_id GROUP BY 1)
     SELECT d.gid, d.first::text AS detected, s.first::text AS served FROM d LEFT JOIN s ON s.gid = d.gid`,
  );
  return careTimeFacts(rows.map((r) => ({ groupId: r.gid, firstDetectedOn: r.detected, firstServiceOn: r.served ?? undefined })), persons);
}
