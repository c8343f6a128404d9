// The case-file part of the registration form.
import type { CaseFileRecord } from '../../domain/records.ts';
import { partialDate, partialDateForForm, text, withoutUndefined } from './values.ts';

export interface PlaceRow {
  country: string;
  ubigeo: string;
  description: string;
}

export interface CaseFileForm {
  detectionDate: string;
  detectionSource: string;
  detectionUbigeo: string;
  minorAtDetection: string;
  traffickingStatus: string;
  statusDeterminedBy: string;
  statusDeterminedOn: string;
  legalPurposes: string[];
  exploitationTypes: string[];
  meansOfControl: string[];
  legalMeans: string[];
  recruitmentMethods: string[];
  recruitmentPlace: PlaceRow;
  recruitmentDate: string;
  exploitationPlaces: PlaceRow[];
  confidentialNotes: string;
}

export const emptyPlace: PlaceRow = { country: '', ubigeo: '', description: '' };

export const emptyCaseFileForm: CaseFileForm = {
  detectionDate: '',
  detectionSource: '',
  detectionUbigeo: '',
  minorAtDetection: 'DESCONOCIDO',
  traffickingStatus: 'PRESUNTA_VICTIMA',
  statusDeterminedBy: '',
  statusDeterminedOn: '',
  legalPurposes: [],
  exploitationTypes: [],
  meansOfControl: [],
  legalMeans: [],
  recruitmentMethods: [],
  recruitmentPlace: emptyPlace,
  recruitmentDate: '',
  exploitationPlaces: [],
  confidentialNotes: '',
};

function placeOf(row: PlaceRow): Record<string, unknown> | undefined {
  if (!row.country && !row.ubigeo && !row.description.trim()) return undefined;
  return withoutUndefined({
    country: text(row.country),
    ubigeo: row.country === 'PER' ? text(row.ubigeo) : undefined,
    description: text(row.description),
  });
}

/** The status was determined by someone only once it is no longer "possible victim". */
export function statusIsDetermined(status: string): boolean {
  return status !== '' && status !== 'PRESUNTA_VICTIMA';
}

export function caseFileInputOf(form: CaseFileForm): Record<string, unknown> {
  const determined = statusIsDetermined(form.traffickingStatus);
  return withoutUndefined({
    detectionDate: text(form.detectionDate),
    detectionSource: text(form.detectionSource),
    detectionUbigeo: text(form.detectionUbigeo),
    minorAtDetection: text(form.minorAtDetection),
    traffickingStatus: text(form.traffickingStatus),
    statusDeterminedBy: determined ? text(form.statusDeterminedBy) : undefined,
    statusDeterminedOn: determined ? text(form.statusDeterminedOn) : undefined,
    legalPurposes: form.legalPurposes,
    exploitationTypes: form.exploitationTypes,
    meansOfControl: form.meansOfControl,
    legalMeans: form.legalMeans,
    recruitmentMethods: form.recruitmentMethods,
    recruitmentPlace: placeOf(form.recruitmentPlace),
    recruitmentDate: partialDate(form.recruitmentDate),
    exploitationPlaces: form.exploitationPlaces.map(placeOf).filter((p) => p !== undefined),
    confidentialNotes: text(form.confidentialNotes),
  });
}

function placeRowOf(place: { country: string; ubigeo?: string | undefined; description?: string | undefined } | undefined): PlaceRow {
  return place ? { country: place.country, ubigeo: place.ubigeo ?? '', description: place.description ?? '' } : emptyPlace;
}

export function caseFileFormOf(record: CaseFileRecord): CaseFileForm {
  return {
    detectionDate: record.detectionDate,
    detectionSource: record.detectionSource,
    detectionUbigeo: record.detectionUbigeo,
    minorAtDetection: record.minorAtDetection,
    traffickingStatus: record.traffickingStatus,
    statusDeterminedBy: record.statusDeterminedBy ?? '',
    statusDeterminedOn: record.statusDeterminedOn ?? '',
    legalPurposes: [...record.legalPurposes],
    exploitationTypes: [...record.exploitationTypes],
    meansOfControl: [...(record.meansOfControl ?? [])],
    legalMeans: [...(record.legalMeans ?? [])],
    recruitmentMethods: [...(record.recruitmentMethods ?? [])],
    recruitmentPlace: placeRowOf(record.recruitmentPlace),
    recruitmentDate: partialDateForForm(record.recruitmentDate),
    exploitationPlaces: (record.exploitationPlaces ?? []).map(placeRowOf),
    confidentialNotes: record.confidentialNotes ?? '',
  };
}

export const CASE_FILE_FIELDS = [
  'detectionDate',
  'detectionSource',
  'detectionUbigeo',
  'minorAtDetection',
  'traffickingStatus',
  'statusDeterminedBy',
  'statusDeterminedOn',
  'legalPurposes',
  'exploitationTypes',
  'meansOfControl',
  'legalMeans',
  'recruitmentMethods',
  'recruitmentPlace',
  'recruitmentDate',
  'exploitationPlaces',
  'confidentialNotes',
] as const;
