/**
 * The built-in lab router (device `dev_demo`): a real SSH server (ssh2) on loopback with an
 * IOS-like shell, so a newcomer can try sharing with no network gear. It runs in a child process
 * of its own (demoRouterProcess.ts), so nothing a user types into it can take the Controller down:
 * if the child dies, its SSH sessions end, this process logs it and starts a new child with the
 * same host key, login and (when free) port. Credentials are random per start and known only to
 * this process and its child.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ssh2 from 'ssh2';
import type { ChildMessage, DemoServerOptions, ParentMessage } from './demoServer.js';
import { type HostKey, hostKeyOf } from './hostKey.js';

export interface DemoRouter {
  host: string;
  /** May change when the router process is restarted and its old port was taken meanwhile. */
  port: number;
  username: string;
  password: string;
  /** Its host key: sessions to it accept exactly this key. */
  hostKey: HostKey;
  close(): Promise<void>;
}

export interface SupervisedDemoRouter extends DemoRouter {
  /** The router process, null while it is being restarted. */
  readonly pid: number | null;
  /** How often it was restarted after dying. */
  readonly restarts: number;
}

/** The two calls of a pino logger it uses. */
export interface DemoRouterLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface DemoRouterOptions {
  logger?: DemoRouterLogger;
}

export const supervisorLimits = {
  startTimeoutMs: 30_000,
  closeTimeoutMs: 3_000,
  firstRestartDelayMs: 250,
  maxRestartDelayMs: 30_000,
  /** A child that lived this long was healthy: the next restart is quick again. */
  healthyAfterMs: 60_000,
  /** V8 heap of the router process: a runaway ends there, long before the machine runs short. */
  heapMiB: 256,
  stderrTailBytes: 4096,
} as const;

const stderrLogger: DemoRouterLogger = {
  info: () => {},
  error: (details, message) => console.error(`demo router: ${message}`, details),
};

export async function startDemoRouter(options: DemoRouterOptions = {}): Promise<SupervisedDemoRouter> {
  // ECDSA, not ed25519: about 1 in 200 ed25519 keys from ssh2's generator fail to parse back
  // ("Malformed OpenSSH private key"), which would fail a start now and then.
  const privateKey = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 }).private;
  const server = { hostKey: privateKey, username: 'netops', password: randomBytes(18).toString('base64url'), host: '127.0.0.1', port: 0 };
  const supervisor = new Supervisor(server, options.logger ?? stderrLogger);
  await supervisor.start();
  return {
    host: server.host,
    get port() {
      return supervisor.port;
    },
    username: server.username,
    password: server.password,
    hostKey: hostKeyOf(publicKeyBlob(privateKey)),
    get pid() {
      return supervisor.pid;
    },
    get restarts() {
      return supervisor.restarts;
    },
    close: () => supervisor.close(),
  };
}

function publicKeyBlob(privateKey: string): Buffer {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  return (Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH();
}

/**
 * The child's entry: its bundle next to dist/bff.mjs when this code runs from the esbuild bundle
 * (`npm start`), else (tests, `npm run dev`) the TypeScript entry bundled on the spot.
 */
async function childEntry(): Promise<{ path: string; execArgv: string[] }> {
  const execArgv = ['--enable-source-maps', `--max-old-space-size=${supervisorLimits.heapMiB}`];
  if (import.meta.url.endsWith('.ts')) return { path: await bundleFromSources(), execArgv };
  const path = fileURLToPath(new URL('./demoRouterProcess.mjs', import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: bundle the server with scripts/bundleServer.mjs`);
  return { path, execArgv };
}

let sourceBundle: Promise<string> | null = null;

/**
 * Once per process, esbuild (≈0.1 s) rather than tsx in the child: a tsx child took 1–2 s to
 * start on the 2-core CI machine, and every test server starts one. Written under
 * node_modules/.cache so the bundle's bare imports (ssh2) resolve; renamed into place, so two test
 * processes building at once never fork a half-written file.
 */
function bundleFromSources(): Promise<string> {
  sourceBundle ??= (async () => {
    const { build } = await import('esbuild');
    const dir = fileURLToPath(new URL('../../node_modules/.cache/netstacks-demo-router/', import.meta.url));
    const outfile = `${dir}demoRouterProcess.mjs`;
    const { outputFiles } = await build({
      entryPoints: [fileURLToPath(new URL('./demoRouterProcess.ts', import.meta.url))],
      write: false, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', sourcemap: 'inline', logLevel: 'silent',
    });
    mkdirSync(dir, { recursive: true });
    const temporary = `${outfile}.${process.pid}.tmp`;
    writeFileSync(temporary, outputFiles[0]!.contents);
    renameSync(temporary, outfile);
    return outfile;
  })().catch((err: unknown) => {
    sourceBundle = null;
    throw err;
  });
  return sourceBundle;
}

class Supervisor {
  port = 0;
  restarts = 0;
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private closing = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartDelayMs: number = supervisorLimits.firstRestartDelayMs;
  private startedAt = 0;

  constructor(
    private readonly server: DemoServerOptions,
    private readonly logger: DemoRouterLogger,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<void> {
    this.starting = this.spawn().finally(() => (this.starting = null));
    return this.starting;
  }

  private async spawn(): Promise<void> {
    const entry = await childEntry();
    // Almost no environment: the router has no business with the Controller's secrets.
    const child = fork(entry.path, [], { execArgv: entry.execArgv, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-supervisorLimits.stderrTailBytes)));
    this.port = await new Promise<number>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        child.off('error', fail).off('exit', exit).off('message', message);
      };
      const fail = (err: Error) => {
        settle();
        child.kill('SIGKILL');
        reject(new Error(`demo router process failed to start: ${err.message}${stderr ? `\n${stderr}` : ''}`));
      };
      const exit = (code: number | null, signal: NodeJS.Signals | null) => fail(new Error(`exited (code ${code}, signal ${signal})`));
      const message = (reply: ChildMessage) => {
        if (reply.type === 'failed') return fail(new Error(reply.message));
        settle();
        resolve(reply.port);
      };
      const timer = setTimeout(() => fail(new Error('did not start listening in time')), supervisorLimits.startTimeoutMs);
      child.on('error', fail).on('exit', exit).on('message', message);
      child.send({ type: 'start', options: { ...this.server, port: this.port } } satisfies ParentMessage);
    });
    child.on('error', () => {});
    child.once('exit', (code, signal) => this.exited(child, code, signal, stderr));
    this.child = child;
    this.startedAt = Date.now();
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, stderr: string): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.closing) return;
    if (Date.now() - this.startedAt >= supervisorLimits.healthyAfterMs) this.restartDelayMs = supervisorLimits.firstRestartDelayMs;
    this.logger.error({ code, signal, stderr: stderr.trim() }, 'demo router process died; its SSH sessions ended; restarting it');
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(delay * 2, supervisorLimits.maxRestartDelayMs);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start().then(
        () => {
          this.restarts += 1;
          if (this.closing) return void this.stop();
          this.logger.info({ pid: this.pid, port: this.port }, 'demo router process restarted');
        },
        (err: unknown) => {
          this.logger.error({ err }, 'demo router process failed to restart');
          if (!this.closing) this.scheduleRestart();
        },
      );
    }, delay);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.starting?.catch(() => {});
    await this.stop();
  }

  /** Asks the child to exit (its open SSH connections drop with it), and kills it if it does not. */
  private async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      child.send({ type: 'close' } satisfies ParentMessage);
    } catch {
      child.kill('SIGKILL');
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), supervisorLimits.closeTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
