/**
 * The account forms' checks and the server's refusals, in the product's words. The server's own
 * schemas decide (protocol/rest.ts); only the sentences are ours.
 */
import { ChangePasswordRequest, DisplayText } from '../../../protocol/rest.js';
import { isApiError } from '../../api/http.js';

/** A new password's problem ("At least 8 characters."), or null when the server will take it. */
export function newPasswordProblem(password: string): string | null {
  if (password === '') return 'Enter a new password.';
  const parsed = ChangePasswordRequest.shape.password.safeParse(password);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_small') return `At least ${String(issue.minimum)} characters.`;
  if (issue?.code === 'too_big') return `At most ${String(issue.maximum)} characters.`;
  return 'This password cannot be used; try another.';
}

/** A display name's problem, or null. */
export function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'Enter the person’s name.';
  const parsed = DisplayText.safeParse(name);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_big') return `At most ${String(issue.maximum)} characters.`;
  return 'Use letters, digits and punctuation only.';
}

const refusals: Record<string, string> = {
  cannot_change_self: 'You cannot disable your own account or change your own role; ask another admin.',
  wrong_current_password: 'That is not your current password.',
  not_found: 'This account no longer exists.',
};

/** What went wrong with an account change, as a sentence for the dialog. */
export function accountErrorText(error: unknown): string {
  if (isApiError(error)) {
    const known = refusals[error.code] ?? (error.status === 404 ? refusals.not_found : undefined);
    if (known) return known;
    if (error.status === 403) return 'Your role does not allow this.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
