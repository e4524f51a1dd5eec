/**
 * Acting on cluster-wide control events on this instance: disconnect the viewers of an ended
 * share or session, and push fresh share lists to the owner sockets here (the tab badge).
 */
import type { Logger } from 'pino';
import { CloseCode } from '../../protocol/index.js';
import type { Broker, ControlEvent, Disposer } from '../broker/types.js';
import type { ShareService } from '../domain/shares.js';
import type { Store } from '../store/index.js';
import type { RelayHub } from './hub.js';

/** Share-list pushes to owners are merged over this window (a join storm sends one update). */
const sharesPushDebounceMs = 50;

export function handleControlEvents(d: { broker: Broker; hub: RelayHub; shares: ShareService; store: Store; logger: Logger }): Disposer {
  const pendingPushes = new Map<string, NodeJS.Timeout>();

  const pushShares = async (sessionId: string) => {
    pendingPushes.delete(sessionId);
    const owners = d.hub.membersOf(sessionId).filter((m) => m.kind === 'owner');
    if (owners.length === 0) return;
    const rows = await d.store.shares.list({ sessionId, state: 'active' });
    const json = JSON.stringify({ type: 'shares', shares: await d.shares.summaries(rows) });
    for (const owner of owners) d.hub.send(owner, json);
  };

  const onEvent = (event: ControlEvent) => {
    switch (event.type) {
      case 'share.ended': {
        const revoked = event.state === 'revoked';
        d.hub.closeViewers(
          (m) => m.shareId === event.shareId,
          {
            message: revoked ? `Share revoked by ${event.by ?? 'an administrator'}` : 'Share expired',
            event: revoked ? 'share_revoked' : 'share_expired',
            state: event.state,
            ...(revoked && event.by ? { revoked_by: event.by } : {}),
          },
          CloseCode.shareEnded,
          event.state,
        );
        return;
      }
      case 'session.ended': {
        // Normally the host already sent "Session ended" through the frame channel.
        if (event.announce) {
          d.hub.broadcast(event.sessionId, JSON.stringify({ type: 'status', event: 'session_ended', message: 'Session ended', timestamp: Date.now() }));
        }
        for (const member of d.hub.membersOf(event.sessionId)) {
          d.hub.remove(member);
          member.onClosedByHub?.('session_ended');
          member.socket.close(CloseCode.normal, 'session ended');
        }
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
