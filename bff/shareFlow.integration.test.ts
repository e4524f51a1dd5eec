/** DESIGN.md §4–§8: the seed's flow over real HTTP and WebSockets, SQLite in a temp dir. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/index.js';
import { api, createShare, createUser, eventually, openDemoSession, startBff, statusFrames, type TestBff, wsClient } from './testing/harness.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

describe('§5–§6 share a live session with an authenticated read-only viewer', () => {
  it('runs the whole seed flow: share, watch, list, revoke, never again, audited', async () => {
    const owner = await createUser(bff, 'engineer', 'Olivia Owner');
    const viewer = await createUser(bff, 'engineer', 'Victor Viewer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId, { expires_in: '1h', max_viewers: 10, require_auth: true });
    expect(share.token).toMatch(/^ns_share_[A-Za-z0-9_-]{43}$/);

    const watcher = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(watcher.frames.map((f) => f.type).slice(0, 2)).toEqual(['status', 'resize']));
    const hello = statusFrames(watcher)[0]!;
    expect(hello.owner).toMatchObject({ email: owner.email, name: 'Olivia Owner' });
    expect(hello.state).toBe('active');
    expect(hello.expires_at).toBe(share.expires_at);

    ownerSocket.send({ type: 'input', data: 'show ip bgp summary\r' });
    await eventually(() => expect(watcher.text()).toContain('BGP router identifier 10.255.0.1'));
    const outputs = watcher.frames.filter((f) => f.type === 'output') as Array<{ seq: number; timestamp: number }>;
    expect(outputs.map((f) => f.seq)).toEqual([...outputs.map((f) => f.seq)].sort((a, b) => a - b));
    expect(Math.abs(outputs[0]!.timestamp - Date.now())).toBeLessThan(60_000);

    // Viewer input is dropped: a JSON input frame and raw text never reach the router.
    watcher.send({ type: 'input', data: 'reload in 1\r' });
    watcher.send('configure terminal\r');
    ownerSocket.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(ownerSocket.text()).toContain('Configuration register'));
    expect(ownerSocket.text()).not.toMatch(/reload in 1|configure terminal/);

    const listed = await api(bff.url, 'GET', `/api/v1/sessions/${sessionId}/shares`, owner.token);
    expect(listed.body.shares[0]).toMatchObject({ share_id: share.share_id, viewer_count: 1, viewers: [{ email: viewer.email }] });

    const revoked = await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${share.share_id}`, owner.token);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ state: 'revoked', revoked_by: owner.email, viewers_disconnected: 1 });
    await eventually(() => expect(watcher.closeCode).toBe(CloseCode.shareEnded));
    expect(statusFrames(watcher).at(-1)).toMatchObject({ event: 'share_revoked', message: `Share revoked by ${owner.email}` });

    const again = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(again.closeCode).toBe(CloseCode.shareEnded));
    expect(again.frames.some((f) => f.type === 'output')).toBe(false);

    const audit = await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}`, bff.adminToken);
    const types = audit.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['share.created', 'viewer.joined', 'viewer.left', 'share.revoked', 'viewer.denied']));
    const joined = audit.body.events.find((e: { type: string }) => e.type === 'viewer.joined');
    expect(joined).toMatchObject({ actor_email: viewer.email, ip: expect.stringMatching(/127\.0\.0\.1/) });
    // Actions taken over HTTP record where they came from, like joins do.
    for (const type of ['share.created', 'share.revoked']) {
      const event = audit.body.events.find((e: { type: string }) => e.type === type);
      expect(event, type).toMatchObject({ actor_email: owner.email, ip: expect.stringMatching(/127\.0\.0\.1/), user_agent: expect.any(String) });
    }
    const left = audit.body.events.find((e: { type: string }) => e.type === 'viewer.left');
    expect(left.details).toMatchObject({ reason: 'revoked', duration_ms: expect.any(Number) });
    ownerSocket.close();
  });

  it('a guest account may view; an engineer cannot share a session it does not own (403)', async () => {
    const owner = await createUser(bff, 'engineer');
    const other = await createUser(bff, 'engineer');
    const guest = await createUser(bff, 'guest');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    expect((await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, other.token, { expires_in: '1h' })).status).toBe(403);
    expect((await api(bff.url, 'POST', '/api/v1/sessions', guest.token, { device_id: 'dev_demo' })).status).toBe(403);
    const share = await createShare(bff, owner.token, sessionId);
    const watcher = wsClient(share.websocket_url, { token: guest.token });
    // Viewers see output from the moment they joined (no history): wait for the join.
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
    ownerSocket.send({ type: 'input', data: 'show interfaces\r' });
    await eventually(() => expect(watcher.text()).toContain('GigabitEthernet0/0 is up'));
    watcher.close();
    ownerSocket.close();
  });

  it('refuses bad input with a 4xx JSON error and loses nothing', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const cases: Array<[unknown, string]> = [
      ['{"expires_in":', 'invalid_json'],
      [{ expires_in: 'soon' }, 'invalid_expires_in'],
      [{ expires_in: '30s' }, 'invalid_expires_in'],
      [{ expires_in: '25h' }, 'invalid_expires_in'],
      [{ expires_in: '1h', require_auth: false }, 'require_auth_required'],
      [{ expires_in: '1h', max_viewers: 0 }, 'validation_failed'],
      [{ expires_in: '1h', max_viewers: 'ten' }, 'validation_failed'],
      [[], 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const r = await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, owner.token, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatchObject({ code, message: expect.any(String) });
    }
    expect((await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { device_id: 'nope' })).status).toBe(400);
    expect((await api(bff.url, 'POST', '/api/v1/users', bff.adminToken, { email: 'x' })).status).toBe(400);
    expect((await api(bff.url, 'GET', '/api/v1/audit?limit=abc', bff.adminToken)).status).toBe(400);
    expect((await api(bff.url, 'GET', '/api/v1/audit?cursor=zz', bff.adminToken)).status).toBe(400);
    expect((await api(bff.url, 'GET', '/api/v1/nope', owner.token)).status).toBe(404);
    // The session is unharmed.
    ownerSocket.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(ownerSocket.text()).toContain('IOSv'));
    ownerSocket.close();
  });
});
