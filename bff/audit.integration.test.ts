/** DESIGN.md §8: the audit trail's queries, pagination and compliance exports. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createShare, createUser, eventually, openDemoSession, startBff, type TestBff, wsClient } from './testing/harness.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

describe('§8 audit queries', () => {
  it('filters by share, session, user, type and time; pages with next_cursor; readers only', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'guest');
    const noc = await createUser(bff, 'noc_lead');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    for (let i = 0; i < 3; i += 1) {
      const v = wsClient(share.websocket_url, { token: viewer.token, headers: { 'user-agent': `audit-test/${i}` } });
      await eventually(() => expect(v.frames.length).toBeGreaterThanOrEqual(2));
      v.close();
      await eventually(() => expect(v.closeCode).not.toBeNull());
    }
    await eventually(async () => expect((await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&type=viewer.left`, noc.token)).body.events).toHaveLength(3));

    const byUser = await api(bff.url, 'GET', `/api/v1/audit?user_id=${viewer.userId}&type=viewer.joined`, noc.token);
    expect(byUser.body.events).toHaveLength(3);
    expect(byUser.body.events.map((e: { user_agent: string }) => e.user_agent).sort()).toEqual(['audit-test/0', 'audit-test/1', 'audit-test/2']);
    const left = (await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&type=viewer.left`, noc.token)).body.events;
    for (const e of left) expect(e.details).toMatchObject({ reason: 'disconnected', duration_ms: expect.any(Number) });

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { events: Array<{ event_id: string }>; next_cursor: string | null } } = await api(bff.url, 'GET', `/api/v1/audit?session_id=${sessionId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, noc.token);
      expect(page.body.events.length).toBeLessThanOrEqual(2);
      all.push(...page.body.events.map((e) => e.event_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(8); // opened, share, 3 joins, 3 leaves

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&from=${future}`, noc.token)).body.events).toEqual([]);
    expect((await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&to=${future}`, noc.token)).body.events.length).toBeGreaterThan(0);
    expect((await api(bff.url, 'GET', '/api/v1/audit?from=yesterday', noc.token)).status).toBe(400);
    expect((await api(bff.url, 'GET', '/api/v1/audit?type=nope', noc.token)).status).toBe(400);
    expect((await api(bff.url, 'GET', '/api/v1/audit', owner.token)).status).toBe(403);
    ownerSocket.close();
  });

  it('exports CSV (formula-safe) and NDJSON with the same filters', async () => {
    const owner = await createUser(bff, 'engineer', '=HYPERLINK("http://evil")');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const viewer = wsClient(share.websocket_url, { token: owner.token, headers: { 'user-agent': '=cmd|calc' } });
    await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
    viewer.close();
    await eventually(async () => expect((await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&type=viewer.left`, bff.adminToken)).body.events).toHaveLength(1));

    const csv = await fetch(`${bff.url}/api/v1/audit/export?format=csv&share_id=${share.share_id}`, { headers: { authorization: `Bearer ${bff.adminToken}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="netstacks-audit-.*\.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('at,type,actor_email,actor_user_id,share_id,session_id,ip,user_agent,instance_id,event_id,details,id,prev_hash,hash');
    expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(['share.created', 'viewer.joined', 'viewer.left']);
    expect(lines.join('\n')).toContain("'=cmd|calc");
    expect(lines.join('\n')).not.toMatch(/,=cmd/);

    const nd = await fetch(`${bff.url}/api/v1/audit/export?format=ndjson&share_id=${share.share_id}&type=viewer.left`, { headers: { authorization: `Bearer ${bff.adminToken}` } });
    const events = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'viewer.left', share_id: share.share_id, details: { reason: 'disconnected' } });
    expect((await api(bff.url, 'GET', '/api/v1/audit/export?format=xml', bff.adminToken)).status).toBe(400);
    ownerSocket.close();
  });
});
