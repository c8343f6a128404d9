// An Enlace server in-process, with two agencies and a user in each, for API tests.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppConfig } from '../../src/server/app.ts';
import { createAgency, createUnit, createUser } from '../../src/server/commands/directory.ts';
import { freshDatabase, type TestDatabase } from './db.ts';

export const PASSWORD = 'Sintetico-Prueba-2026';

export interface Client {
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  agencies: { pnp: string; ong: string };
  units: { pnp: string; ong: string };
  signIn(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestApp(config: Partial<AppConfig> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const pnp = await createAgency(db, { key: 'PNP', name: 'Policía Nacional (sintética)', orgType: 'POLICIA', entity: 'PNP' });
  const ong = await createAgency(db, { key: 'ONG', name: 'ONG de ejemplo (sintética)', orgType: 'ONG', entity: 'ONG' });
  const pnpUnit = await createUnit(db, { agencyId: pnp, name: 'DIRCTPTIM Lima', ubigeo: '150101' });
  const ongUnit = await createUnit(db, { agencyId: ong, name: 'Centro de atención Iquitos', ubigeo: '160101' });
  await createUser(db, { unitId: pnpUnit, username: 'policia', displayName: 'Agente de prueba', password: PASSWORD, roles: ['PNP_INVESTIGADOR'], mustChangePassword: false });
  await createUser(db, { unitId: ongUnit, username: 'gestora', displayName: 'Gestora de prueba', password: PASSWORD, roles: ['ONG_GESTOR'], mustChangePassword: false });
  await createUser(db, { unitId: pnpUnit, username: 'nueva', displayName: 'Usuaria nueva', password: PASSWORD, roles: ['PNP_REGISTRO'], mustChangePassword: true });
  const nationalUnit = await createUnit(db, { agencyId: await createAgency(db, { key: 'NAC', name: 'Unidad nacional de vinculación (sintética)', orgType: 'GOBIERNO_CENTRAL', entity: 'MININTER' }), name: 'Vinculación', ubigeo: '150101' });
  await createUser(db, { unitId: nationalUnit, username: 'vinculador', displayName: 'Revisora de vinculación', password: PASSWORD, roles: ['VINCULADOR'], mustChangePassword: false });
  await createUser(db, { unitId: pnpUnit, username: 'adminpnp', displayName: 'Administración', password: PASSWORD, roles: ['ADMIN'], mustChangePassword: false });
  const app = await buildApp(db, { webRoot: '/nonexistent', ...config });
  // Tests look at matches right after a registration: wait until records are linked on arrival.
  for (let i = 0; i < 600; i++) {
    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json() as { linkage: string };
    if (health.linkage !== 'building') break;
    await new Promise((r) => setTimeout(r, 100));
  }

  async function signIn(username: string, password = PASSWORD): Promise<Client> {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    return {
      cookie,
      csrf,
      request: (method, url, body, headers = {}) =>
        app.inject({
          method: method as 'GET',
          url,
          headers: { cookie, 'x-csrf-token': csrf, ...headers },
          ...(body === undefined ? {} : { payload: body as object }),
        }),
    };
  }

  return {
    app,
    db,
    agencies: { pnp, ong },
    units: { pnp: pnpUnit, ong: ongUnit },
    signIn,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

/**
 * A regional government analyst (GORE_ANALISTA: statistics and her region's plans) in a unit of her
 * own at this ubigeo, whose department is her region. Returns the unit.
 */
export async function addRegionalAnalyst(t: TestApp, username: string, ubigeo = '150101'): Promise<string> {
  const unit = await createUnit(t.db, { agencyId: t.agencies.pnp, name: `Gobierno Regional ${ubigeo.slice(0, 2)} (sintético)`, ubigeo });
  await createUser(t.db, { unitId: unit, username, displayName: 'Analista regional', password: PASSWORD, roles: ['GORE_ANALISTA'], mustChangePassword: false });
  return unit;
}

/** A valid registration: a synthetic woman, adult, Peruvian, sexual exploitation. */
export function sampleRegistration(overrides: { person?: Record<string, unknown>; caseFile?: Record<string, unknown> } = {}) {
  return {
    person: {
      givenNames: 'María del Carmen',
      paternalSurname: 'Quispe',
      maternalSurname: 'Huamán',
      sex: 'MUJER',
      birthDate: '1999-03-14',
      nationalities: ['PER'],
      documents: [{ type: 'DNI', number: '40123456' }],
      motherTongue: 'que',
      ...overrides.person,
    },
    caseFile: {
      detectionDate: '2026-10-02',
      detectionSource: 'OPERATIVO_POLICIAL',
      detectionUbigeo: '170101',
      legalPurposes: ['EXPLOTACION_SEXUAL'],
      exploitationTypes: ['SEXUAL'],
      meansOfControl: ['RETIENE_DOCUMENTOS', 'SERVIDUMBRE_POR_DEUDAS'],
      recruitmentPlace: { country: 'PER', ubigeo: '080101' },
      exploitationPlaces: [{ country: 'PER', ubigeo: '170101', description: 'campamento minero (sintético)' }],
      ...overrides.caseFile,
    },
  };
}

/**
 * Takes a supervised move the four-eyes way (§8.1 "case worker + SUPERVISOR": closing, closing by
 * referral, discarding, moving to reintegration): the case worker proposes it (202, the file keeps
 * its state), then a supervisor of the unit holding the file approves it. Returns the approval's
 * answer (the file at version + 2); throws when the proposal is refused.
 */
export async function supervisedMove(worker: Client, supervisor: Client, caseId: string, version: number, move: { to: string; reason?: string; closure?: Record<string, unknown> }): Promise<LightMyRequestResponse> {
  const proposed = await worker.request('POST', `/api/case-files/${caseId}/transitions`, { version, ...move });
  if (proposed.statusCode !== 202) throw new Error(`proposal of ${move.to} refused: ${proposed.statusCode} ${proposed.body}`);
  return supervisor.request('POST', `/api/case-files/${caseId}/closure/approval`, { version: version + 1 });
}

/** Closes a case file the four-eyes way (`supervisedMove` to CERRADO with its closure record). */
export async function closeCaseFile(worker: Client, supervisor: Client, caseId: string, version: number, move: { reason: string; closure: Record<string, unknown> }): Promise<LightMyRequestResponse> {
  return supervisedMove(worker, supervisor, caseId, version, { to: 'CERRADO', ...move });
}

/**
 * Records the person's written consent to share these groups with `agency` (its key), for a
 * referral to rest on (§10.2), and returns its id. Recording it opens a share by itself; that share
 * is revoked here, so that in the test only the referral opens the case file to the receiver.
 */
export async function recordSharingConsent(client: Client, caseFileId: string, agency: string, groups: string[], over: Record<string, unknown> = {}): Promise<string> {
  const res = await client.request('POST', `/api/case-files/${caseFileId}/consents`, {
    purpose: 'COMPARTIR_CON_ENTIDAD',
    granted: true,
    form: 'ESCRITA_FIRMA',
    givenBy: 'TITULAR',
    givenOn: '2026-11-01',
    agency,
    groups: [...new Set(groups.map((g) => (g === 'G3_INFORME' ? 'G3' : g)))],
    checklist: { assent: true, purposeExplained: true, usesExplained: true, researchUse: false, rightToAccess: true, retention: true, howToWithdraw: true },
    language: 'es',
    interpreter: false,
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`consent refused: ${res.statusCode} ${res.body}`);
  const { id, shareId } = (res.json() as { consent: { id: string; shareId: string | null } }).consent;
  if (shareId) await client.request('DELETE', `/api/case-files/${caseFileId}/shares/${shareId}`);
  return id;
}
