/**
 * DESIGN.md §16: accounts an admin manages, and sockets that live no longer than their login.
 * Every ending of a login (logout, expiry, sign-out everywhere, password change, role change,
 * disabled account) closes that user's open owner and viewer sockets within 5 s: a `signed_out`
 * status, then 4401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/index.js';
import { api, createShare, createUser, eventually, login, openDemoSession, startBff, statusFrames, type TestBff, userPassword, wsClient, type WsClient } from './testing/harness.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startBff({}, { loginCheckMs: 200 });
});
afterAll(async () => {
  await bff?.close();
});

/** An engineer's session shared to a guest who is watching: the two sockets a login can own. */
async function watchedSession() {
  const owner = await createUser(bff, 'engineer');
  const viewer = await createUser(bff, 'guest');
  const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
  const share = await createShare(bff, owner.token, sessionId);
  const watcher = wsClient(share.websocket_url, { token: viewer.token });
  await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
  return { owner, viewer, ownerSocket, watcher, share, sessionId };
}

async function expectSignedOut(client: WsClient) {
  await eventually(() => expect(client.closeCode).toBe(CloseCode.notLoggedIn), 5_000);
  expect(statusFrames(client).at(-1)).toMatchObject({ event: 'signed_out' });
}

const auditTypes = async (type: string) =>
  (await api(bff.url, 'GET', `/api/v1/audit?type=${type}&limit=200`, bff.adminToken)).body.events as Array<{ details: Record<string, unknown> }>;

describe('§16 a login that ends closes its sockets', () => {
  it('logout closes the owner socket and a viewer socket of that login, and the owner can no longer type', async () => {
    const { owner, viewer, ownerSocket, watcher } = await watchedSession();
    expect((await api(bff.url, 'POST', '/api/v1/auth/logout', viewer.token)).status).toBe(204);
    await expectSignedOut(watcher);
    expect(ownerSocket.closeCode).toBeNull();
    expect((await api(bff.url, 'POST', '/api/v1/auth/logout', owner.token)).status).toBe(204);
    await expectSignedOut(ownerSocket);
    await eventually(async () => {
      const left = await auditTypes('viewer.left');
      expect(left.some((e) => e.details.reason === 'signed_out')).toBe(true);
    });
  });

  it('sign out everywhere (the user themself) ends every login of that user, not others', async () => {
    const { viewer, watcher, ownerSocket } = await watchedSession();
    const second = await login(bff.url, viewer.email, userPassword);
    const r = await api(bff.url, 'DELETE', `/api/v1/users/${viewer.userId}/logins`, viewer.token);
    expect(r.status).toBe(200);
    expect(r.body.logins_revoked).toBe(2);
    await expectSignedOut(watcher);
    expect((await api(bff.url, 'GET', '/api/v1/auth/me', second.token)).status).toBe(401);
    expect(ownerSocket.closeCode).toBeNull();
    expect((await auditTypes('user.logins_revoked')).length).toBeGreaterThan(0);
  });
});

