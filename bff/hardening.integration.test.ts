/**
 * Issue 9, security round 2: SSH target policy and session limits (DESIGN.md §17), secrets kept
 * out of the log, hostile input answered without 5xx on both stores, the login cookie behind a TLS
 * proxy, static files, source maps and /metrics.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminPassword, api, createShare, createUser, eventually, startBff, type TestBff, userPassword, wsClient } from './testing/harness.js';
import { errorMiddleware } from './errors.js';
import { rawRequest } from './testing/rawHttp.js';
import { freePort, type PostgresServer, startPostgres } from './testing/services.js';
import { startBffOn, type StoreKind, storeKinds } from './testing/stores.js';
import { closeWhenDone } from './testing/teardown.js';

let postgres: PostgresServer;
// Stopped by its own teardown once the file is done, after the servers that use it.
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

const demoLogin = (bff: TestBff) => {
  const device = bff.server.deps.devices.target('dev_demo');
  if (!device) throw new Error('no demo router');
  return { host: device.host, port: device.port, username: device.username, password: device.password! };
};

/** A demo-router session with no terminal attached: enough to share it. */
const openSession = async (bff: TestBff, token: string): Promise<string> => {
  const r = await api(bff.url, 'POST', '/api/v1/sessions', token, { device_id: 'dev_demo' });
  if (r.status !== 201) throw new Error(`open session failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.session_id;
};

const auditOf = async (bff: TestBff, type: string) => (await api(bff.url, 'GET', `/api/v1/audit?type=${type}&limit=1000`, bff.adminToken)).body.events as Array<{ actor_email: string; details: Record<string, unknown> }>;

describe('§17 SSH targets', () => {
  it('refuses loopback, link-local, metadata and unspecified targets with 403 ssh_target_refused, and still opens the built-in demo router', async () => {
    const bff = await startBff();
    const owner = await createUser(bff, 'engineer');
    const demo = demoLogin(bff);
    for (const host of [demo.host, 'localhost', '127.1', '2130706433', '::1', '[::ffff:127.0.0.1]', '0.0.0.0', '169.254.169.254', 'metadata.google.internal', 'fe80::1', 'fd00:ec2::254', '100.100.100.200']) {
      const r = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host, port: demo.port, username: demo.username, password: demo.password });
      expect(r.status, host).toBe(403);
      expect(r.body.error.code, host).toBe('ssh_target_refused');
    }
    const refusals = await auditOf(bff, 'session.open_failed');
    expect(refusals).toHaveLength(12);
    expect(refusals[0]).toMatchObject({ actor_email: owner.email, details: { reason: 'target_refused', host: '100.100.100.200' } });
    const demoSession = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { device_id: 'dev_demo' });
    expect(demoSession.status).toBe(201);
  });

  it('answers every failure to reach or log in with one generic 502 ssh_connect_failed; the detail goes to the log and the audit only', async () => {
    const logLines: string[] = [];
    const bff = await startBff({ NS_SSH_ALLOW: '127.0.0.1/32' }, { logLines });
    const owner = await createUser(bff, 'engineer');
    const demo = demoLogin(bff);
    const peers = new Set<net.Socket>();
    const notSsh = net.createServer((socket) => {
      peers.add(socket);
      socket.on('error', () => {});
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => notSsh.listen(0, '127.0.0.1', resolve));
    closeWhenDone(() => {
      for (const socket of peers) socket.destroy();
      return new Promise((resolve) => notSsh.close(resolve));
    });
    const closedPort = await freePort();
    const attempts = {
      closed_port: { host: '127.0.0.1', port: closedPort, username: 'x', password: 'y' },
      not_ssh: { host: '127.0.0.1', port: (notSsh.address() as net.AddressInfo).port, username: 'x', password: 'y' },
      wrong_password: { ...demo, host: '127.0.0.1', password: 'not-the-password' },
    };
    for (const [what, body] of Object.entries(attempts)) {
      const r = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, body);
      expect({ what, status: r.status, body: r.body }).toEqual({ what, status: 502, body: { error: { code: 'ssh_connect_failed', message: 'Could not connect to the device' } } });
    }
    const failures = (await auditOf(bff, 'session.open_failed')).reverse();
    expect(failures.map((e) => e.details.port)).toEqual(Object.values(attempts).map((a) => a.port));
    expect(failures.every((e) => e.details.reason === 'connect_failed' && e.actor_email === owner.email)).toBe(true);
    const details = failures.map((e) => String(e.details.detail));
    expect(details[0]).toMatch(/ECONNREFUSED/);
    expect(details[2]).toMatch(/authentication/i);
    expect(new Set(details).size).toBe(3);
    const logged = logLines.filter((line) => line.includes('SSH session not opened'));
    expect(logged).toHaveLength(3);
    expect(logged[0]).toContain('ECONNREFUSED');
  });

  it('checks a host name by the addresses it resolves to, and connects to the address it checked', async () => {
    const refusing = await startBff();
    const owner = await createUser(refusing, 'engineer');
    const demo = demoLogin(refusing);
    const refused = await api(refusing.url, 'POST', '/api/v1/sessions', owner.token, { ...demo, host: 'localhost' });
    expect(refused.body.error?.code).toBe('ssh_target_refused');

    const allowing = await startBff({ NS_SSH_ALLOW: 'localhost' });
    const engineer = await createUser(allowing, 'engineer');
    const opened = await api(allowing.url, 'POST', '/api/v1/sessions', engineer.token, { ...demoLogin(allowing), host: 'LocalHost.' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    // Pinned and shown under the name the user gave, connected to the address it resolved to.
    expect(opened.body.device).toMatchObject({ host: 'localhost' });
    const denied = await startBff({ NS_SSH_ALLOW: '127.0.0.0/8', NS_SSH_DENY: 'localhost' });
    const other = await createUser(denied, 'engineer');
    expect((await api(denied.url, 'POST', '/api/v1/sessions', other.token, { ...demoLogin(denied), host: 'localhost' })).body.error?.code).toBe('ssh_target_refused');
    expect((await api(denied.url, 'POST', '/api/v1/sessions', other.token, { ...demoLogin(denied), host: '127.0.0.1' })).status).toBe(201);
  });

  it('caps open sessions per user (429 too_many_sessions), parallel opens included', async () => {
    const bff = await startBff({ NS_MAX_SESSIONS_PER_USER: '2' });
    const owner = await createUser(bff, 'engineer');
    const open = () => api(bff.url, 'POST', '/api/v1/sessions', owner.token, { device_id: 'dev_demo' });
    const parallel = await Promise.all(Array.from({ length: 6 }, open));
    expect(parallel.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
    expect(parallel.find((r) => r.status === 429)!.body.error.code).toBe('too_many_sessions');
    const first = parallel.find((r) => r.status === 201)!.body.session_id;
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${first}`, owner.token)).status).toBe(200);
    await eventually(async () => expect((await open()).status).toBe(201));
    // Another user's budget is their own.
    const other = await createUser(bff, 'engineer');
    expect((await api(bff.url, 'POST', '/api/v1/sessions', other.token, { device_id: 'dev_demo' })).status).toBe(201);
  });

  it('rate-limits session attempts per user, refused and failed ones included (429 too_many_sessions_opened)', async () => {
    const bff = await startBff();
    const scanner = await createUser(bff, 'engineer');
    for (let i = 0; i < 30; i += 1) {
      expect((await api(bff.url, 'POST', '/api/v1/sessions', scanner.token, { host: '169.254.169.254', port: 22 + i, username: 'x', password: 'y' })).status).toBe(403);
    }
    const limited = await api(bff.url, 'POST', '/api/v1/sessions', scanner.token, { device_id: 'dev_demo' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_sessions_opened');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const bystander = await createUser(bff, 'engineer');
    expect((await api(bff.url, 'POST', '/api/v1/sessions', bystander.token, { device_id: 'dev_demo' })).status).toBe(201);
    bff.clock.advance(10 * 60_000 + 1_000);
    expect((await api(bff.url, 'POST', '/api/v1/sessions', scanner.token, { device_id: 'dev_demo' })).status).toBe(201);
  });
});

