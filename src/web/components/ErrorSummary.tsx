// The list of problems shown at the top of a form after sending it, each a link to its field.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../domain/validation.ts';
import { fieldId } from './fields.tsx';

interface Props {
  title: string;
  errors: readonly FieldError[];
  fieldLabel(path: string): string;
  /** Changes when a new submission failed, to move the focus here again. */
  attempt: number;
}

export function ErrorSummary({ title, errors, fieldLabel, attempt }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) ref.current?.focus();
  }, [attempt]);
  return (
    <div className="alert error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>{title}</h2>
      {errors.length > 0 && (
        <>
          <p>{t('form.fixThese')}</p>
          <ul>
            {errors.map((e) => (
              <li key={e.path}>
                <a
                  href={`#${fieldId(e.path)}`}
                  onClick={(event) => {
                    const target = findField(e.path);
                    if (!target) return;
                    event.preventDefault();
                    const folded = target.closest('details');
                    if (folded) folded.open = true;
                    target.focus();
                    target.scrollIntoView({ block: 'center' });
                  }}
                >
                  {fieldLabel(e.path)}: {e.message}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The control of a field, or of the nearest enclosing field ("person.documents.0" → its row). */
function findField(path: string): HTMLElement | null {
  const parts = path.split('.');
  while (parts.length > 0) {
    const element = document.getElementById(fieldId(parts.join('.')));
    if (element) return element instanceof HTMLFieldSetElement ? (element.querySelector<HTMLElement>('input, select, textarea') ?? element) : element;
    parts.pop();
  }
  return null;
}
