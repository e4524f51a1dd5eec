import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes.js';
import { connectOwnerTerminal } from './ownerSocket.js';
import type { WebSocketLike } from './reconnectingSocket.js';
import type { TerminalController } from './terminalController.js';
import { MAX_EARLY_OUTPUT_CHARS, openViewerSocket, type ViewerSocketCallbacks } from './viewerSocket.js';

function fakeServer() {
  let socket: WebSocketLike | null = null;
  const sent: string[] = [];
  let connects = 0;
  const create = () => {
    connects += 1;
    socket = {
      readyState: 0,
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send: (data: string) => sent.push(data),
      close: () => undefined,
    };
    return socket;
  };
  const open = () => {
    (socket as { readyState: number }).readyState = 1;
    socket?.onopen?.({});
  };
  const send = (frame: unknown) => socket?.onmessage?.({ data: JSON.stringify(frame) });
  const closeWith = (code: number) => socket?.onclose?.({ code, reason: '' });
  return { create, open, send, sent, closeWith, connects: () => connects };
}

function fakeTerminal() {
  const events: string[] = [];
  const typed: Array<(data: string) => void> = [];
  const resized: Array<(size: { cols: number; rows: number }) => void> = [];
  const listen = <T>(listeners: T[], listener: T) => {
    listeners.push(listener);
    return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
  };
  const controller = {
    terminal: { cols: 80, rows: 24 },
    write: (data: string) => events.push(`write:${data}`),
    replaceScreen: (data: string) => events.push(`write:${data}`),
    resize: (cols: number, rows: number) => events.push(`resize:${cols}x${rows}`),
    showSnapshot: (snapshot: { data: string; cols: number; rows: number }) => events.push(`snapshot:${snapshot.cols}x${snapshot.rows}:${snapshot.data}`),
    onData: (listener: (data: string) => void) => listen(typed, listener),
    onResize: (listener: (size: { cols: number; rows: number }) => void) => listen(resized, listener),
  } as unknown as TerminalController;
  /** What a user does in the browser: types into the terminal, or makes its window smaller. */
  const user = {
    types: (data: string) => typed.forEach((listener) => listener(data)),
    resizes: (cols: number, rows: number) => resized.forEach((listener) => listener({ cols, rows })),
  };
  const callbacks: ViewerSocketCallbacks = {
    onOpen: () => events.push('open'),
    onStatus: (frame) => events.push(`status:${frame.event}`),
    onOutput: (frame) => events.push(`output:${frame.seq}`),
    onClose: (info) => events.push(`close:${info.code}`),
  };
  return { controller, callbacks, events, user };
}

const output = (seq: number, data = `o${seq}`) => ({ type: 'output', data, seq, timestamp: 1 });

describe('viewer socket opened before its terminal (DESIGN.md §6)', () => {
  it('replays what arrived before attach, in order, then goes live', () => {
    const server = fakeServer();
    const connection = openViewerSocket(() => 'ws://test', server.create);
    server.open();
    server.send({ type: 'status', event: 'connected', message: 'm', timestamp: 1 });
    server.send({ type: 'resize', cols: 100, rows: 30, timestamp: 1 });
    server.send(output(1));
    const terminal = fakeTerminal();
    connection.attach(terminal.controller, terminal.callbacks);
    server.send(output(2));
    expect(terminal.events).toEqual(['open', 'status:connected', 'resize:100x30', 'write:o1', 'output:1', 'write:o2', 'output:2']);
    connection.dispose();
  });

  it('keeps only the newest output while waiting, as if the viewer joined later', () => {
    const server = fakeServer();
    const connection = openViewerSocket(() => 'ws://test', server.create);
    server.open();
    const big = 'x'.repeat(MAX_EARLY_OUTPUT_CHARS / 2);
    for (let seq = 1; seq <= 4; seq += 1) server.send(output(seq, big));
    const terminal = fakeTerminal();
    connection.attach(terminal.controller, terminal.callbacks);
    expect(terminal.events.filter((event) => event.startsWith('output:'))).toEqual(['output:3', 'output:4']);
    connection.dispose();
  });

  it('sends nothing when the viewer types or resizes, where the owner socket sends both', () => {
    const typeAndResize = (terminal: ReturnType<typeof fakeTerminal>, server: ReturnType<typeof fakeServer>) => {
      server.open();
      server.send(output(1));
      terminal.user.types('reload\r');
      terminal.user.resizes(100, 30);
    };

    // The same fakes on the owner's socket (which opens the browser's WebSocket) show that a
    // send path would be seen from here.
    const ownerServer = fakeServer();
    const ownerTerminal = fakeTerminal();
    vi.stubGlobal('WebSocket', function FakeWebSocket() {
      return ownerServer.create();
    });
    const owner = connectOwnerTerminal(ownerTerminal.controller, () => 'ws://test', { onOpen: () => {}, onClose: () => {}, onShares: () => {}, onStatus: () => {} });
    vi.unstubAllGlobals();
    typeAndResize(ownerTerminal, ownerServer);
    expect(ownerServer.sent.map((text) => JSON.parse(text).type)).toEqual(['resize', 'input', 'resize']);
    owner.dispose();

    const viewerServer = fakeServer();
    const viewerTerminal = fakeTerminal();
    const viewer = openViewerSocket(() => 'ws://test', viewerServer.create);
    viewer.attach(viewerTerminal.controller, viewerTerminal.callbacks);
    typeAndResize(viewerTerminal, viewerServer);
    expect(viewerTerminal.events).toContain('write:o1');
    expect(viewerServer.sent).toEqual([]);
    viewer.dispose();
  });
});

