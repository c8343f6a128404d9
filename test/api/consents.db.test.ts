// Consent per purpose (domain-spec §6.9, §10.2–10.3): who took it and when, a consent to share
// with a named agency opens a share in the groups it covers, its withdrawal ends that share, and a
// child's consent is given by a representative with the child's own view recorded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { todayInPeru } from '../../src/domain/dates.ts';
import { createUser } from '../../src/server/commands/directory.ts';
import { PASSWORD, sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { careConsent } from '../permissions/consents.cases.ts';

let t: TestApp;
let police: Client;
let ngo: Client;

before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
});
after(() => t.close());

async function register(client: Client, over: Parameters<typeof sampleRegistration>[0] = {}): Promise<string> {
  const res = await client.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Flor de María', documents: [], ...over.person }, caseFile: { ...over.caseFile } }));
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { caseFile: { id: string } }).caseFile.id;
}

interface Consent {
  id: string;
  purpose: string;
  granted: boolean;
  inForce: boolean;
  takenBy: string;
  takenAt: string;
  withdrawnBy: string | null;
  withdrawnOn: string | null;
  withdrawalReason?: string;
  childOpinion?: string;
  childOpinionRecorded: boolean;
  shareId: string | null;
  agency: { key: string } | null;
  groups: string[];
  lapsedAt: string | null;
  renewalDue: boolean;
  awaitingCoSignature: boolean;
  coSignedBy: string | null;
}

const sharing = (over: Record<string, unknown> = {}) => ({ ...careConsent, purpose: 'COMPARTIR_CON_ENTIDAD', agency: 'ONG', groups: ['G1', 'G2'], ...over });

