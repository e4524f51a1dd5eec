/**
 * Who is signed in, for the final states of the viewer page (a dead link says whose account
 * opened it, with a way to sign out: issue 14). The same cache entry as web/api/auth.ts `meQuery`
 * with the same shape, read without its schema so the viewer route does not load zod.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { apiFetch, isApiError } from '../../api/http.js';
import type { SignedInUser } from './ViewerBanner.js';

export const signedInUserQuery = queryOptions({
  queryKey: ['auth', 'me'] as const,
  queryFn: async (): Promise<SignedInUser | null> => {
    try {
      const body = await apiFetch<{ user?: SignedInUser }>('/api/v1/auth/me');
      return body.user ?? null;
    } catch (error) {
      if (isApiError(error, 401)) return null;
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

/** Ends the login (DESIGN.md §7) and forgets the user, so nothing shows them signed in. */
export async function signOut(queryClient: QueryClient): Promise<void> {
  await apiFetch('/api/v1/auth/logout', { method: 'POST' });
  queryClient.setQueryData(signedInUserQuery.queryKey, null);
}

/** The login page, coming back to `path` afterwards. */
export function signInHref(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}
