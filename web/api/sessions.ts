import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { StatusFrame } from '../../protocol/frames.js';
import { Session, SessionList, SharingStatus, type CreateSessionRequest, type PauseReason, type SharingState } from '../../protocol/rest.js';
import { apiFetch, apiFetchParsed } from './http.js';

const encode = encodeURIComponent;

/** My sessions (DESIGN.md §4): the workspace shows the active ones as tabs. */
export const sessionsQuery = queryOptions({
  queryKey: ['sessions'] as const,
  queryFn: () => apiFetchParsed('/api/v1/sessions', SessionList),
});

export function createSession(request: CreateSessionRequest): Promise<Session> {
  return apiFetchParsed('/api/v1/sessions', Session, { method: 'POST', body: request });
}

export async function closeSession(sessionId: string): Promise<void> {
  await apiFetch(`/api/v1/sessions/${encode(sessionId)}`, { method: 'DELETE' });
}

export function ownerSocketPath(sessionId: string): string {
  return `/api/v1/sessions/${encode(sessionId)}/ws`;
}

// ---- sharing: paused or live (DESIGN.md §13) ----

/** Whether viewers see the session now, and if paused, why (null when only GET /sessions/:id told us). */
export interface SessionSharing {
  sharing: SharingState;
  reason: PauseReason | null;
  by: string | null;
}

/**
 * The session's sharing state. GET /sessions/:id gives the state on load; after that the owner
 * socket's `sharing_paused`/`sharing_resumed` status frames and the pause/resume answers write
 * into this entry (applySharingStatus, applySharingFrame), so every control reads one fact.
 */
export function sessionSharingQuery(sessionId: string) {
  return queryOptions({
    // Not under ['sessions']: invalidating the session list must not forget why sharing paused.
    queryKey: ['sharing', sessionId] as const,
    queryFn: async (): Promise<SessionSharing> => {
      const session = await apiFetchParsed(`/api/v1/sessions/${encode(sessionId)}`, Session);
      return { sharing: session.sharing ?? 'live', reason: null, by: null };
    },
    staleTime: 60_000,
  });
}

function postSharing(sessionId: string, action: 'pause' | 'resume'): Promise<SharingStatus> {
  return apiFetchParsed(`/api/v1/sessions/${encode(sessionId)}/${action}`, SharingStatus, { method: 'POST' });
}

export const pauseSharing = (sessionId: string) => postSharing(sessionId, 'pause');
export const resumeSharing = (sessionId: string) => postSharing(sessionId, 'resume');

export function applySharingStatus(queryClient: QueryClient, status: SharingStatus): void {
  queryClient.setQueryData<SessionSharing>(sessionSharingQuery(status.session_id).queryKey, {
    sharing: status.sharing,
    reason: status.sharing === 'paused' ? status.reason : null,
    by: status.by,
  });
}

const pauseReasons: readonly string[] = ['owner', 'password_prompt'] satisfies PauseReason[];

/** Applies an owner-socket status frame if it is about sharing; other frames are left alone. */
export function applySharingFrame(queryClient: QueryClient, sessionId: string, frame: StatusFrame): void {
  if (frame.event !== 'sharing_paused' && frame.event !== 'sharing_resumed') return;
  const paused = frame.event === 'sharing_paused';
  const reason = paused && frame.reason && pauseReasons.includes(frame.reason) ? (frame.reason as PauseReason) : null;
  queryClient.setQueryData<SessionSharing>(sessionSharingQuery(sessionId).queryKey, {
    sharing: paused ? 'paused' : 'live',
    reason: paused ? (reason ?? 'owner') : null,
    by: frame.by ?? null,
  });
}
