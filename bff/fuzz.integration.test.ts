/**
 * Issues 5 and 9 "bad input": random JSON bodies, query strings, hostile headers and cookies, and
 * WebSocket upgrades and frames thrown at every endpoint (fast-check), on SQLite and on
 * PostgreSQL (which refuses NUL in text where SQLite stores it). Nothing answers 5xx, no socket
 * closes with 1011, the server keeps serving, and no audit row is lost or changed.
 */
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, createShare, createUser, eventually, openDemoSession, type TestBff, wsClient } from './testing/harness.js';
import { rawRequest } from './testing/rawHttp.js';
import { type PostgresServer, startPostgres } from './testing/services.js';
import { startBffOn, storeKinds } from './testing/stores.js';

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

/** Any byte but CR and LF (which would end the header rather than be in it), NUL included. */
const headerByte = fc.integer({ min: 0, max: 255 }).filter((c) => c !== 10 && c !== 13).map((c) => String.fromCharCode(c));
const headerBytes = (maxLength: number) => fc.string({ unit: headerByte, maxLength });
/** What node:http lets a client send: no control characters but tab. */
// eslint-disable-next-line no-control-regex -- dropping control characters is the point
const sendableHeader = (maxLength: number) => headerBytes(maxLength).map((v) => v.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ''));

