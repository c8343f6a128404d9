import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let ngo: Client;

before(async () => {
  t = await startTestApp();
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
});
after(() => t.close());

interface CaseBody {
  caseFile: { id: string; code: string; version: number; state: string; personId: string; minorAtDetection: string; registeringUnitId: string };
  person: { id: string; version: number; givenNames?: string };
  nextStates: string[];
  abilities: Record<string, boolean>;
}

async function register(client: Client, overrides = {}, headers: Record<string, string> = {}): Promise<CaseBody> {
  const res = await client.request('POST', '/api/case-files', sampleRegistration(overrides), headers);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as CaseBody;
}

async function count(table: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? 0;
}

describe('registration and reading', () => {
  test('registers a person and a case file, derived from appended actions', async () => {
    const body = await register(police);
    assert.match(body.caseFile.code, /^TP-2026-\d{6}$/);
    assert.equal(body.caseFile.state, 'DETECTADO');
    assert.equal(body.caseFile.version, 1);
    assert.equal(body.caseFile.minorAtDetection, 'NO', 'derived from the birth date');
    assert.equal(body.caseFile.registeringUnitId, t.units.pnp);
    assert.deepEqual(body.nextStates.sort(), ['ATENCION_INMEDIATA', 'CERRADO_DERIVADO', 'DERIVADO_PENDIENTE', 'EN_IDENTIFICACION']);
    const actions = await t.db.query<{ action_type: string }>('SELECT action_type FROM actions WHERE entity_id = ANY($1::uuid[]) ORDER BY seq', [[body.person.id, body.caseFile.id]]);
    assert.deepEqual(actions.map((a) => a.action_type), ['person.registered', 'case.registered']);

    const read = await police.request('GET', `/api/case-files/${body.caseFile.id}`);
    assert.equal(read.statusCode, 200);
    assert.equal((read.json() as CaseBody).person.givenNames, 'María del Carmen');
  });

  test('a child is recognised from an estimated age, and men in labour exploitation register too', async () => {
    const body = await register(police, {
      person: { givenNames: 'Luis Alberto', paternalSurname: 'Mamani', maternalSurname: undefined, sex: 'HOMBRE', birthDate: undefined, estimatedAge: 16, documents: [{ type: 'SIN_DOCUMENTO' }] },
      caseFile: { legalPurposes: ['EXPLOTACION_LABORAL'], exploitationTypes: ['LABORAL', 'TRABAJO_INFANTIL'] },
    });
    assert.equal(body.caseFile.minorAtDetection, 'SI');
  });

  test('a person with no name yet is registered by a description', async () => {
    const body = await register(police, {
      person: { givenNames: undefined, paternalSurname: undefined, maternalSurname: undefined, identificationDescription: 'Adolescente 2 del operativo del 12/03 (sintético)', sex: 'DESCONOCIDO', birthDate: undefined, documents: [], nationalities: ['DESCONOCIDO'] },
    });
    assert.equal(body.caseFile.state, 'DETECTADO');
  });

  test('lists and searches by name without accents and by code, within the agency only', async () => {
    const mine = await register(police, { person: { givenNames: 'Yusbelis', paternalSurname: 'Pérez', maternalSurname: 'González', nationalities: ['VEN'], documents: [] } });
    const search = await police.request('GET', '/api/case-files?q=perez%20yusbelis');
    assert.equal(search.statusCode, 200);
    const found = search.json() as { items: { id: string; personName: string }[]; total: number };
    assert.deepEqual(found.items.map((i) => i.id), [mine.caseFile.id]);
    assert.equal(found.items[0]?.personName, 'Yusbelis Pérez González');

    const byCode = await police.request('GET', `/api/case-files?q=${mine.caseFile.code.toLowerCase()}`);
    assert.equal((byCode.json() as { total: number }).total, 1);

    const other = await ngo.request('GET', '/api/case-files?q=yusbelis');
    assert.equal((other.json() as { total: number }).total, 0);
    const all = await ngo.request('GET', '/api/case-files');
    assert.equal((all.json() as { total: number }).total, 0, 'another agency lists none of them');
  });

  test('registrations at the same time each get their own case number, and each is whole', async () => {
    const letter = (i: number) => String.fromCharCode(65 + (i % 26));
    const names = Array.from({ length: 40 }, (_, i) => `Sintética ${letter(i)}${letter(i * 7 + 3).toLowerCase()}`);
    const bodies = await Promise.all(names.map((givenNames, i) => register(i % 2 ? police : ngo, { person: { givenNames, paternalSurname: `Prueba${letter(i * 3).toLowerCase()}${letter(i * 5).toLowerCase()}` } })));
    const codes = bodies.map((b) => b.caseFile.code);
    assert.equal(new Set(codes).size, codes.length, 'no case number handed out twice');
    for (const b of bodies) {
      const actions = await t.db.query<{ action_type: string }>('SELECT action_type FROM actions WHERE entity_id = ANY($1::uuid[]) ORDER BY seq', [[b.person.id, b.caseFile.id]]);
      assert.deepEqual(actions.map((a) => a.action_type), ['person.registered', 'case.registered']);
    }
    const [stored] = await t.db.query<{ n: number }>('SELECT count(DISTINCT code)::int AS n FROM case_files WHERE code = ANY($1::text[])', [codes]);
    assert.equal(stored?.n, codes.length);
  });

  test('a long list counts only a while past the page asked, and says "at least"', async () => {
    const { listCaseFiles } = await import('../../src/server/queries/case-files.ts');
    for (let i = 0; i < 6; i++) await register(police);
    const [row] = await t.db.query<{ id: string; unit_id: string; agency_id: string; roles: string[] }>("SELECT u.id, u.unit_id, n.agency_id, u.roles FROM users u JOIN units n ON n.id = u.unit_id WHERE username = 'policia'");
    assert.ok(row);
    const actor = { userId: row.id, unitId: row.unit_id, agencyId: row.agency_id, agencyKey: 'PNP', roles: row.roles, username: 'policia' };
    const [all] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files WHERE owner_agency_id = $1', [row.agency_id]);
    const exact = await listCaseFiles(t.db, actor, { page: 1, pageSize: 2 });
    assert.deepEqual([exact.total, exact.totalAtLeast], [all?.n, false], 'counted to the end while the end is near');
    // Counting stops one match past the end of page 2 (4 + 1): more than 5, and the pager goes on.
    const bounded = await listCaseFiles(t.db, actor, { page: 2, pageSize: 2 }, 1);
    assert.deepEqual([bounded.total, bounded.totalAtLeast, bounded.items.length], [5, true, 2]);
    // A search that looks into persons counts the same way.
    const quispes = await listCaseFiles(t.db, actor, { page: 1, pageSize: 1, q: 'quispe' });
    assert.ok(quispes.total >= 6 && !quispes.totalAtLeast, 'the six registered just now are all María del Carmen Quispe');
    const named = await listCaseFiles(t.db, actor, { page: 1, pageSize: 1, q: 'quispe' }, 0);
    assert.deepEqual([named.total, named.totalAtLeast], [1, true]);
    // A search by name stops sooner than a plain list (NAME_SEARCH_COUNT_AHEAD); the plain list is not cut by it.
    const common = await listCaseFiles(t.db, actor, { page: 1, pageSize: 1, q: 'quispe' }, 1_000, 2);
    assert.deepEqual([common.total, common.totalAtLeast, common.items.length], [3, true, 1]);
    const plain = await listCaseFiles(t.db, actor, { page: 1, pageSize: 2 }, 1_000, 2);
    assert.deepEqual([plain.total, plain.totalAtLeast], [all?.n, false]);
    // A page past the end lists nothing and still says how many there are (count and page are read together).
    const past = await listCaseFiles(t.db, actor, { page: 1_000, pageSize: 2 });
    assert.deepEqual([past.items.length, past.total, past.totalAtLeast], [0, all?.n, false]);
    const pastNamed = await listCaseFiles(t.db, actor, { page: 1_000, pageSize: 1, q: 'quispe' });
    assert.deepEqual([pastNamed.items.length, pastNamed.total, pastNamed.totalAtLeast], [0, quispes.total, false]);
    // Newest first, page after page.
    const pages = [...(await listCaseFiles(t.db, actor, { page: 1, pageSize: 3 })).items, ...(await listCaseFiles(t.db, actor, { page: 2, pageSize: 3 })).items];
    assert.equal(new Set(pages.map((c) => c.id)).size, 6);
    assert.deepEqual(pages.map((c) => c.updatedAt), pages.map((c) => c.updatedAt).sort().reverse());
  });

  test('a name borne by many is paged and counted the same when the agency is walked newest first', async () => {
    const { listCaseFiles } = await import('../../src/server/queries/case-files.ts');
    for (let i = 0; i < 9; i++) await register(police, { person: { paternalSurname: 'Caminante', documents: [{ type: 'DNI', number: `5510000${i}` }] } });
    const [row] = await t.db.query<{ id: string; unit_id: string; agency_id: string; roles: string[] }>("SELECT u.id, u.unit_id, n.agency_id, u.roles FROM users u JOIN units n ON n.id = u.unit_id WHERE username = 'policia'");
    assert.ok(row);
    const actor = { userId: row.id, unitId: row.unit_id, agencyId: row.agency_id, agencyKey: 'PNP', roles: row.roles, username: 'policia' };
    // All of them on one page: every match looked up and sorted.
    const whole = await listCaseFiles(t.db, actor, { page: 1, pageSize: 100, q: 'caminante' });
    assert.deepEqual([whole.items.length, whole.total, whole.totalAtLeast], [9, 9, false]);
    // Two a page, counting one past the page: 9 persons against a cap of 3 to 11 in an agency of a
    // few dozen case files; the first page walks the agency (3·9 > 3·cap + 1.1·(offset + 2)·size / 9),
    // the last looks every match up, as the whole list did.
    const [size] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_files WHERE owner_agency_id = $1', [row.agency_id]);
    const paged = [];
    for (let page = 1; page <= 5; page++) {
      const cap = page * 2 + 1;
      const walks = 3 * 9 > 3 * Math.min(9, cap) + (1.1 * ((page - 1) * 2 + 2) * (size?.n ?? 0)) / 9;
      const one = await listCaseFiles(t.db, actor, { page, pageSize: 2, q: 'caminante' }, 1_000, 0);
      if (page === 1 || page === 5) assert.equal(walks, page === 1, `page ${page} walks or not (${size?.n} case files)`);
      assert.deepEqual([one.total, one.totalAtLeast], page * 2 < 9 ? [page * 2, true] : [9, false], `page ${page}`);
      paged.push(...one.items);
    }
    assert.deepEqual(paged, whole.items);
  });

  test('pages are bounded', async () => {
    const res = await police.request('GET', '/api/case-files?pageSize=1000');
    assert.equal(res.statusCode, 400);
  });
});

