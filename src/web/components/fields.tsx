// Form controls with their label, hint and error linked for screen readers. A field is named by
// its path in the request ("person.birthDate"), the same path the schemas and the server use.
import { useEffect, useRef, type ChangeEvent, type ReactNode } from 'react';

export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export interface Option {
  value: string;
  label: string;
}

interface Common {
  path: string;
  label: ReactNode;
  hint?: ReactNode | undefined;
  error?: string | undefined;
  required?: boolean;
  onBlur?: ((path: string) => void) | undefined;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint({ id, hint }: { id: string; hint: ReactNode | undefined }) {
  return hint ? (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

function RequiredMark({ required }: { required: boolean | undefined }) {
  return required ? (
    <span className="required" aria-hidden="true">
      {' '}*
    </span>
  ) : null;
}

interface TextFieldProps extends Common {
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'date' | 'password' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal';
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
  max?: string;
  min?: string;
  autoFocus?: boolean;
}

export function TextField(props: TextFieldProps) {
  const id = fieldId(props.path);
  const input = useRef<HTMLInputElement>(null);
  // Focused when drawn, not by the autofocus attribute: a browser honours that only while the page
  // loads, and the app draws its fields later (React did this itself; Preact, which runs the built app, does not).
  const autoFocus = props.autoFocus;
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);
  return (
    <div className={`field ${props.error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <label htmlFor={id}>
        {props.label}
        <RequiredMark required={props.required} />
      </label>
      <Hint id={id} hint={props.hint} />
      <input
        id={id}
        name={props.path}
        type={props.type ?? 'text'}
        value={props.value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        max={props.max}
        min={props.min}
        ref={input}
        aria-required={props.required || undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
        onBlur={() => props.onBlur?.(props.path)}
        spellCheck={false}
      />
      <FieldError id={id} error={props.error} />
    </div>
  );
}

interface TextAreaProps extends Common {
  value: string;
  onChange(value: string): void;
  maxLength?: number;
  rows?: number;
}

export function TextArea(props: TextAreaProps) {
  const id = fieldId(props.path);
  return (
    <div className={`field ${props.error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <label htmlFor={id}>
        {props.label}
        <RequiredMark required={props.required} />
      </label>
      <Hint id={id} hint={props.hint} />
      <textarea
        id={id}
        name={props.path}
        value={props.value}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        aria-required={props.required || undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={() => props.onBlur?.(props.path)}
      />
      <FieldError id={id} error={props.error} />
    </div>
  );
}

interface SelectFieldProps extends Common {
  value: string;
  onChange(value: string): void;
  options: readonly Option[];
  /** Text of the empty first choice; without it there is none. */
  emptyLabel?: string;
}

export function SelectField(props: SelectFieldProps) {
  const id = fieldId(props.path);
  return (
    <div className={`field ${props.error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <label htmlFor={id}>
        {props.label}
        <RequiredMark required={props.required} />
      </label>
      <Hint id={id} hint={props.hint} />
      <select
        id={id}
        name={props.path}
        value={props.value}
        aria-required={props.required || undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={() => props.onBlur?.(props.path)}
      >
        {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={props.error} />
    </div>
  );
}

interface ChoiceGroupProps extends Common {
  options: readonly Option[];
  columns?: 1 | 2 | 3;
  disabled?: boolean;
}

interface RadioGroupProps extends ChoiceGroupProps {
  value: string;
  onChange(value: string): void;
}

export function RadioGroup(props: RadioGroupProps) {
  const id = fieldId(props.path);
  return (
    <fieldset
      id={id}
      className={`field choices ${props.error ? 'has-error' : ''} ${props.className ?? ''}`}
      aria-describedby={describedBy(id, props.hint, props.error)}
      aria-invalid={props.error ? true : undefined}
      disabled={props.disabled}
    >
      <legend>
        {props.label}
        <RequiredMark required={props.required} />
      </legend>
      <Hint id={id} hint={props.hint} />
      <div className={`choice-list cols-${props.columns ?? 3}`}>
        {props.options.map((o) => (
          <label key={o.value} className="choice">
            <input
              type="radio"
              name={props.path}
              value={o.value}
              checked={props.value === o.value}
              required={props.required}
              onChange={() => {
                props.onChange(o.value);
                props.onBlur?.(props.path);
              }}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={id} error={props.error} />
    </fieldset>
  );
}

interface CheckboxGroupProps extends ChoiceGroupProps {
  values: readonly string[];
  onChange(values: string[]): void;
  /** Codes that stand alone (unknown, declined, not applicable): choosing one clears the others. */
  exclusive?: ReadonlySet<string>;
}

export function CheckboxGroup(props: CheckboxGroupProps) {
  const id = fieldId(props.path);
  const toggle = (code: string, on: boolean) => {
    let next = on ? [...props.values, code] : props.values.filter((v) => v !== code);
    if (on && props.exclusive) next = props.exclusive.has(code) ? [code] : next.filter((v) => !props.exclusive?.has(v));
    props.onChange(next);
    props.onBlur?.(props.path);
  };
  return (
    <fieldset
      id={id}
      className={`field choices ${props.error ? 'has-error' : ''} ${props.className ?? ''}`}
      aria-describedby={describedBy(id, props.hint, props.error)}
      aria-invalid={props.error ? true : undefined}
    >
      <legend>
        {props.label}
        <RequiredMark required={props.required} />
      </legend>
      <Hint id={id} hint={props.hint} />
      <div className={`choice-list cols-${props.columns ?? 2}`}>
        {props.options.map((o) => (
          <label key={o.value} className="choice">
            <input type="checkbox" name={props.path} value={o.value} checked={props.values.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={id} error={props.error} />
    </fieldset>
  );
}
