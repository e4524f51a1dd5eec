/**
 * Acting on cluster-wide control events on this instance: disconnect the viewers of an ended
 * share or session, and push fresh share lists to the owner sockets here (the tab badge).
 */
import type { Logger } from 'pino';
import { CloseCode } from '../../protocol/index.js';
import type { Broker, ControlEvent, Disposer } from '../broker/types.js';
import { sessionEndedStatus, shareEndedStatus } from '../domain/admission.js';
import type { ShareService } from '../domain/shares.js';
import type { Clock } from '../clock.js';
import { encodeOwnerFrame, encodeViewerFrame, statusFrame } from './frames.js';
import type { RelayHub } from './hub.js';

/** Share-list pushes to owners are merged over this window (a join storm sends one update). */
const sharesPushDebounceMs = 50;

export function handleControlEvents(d: { broker: Broker; hub: RelayHub; shares: ShareService; clock: Clock; logger: Logger }): Disposer {
  const pendingPushes = new Map<string, NodeJS.Timeout>();

  const pushShares = async (sessionId: string) => {
    pendingPushes.delete(sessionId);
    const owners = d.hub.membersOf(sessionId).filter((m) => m.kind === 'owner');
    if (owners.length === 0) return;
    const json = encodeOwnerFrame({ type: 'shares', shares: await d.shares.activeOfSession(sessionId) });
    for (const owner of owners) d.hub.send(owner, json);
  };

  const onEvent = (event: ControlEvent) => {
    switch (event.type) {
      case 'share.ended': {
        d.hub.closeViewers((m) => m.shareId === event.shareId, shareEndedStatus(event.state, event.by), CloseCode.shareEnded, event.state);
        return;
      }
      case 'session.ended': {
        // Normally the host already sent "Session ended" through the frame channel.
        if (event.announce) {
          d.hub.broadcast(event.sessionId, encodeViewerFrame(statusFrame(sessionEndedStatus, d.clock.now())));
        }
        for (const member of d.hub.membersOf(event.sessionId)) {
          d.hub.remove(member);
          member.onClosedByHub?.('session_ended');
          member.socket.close(CloseCode.normal, 'session ended');
        }
        return;
      }
      case 'viewer.presence': {
        const json = encodeOwnerFrame({ type: event.joined ? 'viewer_joined' : 'viewer_left', share_id: event.shareId, viewer: event.viewer, timestamp: d.clock.now() });
        d.hub.broadcast(event.sessionId, json, (m) => m.kind === 'owner');
        return;
      }
      case 'viewer.removed': {
        const status = { event: 'viewer_removed' as const, message: `${event.by} removed you from this share${event.barred ? '; you cannot rejoin it' : ''}`, by: event.by, barred: event.barred };
        d.hub.closeViewers((m) => m.id === event.connectionId, status, CloseCode.viewerRemoved, 'removed');
        return;
      }
      case 'share.extended': {
        const json = encodeViewerFrame(statusFrame({ event: 'share_extended', message: 'The share was extended', expires_at: event.expiresAt }, d.clock.now()));
        d.hub.broadcast(event.sessionId, json, (m) => m.shareId === event.shareId);
        return;
      }
      case 'shares.changed': {
        if (pendingPushes.has(event.sessionId)) return;
        const timer = setTimeout(() => {
          pushShares(event.sessionId).catch((err) => d.logger.warn({ err }, 'could not push share list to owner'));
        }, sharesPushDebounceMs);
        pendingPushes.set(event.sessionId, timer);
        return;
      }
    }
  };

  const unsubscribe = d.broker.subscribeControl(onEvent);
  return () => {
    unsubscribe();
    for (const timer of pendingPushes.values()) clearTimeout(timer);
    pendingPushes.clear();
  };
}