const snapshot = (seq: number, data = '\x1bcscreen') => ({ type: 'snapshot', data, cols: 200, rows: 50, seq, timestamp: 1 });

describe('viewer socket and the current screen (DESIGN.md §12)', () => {
  it('paints the snapshot after the resize and continues at seq + 1 without doubling', () => {
    const server = fakeServer();
    const connection = openViewerSocket(() => 'ws://test', server.create);
    const terminal = fakeTerminal();
    connection.attach(terminal.controller, terminal.callbacks);
    server.open();
    server.send({ type: 'status', event: 'connected', message: 'm', timestamp: 1 });
    server.send({ type: 'resize', cols: 200, rows: 50, timestamp: 1 });
    server.send(snapshot(7));
    server.send(output(7, 'late duplicate'));
    server.send(output(8));
    expect(terminal.events).toEqual(['open', 'status:connected', 'resize:200x50', 'snapshot:200x50:\x1bcscreen', 'write:o8', 'output:8']);
    connection.dispose();
  });

  it('drops a waiting snapshot together with the output after it that did not fit', () => {
    const server = fakeServer();
    const connection = openViewerSocket(() => 'ws://test', server.create);
    server.open();
    server.send(snapshot(1));
    const big = 'x'.repeat(MAX_EARLY_OUTPUT_CHARS / 2);
    for (let seq = 2; seq <= 4; seq += 1) server.send(output(seq, big));
    const terminal = fakeTerminal();
    connection.attach(terminal.controller, terminal.callbacks);
    expect(terminal.events.filter((event) => !event.startsWith('write:'))).toEqual(['open', 'output:3', 'output:4']);
    connection.dispose();
  });
});

describe('viewer socket close codes (DESIGN.md §6, §13, §16)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['removed by the owner', CloseCode.viewerRemoved],
    ['signed out', CloseCode.notLoggedIn],
  ])('does not reconnect when %s', (_why, code) => {
    vi.useFakeTimers();
    const server = fakeServer();
    const connection = openViewerSocket(() => 'ws://test', server.create);
    const terminal = fakeTerminal();
    connection.attach(terminal.controller, terminal.callbacks);
    server.open();
    server.closeWith(code);
    vi.advanceTimersByTime(60_000);
    expect(server.connects()).toBe(1);
    expect(terminal.events).toEqual(['open', `close:${code}`]);
    connection.dispose();
  });

  it('reconnects after a dropped network', () => {
    vi.useFakeTimers();
    const server = fakeServer();
    const connection = openViewerSocket(() => 'ws://test', server.create);
    server.open();
    server.closeWith(1006);
    vi.advanceTimersByTime(60_000);
    expect(server.connects()).toBe(2);
    connection.dispose();
  });
});
