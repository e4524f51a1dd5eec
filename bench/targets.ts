/**
 * The two relays under test, each a separate OS process on loopback: our server run the way
 * `npm start` runs it (the esbuild bundle dist/bff.mjs under plain node, SQLite in a temp dir) with
 * a session shared to a guest, and the baseline relay. A Target hands the scenarios a viewer URL,
 * the viewer headers and the owner's terminal.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { apiOk, login } from '../bff/testing/rest.js';
import { freePort } from '../bff/testing/services.js';
import { createGuest } from './http.js';
import { OwnerTerminal } from './owner.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const adminEmail = 'admin@example.com';
export const adminPassword = 'Bench-admin-password-1';
export const viewerPassword = 'Bench-viewer-password-1';

export type TargetKind = 'ours' | 'baseline';

export interface Target {
  kind: TargetKind;
  pid: number;
  base: string;
  viewerUrl: string;
  viewerHeaders: Record<string, string>;
  owner: OwnerTerminal;
  /** Our server only: what the audit and join checks need. */
  share?: { shareId: string; sessionId: string; adminToken: string; token: string };
  /** Our server only: its NS_DATA_DIR (the SQLite file). */
  dataDir?: string;
  close(): Promise<void>;
}

export interface ServerProcess {
  base: string;
  pid: number;
  /** Our server only: its NS_DATA_DIR. */
  dataDir?: string;
  child: ChildProcess;
  output(): string;
  kill(): Promise<void>;
}

/**
 * Spawns `node <args>` and waits for its `listening on http://…` line; `name` is for messages.
 * Only PATH and HOME come from our environment, so nothing of the shell's leaks into a figure.
 */
