// How recorded values read on screen: codes as labels, dates as day/month/year, places as names.
/** A t function: the app's (i18next's) or the server's (lib/texts/). */
type TFunction = (key: string, options?: Record<string, unknown>) => string;
import type { CodeListName } from '../../domain/code-lists.ts';
import type { Labels } from './code-lists.ts';
import { formatPartialDate } from './format.ts';

const LIST_OF_FIELD: Record<string, CodeListName> = {
  sex: 'sexo',
  genderIdentity: 'identidadGenero',
  motherTongue: 'lengua',
  otherLanguages: 'lengua',
  disabilities: 'discapacidad',
  detectionSource: 'fuenteDeteccion',
  minorAtDetection: 'siNo',
  traffickingStatus: 'condicionTrata',
  statusDeterminedBy: 'entidadDetermina',
  legalPurposes: 'finalidadExplotacion',
  exploitationTypes: 'tipoExplotacion',
  meansOfControl: 'medioControl',
  legalMeans: 'medioComisivo',
  recruitmentMethods: 'metodoCaptacion',
  state: 'estadoExpediente',
  from: 'estadoExpediente',
  to: 'estadoExpediente',
};

const DATE_FIELDS = new Set(['birthDate', 'detectionDate', 'statusDeterminedOn', 'recruitmentDate', 'reviewDate']);

interface PlaceValue {
  country?: string;
  ubigeo?: string;
  description?: string;
}

interface DocumentValue {
  type?: string;
  number?: string;
}

export function formatPlace(labels: Labels, place: PlaceValue): string {
  const where = [place.country ? labels.country(place.country) : '', place.ubigeo ? labels.department(place.ubigeo) : ''].filter(Boolean).join(', ');
  return [where, place.description].filter(Boolean).join(' — ');
}

/** A field's value as text; `undefined` for "nothing recorded". */
export function formatField(labels: Labels, t: TFunction, field: string, value: unknown): string | undefined {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  if (value === null) return t('history.cleared');
  if (field === 'confidentialNotes') return typeof value === 'string' ? value : undefined;
  const list = LIST_OF_FIELD[field];
  if (list) return (Array.isArray(value) ? value : [value]).map((code) => labels.label(list, String(code))).join('; ');
  if (field === 'nationalities' && Array.isArray(value)) return value.map((c) => labels.country(String(c))).join('; ');
  if (field === 'detectionUbigeo' && typeof value === 'string') return labels.department(value) + (value.length > 2 ? ` (${value})` : '');
  if (DATE_FIELDS.has(field) && typeof value === 'string') return formatPartialDate(value);
  if (field === 'documents' && Array.isArray(value)) {
    return (value as DocumentValue[]).map((d) => [labels.label('tipoDocumento', d.type), d.number].filter(Boolean).join(' ')).join('; ');
  }
  if ((field === 'recruitmentPlace' || field === 'exploitationPlaces') && typeof value === 'object') {
    return (Array.isArray(value) ? (value as PlaceValue[]) : [value as PlaceValue]).map((p) => formatPlace(labels, p)).join('; ');
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
