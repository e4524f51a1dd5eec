import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applySharingStatus, pauseSharing, resumeSharing, sessionSharingQuery, type SessionSharing } from '../../api/sessions.js';
import { activeShares, sessionSharesQuery } from '../../api/shares.js';
import { useToasts } from '../../state/toasts.js';

export interface SessionSharingControl {
  /** The session has at least one active share. */
  shared: boolean;
  /** Paused or live, and why (DESIGN.md §13); undefined until known. */
  sharing: SessionSharing | undefined;
  paused: boolean;
  pending: boolean;
  /** Pauses a live session, resumes a paused one. */
  toggle: () => void;
}

/** Pause / resume sharing of one session (every share of it), for the toolbar, the tab and its menu. */
export function useSessionSharing(sessionId: string): SessionSharingControl {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  const shared = activeShares(useQuery(sessionSharesQuery(sessionId)).data).length > 0;
  const sharing = useQuery({ ...sessionSharingQuery(sessionId), enabled: shared }).data;
  const paused = sharing?.sharing === 'paused';
  const mutation = useMutation({
    mutationFn: (pause: boolean) => (pause ? pauseSharing(sessionId) : resumeSharing(sessionId)),
    onSuccess: (status) => applySharingStatus(queryClient, status),
    onError: (error, pause) => showToast({ message: `Could not ${pause ? 'pause' : 'resume'} sharing: ${error.message}`, tone: 'error' }),
  });
  return { shared, sharing, paused, pending: mutation.isPending, toggle: () => mutation.mutate(!paused) };
}
