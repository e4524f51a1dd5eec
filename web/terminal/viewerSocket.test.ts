import { describe, expect, it } from 'vitest';
import type { WebSocketLike } from './reconnectingSocket.js';
import type { TerminalController } from './terminalController.js';
import { MAX_EARLY_OUTPUT_CHARS, openViewerSocket, type ViewerSocketCallbacks } from './viewerSocket.js';

function fakeServer() {
  let socket: WebSocketLike | null = null;
  const sent: string[] = [];
  const create = () => {
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
  return { create, open, send, sent };
}

function fakeTerminal() {
  const events: string[] = [];
  const controller = {
    write: (data: string) => events.push(`write:${data}`),
    resize: (cols: number, rows: number) => events.push(`resize:${cols}x${rows}`),
  } as unknown as TerminalController;
  const callbacks: ViewerSocketCallbacks = {
    onOpen: () => events.push('open'),
    onStatus: (frame) => events.push(`status:${frame.event}`),
    onOutput: (frame) => events.push(`output:${frame.seq}`),
    onClose: (info) => events.push(`close:${info.code}`),
  };
  return { controller, callbacks, events };
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

  it('never sends anything, whatever arrives', () => {
    const server = fakeServer();
    const connection = openViewerSocket(() => 'ws://test', server.create);
    server.open();
    const terminal = fakeTerminal();
    connection.attach(terminal.controller, terminal.callbacks);
    server.send(output(1));
    expect(server.sent).toEqual([]);
    expect('send' in connection).toBe(false);
    connection.dispose();
  });
});
