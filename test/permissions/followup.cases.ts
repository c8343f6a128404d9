// How to call each follow-up, plan, worklist and referral route for the per-route permission test.
// Routes that name a follow-up or a plan get one on a sibling case file: registered by the same
// unit of the same agency in the same place as the sample record, so the same policy applies.
import { randomUUID } from 'node:crypto';
import { peruDay } from '../../src/domain/calendar.ts';
import type { Actor } from '../../src/server/actor.ts';
import { registerCase } from '../../src/server/commands/case-files.ts';
import { createPlan, scheduleFollowUp, transitionPlan } from '../../src/server/commands/followups.ts';
import { createReferral } from '../../src/server/commands/referrals.ts';
import { RegisterCaseRequest } from '../../src/domain/schemas.ts';
import { CreateReferralRequest, PlanContent } from '../../src/domain/schemas-followup.ts';
import { sampleRegistration } from '../helpers/app.ts';
import type { RouteCase, SampleRecord, World } from './world.ts';

const need = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('this route needs a record');
  return v;
};

const today = () => peruDay(new Date());
const inDays = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** An actor of the record's own unit with the given role, backed by a real user row. */
export async function ownerActor(world: World, record: SampleRecord, roles: string[], username = 'care'): Promise<Actor> {
  const unitId = record.target.registeringUnitId ?? '';
  const name = `perm.${username}.${unitId.slice(0, 8)}`;
  let [user] = await world.t.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [name]);
  if (!user) {
    user = { id: randomUUID() };
    // A bare row: this user never signs in, she only authors the sample records.
    await world.t.db.query("INSERT INTO users (id, unit_id, username, display_name, password_hash, roles, must_change_password) VALUES ($1, $2, $3, 'Permisos', 'x', $4, false)", [user.id, unitId, name, roles]);
  }
  return { userId: user.id, unitId, agencyId: record.target.ownerAgencyId, agencyKey: '', roles, username: name };
}

/** A case file like the sample record (same agency, unit and place), for records that hang on one. */
export async function sibling(world: World, record: SampleRecord, roles: string[] = ['ONG_GESTOR']): Promise<{ caseId: string; actor: Actor }> {
  const actor = await ownerActor(world, record, roles, roles.join('-').toLowerCase());
  const caseId = await world.t.db.transaction(async (tx) => (await registerCase(tx, actor, RegisterCaseRequest.parse(sampleRegistration({ person: { documents: [] }, caseFile: { detectionUbigeo: record.target.detectionUbigeo } })))).caseFile.id);
  return { caseId, actor };
}

async function followUpOn(world: World, record: SampleRecord): Promise<string> {
  const { caseId, actor } = await sibling(world, record);
  return world.t.db.transaction(async (tx) => (await scheduleFollowUp(tx, actor, caseId, { dueOn: today(), modality: 'TELEFONICA' }, new Date())).id);
}

const PLAN = { participation: 'ELABORADO_CON_LA_PERSONA', goals: [{ dimension: 'EDUCACION', objective: 'Terminar la secundaria (CEBA)', responsibleEntity: 'MINEDU', status: 'PENDIENTE' }] };

/** A plan on a sibling case file: a draft, or running (agreed, approved by another user, started). */
async function planOn(world: World, record: SampleRecord, running: boolean): Promise<{ id: string; version: number; goalId: string }> {
  const { caseId, actor } = await sibling(world, record);
  const supervisor = await ownerActor(world, record, ['SUPERVISOR'], 'sup');
  return world.t.db.transaction(async (tx) => {
    let plan = await createPlan(tx, actor, caseId, PlanContent.parse(PLAN), new Date());
    if (running) {
      plan = await transitionPlan(tx, actor, plan.id, { version: plan.version, to: 'EN_VALIDACION_CON_LA_PERSONA' }, new Date());
      plan = await transitionPlan(tx, supervisor, plan.id, { version: plan.version, to: 'APROBADO' }, new Date());
      plan = await transitionPlan(tx, actor, plan.id, { version: plan.version, to: 'EN_EJECUCION' }, new Date());
    }
    return { id: plan.id, version: plan.version, goalId: plan.content.goals[0]?.id ?? '' };
  });
}

