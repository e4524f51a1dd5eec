/** DESIGN.md §14: the recorder on the live path: cheap, ordered, bounded, and never hurt by the store. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RecordingEvent } from '../../protocol/index.js';
import { TerminalScreen } from '../relay/screen.js';
import { eventually } from '../testing/eventually.js';
import type { PackedChunk, RecordingCounters, RecordingSink } from './chunkWriter.js';
import { unpackEvents, unpackKeyframe } from './codec.js';
import { type RecorderLimits, StoreRecorder } from './recorder.js';

interface Written {
  chunk: PackedChunk;
  events: RecordingEvent[];
  progress: { bytes: number; chunks: number };
}

/** A sink in memory that can be made to fail. */
function memorySink() {
  const state = { created: 0, transactions: 0, chunks: [] as Written[], truncated: [] as number[], ended: null as null | { endedAt: number; durationMs: number }, failing: false };
  const guard = () => {
    if (state.failing) throw new Error('store down');
  };
  const sink: RecordingSink = {
    create: async () => {
      guard();
      state.created += 1;
    },
    writeChunks: async (chunks, progress) => {
      guard();
      for (const chunk of chunks) state.chunks.push({ chunk, events: await unpackEvents(chunk.data), progress });
      state.transactions += 1;
    },
    truncated: async (bytes) => {
      guard();
      state.truncated.push(bytes);
    },
    end: async (endedAt, durationMs) => {
      guard();
      state.ended = { endedAt, durationMs };
    },
  };
  return { sink, state, events: () => state.chunks.flatMap((c) => c.events) };
}

const fast: Partial<RecorderLimits> = { flushMs: 20, retryMs: 20, endRetries: 2 };

function recorder(limits: Partial<RecorderLimits> = {}, counters?: RecordingCounters) {
  const memory = memorySink();
  const rec = new StoreRecorder({ startedAt: 1_000_000, cols: 80, rows: 24, sink: memory.sink, logger: pino({ level: 'silent' }), limits: { ...fast, ...limits }, counters });
  return { rec, ...memory };
}

/** Counters as /metrics keeps them: what was added up. */
function tally() {
  const totals = { chunksWritten: 0, failedWrites: 0, droppedChunks: 0 };
  const counters: RecordingCounters = Object.fromEntries(Object.keys(totals).map((key) => [key, { inc: (by: number) => (totals[key as keyof typeof totals] += by) }]));
  return { totals, counters };
}

