/**
 * The three kinds of bench viewer, all on one stats record (fleetProtocol.ts ViewerStats):
 * - full: a `ws` client that parses every frame (latency from the line stamps, lost lines, lost seq);
 * - count: a raw socket that walks frame headers and counts bytes;
 * - stalled: a raw socket that stops reading after the handshake and is drained only at the end.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { wallNow } from './clock.js';
import { DebugLineReader } from './debugLines.js';
import type { ViewerStats } from './fleetProtocol.js';
import type { Histogram } from './histogram.js';
import { connectRaw, FrameWalker, pongFrame } from './rawSocket.js';

export interface BenchViewer {
  readonly stats: ViewerStats;
  /** Resolves once the viewer got its first frame, was refused, or failed. */
  readonly ready: Promise<void>;
  /** Called before the report: lets a stalled viewer read what piled up. */
  drain(timeoutMs: number): Promise<void>;
  /** Zeroes the counters (seq tracking goes on, so a gap across the reset still counts). */
  reset(): void;
  close(): void;
}

export interface MeasureState {
  measuring: boolean;
  latency: Histogram;
}

function emptyStats(kind: ViewerStats['kind']): ViewerStats {
  return {
    kind, startedAt: wallNow(), openedAt: null, firstOutputAt: null, lastOutputAt: null,
    outputFrames: 0, windowFrames: 0, windowBytes: 0, outputBytes: 0, outputChars: 0, firstSeq: null, lastSeq: null,
    lostFrames: 0, lines: 0, lostLines: 0, closeCode: null, snapshotAt: null, snapshotMissing: false, failure: null,
  };
}

export function fullViewer(url: string, headers: Record<string, string>, state: MeasureState): BenchViewer {
  const stats = emptyStats('full');
  const lines = new DebugLineReader();
  const ws = new WebSocket(url, { headers, perMessageDeflate: false, skipUTF8Validation: true });
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  ws.on('open', () => (stats.openedAt = wallNow()));
  ws.on('unexpected-response', (_req, res) => {
    stats.failure = `HTTP ${res.statusCode}`;
    markReady();
  });
  ws.on('error', (err) => {
    stats.failure ??= err.message;
    markReady();
  });
  ws.on('close', (code) => {
    stats.closeCode = code;
    markReady();
  });
  ws.on('message', (raw: Buffer) => {
    const now = wallNow();
    markReady();
    const frame = JSON.parse(raw.toString('utf8'));
    if (frame.type === 'snapshot') {
      stats.snapshotAt ??= now;
      // Live output continues at the snapshot's seq + 1: a gap at the seam counts as lost frames.
      stats.lastSeq ??= frame.seq;
    }
    if (frame.type === 'status' && frame.event === 'snapshot_unavailable') stats.snapshotMissing = true;
    if (frame.type !== 'output') return;
    countOutput(stats, state, now, raw.length);
    stats.outputChars += frame.data.length;
    if (stats.lastSeq !== null && frame.seq > stats.lastSeq + 1) stats.lostFrames += frame.seq - stats.lastSeq - 1;
    stats.firstSeq ??= frame.seq;
    stats.lastSeq = frame.seq;
    lines.push(frame.data, (line) => {
      if (state.measuring) state.latency.record(now - line.stampMs);
    });
    stats.lines = lines.lines;
    stats.lostLines = lines.lostLines;
  });
  const reset = () => {
    resetStats(stats);
    lines.lines = 0;
    lines.lostLines = 0;
  };
  return { stats, ready, drain: async () => {}, reset, close: () => ws.terminate() };
}

function countOutput(stats: ViewerStats, state: MeasureState, now: number, bytes: number): void {
  stats.firstOutputAt ??= now;
  stats.lastOutputAt = now;
  stats.outputFrames += 1;
  stats.outputBytes += bytes;
  if (state.measuring) {
    stats.windowFrames += 1;
    stats.windowBytes += bytes;
  }
}

function resetStats(stats: ViewerStats): void {
  Object.assign(stats, { firstOutputAt: null, lastOutputAt: null, outputFrames: 0, windowFrames: 0, windowBytes: 0, outputBytes: 0, outputChars: 0, lostFrames: 0, lines: 0, lostLines: 0 });
}

/**
 * Counting viewers read in batches: after each read the socket pauses until the next tick of this
 * timer, so a thousand sockets cost the worker one read per socket per tick instead of one per
 * frame. The server is unaffected: its writes land in the kernel's receive buffer either way
 * (a tick holds ≤ 40 KB at 2 MB/s, far below the buffer). Their arrival times are not measured.
 */
const pausedForBatch = new Set<Socket>();
let batchTimer: NodeJS.Timeout | null = null;

export function setBatchReads(everyMs: number): void {
  if (batchTimer) clearInterval(batchTimer);
  batchTimer = null;
  if (everyMs <= 0) return;
  batchTimer = setInterval(() => {
    for (const socket of pausedForBatch) socket.resume();
    pausedForBatch.clear();
  }, everyMs);
}

const snapshotPrefix = '{"type":"snapshot"';
const snapshotMissingEvent = '"event":"snapshot_unavailable"';

/** A counting viewer, or (stalled) one that pauses its socket as soon as the handshake is done. */
export function rawViewer(url: string, headers: Record<string, string>, state: MeasureState, stalled = false): BenchViewer {
  const stats = emptyStats(stalled ? 'stalled' : 'count');
  const { socket, opened } = connectRaw(url, headers);
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let closed: () => void = () => {};
  const ended = new Promise<void>((resolve) => (closed = resolve));
  const walker = new FrameWalker({
    onOutput: (bytes) => countOutput(stats, state, wallNow(), bytes),
    onOtherText: (prefix) => {
      if (prefix.startsWith(snapshotPrefix)) stats.snapshotAt ??= wallNow();
      else if (prefix.includes(snapshotMissingEvent)) stats.snapshotMissing = true;
      markReady();
    },
    onClose: (code) => {
      stats.closeCode = code ?? 1005;
      markReady();
    },
    onPing: (payload) => {
      if (!socket.destroyed) socket.write(pongFrame(payload));
    },
  });
  socket.on('close', () => {
    if (stats.closeCode === null && stats.openedAt !== null) stats.closeCode = 1006;
    markReady();
    closed();
  });
  socket.on('error', (err) => (stats.failure ??= err.message));
  opened.then(
    (rest) => {
      stats.openedAt = wallNow();
      if (stalled) {
        // Never read again until drain(): the server's buffer for this socket can only grow.
        socket.pause();
        markReady();
      }
      socket.on('data', (chunk: Buffer) => {
        walker.push(chunk);
        if (batchTimer !== null && !stalled) {
          socket.pause();
          pausedForBatch.add(socket);
        }
      });
      walker.push(rest);
    },
    (err: Error) => {
      stats.failure = err.message;
      markReady();
    },
  );
  const drain = async (timeoutMs: number) => {
    if (!stalled || socket.destroyed) return;
    socket.resume();
    await Promise.race([ended, new Promise((r) => setTimeout(r, timeoutMs))]);
  };
  return { stats, ready, drain, reset: () => resetStats(stats), close: () => socket.destroy() };
}
