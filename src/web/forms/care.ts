// What the follow-up forms hold (strings, as typed) and the requests they send: a referral to
// another agency, the reintegration plan and its goals, a shelter stay and its exit, the criminal
// proceeding. The shared schemas judge the requests as the form is filled in.
import type { PlanContentInput } from '../../domain/schemas-followup.ts';
import { text, withoutUndefined } from './values.ts';

/** Today in Lima (UTC−5, no daylight saving), as the server's "today". */
export function limaToday(): string {
  return new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
}

export interface ReferralForm {
  toUnitId: string;
  motive: string;
  services: string[];
  urgency: string;
  transfersLead: boolean;
  basis: string;
  /** The person's recorded consent to share with the destination agency that the referral rests on. */
  consentId: string;
  consentGivenOn: string;
  consentForm: string;
  consentGivenBy: string;
  consentCoversDestination: boolean;
  sharedGroups: string[];
  note: string;
}

export const emptyReferralForm = (): ReferralForm => ({
  toUnitId: '',
  motive: '',
  services: [],
  urgency: '',
  transfersLead: false,
  basis: '',
  consentId: '',
  consentGivenOn: limaToday(),
  consentForm: '',
  consentGivenBy: '',
  consentCoversDestination: false,
  sharedGroups: ['G2'],
  note: '',
});

const orUndefined = (value: string) => (value === '' ? undefined : value);

/** The referral request; the consent is sent only when it is the basis of the sharing and one is chosen. */
export function referralInputOf(f: ReferralForm): Record<string, unknown> {
  return withoutUndefined({
    toUnitId: orUndefined(f.toUnitId),
    motive: orUndefined(f.motive),
    services: f.services,
    urgency: orUndefined(f.urgency),
    transfersLead: f.transfersLead,
    basis: orUndefined(f.basis),
    // The consent is one of her recorded consents, chosen from a list: sent with what it records.
    consent:
      f.basis === 'CONSENTIMIENTO' && f.consentId
        ? withoutUndefined({
            givenOn: orUndefined(f.consentGivenOn),
            form: orUndefined(f.consentForm),
            givenBy: orUndefined(f.consentGivenBy),
            coversDestination: f.consentCoversDestination,
            consentId: orUndefined(f.consentId ?? ''),
          })
        : undefined,
    sharedGroups: f.sharedGroups,
    note: text(f.note),
  });
}

export interface GoalForm {
  id?: string | undefined;
  dimension: string;
  objective: string;
  actions: string;
  indicator: string;
  responsibleEntity: string;
  targetDate: string;
  status: string;
}

export interface PlanForm {
  place: string;
  participation: string;
  participationJustification: string;
  signed: boolean;
  plannedEndOn: string;
  goals: GoalForm[];
}

export const emptyGoal = (): GoalForm => ({ dimension: '', objective: '', actions: '', indicator: '', responsibleEntity: '', targetDate: '', status: 'PENDIENTE' });
export const emptyPlanForm = (): PlanForm => ({ place: '', participation: '', participationJustification: '', signed: false, plannedEndOn: '', goals: [emptyGoal()] });

/** A plan as the server holds it, back into the form (to revise it). */
export function planFormOf(content: PlanContentInput & { goals: (PlanContentInput['goals'][number] & { id?: string })[] }): PlanForm {
  return {
    place: content.place ?? '',
    participation: content.participation ?? '',
    participationJustification: content.participationJustification ?? '',
    signed: content.signed ?? false,
    plannedEndOn: content.plannedEndOn ?? '',
    goals: content.goals.map((g) => ({
      id: g.id,
      dimension: g.dimension,
      objective: g.objective,
      actions: g.actions ?? '',
      indicator: g.indicator ?? '',
      responsibleEntity: g.responsibleEntity,
      targetDate: g.targetDate ?? '',
      status: g.status,
    })),
  };
}

export function planInputOf(f: PlanForm): Record<string, unknown> {
  return withoutUndefined({
    place: orUndefined(f.place),
    participation: orUndefined(f.participation),
    participationJustification: text(f.participationJustification),
    signed: f.signed,
    plannedEndOn: orUndefined(f.plannedEndOn),
    goals: f.goals.map((g) =>
      withoutUndefined({
        id: g.id,
        dimension: orUndefined(g.dimension),
        objective: g.objective.trim(),
        actions: text(g.actions),
        indicator: text(g.indicator),
        responsibleEntity: orUndefined(g.responsibleEntity),
        targetDate: orUndefined(g.targetDate),
        status: g.status,
      }),
    ),
  });
}

export interface StayForm {
  kind: string;
  shelterUnitId: string;
  legalBasis: string;
  note: string;
}
export const emptyStayForm = (): StayForm => ({ kind: '', shelterUnitId: '', legalBasis: '', note: '' });
export const stayInputOf = (f: StayForm): Record<string, unknown> =>
  withoutUndefined({ kind: orUndefined(f.kind), shelterUnitId: orUndefined(f.shelterUnitId), legalBasis: orUndefined(f.legalBasis), note: text(f.note) });

export interface ProceedingForm {
  stage: string;
  stageOn: string;
  policeReportNumber: string;
  prosecutorFileNumber: string;
  courtFileNumber: string;
  protectionMeasures: string[];
  victimIsCivilParty: boolean;
}
export const emptyProceedingForm = (): ProceedingForm => ({ stage: 'DENUNCIA_REGISTRADA', stageOn: limaToday(), policeReportNumber: '', prosecutorFileNumber: '', courtFileNumber: '', protectionMeasures: [], victimIsCivilParty: false });
export const proceedingInputOf = (f: ProceedingForm): Record<string, unknown> =>
  withoutUndefined({
    stage: orUndefined(f.stage),
    stageOn: orUndefined(f.stageOn),
    policeReportNumber: text(f.policeReportNumber),
    prosecutorFileNumber: text(f.prosecutorFileNumber),
    courtFileNumber: text(f.courtFileNumber),
    protectionMeasures: f.protectionMeasures,
    victimIsCivilParty: f.victimIsCivilParty,
  });
