/**
 * DESIGN.md §14: session recordings end to end, on SQLite and on PostgreSQL: what the host records,
 * the asciicast export, who may see what, retention, the size cap, and a kill -9 of the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingIdFor } from '../protocol/index.js';
import { TerminalScreen } from './relay/screen.js';
import { api, createShare, createUser, eventually, login, openDemoSession, type TestBff, type WsClient, wsClient } from './testing/harness.js';
import { createDatabase, type PostgresServer, startBffProcess, startPostgres } from './testing/services.js';
import { startBffOn, type StoreKind, storeKinds } from './testing/stores.js';

let postgres: PostgresServer | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.close();
});

interface Cast {
  header: Record<string, unknown>;
  events: Array<[number, string, string]>;
  contentType: string | null;
  disposition: string | null;
}

async function fetchCast(bff: { url: string }, token: string, recordingId: string, query = ''): Promise<Cast> {
  const response = await fetch(`${bff.url}/api/v1/recordings/${recordingId}/cast${query}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const [header, ...events] = (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return { header, events, contentType: response.headers.get('content-type'), disposition: response.headers.get('content-disposition') };
}

/** What the owner's output frames carried (not the repaint of the screen it got first). */
const outputFrames = (client: WsClient) => client.frames.map((f) => (f.type === 'output' ? f.data : '')).join('');

const castOutput = (cast: Cast) => cast.events.filter(([, type]) => type === 'o').map(([, , data]) => data).join('');

/** The owner's terminal after its frames (the repaint on connect, then output and resizes), serialised. */
async function ownerScreen(owner: WsClient, cols: number, rows: number): Promise<string> {
  const screen = new TerminalScreen({ cols, rows, scrollback: 0 });
  for (const frame of owner.frames as Array<{ type: string; data?: string; cols?: number; rows?: number }>) {
    if (frame.type === 'snapshot') {
      screen.resize(frame.cols!, frame.rows!);
      screen.write(frame.data!, 0);
    } else if (frame.type === 'output') screen.write(frame.data!, 0);
    else if (frame.type === 'resize') screen.resize(frame.cols!, frame.rows!);
  }
  const shot = await screen.snapshot();
  screen.dispose();
  return shot.data;
}

async function castScreen(cast: Cast): Promise<string> {
  const screen = new TerminalScreen({ cols: Number(cast.header.width), rows: Number(cast.header.height), scrollback: 0 });
  for (const [, type, data] of cast.events) {
    if (type === 'o') screen.write(data, 0);
    else {
      const [cols, rows] = data.split('x').map(Number);
      screen.resize(cols!, rows!);
    }
  }
  const shot = await screen.snapshot();
  screen.dispose();
  return shot.data;
}

async function run(owner: WsClient, command: string, until: RegExp): Promise<void> {
  const before = owner.text().length;
  owner.send({ type: 'input', data: `${command}\r` });
  await eventually(() => expect(owner.text().slice(before)).toMatch(until), 10_000);
}

async function endSession(bff: TestBff, token: string, sessionId: string): Promise<void> {
  expect((await api(bff.url, 'DELETE', `/api/v1/sessions/${sessionId}`, token)).status).toBe(200);
  // Read from the database: every look through the API is audited, and the tests count those.
  const db = await bff.rawDb();
  await eventually(async () => {
    const row = await db.selectFrom('recordings').select('ended_at').where('recording_id', '=', recordingIdFor(sessionId)).executeTakeFirst();
    expect(row?.ended_at).toBeTruthy();
  }, 10_000);
}

async function auditOf(bff: TestBff, type: string, sessionId?: string) {
  const r = await api(bff.url, 'GET', `/api/v1/audit?type=${type}${sessionId ? `&session_id=${sessionId}` : ''}`, bff.adminToken);
  expect(r.status).toBe(200);
  return r.body.events as Array<{ actor_user_id: string | null; session_id: string | null; details: Record<string, unknown> }>;
}

