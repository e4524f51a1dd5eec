/**
 * What the owner socket tells the owner beyond the terminal (DESIGN.md §13): sharing paused or
 * resumed (into the query cache, where the toolbar and the tab read it) and who starts and stops
 * watching (batched toasts). The terminal pane hands its frames here; no React here.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { StatusFrame, ViewerPresenceFrame } from '../../../protocol/frames.js';
import { applySharingFrame, sessionsQuery } from '../../api/sessions.js';
import { useToasts } from '../../state/toasts.js';
import { describePresence, PresenceBatcher, presenceEventOf } from './presence.js';

const batchers = new Map<string, PresenceBatcher>();

function deviceNameOf(queryClient: QueryClient, sessionId: string): string {
  const session = queryClient.getQueryData(sessionsQuery.queryKey)?.sessions.find((listed) => listed.session_id === sessionId);
  return session?.device.name ?? 'your session';
}

/** An owner-socket status frame: `sharing_paused` / `sharing_resumed` update the sharing state. */
export function onOwnerStatus(queryClient: QueryClient, sessionId: string, frame: StatusFrame): void {
  applySharingFrame(queryClient, sessionId, frame);
}

/** An owner-socket `viewer_joined` / `viewer_left` frame: one toast per batch ("12 viewers joined"). */
export function onViewerPresence(queryClient: QueryClient, sessionId: string, frame: ViewerPresenceFrame): void {
  let batcher = batchers.get(sessionId);
  if (!batcher) {
    batcher = new PresenceBatcher((events) => {
      const message = describePresence(events, deviceNameOf(queryClient, sessionId));
      if (message) useToasts.getState().show({ message, tone: 'info' });
    });
    batchers.set(sessionId, batcher);
  }
  batcher.add(presenceEventOf(frame));
}

/** When the owner's socket for a session goes away for good (the pane unmounts). */
export function disposeOwnerNotices(sessionId: string): void {
  batchers.get(sessionId)?.dispose();
  batchers.delete(sessionId);
}
