/** Opens an interactive shell over SSH (ssh2 client) with a pseudo-terminal. */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { type HostKey, hostKeyOf } from './hostKey.js';

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  password?: string | undefined;
  privateKey?: string | undefined;
  /**
   * The fingerprint the host must present (`SHA256:…`), or null to accept the first key seen
   * (the caller then pins `SshShell.hostKey`). A different key ends the handshake before any
   * credential is sent.
   */
  expectedHostKey: string | null;
}

export interface SshShell {
  stream: ClientChannel;
  /** The key the host presented. */
  hostKey: HostKey;
  resize(cols: number, rows: number): void;
  close(): void;
}

export class SshConnectError extends Error {}

/** The host presented another key than the one pinned for it: a replaced device, or a man in the middle. */
export class SshHostKeyMismatchError extends SshConnectError {
  constructor(
    readonly target: { host: string; port: number },
    readonly expected: string,
    readonly presented: HostKey,
  ) {
    super(
      `The SSH host key of ${target.host}:${target.port} has changed: expected ${expected}, got ${presented.fingerprint} (${presented.algorithm}). ` +
        'Nothing was sent to it. If the device was legitimately re-keyed, an administrator can forget the old key under Admin → SSH host keys.',
    );
  }
}

export function openShell(target: SshTarget, size: { cols: number; rows: number }, timeoutMs = 10_000): Promise<SshShell> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let settled = false;
    let hostKey: HostKey | null = null;
    let mismatch: SshHostKeyMismatchError | null = null;
    const fail = (error: SshConnectError) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(error);
    };
    client.on('error', (err) => fail(mismatch ?? new SshConnectError(`SSH connection to ${target.host}:${target.port} failed: ${err.message}`)));
    client.on('ready', () => {
      client.setNoDelay(true);
      client.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (err, stream) => {
        if (err) return fail(new SshConnectError(`SSH shell refused: ${err.message}`));
        settled = true;
        resolve({
          stream,
          hostKey: hostKey!,
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
      hostVerifier: (key: Buffer) => {
        hostKey = hostKeyOf(key);
        if (target.expectedHostKey === null || hostKey.fingerprint === target.expectedHostKey) return true;
        mismatch = new SshHostKeyMismatchError(target, target.expectedHostKey, hostKey);
        return false;
      },
    });
  });
}
