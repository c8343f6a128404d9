import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { rebuildProjections } from '../../src/server/actions/store.ts';
import type { Queryable } from '../../src/server/db/database.ts';
import type { RecordRelay, RelayedRecord } from '../../src/server/linkage/relay.ts';
import { engine } from '../helpers/db.ts';
import { sampleRegistration, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let police: Client;
let ngo: Client;
let reviewer: Client;

before(async () => {
  // Thresholds wide apart, so that these tests do not hang on the exact score the model gives:
  // an unmistakable pair links, a doubtful one goes to review.
  t = await startTestApp({ linkThresholds: { link: 0.999, review: 0.2 } });
  police = await t.signIn('policia');
  ngo = await t.signIn('gestora');
  reviewer = await t.signIn('vinculador');
});
after(() => t.close());

interface Registered {
  caseFile: { id: string };
  person: { id: string; version: number };
}

async function register(client: Client, person: Record<string, unknown>): Promise<Registered> {
  const res = await client.request('POST', '/api/case-files', sampleRegistration({ person }));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Registered;
}

interface MatchView {
  id: string;
  status: string;
  version: number;
  personA: string;
  personB: string;
  explanation: { probability: number; weight: number; prior?: number; fields: { comparison: string; weight: number }[]; competition?: number };
  a: { agency: { key: string }; name: string };
  b: { agency: { key: string }; name: string };
}

async function matchesOf(personId: string): Promise<MatchView[]> {
  const all: MatchView[] = [];
  for (const status of ['LINKED_AUTO', 'PENDING_REVIEW', 'CONFIRMED', 'REJECTED', 'UNSURE', 'UNLINKED']) {
    const res = await reviewer.request('GET', `/api/matches?status=${status}&pageSize=100`);
    assert.equal(res.statusCode, 200, res.body);
    all.push(...(res.json() as { items: MatchView[] }).items);
  }
  return all.filter((m) => m.personA === personId || m.personB === personId);
}

async function summary() {
  const res = await reviewer.request('GET', '/api/linkage/summary');
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { records: number; persons: number; overlap: { a: string; b: string; persons: number }[]; pendingReview: number };
}

test('the same woman at the police and at an NGO is linked on arrival, and counted once', async () => {
  const atPolice = await register(police, { givenNames: 'María del Carmen', paternalSurname: 'Quispe', maternalSurname: 'Huamán', birthDate: '1999-03-14', documents: [{ type: 'DNI', number: '40123456' }] });
  const atNgo = await register(ngo, { givenNames: 'Carmen', paternalSurname: 'QUISPE', maternalSurname: 'GUAMAN', birthDate: '1999-03-14', documents: [{ type: 'DNI', number: '40123456' }] });
  const [match] = await matchesOf(atNgo.person.id);
  assert.ok(match, 'a match was proposed');
  assert.equal(match.status, 'LINKED_AUTO');
  assert.ok(match.explanation.fields.some((f) => f.comparison && f.weight > 0), 'each field says what it contributed');
  const { prior, competition, fields, weight } = match.explanation;
  assert.ok(prior !== undefined && prior < 0, 'the weight starts from how rare a match between two random records is');
  const parts = prior + fields.reduce((sum, f) => sum + f.weight, 0) + (competition ?? 0);
  assert.ok(Math.abs(parts - weight) < 0.05, `starting point, fields and competition add up to the weight (${parts} vs ${weight})`);
  assert.deepEqual([match.personA, match.personB].sort(), [atPolice.person.id, atNgo.person.id].sort());

  const counts = await summary();
  assert.equal(counts.records, 2);
  assert.equal(counts.persons, 1);
  assert.deepEqual(counts.overlap, [{ a: 'ONG', b: 'PNP', persons: 1 }]);

  // The police officer sees the NGO's record by its provenance only.
  const group = (await police.request('GET', `/api/persons/${atPolice.person.id}/group`)).json() as { records: { own: boolean; agency: { key: string }; identity: unknown; caseFiles: { code: string | null; state: string }[] }[] };
  assert.equal(group.records.length, 2);
  const theirs = group.records.find((r) => !r.own);
  assert.equal(theirs?.agency.key, 'ONG');
  assert.equal(theirs?.identity, null);
  assert.equal(theirs?.caseFiles[0]?.code, null);
  assert.equal(theirs?.caseFiles[0]?.state, 'DETECTADO');

  // Undoing the link loses nothing: both records stay, the count goes back to two persons.
  const unlinked = await reviewer.request('POST', `/api/matches/${match.id}/unlink`, { version: match.version, reason: 'Revisión: hermanas con el mismo DNI mal digitado (sintético)' });
  assert.equal(unlinked.statusCode, 200, unlinked.body);
  assert.equal((await summary()).persons, 2);
  assert.equal((await police.request('GET', `/api/case-files/${atPolice.caseFile.id}`)).statusCode, 200);
  assert.equal((await ngo.request('GET', `/api/case-files/${atNgo.caseFile.id}`)).statusCode, 200);
  const reopened = await reviewer.request('POST', `/api/matches/${match.id}/reopen`, { version: match.version + 1, reason: 'Nueva información' });
  assert.equal((reopened.json() as { match: { status: string } }).match.status, 'PENDING_REVIEW');
  const confirmed = await reviewer.request('POST', `/api/matches/${match.id}/decision`, { version: match.version + 2, decision: 'CONFIRMED' });
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  assert.equal((await summary()).persons, 1);
  const detail = (await reviewer.request('GET', `/api/matches/${match.id}`)).json() as { history: { type: string; reason?: string | null }[] };
  assert.deepEqual(detail.history.map((h) => h.type), ['match.decided', 'match.reopened', 'match.unlinked', 'match.proposed']);
  // A linkage decision has no person's key: its reason is sealed under the action log's service key, and read back.
  assert.equal(detail.history[2]?.reason, 'Revisión: hermanas con el mismo DNI mal digitado (sintético)');
  const stored = await t.db.query<{ reason: string | null }>("SELECT reason FROM actions WHERE entity_id = $1 AND action_type = 'match.unlinked'", [match.id]);
  assert.match(stored[0]?.reason ?? '', /^sealed:s:/);
  assert.ok(!JSON.stringify(stored).includes('hermanas'));
});

test('a doubtful pair goes to review, and the reviewer decides', async () => {
  const a = await register(police, { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: 'Condori', birthDate: '2008-05-10', documents: [] });
  // One surname missing and day and month swapped: probably her, not surely.
  const b = await register(ngo, { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: undefined, birthDate: '2008-10-05', documents: [] });
  const pair = (await matchesOf(b.person.id)).find((m) => [m.personA, m.personB].includes(a.person.id));
  assert.ok(pair, 'the pair was proposed');
  assert.equal(pair.status, 'PENDING_REVIEW');
  assert.deepEqual([pair.a.agency.key, pair.b.agency.key].sort(), ['ONG', 'PNP'], 'the reviewer sees both records side by side');
  const before = await summary();
  assert.equal(before.pendingReview, 1);
  const noReason = await reviewer.request('POST', `/api/matches/${pair.id}/decision`, { version: pair.version, decision: 'REJECTED' });
  assert.equal(noReason.statusCode, 422, 'a rejection says why');
  const decided = await reviewer.request('POST', `/api/matches/${pair.id}/decision`, { version: pair.version, decision: 'CONFIRMED' });
  assert.equal(decided.statusCode, 200, decided.body);
  const after = await summary();
  assert.equal(after.pendingReview, 0);
  assert.equal(after.persons, before.persons - 1);
  const stale = await reviewer.request('POST', `/api/matches/${pair.id}/unlink`, { version: pair.version, reason: 'x' });
  assert.equal(stale.statusCode, 409);
});

test('different persons are not linked', async () => {
  const a = await register(police, { givenNames: 'Yusbelis', paternalSurname: 'Pérez', maternalSurname: 'González', birthDate: '2001-07-02', nationalities: ['VEN'], documents: [] });
  const b = await register(ngo, { givenNames: 'Luis Alberto', paternalSurname: 'Ccori', maternalSurname: 'Apaza', sex: 'HOMBRE', birthDate: '1987-01-30', documents: [{ type: 'DNI', number: '07654321' }] });
  assert.deepEqual(await matchesOf(a.person.id), []);
  assert.deepEqual(await matchesOf(b.person.id), []);
});

test('only a linkage reviewer reaches the queue; another agency cannot open the person', async () => {
  assert.equal((await police.request('GET', '/api/matches')).statusCode, 403);
  assert.equal((await ngo.request('GET', '/api/linkage/summary')).statusCode, 403);
  const mine = await register(police, { givenNames: 'Juana', paternalSurname: 'Huanca' });
  assert.equal((await ngo.request('GET', `/api/persons/${mine.person.id}/group`)).statusCode, 404);
  const bad = await reviewer.request('POST', '/api/matches/00000000-0000-4000-8000-000000000000/decision', { version: 1, decision: 'CONFIRMED' });
  assert.equal(bad.statusCode, 404);
});

test('a third record of a woman joins her group on arrival: the three share one group, named by the smallest id', async () => {
  const woman = { givenNames: 'Yolanda Beatriz', paternalSurname: 'Ccama', maternalSurname: 'Layme', birthDate: '2001-06-23', documents: [{ type: 'DNI', number: '72345619' }] };
  const first = await register(police, woman);
  const second = await register(ngo, { ...woman, givenNames: 'Yolanda' });
  const third = await register(police, { ...woman, maternalSurname: 'LAIME' });
  assert.ok((await matchesOf(third.person.id)).some((m) => m.status === 'LINKED_AUTO'), 'the third links at once');
  const ids = [first.person.id, second.person.id, third.person.id];
  const rows = await t.db.query<{ person_id: string; group_id: string }>('SELECT person_id, group_id FROM person_groups WHERE person_id = ANY($1::uuid[])', [ids]);
  assert.equal(rows.length, 3);
  assert.deepEqual(new Set(rows.map((r) => r.group_id)), new Set([[...ids].sort()[0]]));
});

test('a record strongly like two records kept apart links with one of them, and the other goes to review', async () => {
  const woman = { givenNames: 'Marleni Soledad', paternalSurname: 'Chambi', maternalSurname: 'Quisocala', birthDate: '2003-09-17', documents: [{ type: 'DNI', number: '73456128' }] };
  const first = await register(police, woman);
  const second = await register(ngo, { ...woman, givenNames: 'Marleni' });
  const [link] = await matchesOf(second.person.id);
  assert.equal(link?.status, 'LINKED_AUTO');
  // A reviewer says they are two persons: two groups again.
  const unlinked = await reviewer.request('POST', `/api/matches/${link?.id}/unlink`, { version: link?.version, reason: 'Dos personas distintas (sintético)' });
  assert.equal(unlinked.statusCode, 200, unlinked.body);
  const third = await register(police, { ...woman, maternalSurname: 'QUISOCALA' });
  const proposals = (await matchesOf(third.person.id)).filter((m) => m.id !== link?.id);
  assert.ok(proposals.every((m) => m.explanation.probability >= 0.999), 'both are strong enough to link');
  assert.deepEqual(proposals.map((m) => m.status).sort(), ['LINKED_AUTO', 'PENDING_REVIEW'], 'she joins one of the two persons, never both');
  const rows = await t.db.query<{ person_id: string; group_id: string }>('SELECT person_id, group_id FROM person_groups WHERE person_id = ANY($1::uuid[])', [[first.person.id, second.person.id, third.person.id]]);
  assert.equal(new Set(rows.map((r) => r.group_id)).size, 1);
  assert.equal(rows.length, 2, 'one of the two records stays apart');
});

test('records of one woman registered at once all join her group, and the groups stay whole', async () => {
  const woman = { givenNames: 'Nélida Rocío', paternalSurname: 'Apaza', maternalSurname: 'Ticona', birthDate: '2002-02-11', documents: [{ type: 'DNI', number: '74561230' }] };
  const first = await register(police, woman);
  // Each is scored against the committed records only: all link with the first, at the same time.
  const others = await Promise.all(Array.from({ length: 6 }, (_, i) => register(i % 2 ? police : ngo, { ...woman, givenNames: i % 3 ? 'Nélida' : 'Nelida Rocio' })));
  const ids = [first.person.id, ...others.map((o) => o.person.id)];
  const rows = await t.db.query<{ group_id: string }>('SELECT group_id FROM person_groups WHERE person_id = ANY($1::uuid[])', [ids]);
  assert.equal(rows.length, ids.length, 'every record has her group');
  assert.deepEqual(new Set(rows.map((r) => r.group_id)), new Set([[...ids].sort()[0]]), 'one group, named by the smallest id');
});

test('matches and groups are rebuilt from the log like every other projection', async () => {
  const snapshot = async () => ({
    matches: await t.db.query('SELECT * FROM matches ORDER BY id'),
    groups: await t.db.query('SELECT * FROM person_groups ORDER BY person_id'),
  });
  const live = await snapshot();
  assert.ok(live.matches.length > 0);
  await t.db.transaction((tx) => rebuildProjections(tx));
  assert.deepEqual(await snapshot(), live);
});

test('the summary counts as a walk over every record and its group does, with two records of one agency in a group', async () => {
  // Twice at the police (a second case file under another record) and once at the NGO: one person.
  const person = { givenNames: 'Felícita', paternalSurname: 'Chambi', maternalSurname: 'Roque', birthDate: '1997-09-23', documents: [{ type: 'DNI', number: '46781235' }] };
  await register(police, person);
  await register(police, { ...person, givenNames: 'Felicita' });
  await register(ngo, { ...person, paternalSurname: 'CHAMBI', maternalSurname: 'ROQUE' });
  const rows = await t.db.query<{ gid: string; agency: string }>(
    'SELECT coalesce(g.group_id, p.id) AS gid, a.key AS agency FROM persons p JOIN agencies a ON a.id = p.owner_agency_id LEFT JOIN person_groups g ON g.person_id = p.id',
  );
  const agenciesOf = new Map<string, Set<string>>();
  for (const r of rows) agenciesOf.set(r.gid, (agenciesOf.get(r.gid) ?? new Set()).add(r.agency));
  assert.ok([...agenciesOf.values()].some((held) => held.size === 2) && rows.length > agenciesOf.size + 1, 'a group holds records of two agencies and one holds two of one agency');
  const perAgency = ['ONG', 'PNP'].map((key) => ({ key, records: rows.filter((r) => r.agency === key).length, persons: [...agenciesOf.values()].filter((held) => held.has(key)).length }));
  const both = [...agenciesOf.values()].filter((held) => held.has('ONG') && held.has('PNP')).length;
  const res = await reviewer.request('GET', '/api/linkage/summary');
  const got = res.json() as { records: number; persons: number; perAgency: { key: string; records: number; persons: number }[]; overlap: { a: string; b: string; persons: number }[] };
  assert.equal(got.records, rows.length);
  assert.equal(got.persons, agenciesOf.size);
  assert.deepEqual(got.perAgency.map(({ key, records, persons }) => ({ key, records, persons })), perAgency);
  assert.deepEqual(got.overlap, [{ a: 'ONG', b: 'PNP', persons: both }]);
});

/** Registers a person at the NGO inside the caller's transaction, as another process would. */
async function registerInTransaction(tx: Queryable, person: Record<string, unknown>) {
  const { registerCase } = await import('../../src/server/commands/case-files.ts');
  const { RegisterCaseRequest } = await import('../../src/domain/schemas.ts');
  const [user] = await tx.query<{ id: string }>("SELECT id FROM users WHERE username = 'gestora'");
  const actor = { userId: user?.id ?? '', unitId: t.units.ong, agencyId: t.agencies.ong, agencyKey: 'ONG', roles: ['ONG_GESTOR'], username: 'gestora' };
  const { person: registered } = await registerCase(tx, actor, RegisterCaseRequest.parse(sampleRegistration({ person })));
  return { person: registered, actor };
}

test('records registered while the index is being built wait in the queue, and are linked once it is ready', async () => {
  const { LinkageService } = await import('../../src/server/linkage/service.ts');
  const atPolice = await register(police, { givenNames: 'Juana Rosa', paternalSurname: 'Ticona', maternalSurname: 'Apaza', birthDate: '1995-02-11', documents: [{ type: 'DNI', number: '43219876' }] });
  // A server that has just started: its index is not built yet, so the record goes to the queue.
  const starting = new LinkageService(t.db, { link: 0.999, review: 0.2 });
  const queued = await t.db.transaction(async (tx) => {
    const { person, actor } = await registerInTransaction(tx, { givenNames: 'Juana', paternalSurname: 'TICONA', maternalSurname: 'APAZA', birthDate: '1995-02-11', documents: [{ type: 'DNI', number: '43219876' }] });
    return { person, linkedNow: await starting.linkOrQueue(tx, actor, person.id, 'ONG', person, t.agencies.ong) };
  });
  assert.equal(queued.linkedNow, false);
  assert.deepEqual(await matchesOf(queued.person.id), []);
  await starting.ready();
  await starting.drain();
  const [match] = await matchesOf(queued.person.id);
  assert.equal(match?.status, 'LINKED_AUTO');
  assert.deepEqual([match?.personA, match?.personB].sort(), [atPolice.person.id, queued.person.id].sort());
  const [left] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM linkage_queue');
  assert.equal(left?.n, 0);
});

test('an index in a thread of its own finds what one in the request thread finds', async () => {
  const { LinkageService } = await import('../../src/server/linkage/service.ts');
  const known = await register(police, { givenNames: 'Rosa Elvira', paternalSurname: 'Quispe', maternalSurname: 'Huamán', birthDate: '1990-07-21', documents: [{ type: 'DNI', number: '40123987' }] });
  const thresholds = { link: 0.999, review: 0.2 };
  const inThread = new LinkageService(t.db, thresholds, 0);
  const inProcess = new LinkageService(t.db, thresholds, Number.POSITIVE_INFINITY);
  try {
    await Promise.all([inThread.ready(), inProcess.ready()]);
    const arriving = { givenNames: 'Rosa', paternalSurname: 'QUISPE', maternalSurname: 'HUAMAN', birthDate: '1990-07-21', documents: [{ type: 'DNI' as const, number: '40123987' }] };
    const threaded = await inThread.arrival(t.db, randomUUID(), 'ONG', arriving);
    const local = await inProcess.arrival(t.db, randomUUID(), 'ONG', arriving);
    assert.ok(threaded?.candidates.some((c) => c.personId === known.person.id), 'the thread finds the person already registered');
    assert.deepEqual(threaded?.candidates, local?.candidates);
    // A record added once committed is found by the next arrival, in the thread as here.
    const later = randomUUID();
    inThread.indexed(later, 'PNP', { givenNames: 'Zoila', paternalSurname: 'Mamani', birthDate: '1988-01-05' }, 1);
    const next = await inThread.arrival(t.db, randomUUID(), 'ONG', { givenNames: 'Zoila', paternalSurname: 'MAMANI', birthDate: '1988-01-05' });
    assert.ok(next?.candidates.some((c) => c.personId === later));
  } finally {
    inThread.stop();
    inProcess.stop();
  }
});

// Needs a second connection, which the embedded engine does not have.
test('a record another process commits late, after newer ones were seen, is still taken into the index', { skip: engine === 'pglite' }, async () => {
  const { LinkageService } = await import('../../src/server/linkage/service.ts');
  const looking = new LinkageService(t.db, { link: 0.999, review: 0.2 }, Number.POSITIVE_INFINITY);
  await looking.ready();
  const late = { givenNames: 'Hilda Flor', paternalSurname: 'Cusi', maternalSurname: 'Yupanqui', birthDate: '1993-04-17', documents: [{ type: 'DNI', number: '45671238' }] };
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const other = t.db.transaction(async (tx) => {
    const { person } = await registerInTransaction(tx, late);
    await held;
    return person;
  });
  // Meanwhile a newer record commits, and this process looks past both stamps.
  await new Promise((r) => setTimeout(r, 50));
  await register(police, { givenNames: 'Teodora', paternalSurname: 'Chambi', birthDate: '1985-09-02' });
  await new Promise((r) => setTimeout(r, 1_100));
  assert.deepEqual((await looking.arrival(t.db, randomUUID(), 'PNP', late))?.candidates, []);
  release();
  const committed = await other;
  await new Promise((r) => setTimeout(r, 1_100));
  const found = await looking.arrival(t.db, randomUUID(), 'PNP', late);
  looking.stop();
  assert.ok(found?.candidates.some((c) => c.personId === committed.id), 'the late record is found once committed');
});

/** Relays joining services of one process, as the cluster's primary joins server processes. */
function relayHub(): () => RecordRelay {
  const listeners = new Set<(records: RelayedRecord[]) => void>();
  return () => {
    let own: ((records: RelayedRecord[]) => void) | undefined;
    return {
      send(record) {
        for (const listener of listeners) if (listener !== own) listener([structuredClone(record)]);
      },
      listen(receive) {
        own = receive;
        listeners.add(receive);
      },
      close() {
        if (own) listeners.delete(own);
      },
    };
  };
}

test('a record registered in one server process is a candidate in another at once, relayed, without a look at the database', async () => {
  const { LinkageService } = await import('../../src/server/linkage/service.ts');
  const thresholds = { link: 0.999, review: 0.2 };
  const join = relayHub();
  // Neither looks at the database again once built: only the relay can bring the other's records.
  const registering = new LinkageService(t.db, thresholds, Number.POSITIVE_INFINITY, { relay: join(), refreshMs: Number.POSITIVE_INFINITY });
  const other = new LinkageService(t.db, thresholds, Number.POSITIVE_INFINITY, { relay: join(), refreshMs: Number.POSITIVE_INFINITY });
  const unjoined = new LinkageService(t.db, thresholds, Number.POSITIVE_INFINITY, { relay: undefined, refreshMs: Number.POSITIVE_INFINITY });
  try {
    // One after the other: three builds at once can wait too long for the test database's few connections.
    for (const service of [registering, other, unjoined]) await service.ready();
    const person = { givenNames: 'Eulalia Rut', paternalSurname: 'Condori', maternalSurname: 'Vilca', birthDate: '1991-03-08', documents: [{ type: 'DNI' as const, number: '46123579' }] };
    // Registered as the route does: scored before, indexed once committed.
    const arrival = await registering.arrival(t.db, randomUUID(), 'ONG', person);
    assert.deepEqual(arrival?.candidates, []);
    const { person: registered } = await t.db.transaction((tx) => registerInTransaction(tx, person));
    registering.indexed(registered.id, 'ONG', registered, registered.version);
    const found = await other.arrival(t.db, randomUUID(), 'PNP', { ...person, givenNames: 'Eulalia' });
    assert.ok(found?.candidates.some((c) => c.personId === registered.id), 'the other process finds her');
    assert.deepEqual((await unjoined.arrival(t.db, randomUUID(), 'PNP', person))?.candidates, [], 'a process the relay does not reach has not looked yet');
    // Her correction travels too, and a late copy of the older version does not undo it.
    const corrected = { ...person, givenNames: 'Eulalia Rut', birthDate: '1971-11-30', documents: [{ type: 'DNI' as const, number: '06998877' }] };
    registering.indexed(registered.id, 'ONG', corrected, registered.version + 1);
    const { canonicalOf } = await import('../../src/server/linkage/linker.ts');
    join().send({ record: canonicalOf(registered.id, 'ONG', person), version: registered.version });
    const again = await other.arrival(t.db, randomUUID(), 'PNP', corrected);
    assert.ok(again?.candidates.some((c) => c.personId === registered.id && c.explanation.probability > 0.9), 'the corrected record is the one indexed');
    // Erased (right of cancellation): the other process forgets her names at once too.
    registering.erased(registered.id, 'ONG');
    const erased = await other.arrival(t.db, randomUUID(), 'PNP', corrected);
    assert.ok(!erased?.candidates.some((c) => c.personId === registered.id), 'the erased record is found by nobody');
  } finally {
    for (const service of [registering, other, unjoined]) service.stop();
  }
});

test('with the relay, the look at the database still takes in what it did not carry', async () => {
  const { LinkageService } = await import('../../src/server/linkage/service.ts');
  const join = relayHub();
  const looking = new LinkageService(t.db, { link: 0.999, review: 0.2 }, Number.POSITIVE_INFINITY, { relay: join(), refreshMs: 0 });
  try {
    await looking.ready();
    // Written by another process that relays nothing (an import, another host, a message lost).
    const person = { givenNames: 'Maribel', paternalSurname: 'Huarachi', maternalSurname: 'Ccama', birthDate: '1987-12-02', documents: [{ type: 'DNI' as const, number: '41239870' }] };
    const { person: unrelayed } = await t.db.transaction((tx) => registerInTransaction(tx, person));
    const found = await looking.arrival(t.db, randomUUID(), 'PNP', person);
    assert.ok(found?.candidates.some((c) => c.personId === unrelayed.id), 'the look finds the record the relay did not carry');
  } finally {
    looking.stop();
  }
});
