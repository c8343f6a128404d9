// The person part of the registration form: what the form holds, and the request it becomes.
import type { PersonRecord } from '../../domain/records.ts';
import { partialDate, partialDateForForm, text, wholeNumber, withoutUndefined } from './values.ts';

export type AgeKnowledge = 'birthDate' | 'estimatedAge' | 'unknown';

export interface DocumentRow {
  type: string;
  number: string;
}

export interface PersonForm {
  givenNames: string;
  paternalSurname: string;
  maternalSurname: string;
  fullName: string;
  socialName: string;
  identificationDescription: string;
  sex: string;
  genderIdentity: string;
  ageKnowledge: AgeKnowledge;
  birthDate: string;
  estimatedAge: string;
  nationalities: string[];
  documents: DocumentRow[];
  motherTongue: string;
  otherLanguages: string[];
  needsInterpreter: '' | 'yes' | 'no';
  disabilities: string[];
  indigenousPeople: string;
}

export const emptyPersonForm: PersonForm = {
  givenNames: '',
  paternalSurname: '',
  maternalSurname: '',
  fullName: '',
  socialName: '',
  identificationDescription: '',
  sex: '',
  genderIdentity: '',
  ageKnowledge: 'birthDate',
  birthDate: '',
  estimatedAge: '',
  nationalities: [],
  documents: [],
  motherTongue: '',
  otherLanguages: [],
  needsInterpreter: '',
  disabilities: [],
  indigenousPeople: '',
};

/** The object the shared PersonInput schema judges; empty answers are left out, not sent blank. */
export function personInputOf(form: PersonForm): Record<string, unknown> {
  return withoutUndefined({
    givenNames: text(form.givenNames),
    paternalSurname: text(form.paternalSurname),
    maternalSurname: text(form.maternalSurname),
    fullName: text(form.fullName),
    socialName: text(form.socialName),
    identificationDescription: text(form.identificationDescription),
    sex: text(form.sex),
    genderIdentity: text(form.genderIdentity),
    birthDate: form.ageKnowledge === 'birthDate' ? partialDate(form.birthDate) : undefined,
    estimatedAge: form.ageKnowledge === 'estimatedAge' ? wholeNumber(form.estimatedAge) : undefined,
    nationalities: form.nationalities,
    documents: form.documents
      .filter((d) => d.type !== '' || d.number.trim() !== '')
      .map((d) => withoutUndefined({ type: text(d.type), number: text(d.number) })),
    motherTongue: text(form.motherTongue),
    otherLanguages: form.otherLanguages.length > 0 ? form.otherLanguages : undefined,
    needsInterpreter: form.needsInterpreter === '' ? undefined : form.needsInterpreter === 'yes',
    disabilities: form.disabilities.length > 0 ? form.disabilities : undefined,
    indigenousPeople: text(form.indigenousPeople),
  });
}

export function personFormOf(person: PersonRecord): PersonForm {
  return {
    givenNames: person.givenNames ?? '',
    paternalSurname: person.paternalSurname ?? '',
    maternalSurname: person.maternalSurname ?? '',
    fullName: person.fullName ?? '',
    socialName: person.socialName ?? '',
    identificationDescription: person.identificationDescription ?? '',
    sex: person.sex,
    genderIdentity: person.genderIdentity ?? '',
    ageKnowledge: person.birthDate ? 'birthDate' : person.estimatedAge !== undefined ? 'estimatedAge' : 'unknown',
    birthDate: partialDateForForm(person.birthDate),
    estimatedAge: person.estimatedAge === undefined ? '' : String(person.estimatedAge),
    nationalities: [...person.nationalities],
    documents: (person.documents ?? []).map((d) => ({ type: d.type, number: d.number ?? '' })),
    motherTongue: person.motherTongue ?? '',
    otherLanguages: [...(person.otherLanguages ?? [])],
    needsInterpreter: person.needsInterpreter === undefined ? '' : person.needsInterpreter ? 'yes' : 'no',
    disabilities: [...(person.disabilities ?? [])],
    indigenousPeople: person.indigenousPeople ?? '',
  };
}

/** The fields this form edits (aliases are not edited here, so they are never sent). */
export const PERSON_FIELDS = [
  'givenNames',
  'paternalSurname',
  'maternalSurname',
  'fullName',
  'socialName',
  'identificationDescription',
  'sex',
  'genderIdentity',
  'birthDate',
  'estimatedAge',
  'nationalities',
  'documents',
  'motherTongue',
  'otherLanguages',
  'needsInterpreter',
  'disabilities',
  'indigenousPeople',
] as const;
