/**
 * The built-in lab router: a real SSH server (ssh2) on loopback with an IOS-like shell, so a
 * newcomer can try sharing with no network gear. Credentials are random per start and known only
 * to this process.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { ServerChannel } from 'ssh2';
import { type HostKey, hostKeyOf } from './hostKey.js';
import { commandOutput, debugPacketLine, hostname, techSupport } from './demoOutput.js';

export interface DemoRouter {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Its host key: sessions to it accept exactly this key. */
  hostKey: HostKey;
  close(): Promise<void>;
}

export async function startDemoRouter(): Promise<DemoRouter> {
  // ECDSA, not ed25519: about 1 in 200 ed25519 keys from ssh2's generator fail to parse back
  // ("Malformed OpenSSH private key"), which would fail a start now and then.
  const hostKey = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 }).private;
  const username = 'netops';
  const password = randomBytes(18).toString('base64url');
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => {});
    // Interactive output: without this, Nagle holds small writes back (2 MB/s p99 39 → 5 ms).
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === username && ctx.password === password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('session', (accept) => {
      const session = accept();
      session.on('pty', (acceptPty) => acceptPty?.());
      session.on('window-change', (acceptChange) => acceptChange?.());
      session.on('shell', (acceptShell) => runShell(acceptShell()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    username,
    password,
    hostKey: hostKeyOf(publicKeyBlob(hostKey)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function publicKeyBlob(privateKey: string): Buffer {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  return (Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH();
}

const prompt = `\r\n${hostname}#`;

/** A line-editing shell: echo, backspace, Ctrl-C, and the commands of demoOutput. */
function runShell(stream: ServerChannel): void {
  let line = '';
  let stopStreaming: (() => void) | null = null;
  let closed = false;
  stream.on('close', () => {
    closed = true;
    stopStreaming?.();
  });
  stream.on('error', () => {});
  stream.write(`\r\nNetStacks demo router ${hostname} — type ? for commands\r\n${hostname}#`);

  const write = (text: string): Promise<void> =>
    new Promise((resolve) => (closed || stream.write(text) ? resolve() : stream.once('drain', () => resolve())));

  const run = async (command: string): Promise<void> => {
    const trimmed = command.trim().toLowerCase();
    if (trimmed === '') return void stream.write(prompt);
    if (trimmed === 'exit' || trimmed === 'logout') return void stream.end('\r\n');
    if (/^sh(ow)? tech(-support)?$/.test(trimmed)) {
      for (const chunk of techSupport()) {
        if (closed) return;
        await write(chunk);
      }
      return void stream.write(prompt);
    }
    const debug = /^debug ip packet(?: rate (\d+))?$/.exec(trimmed);
    if (debug) {
      stopStreaming = streamDebug(stream, Number(debug[1] ?? 2000));
      return void stream.write('\r\nIP packet debugging is on\r\n');
    }
    if (trimmed === 'undebug all' || trimmed === 'u all') {
      stopStreaming?.();
      stopStreaming = null;
      return void stream.write(`\r\nAll possible debugging has been turned off${prompt}`);
    }
    const output = commandOutput(command);
    stream.write(output === null ? `\r\n% Invalid input detected: '${command.trim()}'${prompt}` : `\r\n${output}${prompt}`);
  };

  stream.on('data', (data: Buffer) => {
    for (const char of data.toString('utf8')) {
      if (char === '\r' || char === '\n') {
        const command = line;
        line = '';
        void run(command);
      } else if (char === '\x7f' || char === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          stream.write('\b \b');
        }
      } else if (char === '\x03') {
        line = '';
        stream.write(`^C${prompt}`);
      } else if (char >= ' ' && line.length < 512) {
        line += char;
        stream.write(char);
      }
    }
  });
}

/**
 * `debug ip packet`: lines stamped with the router's clock at `bytesPerSecond`, until stopped.
 * Credit follows elapsed time (a late timer does not lower the rate), and nothing is written
 * while the channel pushes back (a slow reader does not make the router buffer without bound).
 */
function streamDebug(stream: ServerChannel, bytesPerSecond: number): () => void {
  let seq = 0;
  let credit = 0;
  let last = performance.now();
  let blocked = false;
  const timer = setInterval(() => {
    const now = performance.now();
    credit = Math.min(credit + ((now - last) * bytesPerSecond) / 1000, bytesPerSecond);
    last = now;
    if (blocked) return;
    let batch = '';
    while (credit > 0) {
      const line = debugPacketLine(seq++, Date.now());
      batch += line;
      credit -= line.length;
    }
    if (batch && !stream.write(batch)) {
      blocked = true;
      stream.once('drain', () => (blocked = false));
    }
  }, 10);
  return () => clearInterval(timer);
}
