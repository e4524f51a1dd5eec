/**
 * DESIGN.md §12 and §13 end to end on one instance with the demo router: the current screen on
 * join, masked secrets, pause and auto-pause, removing one viewer, extending a share, and the
 * owner hearing who joins and leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/index.js';
import { api, createShare, createUser, eventually, openDemoSession, startBff, statusFrames, type TestBff, wsClient, type WsClient } from './testing/harness.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

const outputs = (c: WsClient) => c.frames.filter((f): f is { type: 'output'; data: string; seq: number; timestamp: number } => f.type === 'output');
const auditOf = async (query: string) =>
  (await api(bff.url, 'GET', `/api/v1/audit?${query}&limit=200`, bff.adminToken)).body.events as Array<{ type: string; details: Record<string, unknown> }>;

async function sharedSession(body: Record<string, unknown> = { expires_in: '1h' }) {
  const owner = await createUser(bff, 'engineer');
  const guest = await createUser(bff, 'guest');
  const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
  const type = async (line: string, until: RegExp) => {
    const before = ownerSocket.text().length;
    ownerSocket.send({ type: 'input', data: `${line}\r` });
    await eventually(() => expect(ownerSocket.text().slice(before)).toMatch(until), 10_000);
  };
  return { owner, guest, sessionId, ownerSocket, type, share: async (b = body) => createShare(bff, owner.token, sessionId, b) };
}

describe('§12 the current screen on join', () => {
  it('a share created mid-session shows a joining viewer the screen from before it existed, then live output from seq+1', async () => {
    const s = await sharedSession();
    await s.type('show ip bgp summary', /lab-rtr-01#$/);
    const share = await s.share({ expires_in: '1h', show_current_screen: true });
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(viewer.frames.some((f) => f.type === 'snapshot')).toBe(true));
    expect(viewer.frames.slice(0, 3).map((f) => f.type)).toEqual(['status', 'resize', 'snapshot']);
    const snapshot = viewer.frames.find((f) => f.type === 'snapshot') as { data: string; seq: number };
    expect(snapshot.data).toContain('Neighbor');
    expect(snapshot.data).toContain('lab-rtr-01#');
    await s.type('show clock', /lab-rtr-01#$/);
    await eventually(() => expect(outputs(viewer).map((f) => f.data).join('')).toMatch(/show clock[\s\S]*lab-rtr-01#$/));
    expect(outputs(viewer)[0]!.seq).toBe(snapshot.seq + 1);
    expect(outputs(viewer).map((f) => f.data).join('')).not.toContain('Neighbor');
    const joined = await auditOf(`share_id=${share.share_id}&type=viewer.joined`);
    expect(joined[0]!.details.snapshot).toBe(true);
    viewer.close();
    s.ownerSocket.close();
  });

  it('without show_current_screen a viewer gets no history (the seed’s default)', async () => {
    const s = await sharedSession();
    await s.type('show ip bgp summary', /lab-rtr-01#$/);
    const share = await s.share();
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
    await s.type('show clock', /lab-rtr-01#$/);
    await eventually(() => expect(viewer.text()).toContain('show clock'));
    expect(viewer.frames.some((f) => f.type === 'snapshot')).toBe(false);
    expect(viewer.text()).not.toContain('Neighbor');
    expect((await auditOf(`share_id=${share.share_id}&type=viewer.joined`))[0]!.details.snapshot).toBe(false);
    viewer.close();
    s.ownerSocket.close();
  });

  it('the snapshot is of the viewers’ screen: secrets masked, nothing from a pause', async () => {
    const s = await sharedSession();
    await s.type('show running-config', /end\r\n[\s\S]*lab-rtr-01#$/);
    expect((await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/pause`, s.owner.token)).status).toBe(200);
    await s.type('show version', /lab-rtr-01#$/);
    expect((await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/resume`, s.owner.token)).status).toBe(200);
    const share = await s.share({ expires_in: '1h', show_current_screen: true });
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(viewer.frames.some((f) => f.type === 'snapshot')).toBe(true));
    const data = (viewer.frames.find((f) => f.type === 'snapshot') as { data: string }).data;
    expect(data).toContain('****');
    expect(data).not.toContain('Tr4nsit-PSK-2025');
    expect(data).not.toMatch(/Cisco IOS|uptime is/);
    viewer.close();
    s.ownerSocket.close();
  });
});

describe('§13 secrets and pauses', () => {
  it('show running-config: viewers see **** where the owner sees the secret', async () => {
    const s = await sharedSession();
    const share = await s.share();
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
    await s.type('show running-config', /end\r\n[\s\S]*lab-rtr-01#$/);
    await eventually(() => expect(viewer.text()).toMatch(/\nend\r\n/));
    for (const secret of ['Tr4nsit-PSK-2025', '0822455D0A16544541', '13061E010803557878']) {
      expect(s.ownerSocket.text()).toContain(secret);
      expect(viewer.text()).not.toContain(secret);
    }
    expect(viewer.text()).toContain('crypto isakmp key **** address 192.0.2.9');
    const metrics = await (await fetch(`${bff.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`ns_masked_values_total\\{[^}]*session_id="${s.sessionId}"[^}]*\\} [1-9]`));
    viewer.close();
    s.ownerSocket.close();
  });

  it('pause: viewers get sharing_paused and no output until resume; what was produced meanwhile never reaches them', async () => {
    const s = await sharedSession();
    const share = await s.share();
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
    const paused = await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/pause`, s.owner.token);
    expect(paused.body).toMatchObject({ session_id: s.sessionId, sharing: 'paused', by: s.owner.email, reason: 'owner' });
    await eventually(() => expect(statusFrames(viewer).map((f) => f.event)).toContain('sharing_paused'));
    expect((await api(bff.url, 'GET', `/api/v1/sessions/${s.sessionId}`, s.owner.token)).body.sharing).toBe('paused');
    const before = outputs(viewer).length;
    await s.type('show version', /lab-rtr-01#$/);
    expect(outputs(viewer).length).toBe(before);
    await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/resume`, s.owner.token);
    await s.type('show clock', /lab-rtr-01#$/);
    await eventually(() => expect(viewer.text()).toContain('show clock'));
    expect(viewer.text()).not.toContain('show version');
    expect(statusFrames(viewer).map((f) => f.event)).toEqual(expect.arrayContaining(['sharing_paused', 'sharing_resumed']));
    await eventually(async () => expect((await auditOf(`session_id=${s.sessionId}&type=sharing.paused`))).toHaveLength(1));
    expect(await auditOf(`session_id=${s.sessionId}&type=sharing.resumed`)).toHaveLength(1);
    viewer.close();
    s.ownerSocket.close();
  });

  it('auto-pause at the enable Password: prompt hides what is typed; the owner’s Enter resumes', async () => {
    const s = await sharedSession();
    const share = await s.share();
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
    await s.type('disable', /lab-rtr-01>$/);
    await s.type('enable', /Password: $/);
    await eventually(() => expect(statusFrames(viewer).at(-1)).toMatchObject({ event: 'sharing_paused', reason: 'password_prompt' }));
    expect(statusFrames(s.ownerSocket).at(-1)).toMatchObject({ event: 'sharing_paused', reason: 'password_prompt' });
    for (const key of 'Secret-Enable-1') s.ownerSocket.send({ type: 'input', data: key });
    s.ownerSocket.send({ type: 'input', data: '\r' });
    await eventually(() => expect(statusFrames(viewer).at(-1)).toMatchObject({ event: 'sharing_resumed' }));
    await s.type('show clock', /lab-rtr-01#$/);
    await eventually(() => expect(viewer.text()).toContain('show clock'));
    expect(viewer.text()).not.toContain('Secret-Enable-1');
    await eventually(async () => expect((await auditOf(`session_id=${s.sessionId}&type=sharing.paused`))[0]?.details.reason).toBe('password_prompt'));
    viewer.close();
    s.ownerSocket.close();
  });
});

describe('§13 viewers: remove, bar, extend, presence', () => {
  it('the owner hears viewer_joined and viewer_left; removing a viewer closes it with 4412 naming who; barred, it cannot rejoin', async () => {
    const s = await sharedSession();
    const share = await s.share();
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(s.ownerSocket.frames.some((f) => f.type === ('viewer_joined' as string))).toBe(true));
    const joined = s.ownerSocket.frames.find((f) => f.type === ('viewer_joined' as string)) as unknown as { share_id: string; viewer: { email: string; connection_id: string } };
    expect(joined).toMatchObject({ share_id: share.share_id, viewer: { email: s.guest.email } });
    const listed = await api(bff.url, 'GET', `/api/v1/sessions/${s.sessionId}/shares?state=active`, s.owner.token);
    expect(listed.body.shares[0].viewers[0].connection_id).toBe(joined.viewer.connection_id);
    const removed = await api(bff.url, 'DELETE', `/api/v1/sessions/${s.sessionId}/shares/${share.share_id}/viewers/${joined.viewer.connection_id}?bar=true`, s.owner.token);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ connection_id: joined.viewer.connection_id, removed_by: s.owner.email, barred: true });
    await eventually(() => expect(viewer.closeCode).toBe(CloseCode.viewerRemoved));
    expect(statusFrames(viewer).at(-1)).toMatchObject({ event: 'viewer_removed', by: s.owner.email, barred: true });
    await eventually(() => expect(s.ownerSocket.frames.some((f) => f.type === ('viewer_left' as string))).toBe(true));
    const again = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(again.closeCode).toBe(CloseCode.viewerRemoved));
    expect(outputs(again)).toHaveLength(0);
    expect(await auditOf(`share_id=${share.share_id}&type=viewer.removed`)).toHaveLength(1);
    const other = await createUser(bff, 'guest');
    const stranger = wsClient(share.websocket_url, { token: other.token });
    await eventually(() => expect(stranger.frames.length).toBeGreaterThanOrEqual(2));
    expect(stranger.closeCode).toBeNull();
    stranger.close();
    s.ownerSocket.close();
  });

  it('extend moves expires_at, viewers hear it, and the expiry sweep honours it', async () => {
    const s = await sharedSession();
    const share = await s.share({ expires_in: '5m' });
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(viewer.frames.length).toBeGreaterThanOrEqual(2));
    const extended = await api(bff.url, 'PATCH', `/api/v1/sessions/${s.sessionId}/shares/${share.share_id}`, s.owner.token, { expires_in: '1h' });
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.expires_at) - bff.clock.now()).toBeGreaterThan(59 * 60_000);
    await eventually(() => expect(statusFrames(viewer).at(-1)).toMatchObject({ event: 'share_extended', expires_at: extended.body.expires_at }));
    bff.clock.advance(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(viewer.closeCode).toBeNull();
    expect((await api(bff.url, 'PATCH', `/api/v1/sessions/${s.sessionId}/shares/${share.share_id}`, s.owner.token, { expires_in: '99h' })).status).toBe(400);
    bff.clock.advance(51 * 60_000);
    await eventually(() => expect(viewer.closeCode).toBe(CloseCode.shareEnded));
    expect(await auditOf(`share_id=${share.share_id}&type=share.extended`)).toHaveLength(1);
    expect((await api(bff.url, 'PATCH', `/api/v1/sessions/${s.sessionId}/shares/${share.share_id}`, s.owner.token, { expires_in: '1h' })).status).toBe(409);
    s.ownerSocket.close();
  });

  it('another engineer may not pause, extend or remove; a NOC lead may', async () => {
    const s = await sharedSession();
    const share = await s.share();
    const other = await createUser(bff, 'engineer');
    const lead = await createUser(bff, 'noc_lead');
    expect((await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/pause`, other.token)).status).toBe(403);
    expect((await api(bff.url, 'PATCH', `/api/v1/sessions/${s.sessionId}/shares/${share.share_id}`, other.token, { expires_in: '1h' })).status).toBe(403);
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${s.sessionId}/shares/${share.share_id}/viewers/vc_nope`, other.token)).status).toBe(403);
    expect((await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/pause`, lead.token)).status).toBe(200);
    expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${s.sessionId}/shares/${share.share_id}/viewers/vc_nope`, lead.token)).status).toBe(404);
    s.ownerSocket.close();
  });
});

describe('§13 joining during a pause', () => {
  it('a viewer who joins while sharing is paused is told so at once, and gets output from the resume', async () => {
    const s = await sharedSession();
    const share = await s.share({ expires_in: '1h', show_current_screen: true });
    await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/pause`, s.owner.token);
    await eventually(async () => expect((await api(bff.url, 'GET', `/api/v1/sessions/${s.sessionId}`, s.owner.token)).body.sharing).toBe('paused'));
    const viewer = wsClient(share.websocket_url, { token: s.guest.token });
    await eventually(() => expect(statusFrames(viewer).map((f) => f.event)).toContain('sharing_paused'));
    expect(statusFrames(viewer).find((f) => f.event === 'sharing_paused')).toMatchObject({ by: s.owner.email, reason: 'owner' });
    expect(viewer.frames.some((f) => f.type === 'snapshot')).toBe(false);
    await api(bff.url, 'POST', `/api/v1/sessions/${s.sessionId}/resume`, s.owner.token);
    await s.type('show clock', /lab-rtr-01#$/);
    await eventually(() => expect(viewer.text()).toContain('show clock'));
    viewer.close();
    s.ownerSocket.close();
  });
});
