/**
 * DESIGN.md §9 / issue 4: three Controller instances as separate OS processes, a throwaway
 * PostgreSQL cluster and a throwaway Valkey/Redis, all on ephemeral ports.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/index.js';
import { api, eventually, login, statusFrames, wsClient, type WsClient } from './testing/harness.js';
import WebSocket from 'ws';
import { type BffProcess, type PostgresServer, startBffProcess, startNginx, startPostgres, startValkey, type ValkeyServer } from './testing/services.js';

const adminPassword = 'Ha-admin-password-1';
const password = 'Ha-user-password-1';
let postgres: PostgresServer;
let valkey: ValkeyServer;
const instances: Record<'A' | 'B' | 'C', BffProcess> = {} as never;
let admin: string;
let seq = 0;

const envFor = (id: string) => ({ DATABASE_URL: postgres.url, VALKEY_URL: valkey.url, NS_INSTANCE_ID: id, NS_ADMIN_PASSWORD: adminPassword, NS_OWNER_GRACE: '1m' });

beforeAll(async () => {
  postgres = await startPostgres();
  valkey = await startValkey();
  // Started together: the migration advisory lock must keep them from tripping over each other.
  const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((id) => startBffProcess(envFor(`inst-${id}`))));
  Object.assign(instances, { A: a, B: b, C: c });
  admin = (await login(instances.A.url, 'admin@example.com', adminPassword)).token;
}, 120_000);

afterAll(async () => {
  // An instance that died on its own (not the one killed on purpose) is a bug: show why.
  for (const [name, instance] of Object.entries(instances)) {
    if (instance?.child.exitCode !== null && instance?.child.signalCode !== 'SIGKILL') console.error(`instance ${name} exited:\n${instance?.output().slice(-4000)}`);
  }
  await Promise.all(Object.values(instances).map((i) => i?.kill()));
  await valkey?.close();
  await postgres?.close();
});

async function user(role: string) {
  seq += 1;
  const email = `ha-${role}-${seq}@example.com`;
  const r = await api(instances.A.url, 'POST', '/api/v1/users', admin, { email, name: `HA ${role} ${seq}`, password, role });
  expect(r.status).toBe(201);
  return { email, token: (await login(instances.B.url, email, password)).token };
}

async function sessionOn(host: BffProcess, token: string) {
  const r = await api(host.url, 'POST', '/api/v1/sessions', token, { device_id: 'dev_demo' });
  expect(r.status).toBe(201);
  return r.body.session_id as string;
}

async function shareOn(via: BffProcess, token: string, sessionId: string, body: object = { expires_in: '1h' }) {
  const r = await api(via.url, 'POST', `/api/v1/sessions/${sessionId}/share`, token, body);
  expect(r.status).toBe(201);
  return r.body as { share_id: string; token: string };
}

const viewerOn = (via: BffProcess, shareToken: string, token: string) => wsClient(`${via.wsUrl}/api/v1/sessions/shared/${shareToken}/ws`, { token });
const ownerOn = (via: BffProcess, sessionId: string, token: string) => wsClient(`${via.wsUrl}/api/v1/sessions/${sessionId}/ws`, { token });
const joined = (...clients: WsClient[]) => eventually(() => clients.forEach((c) => expect(c.frames.length).toBeGreaterThanOrEqual(2)), 10_000);
const outputs = (c: WsClient) => c.frames.filter((f) => f.type === 'output').map((f) => (f as { seq: number; data: string }));
const auditTypes = async (shareId: string) => ((await api(instances.C.url, 'GET', `/api/v1/audit?share_id=${shareId}&limit=1000`, admin)).body.events as Array<{ type: string; details: { reason?: string } }>);

/** An engineer's session hosted on A with its owner socket, a share, and a guest watching via `via`. */
async function watchedSession(via: BffProcess) {
  const owner = await user('engineer');
  const viewer = await user('guest');
  const sessionId = await sessionOn(instances.A, owner.token);
  const ownerA = ownerOn(instances.A, sessionId, owner.token);
  const share = await shareOn(instances.A, owner.token, sessionId);
  const watcher = viewerOn(via, share.token, viewer.token);
  await joined(watcher);
  return { viewer, share, ownerA, watcher };
}

