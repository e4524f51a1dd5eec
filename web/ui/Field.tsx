import { useId, type ReactNode } from 'react';

/** What a field hands its control so label, hint and error are wired up for assistive technology. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string;
}

export interface FieldProps {
  label: ReactNode;
  /** Shown under the control while there is no error. */
  hint?: ReactNode;
  /** The problem with the value, in words, right under the control (replaces the hint). */
  error?: string | null;
  className?: string;
  testId?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * A labelled form control with its message under it. The message is a polite live region, so a
 * problem found as you type is read out; on submit, forms move focus to the first invalid control,
 * which reads its message as its description.
 */
export function Field({ label, hint, error, className, testId, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className={className ? `field ${className}` : 'field'} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': messageId })}
      <p id={messageId} className={error ? 'field__message field__message--error' : 'field__message'} aria-live="polite" data-testid={error ? 'field-error' : undefined}>
        {error ?? hint}
      </p>
    </div>
  );
}

/** Focuses the first control marked invalid inside a form (after a refused submit). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
