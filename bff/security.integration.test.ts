/** DESIGN.md §6–§7 and issue 5: the security model, enforced server-side. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../protocol/index.js';
import { api, createShare, createUser, eventually, openDemoSession, startBff, type TestBff, wsClient } from './testing/harness.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startBff({ NS_PUBLIC_URL: 'https://ns.example.com:8443', NS_ALLOWED_ORIGINS: 'https://noc.example.com' });
});
afterAll(async () => {
  await bff?.close();
});

/** The HTTP status of an upgrade attempt, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('§6 viewer socket security', () => {
  it('refuses every foreign Origin before the handshake, exact match only', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const url = `${bff.wsUrl}/api/v1/sessions/shared/${share.token}/ws`;
    const auth = { authorization: `Bearer ${owner.token}` };
    const foreign = [
      'https://evil.example',
      'null',
      'https://ns.example.com:8443.evil.net',
      'https://ns.example.com.evil.net:8443',
      'http://ns.example.com:8443',
      'https://ns.example.com:9443',
      'https://ns.example.com',
      'https://NS.example.com:8443',
      'HTTPS://ns.example.com:8443',
      'https://ns.example.com:8443/',
    ];
    for (const origin of foreign) expect(await upgradeStatus(url, { ...auth, origin }), origin).toBe(403);
    expect(await upgradeStatus(url, { ...auth, origin: 'https://ns.example.com:8443' })).toBe(101);
    expect(await upgradeStatus(url, { ...auth, origin: 'https://noc.example.com' })).toBe(101);
    // The owner socket has the same gate.
    expect(await upgradeStatus(`${bff.wsUrl}/api/v1/sessions/${sessionId}/ws`, { ...auth, origin: 'https://evil.example' })).toBe(403);
    ownerSocket.close();
  });

  it('never negotiates permessage-deflate on either socket', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    for (const url of [`${bff.wsUrl}/api/v1/sessions/shared/${share.token}/ws`, `${bff.wsUrl}/api/v1/sessions/${sessionId}/ws`]) {
      const ws = new WebSocket(url, { perMessageDeflate: true, headers: { authorization: `Bearer ${owner.token}` } });
      const extensions = await new Promise<string>((resolve) => ws.on('upgrade', (res) => resolve(String(res.headers['sec-websocket-extensions'] ?? ''))));
      expect(extensions).toBe('');
      ws.close();
    }
    ownerSocket.close();
  });

  it('never authenticates a socket with the cookie alone when there is no Origin (4401)', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const cookieOnly = wsClient(share.websocket_url.replace('wss://ns.example.com:8443', bff.wsUrl), { headers: { cookie: viewer.cookie } });
    await eventually(() => expect(cookieOnly.closeCode).toBe(CloseCode.notLoggedIn));
    const browser = wsClient(`${bff.wsUrl}/api/v1/sessions/shared/${share.token}/ws`, { headers: { cookie: viewer.cookie, origin: 'https://ns.example.com:8443' } });
    await eventually(() => expect(browser.frames[0]?.type).toBe('status'));
    browser.close();
    ownerSocket.close();
  });

  it('closes with 4401 without login, 4403 without share:view rights, 4404 for unknown tokens', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const url = `${bff.wsUrl}/api/v1/sessions/shared/${share.token}/ws`;
    const anonymous = wsClient(url);
    const badToken = wsClient(url, { token: 'nst_not-a-real-login-token' });
    const unknown = wsClient(`${bff.wsUrl}/api/v1/sessions/shared/ns_share_${'A'.repeat(43)}/ws`, { token: owner.token });
    await eventually(() => {
      expect(anonymous.closeCode).toBe(CloseCode.notLoggedIn);
      expect(badToken.closeCode).toBe(CloseCode.notLoggedIn);
      expect(unknown.closeCode).toBe(CloseCode.notFound);
    });
    for (const c of [anonymous, badToken, unknown]) expect(c.frames.filter((f) => f.type === 'output')).toEqual([]);
    const audit = await api(bff.url, 'GET', '/api/v1/audit?type=viewer.denied&limit=50', bff.adminToken);
    const reasons = audit.body.events.map((e: { details: { reason: string } }) => e.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(['not_logged_in', 'unknown_token']));
    ownerSocket.close();
  });

  it('a share token opens only its own session', async () => {
    const a = await createUser(bff, 'engineer');
    const b = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'guest');
    const sessionA = await openDemoSession(bff, a.token);
    const sessionB = await openDemoSession(bff, b.token);
    const shareA = await createShare(bff, a.token, sessionA.sessionId);
    await createShare(bff, b.token, sessionB.sessionId);
    const watcher = wsClient(`${bff.wsUrl}/api/v1/sessions/shared/${shareA.token}/ws`, { token: viewer.token });
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
    sessionB.owner.send({ type: 'input', data: 'show running-config\r' });
    sessionA.owner.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(watcher.text()).toContain('IOSv'));
    await eventually(() => expect(sessionB.owner.text()).toContain('router bgp 65001'));
    expect(watcher.text()).not.toContain('router bgp 65001');
    // Shares of A are not reachable through B's session routes either.
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionB.sessionId}/shares/${shareA.share_id}`, b.token)).status).toBe(404);
    watcher.close();
    sessionA.owner.close();
    sessionB.owner.close();
  });

  it('drops raw text, JSON input and binary frames; closes oversized frames with 1009 and audits it', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const url = `${bff.wsUrl}/api/v1/sessions/shared/${share.token}/ws`;
    const watcher = wsClient(url, { token: viewer.token });
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
    watcher.send('show running-config\r');
    watcher.send({ type: 'input', data: 'show running-config\r' });
    watcher.send({ type: 'resize', cols: 3, rows: 3 });
    watcher.ws.send(Buffer.from('show running-config\r'), { binary: true });
    ownerSocket.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(watcher.text()).toContain('IOSv'));
    expect(ownerSocket.text()).not.toContain('router bgp');
    expect(watcher.frames.filter((f) => f.type === 'resize')).toHaveLength(1);

    watcher.send('x'.repeat(8 * 1024));
    await eventually(() => expect(watcher.closeCode).toBe(CloseCode.messageTooBig));
    await eventually(async () => {
      const audit = await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&type=viewer.left`, bff.adminToken);
      expect(audit.body.events[0]?.details.reason).toBe('oversized_frame');
    });
    ownerSocket.send({ type: 'input', data: 'show ip bgp summary\r' });
    await eventually(() => expect(ownerSocket.text()).toContain('BGP router identifier'));
    ownerSocket.close();
  });
});

describe('§7 REST authentication and CSRF', () => {
  it('sets the login cookie HttpOnly and SameSite', async () => {
    const r = await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: 'admin@example.com', password: 'Admin-test-password-1' });
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=(Lax|Strict)/);
  });

  it('refuses state-changing cookie requests from another origin, allows same origin and bearer', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const body = { expires_in: '30m' };
    const cross = await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, null, body, { cookie: owner.cookie, origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('cross_origin_refused');
    const noOrigin = await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, null, body, { cookie: owner.cookie });
    expect(noOrigin.status).toBe(403);
    const same = await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, null, body, { cookie: owner.cookie, origin: 'https://ns.example.com:8443' });
    expect(same.status).toBe(201);
    const reads = await api(bff.url, 'GET', `/api/v1/sessions/${sessionId}/shares`, null, undefined, { cookie: owner.cookie });
    expect(reads.body.shares).toHaveLength(1);
    ownerSocket.close();
  });

  it('stores only hashes of passwords, login tokens and share tokens', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const db = await bff.rawDb();
    const rows = JSON.stringify([
      await db.selectFrom('users').selectAll().execute(),
      await db.selectFrom('login_tokens').selectAll().execute(),
      await db.selectFrom('shares').selectAll().execute(),
      await db.selectFrom('audit_events').selectAll().execute(),
    ]);
    expect(rows).not.toContain(share.token);
    expect(rows).not.toContain(share.token.slice('ns_share_'.length));
    expect(rows).not.toContain(owner.token);
    expect(rows).not.toContain('User-test-password-1');
    ownerSocket.close();
  });

  it('logout ends the login token', async () => {
    const user = await createUser(bff, 'guest');
    expect((await api(bff.url, 'GET', '/api/v1/auth/me', user.token)).status).toBe(200);
    expect((await api(bff.url, 'POST', '/api/v1/auth/logout', user.token)).status).toBe(204);
    expect((await api(bff.url, 'GET', '/api/v1/auth/me', user.token)).status).toBe(401);
  });
});

describe('§7 password guessing', () => {
  it('refuses an 11th failed login for the same email with 429 and Retry-After', async () => {
    const victim = await createUser(bff, 'guest');
    for (let i = 0; i < 10; i += 1) expect((await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: victim.email, password: `wrong-${i}` })).status).toBe(401);
    const blocked = await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: victim.email, password: 'User-test-password-1' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    bff.clock.advance(11 * 60_000);
    expect((await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: victim.email, password: 'User-test-password-1' })).status).toBe(200);
  });
});

describe('§6 share token guessing', () => {
  it('limits unknown-token lookups per account (429 / close 1008) and per address (upgrade 429)', async () => {
    const own = await startBff();
    try {
      const guesser = await createUser(own, 'guest');
      const guess = () => `ns_share_${randomBytes(32).toString('base64url')}`;
      for (let i = 0; i < 20; i += 1) expect((await api(own.url, 'GET', `/api/v1/shared/${guess()}`, guesser.token)).status).toBe(404);
      const limited = await api(own.url, 'GET', `/api/v1/shared/${guess()}`, guesser.token);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const socket = wsClient(`${own.wsUrl}/api/v1/sessions/shared/${guess()}/ws`, { token: guesser.token });
      await eventually(() => expect(socket.closeCode).toBe(1008));

      const other = await createUser(own, 'guest');
      for (let i = 0; i < 10; i += 1) {
        const c = wsClient(`${own.wsUrl}/api/v1/sessions/shared/${guess()}/ws`, { token: other.token });
        await eventually(() => expect(c.closeCode).toBe(CloseCode.notFound));
      }
      expect(await upgradeStatus(`${own.wsUrl}/api/v1/sessions/shared/${guess()}/ws`, { authorization: `Bearer ${other.token}` })).toBe(429);
      await own.server.deps.presence.drain();
      const denied = await api(own.url, 'GET', '/api/v1/audit?type=viewer.denied&limit=100', own.adminToken);
      const unknown = denied.body.events.filter((e: { actor_email: string | null; details: { reason: string } }) => e.details.reason === 'unknown_token' && e.actor_email === other.email);
      // The first refusal at once, the repeats of that minute as one event with their count.
      expect(unknown.length).toBe(2);
      expect(unknown.reduce((n: number, e: { details: { count?: number } }) => n + (e.details.count ?? 1), 0)).toBe(10);
    } finally {
      await own.close();
    }
  });
});

describe('§6–§7 secrets, headers and bad input', () => {
  it('never logs share tokens, login tokens or passwords, and logs each request with the token path redacted', async () => {
    const logLines: string[] = [];
    const logged = await startBff({}, { logLines });
    try {
      const owner = await createUser(logged, 'engineer');
      const { sessionId, owner: ownerSocket } = await openDemoSession(logged, owner.token);
      const share = await createShare(logged, owner.token, sessionId);
      await api(logged.url, 'GET', `/api/v1/shared/${share.token}`, owner.token);
      const viewer = wsClient(share.websocket_url, { token: owner.token });
      await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
      await api(logged.url, 'POST', '/api/v1/auth/login', null, { email: owner.email, password: 'not-the-password' });
      const text = logLines.join('');
      expect(text).toContain('"path":"/api/v1/shared/ns_share_[REDACTED]"');
      expect(text).toContain('"path":"/api/v1/sessions/shared/ns_share_[REDACTED]/ws"');
      for (const secret of [share.token, share.token.slice(9), owner.token, logged.adminToken, 'User-test-password-1', 'not-the-password', 'Admin-test-password-1']) {
        expect(text).not.toContain(secret);
      }
      viewer.close();
      ownerSocket.close();
    } finally {
      await logged.close();
    }
  });

  it('sends security headers with a CSP, no X-Powered-By; 405 for wrong methods, 413 for huge bodies, 404 JSON', async () => {
    const r = await fetch(`${bff.url}/healthz`);
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    const put = await api(bff.url, 'PUT', '/api/v1/sessions', bff.adminToken, {});
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, HEAD');
    expect(put.body.error.code).toBe('method_not_allowed');
    expect((await api(bff.url, 'PATCH', '/api/v1/auth/login', null, {})).status).toBe(405);
    const huge = await api(bff.url, 'POST', '/api/v1/users', bff.adminToken, { email: 'x@example.com', name: 'x'.repeat(100_000), password: 'longenough', role: 'guest' });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const missing = await api(bff.url, 'GET', '/api/v1/nothing-here', bff.adminToken);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
