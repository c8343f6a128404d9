// bench:stats — synthetic care records beside the loaded case files, so that the indicators read
// from them (referrals D14, shelter stays, follow-ups) are measured on a registry where they exist,
// not on empty tables (plans and proceedings come from the demo's loader). Written in SQL,
// open columns only (what statistics read; `sealed` stays empty: nothing personal, nothing to
// open), with codes drawn from the domain's code lists. Synthetic by construction.
import type { CodeList } from '../src/domain/code-list-builder.ts';
import {
  BASE_LEGAL_COMPARTIR,
  MODALIDAD_SEGUIMIENTO,
  MOTIVO_DERIVACION,
  MOTIVO_EGRESO,
  TIPO_ALOJAMIENTO,
  URGENCIA_DERIVACION,
} from '../src/domain/code-lists-followup.ts';
import { REFERRAL_STATES } from '../src/domain/referrals.ts';
import type { Queryable } from '../src/server/db/database.ts';

const codes = (list: CodeList) => list.values.filter((v) => !v.noValue).map((v) => v.code);
/** A code drawn at random from the text array parameter $n. */
const pick = (n: number) => `($${n}::text[])[1 + floor(random() * cardinality($${n}::text[]))::int]`;

/** The tables written here, copied with the case files by the bench's SQL copies. */
export const CARE_TABLES = ['referrals', 'shelter_stays', 'followups'] as const;

/** Adds care and justice records to a share of the case files; returns how many rows of each. */
export async function loadCareRecords(db: Queryable): Promise<Record<(typeof CARE_TABLES)[number], number>> {
  await db.query('SELECT setseed(0.2026)');
  await db.query(`CREATE TEMP TABLE care_pick AS
    SELECT c.id, c.person_id, c.owner_agency_id, c.registering_unit_id AS unit_id, c.detection_date, c.created_at,
           random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
      FROM case_files c`);
  // Three in ten referred to another agency's unit; answered within days when answered at all.
  await db.query(
    `INSERT INTO referrals (id, case_file_id, person_id, from_agency_id, from_unit_id, to_agency_id, to_unit_id, state, motive, urgency, services, transfers_lead, basis, shared_groups, sent_at, answered_at, version, created_at, updated_at)
     SELECT gen_random_uuid(), p.id, p.person_id, p.owner_agency_id, p.unit_id, u.agency_id, u.id, s.state, ${pick(2)}, ${pick(3)}, '{}', false, ${pick(4)}, '{}',
            CASE WHEN s.state <> 'BORRADOR' THEN p.created_at + interval '1 day' END,
            CASE WHEN s.state NOT IN ('BORRADOR', 'ENVIADA', 'CANCELADA') THEN p.created_at + interval '1 day' + (p.r4 * interval '9 days') END,
            1, p.created_at, p.created_at
       FROM care_pick p
       CROSS JOIN LATERAL (SELECT ($1::text[])[1 + floor(p.r5 * cardinality($1::text[]))::int] AS state) s
       CROSS JOIN LATERAL (SELECT id, agency_id FROM units WHERE agency_id <> p.owner_agency_id ORDER BY md5(p.id::text || id::text) LIMIT 1) u
      WHERE p.r3 < 0.3`,
    [[...REFERRAL_STATES], codes(MOTIVO_DERIVACION), codes(URGENCIA_DERIVACION), codes(BASE_LEGAL_COMPARTIR)],
  );
  // Two in ten sheltered; most have left, for a reason.
  await db.query(
    `INSERT INTO shelter_stays (id, case_file_id, person_id, owner_agency_id, kind, state, entered_on, left_on, exit_reason, version, created_at, updated_at)
     SELECT gen_random_uuid(), p.id, p.person_id, p.owner_agency_id, ${pick(1)}, CASE WHEN p.r5 < 0.7 THEN 'EGRESO' ELSE 'PERMANENCIA' END,
            p.detection_date + 2, CASE WHEN p.r5 < 0.7 THEN p.detection_date + 2 + (p.r2 * 200)::int END, CASE WHEN p.r5 < 0.7 THEN ${pick(2)} END,
            1, p.created_at, p.created_at
       FROM care_pick p WHERE p.r4 < 0.2`,
    [codes(TIPO_ALOJAMIENTO), codes(MOTIVO_EGRESO)],
  );
  // Six in ten followed up: one to four each, most done, some not reached, some due.
  await db.query(
    `INSERT INTO followups (id, case_file_id, person_id, owner_agency_id, unit_id, state, due_on, modality, attempt, done_on, version, created_at, updated_at)
     SELECT gen_random_uuid(), p.id, p.person_id, p.owner_agency_id, p.unit_id, s.state, p.detection_date + 30 * g, ${pick(1)}, 1,
            CASE WHEN s.state IN ('REALIZADO', 'NO_CONTACTADO') THEN p.detection_date + 30 * g + 2 END, 1, p.created_at, p.created_at
       FROM care_pick p CROSS JOIN generate_series(1, 1 + (p.r5 * 3)::int) g
       CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.7 THEN 'REALIZADO' WHEN random() < 0.5 THEN 'NO_CONTACTADO' ELSE 'PROGRAMADO' END AS state) s
      WHERE p.r1 < 0.6`,
    [codes(MODALIDAD_SEGUIMIENTO)],
  );
  await db.query('DROP TABLE care_pick');
  const out = {} as Record<(typeof CARE_TABLES)[number], number>;
  for (const table of CARE_TABLES) out[table] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? 0;
  return out;
}

/**
 * The SQL that copies each care table's rows of the case files in `copy_cases` (copy number k),
 * with ids derived like the case files' (`id(column)`), so the copies line up with their persons.
 */
export function copyCareSql(id: (column: string) => string): string[] {
  const columns: Record<(typeof CARE_TABLES)[number], string[]> = {
    referrals: ['from_agency_id', 'from_unit_id', 'to_agency_id', 'to_unit_id', 'state', 'motive', 'urgency', 'services', 'transfers_lead', 'basis', 'shared_groups', 'sent_at', 'answered_at', 'version', 'created_at', 'updated_at'],
    shelter_stays: ['owner_agency_id', 'kind', 'state', 'entered_on', 'left_on', 'exit_reason', 'version', 'created_at', 'updated_at'],
    followups: ['owner_agency_id', 'unit_id', 'state', 'due_on', 'modality', 'attempt', 'done_on', 'version', 'created_at', 'updated_at'],
  };
  return CARE_TABLES.map(
    (table) =>
      `INSERT INTO ${table} (id, case_file_id, person_id, ${columns[table].join(', ')})
       SELECT ${id('t.id')}, ${id('t.case_file_id')}, ${id('t.person_id')}, ${columns[table].map((c) => `t.${c}`).join(', ')}
         FROM ${table} t WHERE t.case_file_id IN (SELECT id FROM copy_cases)`,
  );
}
