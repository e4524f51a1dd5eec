/**
 * Ping/pong keep-alive for every socket: a peer that has not answered the previous ping when the
 * next one is due is dead (laptop lid closed, network gone) and is cut off, so its seat and its
 * audit trail do not wait for TCP to notice, which can take hours.
 */
import type { WebSocket } from 'ws';

export class Heartbeat {
  private readonly sockets = new Map<WebSocket, { alive: boolean }>();
  private readonly dead = new WeakSet<WebSocket>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    this.timer.unref();
  }

  /** Watches a socket until it closes. */
  track(ws: WebSocket): void {
    const entry = { alive: true };
    this.sockets.set(ws, entry);
    ws.on('pong', () => (entry.alive = true));
    ws.once('close', () => this.sockets.delete(ws));
  }

  /** True when the socket was cut off for not answering pings (its close reason is `timeout`). */
  timedOut(ws: WebSocket): boolean {
    return this.dead.has(ws);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sockets.clear();
  }

  private beat(): void {
    for (const [ws, entry] of this.sockets) {
      if (!entry.alive) {
        this.sockets.delete(ws);
        this.dead.add(ws);
        ws.terminate();
        continue;
      }
      entry.alive = false;
      if (ws.readyState === ws.OPEN) ws.ping();
    }
  }
}
