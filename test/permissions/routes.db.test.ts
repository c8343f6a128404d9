// The permission test per API route (after OpenCRVS): every route the Fastify app registers ×
// every default role × a record in the caller's unit, in another unit of her agency and in
// another agency. Expected answers come from the declared route policy and the record policy:
// a role without the permission gets 403 before anything is looked at; a record out of reach
// gets 404, exactly like one that does not exist. The route list comes from the app itself, so a
// new route without a policy or without a case in a `*.cases.ts` table fails here.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { caseFilePolicy } from '../../src/server/policies/case-files.ts';
import { DEFAULT_ROLES } from '../../src/server/policies/roles.ts';
import { passesRoutePolicy, type RoutePolicy } from '../../src/server/policies/routes.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { demuna } from './roles.cases.ts';
import { buildWorld, WHERES, type RouteCase } from './world.ts';

const tables = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.cases.ts'));
const allCases: RouteCase[] = (await Promise.all(tables.map(async (f) => ((await import(`./${f}`)) as { cases: RouteCase[] }).cases))).flat();
const keyOf = (method: string, url: string) => `${method} ${url}`;

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
before(async () => {
  t = await startTestApp({ linkOnArrival: false });
  world = await buildWorld(t);
});
after(() => t.close());

function apiRoutes(): { method: string; url: string; policy: RoutePolicy | undefined }[] {
  return t.app.routePolicies.filter((r) => r.url.startsWith('/api') && !r.url.startsWith('/api/docs'));
}

const policyOf = (c: RouteCase) => apiRoutes().find((r) => r.method === c.method && r.url === c.url)?.policy;

describe('every API route declares a policy and has a permission case', () => {
  test('no route without a policy', () => {
    const missing = apiRoutes().filter((r) => r.policy === undefined).map((r) => keyOf(r.method, r.url));
    assert.deepEqual(missing, [], `routes without config.policy (docs/ACCESS.md): ${missing.join(', ')}`);
  });
  test('no route without a case in a test/permissions/*.cases.ts table', () => {
    const known = new Set(allCases.map((c) => keyOf(c.method, c.url)));
    const missing = apiRoutes().map((r) => keyOf(r.method, r.url)).filter((k) => !known.has(k));
    assert.deepEqual(missing, [], `routes without a permission case: ${missing.join(', ')}`);
  });
  test('no case for a route that does not exist', () => {
    const routes = new Set(apiRoutes().map((r) => keyOf(r.method, r.url)));
    const stale = allCases.map((c) => keyOf(c.method, c.url)).filter((k) => !routes.has(k));
    assert.deepEqual(stale, []);
  });
  test('the documentation routes are public', () => {
    for (const r of t.app.routePolicies.filter((x) => x.url.startsWith('/api/docs'))) assert.equal(r.policy, 'public', r.url);
  });
});

describe('without a session', () => {
  test('every route that is not public answers 401 and does nothing', async () => {
    for (const c of allCases) {
      const policy = policyOf(c);
      const record = c.record ? await world.record('sameUnit') : undefined;
      const call = await c.call(world, record);
      const res = await t.app.inject({ method: c.method as 'GET', url: call.url, ...(call.body === undefined ? {} : { payload: call.body as object }) });
      if (policy === 'public') assert.equal(res.statusCode, c.ok, keyOf(c.method, c.url));
      else assert.equal(res.statusCode, 401, `${keyOf(c.method, c.url)}: ${res.body}`);
    }
  });
});

for (const role of DEFAULT_ROLES.map((r) => r.code)) {
  test(`role ${role} on every route, in and out of reach`, () => walk(role));
}

test('an administrator-defined role on every route, in and out of reach', async () => {
  const admin = await world.signInRole('ADMIN');
  const created = await admin.client.request('POST', '/api/roles', demuna('DEMUNA_PRUEBA'));
  assert.equal(created.statusCode, 201, created.body);
  await walk('DEMUNA_PRUEBA');
});

async function walk(role: string): Promise<void> {
  {
    let { client, actor } = await world.signInRole(role);
    const failures: string[] = [];
    for (const c of allCases) {
      const policy = policyOf(c);
      if (policy === undefined || policy === 'public') continue;
      const permitted = passesRoutePolicy(actor, policy);
      for (const where of c.record ? WHERES : [undefined]) {
        const record = where ? await world.record(where) : undefined;
        let expected = c.ok;
        if (!permitted) expected = 403;
        else if (c.record && record) {
          const action = c.record;
          if (!caseFilePolicy.can(actor, action, record.target)) expected = caseFilePolicy.can(actor, 'read', record.target) ? 403 : 404;
        }
        const call = await c.call(world, record);
        const res = await client.request(c.method, call.url, call.body);
        if (record && c.method !== 'GET' && res.statusCode < 300) world.spend(record);
        if (res.statusCode !== expected) failures.push(`${keyOf(c.method, c.url)} ${where ?? ''}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (c.freshSession) ({ client, actor } = await world.signInRole(role));
      }
    }
    assert.deepEqual(failures, []);
  }
}
