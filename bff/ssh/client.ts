/** Opens an interactive shell over SSH (ssh2 client) with a pseudo-terminal. */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  password?: string | undefined;
  privateKey?: string | undefined;
}

export interface SshShell {
  stream: ClientChannel;
  resize(cols: number, rows: number): void;
  close(): void;
}

export class SshConnectError extends Error {}

export function openShell(target: SshTarget, size: { cols: number; rows: number }, timeoutMs = 10_000): Promise<SshShell> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(new SshConnectError(message));
    };
    client.on('error', (err) => fail(`SSH connection to ${target.host}:${target.port} failed: ${err.message}`));
    client.on('ready', () => {
      client.setNoDelay(true);
      client.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (err, stream) => {
        if (err) return fail(`SSH shell refused: ${err.message}`);
        settled = true;
        resolve({
          stream,
          resize: (cols, rows) => stream.setWindow(rows, cols, 0, 0),
          close: () => client.end(),
        });
      });
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      privateKey: target.privateKey,
      readyTimeout: timeoutMs,
      keepaliveInterval: 15_000,
      // Interactive sessions to network gear; host key pinning is a later feature.
      hostVerifier: () => true,
    });
  });
}
