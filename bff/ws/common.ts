import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CloseCode, type User } from '../../protocol/index.js';
import { credentialsOf } from '../auth/credentials.js';
import { sha256 } from '../auth/crypto.js';
import type { LoginWatch } from '../auth/loginWatch.js';
import type { AuthService } from '../auth/service.js';
import type { Clock } from '../clock.js';
import type { StatusBody } from '../domain/admission.js';
import { encodeViewerFrame, statusFrame } from '../relay/frames.js';

/**
 * The user behind an upgrade request. Browsers always send Origin (checked before the
 * handshake); a request without one is a CLI like wscat and must bring a Bearer token:
 * a cookie alone never authenticates a socket.
 */
export async function socketLogin(auth: AuthService, req: IncomingMessage): Promise<{ user: User; tokenHash: string } | null> {
  const credentials = credentialsOf(req);
  if (!credentials) return null;
  if (credentials.via === 'cookie' && req.headers.origin === undefined) return null;
  const user = await auth.authenticate(credentials.token);
  return user ? { user, tokenHash: sha256(credentials.token) } : null;
}

export const signedOutStatus: StatusBody = { event: 'signed_out', message: 'You were signed out; log in again to go on' };

/** Closes the socket (status `signed_out`, then 4401) once the login that opened it ends. */
export function closeWhenLoginEnds(watch: LoginWatch, ws: WebSocket, clock: Clock, tokenHash: string): void {
  const stop = watch.watch(tokenHash, () => closeWith(ws, clock, CloseCode.notLoggedIn, 'signed out', signedOutStatus));
  ws.once('close', stop);
}

function sendStatus(ws: WebSocket, clock: Clock, status: StatusBody): void {
  if (ws.readyState === ws.OPEN) ws.send(encodeViewerFrame(statusFrame(status, clock.now())));
}

/** Sends a status frame, then closes; a peer that ignores the close handshake is cut off. */
export function closeWith(ws: WebSocket, clock: Clock, code: number, reason: string, status?: StatusBody): void {
  if (status) sendStatus(ws, clock, status);
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
  setTimeout(() => ws.readyState !== ws.CLOSED && ws.terminate(), 2_000).unref();
}
