/**
 * A session's recorder (DESIGN.md §14). The live path only appends events to an array
 * (`output`, `resize`: no I/O, no throw). Once `flushBytes` wait (a burst), they become chunks
 * (at most `chunkBytes` of output each, compressed in the thread pool) at once, so little output
 * is held as strings; `flushMs` after the first unwritten event, whatever waits is packed and all
 * the chunks are written by the ChunkWriter in one transaction: at most one durable commit per
 * interval, however fast the output. A crash loses at most the events of the last interval. A
 * store outage leaves chunks queued (up to `backlogBytes`, oldest dropped past it, counted) and
 * retried; it never reaches the session.
 */
import type { Logger } from 'pino';
import type { RecordingEvent } from '../../protocol/index.js';
import { utf8Prefix } from './codec.js';
import { ChunkWriter, type RecordingCounters, type RecordingSink } from './chunkWriter.js';
import type { SessionRecorder } from './types.js';

export interface RecorderLimits {
  /** Output recorded at most (uncompressed UTF-8 bytes, NS_RECORDING_MAX_BYTES). */
  maxBytes: number;
  flushMs: number;
  flushBytes: number;
  chunkBytes: number;
  keyframeMs: number;
  keyframeChars: number;
  backlogBytes: number;
  retryMs: number;
  /** Retries of what is still unwritten once the session has ended, before it is given up. */
  endRetries: number;
}

export const defaultRecorderLimits: RecorderLimits = {
  maxBytes: 64 * 1024 * 1024,
  flushMs: 2_000,
  // Packs in a burst only: the interval's flush writes all that waits in one transaction.
  flushBytes: 1024 * 1024,
  chunkBytes: 256 * 1024,
  keyframeMs: 10_000,
  keyframeChars: 4 * 1024 * 1024,
  backlogBytes: 16 * 1024 * 1024,
  retryMs: 2_000,
  endRetries: 5,
};

export interface RecorderOptions {
  startedAt: number;
  cols: number;
  rows: number;
  sink: RecordingSink;
  logger: Logger;
  limits?: Partial<RecorderLimits>;
  /** The server's recording counters (/metrics). */
  counters?: RecordingCounters | undefined;
  /** Called once the recording is ended and written (or what could not be written was given up). */
  onSettled?: () => void;
}

export class StoreRecorder implements SessionRecorder {
  private pending: RecordingEvent[] = [];
  private pendingBytes = 0;
  private totalBytes = 0;
  private lastMs = 0;
  /** Truncated or ended: later events are not recorded. */
  private stopped = false;
  private ended = false;
  private truncatedNow = false;
  /** Writes everything unwritten, `flushMs` after the first unwritten event (or at once: truncation). */
  private writeTimer: NodeJS.Timeout | null = null;
  /** Packs what waits once `flushBytes` do, on the next turn. */
  private packTimer: NodeJS.Timeout | null = null;
  private work: Promise<void> = Promise.resolve();
  private readonly limits: RecorderLimits;
  private readonly writer: ChunkWriter;
  /** Events that could not be taken (an exception on the live path): counted, never thrown. */
  droppedEvents = 0;

  constructor(private readonly o: RecorderOptions) {
    this.limits = { ...defaultRecorderLimits, ...o.limits };
    this.writer = new ChunkWriter({ ...o, limits: this.limits });
    // The recording exists (listed, playable) from the session's start, not from its first flush.
    this.work = this.writer.write({ events: [], truncated: null, end: null, write: true }).catch((err) => o.logger.error({ err }, 'recording writer failed'));
  }

  /** Counters of the writer: chunks written, failed writes, chunks dropped. */
  get stats() {
    return { ...this.writer.stats, droppedEvents: this.droppedEvents, bytes: this.totalBytes };
  }

  output(data: string, atMs: number): void {
    if (this.stopped || data === '') return;
    try {
      const size = Buffer.byteLength(data, 'utf8');
      if (this.totalBytes + size > this.limits.maxBytes) this.truncate(data, atMs);
      else this.push([this.offset(atMs), 'o', data], size);
    } catch {
      this.droppedEvents += 1;
    }
  }

  resize(cols: number, rows: number, atMs: number): void {
    if (this.stopped) return;
    try {
      this.push([this.offset(atMs), 'r', `${cols}x${rows}`], 0);
    } catch {
      this.droppedEvents += 1;
    }
  }

  end(atMs: number): void {
    if (this.ended) return;
    this.ended = true;
    this.stopped = true;
    try {
      this.offset(atMs);
      this.flush(atMs, true);
    } catch {
      this.droppedEvents += 1;
    }
  }

  /** Resolves once everything handed to the writer so far is written or given up (shutdown, tests). */
  settled(): Promise<void> {
    return this.work;
  }

  /** Milliseconds since the start, never going back (the wall clock may step). */
  private offset(atMs: number): number {
    this.lastMs = Math.max(this.lastMs, Math.round(atMs - this.o.startedAt));
    return this.lastMs;
  }

  private push(event: RecordingEvent, size: number): void {
    this.pending.push(event);
    this.pendingBytes += size;
    this.totalBytes += size;
    // Never pushed back by later output, or a steady stream would starve the write.
    this.writeTimer ??= this.timeout(() => this.flush(null, true), this.limits.flushMs);
    if (this.pendingBytes >= this.limits.flushBytes) this.packTimer ??= this.timeout(() => this.flush(null, false), 0);
  }

  private timeout(fn: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  }

  /** Past the cap: what still fits goes in, then recording stops (audited as recording.truncated). */
  private truncate(data: string, atMs: number): void {
    const fits = utf8Prefix(data, this.limits.maxBytes - this.totalBytes);
    if (fits) this.push([this.offset(atMs), 'o', fits], Buffer.byteLength(fits, 'utf8'));
    this.stopped = true;
    this.truncatedNow = true;
    if (this.writeTimer !== null) clearTimeout(this.writeTimer);
    this.writeTimer = this.timeout(() => this.flush(null, true), 0);
  }

  /** Packs what waits into chunks; with `write`, also writes every chunk not written yet. */
  private flush(endedAt: number | null, write: boolean): void {
    if (this.packTimer !== null) clearTimeout(this.packTimer);
    this.packTimer = null;
    if (write) {
      if (this.writeTimer !== null) clearTimeout(this.writeTimer);
      this.writeTimer = null;
    }
    const batch = {
      events: this.pending,
      truncated: this.truncatedNow ? { bytes: this.totalBytes, maxBytes: this.limits.maxBytes } : null,
      end: endedAt === null ? null : { endedAt, durationMs: this.lastMs },
      write,
    };
    this.pending = [];
    this.pendingBytes = 0;
    this.truncatedNow = false;
    this.work = this.work.then(() => this.writer.write(batch)).catch((err) => this.o.logger.error({ err }, 'recording writer failed'));
    if (endedAt !== null) this.work = this.work.then(() => this.writer.finished()).finally(() => this.o.onSettled?.());
  }
}
