// Small pieces the follow-up forms share: a code list as choices in the reader's language, and a
// single yes/no box with its label, hint and error linked like every other field.
import type { ReactNode } from 'react';
import type { CodeListName } from '../../domain/code-lists.ts';
import type { Labels } from '../lib/code-lists.ts';
import { FieldError, fieldId, type Option } from './fields.tsx';

export function codeOptions(labels: Labels, list: CodeListName): Option[] {
  return labels.values(list).map((v) => ({ value: v.code, label: labels.lang === 'en' ? v.en : v.es }));
}

interface ToggleProps {
  path: string;
  label: ReactNode;
  hint?: ReactNode | undefined;
  error?: string | undefined;
  checked: boolean;
  onChange(checked: boolean): void;
  onBlur?: ((path: string) => void) | undefined;
}

export function Toggle(props: ToggleProps) {
  const id = fieldId(props.path);
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.error ? 'has-error' : ''}`}>
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name={props.path}
          checked={props.checked}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => {
            props.onChange(e.target.checked);
            props.onBlur?.(props.path);
          }}
        />
        <span>{props.label}</span>
      </label>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldError id={id} error={props.error} />
    </div>
  );
}
