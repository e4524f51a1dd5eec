/**
 * The read-only viewer socket (DESIGN.md §6). Listeners are attached before the first await;
 * anything the viewer sends is dropped; the join is audited before the first frame goes out.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../protocol/index.js';
import { clientIp, userAgentOf } from '../auth/credentials.js';
import { can, Permission } from '../auth/permissions.js';
import { iso } from '../clock.js';
import { isStoreDown } from '../errors.js';
import type { AppDeps } from '../http/deps.js';
import type { Member } from '../relay/hub.js';
import type { Heartbeat } from './heartbeat.js';
import { closeWith } from './common.js';
import { socketUser } from './common.js';

export function acceptViewerSocket(d: AppDeps, ws: WebSocket, req: IncomingMessage, token: string, heartbeat: Heartbeat): void {
  const meta = { ip: clientIp(req), userAgent: userAgentOf(req) };
  let closed = false;
  let endReason: string | null = null;
  let finish: ((code: number) => void) | null = null;

  // Viewers are strictly read-only: every message is dropped unread.
  ws.on('message', () => {});
  ws.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') endReason = 'oversized_frame';
  });
  ws.on('close', (code) => {
    closed = true;
    finish?.(code);
  });
  heartbeat.track(ws, () => (endReason ??= 'timeout'));

  void (async () => {
    const user = await socketUser(d.auth, req);
    if (!user) {
      await d.presence.denied(null, null, 'not_logged_in', meta);
      return closeWith(ws, d.clock, CloseCode.notLoggedIn, 'log in first');
    }
    if (!can(user.role, Permission.shareView)) {
      await d.presence.denied(user, null, 'forbidden', meta);
      return closeWith(ws, d.clock, CloseCode.forbidden, 'no permission to view shares');
    }
    if (d.tokenGuesses.byUser.retryAfterMs([user.user_id]) > 0) {
      await d.presence.denied(user, null, 'rate_limited', meta);
      return closeWith(ws, d.clock, 1008, 'too many unknown share links; try again later');
    }
    const share = await d.shares.byToken(token);
    if (!share) {
      d.tokenGuesses.byIp.fail([String(meta.ip)]);
      d.tokenGuesses.byUser.fail([user.user_id]);
      await d.presence.denied(user, null, 'unknown_token', meta);
      return closeWith(ws, d.clock, CloseCode.notFound, 'unknown share');
    }
    const owner = { user_id: share.owner_user_id, email: share.owner_email, name: share.owner_name };
    const ended = (state: 'expired' | 'revoked', by: string | null) =>
      closeWith(ws, d.clock, CloseCode.shareEnded, `share ${state}`, {
        message: state === 'revoked' ? `Share revoked by ${by ?? 'an administrator'}` : 'Share expired',
        event: state === 'revoked' ? 'share_revoked' : 'share_expired',
        state,
        ...(by ? { revoked_by: by } : {}),
      });
    const state = d.shares.effectiveState(share);
    if (state !== 'active') {
      await d.presence.denied(user, share, state, meta);
      return ended(state, share.revoked_by);
    }
    if (share.session_state !== 'active') {
      await d.presence.denied(user, share, 'session_ended', meta);
      return closeWith(ws, d.clock, CloseCode.normal, 'session ended', { message: 'Session ended', event: 'session_ended' });
    }
    if (closed) return;

    const admission = await d.presence.admit(user, share, meta);
    if (!admission.ok) {
      d.metrics.joins.inc({ outcome: admission.reason });
      if (admission.reason === 'max_viewers') {
        return closeWith(ws, d.clock, CloseCode.maxViewers, 'max viewers reached', {
          message: `This share allows ${share.max_viewers} viewer(s) at once and all places are taken`,
          event: 'max_viewers',
        });
      }
      await d.presence.denied(user, share, admission.reason, meta);
      return ended(admission.reason, share.revoked_by);
    }
    d.metrics.joins.inc({ outcome: 'joined' });

    const member: Member = {
      id: admission.connectionId,
      kind: 'viewer',
      socket: ws,
      sessionId: share.session_id,
      shareId: share.share_id,
      onClosedByHub: (reason) => (endReason ??= reason),
    };
    finish = (code) => {
      d.hub.remove(member);
      const reason = endReason ?? (code === CloseCode.messageTooBig ? 'oversized_frame' : 'disconnected');
      void d.presence.leave({ connectionId: admission.connectionId, user, shareId: share.share_id, sessionId: share.session_id, connectedAt: admission.connectedAt, reason, meta });
    };
    if (closed) return finish(1006);

    const session = await d.sessions.row(share.session_id);
    if (closed) return finish(1006);
    // Synchronous from here: the status and the size go out before any output frame.
    d.hub.add(member);
    const now = d.clock.now();
    ws.send(
      JSON.stringify({
        type: 'status',
        event: 'connected',
        message: `Viewing ${owner.name}'s session (read-only)`,
        timestamp: now,
        owner,
        state: 'active',
        expires_at: iso(share.expires_at),
        device: share.device_name,
        owner_connected: session?.owner_connected === 1,
      }),
    );
    ws.send(JSON.stringify({ type: 'resize', cols: session?.cols ?? 80, rows: session?.rows ?? 24, timestamp: now }));
  })().catch((err: unknown) => {
    if (isStoreDown(err)) {
      d.metrics.joins.inc({ outcome: 'store_unavailable' });
      d.logger.warn({ err }, 'viewer join refused: store unreachable');
      return closeWith(ws, d.clock, CloseCode.storeUnavailable, 'audit store unreachable', {
        message: 'The audit store is unreachable; viewing is paused until it is back',
        event: 'store_unavailable',
      });
    }
    d.logger.error({ err }, 'viewer join failed');
    closeWith(ws, d.clock, 1011, 'internal error');
  });
}
