/**
 * The owner's terminal socket (DESIGN.md §4): input and resize go to the session's host through
 * the broker (the owner may be on another instance); output, status and share updates come back.
 */
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { ClientToServerFrame, CloseCode } from '../../protocol/index.js';
import { newId } from '../auth/crypto.js';
import { isStoreDown } from '../errors.js';
import type { AppDeps } from '../http/deps.js';
import type { Member } from '../relay/hub.js';
import { sessionEndedStatus } from '../domain/admission.js';
import { encodeOwnerFrame } from '../relay/frames.js';
import { closeWhenLoginEnds, closeWith, socketLogin } from './common.js';

/** Frames an owner may send before its socket is authorised; more is abuse. */
const maxQueuedBeforeReady = 64;

export function acceptOwnerSocket(d: AppDeps, ws: WebSocket, req: IncomingMessage, sessionId: string): void {
  const queued: RawData[] = [];
  let onFrame: ((raw: RawData) => void) | null = null;
  let onClose: (() => void) | null = null;
  ws.on('message', (raw) => {
    if (onFrame) return onFrame(raw);
    if (queued.push(raw) > maxQueuedBeforeReady) closeWith(ws, d.clock, CloseCode.policyViolation, 'too many frames before ready');
  });
  ws.on('error', () => {});
  ws.on('close', () => onClose?.());

  void (async () => {
    const login = await socketLogin(d.auth, req);
    if (!login) return closeWith(ws, d.clock, CloseCode.notLoggedIn, 'log in first');
    const { user } = login;
    closeWhenLoginEnds(d.logins, ws, d.clock, login.tokenHash);
    const session = await d.sessions.row(sessionId);
    if (!session) return closeWith(ws, d.clock, CloseCode.notFound, 'unknown session');
    if (session.owner_user_id !== user.user_id) return closeWith(ws, d.clock, CloseCode.forbidden, 'only the owner may use the terminal');
    if (session.state !== 'active') return closeWith(ws, d.clock, CloseCode.normal, 'session ended', sessionEndedStatus);
    if (ws.readyState !== ws.OPEN) return;

    const member: Member = { id: newId('own_'), kind: 'owner', socket: ws, sessionId, shareId: null };
    const publish = d.broker.publishOwnerCommand.bind(d.broker, sessionId);
    onFrame = (raw) => {
      const frame = parseFrame(raw);
      if (frame) publish(frame);
    };
    onClose = () => {
      d.hub.remove(member);
      publish({ type: 'presence', connected: false, connectionId: member.id, instanceId: d.instanceId });
    };
    // Live output waits for the owner's repaint (their screen and scrollback) from the host.
    d.hub.add(member, { timeoutMs: 3_000 });
    publish({ type: 'presence', connected: true, connectionId: member.id, instanceId: d.instanceId });
    for (const raw of queued.splice(0)) onFrame(raw);
    ws.send(encodeOwnerFrame({ type: 'shares', shares: await d.shares.activeOfSession(sessionId) }));
  })().catch((err: unknown) => {
    d.logger.error({ err }, 'owner socket failed');
    closeWith(ws, d.clock, isStoreDown(err) ? CloseCode.storeUnavailable : CloseCode.internalError, 'internal error');
  });
}

function parseFrame(raw: RawData): ClientToServerFrame | null {
  try {
    const parsed = ClientToServerFrame.safeParse(JSON.parse(raw.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