describe('agency isolation', () => {
  test('another agency can neither read, change, move nor see the history of a case file: 404 as if absent', async () => {
    const mine = await register(police);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const id of [mine.caseFile.id, missing]) {
      const read = await ngo.request('GET', `/api/case-files/${id}`);
      const change = await ngo.request('PATCH', `/api/case-files/${id}`, { version: 1, changes: { detectionSource: 'LINEA_TELEFONICA' } });
      const move = await ngo.request('POST', `/api/case-files/${id}/transitions`, { version: 1, to: 'EN_IDENTIFICACION' });
      const history = await ngo.request('GET', `/api/case-files/${id}/history`);
      for (const res of [read, change, move, history]) {
        assert.equal(res.statusCode, 404);
        assert.equal((res.json() as { title: string }).title, 'No encontrado.');
      }
    }
    const person = await ngo.request('PATCH', `/api/persons/${mine.person.id}`, { version: 1, changes: { givenNames: 'Otra' } });
    assert.equal(person.statusCode, 404);
    const reuse = await ngo.request('POST', '/api/case-files', { personId: mine.person.id, caseFile: sampleRegistration().caseFile });
    assert.equal(reuse.statusCode, 404);
    const [row] = await t.db.query<{ version: number; state: string }>('SELECT version, state FROM case_files WHERE id = $1', [mine.caseFile.id]);
    assert.deepEqual(row, { version: 1, state: 'DETECTADO' });
  });

  test('an administrator handles no case content', async () => {
    const admin = await t.signIn('adminpnp');
    assert.equal((await admin.request('GET', '/api/case-files')).statusCode, 403);
    assert.equal((await admin.request('POST', '/api/case-files', sampleRegistration())).statusCode, 403);
  });
});

