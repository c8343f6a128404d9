// How to call each service, risk-assessment, shelter and proceeding route for the per-route
// permission test. Routes that name a stay or a proceeding get one on a sibling case file (same
// agency, unit and place as the sample record, so the same policy applies), recorded by a user of
// that unit who may write it.
import { peruDay } from '../../src/domain/calendar.ts';
import { CreateProceedingRequest, CreateShelterStayRequest } from '../../src/domain/schemas-followup.ts';
import { openProceeding, requestShelterStay } from '../../src/server/commands/care-records.ts';
import { createUnit } from '../../src/server/commands/directory.ts';
import { sibling } from './followup.cases.ts';
import type { RouteCase, SampleRecord, World } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};
const today = () => peruDay(new Date());

async function stayOn(world: World, record: SampleRecord): Promise<{ id: string; version: number }> {
  const { caseId, actor } = await sibling(world, record, ['ONG_GESTOR']);
  const stay = await world.t.db.transaction((tx) => requestShelterStay(tx, actor, caseId, CreateShelterStayRequest.parse({ kind: 'ALBERGUE_ONG', legalBasis: 'VOLUNTARIO' }), new Date()));
  return { id: stay.id, version: stay.version };
}

async function proceedingOn(world: World, record: SampleRecord): Promise<{ id: string; version: number }> {
  const { caseId, actor } = await sibling(world, record, ['FISCAL']);
  const body = { stage: 'DENUNCIA_REGISTRADA', stageOn: today(), policeReportNumber: 'RETA-0001-2026 (sintético)' };
  const p = await world.t.db.transaction((tx) => openProceeding(tx, actor, caseId, CreateProceedingRequest.parse(body), new Date()));
  return { id: p.id, version: p.version };
}

let shelter: string | undefined;
async function aShelter(world: World): Promise<string> {
  shelter ??= await createUnit(world.t.db, { agencyId: world.t.agencies.ong, name: 'Albergue de prueba (sintético)', ubigeo: '160101', isShelter: true });
  return shelter;
}

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/case-files/:id/services', record: 'readCare', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/services` }) },
  {
    method: 'POST',
    url: '/api/case-files/:id/services',
    record: 'writeCare',
    ok: 201,
    call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/services`, body: { kind: 'ORIENTACION_LEGAL', deliveredOn: today(), modality: 'PRESENCIAL', durationMinutes: 45 } }),
  },
  { method: 'GET', url: '/api/case-files/:id/risk-assessments', record: 'readCare', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/risk-assessments` }) },
  {
    method: 'POST',
    url: '/api/case-files/:id/risk-assessments',
    record: 'writeCare',
    ok: 201,
    call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/risk-assessments`, body: { kind: 'REVICTIMIZACION', occasion: 'INGRESO', level: 'MEDIO', assessedOn: today(), factors: [{ factor: 'DEUDAS', value: 'SI' }] } }),
  },
  { method: 'GET', url: '/api/case-files/:id/shelter-stays', record: 'readShelter', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/shelter-stays` }) },
  { method: 'POST', url: '/api/case-files/:id/shelter-stays', record: 'writeShelter', ok: 201, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/shelter-stays`, body: { kind: 'HOGAR_REFUGIO_TEMPORAL', legalBasis: 'VOLUNTARIO' } }) },
  {
    method: 'POST',
    url: '/api/shelter-stays/:id/transitions',
    record: 'writeShelter',
    ok: 200,
    call: async (w, r) => {
      const stay = await stayOn(w, need(r));
      return { url: `/api/shelter-stays/${stay.id}/transitions`, body: { version: stay.version, to: 'INGRESO', on: today() } };
    },
  },
  { method: 'GET', url: '/api/shelters', ok: 200, call: () => ({ url: '/api/shelters' }) },
  { method: 'PUT', url: '/api/shelters/:id/capacity', ok: 200, call: async (w) => ({ url: `/api/shelters/${await aShelter(w)}/capacity`, body: { capacity: 12 } }) },
  { method: 'GET', url: '/api/persons/:id/route', record: 'read', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}/route` }) },
  { method: 'GET', url: '/api/case-files/:id/proceedings', record: 'read', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/proceedings` }) },
  {
    method: 'POST',
    url: '/api/case-files/:id/proceedings',
    record: 'writeProceeding',
    ok: 201,
    call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/proceedings`, body: { stage: 'DENUNCIA_REGISTRADA', stageOn: today(), policeReportNumber: 'RETA-0002-2026 (sintético)' } }),
  },
  {
    method: 'PUT',
    url: '/api/proceedings/:id',
    record: 'writeProceeding',
    ok: 200,
    call: async (w, r) => {
      const p = await proceedingOn(w, need(r));
      return { url: `/api/proceedings/${p.id}`, body: { version: p.version, prosecutorFileNumber: 'CF-506-2026 (sintético)', protectionMeasures: ['RESERVA_IDENTIDAD'] } };
    },
  },
  {
    method: 'POST',
    url: '/api/proceedings/:id/stages',
    record: 'stageProceeding',
    ok: 200,
    call: async (w, r) => {
      const p = await proceedingOn(w, need(r));
      return { url: `/api/proceedings/${p.id}/stages`, body: { version: p.version, to: 'DILIGENCIAS_PRELIMINARES', on: today() } };
    },
  },
];