test('a consent per purpose records who took it and when; a refusal is kept too', async () => {
  const id = await register(police);
  const res = await police.request('POST', `/api/case-files/${id}/consents`, careConsent);
  assert.equal(res.statusCode, 201, res.body);
  const consent = (res.json() as { consent: Consent }).consent;
  assert.equal(consent.takenBy, 'policia');
  assert.ok(Math.abs(Date.parse(consent.takenAt) - Date.now()) < 60_000);
  assert.equal(consent.inForce, true);
  assert.equal(consent.shareId, null, 'a consent for care opens no share');

  const refusal = await police.request('POST', `/api/case-files/${id}/consents`, { ...careConsent, purpose: 'USO_ESTADISTICO_ANONIMIZADO', granted: false });
  assert.equal(refusal.statusCode, 201, refusal.body);
  assert.equal((refusal.json() as { consent: Consent }).consent.inForce, false);
  const list = (await police.request('GET', `/api/case-files/${id}/consents`)).json() as { items: Consent[] };
  assert.deepEqual(list.items.map((c) => [c.purpose, c.granted]).sort(), [['ATENCION_Y_SERVICIOS', true], ['USO_ESTADISTICO_ANONIMIZADO', false]]);
  const entries = await t.db.query<{ action: string; purpose: string }>("SELECT action, purpose FROM audit_log WHERE entity_id = $1 AND action IN ('CONSENT', 'READ') ORDER BY seq", [id]);
  assert.ok(entries.some((e) => e.action === 'CONSENT' && e.purpose.startsWith('refused USO_ESTADISTICO_ANONIMIZADO')));

  // A refusal cannot be withdrawn; another agency cannot even see the record.
  const refusedId = (refusal.json() as { consent: Consent }).consent.id;
  assert.equal((await police.request('POST', `/api/case-files/${id}/consents/${refusedId}/withdrawal`, { withdrawnOn: '2026-11-21' })).statusCode, 404);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}/consents`)).statusCode, 404);
  assert.equal((await ngo.request('POST', `/api/case-files/${id}/consents`, careConsent)).statusCode, 404);
});

test('bad consents are refused with a reason per field and record nothing', async () => {
  const id = await register(police);
  const cases: [Record<string, unknown>, number, string][] = [
    [sharing({ agency: undefined }), 422, 'agency'],
    [sharing({ groups: ['G2', 'G6'] }), 422, 'groups'],
    [sharing({ form: 'VERBAL_REGISTRADA' }), 422, 'form'],
    [{ ...careConsent, purpose: 'TRATAMIENTO_DATOS_SENSIBLES', form: 'VERBAL_REGISTRADA' }, 422, 'form'],
    [{ ...careConsent, agency: 'ONG' }, 422, 'agency'],
    [{ ...careConsent, checklist: { ...careConsent.checklist, howToWithdraw: false } }, 422, 'checklist.howToWithdraw'],
    [{ ...careConsent, purpose: 'IMAGEN_O_TESTIMONIO_PUBLICO', form: 'VERBAL_REGISTRADA' }, 422, 'form'],
    [{ ...careConsent, childOpinion: 'quiere volver a estudiar' }, 422, 'childOpinion'],
    [sharing({ agency: 'PNP' }), 400, 'agency'],
    [sharing({ agency: 'XYZ' }), 400, 'agency'],
    [{ ...careConsent, purpose: 'TODO' }, 400, 'purpose'],
    [{ ...careConsent, givenOn: '2999-01-01' }, 400, 'givenOn'],
    [{ ...careConsent, extra: 1 }, 400, ''],
  ];
  for (const [body, status, path] of cases) {
    const res = await police.request('POST', `/api/case-files/${id}/consents`, body, { 'accept-language': 'en' });
    assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
    const problem = res.json() as { errors: { path: string; message: string }[] };
    if (path) assert.ok(problem.errors.some((e) => e.path === path && e.message.length > 5), `${path}: ${res.body}`);
  }
  assert.equal((await t.db.query('SELECT 1 FROM consents WHERE case_file_id = $1', [id])).length, 0);
  assert.equal((await t.db.query('SELECT 1 FROM record_access WHERE case_file_id = $1', [id])).length, 0);
});

test('a consent to share opens the named agency to the groups it covers; withdrawing it ends the share', async () => {
  const id = await register(police);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 404);
  const res = await police.request('POST', `/api/case-files/${id}/consents`, sharing());
  assert.equal(res.statusCode, 201, res.body);
  const consent = (res.json() as { consent: Consent }).consent;
  assert.equal(consent.agency?.key, 'ONG');
  assert.ok(consent.shareId);
  const view = await ngo.request('GET', `/api/case-files/${id}`);
  assert.equal(view.statusCode, 200, view.body);
  assert.equal((view.json() as { person?: { givenNames: string } }).person?.givenNames, 'Flor de María');
  const shares = (await police.request('GET', `/api/case-files/${id}/shares`)).json() as { items: { id: string; basis: string; inForce: boolean }[] };
  assert.deepEqual(shares.items.map((s) => [s.id, s.basis, s.inForce]), [[consent.shareId, 'CONSENT', true]]);
  // The receiver sees the consent that names it.
  const seen = (await ngo.request('GET', `/api/case-files/${id}/consents`)).json() as { items: Consent[] };
  assert.deepEqual(seen.items.map((c) => c.id), [consent.id]);

  const withdrawal = await police.request('POST', `/api/case-files/${id}/consents/${consent.id}/withdrawal`, { withdrawnOn: '2026-11-21', reason: 'la persona lo pidió en la entrevista (sintético)' });
  assert.equal(withdrawal.statusCode, 200, withdrawal.body);
  const withdrawn = (withdrawal.json() as { consent: Consent }).consent;
  assert.equal(withdrawn.inForce, false);
  assert.equal(withdrawn.withdrawnBy, 'policia');
  assert.equal(withdrawn.withdrawnOn, '2026-11-21');
  assert.equal(withdrawn.withdrawalReason, 'la persona lo pidió en la entrevista (sintético)');
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 404, 'the share ended with the consent');
  assert.equal((await police.request('POST', `/api/case-files/${id}/consents/${consent.id}/withdrawal`, { withdrawnOn: '2026-11-21' })).statusCode, 404, 'withdrawn once');
  const [row] = await t.db.query<{ sealed: boolean }>('SELECT withdrawal_sealed IS NOT NULL AS sealed FROM consents WHERE id = $1', [consent.id]);
  assert.equal(row?.sealed, true);
  assert.equal((await t.db.query("SELECT 1 FROM consents WHERE position(convert_to('entrevista', 'UTF8') in withdrawal_sealed) > 0")).length, 0, 'the reason is not stored readable');
  const audited = await t.db.query<{ username: string }>("SELECT username FROM audit_log WHERE entity_id = $1 AND action = 'WITHDRAW_CONSENT'", [id]);
  assert.deepEqual(audited.map((a) => a.username), ['policia']);
});

test('the agency a consent shares with may withdraw it from its own screen (§10.2)', async () => {
  const id = await register(police);
  const consent = ((await police.request('POST', `/api/case-files/${id}/consents`, sharing({ groups: ['G2'] }))).json() as { consent: Consent }).consent;
  const res = await ngo.request('POST', `/api/case-files/${id}/consents/${consent.id}/withdrawal`, { withdrawnOn: '2026-11-22' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 404);
  const list = (await police.request('GET', `/api/case-files/${id}/consents`)).json() as { items: Consent[] };
  assert.equal(list.items[0]?.withdrawnBy, 'gestora');
});

test('a child: the representative or the protection authority consents, with the child\'s own view', async () => {
  const id = await register(police, { person: { birthDate: '2012-05-01' }, caseFile: { minorAtDetection: 'SI' } });
  const byChild = await police.request('POST', `/api/case-files/${id}/consents`, { ...careConsent, childOpinion: 'está de acuerdo (sintético)' });
  assert.equal(byChild.statusCode, 422);
  assert.ok((byChild.json() as { errors: { path: string }[] }).errors.some((e) => e.path === 'givenBy'));
  const noOpinion = await police.request('POST', `/api/case-files/${id}/consents`, { ...careConsent, givenBy: 'UPE_DPE_O_AUTORIDAD_TUTELAR' });
  assert.equal(noOpinion.statusCode, 422);
  assert.ok((noOpinion.json() as { errors: { path: string }[] }).errors.some((e) => e.path === 'childOpinion'));
  const ok = await police.request('POST', `/api/case-files/${id}/consents`, { ...careConsent, givenBy: 'REPRESENTANTE_LEGAL', childOpinion: 'quiere seguir en el colegio (sintético)' });
  assert.equal(ok.statusCode, 201, ok.body);
  const consent = (ok.json() as { consent: Consent }).consent;
  assert.equal(consent.childOpinion, 'quiere seguir en el colegio (sintético)');
  assert.equal((await t.db.query("SELECT 1 FROM consents WHERE position(convert_to('colegio', 'UTF8') in sealed) > 0 OR data::text LIKE '%colegio%'")).length, 0);
});

/** The day `years` years and `days` days before today, in Peru. */
const yearsAgo = (years: number, days = 0) => {
  const d = new Date(`${todayInPeru()}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return new Date(d.getTime() - days * 86_400_000).toISOString().slice(0, 10);
};
const consentsOfCase = async (client: Client, id: string) => ((await client.request('GET', `/api/case-files/${id}/consents`)).json() as { items: Consent[] }).items;

