/** Issue 5 / DESIGN.md §4–§5: expiry, revocation, max_viewers, owner presence, resize, lists. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/index.js';
import { ManualClock } from './clock.js';
import { adminEmail, api, createShare, createUser, eventually, openDemoSession, startBff, statusFrames, type TestBff, wsClient } from './testing/harness.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startBff({ NS_OWNER_GRACE: '3s' });
});
afterAll(async () => {
  await bff?.close();
});

const auditOf = async (shareId: string, type?: string) =>
  (await api(bff.url, 'GET', `/api/v1/audit?share_id=${shareId}${type ? `&type=${type}` : ''}`, bff.adminToken)).body.events as Array<{ type: string; details: Record<string, unknown>; actor_email: string | null }>;

describe('§5 expiry', () => {
  it('expires at expires_at by itself: status, 4410, audited once, token dead', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'guest');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId, { expires_in: '1h30m' });
    expect(Date.parse(share.expires_at) - bff.clock.now()).toBeGreaterThan(89 * 60_000);
    const watcher = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));

    bff.clock.advance(90 * 60_000 + 1_000);
    await eventually(() => expect(watcher.closeCode).toBe(CloseCode.shareEnded), 1_500);
    expect(statusFrames(watcher).at(-1)).toMatchObject({ message: 'Share expired', event: 'share_expired' });
    await eventually(async () => expect((await auditOf(share.share_id, 'share.expired')).length).toBe(1));
    const again = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(again.closeCode).toBe(CloseCode.shareEnded));
    expect((await api(bff.url, 'GET', `/api/v1/shared/${share.token}`, viewer.token)).status).toBe(410);
    expect((await api(bff.url, 'GET', '/api/v1/shares?state=active', owner.token)).body.shares.map((s: { share_id: string }) => s.share_id)).not.toContain(share.share_id);
    expect((await api(bff.url, 'GET', '/api/v1/shares?state=all', owner.token)).body.shares[0]).toMatchObject({ share_id: share.share_id, state: 'expired' });
    // Revoking an ended share answers 409 with its state and audits nothing.
    const late = await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${share.share_id}`, owner.token);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('share_expired');
    expect(await auditOf(share.share_id, 'share.revoked')).toEqual([]);
    ownerSocket.close();
  });

  it('accepts 30m, 1h, 4h, combinations and seconds; the default is 1h', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    for (const [expiresIn, seconds] of [['30m', 1800], ['4h', 14400], ['2h15m', 8100], [600, 600], [undefined, 3600]] as const) {
      const r = await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, owner.token, expiresIn === undefined ? {} : { expires_in: expiresIn });
      expect(r.status).toBe(201);
      expect(Date.parse(r.body.expires_at) - Date.parse(r.body.created_at)).toBe(seconds * 1000);
    }
    ownerSocket.close();
  });
});

describe('§5 revocation', () => {
  it('owner, noc_lead and admin may revoke; another engineer gets 403; a second revoke 409', async () => {
    const owner = await createUser(bff, 'engineer');
    const stranger = await createUser(bff, 'engineer');
    const noc = await createUser(bff, 'noc_lead', 'Nora NOC');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const viewers = [wsClient(share.websocket_url, { token: stranger.token }), wsClient(share.websocket_url, { token: stranger.token })];
    await eventually(() => viewers.forEach((v) => expect(v.frames.length).toBeGreaterThanOrEqual(2)));
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${share.share_id}`, stranger.token)).status).toBe(403);
    const r = await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${share.share_id}`, noc.token);
    expect(r.body).toMatchObject({ state: 'revoked', revoked_by: noc.email, viewers_disconnected: 2 });
    await eventually(() => viewers.forEach((v) => expect(v.closeCode).toBe(CloseCode.shareEnded)));
    for (const v of viewers) expect(statusFrames(v).at(-1)?.message).toBe(`Share revoked by ${noc.email}`);
    const twice = await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${share.share_id}`, bff.adminToken);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('share_revoked');
    await eventually(async () => {
      const events = await auditOf(share.share_id);
      expect(events.filter((e) => e.type === 'share.revoked')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'viewer.left')).toHaveLength(2);
    });
    ownerSocket.close();
  });
});

describe('§5 max_viewers', () => {
  it('closes the (N+1)th viewer with 4429, counts the same user twice, frees the place on leave', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId, { expires_in: '1h', max_viewers: 2 });
    const first = wsClient(share.websocket_url, { token: viewer.token });
    const second = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => [first, second].forEach((v) => expect(v.frames.length).toBeGreaterThanOrEqual(2)));
    const third = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(third.closeCode).toBe(CloseCode.maxViewers));
    expect(statusFrames(third).at(-1)?.event).toBe('max_viewers');
    expect((await auditOf(share.share_id, 'viewer.denied'))[0]?.details.reason).toBe('max_viewers');
    const listed = await api(bff.url, 'GET', `/api/v1/sessions/${sessionId}/shares`, owner.token);
    expect(listed.body.shares[0].viewer_count).toBe(2);

    first.close();
    await eventually(async () => expect((await api(bff.url, 'GET', `/api/v1/sessions/${sessionId}/shares`, owner.token)).body.shares[0].viewer_count).toBe(1));
    const fourth = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(fourth.frames[0]?.type).toBe('status'));
    expect(fourth.closeCode).toBeNull();
    // The owner's tab gets the live count.
    await eventually(() => {
      const last = [...ownerSocket.frames].reverse().find((f) => f.type === 'shares') as { shares: Array<{ viewer_count: number }> } | undefined;
      expect(last?.shares[0]?.viewer_count).toBe(2);
    });
    ownerSocket.close();
  });
});

describe('§5 max_viewers under a join storm', () => {
  it('admits exactly max_viewers of 12 simultaneous viewers (joins share group commits)', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'guest');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId, { expires_in: '1h', max_viewers: 5 });
    const storm = Array.from({ length: 12 }, () => wsClient(share.websocket_url, { token: viewer.token }));
    await eventually(() => expect(storm.filter((c) => c.closeCode === CloseCode.maxViewers || c.frames.length >= 2)).toHaveLength(12), 10_000);
    expect(storm.filter((c) => c.closeCode === null)).toHaveLength(5);
    // Identical refusals are written as the first one plus one event counting the repeats, once
    // their minute is over; drain() closes the minute now, as a shutdown would.
    await bff.server.deps.presence.drain();
    const events = await auditOf(share.share_id);
    expect(events.filter((e) => e.type === 'viewer.joined')).toHaveLength(5);
    const denied = events.filter((e) => e.type === 'viewer.denied');
    expect(denied.length).toBeLessThanOrEqual(2);
    expect(denied.reduce((n, e) => n + Number(e.details.count ?? 1), 0)).toBe(7);
    storm.forEach((c) => c.close());
    ownerSocket.close();
  });
});

describe('§4 owner presence and resize', () => {
  it('tells viewers when the owner drops and returns, relays resize, ends after the grace period', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'guest');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    ownerSocket.send({ type: 'resize', cols: 132, rows: 40 });
    const share = await createShare(bff, owner.token, sessionId);
    const watcher = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(watcher.frames[1]).toMatchObject({ type: 'resize', cols: 132, rows: 40 }));

    ownerSocket.close();
    await eventually(() => expect(statusFrames(watcher).at(-1)?.message).toBe('Session owner disconnected'));
    const back = wsClient(`${bff.wsUrl}/api/v1/sessions/${sessionId}/ws`, { token: owner.token });
    await eventually(() => expect(statusFrames(watcher).at(-1)?.message).toBe('Session owner reconnected'));
    // The returning owner gets its screen back (a replay only it receives); viewers never do.
    await eventually(() => expect(back.text()).toContain('NetStacks demo router lab-rtr-01'));
    expect(watcher.text()).not.toContain('NetStacks demo router lab-rtr-01');
    back.send({ type: 'resize', cols: 100, rows: 30 });
    await eventually(() => expect(watcher.frames.at(-1)).toMatchObject({ type: 'resize', cols: 100, rows: 30 }));
    back.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(watcher.text()).toContain('IOSv'));

    back.close();
    await eventually(() => expect(statusFrames(watcher).at(-1)?.message).toBe('Session ended'), 6_000);
    await eventually(() => expect(watcher.closeCode).toBe(CloseCode.normal));
    const session = await api(bff.url, 'GET', `/api/v1/sessions/${sessionId}`, owner.token);
    expect(session.body.state).toBe('closed');
  });

  it('ends the session for viewers when the device closes it', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const watcher = wsClient(share.websocket_url, { token: owner.token });
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
    ownerSocket.send({ type: 'input', data: 'exit\r' });
    await eventually(() => expect(statusFrames(watcher).at(-1)?.event).toBe('session_ended'));
    await eventually(() => expect(ownerSocket.closeCode).toBe(CloseCode.normal));
  });

  it('audits who closed a session: the owner, or an admin closing someone else\'s', async () => {
    const owner = await createUser(bff, 'engineer');
    const closedEvent = async (sessionId: string) =>
      (await api(bff.url, 'GET', `/api/v1/audit?session_id=${sessionId}&type=session.closed`, bff.adminToken)).body.events[0];
    const mine = await openDemoSession(bff, owner.token);
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${mine.sessionId}`, owner.token)).status).toBe(200);
    await eventually(async () => expect(await closedEvent(mine.sessionId)).toMatchObject({ actor_email: owner.email, details: { reason: 'closed_by_owner' } }));
    const theirs = await openDemoSession(bff, owner.token);
    const other = await createUser(bff, 'engineer');
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${theirs.sessionId}`, other.token)).status).toBe(403);
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${theirs.sessionId}`, bff.adminToken)).status).toBe(200);
    await eventually(async () =>
      expect(await closedEvent(theirs.sessionId)).toMatchObject({ actor_email: adminEmail, details: { reason: 'closed_by_admin' } }),
    );
  });
});

describe('§5 viewer page metadata', () => {
  it('GET /shared/:token: owner, state and device for a logged-in viewer; 401, 404 otherwise', async () => {
    const owner = await createUser(bff, 'engineer', 'Olga');
    const guest = await createUser(bff, 'guest');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const info = await api(bff.url, 'GET', `/api/v1/shared/${share.token}`, guest.token);
    expect(info.body).toMatchObject({ state: 'active', owner: { name: 'Olga', email: owner.email }, device: { name: expect.stringContaining('lab-rtr-01') } });
    expect((await api(bff.url, 'GET', `/api/v1/shared/${share.token}`, null)).status).toBe(401);
    const near = share.token.slice(0, -1) + (share.token.endsWith('A') ? 'B' : 'A');
    const miss = await api(bff.url, 'GET', `/api/v1/shared/${near}`, guest.token);
    expect(miss.status).toBe(404);
    expect(JSON.stringify(miss.body)).not.toContain(share.share_id);
    ownerSocket.close();
  });
});

describe('§5 restarts', () => {
  it('a restart neither resurrects an expired share nor forgets one that ran out while down', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ns-restart-'));
    const clock = new ManualClock();
    try {
      const first = await startBff({}, { dataDir, clock });
      const owner = await createUser(first, 'engineer');
      const { sessionId } = await openDemoSession(first, owner.token);
      const share = await createShare(first, owner.token, sessionId, { expires_in: '30m' });
      await first.close();

      clock.advance(31 * 60_000);
      const second = await startBff({}, { dataDir, clock });
      await eventually(async () => {
        const events = (await api(second.url, 'GET', `/api/v1/audit?share_id=${share.share_id}`, second.adminToken)).body.events;
        expect(events.filter((e: { type: string }) => e.type === 'share.expired')).toHaveLength(1);
      });
      const viewer = wsClient(`${second.wsUrl}/api/v1/sessions/shared/${share.token}/ws`, { token: owner.token });
      await eventually(() => expect(viewer.closeCode).toBe(CloseCode.shareEnded));
      const session = await api(second.url, 'GET', `/api/v1/sessions/${sessionId}`, owner.token);
      expect(session.body.state).toBe('closed');
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
