import { queryOptions, type QueryClient } from '@tanstack/react-query';
import {
  InstanceList,
  LoginsRevoked,
  SshHostKeyList,
  User,
  UserList,
  UserListItem,
  type ChangePasswordRequest,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '../../protocol/rest.js';
import { apiFetch, apiFetchParsed } from './http.js';

const encode = encodeURIComponent;

export const usersQuery = queryOptions({
  queryKey: ['users'] as const,
  queryFn: () => apiFetchParsed('/api/v1/users', UserList),
});

export function createUser(request: CreateUserRequest): Promise<User> {
  return apiFetchParsed('/api/v1/users', User, { method: 'POST', body: request });
}

/** DESIGN.md §16: role, name or disabled (admin). A role change or disabling ends the account's logins. */
export function updateUser(userId: string, patch: UpdateUserRequest): Promise<UserListItem> {
  return apiFetchParsed(`/api/v1/users/${encode(userId)}`, UserListItem, { method: 'PATCH', body: patch });
}

/** An admin sets anyone's password; a user sets their own with `current_password`. Ends that account's logins. */
export async function setPassword(userId: string, request: ChangePasswordRequest): Promise<void> {
  await apiFetch(`/api/v1/users/${encode(userId)}/password`, { method: 'POST', body: request });
}

/** Sign out everywhere: every login of the account ends, and its open sockets close. */
export function revokeLogins(userId: string): Promise<LoginsRevoked> {
  return apiFetchParsed(`/api/v1/users/${encode(userId)}/logins`, LoginsRevoked, { method: 'DELETE' });
}

/** Puts the server's answer to an update into the cached list at once, then refetches. */
export function applyUpdatedUser(queryClient: QueryClient, user: UserListItem): void {
  queryClient.setQueryData(usersQuery.queryKey, (list) =>
    list ? { users: list.users.map((listed) => (listed.user_id === user.user_id ? user : listed)) } : list,
  );
  void queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
}

/** HA registration status (DESIGN.md §9); polled so a lost instance shows up by itself. */
export const instancesQuery = queryOptions({
  queryKey: ['admin', 'instances'] as const,
  queryFn: () => apiFetchParsed('/api/v1/admin/instances', InstanceList),
  refetchInterval: 5_000,
});

/** SSH host keys pinned on first use (ad-hoc hosts). */
export const hostKeysQuery = queryOptions({
  queryKey: ['admin', 'ssh-host-keys'] as const,
  queryFn: () => apiFetchParsed('/api/v1/admin/ssh-host-keys', SshHostKeyList),
});

export function forgetHostKey(hostKeyId: string): Promise<void> {
  return apiFetch(`/api/v1/admin/ssh-host-keys/${encodeURIComponent(hostKeyId)}`, { method: 'DELETE' });
}