test('a public image or testimony holds only once the head of the unit co-signs it, never the one who took it', async () => {
  await createUser(t.db, { unitId: t.units.pnp, username: 'jefa', displayName: 'Jefa de unidad', password: PASSWORD, roles: ['SUPERVISOR'], mustChangePassword: false });
  await createUser(t.db, { unitId: t.units.pnp, username: 'jefa.registro', displayName: 'Jefa que registra', password: PASSWORD, roles: ['SUPERVISOR', 'PNP_REGISTRO'], mustChangePassword: false });
  const jefa = await t.signIn('jefa');
  const id = await register(police);
  const res = await police.request('POST', `/api/case-files/${id}/consents`, { ...careConsent, purpose: 'IMAGEN_O_TESTIMONIO_PUBLICO' });
  assert.equal(res.statusCode, 201, res.body);
  const consent = (res.json() as { consent: Consent }).consent;
  assert.deepEqual([consent.awaitingCoSignature, consent.inForce], [true, false]);
  const url = `/api/case-files/${id}/consents/${consent.id}/co-signature`;
  // It waits on the head of the unit: on her worklist and in her alerts, not on whoever took it.
  const waiting = async (client: Client) => ((await client.request('GET', '/api/worklist')).json() as { proposals: { kind: string; entityId: string }[] }).proposals.filter((p) => p.kind === 'CONSENT_COSIGN').map((p) => p.entityId);
  const alerted = async (client: Client) => ((await client.request('GET', '/api/alerts')).json() as { items: { kind: string; entityId: string }[] }).items.filter((a) => a.kind === 'PROPOSAL_PENDING').map((a) => a.entityId);
  assert.deepEqual([await waiting(jefa), await alerted(jefa)], [[consent.id], [consent.id]]);
  assert.deepEqual([await waiting(police), await alerted(police)], [[], []], 'the case worker who took it has nothing to sign');
  assert.equal((await police.request('POST', url)).statusCode, 403, 'the case worker cannot co-sign');
  assert.equal((await ngo.request('POST', url)).statusCode, 404);
  const signed = await jefa.request('POST', url, undefined, { 'idempotency-key': 'cosign-0001-intento' });
  assert.equal(signed.statusCode, 200, signed.body);
  // Its answer lost on the way: sent again with its key, the same answer, signed once.
  const again = await jefa.request('POST', url, undefined, { 'idempotency-key': 'cosign-0001-intento' });
  assert.deepEqual([again.statusCode, again.headers['idempotent-replayed'], again.json()], [200, 'true', signed.json()]);
  const after = (signed.json() as { consent: Consent }).consent;
  assert.deepEqual([after.awaitingCoSignature, after.inForce, after.coSignedBy], [false, true, 'jefa']);
  assert.deepEqual([await waiting(jefa), await alerted(jefa)], [[], []], 'signed: nothing waits');
  assert.equal((await jefa.request('POST', url)).statusCode, 404, 'co-signed once');
  const care = (await consentsOfCase(police, id)).find((c) => c.purpose === 'IMAGEN_O_TESTIMONIO_PUBLICO');
  assert.equal(care?.inForce, true);

  // A head of unit who took it herself cannot be its second signature.
  const own = await t.signIn('jefa.registro');
  const taken = ((await own.request('POST', `/api/case-files/${id}/consents`, { ...careConsent, purpose: 'IMAGEN_O_TESTIMONIO_PUBLICO' })).json() as { consent: Consent }).consent;
  assert.deepEqual([await waiting(own), await waiting(jefa)], [[], [taken.id]], 'it waits on the other head, not on her');
  const self = await own.request('POST', `/api/case-files/${id}/consents/${taken.id}/co-signature`, undefined, { 'accept-language': 'en' });
  assert.equal(self.statusCode, 403);
  assert.match(self.json<{ title: string }>().title, /co-signs cannot be/);
  // Every call is audited, the replayed retry too; the refused self-signature is not a co-signature.
  assert.equal((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'COSIGN_CONSENT' AND entity_id = $1", [id]))[0]?.n, 2);
  assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consents WHERE case_file_id = $1 AND cosigned_at IS NOT NULL', [id]))[0]?.n, 1, 'signed once');
});

test('a share on consent needs a recorded consent in force for that agency and those groups; withdrawing it ends the share', async () => {
  const id = await register(police);
  const body = { agency: 'ONG', basis: 'CONSENT', groups: ['G2'], reason: 'consentimiento escrito del 2026-11-20' };
  const none = await police.request('POST', `/api/case-files/${id}/shares`, body);
  assert.equal(none.statusCode, 400);
  assert.deepEqual(none.json<{ errors: { path: string }[] }>().errors.map((e) => e.path), ['consentId']);
  const consent = ((await police.request('POST', `/api/case-files/${id}/consents`, sharing({ groups: ['G2'] }))).json() as { consent: Consent }).consent;
  // The owner closed the share the consent opened; she opens it again on the same consent, within it.
  assert.equal((await police.request('DELETE', `/api/case-files/${id}/shares/${consent.shareId}`)).statusCode, 204);
  assert.equal((await police.request('POST', `/api/case-files/${id}/shares`, { ...body, groups: ['G1', 'G2'], consentId: consent.id })).statusCode, 422, 'beyond the groups consented');
  assert.equal((await police.request('POST', `/api/case-files/${id}/shares`, { ...body, agency: 'NAC', consentId: consent.id })).statusCode, 422, 'another agency than the one consented');
  const careId = ((await police.request('POST', `/api/case-files/${id}/consents`, careConsent)).json() as { consent: Consent }).consent.id;
  assert.equal((await police.request('POST', `/api/case-files/${id}/shares`, { ...body, consentId: careId })).statusCode, 422, 'a consent for another purpose');
  const shared = await police.request('POST', `/api/case-files/${id}/shares`, { ...body, consentId: consent.id });
  assert.equal(shared.statusCode, 201, shared.body);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 200);
  assert.equal((await police.request('POST', `/api/case-files/${id}/consents/${consent.id}/withdrawal`, { withdrawnOn: todayInPeru() })).statusCode, 200);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 404, 'the share rested on the consent');
  assert.equal((await police.request('POST', `/api/case-files/${id}/shares`, { ...body, consentId: consent.id })).statusCode, 422, 'a withdrawn consent opens nothing');
});

