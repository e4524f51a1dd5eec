import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import {
  RevokeResponse,
  ShareCreated,
  ShareList,
  ShareListQuery,
  ShareSummary,
  ViewerRemoved,
  type CreateShareRequest,
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

/** Rows per page of Manage Shares; "Load more" asks for the next page with the server's cursor. */
export const sharesPageSize = 50;

/**
 * Every share I may manage (Manage Shares panel), newest first, a page at a time (issue 9 item 6:
 * no share can be pushed out of sight). Polled so expiry and other owners show up; a refetch
 * walks the loaded pages again from the first, so the rows stay one consistent list.
 */
export function sharesQuery(state: ShareStateFilter) {
  return infiniteQueryOptions({
    queryKey: ['shares', state] as const,
    queryFn: ({ pageParam, signal }) =>
      apiFetchParsed(`/api/v1/shares${queryString({ state, limit: sharesPageSize, cursor: pageParam })}`, ShareList, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
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

/** DESIGN.md §13: the share now expires `expiresIn` (a duration or seconds) from now. */
export function extendShare(sessionId: string, shareId: string, expiresIn: string | number): Promise<ShareSummary> {
  return apiFetchParsed(`/api/v1/sessions/${encode(sessionId)}/shares/${encode(shareId)}`, ShareSummary, {
    method: 'PATCH',
    body: { expires_in: expiresIn },
  });
}

/** DESIGN.md §13: closes one viewer connection (close 4412); `bar` keeps that user out of the share for its life. */
export function removeViewer(sessionId: string, shareId: string, connectionId: string, bar: boolean): Promise<ViewerRemoved> {
  const path = `/api/v1/sessions/${encode(sessionId)}/shares/${encode(shareId)}/viewers/${encode(connectionId)}`;
  return apiFetchParsed(`${path}${queryString({ bar: String(bar) })}`, ViewerRemoved, { method: 'DELETE' });
}

/** Applies a `shares` frame from the owner socket: the cache is the one source of truth. */
export function setSessionShares(queryClient: QueryClient, sessionId: string, shares: ShareSummary[]): void {
  queryClient.setQueryData(sessionSharesQuery(sessionId).queryKey, { shares });
  void queryClient.invalidateQueries({ queryKey: ['shares'] });
}

type SharePages = InfiniteData<ShareList, string | null>;

/** Replaces one share wherever it is cached (an extend's answer), then refetches the lists. */
export function applyShareSummary(queryClient: QueryClient, share: ShareSummary): void {
  const replace = (list: ShareList): ShareList => ({ ...list, shares: list.shares.map((s) => (s.share_id === share.share_id ? share : s)) });
  queryClient.setQueryData<ShareList>(sessionSharesQuery(share.session_id).queryKey, (list) => (list ? replace(list) : list));
  queryClient.setQueriesData<SharePages>({ queryKey: ['shares'] }, (data) => (data ? { ...data, pages: data.pages.map(replace) } : data));
  void queryClient.invalidateQueries({ queryKey: ['shares'] });
}

/** After a revoke, drop the share from every cached active list at once, before the refetch. */
export function removeRevokedShare(queryClient: QueryClient, shareId: string): void {
  queryClient.setQueriesData<SharePages>({ queryKey: ['shares', 'active'] }, (data) => {
    if (!data) return data;
    const isRevoked = (share: ShareSummary) => share.share_id === shareId;
    const dropped = data.pages.reduce((count, page) => count + page.shares.filter(isRevoked).length, 0);
    const pages = data.pages.map((page) => ({
      ...page,
      shares: page.shares.filter((share) => !isRevoked(share)),
      total: page.total === undefined ? undefined : page.total - dropped,
    }));
    return { ...data, pages };
  });
  void queryClient.invalidateQueries({ queryKey: ['shares'] });
  void queryClient.invalidateQueries({ queryKey: ['sessions'] });
}

/** After removing viewers, refetch the lists (the owner socket's `shares` frame follows as well). */
export function refreshShares(queryClient: QueryClient, sessionId: string): void {
  void queryClient.invalidateQueries({ queryKey: sessionSharesQuery(sessionId).queryKey });
  void queryClient.invalidateQueries({ queryKey: ['shares'] });
}

export function activeShares(list: ShareList | undefined): ShareSummary[] {
  return (list?.shares ?? []).filter((share) => share.state === 'active');
}
