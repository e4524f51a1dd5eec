/** Opens an interactive shell over SSH (ssh2 client) with a pseudo-terminal. */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { type HostKey, hostKeyOf } from './hostKey.js';

export interface SshTarget {
  /** The host as the user named it: the key for host-key pinning, shown in the UI. */
  host: string;
  /**
   * The address `host` resolved to when the target policy checked it (DESIGN.md §17): the
   * connection goes there and nowhere else, with no second lookup that could answer otherwise.
   * Absent for catalogue devices, whose host is ours.
   */
  address?: string | undefined;
  port: number;
  username: string;
  password?: string | undefined;
  privateKey?: string | undefined;
  /**
   * The key the host must present, or null to accept the first key seen (the caller then pins
   * `SshShell.hostKey`). A different key ends the handshake before any credential is sent.
   */
  expectedHostKey: HostKey | null;
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
  readonly target: { host: string; port: number };

  constructor(
    target: { host: string; port: number },
    readonly expected: string,
    readonly presented: HostKey,
    /** False when the key was only found different after logging in (another instance pinned it meanwhile). */
    readonly beforeCredentials = true,
  ) {
    super(
      `The SSH host key of ${target.host}:${target.port} has changed: expected ${expected}, got ${presented.fingerprint} (${presented.algorithm}). ` +
        (beforeCredentials
          ? 'Nothing was sent to it. '
          : 'The key was pinned by another connection while this one logged in, so the credentials did reach this host: change them if in doubt. ') +
        'If the device was legitimately re-keyed, an administrator can forget the old key under Admin → SSH host keys.',
    );
    // Only where, never the credentials that came with the target (errors get logged).
    this.target = { host: target.host, port: target.port };
  }
}

/**
 * The host key algorithms to offer when a key of `algorithm` is pinned: only that one, so a host
 * that also has another key type is not mistaken for a changed one.
 */
function serverHostKeyAlgorithms(algorithm: string): string[] {
  return algorithm === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [algorithm];
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
    const expected = target.expectedHostKey;
    try {
      client.connect({
        host: target.address ?? target.host,
        port: target.port,
        username: target.username,
        password: target.password,
        privateKey: target.privateKey,
        readyTimeout: timeoutMs,
        keepaliveInterval: 15_000,
        ...(expected ? { algorithms: { serverHostKey: serverHostKeyAlgorithms(expected.algorithm) as ssh2.ServerHostKeyAlgorithm[] } } : {}),
        hostVerifier: (key: Buffer) => {
          hostKey = hostKeyOf(key);
          if (expected === null || hostKey.fingerprint === expected.fingerprint) return true;
          mismatch = new SshHostKeyMismatchError(target, expected.fingerprint, hostKey);
          return false;
        },
      });
    } catch (err) {
      // ssh2 throws here on options it cannot use (a private key it cannot parse).
      fail(new SshConnectError(`SSH connection to ${target.host}:${target.port} not attempted: ${err instanceof Error ? err.message : String(err)}`));
    }
  });
}
