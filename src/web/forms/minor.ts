// Whether the person was a child at detection, when her birth date or estimated age settles it:
// the same rule the server applies, so the form shows the answer instead of asking.
import { ISO_DAY } from '../../domain/dates.ts';
import { minorAtDetection } from '../../domain/records.ts';

export function derivedMinor(person: { birthDate?: unknown; estimatedAge?: unknown }, detectionDate: string | undefined): string | undefined {
  const birthDate = typeof person.birthDate === 'string' ? person.birthDate : undefined;
  const estimatedAge = typeof person.estimatedAge === 'number' && Number.isInteger(person.estimatedAge) ? person.estimatedAge : undefined;
  if (!detectionDate || !ISO_DAY.test(detectionDate)) return estimatedAge === undefined ? undefined : estimatedAge < 18 ? 'SI' : 'NO';
  const result = minorAtDetection({ birthDate, estimatedAge }, detectionDate, 'DESCONOCIDO');
  return result.value === 'SI' || result.value === 'NO' ? result.value : undefined;
}