describe('§16 admin account management', () => {
  it('disabling a watching user signs them out; they cannot log in (same error as a wrong password); enabling lets them back', async () => {
    const { viewer, watcher } = await watchedSession();
    const r = await api(bff.url, 'PATCH', `/api/v1/users/${viewer.userId}`, bff.adminToken, { disabled: true });
    expect(r.status).toBe(200);
    expect(r.body.disabled).toBe(true);
    await expectSignedOut(watcher);
    const refused = await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: viewer.email, password: userPassword });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_credentials');
    expect((await api(bff.url, 'PATCH', `/api/v1/users/${viewer.userId}`, bff.adminToken, { disabled: false })).status).toBe(200);
    expect((await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: viewer.email, password: userPassword })).status).toBe(200);
    expect((await auditTypes('user.disabled')).some((e) => e.details.user_id === viewer.userId)).toBe(true);
    expect((await auditTypes('user.enabled')).some((e) => e.details.user_id === viewer.userId)).toBe(true);
  });

  it('a role change ends the logins; a rename does not', async () => {
    const { owner, ownerSocket } = await watchedSession();
    expect((await api(bff.url, 'PATCH', `/api/v1/users/${owner.userId}`, bff.adminToken, { name: 'Renamed Engineer' })).status).toBe(200);
    expect((await api(bff.url, 'GET', '/api/v1/auth/me', owner.token)).body.user.name).toBe('Renamed Engineer');
    const demoted = await api(bff.url, 'PATCH', `/api/v1/users/${owner.userId}`, bff.adminToken, { role: 'guest' });
    expect(demoted.body.role).toBe('guest');
    await expectSignedOut(ownerSocket);
    expect((await auditTypes('user.updated')).filter((e) => e.details.user_id === owner.userId)).toHaveLength(2);
  });

  it('a password reset by an admin ends the logins and the new password works', async () => {
    const { viewer, watcher } = await watchedSession();
    expect((await api(bff.url, 'POST', `/api/v1/users/${viewer.userId}/password`, bff.adminToken, { password: 'A-brand-new-password' })).status).toBe(204);
    await expectSignedOut(watcher);
    expect((await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: viewer.email, password: 'A-brand-new-password' })).status).toBe(200);
  });

  it('users change their own password only with the current one, and never another user’s', async () => {
    const a = await createUser(bff, 'engineer');
    const b = await createUser(bff, 'engineer');
    const wrong = await api(bff.url, 'POST', `/api/v1/users/${a.userId}/password`, a.token, { password: 'Another-password-1', current_password: 'nope' });
    expect(wrong.status).toBe(400);
    expect((await api(bff.url, 'POST', `/api/v1/users/${b.userId}/password`, a.token, { password: 'Another-password-1' })).status).toBe(403);
    expect((await api(bff.url, 'PATCH', `/api/v1/users/${b.userId}`, a.token, { role: 'admin' })).status).toBe(403);
    expect((await api(bff.url, 'POST', `/api/v1/users/${a.userId}/password`, a.token, { password: 'Another-password-1', current_password: userPassword })).status).toBe(204);
    expect((await api(bff.url, 'GET', '/api/v1/auth/me', a.token)).status).toBe(401);
    expect((await api(bff.url, 'POST', '/api/v1/auth/login', null, { email: a.email, password: 'Another-password-1' })).status).toBe(200);
  });

  it('refuses bad patches with 400 and unknown users with 404, and an admin cannot disable themself', async () => {
    const me = (await api(bff.url, 'GET', '/api/v1/auth/me', bff.adminToken)).body.user;
    expect((await api(bff.url, 'PATCH', `/api/v1/users/${me.user_id}`, bff.adminToken, { disabled: true })).status).toBe(400);
    expect((await api(bff.url, 'PATCH', '/api/v1/users/usr_nope', bff.adminToken, { name: 'x' })).status).toBe(404);
    for (const body of [{}, { role: 'root' }, { name: 'evil\u202Egnp.exe' }, { name: 'nul\u0000' }, { disabled: 'yes' }, { email: 'x@y.z' }]) {
      const r = await api(bff.url, 'PATCH', `/api/v1/users/${me.user_id}`, bff.adminToken, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('§7 login limits', () => {
  it('200 parallel wrong passwords cannot exceed the account’s limit of 10 checks', async () => {
    const own = await startBff();
    try {
      const victim = await createUser(own, 'guest');
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => api(own.url, 'POST', '/api/v1/auth/login', null, { email: victim.email, password: i === 150 ? userPassword : `wrong-${i}` })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length + statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(190);
      expect(statuses.every((s) => [200, 401, 429].includes(s))).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('failures from one address never lock the owner out from another address', async () => {
    const own = await startBff();
    try {
      const victim = await createUser(own, 'guest');
      for (let i = 0; i < 12; i += 1) await api(own.url, 'POST', '/api/v1/auth/login', null, { email: victim.email, password: `wrong-${i}` }, { 'x-forwarded-for': '203.0.113.9' });
      const fromAttacker = await api(own.url, 'POST', '/api/v1/auth/login', null, { email: victim.email, password: userPassword }, { 'x-forwarded-for': '203.0.113.9' });
      expect(fromAttacker.status).toBe(429);
      const fromOwner = await api(own.url, 'POST', '/api/v1/auth/login', null, { email: victim.email, password: userPassword }, { 'x-forwarded-for': '198.51.100.7' });
      expect(fromOwner.status).toBe(200);
    } finally {
      await own.close();
    }
  });
});

describe('§16 login expiry', () => {
  it('an expired login token closes its sockets', async () => {
    const own = await startBff({}, { loginCheckMs: 200 });
    try {
      const owner = await createUser(own, 'engineer');
      const viewer = await createUser(own, 'guest');
      const { sessionId, owner: ownerSocket } = await openDemoSession(own, owner.token);
      const share = await createShare(own, owner.token, sessionId, { expires_in: '24h' });
      const watcher = wsClient(share.websocket_url, { token: viewer.token });
      await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));
      own.clock.advance(13 * 3600_000);
      await expectSignedOut(watcher);
      await expectSignedOut(ownerSocket);
    } finally {
      await own.close();
    }
  });
});
