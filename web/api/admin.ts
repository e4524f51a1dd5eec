import { queryOptions } from '@tanstack/react-query';
import { InstanceList, User, UserList, type CreateUserRequest } from '../../protocol/rest.js';
import { apiFetchParsed } from './http.js';

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