describe.each(storeKinds)('§5 bad input never breaks the server (property-based, %s)', (kind) => {
  // A fresh server per test: the random requests of one guess share tokens, and the per-address
  // guessing throttle they may trip (30 misses) must not refuse the next test's honest viewer.
  let bff: TestBff;
  beforeEach(async () => {
    bff = await startBffOn(kind, postgres);
  });

  const auditSnapshot = async () => {
    const rows = await (await bff.rawDb()).selectFrom('audit_events').selectAll().orderBy('seq').execute();
    for (const row of rows) JSON.parse(row.details);
    return rows;
  };

  /** Every event that was there is still there, unchanged, and the hash chain verifies. */
  const expectAuditIntact = async (before: Awaited<ReturnType<typeof auditSnapshot>>) => {
    const after = await auditSnapshot();
    expect(after.slice(0, before.length)).toEqual(before);
    expect((await api(bff.url, 'GET', '/api/v1/audit/verify', bff.adminToken)).body).toMatchObject({ ok: true });
  };

  it('answers random bodies and queries on every endpoint with 2xx/4xx JSON, never 5xx', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const before = await auditSnapshot();

    const endpoints: Array<[string, string]> = [
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/users'],
      ['POST', '/api/v1/sessions'],
      ['POST', `/api/v1/sessions/${sessionId}/share`],
      ['GET', `/api/v1/sessions/${sessionId}/shares`],
      ['DELETE', `/api/v1/sessions/${sessionId}/shares/share_nope`],
      ['GET', '/api/v1/shares'],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/audit/export'],
      ['GET', '/api/v1/shared/ns_share_x'],
      ['GET', '/api/v1/sessions/sess_nope'],
      ['GET', '/api/v1/admin/ssh-host-keys'],
      ['DELETE', '/api/v1/admin/ssh-host-keys/hk_nope'],
    ];
    // Strings of any code unit, NUL and lone surrogates included, inside JSON and out of it.
    const anyText = fc.string({ unit: 'binary', maxLength: 40 });
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.dictionary(fc.constantFrom('email', 'password', 'name', 'role', 'device_id', 'host', 'port', 'username', 'expires_in', 'max_viewers'), fc.oneof(anyText, fc.integer()), { maxKeys: 5 }).map((o) => JSON.stringify(o)),
    );
    const query = fc.dictionary(fc.constantFrom('state', 'limit', 'cursor', 'from', 'to', 'type', 'share_id', 'format', 'user_id'), fc.oneof(fc.string({ maxLength: 40 }), anyText), { maxKeys: 4 });
    // A route parameter with anything in it, percent-encoded (%00, %1B, %FF, lone surrogates).
    const param = anyText.map((v) => encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\u0000')));
    const path = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...endpoints) },
      param.map((p): [string, string] => ['GET', `/api/v1/sessions/sess_${p}`]),
      param.map((p): [string, string] => ['DELETE', `/api/v1/sessions/${sessionId}/shares/${p}`]),
      param.map((p): [string, string] => ['GET', `/api/v1/shared/${p}`]),
      param.map((p): [string, string] => ['PATCH', `/api/v1/users/${p}`]),
    );
    await fc.assert(
      fc.asyncProperty(path, body, query, fc.boolean(), async ([method, target], payload, q, asAdmin) => {
        const search = new URLSearchParams(q).toString();
        const token = asAdmin ? bff.adminToken : owner.token;
        const r = await api(bff.url, method, `${target}${search ? `?${search}` : ''}`, token, method === 'GET' ? undefined : payload);
        expect(r.status, `${method} ${target}?${search} ${String(payload).slice(0, 80)} → ${JSON.stringify(r.body).slice(0, 200)}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }),
      { numRuns: 300 },
    );

    expect((await api(bff.url, 'GET', '/healthz')).status).toBe(200);
    await expectAuditIntact(before);
    expect((await auditSnapshot()).find((e) => e.share_id === share.share_id && e.type === 'share.created')).toBeTruthy();
    ownerSocket.close();
  }, 180_000);

  it('answers hostile headers and cookies (Host, Origin, Cookie, X-Forwarded-For, Authorization; NUL-laden, huge) on every endpoint, never 5xx', async () => {
    const owner = await createUser(bff, 'engineer');
    // The headers carry this account's token, not the owner's: a fuzzed logout may end it.
    const fuzzer = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const origin = new URL(bff.url).origin;
    const before = await auditSnapshot();

    const requests = fc.constantFrom(
      'GET /healthz', 'GET /metrics', 'GET /api/v1/auth/me', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'GET /api/v1/sessions',
      `GET /api/v1/sessions/${sessionId}`, `GET /api/v1/shared/${share.token}`, `GET /shared/${share.token}`, 'GET /api/v1/audit', 'GET /api/v1/shares',
      `POST /api/v1/sessions/${sessionId}/share`, 'GET /nothing', 'DELETE /api/v1/sessions/sess_nope',
    );
    const value = fc.oneof(
      headerBytes(60),
      fc.constantFrom('a;b', 'a,b', 'evil.example; script-src *', '', ' ', 'null', origin, `${origin}.evil.example`, '%', '%zz', '%E0%A4%A', '\u0000', '\u00ff\u00fe'),
      headerBytes(4).map((v) => v.repeat(2000)),
    );
    const cookie = fc.oneof(
      fc.constantFrom('ns_session=%', 'ns_session=%E0%A4%A', `ns_session=${fuzzer.token}%zz`, 'a=%; ns_session=%ff%'),
      value.map((v) => `ns_session=${v}`),
      value.map((v) => `ns_session=${fuzzer.token}${v}`),
      fc.constant(`ns_session=${fuzzer.token}`),
      value,
    );
    const authorization = fc.oneof(value, value.map((v) => `Bearer ${v}`), fc.constant(`Bearer ${fuzzer.token}`), value.map((v) => `Bearer ${fuzzer.token}${v}`));
    const headers = fc.record(
      { Host: value, Origin: value, Cookie: cookie, 'X-Forwarded-For': value, Authorization: authorization, 'User-Agent': value, 'Content-Type': value },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(requests, headers, fc.option(fc.json(), { nil: '' }), async (request, h, body) => {
        const [method, path] = request.split(' ') as [string, string];
        const lines = Object.entries(h) as Array<[string, string]>;
        if (!('Host' in h)) lines.push(['Host', new URL(bff.url).host]);
        const r = await rawRequest(bff.url, `${method} ${path} HTTP/1.1`, lines, method === 'GET' ? '' : body);
        const what = `${request} ${JSON.stringify(h).slice(0, 300)} → ${r.status} ${r.body.slice(0, 200)}`;
        // Node's parser answers malformed header bytes with 400 itself; nothing may reach 5xx.
        expect(r.status, what).toBeGreaterThan(0);
        expect(r.status, what).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );

    expect((await api(bff.url, 'GET', '/healthz')).status).toBe(200);
    expect((await api(bff.url, 'GET', `/api/v1/sessions/${sessionId}`, owner.token)).body.state).toBe('active');
    await expectAuditIntact(before);
    ownerSocket.close();
  }, 180_000);

  it('refuses or serves WebSocket upgrades with hostile headers, never with a 5xx or a 1011 close', async () => {
    const owner = await createUser(bff, 'engineer');
    const guest = await createUser(bff, 'guest');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const origin = new URL(bff.url).origin;
    const before = await auditSnapshot();

    const paths = fc.constantFrom(share.websocket_url, `${bff.wsUrl}/api/v1/sessions/${sessionId}/ws`, `${bff.wsUrl}/api/v1/sessions/shared/ns_share_nope/ws`, `${bff.wsUrl}/api/v1/sessions/sess_nope/ws`, `${bff.wsUrl}/api/v1/nope/ws`);
    const value = fc.oneof(sendableHeader(60), fc.constantFrom('a;b', 'a,b', '', 'null', origin, '%', '%zz', '%E0%A4%A', '\u00ff'), sendableHeader(3).map((v) => v.repeat(1500)));
    const token = fc.constantFrom(owner.token, guest.token, '');
    const headers = fc.record(
      {
        host: value,
        origin: fc.oneof(value, fc.constant(origin)),
        cookie: fc.oneof(fc.constantFrom('ns_session=%', 'ns_session=%E0%A4%A'), value.map((v) => `ns_session=${v}`), token.chain((t) => value.map((v) => `ns_session=${t}${v}`))),
        'x-forwarded-for': value,
        authorization: fc.oneof(value, token.map((t) => `Bearer ${t}`)),
        'user-agent': value,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(paths, headers, async (url, h) => {
        const outcome = await upgrade(url, h);
        const what = `${url} ${JSON.stringify(h).slice(0, 300)} → ${JSON.stringify(outcome)}`;
        if (outcome.status !== undefined) expect(outcome.status, what).toBeLessThan(500);
        if (outcome.close !== undefined) expect(outcome.close, what).not.toBe(1011);
      }),
      { numRuns: 150 },
    );
    // A raw upgrade with NUL and other control bytes in its headers: Node answers it, we do not crash.
    for (const bad of ['\u0000', '\u0001\u0002', 'x\u007f', `${owner.token}\u0000`]) {
      const r = await rawRequest(bff.url, `GET /api/v1/sessions/shared/${share.token}/ws HTTP/1.1`, [
        ['Host', new URL(bff.url).host], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ['Authorization', `Bearer ${bad}`], ['Cookie', `ns_session=${bad}`],
      ]);
      expect(r.status).toBeGreaterThan(0);
      expect(r.status).toBeLessThan(500);
    }

    // The real viewer still gets in and sees output (from an address of its own: the unknown
    // links above may have used up the per-address guessing budget of 127.0.0.1).
    const viewer = wsClient(share.websocket_url, { token: guest.token, headers: { 'x-forwarded-for': '198.51.100.77' } });
    // Joined (status and resize received) before the output it must see is produced.
    await eventually(() => expect(viewer.frames.length, `viewer closed with ${viewer.closeCode}`).toBeGreaterThanOrEqual(2));
    expect(ownerSocket.closeCode).toBeNull();
    ownerSocket.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(viewer.text()).toContain('Configuration register'), 10_000);
    expect(viewer.closeCode).toBeNull();
    await expectAuditIntact(before);
    viewer.close();
    ownerSocket.close();
  }, 180_000);

  it('drops random viewer frames and ignores malformed owner frames; the session keeps working', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const viewer = wsClient(share.websocket_url, { token: owner.token });
    await eventually(() => {
      expect(viewer.closeCode).toBeNull();
      expect(viewer.frames.length).toBeGreaterThanOrEqual(2);
    });
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.record({ type: fc.constantFrom('input', 'resize', 'shares', 'status'), data: fc.string({ unit: 'binary' }), cols: fc.integer(), rows: fc.integer() }).map((o) => JSON.stringify(o)),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    );
    await fc.assert(
      fc.asyncProperty(frame, frame, async (toViewerSocket, toOwnerSocket) => {
        viewer.ws.send(toViewerSocket);
        // Owner frames are real input when valid; keep them harmless (no Enter, no exit, no Ctrl-D).
        // eslint-disable-next-line no-control-regex -- Ctrl-D would log the shell out
        const owned = typeof toOwnerSocket === 'string' ? toOwnerSocket.replace(/[\r\n\u0004]|\\[rnu]/g, ' ') : toOwnerSocket;
        ownerSocket.ws.send(owned);
      }),
      { numRuns: 200 },
    );
    ownerSocket.send({ type: 'input', data: '\x03show version\r' });
    await eventually(() => expect(viewer.text()).toContain('Configuration register'), 10_000);
    expect(viewer.closeCode).toBeNull();
    expect(ownerSocket.closeCode).toBeNull();
    ownerSocket.close();
  }, 60_000);
});

/** How an upgrade ended: the HTTP status of a refusal, or the close code of a socket that opened. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status?: number; close?: number }> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { headers });
    } catch {
      // The client refused to send it: nothing reached the server.
      return resolve({});
    }
    const timer = setTimeout(() => ws.terminate(), 1_500);
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    // An accepted socket: long enough for a handler that fails to close it with 1011.
    ws.on('open', () => setTimeout(() => ws.close(), 100));
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ close: code });
    });
    ws.on('error', () => {});
  });
}
