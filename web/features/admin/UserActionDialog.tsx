import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Role, type UserListItem } from '../../../protocol/rest.js';
import { applyUpdatedUser, revokeLogins, setPassword, updateUser, usersQuery } from '../../api/admin.js';
import { useToasts } from '../../state/toasts.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field, focusFirstInvalid } from '../../ui/Field.js';
import { roleLabel } from '../shell/permissions.js';
import { accountErrorText, nameProblem, newPasswordProblem } from './accountRules.js';

/** The account changes an admin makes from a user's row; each asks first in a dialog. */
export type UserAction = 'rename' | 'role' | 'password' | 'disable' | 'sign_out';

const titles: Record<UserAction, (user: UserListItem) => string> = {
  rename: (user) => `Rename ${user.name}`,
  role: (user) => `Change the role of ${user.name}`,
  password: (user) => `Reset the password of ${user.name}`,
  disable: (user) => `Disable ${user.name}?`,
  sign_out: (user) => `Sign ${user.name} out everywhere?`,
};

export interface UserActionDialogProps {
  pending: { action: UserAction; user: UserListItem } | null;
  onClose: () => void;
}

export function UserActionDialog({ pending, onClose }: UserActionDialogProps) {
  return (
    <Dialog open={pending !== null} onClose={onClose} title={pending ? titles[pending.action](pending.user) : ''} testId="user-action-dialog">
      {pending && <ActionBody action={pending.action} user={pending.user} onDone={onClose} />}
    </Dialog>
  );
}

function ActionBody({ action, user, onDone }: { action: UserAction; user: UserListItem; onDone: () => void }) {
  switch (action) {
    case 'rename':
      return <RenameForm user={user} onDone={onDone} />;
    case 'role':
      return <RoleForm user={user} onDone={onDone} />;
    case 'password':
      return <PasswordForm user={user} onDone={onDone} />;
    case 'disable':
      return <ConfirmForm user={user} onDone={onDone} kind="disable" />;
    case 'sign_out':
      return <ConfirmForm user={user} onDone={onDone} kind="sign_out" />;
  }
}

interface AccountChangeResult {
  /** What happened, for the toast. */
  message: string;
  /** The account as the server now has it, when the change answers with it. */
  user?: UserListItem;
}

/** Runs one account change; on success refreshes the list, says what happened and closes. */
function useAccountChange(run: () => Promise<AccountChangeResult>, onDone: () => void) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  return useMutation({
    mutationFn: run,
    onSuccess: ({ message, user }) => {
      if (user) applyUpdatedUser(queryClient, user);
      else void queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
      showToast({ message, tone: 'success' });
      onDone();
    },
  });
}

interface FormShellProps {
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  error: unknown;
  danger?: boolean;
  /** Confirmations start on Cancel, so a stray Enter changes nothing. */
  focusCancel?: boolean;
  /** For moving focus to the first invalid field after a refused submit. */
  formRef?: RefObject<HTMLFormElement | null>;
  children: ReactNode;
}

