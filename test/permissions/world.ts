// The world the per-route permission test walks: one user per role in a unit of the police, and
// records in that unit, in another unit of the same agency (another department) and in another
// agency. Route tables (`*.cases.ts` beside this file) say how to call each route on one of them.
import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../../src/server/actor.ts';
import { createUnit, createUser } from '../../src/server/commands/directory.ts';
import type { CaseTarget } from '../../src/server/policies/case-files.ts';
import type { CaseFileRecordAction } from '../../src/server/policies/case-files.ts';
import { PASSWORD, sampleRegistration, type Client, type TestApp } from '../helpers/app.ts';

/** Where a record lies relative to the caller: her unit, another unit of her agency, another agency. */
export type Where = 'sameUnit' | 'otherUnit' | 'otherAgency';
export const WHERES: readonly Where[] = ['sameUnit', 'otherUnit', 'otherAgency'];

export interface SampleRecord {
  caseId: string;
  personId: string;
  version: number;
  personVersion: number;
  target: CaseTarget;
}

export interface RouteCall {
  url: string;
  body?: unknown;
}

export interface RouteCase {
  method: string;
  /** The route as registered (`/api/case-files/:id`). */
  url: string;
  /** The record action the route performs on the record it names; absent when it names none. */
  record?: CaseFileRecordAction;
  /** The status of a call the caller is allowed to make. */
  ok: number;
  /** Signs the caller out (or otherwise spends her session): she gets a fresh one for it. */
  freshSession?: boolean;
  call(world: World, record: SampleRecord | undefined): Promise<RouteCall> | RouteCall;
}

export interface World {
  t: TestApp;
  /** A record (a person and her case file) at the given place, registered by its unit; reused until `spend`. */
  record(where: Where): Promise<SampleRecord>;
  /** A write changed the record: the next caller gets a fresh one. */
  spend(record: SampleRecord): void;
}

export const CALLER_UNIT_UBIGEO = '150101';

export async function buildWorld(t: TestApp): Promise<World & { signInRole(role: string): Promise<{ client: Client; actor: Actor }> }> {
  const otherUnit = await createUnit(t.db, { agencyId: t.agencies.pnp, name: 'Comisaría Cusco (sintética)', ubigeo: '080101' });
  await createUser(t.db, { unitId: otherUnit, username: 'policia.cusco', displayName: 'Agente Cusco', password: PASSWORD, roles: ['PNP_INVESTIGADOR'], mustChangePassword: false });
  const writers: Record<Where, Client> = {
    sameUnit: await t.signIn('policia'),
    otherUnit: await t.signIn('policia.cusco'),
    otherAgency: await t.signIn('gestora'),
  };
  const places: Record<Where, { agencyId: string; unitId: string; ubigeo: string }> = {
    sameUnit: { agencyId: t.agencies.pnp, unitId: t.units.pnp, ubigeo: '150101' },
    otherUnit: { agencyId: t.agencies.pnp, unitId: otherUnit, ubigeo: '080101' },
    otherAgency: { agencyId: t.agencies.ong, unitId: t.units.ong, ubigeo: '160101' },
  };
  let n = 0;
  const users = new Map<string, string>();
  const current = new Map<Where, SampleRecord>();
  return {
    t,
    spend(record) {
      for (const [where, r] of current) if (r === record) current.delete(where);
    },
    async record(where) {
      const reused = current.get(where);
      if (reused) return reused;
      n += 1;
      const place = places[where];
      const res = await writers[where].request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: `Prueba ${'abcdefghij'[n % 10]}`, documents: [] }, caseFile: { detectionUbigeo: place.ubigeo } }));
      if (res.statusCode !== 201) throw new Error(`registration failed: ${res.statusCode} ${res.body}`);
      const body = res.json() as { caseFile: { id: string; personId: string; version: number }; person: { version: number } };
      const record = {
        caseId: body.caseFile.id,
        personId: body.caseFile.personId,
        version: body.caseFile.version,
        personVersion: body.person.version,
        target: { ownerAgencyId: place.agencyId, registeringUnitId: place.unitId, detectionUbigeo: place.ubigeo },
      };
      current.set(where, record);
      return record;
    },
    async signInRole(role) {
      const username = `rol.${role.toLowerCase().replace(/_/g, '-')}`;
      if (!users.has(role)) users.set(role, await createUser(t.db, { unitId: t.units.pnp, username, displayName: `Rol ${role}`, password: PASSWORD, roles: [role], mustChangePassword: false }));
      const client = await t.signIn(username);
      const actor: Actor = { userId: users.get(role) ?? '', unitId: t.units.pnp, agencyId: t.agencies.pnp, agencyKey: 'PNP', roles: [role], username, unitUbigeo: CALLER_UNIT_UBIGEO };
      return { client, actor };
    },
  };
}

export type { LightMyRequestResponse };