describe('versions and idempotency', () => {
  test('an update with a stale version is refused with 409 and changes nothing', async () => {
    const mine = await register(police);
    const first = await police.request('PATCH', `/api/case-files/${mine.caseFile.id}`, { version: 1, changes: { traffickingStatus: 'VICTIMA_DETERMINADA', statusDeterminedBy: 'FISCALIA_O_PODER_JUDICIAL' }, reason: 'Disposición fiscal (sintética)' });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal((first.json() as CaseBody).caseFile.version, 2);
    const stale = await police.request('PATCH', `/api/case-files/${mine.caseFile.id}`, { version: 1, changes: { detectionSource: 'LINEA_TELEFONICA' } });
    assert.equal(stale.statusCode, 409);
    assert.equal((stale.json() as { currentVersion: number }).currentVersion, 2);
    assert.match((stale.json() as { title: string }).title, /versión actual: 2\)/);
    const now = (await police.request('GET', `/api/case-files/${mine.caseFile.id}`)).json() as CaseBody & { caseFile: { detectionSource: string } };
    assert.equal(now.caseFile.detectionSource, 'OPERATIVO_POLICIAL');
    assert.equal(now.caseFile.version, 2);
  });

  test('concurrent updates with the same version: exactly one wins', async () => {
    const mine = await register(police);
    const results = await Promise.all(
      ['LINEA_TELEFONICA', 'DENUNCIA_DE_FAMILIAR', 'AUTOIDENTIFICACION'].map((source) =>
        police.request('PATCH', `/api/case-files/${mine.caseFile.id}`, { version: 1, changes: { detectionSource: source } }),
      ),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409, 409]);
  });

  test('a retried registration with the same Idempotency-Key creates nothing twice', async () => {
    const before = await count('case_files');
    const key = 'registro-0001-reintento';
    const first = await police.request('POST', '/api/case-files', sampleRegistration(), { 'idempotency-key': key });
    const retries = await Promise.all([1, 2, 3].map(() => police.request('POST', '/api/case-files', sampleRegistration(), { 'idempotency-key': key })));
    assert.equal(first.statusCode, 201);
    for (const retry of retries) {
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal((retry.json() as CaseBody).caseFile.id, (first.json() as CaseBody).caseFile.id);
    }
    assert.equal(await count('case_files'), before + 1);
    const reused = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa' } }), { 'idempotency-key': key });
    assert.equal(reused.statusCode, 422, 'the same key with another body is refused');
    assert.equal(await count('case_files'), before + 1);
  });

  test('a person is corrected through an audited, versioned action', async () => {
    const mine = await register(police);
    const res = await police.request('PATCH', `/api/persons/${mine.person.id}`, { version: 1, changes: { maternalSurname: null, socialName: 'Carmen' }, reason: 'Corrección pedida por la persona' });
    assert.equal(res.statusCode, 200, res.body);
    const person = (res.json() as { person: Record<string, unknown> }).person;
    assert.equal(person.maternalSurname, undefined);
    assert.equal(person.version, 2);
    const history = (await police.request('GET', `/api/case-files/${mine.caseFile.id}/history`)).json() as { items: { type: string; reason: string | null; actor: string }[] };
    assert.equal(history.items[0]?.type, 'person.updated');
    assert.equal(history.items[0]?.reason, 'Corrección pedida por la persona');
    assert.equal(history.items[0]?.actor, 'Agente de prueba');
    // The reason is sealed in the action log like the rest: the database alone does not tell it.
    const stored = await t.db.query<{ reason: string | null; sealed: Buffer | null }>("SELECT reason, sealed FROM actions WHERE entity_id = $1 AND action_type = 'person.updated'", [mine.person.id]);
    assert.equal(stored.length, 1);
    assert.ok(stored[0]?.sealed, 'sealed with the changes');
    assert.ok(!JSON.stringify(stored).includes('Corrección'), 'no reason in clear');
  });

  test('a reason stored in clear before reasons were sealed is still read as it was', async () => {
    const mine = await register(police);
    const res = await police.request('PATCH', `/api/case-files/${mine.caseFile.id}`, { version: 1, changes: { meansOfControl: ['AMENAZAS'] }, reason: 'dato corregido' });
    assert.equal(res.statusCode, 200, res.body);
    // As an older server wrote it: the reason in clear, nothing sealed for it.
    await t.db.query("ALTER TABLE actions DISABLE TRIGGER USER");
    await t.db.query("UPDATE actions SET reason = 'motivo antiguo en claro' WHERE entity_id = $1 AND action_type = 'case.updated'", [mine.caseFile.id]);
    await t.db.query("ALTER TABLE actions ENABLE TRIGGER USER");
    const history = (await police.request('GET', `/api/case-files/${mine.caseFile.id}/history`)).json() as { items: { type: string; reason: string | null }[] };
    assert.equal(history.items.find((h) => h.type === 'case.updated')?.reason, 'motivo antiguo en claro');
  });
});

