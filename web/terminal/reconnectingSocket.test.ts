import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, isRetryableClose } from '../../protocol/closeCodes.js';
import { Backoff, RECONNECT_BASE_DELAY_MS, STABLE_CONNECTION_MS } from './backoff.js';
import { ReconnectingSocket, parseTypedJson, type WebSocketLike } from './reconnectingSocket.js';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  sent: string[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(data);
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverSends(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  serverCloses(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const frames: unknown[] = [];
  const closes: { code: number; willRetry: boolean }[] = [];
  let urlCounter = 0;
  let clock = 0;
  const socket = new ReconnectingSocket<{ type: string }>({
    url: () => `ws://test/attempt/${(urlCounter += 1)}`,
    parse: parseTypedJson,
    isRetryable: isRetryableClose,
    onFrame: (frame) => frames.push(frame),
    onClose: (info) => closes.push({ code: info.code, willRetry: info.willRetry }),
    createSocket: (url) => {
      const fake = new FakeSocket(url);
      sockets.push(fake);
      return fake;
    },
    backoff: new Backoff(() => 0.5),
    now: () => clock,
  });
  return { socket, sockets, frames, closes, advanceClock: (ms: number) => (clock += ms) };
}

describe('ReconnectingSocket (DESIGN.md §6 close codes)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers parsed frames and drops messages that are not typed JSON', () => {
    const { socket, sockets, frames } = setup();
    socket.connect();
    sockets[0]!.serverOpens();
    sockets[0]!.serverSends({ type: 'output', data: 'hi' });
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.onmessage?.({ data: '{"no":"type"}' });
    expect(frames).toEqual([{ type: 'output', data: 'hi' }]);
  });

  it('reconnects after an abnormal close with a fresh URL and growing delays', () => {
    const { socket, sockets, closes } = setup();
    socket.connect();
    sockets[0]!.serverCloses(1006);
    expect(closes).toEqual([{ code: 1006, willRetry: true }]);
    vi.advanceTimersByTime(RECONNECT_BASE_DELAY_MS - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]!.url).not.toBe(sockets[0]!.url);
    sockets[1]!.serverCloses(1006);
    vi.advanceTimersByTime(RECONNECT_BASE_DELAY_MS * 2);
    expect(sockets).toHaveLength(3);
  });

  it('gives up on fatal codes such as a revoked share', () => {
    const { socket, sockets, closes } = setup();
    socket.connect();
    sockets[0]!.serverOpens();
    sockets[0]!.serverCloses(CloseCode.shareEnded);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(closes).toEqual([{ code: CloseCode.shareEnded, willRetry: false }]);
  });

  it('starts from the base delay again after a connection that stayed up', () => {
    const { socket, sockets, advanceClock } = setup();
    socket.connect();
    sockets[0]!.serverCloses(1006);
    vi.advanceTimersByTime(RECONNECT_BASE_DELAY_MS);
    sockets[1]!.serverOpens();
    advanceClock(STABLE_CONNECTION_MS);
    sockets[1]!.serverCloses(1006);
    vi.advanceTimersByTime(RECONNECT_BASE_DELAY_MS);
    expect(sockets).toHaveLength(3);
  });

  it('sends only while open', () => {
    const { socket, sockets } = setup();
    socket.connect();
    expect(socket.send('early')).toBe(false);
    sockets[0]!.serverOpens();
    expect(socket.send('now')).toBe(true);
    expect(sockets[0]!.sent).toEqual(['now']);
  });

  it('dispose closes the socket and cancels a pending retry', () => {
    const { socket, sockets } = setup();
    socket.connect();
    sockets[0]!.serverCloses(1006);
    socket.dispose();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);

    const second = setup();
    second.socket.connect();
    second.socket.dispose();
    expect(second.sockets[0]!.closedWith).toBe(1000);
  });
});
