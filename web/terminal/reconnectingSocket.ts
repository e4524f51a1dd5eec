/**
 * A WebSocket that reconnects by itself while the close code says it may help
 * (protocol/closeCodes.ts). Knows nothing of React or xterm: the terminal controller and the
 * pages subscribe to it. The URL is asked for again on every attempt, so a caller can change it
 * (e.g. another instance, a refreshed path) between attempts.
 */
import { Backoff, STABLE_CONNECTION_MS } from './backoff.js';

/** The subset of the browser WebSocket this class uses; tests pass a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** True when another attempt is scheduled. */
  willRetry: boolean;
  /** Delay until that attempt, or null when giving up. */
  retryInMs: number | null;
  /** How many attempts failed in a row, this one included. */
  attempt: number;
}

export interface ReconnectingSocketOptions<Frame> {
  url: () => string;
  /** Turns a text message into a frame, or null to drop a message we do not understand. */
  parse: (text: string) => Frame | null;
  isRetryable: (code: number) => boolean;
  onFrame: (frame: Frame) => void;
  onOpen?: () => void;
  onClose?: (info: CloseInfo) => void;
  createSocket?: (url: string) => WebSocketLike;
  backoff?: Backoff;
  now?: () => number;
}

const OPEN = 1;

export class ReconnectingSocket<Frame> {
  private socket: WebSocketLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private openedAt: number | null = null;
  private disposed = false;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly createSocket: (url: string) => WebSocketLike;

  constructor(private readonly options: ReconnectingSocketOptions<Frame>) {
    this.backoff = options.backoff ?? new Backoff();
    this.now = options.now ?? (() => Date.now());
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as WebSocketLike);
  }

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }

  connect(): void {
    if (this.disposed || this.socket) return;
    this.clearRetryTimer();
    const socket = this.createSocket(this.options.url());
    this.socket = socket;
    socket.onopen = () => {
      this.openedAt = this.now();
      this.options.onOpen?.();
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      const frame = this.options.parse(event.data);
      if (frame !== null) this.options.onFrame(frame);
    };
    // The close event always follows an error event, so errors are handled there once.
    socket.onerror = () => undefined;
    socket.onclose = (event) => this.handleClose(socket, event.code, event.reason);
  }

  /** Sends when open; returns false when the text could not be sent (the caller decides). */
  send(text: string): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(text);
    return true;
  }

  /** Skips the remaining wait, e.g. for a "Reconnect now" button or the browser coming online. */
  retryNow(): void {
    if (this.disposed || this.socket) return;
    this.connect();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearRetryTimer();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000, 'client closed');
    }
  }

  private handleClose(socket: WebSocketLike, code: number, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    const stable = this.openedAt !== null && this.now() - this.openedAt >= STABLE_CONNECTION_MS;
    this.openedAt = null;
    if (stable) this.backoff.reset();
    const willRetry = !this.disposed && this.options.isRetryable(code);
    const retryInMs = willRetry ? this.backoff.nextDelayMs() : null;
    if (retryInMs !== null) this.retryTimer = setTimeout(() => this.connect(), retryInMs);
    this.options.onClose?.({ code, reason, willRetry, retryInMs, attempt: this.backoff.attempts });
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}

/** Parses a JSON text frame and keeps it only when it has a string `type` (cheap structural guard). */
export function parseTypedJson<Frame extends { type: string }>(text: string): Frame | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as Frame;
    }
  } catch {
    // A frame that is not JSON is dropped: the contract only has JSON text frames.
  }
  return null;
}