describe('lifecycle over the API', () => {
  test('allowed moves work, forbidden ones are refused with the reason and change nothing', async () => {
    const mine = await register(police);
    const id = mine.caseFile.id;
    const bad = await police.request('POST', `/api/case-files/${id}/transitions`, { version: 1, to: 'EN_REINTEGRACION' });
    assert.equal(bad.statusCode, 422);
    assert.match((bad.json() as { title: string }).title, /No se puede pasar de «DETECTADO» a «EN_REINTEGRACION»/);

    let version = 1;
    for (const to of ['EN_IDENTIFICACION', 'ATENCION_INMEDIATA', 'EN_ATENCION']) {
      const res = await police.request('POST', `/api/case-files/${id}/transitions`, { version, to });
      assert.equal(res.statusCode, 200, res.body);
      version = (res.json() as CaseBody).caseFile.version;
    }
    const noReason = await police.request('POST', `/api/case-files/${id}/transitions`, { version, to: 'SUSPENDIDO', reviewDate: '2026-12-15' });
    assert.equal(noReason.statusCode, 422);
    const suspended = await police.request('POST', `/api/case-files/${id}/transitions`, { version, to: 'SUSPENDIDO', reason: 'Hospitalización', reviewDate: '2026-12-15' });
    assert.equal(suspended.statusCode, 200);
    assert.deepEqual((suspended.json() as CaseBody).nextStates.sort(), ['CERRADO', 'CERRADO_DERIVADO', 'EN_ATENCION']);
    const history = (await police.request('GET', `/api/case-files/${id}/history`)).json() as { items: { type: string; details: { to?: string } }[] };
    assert.deepEqual(history.items.filter((h) => h.type === 'case.transitioned').map((h) => h.details.to), ['SUSPENDIDO', 'EN_ATENCION', 'ATENCION_INMEDIATA', 'EN_IDENTIFICACION']);
  });
});

