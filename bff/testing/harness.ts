/**
 * Test helpers that own their teardown (STYLE.md lesson 13): a real BFF on an ephemeral port with
 * SQLite in a temp dir and WebSocket clients, each closed after the test (or, opened in a
 * `beforeAll`, after the file) by bff/testing/teardown.ts, passed or failed; closing one earlier
 * is fine. The REST client and the retrying wait live in rest.ts and eventually.ts, shared with the bench.
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
import { eventually } from './eventually.js';
import { api, login } from './rest.js';
import { closeWhenDone, once } from './teardown.js';

export { eventually } from './eventually.js';
export { api, type ApiResult, login } from './rest.js';

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
  /** A built SPA to serve (index.html, assets/); none by default. */
  staticDir?: string;
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
  const server = await startServer(config, { clock, logger: options.logLines ? pino({ level: 'debug' }, { write: (line: string) => void options.logLines!.push(line) }) : pino({ level: 'silent' }), print: () => {}, staticDir: options.staticDir ?? join(dataDir, 'no-spa'), expirySweepMs: 50, maxBufferedBytes: options.maxBufferedBytes, heartbeatMs: options.heartbeatMs, loginCheckMs: options.loginCheckMs });
  let raw: Promise<Db> | null = null;
  const close = once(async () => {
    await server.close();
    if (raw) await (await raw).close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  // Registered before the admin's login, so a failed login still stops the server.
  closeWhenDone(close);
  const adminToken = options.skipLogin ? '' : (await login(server.url, adminEmail, adminPassword)).token;
  return {
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws'),
    clock,
    server,
    adminToken,
    rawDb: async () => (await (raw ??= openDb({ databaseUrl: config.databaseUrl, dataDir }))).kysely,
    close,
  };
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
    // A snapshot repaints the screen: its text counts as received, like output.
    text: () => client.frames.map((f) => (f.type === 'output' || f.type === 'snapshot' ? f.data : '')).join(''),
    send: (value) => ws.send(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value)),
    close: () => ws.close(),
  };
  closeWhenDone(() => closeAndWait(ws));
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

/** Teardown of a client: a normal close, cut short after a second if the server does not answer. */
async function closeAndWait(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  const closed = new Promise((resolve) => ws.once('close', resolve));
  if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  else ws.close();
  const cutShort = setTimeout(() => ws.terminate(), 1_000);
  await closed;
  clearTimeout(cutShort);
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
