/** DESIGN.md §4: ad-hoc SSH sessions to a real OpenSSH server, shared like any other. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createShare, createUser, eventually, startBff, type TestBff, wsClient } from './testing/harness.js';
import { type SshdServer, startSshd } from './testing/services.js';

let bff: TestBff;
let sshd: SshdServer;
beforeAll(async () => {
  sshd = await startSshd();
  // The OpenSSH peers listen on loopback, which the SSH target policy refuses by default (§17).
  bff = await startBff({ NS_DEMO_DEVICE: '0', NS_SSH_ALLOW: '127.0.0.1/32' });
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

  it('pins the host key on first use, refuses a changed key, and lets an admin forget the pin', async () => {
    const device = await startSshd();
    try {
      const owner = await createUser(bff, 'engineer');
      const noc = await createUser(bff, 'noc_lead');
      const target = { host: '127.0.0.1', port: device.port, username: device.username, private_key: device.privateKey };
      const audit = async (type: string) =>
        (await api(bff.url, 'GET', `/api/v1/audit?type=${type}&limit=500`, bff.adminToken)).body.events.filter(
          (e: { details: { port?: number } }) => e.details.port === device.port,
        );

      const first = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, target);
      expect(first.status).toBe(201);
      const original = device.hostKeyFingerprint();
      expect(first.body.host_key).toEqual({ algorithm: 'ssh-ed25519', fingerprint: original, first_use: true });
      expect(await audit('ssh.host_key_trusted')).toEqual([
        expect.objectContaining({ actor_email: owner.email, ip: expect.stringMatching(/127\.0\.0\.1/), details: expect.objectContaining({ fingerprint: original }) }),
      ]);
      const again = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { ...target, host: '127.0.0.1' });
      expect(again.body.host_key).toEqual({ algorithm: 'ssh-ed25519', fingerprint: original, first_use: false });

      await device.replaceHostKey();
      const replaced = device.hostKeyFingerprint();
      const sessionsBefore = (await api(bff.url, 'GET', '/api/v1/sessions', owner.token)).body.sessions.length;
      const refused = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, target);
      expect(refused.status).toBe(502);
      expect(refused.body.error.code).toBe('ssh_host_key_mismatch');
      expect(refused.body.error.message).toContain(original);
      expect(refused.body.error.message).toContain(replaced);
      expect((await api(bff.url, 'GET', '/api/v1/sessions', owner.token)).body.sessions.length).toBe(sessionsBefore);
      expect(await audit('ssh.host_key_mismatch')).toEqual([
        expect.objectContaining({ details: expect.objectContaining({ expected: original, presented: replaced }) }),
      ]);

      const listed = await api(bff.url, 'GET', '/api/v1/admin/ssh-host-keys', bff.adminToken);
      const pin = listed.body.host_keys.find((k: { port: number }) => k.port === device.port);
      expect(pin).toMatchObject({ host: '127.0.0.1', algorithm: 'ssh-ed25519', fingerprint: original, first_seen_by: { email: owner.email } });
      expect((await api(bff.url, 'GET', '/api/v1/admin/ssh-host-keys', noc.token)).status).toBe(403);
      expect((await api(bff.url, 'DELETE', `/api/v1/admin/ssh-host-keys/${pin.host_key_id}`, owner.token)).status).toBe(403);
      expect((await api(bff.url, 'DELETE', `/api/v1/admin/ssh-host-keys/${pin.host_key_id}`, bff.adminToken)).status).toBe(204);
      expect((await api(bff.url, 'DELETE', `/api/v1/admin/ssh-host-keys/${pin.host_key_id}`, bff.adminToken)).status).toBe(404);
      expect(await audit('ssh.host_key_forgotten')).toHaveLength(1);

      const trusted = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, target);
      expect(trusted.status).toBe(201);
      expect(trusted.body.host_key).toEqual({ algorithm: 'ssh-ed25519', fingerprint: replaced, first_use: true });
      for (const session of [first, again, trusted]) await api(bff.url, 'DELETE', `/api/v1/sessions/${session.body.session_id}`, owner.token);
    } finally {
      await device.close();
    }
  });

  it('keeps matching the pinned key when the host adds a key of another type', async () => {
    // ssh2 prefers ed25519 to ecdsa: unconstrained, it would now negotiate the new key and cry wolf.
    const device = await startSshd({ hostKeyType: 'ecdsa' });
    try {
      const owner = await createUser(bff, 'engineer');
      const target = { host: '127.0.0.1', port: device.port, username: device.username, private_key: device.privateKey };
      const first = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, target);
      expect(first.body.host_key).toMatchObject({ algorithm: 'ecdsa-sha2-nistp256', fingerprint: device.hostKeyFingerprint(), first_use: true });
      await device.addHostKey('ed25519');
      const again = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, target);
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(again.body.host_key).toMatchObject({ algorithm: 'ecdsa-sha2-nistp256', fingerprint: device.hostKeyFingerprint(), first_use: false });
      for (const session of [first, again]) await api(bff.url, 'DELETE', `/api/v1/sessions/${session.body.session_id}`, owner.token);
    } finally {
      await device.close();
    }
  });

  it('answers 502 with a clear message when the host refuses, and 400 without usable credentials or host', async () => {
    const owner = await createUser(bff, 'engineer');
    const refused = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host: '127.0.0.1', port: sshd.port, username: 'nobody-here', password: 'wrong' });
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('ssh_connect_failed');
    const missing = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host: '127.0.0.1', port: sshd.port, username: 'x' });
    expect(missing.status).toBe(400);
    const garbledKey = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host: '127.0.0.1', port: sshd.port, username: 'x', private_key: '-----BEGIN OPENSSH PRIVATE KEY-----\nnope\n' });
    expect(garbledKey.status).toBe(400);
    expect(garbledKey.body.error.code).toBe('invalid_private_key');
    const badHost = await api(bff.url, 'POST', '/api/v1/sessions', owner.token, { host: 'router; rm -rf /', port: 22, username: 'x', password: 'y' });
    expect(badHost.status).toBe(400);
    expect(badHost.body.error.code).toBe('invalid_host');
  });
});
