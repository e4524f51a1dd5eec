/**
 * A long recording made without waiting for it (DESIGN.md §14): router-like output at a steady
 * rate with synthetic times, written through the real recorder (chunks, keyframes, the store),
 * for the two-hour seek test (e2e) and the store-size figure (scripts/recordingFigures.ts).
 * Every event starts with its own time, `[t=0003600.00]`, so a test can tell which moment a
 * screen shows.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { recordingIdFor } from '../../protocol/index.js';
import { systemClock } from '../clock.js';
import { AuditLog } from '../domain/audit.js';
import { StoreRecorder } from '../recording/recorder.js';
import { storeSink } from '../recording/storeSink.js';
import { bgpSummary, debugPacketLine, ipRoute, showInterfaces } from '../ssh/demoOutput.js';
import type { Store } from '../store/index.js';

export interface FixtureOptions {
  store: Store;
  ownerUserId: string;
  durationMs: number;
  /** Output per second (UTF-8 bytes, roughly). */
  bytesPerSecond: number;
  /** One output event every this many ms. */
  eventEveryMs?: number;
  deviceName?: string;
  /** How much output a real 2 s flush interval would gather at this rate. */
  flushBytes?: number;
}

export interface Fixture {
  sessionId: string;
  recordingId: string;
  startedAt: number;
  bytes: number;
  /** CPU time the recording took (recorder and writer, this process), ms. */
  cpuMs: number;
  elapsedMs: number;
}

/** `[t=0003600.00]`: the stamp of the event at 3,600,000 ms. */
export const fixtureStamp = (ms: number) => `[t=${(ms / 1000).toFixed(2).padStart(10, '0')}]`;

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const shows = [bgpSummary, showInterfaces(), ipRoute].map(crlf);

/** One event's output: its stamp, then debug lines, with a show command's output every 5 s. */
function eventText(ms: number, size: number, n: number): string {
  let text = `${fixtureStamp(ms)} lab-rtr-99#\r\n`;
  if (ms % 5_000 === 0) text += shows[n % shows.length]!.slice(0, size) + '\r\n';
  for (let seq = n * 16; text.length < size; seq++) text += debugPacketLine(seq, 1_700_000_000_000 + ms);
  return text;
}

export async function seedRecording(o: FixtureOptions): Promise<Fixture> {
  const sessionId = `sess_${randomBytes(10).toString('hex')}`;
  const recordingId = recordingIdFor(sessionId);
  const startedAt = systemClock.now() - o.durationMs;
  await o.store.sessions.insert({
    session_id: sessionId, owner_user_id: o.ownerUserId, device_id: null, device_name: o.deviceName ?? 'lab-rtr-99 (two-hour fixture)',
    host: '192.0.2.99', port: 22, username: 'netops', instance_id: 'fixture', state: 'closed', created_at: startedAt, closed_at: startedAt + o.durationMs, cols: 120, rows: 32, owner_connected: 0,
  });
  const audit = new AuditLog(o.store, 'fixture', systemClock);
  const every = o.eventEveryMs ?? 100;
  const size = Math.round((o.bytesPerSecond * every) / 1000);
  const flushBytes = o.flushBytes ?? 2 * o.bytesPerSecond;
  const sink = storeSink({ store: o.store, audit, recordingId, sessionId, instanceId: 'fixture', startedAt, cols: 120, rows: 32 });
  let settled = false;
  const recorder = new StoreRecorder({ startedAt, cols: 120, rows: 32, sink, logger: pino({ level: 'silent' }), limits: { flushBytes, flushMs: 3_600_000, maxBytes: Number.MAX_SAFE_INTEGER }, onSettled: () => (settled = true) });
  const cpu = process.cpuUsage();
  const started = performance.now();
  let bytes = 0;
  for (let ms = 0, n = 0, sinceFlush = 0; ms <= o.durationMs; ms += every, n++) {
    const text = eventText(ms, size, n);
    bytes += text.length;
    sinceFlush += text.length;
    recorder.output(text, startedAt + ms);
    // A flush interval's worth: lets the recorder's prompt flush fire (a 1 ms timer) and the
    // writer run, so chunks come out as a live session's would, every 2 s of output.
    if (sinceFlush >= flushBytes) {
      sinceFlush = 0;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  recorder.end(startedAt + o.durationMs);
  await recorder.settled();
  if (!settled) throw new Error('recording fixture did not settle');
  const used = process.cpuUsage(cpu);
  return { sessionId, recordingId, startedAt, bytes, cpuMs: (used.user + used.system) / 1000, elapsedMs: performance.now() - started };
}
