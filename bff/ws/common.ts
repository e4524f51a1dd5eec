import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { StatusFrame, User } from '../../protocol/index.js';
import { credentialsOf } from '../auth/credentials.js';
import type { AuthService } from '../auth/service.js';
import type { Clock } from '../clock.js';

/**
 * The user behind an upgrade request. Browsers always send Origin (checked before the
 * handshake); a request without one is a CLI like wscat and must bring a Bearer token:
 * a cookie alone never authenticates a socket.
 */
export async function socketUser(auth: AuthService, req: IncomingMessage): Promise<User | null> {
  const credentials = credentialsOf(req);
  if (!credentials) return null;
  if (credentials.via === 'cookie' && req.headers.origin === undefined) return null;
  return auth.authenticate(credentials.token);
}

export function sendStatus(ws: WebSocket, clock: Clock, status: Omit<StatusFrame, 'type' | 'timestamp'>): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'status', ...status, timestamp: clock.now() }));
}

/** Sends a status frame, then closes; a peer that ignores the close handshake is cut off. */
export function closeWith(ws: WebSocket, clock: Clock, code: number, reason: string, status?: Omit<StatusFrame, 'type' | 'timestamp'>): void {
  if (status) sendStatus(ws, clock, status);
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
  setTimeout(() => ws.readyState !== ws.CLOSED && ws.terminate(), 2_000).unref();
}