describe('§9 cross-instance routing', () => {
  it('viewers on B and C see the owner on A in order; the owner moves to C and keeps typing into A', async () => {
    const owner = await user('engineer');
    const viewer = await user('guest');
    const sessionId = await sessionOn(instances.A, owner.token);
    const ownerA = ownerOn(instances.A, sessionId, owner.token);
    const share = await shareOn(instances.B, owner.token, sessionId);
    const onB = viewerOn(instances.B, share.token, viewer.token);
    const onC = viewerOn(instances.C, share.token, viewer.token);
    await joined(onB, onC);
    await eventually(async () => expect((await api(instances.C.url, 'GET', `/api/v1/sessions/${sessionId}/shares`, owner.token)).body.shares[0].viewer_count).toBe(2));

    ownerA.send({ type: 'input', data: 'show ip bgp summary\r' });
    await eventually(() => [onB, onC].forEach((v) => expect(v.text()).toContain('198.51.100.1')), 10_000);
    expect(outputs(onB).map((f) => f.seq)).toEqual(outputs(onC).map((f) => f.seq));
    expect(onB.text()).toBe(onC.text());

    ownerA.close();
    await eventually(() => expect(statusFrames(onC).map((s) => s.message)).toContain('Session owner disconnected'), 10_000);
    const ownerC = ownerOn(instances.C, sessionId, owner.token);
    await eventually(() => expect(statusFrames(onB).map((s) => s.message)).toContain('Session owner reconnected'), 10_000);
    ownerC.send({ type: 'input', data: 'show version\r' });
    await eventually(() => [onB, onC, ownerC].forEach((v) => expect(v.text()).toContain('Configuration register')), 10_000);
    for (const c of [onB, onC, ownerC]) c.close();
  });
});

describe('§9 behind nginx (deploy/nginx.conf)', () => {
  it('upgrades owner and viewer sockets through the proxy and keeps them routed to the session', async () => {
    const nginx = await startNginx([instances.A, instances.B, instances.C].map((i) => new URL(i.url).host));
    try {
      const owner = await user('engineer');
      const viewer = await user('guest');
      const sessionId = await sessionOn(instances.B, owner.token);
      const share = await shareOn(instances.B, owner.token, sessionId);
      const open = (path: string, token: string) => {
        const ws = new WebSocket(nginx.url.replace('https', 'wss') + path, { rejectUnauthorized: false, headers: { authorization: `Bearer ${token}` } });
        const c = { ws, text: '', frames: 0 };
        ws.on('message', (m) => {
          const f = JSON.parse(String(m));
          c.frames += 1;
          if (f.type === 'output') c.text += f.data;
        });
        return c;
      };
      // Three viewers: round-robin spreads them over the instances.
      const viewers = [0, 1, 2].map(() => open(`/api/v1/sessions/shared/${share.token}/ws`, viewer.token));
      const ownerSocket = open(`/api/v1/sessions/${sessionId}/ws`, owner.token);
      await eventually(() => viewers.forEach((v) => expect(v.frames).toBeGreaterThanOrEqual(2)), 10_000);
      await eventually(() => expect(ownerSocket.ws.readyState).toBe(WebSocket.OPEN));
      ownerSocket.ws.send(JSON.stringify({ type: 'input', data: 'show version\r' }));
      await eventually(() => viewers.forEach((v) => expect(v.text).toContain('Configuration register')), 10_000);
      const audit = await api(instances.A.url, 'GET', `/api/v1/audit?share_id=${share.share_id}&type=viewer.joined`, admin);
      expect(audit.body.events).toHaveLength(3);
      for (const c of [...viewers, ownerSocket]) c.ws.close();
    } finally {
      await nginx.close();
    }
  });
});