test('a referral resting on a recorded consent stops sharing when the consent is withdrawn, and no later step opens it again', async () => {
  const id = await register(police);
  const consent = ((await police.request('POST', `/api/case-files/${id}/consents`, sharing({ groups: ['G1', 'G2', 'G5'] }))).json() as { consent: Consent }).consent;
  assert.equal((await police.request('DELETE', `/api/case-files/${id}/shares/${consent.shareId}`)).statusCode, 204);
  const referral = {
    toUnitId: t.units.ong,
    motive: 'SERVICIOS_ADICIONALES',
    services: ['SALUD_MENTAL_PSICOLOGICA'],
    urgency: 'PRIORITARIA',
    basis: 'CONSENTIMIENTO',
    consent: { givenOn: careConsent.givenOn, form: 'ESCRITA_FIRMA', givenBy: 'TITULAR', coversDestination: true, consentId: consent.id },
    sharedGroups: ['G1', 'G2', 'G5'],
  };
  const beyond = await police.request('POST', `/api/case-files/${id}/referrals`, { ...referral, sharedGroups: ['G1', 'G2', 'G3_INFORME'] });
  assert.equal(beyond.statusCode, 422, beyond.body);
  const sent = await police.request('POST', `/api/case-files/${id}/referrals`, referral);
  assert.equal(sent.statusCode, 201, sent.body);
  const referralId = (sent.json() as { id: string }).id;
  assert.equal((await ngo.request('POST', `/api/referrals/${referralId}/transitions`, { version: 2, to: 'ACEPTADA' })).statusCode, 200);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 200, 'accepted: the receiver reaches the case');

  // The receiver withdraws it from her own screen (§10.2: revocable by any agency that receives it).
  const careId = ((await police.request('POST', `/api/case-files/${id}/consents`, careConsent)).json() as { consent: Consent }).consent.id;
  assert.equal((await ngo.request('POST', `/api/case-files/${id}/consents/${careId}/withdrawal`, { withdrawnOn: todayInPeru() })).statusCode, 404, 'not a consent that names her agency');
  const withdrawn = await ngo.request('POST', `/api/case-files/${id}/consents/${consent.id}/withdrawal`, { withdrawnOn: todayInPeru() });
  assert.equal(withdrawn.statusCode, 200, withdrawn.body);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 404, 'the referral\'s sharing stopped with the consent');
  const going = await ngo.request('POST', `/api/referrals/${referralId}/transitions`, { version: 3, to: 'EN_CURSO' });
  assert.equal(going.statusCode, 200, going.body);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 404, 'carrying the referral out does not open it again');
});

