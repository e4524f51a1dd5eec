import { queryOptions } from '@tanstack/react-query';
import { InstanceList, SshHostKeyList, User, UserList, type CreateUserRequest } from '../../protocol/rest.js';
import { apiFetch, apiFetchParsed } from './http.js';

export const usersQuery = queryOptions({
  queryKey: ['users'] as const,
  queryFn: () => apiFetchParsed('/api/v1/users', UserList),
});

export function createUser(request: CreateUserRequest): Promise<User> {
  return apiFetchParsed('/api/v1/users', User, { method: 'POST', body: request });
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
