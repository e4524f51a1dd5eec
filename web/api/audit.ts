import { queryOptions, keepPreviousData } from '@tanstack/react-query';
import { AuditPage, type AuditType } from '../../protocol/rest.js';
import { apiFetchParsed, queryString } from './http.js';

export interface AuditFilters {
  share_id?: string;
  session_id?: string;
  user_id?: string;
  type?: AuditType;
  /** ISO 8601 with offset. */
  from?: string;
  to?: string;
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

export function auditExportUrl(filters: AuditFilters, format: 'csv' | 'ndjson'): string {
  return `/api/v1/audit/export${queryString({ ...filters, format })}`;
}
