import { queryOptions } from '@tanstack/react-query';
import { LoginResponse, User } from '../../protocol/rest.js';
import { apiFetch, apiFetchParsed, isApiError } from './http.js';

/** The signed-in user, or null when the login cookie is missing or expired. */
export const meQuery = queryOptions({
  queryKey: ['auth', 'me'] as const,
  queryFn: async (): Promise<User | null> => {
    try {
      const body = await apiFetch<{ user: unknown }>('/api/v1/auth/me');
      return User.parse(body.user);
    } catch (error) {
      if (isApiError(error, 401)) return null;
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

export function login(email: string, password: string): Promise<LoginResponse> {
  return apiFetchParsed('/api/v1/auth/login', LoginResponse, { method: 'POST', body: { email, password } });
}

export async function logout(): Promise<void> {
  await apiFetch('/api/v1/auth/logout', { method: 'POST' });
}
