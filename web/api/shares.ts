import { queryOptions, type QueryClient } from '@tanstack/react-query';
import {
  RevokeResponse,
  ShareCreated,
  ShareList,
  ShareListQuery,
  type CreateShareRequest,
  type ShareSummary,
} from '../../protocol/rest.js';
import { apiFetchParsed, queryString } from './http.js';

/** The `state` filter of GET /shares, as protocol/ defines it: a share state or `all`. */
export const shareStateFilters = ShareListQuery.shape.state.unwrap().options;
export type ShareStateFilter = (typeof shareStateFilters)[number];

const encode = encodeURIComponent;

/**
 * Shares of one session. The owner socket pushes `shares` frames into this cache entry
 * (setSessionShares), so the tab badge updates without polling.
 */
export function sessionSharesQuery(sessionId: string) {
  return queryOptions({
    queryKey: ['sessions', sessionId, 'shares'] as const,
    queryFn: () => apiFetchParsed(`/api/v1/sessions/${encode(sessionId)}/shares`, ShareList),
  });
}

/** Every share I may manage (Manage Shares panel); polled so expiry and other owners show up. */
export function sharesQuery(state: ShareStateFilter) {
  return queryOptions({
    queryKey: ['shares', state] as const,
    queryFn: () => apiFetchParsed(`/api/v1/shares${queryString({ state })}`, ShareList),
    refetchInterval: 2_000,
  });
}

export function createShare(sessionId: string, request: CreateShareRequest): Promise<ShareCreated> {
  return apiFetchParsed(`/api/v1/sessions/${encode(sessionId)}/share`, ShareCreated, {
    method: 'POST',
    body: request,
  });
}

export function revokeShare(sessionId: string, shareId: string): Promise<RevokeResponse> {
  return apiFetchParsed(`/api/v1/sessions/${encode(sessionId)}/shares/${encode(shareId)}`, RevokeResponse, {
    method: 'DELETE',
  });
}

/** Applies a `shares` frame from the owner socket: the cache is the one source of truth. */
export function setSessionShares(queryClient: QueryClient, sessionId: string, shares: ShareSummary[]): void {
  queryClient.setQueryData(sessionSharesQuery(sessionId).queryKey, { shares });
  void queryClient.invalidateQueries({ queryKey: ['shares'] });
}

/** After a revoke, drop the share from every cached active list at once, before the refetch. */
export function removeRevokedShare(queryClient: QueryClient, shareId: string): void {
  queryClient.setQueriesData<ShareList>({ queryKey: ['shares', 'active'] }, (list) =>
    list ? { shares: list.shares.filter((share) => share.share_id !== shareId) } : list,
  );
  void queryClient.invalidateQueries({ queryKey: ['shares'] });
  void queryClient.invalidateQueries({ queryKey: ['sessions'] });
}

export function activeShares(list: ShareList | undefined): ShareSummary[] {
  return (list?.shares ?? []).filter((share) => share.state === 'active');
}
