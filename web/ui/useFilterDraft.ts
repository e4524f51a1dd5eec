/**
 * A filter form's draft (the audit log's, the recordings'): text fields edited locally, applied
 * on submit. Empty fields mean "no filter".
 */
import { useState } from 'react';

export function useFilterDraft<D extends Record<string, string>>(initial: () => D) {
  const [draft, setDraft] = useState<D>(initial);
  const set = (key: keyof D) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value }));
  return { draft, set };
}

/** A text field's value as a filter: trimmed, or undefined when empty. */
export const filterText = (value: string): string | undefined => value.trim() || undefined;
