// Indicator C11's sentences from what prosecutors record over the API. The prosecutor's office
// registers twelve women detected on 2 October 2025 and opens each one's complaint; ten proceedings
// go to trial and end in a conviction on 20 May 2026 (230 days after the detection), two end early
// on 1 February 2026 (122 days). The day of the first
// sentence and its outcome (a code) are written in clear beside the sealed proceeding, survive a
// rebuild of the projections, and the day is found again in the action log by migration 0030; the
// restricted justice route counts them, protected like the stages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rebuildProjections } from '../../src/server/actions/store.ts';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { loadMigrations, splitStatements } from '../../src/server/db/migrate.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { assertRestrictedProtected } from '../helpers/restricted-audit.ts';

process.env.ENLACE_STATISTICS_MAX_AGE_MS = '0';
let t: TestApp;
let fiscal: Client;
let analyst: Client;
const proceedings: string[] = [];

const ok = (res: { statusCode: number; body: string }, status = 200) => assert.equal(res.statusCode, status, res.body);

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  const mp = await createAgency(t.db, { key: 'MP', name: 'Ministerio Público (sintético)', orgType: 'FISCALIA', entity: 'MP' });
  const fiscalia = await createUnit(t.db, { agencyId: mp, name: 'Fiscalía de Trata Lima (sintética)', ubigeo: '150101' });
  await createUser(t.db, { unitId: fiscalia, username: 'fiscal', displayName: 'Fiscal', password: PASSWORD, roles: ['FISCAL'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'analista', displayName: 'Analista nacional', password: PASSWORD, roles: ['ANALISTA_NACIONAL'], mustChangePassword: false });
  fiscal = await t.signIn('fiscal');
  analyst = await t.signIn('analista');
  for (let i = 0; i < 12; i++) {
    const registration = sampleRegistration({ person: { givenNames: ['Ana', 'Rosa', 'Luz', 'Elena', 'Julia', 'Carmen', 'Flor', 'Nora', 'Sara', 'Irma', 'Olga', 'Rita'][i], documents: [] }, caseFile: { detectionDate: '2025-10-02' } });
    const created = await fiscal.request('POST', '/api/case-files', registration);
    ok(created, 201);
    const caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
    const opened = await fiscal.request('POST', `/api/case-files/${caseId}/proceedings`, { stage: 'DENUNCIA_REGISTRADA', stageOn: '2025-10-05' });
    ok(opened, 201);
    const id = (opened.json() as { proceeding: { id: string } }).proceeding.id;
    proceedings.push(id);
    const moves: { to: string; on: string; outcome?: string }[] = [
      { to: 'DILIGENCIAS_PRELIMINARES', on: '2025-10-10' },
      { to: 'INVESTIGACION_PREPARATORIA', on: '2025-11-01' },
      ...(i < 2
        ? [{ to: 'TERMINADA_ANTICIPADAMENTE', on: '2026-02-01', outcome: 'TERMINACION_ANTICIPADA' }]
        : [
            { to: 'ETAPA_INTERMEDIA', on: '2026-01-10' },
            { to: 'JUICIO_ORAL', on: '2026-03-01' },
            { to: 'SENTENCIA_PRIMERA_INSTANCIA', on: '2026-05-20', outcome: 'SENTENCIA_CONDENATORIA' },
          ]),
    ];
    for (const [k, move] of moves.entries()) ok(await fiscal.request('POST', `/api/proceedings/${id}/stages`, { version: k + 1, ...move }));
  }
});
after(async () => t.close());

const sentenced = async () => (await t.db.query<{ id: string; sentenced_on: string | null; sentence_outcome: string | null }>('SELECT id, sentenced_on::text, sentence_outcome FROM proceedings ORDER BY id')).map((r) => ({ ...r }));

test('the first sentence is written in clear beside the sealed proceeding: its day and its outcome as a code', async () => {
  const rows = await t.db.query<{ sentenced_on: string; sentence_outcome: string; n: number }>('SELECT sentenced_on::text, sentence_outcome, count(*)::int AS n FROM proceedings GROUP BY 1, 2 ORDER BY 1');
  assert.deepEqual(
    rows.map((r) => ({ ...r })),
    [
      { sentenced_on: '2026-02-01', sentence_outcome: 'TERMINACION_ANTICIPADA', n: 2 },
      { sentenced_on: '2026-05-20', sentence_outcome: 'SENTENCIA_CONDENATORIA', n: 10 },
    ],
  );
  // The appeal does not move the day of the sentence.
  const id = proceedings[2] as string;
  ok(await fiscal.request('POST', `/api/proceedings/${id}/stages`, { version: 6, to: 'APELACION', on: '2026-05-25' }));
  const [row] = await t.db.query<{ stage: string; sentenced_on: string }>('SELECT stage, sentenced_on::text FROM proceedings WHERE id = $1', [id]);
  assert.deepEqual({ ...row }, { stage: 'APELACION', sentenced_on: '2026-05-20' });
});