describe('§9 revoke and expiry reach every instance', () => {
  it('a revoke on C disconnects viewers on A and B, audited once', async () => {
    const owner = await user('engineer');
    const noc = await user('noc_lead');
    const sessionId = await sessionOn(instances.A, owner.token);
    const share = await shareOn(instances.A, owner.token, sessionId);
    const v = [viewerOn(instances.A, share.token, noc.token), viewerOn(instances.B, share.token, noc.token)];
    await joined(...v);
    const started = Date.now();
    const r = await api(instances.C.url, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${share.share_id}`, noc.token);
    expect(r.body).toMatchObject({ state: 'revoked', viewers_disconnected: 2 });
    await eventually(() => v.forEach((c) => expect(c.closeCode).toBe(CloseCode.shareEnded)), 5_000);
    console.log(`[measure] revoke on C reached viewers on A and B within ${Date.now() - started} ms (request included)`);
    await eventually(async () => {
      const events = await auditTypes(share.share_id);
      expect(events.filter((e) => e.type === 'share.revoked')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'viewer.left')).toHaveLength(2);
    });
  });

  it('expiry disconnects viewers on all three instances and is audited exactly once', async () => {
    const owner = await user('engineer');
    const viewer = await user('guest');
    const sessionId = await sessionOn(instances.B, owner.token);
    const share = await shareOn(instances.B, owner.token, sessionId, { expires_in: '1m' });
    const v = [viewerOn(instances.A, share.token, viewer.token), viewerOn(instances.B, share.token, viewer.token), viewerOn(instances.C, share.token, viewer.token)];
    await joined(...v);
    // Fast-forward this share's clock in the shared store instead of sleeping a minute.
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    await db.query('update shares set expires_at = $1 where share_id = $2', [Date.now() + 500, share.share_id]);
    await db.end();
    await eventually(() => v.forEach((c) => expect(c.closeCode).toBe(CloseCode.shareEnded)), 5_000);
    for (const c of v) expect(statusFrames(c).at(-1)?.message).toBe('Share expired');
    await eventually(async () => expect((await auditTypes(share.share_id)).filter((e) => e.type === 'share.expired')).toHaveLength(1));
  });
});

describe('§9 presence across instances', () => {
  it('two viewers racing on two instances for the last place: exactly one wins', async () => {
    const owner = await user('engineer');
    const viewer = await user('engineer');
    const sessionId = await sessionOn(instances.A, owner.token);
    for (let round = 0; round < 3; round += 1) {
      const share = await shareOn(instances.A, owner.token, sessionId, { expires_in: '1h', max_viewers: 1 });
      const racers = [viewerOn(instances.B, share.token, viewer.token), viewerOn(instances.C, share.token, viewer.token)];
      await eventually(() => {
        const outcomes = racers.map((r) => (r.closeCode === CloseCode.maxViewers ? 'denied' : r.frames.length >= 2 ? 'joined' : 'pending'));
        expect(outcomes.sort()).toEqual(['denied', 'joined']);
      }, 10_000);
      const events = await auditTypes(share.share_id);
      expect(events.filter((e) => e.type === 'viewer.joined')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'viewer.denied' && e.details.reason === 'max_viewers')).toHaveLength(1);
      racers.forEach((r) => r.close());
    }
  });
});

describe('§9 surviving faults', () => {
  it('Valkey restarts: instances re-register within 10 s, remote viewers resume and hear of the gap', async () => {
    const { share, ownerA, watcher: onB } = await watchedSession(instances.B);
    await eventually(() => expect(ownerA.open).toBe(true));
    ownerA.send({ type: 'input', data: 'show ip bgp summary\r' });
    await eventually(() => expect(onB.text()).toContain('198.51.100.1'), 10_000);
    const auditBefore = (await auditTypes(share.share_id)).length;

    await valkey.stop();
    ownerA.send({ type: 'input', data: 'show interfaces\r' }); // published while Valkey is down: lost in transit
    await eventually(() => expect(ownerA.text()).toContain('GigabitEthernet0/2'));
    await eventually(async () => expect((await fetch(`${instances.B.url}/readyz`)).status).toBe(503), 10_000);
    await valkey.start();
    const restartedAt = Date.now();
    await eventually(async () => {
      const list = await api(instances.C.url, 'GET', '/api/v1/admin/instances', admin);
      expect(list.body.instances.filter((i: { status: string }) => i.status === 'up').map((i: { instance_id: string }) => i.instance_id).sort()).toEqual(expect.arrayContaining(['inst-A', 'inst-B', 'inst-C']));
    }, 10_000);
    const reregisteredMs = Date.now() - restartedAt;
    console.log(`[measure] all instances registered again ${reregisteredMs} ms after Valkey came back`);
    expect(reregisteredMs).toBeLessThan(10_000);
    await eventually(async () => expect((await fetch(`${instances.B.url}/readyz`)).status).toBe(200), 10_000);

    ownerA.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(onB.text()).toContain('Configuration register'), 10_000);
    expect(onB.text()).not.toContain('GigabitEthernet0/2');
    expect(statusFrames(onB).some((s) => s.event === 'output_gap' && (s.missing ?? 0) > 0)).toBe(true);
    onB.close();
    await eventually(async () => expect((await auditTypes(share.share_id)).length).toBe(auditBefore + 1));
    ownerA.close();
  }, 60_000);

  it('PostgreSQL down: joins fail closed with 4503, watchers keep watching, their leave lands once it is back', async () => {
    const { viewer, share, ownerA, watcher: watching } = await watchedSession(instances.B);

    await postgres.stop();
    const refused = viewerOn(instances.C, share.token, viewer.token);
    await eventually(() => expect(refused.closeCode).toBe(CloseCode.storeUnavailable), 15_000);
    expect(refused.frames.some((f) => f.type === 'output')).toBe(false);
    expect((await fetch(`${instances.C.url}/readyz`)).status).toBe(503);
    ownerA.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(watching.text()).toContain('Configuration register'), 10_000);
    watching.close(); // its leave cannot be written now: it must be kept and written later

    await postgres.start();
    await eventually(async () => {
      const events = await auditTypes(share.share_id);
      expect(events.filter((e) => e.type === 'viewer.left')).toHaveLength(1);
    }, 20_000);
    const again = viewerOn(instances.C, share.token, viewer.token);
    await joined(again);
    again.close();
    ownerA.close();
  }, 60_000);

  it('§12 a viewer on B of a session hosted on A gets A’s current screen; with A not answering it joins without it', async () => {
    const owner = await user('engineer');
    const guest = await user('guest');
    const sessionId = await sessionOn(instances.A, owner.token);
    const ownerA = ownerOn(instances.A, sessionId, owner.token);
    await eventually(() => expect(ownerA.text()).toContain('lab-rtr-01#'), 10_000);
    ownerA.send({ type: 'input', data: 'show ip bgp summary\r' });
    await eventually(() => expect(ownerA.text()).toMatch(/Neighbor[\s\S]*lab-rtr-01#$/), 10_000);
    const share = await shareOn(instances.A, owner.token, sessionId, { expires_in: '1h', show_current_screen: true });
    const onB = viewerOn(instances.B, share.token, guest.token);
    await eventually(() => expect(onB.frames.some((f) => f.type === 'snapshot')).toBe(true), 10_000);
    const snapshot = onB.frames.find((f) => f.type === 'snapshot') as { data: string; seq: number };
    expect(snapshot.data).toContain('Neighbor');
    ownerA.send({ type: 'input', data: 'show clock\r' });
    await eventually(() => expect(onB.text()).toContain('show clock'), 10_000);
    expect(outputs(onB)[0]!.seq).toBe(snapshot.seq + 1);

    // A frozen host cannot answer: the viewer on C is told so and watches live output after.
    instances.A.child.kill('SIGSTOP');
    let onC: WsClient;
    try {
      onC = viewerOn(instances.C, share.token, guest.token);
      await eventually(() => expect(statusFrames(onC).map((f) => f.event)).toContain('snapshot_unavailable'), 8_000);
    } finally {
      instances.A.child.kill('SIGCONT');
    }
    expect(onC.frames.some((f) => f.type === 'snapshot')).toBe(false);
    ownerA.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(onC.text()).toContain('show version'), 10_000);
    onB.close();
    onC.close();
    ownerA.close();
  }, 60_000);

  it('§13 pause through C stops output to a viewer on B of a session on A; nothing from the pause ever arrives', async () => {
    const owner = await user('engineer');
    const { share, watcher: onB, ownerA } = await (async () => {
      const guest = await user('guest');
      const sessionId = await sessionOn(instances.A, owner.token);
      const o = ownerOn(instances.A, sessionId, owner.token);
      const sh = await shareOn(instances.A, owner.token, sessionId);
      const w = viewerOn(instances.B, sh.token, guest.token);
      await joined(w);
      return { share: { ...sh, sessionId }, watcher: w, ownerA: o };
    })();
    const paused = await api(instances.C.url, 'POST', `/api/v1/sessions/${share.sessionId}/pause`, owner.token);
    expect(paused.status).toBe(200);
    await eventually(() => expect(statusFrames(onB).map((f) => f.event)).toContain('sharing_paused'), 10_000);
    const before = outputs(onB).length;
    ownerA.send({ type: 'input', data: 'show running-config\r' });
    await eventually(() => expect(ownerA.text()).toMatch(/\nend\r\n/), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outputs(onB).length).toBe(before);
    expect((await api(instances.B.url, 'POST', `/api/v1/sessions/${share.sessionId}/resume`, owner.token)).status).toBe(200);
    await eventually(() => expect(statusFrames(onB).map((f) => f.event)).toContain('sharing_resumed'), 10_000);
    ownerA.send({ type: 'input', data: 'show clock\r' });
    await eventually(() => expect(onB.text()).toContain('show clock'), 10_000);
    expect(onB.text()).not.toContain('running-config');
    onB.close();
    ownerA.close();
  }, 60_000);

  it('§14 a session recorded by its host A is listed, described and served as a cast by B and C, while it runs and after it ends', async () => {
    const owner = await user('engineer');
    const sessionId = await sessionOn(instances.A, owner.token);
    const ownerA = ownerOn(instances.A, sessionId, owner.token);
    await eventually(() => expect(ownerA.text()).toContain('lab-rtr-01#'), 10_000);
    ownerA.send({ type: 'input', data: 'show ip interface brief\r' });
    await eventually(() => expect(ownerA.text()).toMatch(/Loopback0[\s\S]*lab-rtr-01#$/), 10_000);
    const castFrom = async (via: BffProcess, recordingId: string) => {
      const r = await api(via.url, 'GET', `/api/v1/recordings/${recordingId}/cast`, owner.token);
      expect(r.status).toBe(200);
      const [header, ...lines] = String(r.body).trimEnd().split('\n');
      const events = lines.map((line) => JSON.parse(line) as [number, string, string]);
      return { header: JSON.parse(header!) as { version: number }, output: events.filter(([, type]) => type === 'o').map(([, , data]) => data).join('') };
    };
    // While the session runs on A: the recorder's 2 s flushes reach the store, which B reads.
    const listed = await eventually(async () => {
      const list = await api(instances.B.url, 'GET', `/api/v1/recordings?session_id=${sessionId}`, owner.token);
      expect(list.status).toBe(200);
      expect(list.body.recordings).toHaveLength(1);
      expect(list.body.recordings[0].bytes).toBeGreaterThan(0);
      return list.body.recordings[0] as { recording_id: string };
    }, 15_000);
    await eventually(async () => expect((await castFrom(instances.C, listed.recording_id)).output).toContain('Loopback0'), 15_000);

    ownerA.send({ type: 'input', data: 'show clock\r' });
    await eventually(() => expect(ownerA.text()).toMatch(/show clock[\s\S]*lab-rtr-01#$/), 10_000);
    expect((await api(instances.C.url, 'DELETE', `/api/v1/sessions/${sessionId}`, owner.token)).status).toBeLessThan(300);
    // Ended on A: the last flush lands, and C serves the whole of it.
    await eventually(async () => {
      const meta = await api(instances.C.url, 'GET', `/api/v1/recordings/${listed.recording_id}`, owner.token);
      expect(meta.body.ended_at).not.toBeNull();
    }, 15_000);
    const cast = await castFrom(instances.B, listed.recording_id);
    expect(cast.header.version).toBe(2);
    expect(cast.output).toMatch(/show ip interface brief[\s\S]*Loopback0[\s\S]*show clock/);
    ownerA.close();
  }, 60_000);

  it('§15 the audit chain verifies after a join storm over three instances', async () => {
    const owner = await user('engineer');
    const guest = await user('guest');
    const sessionId = await sessionOn(instances.A, owner.token);
    const ownerA = ownerOn(instances.A, sessionId, owner.token);
    const share = await shareOn(instances.A, owner.token, sessionId);
    const storm = [instances.A, instances.B, instances.C].flatMap((via) => Array.from({ length: 20 }, () => viewerOn(via, share.token, guest.token)));
    await joined(...storm);
    storm.forEach((c) => c.close());
    await eventually(async () => expect((await auditTypes(share.share_id)).filter((e) => e.type === 'viewer.left')).toHaveLength(60), 15_000);
    const verdict = await api(instances.B.url, 'GET', '/api/v1/audit/verify', admin);
    expect(verdict.body).toMatchObject({ ok: true });
    expect(verdict.body.events).toBeGreaterThan(120);
    ownerA.close();
  }, 60_000);

  it('kill -9 of B: survivors record its viewers as left (instance_lost); they reconnect to A', async () => {
    const { viewer, share, ownerA, watcher: onB } = await watchedSession(instances.B);
    // A second session hosted by B itself, watched from A and C: its SSH connection dies with B.
    const hostOwner = await user('engineer');
    const hostedSessionId = await sessionOn(instances.B, hostOwner.token);
    const hostedShare = await shareOn(instances.B, hostOwner.token, hostedSessionId);
    const orphans = [viewerOn(instances.A, hostedShare.token, viewer.token), viewerOn(instances.C, hostedShare.token, viewer.token)];
    await joined(...orphans);
    instances.B.child.kill('SIGKILL');
    await eventually(() => expect(onB.closeCode).not.toBeNull(), 5_000);
    await eventually(async () => {
      const left = (await auditTypes(share.share_id)).filter((e) => e.type === 'viewer.left');
      expect(left.map((e) => e.details.reason)).toEqual(['instance_lost']);
    }, 30_000);
    const list = await api(instances.A.url, 'GET', '/api/v1/admin/instances', admin);
    expect(list.body.instances.find((i: { instance_id: string }) => i.instance_id === 'inst-B')?.status).toBe('lost');
    // Viewers of the session B hosted are told it ended instead of hanging.
    await eventually(() => orphans.forEach((o) => expect(statusFrames(o).at(-1)?.message).toBe('Session ended')), 10_000);
    await eventually(() => orphans.forEach((o) => expect(o.closeCode).toBe(CloseCode.normal)));
    const onA = viewerOn(instances.A, share.token, viewer.token);
    await joined(onA);
    ownerA.send({ type: 'input', data: 'show version\r' });
    await eventually(() => expect(onA.text()).toContain('Configuration register'), 10_000);
    onA.close();
    ownerA.close();
  }, 60_000);
});