describe('§14 session recorder', () => {
  it('records output and resizes in order with monotonic times, in chunks written as it goes', async () => {
    const { rec, state, events } = recorder();
    rec.output('hello ', 1_000_010);
    rec.resize(100, 30, 1_000_020);
    // A clock that steps back does not make time run backwards in the recording.
    rec.output('world', 1_000_015);
    await eventually(() => expect(state.chunks).toHaveLength(1));
    rec.output('\r\nbye', 1_000_500);
    rec.end(1_000_600);
    await rec.settled();
    expect(state.created).toBe(1);
    expect(events()).toEqual([
      [10, 'o', 'hello '],
      [20, 'r', '100x30'],
      [20, 'o', 'world'],
      [500, 'o', '\r\nbye'],
    ]);
    expect(state.chunks.map((c) => c.chunk.seq)).toEqual([0, 1]);
    expect(state.chunks.at(-1)!.progress).toMatchObject({ bytes: 16, chunks: 2 });
    expect(state.ended).toEqual({ endedAt: 1_000_600, durationMs: 600 });
  });

  it('flushes on time through a steady stream of output, which never pushes the timer back', async () => {
    const { rec, state } = recorder({ flushMs: 30, flushBytes: 1_000 });
    const started = Date.now();
    for (let i = 0; Date.now() - started < 200; i++) {
      rec.output(`line ${i}\r\n`, 1_000_000 + i);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Written while the stream still ran, in chunks of about flushBytes, not one at the end.
    expect(state.chunks.length).toBeGreaterThan(3);
    rec.end(1_100_000);
    await rec.settled();
  });

  it('keeps every chunk within chunkBytes, splitting one huge output, and writes them in one transaction', async () => {
    const { rec, state, events } = recorder({ chunkBytes: 1024, flushBytes: 4096 });
    const big = 'x'.repeat(5000) + '€'.repeat(700);
    rec.output(big, 1_000_001);
    rec.end(1_000_002);
    await rec.settled();
    expect(state.chunks.length).toBeGreaterThan(5);
    for (const { chunk } of state.chunks) expect(chunk.bytes).toBeLessThanOrEqual(1024);
    expect(state.transactions).toBe(1);
    expect(events().map(([, , data]) => data).join('')).toBe(big);
  });

  it('stops at the size cap: what fits is kept, the truncation is reported once, later output is dropped', async () => {
    const { rec, state, events } = recorder({ maxBytes: 10 });
    rec.output('12345678', 1_000_001);
    rec.output('9€€', 1_000_002);
    rec.output('more', 1_000_003);
    rec.resize(90, 20, 1_000_004);
    rec.end(1_000_005);
    await rec.settled();
    // "9€" is 4 bytes: only "9" fits the two left, and no half of a "€" is kept.
    expect(events().map(([, , data]) => data).join('')).toBe('123456789');
    expect(state.truncated).toEqual([9]);
    expect(state.ended).not.toBeNull();
  });

  it('never throws into the session while the store is down, and writes everything in order once it is back', async () => {
    const { rec, state, events } = recorder();
    state.failing = true;
    for (let i = 0; i < 20; i++) expect(() => rec.output(`line ${i}\r\n`, 1_000_000 + i * 10)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(state.chunks).toHaveLength(0);
    state.failing = false;
    await eventually(() => expect(events()).toHaveLength(20));
    rec.end(1_001_000);
    await rec.settled();
    expect(rec.stats.failedWrites).toBeGreaterThan(0);
    expect(events().map(([, , data]) => data).join('')).toBe(Array.from({ length: 20 }, (_, i) => `line ${i}\r\n`).join(''));
  });

  it('counts chunks written, failed writes and dropped chunks for /metrics, as they happen', async () => {
    const { totals, counters } = tally();
    const { rec, state } = recorder({ flushBytes: 100, backlogBytes: 2_000 }, counters);
    rec.output('before the outage\r\n', 1_000_001);
    await eventually(() => expect(totals.chunksWritten).toBe(1));
    state.failing = true;
    rec.output('during the outage\r\n', 1_000_002);
    await eventually(() => expect(totals.failedWrites).toBeGreaterThan(0));
    for (let i = 0; i < 300; i++) rec.output(`${Math.random().toString(36).repeat(3)}\r\n`, 1_000_010 + i);
    await eventually(() => expect(totals.droppedChunks).toBeGreaterThan(0));
    state.failing = false;
    rec.end(1_010_000);
    await rec.settled();
    expect(totals.chunksWritten).toBe(state.chunks.length);
    expect({ failed: totals.failedWrites, dropped: totals.droppedChunks }).toEqual({ failed: rec.stats.failedWrites, dropped: rec.stats.droppedChunks });
  });

  it('bounds what waits for a store that stays down, dropping the oldest chunks', async () => {
    const { rec, state } = recorder({ flushBytes: 100, backlogBytes: 2_000 });
    state.failing = true;
    // Random text compresses badly, so a few hundred lines pass the 2 KB bound.
    for (let i = 0; i < 300; i++) rec.output(`${Math.random().toString(36).repeat(3)}\r\n`, 1_000_000 + i);
    await eventually(() => expect(rec.stats.droppedChunks).toBeGreaterThan(0));
    state.failing = false;
    rec.end(1_010_000);
    await rec.settled();
    const seqs = state.chunks.map((c) => c.chunk.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(state.ended).not.toBeNull();
  });

  it('stores a keyframe every ~10 s of output: the screen just before the chunk it starts', async () => {
    const { rec, state } = recorder({ keyframeMs: 10_000 });
    const lines = (from: number) => Array.from({ length: 40 }, (_, i) => `row ${from + i}\r\n`).join('');
    for (let t = 0; t < 5; t++) {
      rec.output(lines(t * 40), 1_000_000 + t * 6_000);
      await eventually(() => expect(state.chunks).toHaveLength(t + 1));
    }
    rec.end(1_031_000);
    await rec.settled();
    const withKeyframe = state.chunks.filter((c) => c.chunk.keyframe !== null);
    expect(withKeyframe.length).toBeGreaterThanOrEqual(1);
    for (const { chunk } of withKeyframe) {
      const replay = new TerminalScreen({ cols: 80, rows: 24, scrollback: 0 });
      replay.write(state.chunks.filter((c) => c.chunk.seq < chunk.seq).flatMap((c) => c.events.map(([, , data]) => data)).join(''), 1);
      const expected = await replay.snapshot();
      replay.dispose();
      expect(await unpackKeyframe(chunk.keyframe!)).toEqual({ data: expected.data, cols: 80, rows: 24 });
    }
  });
});