describe.each<StoreKind>(storeKinds)('§14 session recordings on %s', (kind) => {
  it("records the owner's output in order with resizes; the cast is asciicast v2 and replays to the owner's screen", async () => {
    const bff = await startBffOn(kind, postgres);
    const engineer = await createUser(bff, 'engineer');
    const { sessionId, owner } = await openDemoSession(bff, engineer.token);
    await run(owner, 'show ip interface brief', /Loopback0[\s\S]*#/);
    owner.send({ type: 'resize', cols: 100, rows: 30 });
    await eventually(() => expect(owner.frames.some((f) => f.type === 'resize')).toBe(true));
    await run(owner, 'show ip bgp summary', /Neighbor[\s\S]*#/);
    await endSession(bff, engineer.token, sessionId);

    const recordingId = recordingIdFor(sessionId);
    const meta = (await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}`, engineer.token)).body;
    expect(meta).toMatchObject({ recording_id: recordingId, session_id: sessionId, device: { name: expect.any(String) }, owner: { user_id: engineer.userId }, cols: 120, rows: 32, shared: false, truncated: false });
    const cast = await fetchCast(bff, engineer.token, recordingId);
    expect(cast.contentType).toMatch(/^application\/x-asciicast/);
    expect(cast.disposition).toMatch(/^inline; filename="netstacks-.*\.cast"$/);
    expect(cast.header).toMatchObject({ version: 2, width: 120, height: 32, timestamp: Math.floor(Date.parse(meta.started_at) / 1000), title: expect.stringContaining(engineer.email) });
    for (const event of cast.events) {
      expect(event).toHaveLength(3);
      expect(typeof event[0]).toBe('number');
      expect(['o', 'r']).toContain(event[1]);
      expect(typeof event[2]).toBe('string');
    }
    const times = cast.events.map(([t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(cast.events.filter(([, type]) => type === 'r').map(([, , data]) => data)).toEqual(['100x30']);
    const output = castOutput(cast);
    // In order: the first command's output, then the resize, then the second command's.
    const resizeAt = cast.events.findIndex(([, type]) => type === 'r');
    expect(castOutput({ ...cast, events: cast.events.slice(0, resizeAt) })).toMatch(/show ip interface brief[\s\S]*Loopback0/);
    expect(castOutput({ ...cast, events: cast.events.slice(resizeAt) })).toMatch(/show ip bgp summary[\s\S]*Neighbor/);
    // The owner got a repaint of the screen on connect, then every output frame: those the recording ends with.
    expect(output.endsWith(outputFrames(owner))).toBe(true);
    expect(await castScreen(cast)).toBe(await ownerScreen(owner, 120, 32));
    expect(meta.bytes).toBe(Buffer.byteLength(output, 'utf8'));
    expect(meta.duration_ms).toBeGreaterThanOrEqual(Math.round(times.at(-1)! * 1000));

    const download = await fetchCast(bff, engineer.token, recordingId, '?download=1');
    expect(download.disposition).toMatch(/^attachment; filename=".*\.cast"$/);
    expect(castOutput(download)).toBe(output);
    const viewed = await auditOf(bff, 'recording.viewed', sessionId);
    expect(viewed.map((e) => e.details.view).sort()).toEqual(['cast', 'metadata']);
    expect(viewed.every((e) => e.actor_user_id === engineer.userId)).toBe(true);
    expect(await auditOf(bff, 'recording.downloaded', sessionId)).toHaveLength(1);
  });

  it("lets engineers see only their own recordings (403 on another's), and noc_leads everyone's", async () => {
    const bff = await startBffOn(kind, postgres);
    const alice = await createUser(bff, 'engineer');
    const bob = await createUser(bff, 'engineer');
    const lead = await createUser(bff, 'noc_lead');
    const guest = await createUser(bff, 'guest');
    const { sessionId, owner } = await openDemoSession(bff, alice.token);
    await createShare(bff, alice.token, sessionId);
    await run(owner, 'show clock', /#\s*$/);
    await endSession(bff, alice.token, sessionId);
    const recordingId = recordingIdFor(sessionId);

    expect((await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}`, bob.token)).status).toBe(403);
    expect((await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}/cast?download=1`, bob.token)).status).toBe(403);
    expect((await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}/timeline`, bob.token)).status).toBe(403);
    expect((await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}/chunks/0`, bob.token)).status).toBe(403);
    expect((await api(bff.url, 'GET', `/api/v1/recordings?user_id=${alice.userId}`, bob.token)).status).toBe(403);
    expect((await api(bff.url, 'GET', '/api/v1/recordings', bob.token)).body.recordings).toEqual([]);
    expect((await api(bff.url, 'GET', '/api/v1/recordings', guest.token)).status).toBe(403);

    const mine = (await api(bff.url, 'GET', '/api/v1/recordings', alice.token)).body;
    expect(mine.recordings.map((r: { recording_id: string }) => r.recording_id)).toEqual([recordingId]);
    expect(mine.recordings[0].shared).toBe(true);
    const all = (await api(bff.url, 'GET', `/api/v1/recordings?user_id=${alice.userId}&device=RTR`, lead.token)).body;
    expect(all.recordings.map((r: { recording_id: string }) => r.recording_id)).toEqual([recordingId]);
    expect((await api(bff.url, 'GET', '/api/v1/recordings?device=no-such-device', lead.token)).body.recordings).toEqual([]);
    expect(castOutput(await fetchCast(bff, lead.token, recordingId, '?download=1'))).toMatch(/show clock/);
    const timeline = (await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}/timeline`, lead.token)).body;
    expect(timeline.chunks.length).toBeGreaterThan(0);
    const chunk = (await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}/chunks/0`, lead.token)).body;
    expect(chunk.events.map((e: [number, string, string]) => e[2]).join('')).toContain('lab-rtr-01#');
    const downloads = await auditOf(bff, 'recording.downloaded', sessionId);
    expect(downloads.map((e) => e.actor_user_id)).toEqual([lead.userId]);
    // The lead's timeline was the audited playback; the chunk read inside it is not audited again.
    const playbacks = (await auditOf(bff, 'recording.viewed', sessionId)).filter((e) => e.details.view === 'playback');
    expect(playbacks.map((e) => e.actor_user_id)).toEqual([lead.userId]);
    const lists = (await auditOf(bff, 'recording.viewed')).filter((e) => e.details.view === 'list');
    expect(lists.length).toBeGreaterThanOrEqual(4);
  });

  it('pages the list newest first with a cursor, no recording skipped or repeated', async () => {
    const bff = await startBffOn(kind, postgres);
    const engineer = await createUser(bff, 'engineer');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { sessionId } = await openDemoSession(bff, engineer.token);
      ids.unshift(recordingIdFor(sessionId));
      bff.clock.advance(1_000);
    }
    await eventually(async () => expect((await api(bff.url, 'GET', '/api/v1/recordings', engineer.token)).body.recordings).toHaveLength(3));
    const first = (await api(bff.url, 'GET', '/api/v1/recordings?limit=2', engineer.token)).body;
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await api(bff.url, 'GET', `/api/v1/recordings?limit=2&cursor=${first.next_cursor}`, engineer.token)).body;
    expect([...first.recordings, ...second.recordings].map((r: { recording_id: string }) => r.recording_id)).toEqual(ids);
    expect(second.next_cursor).toBeNull();
    expect((await api(bff.url, 'GET', '/api/v1/recordings?cursor=bm9wZQ', engineer.token)).status).toBe(400);
  });

  it('deletes recordings past NS_RECORDING_RETENTION, once, with recording.deleted', async () => {
    const bff = await startBffOn(kind, postgres, { NS_RECORDING_RETENTION: '10m' });
    const engineer = await createUser(bff, 'engineer');
    const { sessionId, owner } = await openDemoSession(bff, engineer.token);
    await run(owner, 'show clock', /#\s*$/);
    await endSession(bff, engineer.token, sessionId);
    const recordingId = recordingIdFor(sessionId);
    const { recordings } = bff.server.deps;
    expect(await recordings.sweepExpired()).toBe(0);
    bff.clock.advance(11 * 60_000);
    // Two sweeps at once, as two instances would: one deletes and audits, the other finds nothing.
    const deleted = await Promise.all([recordings.sweepExpired(), recordings.sweepExpired()]);
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}`, engineer.token)).status).toBe(404);
    const db = await bff.rawDb();
    expect(await db.selectFrom('recording_chunks').select('seq').where('recording_id', '=', recordingId).execute()).toEqual([]);
    const events = await auditOf(bff, 'recording.deleted', sessionId);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ recording_id: recordingId, reason: 'retention', retention: '10m' });
  });

  it('stops at NS_RECORDING_MAX_BYTES with recording.truncated, the session going on', async () => {
    const bff = await startBffOn(kind, postgres, { NS_RECORDING_MAX_BYTES: '3000' });
    const engineer = await createUser(bff, 'engineer');
    const { sessionId, owner } = await openDemoSession(bff, engineer.token);
    await run(owner, 'show running-config', /end[\s\S]*#\s*$/);
    await run(owner, 'show clock', /#\s*$/);
    await endSession(bff, engineer.token, sessionId);
    const recordingId = recordingIdFor(sessionId);
    const meta = (await api(bff.url, 'GET', `/api/v1/recordings/${recordingId}`, engineer.token)).body;
    expect(meta.truncated).toBe(true);
    expect(meta.bytes).toBeLessThanOrEqual(3000);
    expect(meta.bytes).toBeGreaterThan(2900);
    const output = castOutput(await fetchCast(bff, engineer.token, recordingId));
    expect(Buffer.byteLength(output, 'utf8')).toBe(meta.bytes);
    expect(owner.text().length).toBeGreaterThan(output.length);
    const events = await auditOf(bff, 'recording.truncated', sessionId);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ recording_id: recordingId, max_bytes: 3000 });
  });

  it('records nothing with NS_RECORDING=off', async () => {
    const bff = await startBffOn(kind, postgres, { NS_RECORDING: 'off' });
    const engineer = await createUser(bff, 'engineer');
    const { sessionId } = await openDemoSession(bff, engineer.token);
    expect((await api(bff.url, 'GET', `/api/v1/recordings/${recordingIdFor(sessionId)}`, engineer.token)).status).toBe(404);
    expect((await api(bff.url, 'GET', '/api/v1/recordings', engineer.token)).body.recordings).toEqual([]);
  });
});