async function spawnServer(name: string, args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start:\n${output}`));
    }, 60_000);
    const check = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`${name} exited:\n${output}`)));
  });
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(force);
  };
  return { base, pid: child.pid!, child, output: () => output, kill };
}

/** A process of the bench itself (the device, the baseline relay): TypeScript under tsx. */
function spawnBenchProcess(entry: string, env: Record<string, string>): Promise<ServerProcess> {
  return spawnServer(entry, ['--import', 'tsx', join(repoRoot, entry)], env);
}

let bundled: Promise<string> | null = null;

/**
 * dist/bff.mjs, the file `npm start` runs, bundled first by scripts/bundleServer.mjs when it is
 * missing or older than bff/ or protocol/, so the figures are those of the code checked out.
 */
function serverBundle(): Promise<string> {
  bundled ??= promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/bundleServer.mjs'), '--if-stale'], { cwd: repoRoot }).then(() => join(repoRoot, 'dist/bff.mjs'));
  return bundled;
}

export interface BffOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** More fields of the viewers' share (POST …/share), e.g. `show_current_screen: true`. */
  share?: Record<string, unknown>;
  /** Shares of the same session nobody watches, created before the viewers' one (they may change what the host keeps). */
  otherShares?: Array<Record<string, unknown>>;
}

export interface DeviceLogin {
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface BenchDevice extends DeviceLogin {
  pid: number;
  kill(): Promise<void>;
}

/** The demo router in its own process (bench/benchDevice.ts). */
export async function startDevice(): Promise<BenchDevice> {
  const server = await spawnBenchProcess('bench/benchDevice.ts', {});
  const match = /listening on http:\/\/([\d.]+):(\d+) as ([^:\s]+):(\S+)/.exec(server.output());
  if (!match) {
    await server.kill();
    throw new Error(`bench device printed no login: ${server.output()}`);
  }
  return { host: match[1]!, port: Number(match[2]), username: match[3]!, password: match[4]!, pid: server.pid, kill: server.kill };
}

/** Our server on a free port with its own data dir, started as `npm start` starts it (scripts/start.mjs). */
export async function spawnBff(options: BffOptions = {}): Promise<ServerProcess> {
  const args = ['--enable-source-maps', ...(options.nodeArgs ?? []), await serverBundle()];
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-bench-'));
  const server = await spawnServer('our server (dist/bff.mjs)', args, {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    NS_DATA_DIR: dataDir,
    NS_ADMIN_EMAIL: adminEmail,
    NS_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    // The bench device listens on loopback, which the SSH target policy refuses unless allowed.
    NS_SSH_ALLOW: '127.0.0.1/32',
    ...options.env,
  }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const kill = server.kill;
  return { ...server, dataDir, kill: async () => (await kill(), rmSync(dataDir, { recursive: true, force: true })) };
}

export interface SharedSession {
  adminToken: string;
  viewerEmail: string;
  viewerToken: string;
  sessionId: string;
  shareId: string;
  shareToken: string;
  owner: OwnerTerminal;
}

/**
 * Admin opens a session to the bench device (or, without one, the built-in dev_demo) with its
 * terminal connected and shares it; a guest will watch.
 */
export async function shareDemoSession(base: string, device?: DeviceLogin, shares: Pick<BffOptions, 'share' | 'otherShares'> = {}): Promise<SharedSession> {
  const { token: adminToken } = await login(base, adminEmail, adminPassword);
  const viewer = await createGuest(base, adminToken, viewerPassword);
  const { session_id: sessionId } = await apiOk<{ session_id: string }>(base, 'POST', '/api/v1/sessions', adminToken, device ?? { device_id: 'dev_demo' });
  const owner = new OwnerTerminal(`${base.replace(/^http/, 'ws')}/api/v1/sessions/${sessionId}/ws`, { authorization: `Bearer ${adminToken}` });
  await owner.ready(true);
  const shareUrl = `/api/v1/sessions/${sessionId}/share`;
  for (const other of shares.otherShares ?? []) await apiOk(base, 'POST', shareUrl, adminToken, { expires_in: '4h', ...other });
  const share = await apiOk<{ share_id: string; token: string }>(base, 'POST', shareUrl, adminToken, { expires_in: '4h', ...shares.share });
  return { adminToken, viewerEmail: viewer.email, viewerToken: viewer.token, sessionId, shareId: share.share_id, shareToken: share.token, owner };
}

export function viewerUrl(base: string, shareToken: string): string {
  return `${base.replace(/^http/, 'ws')}/api/v1/sessions/shared/${shareToken}/ws`;
}

/** Our server, its session on `device` (the built-in dev_demo when omitted). */
export async function startOurs(device: DeviceLogin | undefined, options: BffOptions = {}): Promise<Target> {
  const server = await spawnBff(options);
  try {
    const s = await shareDemoSession(server.base, device, options);
    return {
      kind: 'ours',
      pid: server.pid,
      base: server.base,
      dataDir: server.dataDir,
      viewerUrl: viewerUrl(server.base, s.shareToken),
      viewerHeaders: { authorization: `Bearer ${s.viewerToken}` },
      owner: s.owner,
      share: { shareId: s.shareId, sessionId: s.sessionId, adminToken: s.adminToken, token: s.shareToken },
      close: async () => (s.owner.close(), await server.kill()),
    };
  } catch (err) {
    await server.kill();
    throw err;
  }
}

export async function startBaseline(device: DeviceLogin): Promise<Target> {
  const server = await spawnBenchProcess('bench/baselineRelay.ts', {
    PORT: String(await freePort()),
    DEVICE: JSON.stringify({ host: device.host, port: device.port, username: device.username, password: device.password }),
  });
  const wsBase = server.base.replace(/^http/, 'ws');
  const owner = new OwnerTerminal(`${wsBase}/owner`, {});
  try {
    // The router greeted the relay before the owner connected: ask for a fresh prompt.
    await owner.ready(true);
  } catch (err) {
    await server.kill();
    throw err;
  }
  return {
    kind: 'baseline',
    pid: server.pid,
    base: server.base,
    viewerUrl: `${wsBase}/view`,
    viewerHeaders: {},
    owner,
    close: async () => (owner.close(), await server.kill()),
  };
}

export function startTarget(kind: TargetKind, device: DeviceLogin, options: BffOptions = {}): Promise<Target> {
  return kind === 'ours' ? startOurs(device, options) : startBaseline(device);
}
