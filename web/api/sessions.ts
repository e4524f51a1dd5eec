import { queryOptions } from '@tanstack/react-query';
import { Session, SessionList, type CreateSessionRequest } from '../../protocol/rest.js';
import { apiFetch, apiFetchParsed } from './http.js';

/** My sessions (DESIGN.md §4): the workspace shows the active ones as tabs. */
export const sessionsQuery = queryOptions({
  queryKey: ['sessions'] as const,
  queryFn: () => apiFetchParsed('/api/v1/sessions', SessionList),
});

export function createSession(request: CreateSessionRequest): Promise<Session> {
  return apiFetchParsed('/api/v1/sessions', Session, { method: 'POST', body: request });
}

export async function closeSession(sessionId: string): Promise<void> {
  await apiFetch(`/api/v1/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });
}

export function ownerSocketPath(sessionId: string): string {
  return `/api/v1/sessions/${encodeURIComponent(sessionId)}/ws`;
}
