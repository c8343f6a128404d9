// The label of a field named by its request path, for the error summary.
import type { TFunction } from 'i18next';

export function fieldLabelOf(t: TFunction, path: string): string {
  const segments = path.split('.').filter((s) => s !== 'person' && s !== 'caseFile' && s !== 'changes');
  const documents = segments.indexOf('documents');
  if (documents !== -1 && segments[documents + 1] !== undefined) {
    const n = Number(segments[documents + 1]) + 1;
    return segments[documents + 2] === 'number' ? t('field.documentNumber', { n }) : t('field.documentType', { n });
  }
  const places = segments.indexOf('exploitationPlaces');
  if (places !== -1 && segments[places + 1] !== undefined) return t('field.exploitationPlace', { n: Number(segments[places + 1]) + 1 });
  if (segments[0] === 'recruitmentPlace') return t('field.recruitmentPlace');
  const key = [...segments].reverse().find((s) => !/^\d+$/.test(s));
  if (!key) return path;
  const label = t(`field.${key}`, { defaultValue: '' });
  return label || key;
}