test('at 18 a representative\'s consent lapses: historical basis only, its share ends, the young adult is asked for her own', async () => {
  // Came of age a month ago; her representative consented two months ago, while she was a child.
  const adult = await register(police, { person: { birthDate: yearsAgo(18, 30) }, caseFile: { detectionDate: yearsAgo(0, 90), minorAtDetection: 'SI' } });
  const child = { ...careConsent, givenBy: 'REPRESENTANTE_LEGAL', givenOn: yearsAgo(0, 60), childOpinion: 'de acuerdo (sintético)' };
  const lapsed = await police.request('POST', `/api/case-files/${adult}/consents`, sharing({ ...child, purpose: 'COMPARTIR_CON_ENTIDAD', groups: ['G2'] }));
  assert.equal(lapsed.statusCode, 201, lapsed.body);
  const old = (lapsed.json() as { consent: Consent }).consent;
  assert.deepEqual([old.inForce, old.renewalDue, old.lapsedAt !== null], [false, true, true]);
  assert.equal((await ngo.request('GET', `/api/case-files/${adult}`)).statusCode, 404, 'the share resting on it ended');
  // Turning 18 within the month: announced ahead.
  const soon = await register(police, { person: { birthDate: yearsAgo(18, -20) }, caseFile: { detectionDate: yearsAgo(0, 90), minorAtDetection: 'SI' } });
  const pending = await police.request('POST', `/api/case-files/${soon}/consents`, child);
  assert.equal(pending.statusCode, 201, pending.body);
  assert.equal((pending.json() as { consent: Consent }).consent.inForce, true);

  const renewals = async () => ((await police.request('GET', '/api/consent-renewals?withinDays=30')).json() as { items: { consentId: string; caseFileId: string; status: string; comesOfAgeOn: string | null }[] }).items;
  const listed = await renewals();
  assert.deepEqual(listed.filter((r) => r.caseFileId === adult).map((r) => [r.consentId, r.status]), [[old.id, 'DUE']]);
  assert.deepEqual(listed.filter((r) => r.caseFileId === soon).map((r) => [r.status, r.comesOfAgeOn]), [['UPCOMING', yearsAgo(0, -20)]]);
  assert.equal((await ngo.request('GET', '/api/consent-renewals')).json<{ items: unknown[] }>().items.length, 0, 'another agency\'s are not hers');
  const alerts = (await police.request('GET', '/api/alerts')).json() as { items: { kind: string; caseFileId: string }[] };
  assert.ok(alerts.items.some((a) => a.kind === 'CONSENT_RENEWAL' && a.caseFileId === adult));

  // Now an adult, she consents herself: a representative's view of a child no longer applies.
  const byChildRules = await police.request('POST', `/api/case-files/${adult}/consents`, sharing({ ...child, purpose: 'COMPARTIR_CON_ENTIDAD', givenOn: todayInPeru(), groups: ['G2'] }));
  assert.equal(byChildRules.statusCode, 422);
  const renewed = await police.request('POST', `/api/case-files/${adult}/consents`, sharing({ givenOn: todayInPeru(), groups: ['G2'] }));
  assert.equal(renewed.statusCode, 201, renewed.body);
  assert.equal((renewed.json() as { consent: Consent }).consent.inForce, true);
  assert.equal((await ngo.request('GET', `/api/case-files/${adult}`)).statusCode, 200, 'her own consent shares again');
  assert.deepEqual((await renewals()).filter((r) => r.caseFileId === adult), []);
  const history = await consentsOfCase(police, adult);
  assert.deepEqual(history.find((c) => c.id === old.id)?.renewalDue, false, 'the old one stays as history, renewed');
});