describe('bad input gets a clear 4xx, stores nothing, and the server keeps serving', () => {
  const cases: [string, () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, number, RegExp][] = [
    ['malformed JSON', () => police.request('POST', '/api/case-files', '{"person": {', { 'content-type': 'application/json' }), 400, /no es JSON válido/],
    ['wrong type', () => police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 42 } })), 400, /person\.givenNames/],
    ['unknown code', () => police.request('POST', '/api/case-files', sampleRegistration({ caseFile: { exploitationTypes: ['PIRATERIA'] } })), 400, /forma de explotación/],
    ['impossible date 31/02', () => police.request('POST', '/api/case-files', sampleRegistration({ person: { birthDate: '2001-02-31' } })), 400, /día que exista/],
    ['birth date in the future', () => police.request('POST', '/api/case-files', sampleRegistration({ person: { birthDate: '2099-01-01' } })), 400, /posterior a hoy/],
    ['detection in the future', () => police.request('POST', '/api/case-files', sampleRegistration({ caseFile: { detectionDate: '2099-01-01' } })), 400, /posterior a hoy/],
    ['unknown ubigeo', () => police.request('POST', '/api/case-files', sampleRegistration({ caseFile: { detectionUbigeo: '999999' } })), 400, /Ubigeo/],
    ['DNI of 7 digits', () => police.request('POST', '/api/case-files', sampleRegistration({ person: { documents: [{ type: 'DNI', number: '1234567' }] } })), 400, /8 dígitos/],
    ['SQL in a name', () => police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: "Ana'); DROP TABLE persons;--" } })), 400, /solo puede tener letras/],
    ['HTML in a free text', () => police.request('POST', '/api/case-files', sampleRegistration({ caseFile: { confidentialNotes: '<script>alert(1)</script>' } })), 400, /HTML/],
    ['unknown field', () => police.request('POST', '/api/case-files', { ...sampleRegistration(), admin: true }), 400, /Campo desconocido/],
    ['unknown-and-known mixed', () => police.request('POST', '/api/case-files', sampleRegistration({ caseFile: { legalPurposes: ['NO_DETERMINADA'], exploitationTypes: ['DESCONOCIDO', 'SEXUAL'] } })), 400, /no se combinan/],
    ['child flag contradicting the birth date', () => police.request('POST', '/api/case-files', sampleRegistration({ caseFile: { minorAtDetection: 'SI' } })), 400, /edad/],
    ['a 10 MB body', () => police.request('POST', '/api/case-files', { ...sampleRegistration(), padding: 'x'.repeat(10 * 1024 * 1024) }), 413, /demasiado grande/],
    ['a text body', () => police.request('POST', '/api/case-files', 'hola', { 'content-type': 'text/plain' }), 415, /application\/json/],
  ];
  for (const [name, send, status, message] of cases) {
    test(name, async () => {
      const before = await count('actions');
      const res = await send();
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.match(res.body, message);
      assert.equal(await count('actions'), before, 'nothing stored');
      assert.equal((await police.request('GET', '/api/health')).statusCode, 200);
    });
  }

  test('errors speak English when asked', async () => {
    const res = await police.request('POST', '/api/case-files', sampleRegistration({ person: { birthDate: '2001-02-31' } }), { 'accept-language': 'en-GB,en;q=0.9' });
    const body = res.json() as { title: string; errors: { path: string; message: string }[] };
    assert.equal(body.title, 'The data sent is not valid.');
    assert.deepEqual(body.errors, [{ path: 'person.birthDate', message: 'Invalid date: use YYYY-MM-DD, YYYY-MM or YYYY, with a day that exists.' }]);
  });

  test('a text with SQL is stored verbatim, never run', async () => {
    const mine = await register(police, { caseFile: { confidentialNotes: "Dijo: '; DELETE FROM persons; -- (sintético)" } });
    const read = (await police.request('GET', `/api/case-files/${mine.caseFile.id}`)).json() as { caseFile: { confidentialNotes: string } };
    assert.equal(read.caseFile.confidentialNotes, "Dijo: '; DELETE FROM persons; -- (sintético)");
    assert.ok((await count('persons')) > 0);
  });
});

