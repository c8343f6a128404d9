// One action of a list's row (block an account, revoke a client, retire a profile): asked first
// when it cannot be undone, then sent with its Idempotency-Key and kept until the server answers
// (forms/draft.ts, forms/submission.ts), so a dropped connection neither loses it nor does it
// twice; what became of it shows beside the button once pressed.
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { DraftStatus } from './DraftStatus.tsx';

interface RowActionProps<T> {
  /** The draft's name: the action and its record (`api-client-revoke:<id>`), never personal data. */
  draftName: string;
  data: T;
  label: string;
  /** The button's name for screen readers, naming the row. */
  ariaLabel: string;
  /** Asked before sending, when the action cannot be undone. */
  confirmText?: string;
  send(data: T, key: string): Promise<unknown>;
  onSent(): void;
}

export function RowAction<T>({ draftName, data, label, ariaLabel, confirmText, send, onSent }: RowActionProps<T>) {
  const draft = useDraft<Record<string, never>, T>(draftName, () => ({}));
  const errors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: undefined, errors }, { send, sent: onSent });
  const pressed = sending.busy || draft.pending !== undefined || sending.problem !== undefined;
  return (
    <>
      <button
        type="button"
        className="secondary"
        aria-label={ariaLabel}
        disabled={sending.busy}
        onClick={() => {
          if (!confirmText || window.confirm(confirmText)) sending.submitData(data);
        }}
      >
        {label}
      </button>
      {sending.problemInFull && (
        <p className="alert" role="alert">
          {sending.problemInFull}
        </p>
      )}
      {pressed && <DraftStatus id={`${draftName.replace(/[^A-Za-z0-9-]/g, '-')}-status`} draft={draft} sending={sending} />}
    </>
  );
}
