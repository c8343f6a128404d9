// Whether what she entered is saved, said beside the form's buttons and announced politely:
// not yet, kept on this computer (encrypted), restored from it, being sent, waiting for the
// connection (with "send now"), sent; or that this browser cannot keep it at all. A kept draft
// can be thrown away.
import { useTranslation } from 'react-i18next';
import type { Draft } from '../forms/draft.ts';
import type { Submission } from '../forms/submission.ts';
import { formatDateTime } from '../lib/format.ts';

export function DraftStatus<F, T>({ id, draft, sending }: { id: string; draft: Draft<F, T>; sending: Submission<T> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { kept } = draft;
  const text = sending.busy
    ? t('usability.sending')
    : sending.queued
      ? t('usability.queued')
      : kept.kind === 'restored'
        ? t('usability.draftRestored', { time: formatDateTime(kept.at, lang) })
        : kept.kind === 'saved'
          ? t('usability.draftSaved', { time: formatDateTime(kept.at, lang) })
          : kept.kind === 'unavailable'
            ? t('usability.draftNotKept')
            : sending.done
              ? t('usability.sent')
              : t('usability.notSaved');
  return (
    <span className="draft-status">
      <span id={id} className="status-text" role="status">
        {text}
      </span>
      {sending.queued && !sending.busy && (
        <button type="button" className="secondary small" onClick={sending.retry}>
          {t('usability.sendNow')}
        </button>
      )}
      {(kept.kind === 'saved' || kept.kind === 'restored') && !sending.busy && (
        <button type="button" className="secondary small" onClick={draft.clear}>
          {t('usability.discardDraft')}
        </button>
      )}
    </span>
  );
}

/** A short form's send button with, beside it, what became of what was typed. */
export function SendWithStatus<F, T>({ id, draft, sending, label, disabled = false }: { id: string; draft: Draft<F, T>; sending: Submission<T>; label: string; disabled?: boolean }) {
  return (
    <div className="form-actions">
      <button type="submit" disabled={disabled || sending.busy}>
        {label}
      </button>
      <DraftStatus id={id} draft={draft} sending={sending} />
    </div>
  );
}
