import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { User } from '../../../protocol/rest.js';
import { revokeLogins, setPassword } from '../../api/admin.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field, focusFirstInvalid } from '../../ui/Field.js';
import { accountErrorText, newPasswordProblem } from '../admin/accountRules.js';

/** The signed-in user's own account changes (DESIGN.md §16), from the user menu. */
export type AccountDialogKind = 'password' | 'sign_out_everywhere';

export interface AccountDialogProps {
  user: User;
  open: AccountDialogKind | null;
  onClose: () => void;
  /** Both changes end this browser's login too: the app goes back to the login page. */
  onSignedOut: () => void;
}

export function AccountDialog({ user, open, onClose, onSignedOut }: AccountDialogProps) {
  const title = open === 'password' ? 'Change my password' : 'Sign out everywhere?';
  return (
    <Dialog open={open !== null} onClose={onClose} title={title} testId="account-dialog">
      {open === 'password' && <ChangeMyPassword user={user} onCancel={onClose} onDone={onSignedOut} />}
      {open === 'sign_out_everywhere' && <SignOutEverywhere user={user} onCancel={onClose} onDone={onSignedOut} />}
    </Dialog>
  );
}

type Draft = { current: string; next: string; repeat: string };
type Problems = Partial<Record<keyof Draft, string>>;

function problemsOf(draft: Draft): Problems {
  const problems: Problems = {};
  if (draft.current === '') problems.current = 'Enter your current password.';
  const next = newPasswordProblem(draft.next);
  if (next) problems.next = next;
  else if (draft.next === draft.current) problems.next = 'Choose a password other than the current one.';
  if (!problems.next && draft.repeat !== draft.next) problems.repeat = 'The two new passwords differ.';
  return problems;
}

function ChangeMyPassword({ user, onCancel, onDone }: { user: User; onCancel: () => void; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>({ current: '', next: '', repeat: '' });
  const [problems, setProblems] = useState<Problems>({});
  const formRef = useRef<HTMLFormElement>(null);
  const change = useMutation({ mutationFn: () => setPassword(user.user_id, { password: draft.next, current_password: draft.current }), onSuccess: onDone });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = problemsOf(draft);
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formRef.current);
    change.mutate();
  };
  const field = (key: keyof Draft, autoComplete: string) => ({
    type: 'password',
    autoComplete,
    value: draft[key],
    onChange: (event: { target: { value: string } }) => {
      setDraft((current) => ({ ...current, [key]: event.target.value }));
      setProblems((current) => ({ ...current, [key]: undefined }));
      change.reset();
    },
  });
  const wrongCurrent = change.error ? accountErrorText(change.error) : null;
  return (
    <form ref={formRef} onSubmit={submit} noValidate data-testid="change-password-form">
      <Field label="Current password" error={problems.current ?? wrongCurrent}>
        {(control) => <input {...control} {...field('current', 'current-password')} data-autofocus />}
      </Field>
      <Field label="New password" error={problems.next} hint="At least 8 characters.">
        {(control) => <input {...control} {...field('next', 'new-password')} />}
      </Field>
      <Field label="New password again" error={problems.repeat}>
        {(control) => <input {...control} {...field('repeat', 'new-password')} />}
      </Field>
      <p className="hint">Changing it signs you out everywhere, this browser too; sign in again with the new password.</p>
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={change.isPending} data-testid="change-password-submit">
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

function SignOutEverywhere({ user, onCancel, onDone }: { user: User; onCancel: () => void; onDone: () => void }) {
  const revoke = useMutation({ mutationFn: () => revokeLogins(user.user_id), onSuccess: onDone });
  return (
    <div>
      <p>
        Every login of {user.email} ends now, on every browser and device, this one too. Your open terminals disconnect (their SSH
        sessions wait a few minutes for you to sign in again) and the shares you watch close.
      </p>
      {revoke.isError && (
        <p className="error-text" role="alert">
          {accountErrorText(revoke.error)}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" disabled={revoke.isPending} onClick={() => revoke.mutate()} data-testid="sign-out-everywhere-confirm">
          {revoke.isPending ? 'Signing out…' : 'Sign out everywhere'}
        </button>
      </div>
    </div>
  );
}