test('a share on a representative\'s consent ends at the read on her 18th birthday, not at the next hourly check', async () => {
  // A child turning 18 tomorrow; her representative consented ten days ago to share with the NGO.
  const id = await register(police, { person: { birthDate: yearsAgo(18, -1) }, caseFile: { detectionDate: yearsAgo(0, 90), minorAtDetection: 'SI' } });
  const child = { ...careConsent, givenBy: 'REPRESENTANTE_LEGAL', givenOn: yearsAgo(0, 10), childOpinion: 'de acuerdo (sintético)' };
  const given = await police.request('POST', `/api/case-files/${id}/consents`, sharing({ ...child, purpose: 'COMPARTIR_CON_ENTIDAD', groups: ['G2'] }));
  assert.equal(given.statusCode, 201, given.body);
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 200, 'shared while she is a child');
  const listed = async () => ((await ngo.request('GET', '/api/case-files?pageSize=100')).json() as { items: { id: string }[] }).items.some((c) => c.id === id);
  assert.equal(await listed(), true);
  // Her birthday comes (her birth date, rectified, says she is 18 today): nothing else runs —
  // no hourly check, no consent read by her agency — yet the next read already finds no share.
  const [person] = await t.db.query<{ person_id: string }>('SELECT person_id FROM case_files WHERE id = $1', [id]);
  const patched = await police.request('PATCH', `/api/persons/${person?.person_id}`, { version: 1, changes: { birthDate: yearsAgo(18) }, reason: 'partida de nacimiento (sintética)' });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal((await t.db.query('SELECT 1 FROM consents WHERE case_file_id = $1 AND lapsed_at IS NOT NULL', [id])).length, 0, 'not lapsed before anyone reads');
  assert.equal(await listed(), false, 'the list of shared files leaves it out at once');
  assert.equal((await ngo.request('GET', `/api/case-files/${id}`)).statusCode, 404, 'and it cannot be opened');
  const [consent] = await t.db.query<{ lapsed: boolean }>('SELECT lapsed_at IS NOT NULL AS lapsed FROM consents WHERE case_file_id = $1', [id]);
  assert.equal(consent?.lapsed, true, 'the read lapsed it, as the hourly check would have');
  assert.equal((await t.db.query('SELECT 1 FROM record_access WHERE case_file_id = $1 AND revoked_at IS NULL AND consent_id IS NOT NULL', [id])).length, 0);
});
