/** DESIGN.md §14: the web player's clock, seeking from keyframes, speed, idle skipping and next output. */
import { describe, expect, it } from 'vitest';
import type { RecordingChunk, RecordingTimeline } from '../../../protocol/rest.js';
import { formatClock } from '../../ui/time.js';
import { idleCapMs, RecordingPlayer, type PlayerClock, type PlayerSink } from './player.js';

/** A clock the test moves by hand: timers fire when `advance` passes them. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; callback: () => void; id: number }> = [];
  let ids = 0;
  const clock: PlayerClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.push({ at: now + ms, callback, id: ++ids });
      return ids;
    },
    clearTimeout: (id) => (timers = timers.filter((t) => t.id !== id)),
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.callback();
      await flushPromises();
    }
    now = end;
  };
  return { clock, advance };
}

const flushPromises = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** The screen as plain text, resets included. */
function textSink() {
  const log: string[] = [];
  const sink: PlayerSink = {
    reset: (cols, rows, data) => log.push(`[reset ${cols}x${rows}]${data}`),
    write: (data) => log.push(data),
    resize: (cols, rows) => log.push(`[${cols}x${rows}]`),
    flushed: (callback) => callback(),
  };
  return { sink, screen: () => log.join('').split('[reset').at(-1)!, log };
}

/** Three chunks: 0–5 s, 10–15 s (keyframe), 40 s (keyframe). */
function recording() {
  const chunks: RecordingChunk[] = [
    { seq: 0, start_ms: 0, end_ms: 5_000, bytes: 2, keyframe: null, events: [[0, 'o', 'a'], [5_000, 'o', 'b']] },
    { seq: 1, start_ms: 10_000, end_ms: 15_000, bytes: 2, keyframe: { data: 'KF1:', cols: 80, rows: 24 }, events: [[10_000, 'o', 'c'], [12_000, 'r', '100x30'], [15_000, 'o', 'd']] },
    { seq: 2, start_ms: 40_000, end_ms: 40_000, bytes: 1, keyframe: { data: 'KF2:', cols: 100, rows: 30 }, events: [[40_000, 'o', 'e']] },
  ];
  const timeline: RecordingTimeline = {
    recording: { recording_id: 'rec_1', session_id: 'sess_1', device: { name: 'r1' }, owner: { user_id: 'u', email: 'e', name: 'n' }, started_at: '2025-01-01T00:00:00Z', ended_at: '2025-01-01T00:00:41Z', bytes: 5, duration_ms: 41_000, shared: false, cols: 80, rows: 24 },
    chunks: chunks.map(({ seq, start_ms, end_ms, bytes, keyframe }) => ({ seq, start_ms, end_ms, bytes, keyframe: keyframe !== null })),
  };
  const loads: number[] = [];
  const loadChunk = async (seq: number) => {
    loads.push(seq);
    return chunks[seq]!;
  };
  return { timeline, loadChunk, loads, chunks };
}

function player() {
  const { clock, advance } = manualClock();
  const { sink, screen, log } = textSink();
  const rec = recording();
  const p = new RecordingPlayer({ timeline: rec.timeline, loadChunk: rec.loadChunk, sink, clock, onChange: () => {} });
  return { p, advance, screen, log, loads: rec.loads };
}

describe('§14 recording player', () => {
  it('plays events at their times, resizes in between, and stops at the end', async () => {
    const { p, advance, screen } = player();
    await p.start();
    expect(screen()).toBe(' 80x24]a');
    p.play();
    await advance(4_000);
    expect(screen()).toBe(' 80x24]a');
    await advance(9_000);
    expect(screen()).toBe(' 80x24]abc[100x30]');
    await advance(30_000);
    expect(screen()).toBe(' 80x24]abc[100x30]de');
    expect(p.current).toMatchObject({ playing: false, atEnd: true, positionMs: 41_000 });
  });

  it('seeks from the latest keyframe before the target, fetching only the chunks after it', async () => {
    const { p, screen, loads } = player();
    await p.seek(13_000);
    expect(screen()).toBe(' 80x24]KF1:c[100x30]');
    expect(loads).toEqual([1]);
    await p.seek(41_000);
    expect(screen()).toBe(' 100x30]KF2:e');
    await p.seek(7_000);
    expect(screen()).toBe(' 80x24]ab');
    expect(p.current.lastSeekMs).toBe(0);
  });

  it('plays 8× faster at 8×, and caps idle pauses at 2 s when skipping idle time', async () => {
    const { p, advance, screen } = player();
    await p.seek(15_000);
    p.setSpeed(8);
    p.setSkipIdle(true);
    p.play();
    // 25 s of silence before "e": skipped to 2 s of recording time, a quarter second at 8×.
    await advance(idleCapMs / 8 + 100);
    expect(screen()).toContain('e');
  });

  it('jumps to the next output', async () => {
    const { p, screen } = player();
    await p.seek(5_500);
    await p.nextOutput();
    expect(p.current.positionMs).toBe(10_000);
    expect(screen()).toBe(' 80x24]KF1:c');
  });

  it('lets a later seek win over an earlier one still loading', async () => {
    const { clock } = manualClock();
    const { sink, screen } = textSink();
    const rec = recording();
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const loadChunk = async (seq: number) => {
      if (seq === 2) await slow;
      return rec.chunks[seq]!;
    };
    const p = new RecordingPlayer({ timeline: rec.timeline, loadChunk, sink, clock, onChange: () => {} });
    const first = p.seek(40_500);
    await p.seek(1_000);
    release();
    await first;
    expect(screen()).toBe(' 80x24]a');
  });

  it('shows a clock of minutes and seconds, with hours when there are any', () => {
    expect(formatClock(5_400)).toBe('0:05');
    expect(formatClock(754_000)).toBe('12:34');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});