test('the sentence columns are derived again from the action log (rebuild-projections)', async () => {
  const live = await sentenced();
  await t.db.transaction((tx) => rebuildProjections(tx));
  assert.deepEqual(await sentenced(), live);
});

test('migration 0030 finds the day of the first sentence of proceedings written before it in the action log', async () => {
  const live = await sentenced();
  await t.db.query('UPDATE proceedings SET sentenced_on = NULL');
  const migration = loadMigrations().find((m) => m.version === 30 && /sentenced_on/.test(m.sql));
  assert.ok(migration);
  for (const statement of splitStatements(migration.sql).filter((q) => /^\s*UPDATE/m.test(q.replace(/--.*$/gm, '')))) await t.db.query(statement);
  assert.deepEqual(await sentenced(), live);
});

test('C11: sentences by outcome and time from detection to sentence, by sex and child/adult; no withheld count recoverable', async () => {
  type Counts = { proceedings: number | null; sentenced: number | null; personsSentenced: number | null; withinYear: number | null; over3Years: number | null; medianDaysToSentence: number | null; percentWithinYear: number | null };
  const times = ['withinYear', 'years1to2', 'years2to3', 'over3Years'];
  const body = (await assertRestrictedProtected(analyst, '/api/statistics/justice', '2025', {
    counts: ['proceedings', 'persons', 'sentenced', 'personsSentenced', ...times],
    sums: [
      { total: 'proceedings', parts: ['sentenced'], rest: 'notSentenced' },
      { total: 'persons', parts: ['personsSentenced'], rest: 'personsNotSentenced' },
      { total: 'sentenced', parts: times },
    ],
    groups: [
      { field: 'byStage', key: (c) => String(c.stage), counts: ['proceedings', 'persons'], additive: ['proceedings'] },
      { field: 'byOutcome', key: (c) => String(c.outcome), counts: ['sentenced'], additive: ['sentenced'] },
    ],
    shares: times.map((k) => ({ field: `percent${k[0]?.toUpperCase()}${k.slice(1)}`, numerator: k, denominator: 'sentenced' })),
  })) as Counts & { byOutcome: { outcome: string; label: string; sentenced: number | null }[]; bySex: (Counts & { sex: string })[] };
  // Twelve sentenced, all within a year of the detection: 230 days for ten, 122 for two (median 230).
  assert.deepEqual([body.proceedings, body.sentenced, body.personsSentenced, body.withinYear, body.over3Years, body.medianDaysToSentence, body.percentWithinYear], [12, 12, 12, 12, 0, 230, 100]);
  const conviction = body.byOutcome.find((o) => o.outcome === 'SENTENCIA_CONDENATORIA');
  assert.equal(conviction?.label, 'Sentencia condenatoria');
  assert.equal(body.byOutcome.find((o) => o.outcome === 'TERMINACION_ANTICIPADA')?.sentenced, null, 'two early terminations: withheld');
  // The two early terminations withheld, so the ten convictions too (else 12 − 10 = 2).
  assert.equal(conviction?.sentenced, null);
  const women = body.bySex.find((c) => c.sex === 'MUJER');
  assert.deepEqual([women?.sentenced, women?.medianDaysToSentence], [12, 230]);
  const en = (await analyst.request('GET', '/api/statistics/justice?year=2025', undefined, { 'Accept-Language': 'en' })).json() as { byOutcome: { outcome: string; label: string }[] };
  assert.equal(en.byOutcome.find((o) => o.outcome === 'SENTENCIA_ABSOLUTORIA')?.label, 'Acquittal');
  assert.equal(en.byOutcome.find((o) => o.outcome === 'SIN_REGISTRO')?.label, 'Outcome not recorded');
  assert.equal((await fiscal.request('GET', '/api/statistics/justice')).statusCode, 403);
});
