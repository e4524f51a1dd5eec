import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { RecordingChunk, RecordingList, RecordingQuery, RecordingTimeline } from '../../protocol/rest.js';
import { apiFetchParsed, queryString } from './http.js';

/** The filters of GET /recordings, as protocol/ defines them (from/to: ISO 8601 with offset). */
export type RecordingFilters = Omit<RecordingQuery, 'limit' | 'cursor'>;
export const recordingFilterKeys = ['session_id', 'user_id', 'device', 'from', 'to'] as const satisfies readonly (keyof RecordingFilters)[];

/** Reads filters from a query string, keeping only values the API's own schema accepts. */
export function recordingFiltersFromSearch(search: string): RecordingFilters {
  const params = new URLSearchParams(search);
  const filters: Record<string, unknown> = {};
  for (const key of recordingFilterKeys) {
    const parsed = RecordingQuery.shape[key].safeParse(params.get(key) || undefined);
    if (parsed.success && parsed.data !== undefined) filters[key] = parsed.data;
  }
  return filters as RecordingFilters;
}

export function recordingFiltersToSearch(filters: RecordingFilters): string {
  return queryString(Object.fromEntries(recordingFilterKeys.map((key) => [key, filters[key]])));
}

export const recordingsPageSize = 25;
const encode = encodeURIComponent;

/**
 * Every list is audited (recording.viewed), so nothing refetches behind the reader's back:
 * no window-focus refetch, no polling; a new filter or page is a new, audited look.
 */
export function recordingsQuery(filters: RecordingFilters, cursor: string | null) {
  return queryOptions({
    queryKey: ['recordings', filters, cursor] as const,
    queryFn: ({ signal }) => apiFetchParsed(`/api/v1/recordings${queryString({ ...filters, limit: recordingsPageSize, cursor: cursor ?? undefined })}`, RecordingList, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

/** Opening the player: audited as a playback, so loaded once per visit. */
export function recordingTimelineQuery(recordingId: string) {
  return queryOptions({
    queryKey: ['recordings', 'timeline', recordingId] as const,
    queryFn: ({ signal }) => apiFetchParsed(`/api/v1/recordings/${encode(recordingId)}/timeline`, RecordingTimeline, { signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** A stored chunk never changes: cached for the visit, fetched again only after it is collected. */
export function recordingChunkQuery(recordingId: string, seq: number) {
  return queryOptions({
    queryKey: ['recordings', 'chunk', recordingId, seq] as const,
    queryFn: ({ signal }) => apiFetchParsed(`/api/v1/recordings/${encode(recordingId)}/chunks/${seq}`, RecordingChunk, { signal }),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
}

/** The asciicast v2 file: `download` makes it an attachment (audited as recording.downloaded). */
export function recordingCastUrl(recordingId: string, download: boolean): string {
  return `/api/v1/recordings/${encode(recordingId)}/cast${download ? '?download=1' : ''}`;
}
