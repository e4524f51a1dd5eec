/**
 * The demo router's SSH server (ssh2) in this process: password login for one user, a shell per
 * session (demoShell.ts), and bounds on what one peer can open. demoRouterProcess.ts runs it in a
 * child process; demoRouter.ts is what the Controller calls.
 */
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import { DemoShell } from './demoShell.js';

export const serverLimits = {
  connections: 200,
  /** Shell sessions (channels) one SSH connection may open. */
  sessionsPerConnection: 4,
  authAttempts: 6,
} as const;

export interface DemoServerOptions {
  /** PEM private host key. */
  hostKey: string;
  username: string;
  password: string;
  host: string;
  /** 0 for any free port. */
  port: number;
}

/** What demoRouter.ts (the parent) and demoRouterProcess.ts (the child) say over the IPC channel. */
export type ParentMessage = { type: 'start'; options: DemoServerOptions } | { type: 'close' };
export type ChildMessage = { type: 'listening'; port: number } | { type: 'failed'; message: string };

export interface DemoServer {
  port: number;
  close(): Promise<void>;
}

export async function listenDemoServer(o: DemoServerOptions): Promise<DemoServer> {
  let connections = 0;
  const server = new ssh2.Server({ hostKeys: [o.hostKey] }, (client, info) => {
    client.on('error', () => {});
    connections += 1;
    client.on('close', () => (connections -= 1));
    if (connections > serverLimits.connections) return void client.end();
    // Interactive output: without this, Nagle holds small writes back (2 MB/s p99 39 → 5 ms).
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    let attempts = 0;
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === o.username && ctx.password === o.password) return ctx.accept();
      attempts += 1;
      if (attempts >= serverLimits.authAttempts) return void client.end();
      ctx.reject(['password']);
    });
    let sessions = 0;
    client.on('session', (accept, reject) => {
      if (sessions >= serverLimits.sessionsPerConnection) return reject();
      sessions += 1;
      const session = accept();
      session.on('close', () => (sessions -= 1));
      session.on('pty', (acceptPty) => acceptPty?.());
      session.on('window-change', (acceptChange) => acceptChange?.());
      session.on('shell', (acceptShell) => {
        new DemoShell(acceptShell(), o.username, info.ip);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
