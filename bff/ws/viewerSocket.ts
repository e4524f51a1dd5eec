/**
 * The read-only viewer socket (DESIGN.md §6): authenticate → admit (the domain decides, audits
 * the join) → attach to the relay. Listeners are attached before the first await; anything the
 * viewer sends is dropped; the join is audited before the first frame goes out.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CloseCode, type User } from '../../protocol/index.js';
import { clientMetaOf } from '../auth/credentials.js';
import { iso } from '../clock.js';
import { type Refusal, refuse, sharingStatus } from '../domain/admission.js';
import type { ClientMeta } from '../domain/audit.js';
import type { Admission } from '../domain/shares.js';
import { isStoreDown } from '../errors.js';
import type { AppDeps } from '../http/deps.js';
import { encodeViewerFrame, statusFrame } from '../relay/frames.js';
import type { Member } from '../relay/hub.js';
import { closeWhenLoginEnds, closeWith, socketLogin } from './common.js';
import type { Heartbeat } from './heartbeat.js';

/** How long a joining viewer's live output waits for the host's snapshot before going on without it. */
const snapshotWaitMs = 2_000;

const snapshotUnavailable = {
  event: 'snapshot_unavailable' as const,
  message: 'The current screen could not be fetched in time; showing live output from now on',
};

/** The `viewer.left` reason of a close the server started with these codes. */
const closeReasons = new Map<number, string>([
  [CloseCode.messageTooBig, 'oversized_frame'],
  [CloseCode.notLoggedIn, 'signed_out'],
]);

/** What ended a viewer's connection, as recorded in its `viewer.left` event. */
interface Ending {
  reason: string | null;
  closed: boolean;
  onClose: ((code: number) => void) | null;
}

export function acceptViewerSocket(d: AppDeps, ws: WebSocket, req: IncomingMessage, token: string, heartbeat: Heartbeat): void {
  const meta = clientMetaOf(req);
  const ending: Ending = { reason: null, closed: false, onClose: null };
  // Viewers are strictly read-only: every message is dropped unread.
  ws.on('message', () => {});
  ws.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') ending.reason = 'oversized_frame';
  });
  ws.on('close', (code) => {
    ending.closed = true;
    if (heartbeat.timedOut(ws)) ending.reason ??= 'timeout';
    ending.onClose?.(code);
  });

  admit(d, ws, req, token, meta)
    .then((outcome) => {
      if (!outcome.ok) return refuseSocket(d, ws, outcome);
      if (ending.closed) return leave(d, outcome, 'disconnected');
      return attach(d, ws, outcome, ending);
    })
    .catch((err: unknown) => {
      if (!isStoreDown(err)) {
        d.logger.error({ err }, 'viewer join failed');
        return closeWith(ws, d.clock, CloseCode.internalError, 'internal error');
      }
      d.metrics.joins.inc({ outcome: 'store_unavailable' });
      d.logger.warn({ err }, 'viewer join refused: store unreachable');
      closeWith(ws, d.clock, CloseCode.storeUnavailable, 'audit store unreachable', {
        message: 'The audit store is unreachable; viewing is paused until it is back',
        event: 'store_unavailable',
      });
    });
}

async function admit(d: AppDeps, ws: WebSocket, req: IncomingMessage, token: string, meta: ClientMeta): Promise<(Admission & { user: User }) | Refusal> {
  const login = await socketLogin(d.auth, req);
  if (!login) {
    d.shares.refusedAnonymous(String(meta.ip));
    await d.presence.denied(null, null, 'not_logged_in', meta);
    return refuse.notLoggedIn();
  }
  closeWhenLoginEnds(d.logins, ws, d.clock, login.tokenHash);
  const outcome = await d.shares.admitViewer(login.user, token, meta, (share) => ({ snapshot: share.show_current_screen === 1 }));
  return outcome.ok ? { ...outcome, user: login.user } : outcome;
}

function refuseSocket(d: AppDeps, ws: WebSocket, refusal: Refusal): void {
  if (refusal.reason !== 'not_logged_in') d.metrics.joins.inc({ outcome: refusal.reason });
  closeWith(ws, d.clock, refusal.closeCode, refusal.closeReason, refusal.status);
}

function leave(d: AppDeps, admission: Admission, reason: string): Promise<void> {
  return d.presence.closeOut({ connectionId: admission.connectionId }, reason);
}

/** Joins the relay: the status and the size go out before any output frame. */
async function attach(d: AppDeps, ws: WebSocket, admission: Admission, ending: Ending): Promise<void> {
  d.metrics.joins.inc({ outcome: 'joined' });
  const { share } = admission;
  const member: Member = {
    id: admission.connectionId,
    kind: 'viewer',
    socket: ws,
    sessionId: share.session_id,
    shareId: share.share_id,
    onClosedByHub: (reason) => (ending.reason ??= reason),
  };
  ending.onClose = (code) => {
    d.hub.remove(member);
    const reason = ending.reason ?? closeReasons.get(code) ?? 'disconnected';
    void leave(d, admission, reason);
  };
  const session = await d.sessions.row(share.session_id);
  if (ending.closed) return ending.onClose(1006);
  // Synchronous from here: nothing can slip in between the first frames and the live stream.
  const now = d.clock.now();
  // While sharing is paused there is no screen to show: the viewer waits for the resume.
  if (share.show_current_screen === 1 && session?.sharing !== 'paused') {
    // Live output is held for this socket until the host's snapshot arrives (or does not).
    d.hub.add(member, { timeoutMs: snapshotWaitMs, onMissing: () => ws.send(encodeViewerFrame(statusFrame(snapshotUnavailable, d.clock.now()))) });
    d.broker.publishOwnerCommand(share.session_id, { type: 'snapshot', memberId: member.id, instanceId: d.instanceId });
  } else {
    d.hub.add(member);
  }
  const owner = { user_id: share.owner_user_id, email: share.owner_email, name: share.owner_name };
  const connected = statusFrame(
    {
      event: 'connected',
      message: `Viewing ${owner.name}'s session (read-only)`,
      owner,
      state: 'active',
      expires_at: iso(share.expires_at),
      device: share.device_name,
      owner_connected: session?.owner_connected === 1,
    },
    now,
  );
  ws.send(encodeViewerFrame(connected));
  ws.send(encodeViewerFrame({ type: 'resize', cols: session?.cols ?? 80, rows: session?.rows ?? 24, timestamp: now }));
  // Joining during a pause: the viewer learns it at once, not at the resume.
  if (session?.sharing === 'paused') ws.send(encodeViewerFrame(statusFrame(sharingStatus(true, session.sharing_reason, session.sharing_by), now)));
}