describe('§7 secrets never reach the log', () => {
  it('a full flow writes no share token, login token, password, cookie or Authorization value to any log line', async () => {
    const logLines: string[] = [];
    const bff = await startBff({}, { logLines });
    const owner = await createUser(bff, 'engineer');
    const guest = await createUser(bff, 'guest');
    const sessionId = await openSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const tokenBody = share.token.slice('ns_share_'.length);
    const origin = new URL(bff.url).origin;

    expect((await api(bff.url, 'GET', `/api/v1/shared/${share.token}`, guest.token)).status).toBe(200);
    expect((await api(bff.url, 'GET', '/api/v1/auth/me', null, undefined, { cookie: guest.cookie })).status).toBe(200);
    const viewer = wsClient(share.websocket_url, { headers: { cookie: guest.cookie, origin } });
    await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
    // The same token, percent-encoded: served like the plain one, so it must be redacted like it.
    const encoded = `ns%5Fshare_${tokenBody}`;
    expect((await api(bff.url, 'GET', `/api/v1/shared/${encoded}`, guest.token)).status).toBe(200);
    const encodedSocket = wsClient(`${bff.wsUrl}/api/v1/sessions/shared/${encoded}/ws`, { token: guest.token });
    await eventually(() => expect(encodedSocket.closeCode ?? encodedSocket.open).toBeTruthy());
    // A bad Host and a malformed cookie used to fail with 500 and log the raw path.
    for (const host of ['evil;x', 'a,b']) {
      await rawRequest(bff.url, `GET /shared/${share.token} HTTP/1.1`, [['Host', host]]);
      await rawRequest(bff.url, `GET /api/v1/shared/${encoded} HTTP/1.1`, [['Host', host], ['Authorization', `Bearer ${guest.token}`]]);
    }
    await rawRequest(bff.url, `GET /api/v1/shared/${share.token} HTTP/1.1`, [['Host', 'localhost'], ['Cookie', `ns_session=%E0%A4%A${guest.token}`]]);
    await rawRequest(bff.url, `GET /api/v1/sessions/shared/${share.token}/ws HTTP/1.1`, [['Host', 'localhost'], ['Cookie', `ns_session=%zz${guest.token}`], ['Origin', origin], ['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==']]);
    expect((await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: owner.email, password: 'Not-the-password-9' })).status).toBe(401);
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${share.share_id}`, owner.token)).status).toBe(200);
    await eventually(() => expect(viewer.closeCode).not.toBeNull());
    expect((await api(bff.url, 'GET', `/api/v1/shared/${share.token}`, guest.token)).status).toBe(410);
    expect((await api(bff.url, 'POST', '/api/v1/auth/logout', null, undefined, { cookie: guest.cookie, origin })).status).toBe(204);
    encodedSocket.close();

    const cookieValue = guest.cookie.split('=')[1]!;
    const secrets = { shareToken: share.token, tokenBody, ownerToken: owner.token, guestToken: guest.token, adminToken: bff.adminToken, cookieValue, userPassword, adminPassword, wrongPassword: 'Not-the-password-9' };
    await eventually(() => expect(logLines.some((line) => line.includes('"path":"/api/v1/shared/ns_share_[REDACTED]"'))).toBe(true));
    expect(logLines.length).toBeGreaterThan(20);
    for (const line of logLines) {
      for (const [name, secret] of Object.entries(secrets)) expect(line.includes(secret), `${name} in ${line}`).toBe(false);
    }
  });
});

describe.each<StoreKind>(storeKinds)('bad input never gets 500 (%s)', (kind) => {
  let bff: TestBff;
  beforeAll(async () => {
    bff = await startBffOn(kind, postgres);
  });

  it('answers a Host header with ; or , on every kind of route, and never copies Host into the CSP', async () => {
    for (const host of ['evil.example; script-src *', 'a,b', 'x;', "'unsafe-eval'"]) {
      for (const path of ['/healthz', '/api/v1/auth/me', '/shared/ns_share_abc', '/api/v1/nothing', '/metrics']) {
        const r = await rawRequest(bff.url, `GET ${path} HTTP/1.1`, [['Host', host], ['Authorization', `Bearer ${bff.adminToken}`]]);
        expect(r.status, `${host} ${path}`).toBeGreaterThan(0);
        expect(r.status, `${host} ${path}`).toBeLessThan(500);
        const csp = r.headers['content-security-policy'] ?? '';
        expect(csp, `${host} ${path}`).toMatch(new RegExp(`connect-src 'self' [^;]*${bff.wsUrl}`));
        expect(csp).not.toContain('evil');
        expect(csp).not.toContain('unsafe-eval');
      }
    }
  });

  it('treats a cookie that is not validly percent-encoded as no login: 401 on REST, refused socket (never 500 or 1011)', async () => {
    const owner = await createUser(bff, 'engineer');
    const sessionId = await openSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const origin = new URL(bff.url).origin;
    for (const cookie of ['ns_session=%E0%A4%A', 'ns_session=%', `ns_session=${owner.cookie.split('=')[1]}%zz`]) {
      const me = await api(bff.url, 'GET', '/api/v1/auth/me', null, undefined, { cookie });
      expect(me.status, cookie).toBe(401);
      expect((await api(bff.url, 'GET', '/api/v1/shares', null, undefined, { cookie })).status).toBe(401);
      expect((await api(bff.url, 'POST', '/api/v1/auth/logout', null, undefined, { cookie, origin })).status).toBe(204);
      const refused = await upgradeOutcome(share.websocket_url, { cookie, origin });
      expect([401, 4401], `${cookie}: ${refused}`).toContain(refused);
    }
  });

  it('rejects NUL and control characters in bodies, queries and route parameters with 400', async () => {
    const admin = bff.adminToken;
    const cases: Array<[string, string, unknown?]> = [
      ['POST', '/api/v1/auth/login', { email: 'admin\u0000@example.com', password: 'x' }],
      ['POST', '/api/v1/auth/login', { email: 'admin@example.com', password: 'pass\u0000word' }],
      ['POST', '/api/v1/users', { email: 'nul@example.com', name: 'Nul', password: 'long\u0000enough', role: 'guest' }],
      ['POST', '/api/v1/users', { email: 'nul\u0000@example.com', name: 'Nul', password: 'longenough', role: 'guest' }],
      ['POST', '/api/v1/sessions', { device_id: 'dev_\u0000' }],
      ['POST', '/api/v1/sessions', { host: 'router', username: 'ad\u0000min', password: 'x' }],
      ['POST', '/api/v1/sessions', { host: 'router\u0007', username: 'admin', password: 'x' }],
      ['POST', '/api/v1/sessions/sess_x/share', { expires_in: '1h\u0000' }],
      ['GET', '/api/v1/audit?share_id=%00'],
      ['GET', '/api/v1/audit?user_id=u%1B%5B31m'],
      ['GET', '/api/v1/audit/export?session_id=%00'],
      ['GET', '/api/v1/sessions/sess_%00'],
      ['DELETE', '/api/v1/sessions/sess_%00'],
      ['GET', '/api/v1/sessions/sess_%00/shares'],
      ['DELETE', '/api/v1/sessions/sess_x/shares/share_%00'],
      ['GET', '/api/v1/shared/ns_share_%00'],
      ['PATCH', '/api/v1/users/usr_%00', { name: 'x' }],
      ['DELETE', '/api/v1/admin/ssh-host-keys/hk_%00'],
      ['GET', '/api/v1/shares?state=%00'],
    ];
    for (const [method, path, body] of cases) {
      const r = await api(bff.url, method, path, admin, body);
      expect({ method, path, status: r.status, code: r.body?.error?.code }).toMatchObject({ method, path, status: 400 });
    }
    expect((await api(bff.url, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('PostgreSQL data errors', () => {
  it('answers SQLSTATE class 22 (a NUL in text, a malformed value) with 400, not 500', async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const errors: unknown[] = [];
    try {
      for (const [text, value] of [['select $1::text', 'nul\u0000'], ['select $1::int', 'x'], ['select $1::timestamptz', 'yesterday-ish']]) {
        await client.query(text!, [value]).catch((err: unknown) => errors.push(err));
      }
    } finally {
      await client.end();
    }
    expect(errors.map((e) => (e as { code: string }).code)).toEqual(['22021', '22P02', '22007']);
    const logged: unknown[] = [];
    const handle = errorMiddleware({ error: (o: unknown) => logged.push(o) } as never);
    for (const err of errors) {
      const answer: { status?: number; body?: unknown } = {};
      const res = { headersSent: false, setHeader: () => {}, status: (status: number) => ((answer.status = status), res), json: (body: unknown) => (answer.body = body) };
      handle(err, { method: 'GET', originalUrl: '/api/v1/audit?share_id=%00' } as never, res as never, () => {});
      expect(answer).toEqual({ status: 400, body: { error: { code: 'invalid_input', message: expect.any(String) } } });
    }
    expect(logged).toEqual([]);
  });
});

/** The HTTP status of a refused upgrade, or the close code of a socket that opened. */
function upgradeOutcome(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => {});
  });
}

describe('§7 login cookie behind a TLS proxy', () => {
  it('is Secure whenever NS_PUBLIC_URL is https, even when the server itself speaks plain HTTP', async () => {
    const proxied = await startBff({ NS_PUBLIC_URL: 'https://ns.example.com' });
    const behindProxy = await api(proxied.url, 'POST', '/api/v1/auth/login', null, { email: 'admin@example.com', password: adminPassword });
    expect(behindProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    const plain = await startBff({ NS_PUBLIC_URL: 'http://ns.example.com' });
    const direct = await api(plain.url, 'POST', '/api/v1/auth/login', null, { email: 'admin@example.com', password: adminPassword });
    expect(direct.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('static files, source maps and /metrics', () => {
  const spa = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-spa-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>NetStacks</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map\n');
    writeFileSync(join(dir, 'assets', 'app.js.map'), '{"version":3,"sources":["web/secret.ts"]}');
    closeWhenDone(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('answers a missing static file with a plain 404 JSON that names no server path', async () => {
    const staticDir = spa();
    const bff = await startBff({}, { staticDir });
    for (const path of ['/assets/missing.js', '/assets/..%2f..%2findex.html', '/assets/%E0%A4%A']) {
      const r = await api(bff.url, 'GET', path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      expect(JSON.stringify(r.body), path).not.toContain(staticDir);
      expect(JSON.stringify(r.body), path).not.toMatch(/ENOENT|\/tmp\//);
    }
    expect((await api(bff.url, 'GET', '/assets/missing.js')).body).toEqual({ error: { code: 'not_found', message: 'Not found' } });
    expect((await api(bff.url, 'GET', '/assets/app.js')).status).toBe(200);
    expect((await api(bff.url, 'GET', '/shares')).body).toContain('NetStacks');
  });

  it('keeps source maps off the public path unless NS_SOURCE_MAPS=1', async () => {
    const staticDir = spa();
    const production = await startBff({}, { staticDir });
    for (const path of ['/assets/app.js.map', '/assets/app.js.m%61p', '/assets/APP.JS.MAP']) {
      const r = await api(production.url, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('secret.ts');
    }
    const debugging = await startBff({ NS_SOURCE_MAPS: '1' }, { staticDir });
    const map = await api(debugging.url, 'GET', '/assets/app.js.map');
    expect(map.status).toBe(200);
    expect(map.body.sources).toEqual(['web/secret.ts']);
  });

  it('/metrics is open by default and needs the Bearer token when NS_METRICS_TOKEN is set', async () => {
    const open = await startBff();
    expect((await api(open.url, 'GET', '/metrics')).status).toBe(200);
    const token = 'scrape-token-0123456789';
    const guarded = await startBff({ NS_METRICS_TOKEN: token });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${token}x`, `Basic ${token}`, 'Bearer ']) {
      const r = await api(guarded.url, 'GET', '/metrics', null, undefined, authorization === undefined ? {} : { authorization });
      expect(r.status, String(authorization)).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const scraped = await api(guarded.url, 'GET', '/metrics', token);
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('ns_');
    expect((await api(guarded.url, 'GET', '/healthz')).status).toBe(200);
  });
});
