/**
 * STYLE.md lesson 13: the test helpers own their teardown. A client a test opened through
 * wsClient is closed after that test, passed or failed, without the test closing it.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { eventually } from './eventually.js';
import { wsClient, type WsClient } from './harness.js';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const listening = new Promise<void>((resolve) => server.once('listening', resolve));
let closedOnServer = 0;
server.on('connection', (socket) => socket.on('close', () => (closedOnServer += 1)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('test helpers own their teardown', () => {
  let leftOpen: WsClient | undefined;

  it.fails('a test that fails with its client still open (expected to fail)', async () => {
    await listening;
    leftOpen = wsClient(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await eventually(() => expect(leftOpen!.open).toBe(true));
    throw new Error('this test fails on purpose');
  });

  it('has its client closed by the helper once it is over', async () => {
    expect(leftOpen?.ws.readyState).toBe(WebSocket.CLOSED);
    await eventually(() => expect(closedOnServer).toBe(1));
  });
});
