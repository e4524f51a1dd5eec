/**
 * Test helpers for the demo router: a router in this process (listenDemoServer) or behind its
 * supervisor, and a terminal on it through the product's own SSH client (client.ts), which types
 * and reads what a user would. Each owns its teardown.
 */
import { randomBytes } from 'node:crypto';
import ssh2 from 'ssh2';
import { openShell, type SshShell } from './client.js';
import { listenDemoServer } from './demoServer.js';

export interface RouterLogin {
  host: string;
  port: number;
  username: string;
  password: string;
}

export async function startTestRouter(): Promise<RouterLogin & { close(): Promise<void> }> {
  const login = { host: '127.0.0.1', username: 'netops', password: randomBytes(12).toString('base64url') };
  const server = await listenDemoServer({ ...login, port: 0, hostKey: ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 }).private });
  return { ...login, port: server.port, close: server.close };
}

/** A prompt at the very end of the output: the router waits for the next command. */
export const promptAtEnd = /\r\nlab-rtr-01(?:\(config\))?[#>]$/;

export interface DemoTerminal {
  /** Everything the router sent so far. */
  output(): string;
  type(text: string): void;
  /** Types `command` and Enter; resolves with what came back (echo included) once `until` holds. */
  run(command: string, until?: (sinceTyped: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves with the output since `from` once `check` holds for it. */
  waitFor(check: (text: string) => boolean, from?: number, timeoutMs?: number): Promise<string>;
  close(): void;
  readonly closed: boolean;
}

export async function openDemoTerminal(router: RouterLogin): Promise<DemoTerminal> {
  const shell: SshShell = await openShell({ ...router, expectedHostKey: null }, { cols: 120, rows: 40 });
  let text = '';
  let closed = false;
  shell.stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  shell.stream.on('close', () => (closed = true));
  const waitFor = async (check: (since: string) => boolean, from = 0, timeoutMs = 10_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const since = text.slice(from);
      if (check(since)) return since;
      if (Date.now() > deadline) throw new Error(`demo terminal: timed out; last output: ${JSON.stringify(since.slice(-600))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const terminal: DemoTerminal = {
    output: () => text,
    type: (input) => void shell.stream.write(input),
    run: (command, until = (since) => promptAtEnd.test(since), timeoutMs) => {
      const from = text.length;
      shell.stream.write(`${command}\r`);
      return waitFor(until, from, timeoutMs);
    },
    waitFor,
    close: () => shell.close(),
    get closed() {
      return closed;
    },
  };
  await waitFor((since) => promptAtEnd.test(since));
  return terminal;
}
