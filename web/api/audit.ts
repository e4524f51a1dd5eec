import { queryOptions, keepPreviousData } from '@tanstack/react-query';
import { AuditChainVerdict, AuditPage, AuditQuery } from '../../protocol/rest.js';
import { apiFetchParsed, queryString } from './http.js';

/** The filters of GET /audit, as protocol/ defines them (from/to: ISO 8601 with offset). */
export type AuditFilters = Omit<AuditQuery, 'limit' | 'cursor'>;
export type AuditFilterKey = keyof AuditFilters;
export const auditFilterKeys = ['event_id', 'share_id', 'session_id', 'user_id', 'type', 'from', 'to'] as const satisfies readonly AuditFilterKey[];

/** Reads filters from a query string, keeping only values the API's own schema accepts. */
export function auditFiltersFromSearch(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  const filters: Record<string, unknown> = {};
  for (const key of auditFilterKeys) {
    const parsed = AuditQuery.shape[key].safeParse(params.get(key) || undefined);
    if (parsed.success && parsed.data !== undefined) filters[key] = parsed.data;
  }
  return filters as AuditFilters;
}

/** The filters as a query string ("" or "?share_id=…"), for links and the address bar. */
export function auditFiltersToSearch(filters: AuditFilters): string {
  return queryString(Object.fromEntries(auditFilterKeys.map((key) => [key, filters[key]])));
}

export const auditPageSize = 50;

export function auditQuery(filters: AuditFilters, cursor: string | null) {
  return queryOptions({
    queryKey: ['audit', filters, cursor] as const,
    queryFn: () =>
      apiFetchParsed(
        `/api/v1/audit${queryString({ ...filters, limit: auditPageSize, cursor: cursor ?? undefined })}`,
        AuditPage,
      ),
    placeholderData: keepPreviousData,
  });
}

/**
 * GET /audit/verify (DESIGN.md §15) re-hashes the whole stored chain, so it is asked once per
 * visit of the page and on demand, not on every focus.
 */
export const auditVerifyQuery = queryOptions({
  queryKey: ['audit', 'verify'] as const,
  queryFn: ({ signal }) => apiFetchParsed('/api/v1/audit/verify', AuditChainVerdict, { signal }),
  staleTime: 60_000,
  refetchOnWindowFocus: false,
});

export function auditExportUrl(filters: AuditFilters, format: 'csv' | 'ndjson'): string {
  return `/api/v1/audit/export${queryString({ ...filters, format })}`;
}
