import type { TFunction } from 'i18next';
import type { ApiError } from '../lib/api.ts';

/** The text to show for a failed save: the conflict in our words (with the current version), else the server's title. */
export function conflictOr(error: ApiError, t: TFunction): string {
  if (error.status === 409) return t('edit.conflict', { version: error.currentVersion ?? '?' });
  return error.retryable ? `${error.title} ${t('form.retry')}` : error.title;
}
