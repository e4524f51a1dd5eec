/**
 * WebSocket upgrades: route by path, refuse a foreign Origin before the handshake (so not one
 * frame is exchanged), then hand the socket to the owner or viewer handler.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { maxOwnerPayload, maxViewerPayload } from '../../protocol/index.js';
import { clientIp, redactPath } from '../auth/credentials.js';
import type { AppDeps } from '../http/deps.js';
import { socketLogin } from './common.js';
import { Heartbeat } from './heartbeat.js';
import { acceptOwnerSocket } from './ownerSocket.js';
import { acceptViewerSocket } from './viewerSocket.js';

const viewerPath = /^\/api\/v1\/sessions\/shared\/([A-Za-z0-9_-]{1,100})\/ws$/;
const ownerPath = /^\/api\/v1\/sessions\/(sess_[a-f0-9]{1,64})\/ws$/;

export function createUpgradeHandler(d: AppDeps, options: { heartbeatMs?: number } = {}) {
  const heartbeat = new Heartbeat(options.heartbeatMs ?? 30_000);
  // permessage-deflate stays off: it costs CPU per socket and has a history of memory bugs.
  const viewers = new WebSocketServer({ noServer: true, maxPayload: maxViewerPayload, perMessageDeflate: false });
  const owners = new WebSocketServer({ noServer: true, maxPayload: maxOwnerPayload, perMessageDeflate: false });

  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => {});
    const path = (req.url ?? '').split('?')[0]!;
    d.logger.debug({ path: redactPath(path), ip: clientIp(req), origin: req.headers.origin }, 'websocket upgrade');
    const origin = req.headers.origin;
    if (origin !== undefined && !d.origins.isAllowed(origin)) return refuse(socket, 403, 'Forbidden origin');
    const viewer = viewerPath.exec(path);
    if (viewer) {
      const token = viewer[1]!;
      void d.shares.upgradeWaitMs(String(clientIp(req)), token, async () => (await socketLogin(d.auth, req)) !== null).then(
        (waitMs) => {
          if (waitMs > 0) return refuse(socket, 429, 'Too Many Requests', { 'Retry-After': String(Math.ceil(waitMs / 1000)) });
          viewers.handleUpgrade(req, socket, head, (ws) => {
            heartbeat.track(ws);
            acceptViewerSocket(d, ws, req, token, heartbeat);
          });
        },
        () => refuse(socket, 503, 'Service Unavailable'),
      );
      return;
    }
    const owner = ownerPath.exec(path);
    if (owner) {
      return owners.handleUpgrade(req, socket, head, (ws) => {
        heartbeat.track(ws);
        acceptOwnerSocket(d, ws, req, owner[1]!);
      });
    }
    refuse(socket, 404, 'Not Found');
  };

  return {
    handle,
    /** Cuts every socket off; resolves once each has emitted 'close' (its leave is then under way). */
    close: (): Promise<void> => {
      heartbeat.stop();
      const clients = [...viewers.clients, ...owners.clients];
      const closed = clients.map((client) => new Promise<void>((resolve) => (client.readyState === client.CLOSED ? resolve() : client.once('close', () => resolve()))));
      for (const client of clients) client.terminate();
      viewers.close();
      owners.close();
      return Promise.all(closed).then(() => {});
    },
  };
}

function refuse(socket: Duplex, status: number, text: string, headers: Record<string, string> = {}): void {
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${extra}Content-Length: 0\r\n\r\n`);
}
