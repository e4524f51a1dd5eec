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
import { closeWith, socketUser } from './common.js';

/** Frames an owner may send before its socket is authorised; more is abuse. */
const maxQueuedBeforeReady = 64;

export function acceptOwnerSocket(d: AppDeps, ws: WebSocket, req: IncomingMessage, sessionId: string): void {
  const queued: RawData[] = [];
  let onFrame: ((raw: RawData) => void) | null = null;
  let onClose: (() => void) | null = null;
  ws.on('message', (raw) => {
    if (onFrame) return onFrame(raw);
    if (queued.push(raw) > maxQueuedBeforeReady) closeWith(ws, d.clock, 1008, 'too many frames before ready');
  });
  ws.on('error', () => {});
  ws.on('close', () => onClose?.());

  void (async () => {
    const user = await socketUser(d.auth, req);
    if (!user) return closeWith(ws, d.clock, CloseCode.notLoggedIn, 'log in first');
    const session = await d.sessions.row(sessionId);
    if (!session) return closeWith(ws, d.clock, CloseCode.notFound, 'unknown session');
    if (session.owner_user_id !== user.user_id) return closeWith(ws, d.clock, CloseCode.forbidden, 'only the owner may use the terminal');
    if (session.state !== 'active') {
      return closeWith(ws, d.clock, CloseCode.normal, 'session ended', { message: 'Session ended', event: 'session_ended' });
    }
    if (ws.readyState !== ws.OPEN) return;

    const member: Member = { id: newId('own_'), kind: 'owner', socket: ws, sessionId, shareId: null };
    const publish = d.broker.publishOwnerCommand.bind(d.broker, sessionId);
    onFrame = (raw) => {
      const frame = parseFrame(raw);
      if (frame) publish(frame);
    };
    onClose = () => {
      d.hub.remove(member);
      publish({ type: 'presence', connected: false, connectionId: member.id });
    };
    d.hub.add(member);
    publish({ type: 'presence', connected: true, connectionId: member.id });
    for (const raw of queued.splice(0)) onFrame(raw);
    ws.send(JSON.stringify({ type: 'shares', shares: await d.shares.listForSession(user, sessionId, 'active') }));
  })().catch((err: unknown) => {
    d.logger.error({ err }, 'owner socket failed');
    closeWith(ws, d.clock, isStoreDown(err) ? CloseCode.storeUnavailable : 1011, 'internal error');
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
