/** The relay hub with in-memory sockets: fan-out, seq gaps and beacons, slow sockets. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { InProcessBroker } from '../broker/inProcess.js';
import { systemClock } from '../clock.js';
import { RelayHub, type RelaySocket } from './hub.js';
import { createMetrics } from './metrics.js';

function socket(): RelaySocket & { sent: string[]; closed: number | null; bufferedAmount: number } {
  // Buffers arrive as text frames ({ binary: false }); the tests read them as strings.
  return {
    readyState: 1,
    bufferedAmount: 0,
    sent: [],
    closed: null,
    send(data: string | Buffer, options: { binary: boolean }) {
      if (options.binary) throw new Error('binary frame sent');
      this.sent.push(String(data));
    },
    close(code?: number) {
      this.closed = code ?? 1000;
      (this as { readyState: number }).readyState = 3;
    },
    terminate() {},
  };
}

function setup(maxBufferedBytes = 1024) {
  const broker = new InProcessBroker();
  const hub = new RelayHub({ broker, clock: systemClock, logger: pino({ level: 'silent' }), metrics: createMetrics('t'), maxBufferedBytes });
  const s = socket();
  hub.add({ id: 'v1', kind: 'viewer', socket: s, sessionId: 'sess_1', shareId: 'share_1' });
  return { broker, hub, s };
}

const frame = (seq: number, audience: 'viewers' | 'owner' = 'viewers') => ({ kind: 'frame' as const, audience, seq, json: JSON.stringify({ type: 'output', data: `#${seq}`, seq, timestamp: 0 }) });
const beacon = (seq: number) => ({ kind: 'beacon' as const, ownerSeq: seq, viewerSeq: seq });

describe('§6 relay fan-out', () => {
  it('sends frames as serialised and reports a seq gap before the frame after it', () => {
    const { broker, s } = setup();
    broker.publishSession('sess_1', frame(1));
    broker.publishSession('sess_1', frame(2));
    broker.publishSession('sess_1', frame(5));
    const sent = s.sent.map((m) => JSON.parse(m));
    expect(sent.map((f) => f.type)).toEqual(['output', 'output', 'status', 'output']);
    expect(sent[2]).toMatchObject({ event: 'output_gap', missing: 2 });
  });

  it('never sends a seq beacon, but learns from it: a beacon past lastSeq is a gap', () => {
    const { broker, s } = setup();
    broker.publishSession('sess_1', beacon(3)); // baseline for a fresh room
    broker.publishSession('sess_1', beacon(3));
    expect(s.sent).toEqual([]);
    broker.publishSession('sess_1', frame(4));
    broker.publishSession('sess_1', beacon(7));
    const sent = s.sent.map((m) => JSON.parse(m));
    expect(sent.map((f) => f.type)).toEqual(['output', 'status']);
    expect(sent[1]).toMatchObject({ event: 'output_gap', missing: 3 });
  });

  it('closes a socket whose unsent bytes pass the limit with 4408, once', () => {
    const { broker, hub, s } = setup(100);
    s.bufferedAmount = 101;
    broker.publishSession('sess_1', frame(1));
    broker.publishSession('sess_1', frame(2));
    expect(s.closed).toBe(4408);
    expect(s.sent).toEqual([]);
    expect(hub.socketCount('sess_1')).toBe(0);
  });
});

describe('§4 owner replay', () => {
  it('gives a connecting owner its replay first, then held frames not in it, never twice', () => {
    const { broker, hub } = setup();
    const owner = socket();
    hub.add({ id: 'own_1', kind: 'owner', socket: owner, sessionId: 'sess_1', shareId: null }, { timeoutMs: 3_000 });
    broker.publishSession('sess_1', frame(4, 'owner')); // live while the replay is on its way: held
    broker.publishSession('sess_1', frame(5, 'owner'));
    expect(owner.sent).toEqual([]);
    broker.publishToInstance('i1', { kind: 'snapshot', sessionId: 'sess_1', memberId: 'own_1', seq: 4, json: JSON.stringify({ type: 'output', data: 'banner#1#2#3#4', seq: 4, timestamp: 0 }) });
    broker.publishSession('sess_1', frame(6, 'owner'));
    expect(owner.sent.map((m) => JSON.parse(m).data)).toEqual(['banner#1#2#3#4', '#5', '#6']);
  });

  it('never shows another socket the replay', () => {
    const { broker, hub, s } = setup();
    hub.add({ id: 'own_2', kind: 'owner', socket: socket(), sessionId: 'sess_1', shareId: null }, { timeoutMs: 3_000 });
    broker.publishToInstance('i1', { kind: 'snapshot', sessionId: 'sess_1', memberId: 'own_2', seq: 0, json: JSON.stringify({ type: 'output', data: 'secret scrollback', seq: 0, timestamp: 0 }) });
    expect(s.sent.join('')).not.toContain('secret scrollback');
  });
});

describe('§12-§13 two streams', () => {
  it('sends owner output only to owners and viewer output only to viewers; status to both', () => {
    const { broker, hub, s } = setup();
    const owner = socket();
    hub.add({ id: 'own_3', kind: 'owner', socket: owner, sessionId: 'sess_1', shareId: null });
    broker.publishSession('sess_1', { ...frame(1, 'owner'), json: JSON.stringify({ type: 'output', data: 'enable secret 5 $1$real', seq: 1, timestamp: 0 }) });
    broker.publishSession('sess_1', { ...frame(1, 'viewers'), json: JSON.stringify({ type: 'output', data: 'enable secret 5 ****', seq: 1, timestamp: 0 }) });
    broker.publishSession('sess_1', { kind: 'frame', audience: 'all', seq: null, json: JSON.stringify({ type: 'status', message: 'x', timestamp: 0 }) });
    expect(s.sent.join('')).not.toContain('$1$real');
    expect(s.sent.map((m) => JSON.parse(m).type)).toEqual(['output', 'status']);
    expect(owner.sent.join('')).not.toContain('****');
    expect(owner.sent.map((m) => JSON.parse(m).type)).toEqual(['output', 'status']);
  });

  it('a viewer waiting for its snapshot gets it first, then only the held output after its seq', () => {
    const { broker, hub } = setup();
    const late = socket();
    hub.add({ id: 'v2', kind: 'viewer', socket: late, sessionId: 'sess_1', shareId: 'share_1' }, { timeoutMs: 3_000 });
    broker.publishSession('sess_1', frame(7));
    broker.publishSession('sess_1', frame(8));
    broker.publishToInstance('i1', { kind: 'snapshot', sessionId: 'sess_1', memberId: 'v2', seq: 7, json: JSON.stringify({ type: 'snapshot', data: 'screen', cols: 80, rows: 24, seq: 7, timestamp: 0 }) });
    broker.publishSession('sess_1', frame(9));
    expect(late.sent.map((m) => JSON.parse(m).type === 'snapshot' ? 'snapshot' : JSON.parse(m).data)).toEqual(['snapshot', '#8', '#9']);
  });
});
