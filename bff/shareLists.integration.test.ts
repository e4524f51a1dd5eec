/**
 * DESIGN.md §5 share lists: paged with next_cursor and total so no share can be pushed out of
 * sight; a cap on active shares per session; the per-session list holds active and ended shares.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, createShare, createUser, openDemoSession, startBff, type TestBff } from './testing/harness.js';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

type Page = { shares: Array<{ share_id: string; state: string; created_at: string }>; next_cursor: string | null; total: number };

async function allPages(b: TestBff, path: string, token: string, limit: number): Promise<{ ids: string[]; pages: number; total: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total: number;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r: { status: number; body: Page } = await api<Page>(b.url, 'GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(r.status).toBe(200);
    ids.push(...r.body.shares.map((s) => s.share_id));
    total = r.body.total;
    cursor = r.body.next_cursor;
    pages += 1;
  } while (cursor);
  return { ids, pages, total };
}

describe('§5 share lists page and count', () => {
  it('a long-lived share cannot be hidden behind many short ones: every page is reachable, total counts all', async () => {
    bff = await startBff({ NS_MAX_SHARES_PER_SESSION: '200' });
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const longLived = await createShare(bff, owner.token, sessionId, { expires_in: '24h' });
    for (let i = 0; i < 54; i += 1) await createShare(bff, owner.token, sessionId, { expires_in: '1m' });
    const manage = await allPages(bff, '/api/v1/shares?state=active', bff.adminToken, 20);
    expect(manage.pages).toBe(3);
    expect(manage.total).toBe(55);
    expect(new Set(manage.ids).size).toBe(55);
    expect(manage.ids.at(-1)).toBe(longLived.share_id);
    const perSession = await allPages(bff, `/api/v1/sessions/${sessionId}/shares`, owner.token, 25);
    expect(perSession.total).toBe(55);
    expect(perSession.ids).toEqual(manage.ids);
    expect((await api(bff.url, 'GET', '/api/v1/shares?cursor=not*a*cursor', bff.adminToken)).status).toBe(400);
    expect((await api(bff.url, 'GET', `/api/v1/shares?cursor=${Buffer.from('x').toString('base64url')}`, bff.adminToken)).status).toBe(400);
    ownerSocket.close();
  });

  it('the per-session list returns active and ended shares, newest first, unless filtered', async () => {
    bff = await startBff();
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const first = await createShare(bff, owner.token, sessionId);
    bff.clock.advance(1000);
    const second = await createShare(bff, owner.token, sessionId);
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${first.share_id}`, owner.token)).status).toBe(200);
    const all = await api<Page>(bff.url, 'GET', `/api/v1/sessions/${sessionId}/shares`, owner.token);
    expect(all.body.shares.map((s) => [s.share_id, s.state])).toEqual([
      [second.share_id, 'active'],
      [first.share_id, 'revoked'],
    ]);
    const active = await api<Page>(bff.url, 'GET', `/api/v1/sessions/${sessionId}/shares?state=active`, owner.token);
    expect(active.body.shares.map((s) => s.share_id)).toEqual([second.share_id]);
    ownerSocket.close();
  });
});

describe('§5 share caps', () => {
  it('refuses the 21st active share of a session with 429 too_many_shares; revoking one frees a place', async () => {
    bff = await startBff();
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const made = await Promise.all(Array.from({ length: 25 }, () => api(bff!.url, 'POST', `/api/v1/sessions/${sessionId}/share`, owner.token, { expires_in: '1h' })));
    expect(made.filter((r) => r.status === 201)).toHaveLength(20);
    const refused = made.filter((r) => r.status === 429);
    expect(refused).toHaveLength(5);
    expect(refused[0]!.body.error.code).toBe('too_many_shares');
    const one = made.find((r) => r.status === 201)!.body.share_id as string;
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${one}`, owner.token)).status).toBe(200);
    expect((await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, owner.token, { expires_in: '1h' })).status).toBe(201);
    ownerSocket.close();
  });

  it('rate-limits share creation per user (429 too_many_shares_created)', async () => {
    bff = await startBff({ NS_MAX_SHARES_PER_SESSION: '1000' });
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const statuses: number[] = [];
    for (let i = 0; i < 62; i += 1) statuses.push((await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, owner.token, { expires_in: '1h' })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(60);
    const last = await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, owner.token, { expires_in: '1h' });
    expect(last.body.error.code).toBe('too_many_shares_created');
    bff.clock.advance(11 * 60_000);
    expect((await api(bff.url, 'POST', `/api/v1/sessions/${sessionId}/share`, owner.token, { expires_in: '1h' })).status).toBe(201);
    ownerSocket.close();
  });
});