/** A referral sent by the other agency to the caller's unit (every test caller sits in the police unit). */
async function referralToCaller(world: World): Promise<string> {
  // On a sibling of the other agency's sample record: accepting it must not share that record itself.
  const { caseId, actor } = await sibling(world, await world.record('otherAgency'));
  const body = { toUnitId: world.t.units.pnp, motive: 'DENUNCIA_PENAL', services: [], urgency: 'PRIORITARIA', transfersLead: false, basis: 'INTERES_VITAL', sharedGroups: ['G2'], send: true };
  return world.t.db.transaction(async (tx) => (await createReferral(tx, actor, caseId, CreateReferralRequest.parse(body), new Date())).id);
}

export const cases: RouteCase[] = [
  { method: 'GET', url: '/api/worklist', ok: 200, call: () => ({ url: '/api/worklist?scope=unit' }) },
  { method: 'GET', url: '/api/alerts', ok: 200, call: () => ({ url: '/api/alerts' }) },
  { method: 'GET', url: '/api/case-files/:id/followups', record: 'readCare', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/followups` }) },
  { method: 'POST', url: '/api/case-files/:id/followups', record: 'writeCare', ok: 201, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/followups`, body: { dueOn: today(), modality: 'PRESENCIAL' } }) },
  {
    method: 'POST',
    url: '/api/followups/:id/record',
    record: 'writeCare',
    ok: 200,
    call: async (w, r) => ({ url: `/api/followups/${await followUpOn(w, need(r))}/record`, body: { version: 1, outcome: 'REALIZADO', doneOn: today(), content: { employment: { situation: 'CAPACITACION' } }, nextDueOn: inDays(3) } }),
  },
  { method: 'POST', url: '/api/followups/:id/cancel', record: 'writeCare', ok: 200, call: async (w, r) => ({ url: `/api/followups/${await followUpOn(w, need(r))}/cancel`, body: { version: 1, reason: 'La persona pidió otra fecha' } }) },
  { method: 'GET', url: '/api/case-files/:id/plans', record: 'readCare', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/plans` }) },
  { method: 'POST', url: '/api/case-files/:id/plans', record: 'writeCare', ok: 201, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/plans`, body: PLAN }) },
  {
    method: 'PUT',
    url: '/api/plans/:id',
    record: 'writeCare',
    ok: 200,
    call: async (w, r) => {
      const plan = await planOn(w, need(r), false);
      return { url: `/api/plans/${plan.id}`, body: { version: plan.version, content: { ...PLAN, place: 'LUGAR_ORIGEN' } } };
    },
  },
  {
    method: 'POST',
    url: '/api/plans/:id/transitions',
    record: 'writeCare',
    ok: 200,
    call: async (w, r) => {
      const plan = await planOn(w, need(r), false);
      return { url: `/api/plans/${plan.id}/transitions`, body: { version: plan.version, to: 'EN_VALIDACION_CON_LA_PERSONA' } };
    },
  },
  {
    method: 'POST',
    url: '/api/plans/:id/progress',
    record: 'writeCare',
    ok: 200,
    call: async (w, r) => {
      const plan = await planOn(w, need(r), true);
      return { url: `/api/plans/${plan.id}/progress`, body: { version: plan.version, goalId: plan.goalId, status: 'EN_PROCESO' } };
    },
  },
  { method: 'GET', url: '/api/referral-units', ok: 200, call: () => ({ url: '/api/referral-units' }) },
  {
    method: 'POST',
    url: '/api/case-files/:id/referrals',
    record: 'refer',
    ok: 201,
    call: (w, r) => ({ url: `/api/case-files/${need(r).caseId}/referrals`, body: { toUnitId: w.t.units.ong, motive: 'SERVICIOS_ADICIONALES', services: ['ORIENTACION_LEGAL'], urgency: 'REGULAR', basis: 'INTERES_VITAL', sharedGroups: ['G2'] } }),
  },
  { method: 'GET', url: '/api/case-files/:id/referrals', record: 'read', ok: 200, call: (_w, r) => ({ url: `/api/case-files/${need(r).caseId}/referrals` }) },
  { method: 'GET', url: '/api/referrals', ok: 200, call: () => ({ url: '/api/referrals?box=inbox' }) },
  { method: 'GET', url: '/api/referrals/:id', ok: 200, call: async (w) => ({ url: `/api/referrals/${await referralToCaller(w)}` }) },
  { method: 'POST', url: '/api/referrals/:id/transitions', ok: 200, call: async (w) => ({ url: `/api/referrals/${await referralToCaller(w)}/transitions`, body: { version: 2, to: 'ACEPTADA' } }) },
];