/** The dialogs' common frame: content, the server's refusal in words, Cancel and the action. */
function FormShell({ onSubmit, onCancel, submitLabel, pendingLabel, pending, error, danger, focusCancel, formRef, children }: FormShellProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate data-testid="user-action-form">
      {children}
      {error !== null && error !== undefined && (
        <p className="error-text" role="alert" data-testid="user-action-error">
          {accountErrorText(error)}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onCancel} data-autofocus={focusCancel ? true : undefined}>
          Cancel
        </button>
        <button type="submit" className={danger ? 'button button--danger' : 'button button--primary'} disabled={pending} data-testid="user-action-submit">
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}

function RenameForm({ user, onDone }: { user: UserListItem; onDone: () => void }) {
  const [name, setName] = useState(user.name);
  const [problem, setProblem] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const change = useAccountChange(async () => {
    const updated = await updateUser(user.user_id, { name: name.trim() });
    return { user: updated, message: `Renamed ${user.email} to ${updated.name}.` };
  }, onDone);
  const submit = () => {
    const found = nameProblem(name);
    setProblem(found);
    if (found) focusFirstInvalid(formRef.current);
    else change.mutate();
  };
  return (
    <FormShell formRef={formRef} onSubmit={submit} onCancel={onDone} submitLabel="Rename" pendingLabel="Renaming…" pending={change.isPending} error={change.error}>
      <Field label="Name" error={problem}>
        {(control) => <input {...control} value={name} data-autofocus autoComplete="off" onChange={(event) => setName(event.target.value)} />}
      </Field>
    </FormShell>
  );
}

function RoleForm({ user, onDone }: { user: UserListItem; onDone: () => void }) {
  const [role, setRole] = useState<Role>(user.role);
  const change = useAccountChange(async () => {
    const updated = await updateUser(user.user_id, { role });
    return { user: updated, message: `${updated.name} is now ${roleLabel[updated.role].toLowerCase()} and signs in again.` };
  }, onDone);
  const submit = () => (role === user.role ? onDone() : change.mutate());
  return (
    <FormShell onSubmit={submit} onCancel={onDone} submitLabel="Change role" pendingLabel="Changing…" pending={change.isPending} error={change.error}>
      <Field label="Role" hint={`Changing the role signs ${user.name} out everywhere; they sign in again with the new role.`}>
        {(control) => (
          <select {...control} value={role} data-autofocus onChange={(event) => setRole(event.target.value as Role)}>
            {Role.options.map((option) => (
              <option key={option} value={option}>
                {roleLabel[option]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </FormShell>
  );
}

function PasswordForm({ user, onDone }: { user: UserListItem; onDone: () => void }) {
  const [password, setPasswordText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const change = useAccountChange(async () => {
    await setPassword(user.user_id, { password });
    return { message: `New password set for ${user.email}; they are signed out everywhere.` };
  }, onDone);
  const submit = () => {
    const found = newPasswordProblem(password);
    setProblem(found);
    if (found) focusFirstInvalid(formRef.current);
    else change.mutate();
  };
  return (
    <FormShell formRef={formRef} onSubmit={submit} onCancel={onDone} submitLabel="Set password" pendingLabel="Setting…" pending={change.isPending} error={change.error} danger>
      <Field label="New password" error={problem} hint={`At least 8 characters. ${user.name} is signed out everywhere and signs in with this one.`}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="new-password"
            data-autofocus
            value={password}
            onChange={(event) => {
              setPasswordText(event.target.value);
              setProblem(null);
            }}
            onBlur={() => password !== '' && setProblem(newPasswordProblem(password))}
          />
        )}
      </Field>
    </FormShell>
  );
}

function ConfirmForm({ user, onDone, kind }: { user: UserListItem; onDone: () => void; kind: 'disable' | 'sign_out' }) {
  const disable = kind === 'disable';
  const change = useAccountChange(async () => {
    if (!disable) {
      await revokeLogins(user.user_id);
      return { message: `Signed ${user.email} out everywhere.` };
    }
    const updated = await updateUser(user.user_id, { disabled: true });
    return { user: updated, message: `Disabled ${user.email}; they are signed out everywhere.` };
  }, onDone);
  return (
    <FormShell
      onSubmit={() => change.mutate()}
      onCancel={onDone}
      submitLabel={disable ? 'Disable account' : 'Sign out everywhere'}
      pendingLabel={disable ? 'Disabling…' : 'Signing out…'}
      pending={change.isPending}
      error={change.error}
      danger
      focusCancel
    >
      <p>
        {disable
          ? `${user.name} (${user.email}) is signed out at once: their terminals and the shares they watch close within a few seconds. They cannot sign in until an admin enables the account again.`
          : `Every login of ${user.name} (${user.email}) ends now: their terminals and the shares they watch close within a few seconds. They can sign in again.`}
      </p>
    </FormShell>
  );
}