describe.each<StoreKind>(storeKinds)('§14 a kill -9 of the host on %s', (kind) => {
  it('loses at most the output of the last flush interval; the restarted instance serves the rest', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ns-rec-kill-'));
    const database = kind === 'postgres' ? await createDatabase(postgres!.url, 'ns_rec') : null;
    const env = { NS_DATA_DIR: dataDir, NS_INSTANCE_ID: 'rec-host', NS_ADMIN_PASSWORD: 'Rec-admin-password-1', ...(database ? { DATABASE_URL: database.url } : {}) };
    try {
      const first = await startBffProcess(env);
      const admin = (await login(first.url, 'admin@example.com', env.NS_ADMIN_PASSWORD)).token;
      const r = await api(first.url, 'POST', '/api/v1/sessions', admin, { device_id: 'dev_demo' });
      const sessionId: string = r.body.session_id;
      const owner = wsClient(`${first.wsUrl}/api/v1/sessions/${sessionId}/ws`, { token: admin });
      await eventually(() => expect(owner.text()).toMatch(/lab-rtr-01#/), 10_000);
      await run(owner, 'show ip interface brief', /Loopback0[\s\S]*#/);
      const flushed = outputFrames(owner);
      // Past the flush interval (2 s) and its write: everything so far is in the store.
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      owner.send({ type: 'input', data: 'show ip bgp summary\r' });
      await first.kill('SIGKILL');

      const second = await startBffProcess(env);
      const cast = await fetchCast(second, (await login(second.url, 'admin@example.com', env.NS_ADMIN_PASSWORD)).token, recordingIdFor(sessionId));
      const output = castOutput(cast);
      expect(output.startsWith(flushed) || output.endsWith(flushed) || output.includes(flushed)).toBe(true);
      expect(output).toMatch(/show ip interface brief[\s\S]*Loopback0/);
      const meta = (await api(second.url, 'GET', `/api/v1/recordings/${recordingIdFor(sessionId)}`, admin)).body;
      // The host never wrote its end; the recording ends where its output does.
      expect(meta.ended_at).toBe(new Date(Date.parse(meta.started_at) + meta.duration_ms).toISOString());
      await second.kill();
    } finally {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
