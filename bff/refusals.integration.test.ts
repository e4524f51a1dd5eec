/**
 * Issue 9 findings 4 and 10 (DESIGN.md §6, §8): the audit log stays a record, not a target, and
 * nobody's guessing blocks a real viewer.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/index.js';
import { api, createShare, createUser, eventually, openDemoSession, startBff, type TestBff, wsClient } from './testing/harness.js';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

/** The HTTP status of an upgrade (101 when it became a socket), and the close code if it did. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; closeCode: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, closeCode: null }));
    ws.on('close', (code) => resolve({ status: 101, closeCode: code }));
    ws.on('error', () => {});
  });
}

const deniedEvents = async (b: TestBff) =>
  (await api(b.url, 'GET', '/api/v1/audit?type=viewer.denied&limit=500', b.adminToken)).body.events as Array<{ details: { reason: string; count?: number } }>;

describe('§8 refused joins cannot fill the audit log', () => {
  it('150 unauthenticated viewer upgrades with 512-byte user agents write two events; past the address limit they get 429 before any handshake', async () => {
    bff = await startBff();
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const userAgent = 'x'.repeat(512);
    const outcomes = [];
    for (let i = 0; i < 150; i += 1) outcomes.push(await upgrade(share.websocket_url, { 'user-agent': userAgent }));
    // The contract's 4401 for the first ones; then the address is over its limit: no socket at all.
    expect(outcomes.slice(0, 30).every((o) => o.closeCode === CloseCode.notLoggedIn)).toBe(true);
    expect(outcomes.slice(30).every((o) => o.status === 429)).toBe(true);
    await bff.server.deps.presence.drain();
    const denied = (await deniedEvents(bff)).filter((e) => e.details.reason === 'not_logged_in');
    expect(denied.length).toBe(2);
    expect(denied.reduce((n, e) => n + (e.details.count ?? 1), 0)).toBe(30);
    // The session and the share are unharmed.
    const viewer = await createUser(bff, 'guest');
    const watcher = wsClient(share.websocket_url, { token: viewer.token, headers: { 'x-forwarded-for': '198.51.100.77' } });
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
    ownerSocket.close();
  });
});

describe('§6 a valid share link is never blocked by others’ guesses', () => {
  it('two guest accounts guessing 32 bad links from one address do not block a valid link for anyone behind it', async () => {
    bff = await startBff();
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const nat = { 'x-forwarded-for': '203.0.113.50' };
    const guessers = [await createUser(bff, 'guest'), await createUser(bff, 'guest')];
    const guess = () => `ns_share_${randomBytes(32).toString('base64url')}`;
    for (let i = 0; i < 32; i += 1) await api(bff.url, 'GET', `/api/v1/shared/${guess()}`, guessers[i % 2]!.token, undefined, nat);
    expect((await api(bff.url, 'GET', `/api/v1/shared/${guess()}`, guessers[0]!.token, undefined, nat)).status).toBe(429);
    const colleague = await createUser(bff, 'guest');
    expect((await api(bff.url, 'GET', `/api/v1/shared/${share.token}`, colleague.token, undefined, nat)).status).toBe(200);
    expect((await upgrade(`${bff.wsUrl}/api/v1/sessions/shared/${guess()}/ws`, { authorization: `Bearer ${colleague.token}`, ...nat })).status).toBe(429);
    const watcher = wsClient(share.websocket_url, { token: colleague.token, headers: nat });
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
    expect(watcher.closeCode).toBeNull();
    ownerSocket.close();
  });
});
