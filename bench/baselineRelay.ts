/**
 * The benchmark's reference: the least a relay can do. One ssh2 shell to the bench device (the
 * demo router process both relays connect to; login in env DEVICE as JSON), one JSON frame serialised once per SSH chunk and broadcast to
 * every socket; no auth, no audit, no coalescing, no slow-viewer policy. Run as its own process:
 * `node --import tsx bench/baselineRelay.ts`; it prints `listening on http://…` when ready.
 * `/owner` accepts `{"type":"input","data"}` like our owner socket; every other path is a viewer.
 */
import './noDelay.js';
import { StringDecoder } from 'node:string_decoder';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { openShell } from '../bff/ssh/client.js';

async function main(): Promise<void> {
  const device = JSON.parse(process.env.DEVICE ?? 'null');
  if (!device) throw new Error('DEVICE (the bench device login as JSON) is required');
  // Trusts whatever key the device presents: the baseline measures relaying, not SSH security.
  const shell = await openShell({ ...device, expectedHostKey: null }, { cols: 80, rows: 24 });
  const sockets = new Set<WebSocket>();
  const decoder = new StringDecoder('utf8');
  let seq = 0;

  const broadcast = (data: string) => {
    if (data === '') return;
    seq += 1;
    const message = Buffer.from(JSON.stringify({ type: 'output', data, timestamp: Date.now(), seq }));
    for (const socket of sockets) socket.send(message, { binary: false });
  };
  shell.stream.on('data', (chunk: Buffer) => broadcast(decoder.write(chunk)));
  shell.stream.on('close', () => process.exit(0));

  const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0), perMessageDeflate: false, maxPayload: 64 * 1024 });
  wss.on('connection', (socket, req) => {
    socket.on('error', () => {});
    const now = Date.now();
    socket.send(JSON.stringify({ type: 'status', event: 'connected', message: 'Viewing (baseline relay)', timestamp: now }));
    socket.send(JSON.stringify({ type: 'resize', cols: 80, rows: 24, timestamp: now }));
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (req.url !== '/owner') return;
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw));
      if (frame.type === 'input' && typeof frame.data === 'string') shell.stream.write(frame.data);
    });
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  console.log(`baseline relay listening on http://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const stop = () => {
    shell.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`baseline relay failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
