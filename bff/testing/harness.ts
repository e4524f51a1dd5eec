/**
 * Test helpers that own their teardown (STYLE.md lesson 13): a real BFF on an ephemeral port with
 * SQLite in a temp dir, HTTP and WebSocket clients, and a retrying wait instead of sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import type { Role, ViewerFrame } from '../../protocol/index.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { type RunningServer, startServer } from '../server.js';
import { type Db, openDb } from '../store/db.js';

export const adminEmail = 'admin@example.com';
export const adminPassword = 'Admin-test-password-1';
export const userPassword = 'User-test-password-1';

export interface TestBff {
  url: string;
  wsUrl: string;
  clock: ManualClock;
  server: RunningServer;
  adminToken: string;
  /**
   * A connection of the test's own to the server's database, for reading (and, in tamper
   * tests, changing) rows directly; the server itself reaches its store only through the port.
   */
  rawDb(): Promise<Db['kysely']>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data dir (restart tests); it is then not removed on close. */
  dataDir?: string;
  clock?: ManualClock;
  maxBufferedBytes?: number;
  heartbeatMs?: number;
  /** How often open sockets' logins are checked (ms). */
  loginCheckMs?: number;
  /** Collects every log line (debug level) instead of discarding them. */
  logLines?: string[];
  /** Skip logging the admin in (e.g. self-signed TLS that fetch refuses). */
  skipLogin?: boolean;
}

export async function startBff(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestBff> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ns-test-'));
  const clock = options.clock ?? new ManualClock();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NS_DATA_DIR: dataDir,
    NS_ADMIN_EMAIL: adminEmail,
    NS_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...env,
  });
  const server = await startServer(config, { clock, logger: options.logLines ? pino({ level: 'debug' }, { write: (line: string) => void options.logLines!.push(line) }) : pino({ level: 'silent' }), print: () => {}, staticDir: join(dataDir, 'no-spa'), expirySweepMs: 50, maxBufferedBytes: options.maxBufferedBytes, heartbeatMs: options.heartbeatMs, loginCheckMs: options.loginCheckMs });
  const adminToken = options.skipLogin ? '' : (await login(server.url, adminEmail, adminPassword)).token;
  let raw: Promise<Db> | null = null;
  return {
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws'),
    clock,
    server,
    adminToken,
    rawDb: async () => (await (raw ??= openDb({ databaseUrl: config.databaseUrl, dataDir }))).kysely,
    close: async () => {
      await server.close();
      if (raw) await (await raw).close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(base: string, method: string, path: string, token?: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function login(base: string, email: string, password: string): Promise<{ token: string; cookie: string }> {
  const r = await api(base, 'POST', '/api/v1/auth/login', null, { email, password });
  if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { token: r.body.token, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]! };
}

let userCounter = 0;
/** Creates a user with the given role and logs it in. */
export async function createUser(bff: TestBff, role: Role, name?: string): Promise<{ token: string; cookie: string; email: string; userId: string }> {
  userCounter += 1;
  const email = `${role}${userCounter}.${process.pid}@example.com`;
  const r = await api(bff.url, 'POST', '/api/v1/users', bff.adminToken, { email, name: name ?? `${role} ${userCounter}`, password: userPassword, role });
  if (r.status !== 201) throw new Error(`create user failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...(await login(bff.url, email, userPassword)), email, userId: r.body.user_id };
}

export interface WsClient {
  ws: WebSocket;
  frames: Array<ViewerFrame | { type: 'shares'; shares: any[] } | { type: '?'; raw: string }>;
  open: boolean;
  closeCode: number | null;
  closeReason: string;
  text(): string;
  send(value: unknown): void;
  close(): void;
}

export function wsClient(url: string, options: { token?: string; headers?: Record<string, string> } = {}): WsClient {
  const headers = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers };
  const ws = new WebSocket(url, { headers });
  const client: WsClient = {
    ws,
    frames: [],
    open: false,
    closeCode: null,
    closeReason: '',
    text: () => client.frames.map((f) => (f.type === 'output' ? f.data : '')).join(''),
    send: (value) => ws.send(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value)),
    close: () => ws.close(),
  };
  ws.on('open', () => (client.open = true));
  ws.on('message', (data) => {
    try {
      client.frames.push(JSON.parse(String(data)));
    } catch {
      client.frames.push({ type: '?', raw: String(data) });
    }
  });
  ws.on('close', (code, reason) => {
    client.closeCode = code;
    client.closeReason = String(reason);
  });
  ws.on('error', () => {});
  return client;
}

/** Retries `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Opens a demo-router session with its owner socket connected and the prompt shown. */
export async function openDemoSession(bff: TestBff, token: string) {
  const r = await api(bff.url, 'POST', '/api/v1/sessions', token, { device_id: 'dev_demo' });
  if (r.status !== 201) throw new Error(`open session failed: ${r.status} ${JSON.stringify(r.body)}`);
  const sessionId: string = r.body.session_id;
  const owner = wsClient(`${bff.wsUrl}/api/v1/sessions/${sessionId}/ws`, { token });
  await eventually(() => {
    if (!/lab-rtr-01#/.test(owner.text())) throw new Error('no prompt yet');
  });
  return { sessionId, owner };
}

export async function createShare(bff: TestBff, token: string, sessionId: string, body: Record<string, unknown> = { expires_in: '1h' }) {
  const r = await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, token, body);
  if (r.status !== 201) throw new Error(`share failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { share_id: string; token: string; websocket_url: string; share_url: string; expires_at: string };
}

export function statusFrames(client: WsClient) {
  return client.frames.filter((f): f is Extract<ViewerFrame, { type: 'status' }> => f.type === 'status');
}
