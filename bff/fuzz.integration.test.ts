/**
 * Issue 5 "bad input": random JSON bodies, query strings and WebSocket frames thrown at every
 * endpoint (fast-check). Nothing answers 5xx, the server keeps serving, no audit row is lost or
 * changed.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, createShare, createUser, eventually, openDemoSession, startBff, type TestBff, wsClient } from './testing/harness.js';

// A fresh server per test: the random requests of one guess share tokens, and the per-address
// guessing throttle they may trip (30 misses) must not refuse the next test's honest viewer.
let bff: TestBff;
beforeEach(async () => {
  bff = await startBff();
});
afterEach(async () => {
  await bff?.close();
});

const auditSnapshot = async () => {
  const rows = await (await bff.rawDb()).selectFrom('audit_events').selectAll().orderBy('seq').execute();
  for (const row of rows) JSON.parse(row.details);
  return rows;
};

describe('§5 bad input never breaks the server (property-based)', () => {
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
    const body = fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)));
    const query = fc.dictionary(fc.constantFrom('state', 'limit', 'cursor', 'from', 'to', 'type', 'share_id', 'format', 'user_id'), fc.string({ maxLength: 40 }), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), body, query, fc.boolean(), async ([method, path], payload, q, asAdmin) => {
        const search = new URLSearchParams(q).toString();
        const token = asAdmin ? bff.adminToken : owner.token;
        const r = await api(bff.url, method, `${path}${search ? `?${search}` : ''}`, token, method === 'GET' ? undefined : payload);
        expect(r.status, `${method} ${path}?${search} ${String(payload).slice(0, 80)} → ${JSON.stringify(r.body).slice(0, 200)}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }),
      { numRuns: 300 },
    );

    expect((await api(bff.url, 'GET', '/healthz')).status).toBe(200);
    const after = await auditSnapshot();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.find((e) => e.share_id === share.share_id && e.type === 'share.created')).toBeTruthy();
    ownerSocket.close();
  }, 120_000);

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
      fc.json({ maxDepth: 3 }),
      fc.record({ type: fc.constantFrom('input', 'resize', 'shares', 'status'), data: fc.string(), cols: fc.integer(), rows: fc.integer() }).map((o) => JSON.stringify(o)),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    );
    await fc.assert(
      fc.asyncProperty(frame, frame, async (toViewerSocket, toOwnerSocket) => {
        viewer.ws.send(toViewerSocket);
        // Owner frames are real input when valid; keep them harmless (no Enter, no exit).
        const owned = typeof toOwnerSocket === 'string' ? toOwnerSocket.replace(/[\r\n]/g, ' ') : toOwnerSocket;
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
