/** DESIGN.md §9–§10: health, readiness, metrics, TLS, slow viewers. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../protocol/index.js';
import { adminEmail, adminPassword, api, createShare, createUser, eventually, openDemoSession, startBff, statusFrames, type TestBff, wsClient } from './testing/harness.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startBff({}, { maxBufferedBytes: 64 * 1024 });
});
afterAll(async () => {
  await bff?.close();
});

describe('§9 health, readiness and metrics', () => {
  it('answers /healthz, /readyz and Prometheus /metrics; instances list is single-mode', async () => {
    expect((await api(bff.url, 'GET', '/healthz')).body.status).toBe('ok');
    const ready = await api(bff.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ store: true, broker: true, registered: true });
    const metrics = await (await fetch(`${bff.url}/metrics`)).text();
    for (const name of ['ns_shares_active', 'ns_viewers_connected', 'ns_frames_relayed_total', 'ns_relay_fanout_seconds', 'ns_viewer_joins_total']) expect(metrics).toContain(name);
    expect((await api(bff.url, 'GET', '/api/v1/admin/instances', bff.adminToken)).body).toEqual({ mode: 'single', instances: [] });
  });
});

describe('§6 slow viewers', () => {
  it('closes a viewer that stops reading with 4408 while the others keep receiving', async () => {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const healthy = wsClient(share.websocket_url, { token: owner.token });
    const stalled = wsClient(share.websocket_url, { token: owner.token });
    await eventually(() => [healthy, stalled].forEach((c) => expect(c.frames.length).toBeGreaterThanOrEqual(2)));
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // A steady 2 MB/s stream, not one burst: the healthy viewer (which shares this process's event
    // loop with the server) keeps up, while the stalled one's backlog outgrows the kernel's socket
    // buffers and then the 64 KiB limit. Polled cheaply: no megabytes of text rebuilt per poll.
    ownerSocket.send({ type: 'input', data: 'debug ip packet rate 2000000\r' });
    const received = () => healthy.frames.reduce((n, f) => n + (f.type === 'output' ? f.data.length : 0), 0);
    await eventually(() => expect(received()).toBeGreaterThan(8 * 1024 * 1024), 30_000);
    ownerSocket.send({ type: 'input', data: 'undebug all\r' });
    (stalled.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    // 4408 when it reads its backlog up to the close frame within 2 s of the close; a peer stalled
    // longer is cut off (1006). Either way it is gone, audited as slow_consumer, and nobody else is.
    await eventually(() => expect([CloseCode.tooSlow, 1006]).toContain(stalled.closeCode), 10_000);
    expect(healthy.closeCode).toBeNull();
    await eventually(async () => {
      const left = (await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&type=viewer.left`, bff.adminToken)).body.events;
      expect(left.map((e: { details: { reason: string } }) => e.details.reason)).toContain('slow_consumer');
    });
    expect(statusFrames(healthy).filter((s) => s.event === 'too_slow')).toEqual([]);
    ownerSocket.close();
  }, 60_000);
});

describe('§6 dead peers', () => {
  it('closes a viewer that stops answering pings and audits its leave with reason timeout', async () => {
    const quick = await startBff({}, { heartbeatMs: 300 });
    try {
      await deadPeerIsClosed(quick);
    } finally {
      await quick.close();
    }
  });
});

async function deadPeerIsClosed(bff: TestBff): Promise<void> {
  {
    const owner = await createUser(bff, 'engineer');
    const { sessionId, owner: ownerSocket } = await openDemoSession(bff, owner.token);
    const share = await createShare(bff, owner.token, sessionId);
    const dead = wsClient(share.websocket_url, { token: owner.token });
    const alive = wsClient(share.websocket_url, { token: owner.token });
    await eventually(() => [dead, alive].forEach((c) => expect(c.frames.length).toBeGreaterThanOrEqual(2)));
    (dead.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // reads nothing, answers no ping
    await eventually(async () => {
      const left = (await api(bff.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&type=viewer.left`, bff.adminToken)).body.events;
      expect(left.map((e: { details: { reason: string } }) => e.details.reason)).toEqual(['timeout']);
    }, 5_000);
    expect(alive.closeCode).toBeNull(); // a peer answering pings stays, several intervals later
    ownerSocket.close();
  }
}

describe('§10 TLS', () => {
  it('serves HTTPS and WSS with NS_TLS_CERT/NS_TLS_KEY and marks the cookie Secure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const secure = await startBff({ NS_TLS_CERT: join(dir, 'cert.pem'), NS_TLS_KEY: join(dir, 'key.pem') }, { skipLogin: true }).catch((err) => {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    });
    try {
      expect(secure.url).toMatch(/^https:/);
      const agent = new https.Agent({ rejectUnauthorized: false });
      const cookie = await new Promise<string>((resolve, reject) => {
        const req = https.request(`${secure.url}/api/v1/auth/login`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          resolve(String(res.headers['set-cookie'] ?? ''));
          res.resume();
        });
        req.on('error', reject);
        req.end(JSON.stringify({ email: adminEmail, password: adminPassword }));
      });
      expect(cookie).toMatch(/; Secure/);
      const token = /ns_session=([^;]+)/.exec(cookie)![1]!;
      const opened = await new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`${secure.wsUrl}/api/v1/sessions/shared/ns_share_${'x'.repeat(43)}/ws`, { rejectUnauthorized: false, headers: { authorization: `Bearer ${token}` } });
        ws.on('close', (code) => resolve(code === CloseCode.notFound));
        ws.on('error', () => resolve(false));
      });
      expect(opened).toBe(true);
    } finally {
      await secure.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
