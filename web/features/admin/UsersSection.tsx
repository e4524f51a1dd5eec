import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User, UserListItem } from '../../../protocol/rest.js';
import { applyUpdatedUser, updateUser, usersQuery } from '../../api/admin.js';
import { useToasts } from '../../state/toasts.js';
import { DataTable, type Column } from '../../ui/DataTable.js';
import type { MenuItem } from '../../ui/Menu.js';
import { MenuButton } from '../../ui/MenuButton.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { roleLabel } from '../shell/permissions.js';
import { accountErrorText } from './accountRules.js';
import { CreateUserForm } from './CreateUserForm.js';
import { UserActionDialog, type UserAction } from './UserActionDialog.js';

type PendingAction = { action: UserAction; user: UserListItem };
type Ask = (action: UserAction, user: UserListItem) => void;

/** Accounts (DESIGN.md §7, §16): create, rename, change role, reset password, sign out, disable. */
export function UsersSection({ me }: { me: User }) {
  const users = useQuery(usersQuery);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const ask: Ask = (action, user) => setPending({ action, user });
  return (
    <section aria-labelledby="users-title" className="card">
      <h2 id="users-title">Users</h2>
      <CreateUserForm />
      {users.isPending && <PageLoading label="Loading users…" />}
      {users.isError && <ErrorMessage error={users.error} />}
      {users.data && (
        <DataTable
          caption="Users"
          columns={userColumns(me, ask)}
          rows={users.data.users}
          rowKey={(user) => user.user_id}
          rowAttributes={(user) => ({ 'data-testid': 'user-row', 'data-user-id': user.user_id, 'data-disabled': String(user.disabled) })}
          stackBelow="medium"
          testId="users-table"
        />
      )}
      <UserActionDialog
        pending={pending}
        onClose={() => {
          // The menu item that opened the dialog is gone; focus goes back to the row's Manage button.
          const userId = pending?.user.user_id;
          setPending(null);
          requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-user-id="${userId}"] [data-testid="user-actions"]`)?.focus());
        }}
      />
    </section>
  );
}

function userColumns(me: User, ask: Ask): Column<UserListItem>[] {
  return [
    {
      header: 'Name',
      className: 'break',
      cell: (user) => (
        <>
          <span className={user.disabled ? 'muted' : undefined}>{user.name}</span>
          {user.user_id === me.user_id && <span className="muted"> (you)</span>}
        </>
      ),
    },
    { header: 'Email', cell: (user) => user.email, className: 'break' },
    { header: 'Role', cell: (user) => <span className={`pill pill--role-${user.role}`}>{roleLabel[user.role]}</span> },
    { header: 'Status', cell: (user) => <AccountStatus user={user} /> },
    { header: 'Created', cell: (user) => <AbsoluteTime value={user.created_at} /> },
    { header: '', cell: (user) => <UserActions user={user} self={user.user_id === me.user_id} ask={ask} /> },
  ];
}

function AccountStatus({ user }: { user: UserListItem }) {
  return user.disabled ? (
    <span className="pill pill--revoked" data-testid="user-status">
      Disabled
    </span>
  ) : (
    <span className="pill pill--active" data-testid="user-status">
      Active
    </span>
  );
}

/** The row's "Manage" menu; one's own role and account cannot be changed (the server refuses it too). */
function UserActions({ user, self, ask }: { user: UserListItem; self: boolean; ask: Ask }) {
  const enable = useEnableUser(user);
  const items: MenuItem[] = [
    { label: 'Rename…', onSelect: () => ask('rename', user), testId: 'user-rename' },
    ...(self ? [] : [{ label: 'Change role…', onSelect: () => ask('role', user), testId: 'user-change-role' }]),
    { label: 'Reset password…', onSelect: () => ask('password', user), testId: 'user-reset-password' },
    { label: 'Sign out everywhere…', onSelect: () => ask('sign_out', user), testId: 'user-sign-out-everywhere' },
  ];
  if (!self && user.disabled) items.push({ label: 'Enable account', onSelect: () => enable.mutate(), testId: 'user-enable' });
  if (!self && !user.disabled) items.push({ label: 'Disable account…', onSelect: () => ask('disable', user), testId: 'user-disable', danger: true });
  return (
    <div className="row-actions">
      <MenuButton label={`Manage ${user.name}`} items={items} testId="user-actions" menuTestId="user-actions-menu" disabled={enable.isPending}>
        Manage
      </MenuButton>
    </div>
  );
}

/** Enabling gives access back, so it needs no confirmation; a toast says it happened. */
function useEnableUser(user: UserListItem) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  return useMutation({
    mutationFn: () => updateUser(user.user_id, { disabled: false }),
    onSuccess: (updated) => {
      applyUpdatedUser(queryClient, updated);
      showToast({ message: `Enabled ${updated.email}; they can sign in again.`, tone: 'success' });
    },
    onError: (error) => showToast({ message: `Could not enable ${user.email}: ${accountErrorText(error)}`, tone: 'error' }),
  });
}
