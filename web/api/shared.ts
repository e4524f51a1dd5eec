import { queryOptions } from '@tanstack/react-query';
import type { SharedInfo } from '../../protocol/rest.js';
import { apiFetch, isApiError } from './http.js';

/**
 * What the viewer page needs before the socket says more (DESIGN.md §5). Type-only import of the
 * schema on purpose: the viewer route must stay lean, so it does not pull the schema library in;
 * the socket's status frame carries the same facts and is authoritative.
 */
export function sharedInfoQuery(token: string) {
  return queryOptions({
    queryKey: ['shared', token] as const,
    queryFn: () => apiFetch<SharedInfo>(`/api/v1/shared/${encodeURIComponent(token)}`),
    // 401/404/410 are answers, not glitches: retrying them only delays the right overlay.
    retry: (failureCount, error) => !isApiError(error) && failureCount < 2,
    staleTime: Infinity,
  });
}

export function viewerSocketPath(token: string): string {
  return `/api/v1/sessions/shared/${encodeURIComponent(token)}/ws`;
}
