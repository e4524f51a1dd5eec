/** DESIGN.md §4: ad-hoc SSH sessions to a real OpenSSH server, shared like any other. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createShare, createUser, eventually, startBff, type TestBff, wsClient } from './testing/harness.js';
import { type SshdServer, startSshd } from './testing/services.js';

let bff: TestBff;
let sshd: SshdServer;
beforeAll(async () => {
  sshd = await startSshd();
  bff = await startBff({ NS_DEMO_DEVICE: '0' });
});
afterAll(async () => {
  await bff?.close();
  await sshd?.close();
});

describe('§4 sessions to an ad-hoc host (OpenSSH peer)', () => {
  it('opens a shell with a private key, relays a UTF-8 command to a viewer, resizes the pty', async () => {
    const owner = await createUser(bff, 'engineer');
    const viewer = await createUser(bff, 'guest');
    expect((await api(bff.url, 'GET', '/api/v1/devices', owner.token)).body.devices).toEqual([]);
    const r = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host: '127.0.0.1', port: sshd.port, username: sshd.username, private_key: sshd.privateKey });
    expect(r.status).toBe(201);
    expect(r.body.device).toMatchObject({ device_id: null, host: '127.0.0.1', port: sshd.port });
    const ownerSocket = wsClient(`${bff.wsUrl}/api/v1/sessions/${r.body.session_id}/ws`, { token: owner.token });
    const share = await createShare(bff, owner.token, r.body.session_id);
    const watcher = wsClient(share.websocket_url, { token: viewer.token });
    await eventually(() => expect(watcher.frames.length).toBeGreaterThanOrEqual(2));

    ownerSocket.send({ type: 'resize', cols: 101, rows: 33 });
    ownerSocket.send({ type: 'input', data: "printf 'marker-%s ✓ état\\n' \"$(stty size)\"\r" });
    await eventually(() => expect(watcher.text()).toContain('marker-33 101 ✓ état'), 10_000);
    ownerSocket.send({ type: 'input', data: 'exit\r' });
    await eventually(() => expect(watcher.frames.some((f) => f.type === 'status' && f.event === 'session_ended')).toBe(true), 10_000);
  });

  it('answers 502 with a clear message when the host refuses, and 400 without credentials', async () => {
    const owner = await createUser(bff, 'engineer');
    const refused = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host: '127.0.0.1', port: sshd.port, username: 'nobody-here', password: 'wrong' });
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('ssh_connect_failed');
    const missing = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host: '127.0.0.1', port: sshd.port, username: 'x' });
    expect(missing.status).toBe(400);
  });
});
