/** The host side of a session: streaming UTF-8, seq, resize and presence, with an in-memory shell. */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { InProcessBroker } from '../broker/inProcess.js';
import { systemClock } from '../clock.js';
import { LiveSession } from './liveSession.js';

function fakeShell() {
  const stream = Object.assign(new PassThrough(), { stderr: new EventEmitter(), setWindow: () => {} });
  const written: string[] = [];
  stream.write = ((chunk: string) => written.push(chunk) > 0) as typeof stream.write;
  return { shell: { stream: stream as never, hostKey: { algorithm: 'ssh-ed25519', fingerprint: 'SHA256:test' }, resize: () => {}, close: () => {} }, stream, written };
}

function host() {
  const broker = new InProcessBroker();
  const { shell, stream, written } = fakeShell();
  // What the owner's socket gets (owner stream and frames for all), and what viewers get.
  const frames: Array<{ type: string; data?: string; seq?: number; message?: string; cols?: number; event?: string }> = [];
  const viewerFrames: typeof frames = [];
  broker.subscribeSession('sess_1', (m) => {
    if (m.kind !== 'frame') return;
    if (m.audience !== 'viewers') frames.push(JSON.parse(m.json));
    if (m.audience !== 'owner') viewerFrames.push(JSON.parse(m.json));
  });
  const ended: string[] = [];
  const live = new LiveSession({
    sessionId: 'sess_1', shell, broker, clock: systemClock, logger: pino({ level: 'silent' }), cols: 80, rows: 24, ownerGraceMs: 60_000,
    fanout: () => 1, onResize: () => {}, onOwnerPresence: () => {}, onEnded: (r) => ended.push(r),
  });
  return { live, broker, stream, written, frames, viewerFrames, ended };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('§4 session host', () => {
  it('keeps multi-byte characters intact when split across SSH chunks', async () => {
    const { stream, frames, live } = host();
    const bytes = Buffer.from('BGP ✓ état 🚀\r\n', 'utf8');
    for (let i = 0; i < bytes.length; i += 1) {
      stream.emit('data', bytes.subarray(i, i + 1));
      if (i % 3 === 0) await tick();
    }
    await tick();
    expect(frames.filter((f) => f.type === 'output').map((f) => f.data).join('')).toBe('BGP ✓ état 🚀\r\n');
    expect(frames.map((f) => f.data ?? '').join('')).not.toContain('\uFFFD');
    live.end('shutdown');
  });

  it('numbers output frames 1, 2, 3… and relays owner input and resize', async () => {
    const { stream, frames, broker, written, live } = host();
    for (const text of ['a', 'b', 'c']) {
      stream.emit('data', Buffer.from(text));
      await tick();
    }
    expect(frames.filter((f) => f.type === 'output').map((f) => f.seq)).toEqual([1, 2, 3]);
    broker.publishOwnerCommand('sess_1', { type: 'input', data: 'show version\r' });
    broker.publishOwnerCommand('sess_1', { type: 'resize', cols: 132, rows: 40 });
    expect(written).toEqual(['show version\r']);
    expect(frames.at(-1)).toMatchObject({ type: 'resize', cols: 132 });
    live.end('shutdown');
  });

  it('announces owner disconnect and reconnect, and ends once', () => {
    const { broker, frames, live, ended } = host();
    broker.publishOwnerCommand('sess_1', { type: 'presence', connected: true, connectionId: 'a', instanceId: 'i1' });
    broker.publishOwnerCommand('sess_1', { type: 'presence', connected: false, connectionId: 'a', instanceId: 'i1' });
    broker.publishOwnerCommand('sess_1', { type: 'presence', connected: true, connectionId: 'b', instanceId: 'i1' });
    expect(frames.filter((f) => f.type === 'status').map((f) => f.message)).toEqual(['Session owner disconnected', 'Session owner reconnected']);
    live.end('closed_by_owner');
    live.end('device_closed');
    expect(ended).toEqual(['closed_by_owner']);
    expect(frames.at(-1)).toMatchObject({ type: 'status', message: 'Session ended' });
  });
});

const viewerText = (frames: Array<{ type: string; data?: string }>) => frames.filter((f) => f.type === 'output').map((f) => f.data).join('');

describe('§13 the viewers\' stream', () => {
  it('masks secrets for viewers only, and numbers viewer output on its own', async () => {
    const { stream, frames, viewerFrames, live } = host();
    stream.emit('data', Buffer.from('lab-rtr-01#show running-config\r\nenable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\r\nhostname lab\r\n'));
    await tick();
    expect(viewerText(viewerFrames)).toContain('enable secret 5 ****');
    expect(viewerText(viewerFrames)).not.toContain('$1$mERr');
    expect(frames.filter((f) => f.type === 'output').map((f) => f.data).join('')).toContain('$1$mERr$hx5rVt7rPNoS4wqbXKX7m0');
    expect(viewerFrames.filter((f) => f.type === 'output').map((f) => f.seq)).toEqual([1]);
    live.end('shutdown');
  });

  it('pauses at a password prompt split across chunks, shows nothing typed after it, resumes after Enter', async () => {
    const { stream, viewerFrames, broker, live } = host();
    stream.emit('data', Buffer.from('lab-rtr-01#enable\r\nPass'));
    await tick();
    stream.emit('data', Buffer.from('word: '));
    await tick();
    expect(viewerFrames.filter((f) => f.type === 'status').map((f) => f.event)).toEqual(['sharing_paused']);
    stream.emit('data', Buffer.from('hunter2-echoed-by-a-bad-device'));
    await tick();
    broker.publishOwnerCommand('sess_1', { type: 'input', data: 'hunter2\r' });
    stream.emit('data', Buffer.from('\r\nlab-rtr-01#'));
    await tick();
    expect(viewerText(viewerFrames)).not.toContain('hunter2');
    expect(viewerText(viewerFrames)).toContain('Password: ');
    expect(viewerText(viewerFrames).endsWith('lab-rtr-01#')).toBe(true);
    expect(viewerFrames.filter((f) => f.type === 'status').map((f) => f.event)).toEqual(['sharing_paused', 'sharing_resumed']);
    live.end('shutdown');
  });

  it('drops what is produced while the owner paused sharing, then goes on from the resume', async () => {
    const { stream, viewerFrames, broker, live } = host();
    const by = { user_id: 'usr_1', email: 'owner@example.com' };
    broker.publishOwnerCommand('sess_1', { type: 'sharing', paused: true, by });
    stream.emit('data', Buffer.from('private output\r\n'));
    await tick();
    broker.publishOwnerCommand('sess_1', { type: 'sharing', paused: false, by });
    stream.emit('data', Buffer.from('public output\r\n'));
    await tick();
    expect(viewerText(viewerFrames)).toBe('public output\r\n');
    expect(live.sharing.paused).toBe(false);
    live.end('shutdown');
  });
});

describe('§12 the owner’s repaint', () => {
  it('a reconnecting owner gets one snapshot of their screen, including what ran while they were away', async () => {
    const { stream, broker, live } = host();
    const snapshots: Array<{ memberId: string; json: string | null; seq: number }> = [];
    broker.subscribeInstance((m) => snapshots.push(m));
    broker.publishOwnerCommand('sess_1', { type: 'presence', connected: true, connectionId: 'a', instanceId: 'i1' });
    stream.emit('data', Buffer.from('lab-rtr-01#show clock\r\n*09:00:00.000 UTC Tue Dec 1 2026\r\nlab-rtr-01#'));
    await tick();
    broker.publishOwnerCommand('sess_1', { type: 'presence', connected: false, connectionId: 'a', instanceId: 'i1' });
    stream.emit('data', Buffer.from('\r\n%LINK-3-UPDOWN: Interface Gi0/1, changed state to down\r\nlab-rtr-01#'));
    await tick();
    broker.publishOwnerCommand('sess_1', { type: 'presence', connected: true, connectionId: 'b', instanceId: 'i1' });
    // A second tab of the owner at once: neither repaint may lose the screen the other still needs.
    broker.publishOwnerCommand('sess_1', { type: 'presence', connected: true, connectionId: 'c', instanceId: 'i1' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(JSON.parse(snapshots.find((m) => m.memberId === 'c')!.json!).data).toContain('changed state to down');
    const repaint = snapshots.find((m) => m.memberId === 'b')!;
    const frame = JSON.parse(repaint.json!);
    expect(frame.type).toBe('snapshot');
    expect(frame.data).toContain('show clock');
    expect(frame.data).toContain('changed state to down');
    expect(repaint.seq).toBe(2);
    live.end('shutdown');
  });
});
