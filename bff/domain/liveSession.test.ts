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
  const frames: Array<{ type: string; data?: string; seq?: number; message?: string; cols?: number }> = [];
  broker.subscribeSession('sess_1', (m) => m.kind === 'frame' && frames.push(JSON.parse(m.json)));
  const ended: string[] = [];
  const live = new LiveSession({
    sessionId: 'sess_1', shell, broker, clock: systemClock, logger: pino({ level: 'silent' }), cols: 80, rows: 24, ownerGraceMs: 60_000,
    fanout: () => 1, onResize: () => {}, onOwnerPresence: () => {}, onEnded: (r) => ended.push(r),
  });
  return { live, broker, stream, written, frames, ended };
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