describe('sign-in, sessions and CSRF', () => {
  test('wrong password and unknown user get the same answer', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'policia', password: 'nope-nope-nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nadie', password: 'nope-nope-nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.body, unknown.body);
  });

  test('the session cookie is http-only and strict', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'gestora', password: 'Sintetico-Prueba-2026' } });
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
  });

  test('a write without the CSRF token, or with another session\'s, is refused', async () => {
    const before = await count('actions');
    const none = await t.app.inject({ method: 'POST', url: '/api/case-files', headers: { cookie: police.cookie }, payload: sampleRegistration() });
    const foreign = await t.app.inject({ method: 'POST', url: '/api/case-files', headers: { cookie: police.cookie, 'x-csrf-token': ngo.csrf }, payload: sampleRegistration() });
    assert.equal(none.statusCode, 403);
    assert.equal(foreign.statusCode, 403);
    assert.equal(await count('actions'), before);
  });

  test('no session, a forged cookie or a signed-out session reach nothing', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/case-files' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/case-files', headers: { cookie: 'enlace_session=forged' } })).statusCode, 401);
    const session = await t.signIn('gestora');
    assert.equal((await session.request('DELETE', '/api/session')).statusCode, 204);
    assert.equal((await session.request('GET', '/api/case-files')).statusCode, 401);
  });

  test('a user who must change her password can do nothing else until she does', async () => {
    const fresh = await t.signIn('nueva');
    assert.equal((await fresh.request('GET', '/api/me')).statusCode, 200);
    const blocked = await fresh.request('GET', '/api/case-files');
    assert.equal(blocked.statusCode, 403);
    assert.match(blocked.body, /cambiar su contraseña/);
    const weak = await fresh.request('POST', '/api/me/password', { currentPassword: 'Sintetico-Prueba-2026', newPassword: 'corta' });
    assert.equal(weak.statusCode, 400);
    const ok = await fresh.request('POST', '/api/me/password', { currentPassword: 'Sintetico-Prueba-2026', newPassword: 'Otra-Clave-Segura-99' });
    assert.equal(ok.statusCode, 204);
    assert.equal((await fresh.request('GET', '/api/case-files')).statusCode, 200);
  });

  test('repeated failures lock the account', async () => {
    for (let i = 0; i < 5; i++) await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'adminpnp', password: `mal-${i}-xxxxxxx` } });
    const locked = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'adminpnp', password: 'Sintetico-Prueba-2026' } });
    assert.equal(locked.statusCode, 429);
  });
});

describe('API description', () => {
  test('OpenAPI lists the routes with their schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    assert.ok(doc.paths['/api/case-files']?.post?.requestBody);
    assert.ok(doc.paths['/api/case-files/{id}/transitions']);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(docs.statusCode, 200);
  });

  test('security headers are set', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['cache-control'], 'no-store');
  });
});
