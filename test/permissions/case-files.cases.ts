// How to call each case-file and person route for the per-route permission test.
import { transitionCaseFile } from '../../src/server/commands/case-files.ts';
import { TransitionRequest } from '../../src/domain/schemas.ts';
import { sibling } from './followup.cases.ts';
import type { RouteCase, SampleRecord, World } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

/** A file like the sample record, in care, whose closure another user of its unit proposed (version 4). */
async function closureProposed(world: World, record: SampleRecord): Promise<string> {
  const { caseId, actor } = await sibling(world, record);
  await world.t.db.transaction(async (tx) => {
    for (const [version, to] of [[1, 'ATENCION_INMEDIATA'], [2, 'EN_ATENCION']] as const) await transitionCaseFile(tx, actor, caseId, TransitionRequest.parse({ version, to }));
    const closure = { closedOn: '2026-10-20', motive: 'DECISION_DE_LA_PERSONA', acceptsLaterContact: false };
    await transitionCaseFile(tx, actor, caseId, TransitionRequest.parse({ version: 3, to: 'CERRADO', reason: 'prueba de permisos', closure }));
  });
  return caseId;
}

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/case-files', ok: 200, call: () => ({ url: '/api/case-files?q=prueba' }) },
  { method: 'POST', url: '/api/case-files', ok: 201, call: () => ({ url: '/api/case-files', body: { person: { givenNames: 'Nueva', sex: 'MUJER', nationalities: ['PER'] }, caseFile: { detectionDate: '2026-10-02', detectionSource: 'OPERATIVO_POLICIAL', detectionUbigeo: '150101', legalPurposes: ['EXPLOTACION_SEXUAL'], exploitationTypes: ['SEXUAL'] } } }) },
  { method: 'GET', url: '/api/case-files/:id', record: 'read', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}` }) },
  { method: 'GET', url: '/api/case-files/:id/history', record: 'history', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/history` }) },
  { method: 'PATCH', url: '/api/case-files/:id', record: 'update', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}`, body: { version: need(r).version, changes: { meansOfControl: ['AMENAZAS'] }, reason: 'prueba de permisos' } }) },
  { method: 'POST', url: '/api/case-files/:id/transitions', record: 'transition', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/transitions`, body: { version: need(r).version, to: 'EN_IDENTIFICACION' } }) },
  { method: 'POST', url: '/api/case-files/:id/closure/approval', record: 'decideClosure', ok: 200, call: async (w, r) => ({ url: `/api/case-files/${await closureProposed(w, need(r))}/closure/approval`, body: { version: 4 } }) },
  { method: 'POST', url: '/api/case-files/:id/closure/return', record: 'decideClosure', ok: 200, call: async (w, r) => ({ url: `/api/case-files/${await closureProposed(w, need(r))}/closure/return`, body: { version: 4, reason: 'prueba de permisos' } }) },
  { method: 'PATCH', url: '/api/persons/:id', record: 'updatePerson', ok: 200, call: (_w, r) => ({ url: `/api/persons/${need(r).personId}`, body: { version: need(r).personVersion, changes: { motherTongue: 'spa' }, reason: 'prueba de permisos' } }) },
];
