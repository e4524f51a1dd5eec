/**
 * The off-path half of a recorder: turns batches of events into numbered, compressed chunks with
 * their keyframes, and writes them through a sink in order, the chunks waiting at one time in one
 * transaction (one fsync on SQLite, however fast the output). What fails to write stays queued
 * and is retried (by the next batch, or a timer); the queue is bounded, dropping the oldest chunk.
 */
import type { Logger } from 'pino';
import type { RecordingEvent } from '../../protocol/index.js';
import { OutageLog } from '../store/outageLog.js';
import type { RecordingProgress } from '../store/recordings.js';
import { packEvents, packKeyframe, splitText } from './codec.js';
import { KeyframeBuilder } from './keyframes.js';
import type { RecorderLimits } from './recorder.js';

/** A chunk ready for the store; times in ms since the recording's start. */
export interface PackedChunk {
  seq: number;
  firstMs: number;
  lastMs: number;
  bytes: number;
  data: Buffer;
  keyframe: Buffer | null;
}

/** Where a recording goes (the store, through the recording service); each call is one transaction. */
export interface RecordingSink {
  create(): Promise<void>;
  /** Chunks in order, and the recording's totals after the last of them. */
  writeChunks(chunks: PackedChunk[], progress: RecordingProgress): Promise<void>;
  truncated(bytes: number, maxBytes: number): Promise<void>;
  end(endedAt: number, durationMs: number): Promise<void>;
}

export interface Batch {
  events: RecordingEvent[];
  truncated: { bytes: number; maxBytes: number } | null;
  end: { endedAt: number; durationMs: number } | null;
  /** Write what is queued now; false only packs (a burst between two interval writes). */
  write: boolean;
}

type Operation =
  | { kind: 'create' }
  | { kind: 'chunk'; chunk: PackedChunk; progress: RecordingProgress }
  | { kind: 'truncated'; bytes: number; maxBytes: number }
  | { kind: 'end'; endedAt: number; durationMs: number };

/** Chunks written in one transaction at most (a backlog after an outage goes in a few). */
const chunksPerWrite = 32;

/** What a writer counts, also handed to these (the server's /metrics) as it happens. */
export type RecordingCounters = Partial<Record<keyof ChunkWriter['stats'], { inc(by: number): void }>>;

export interface ChunkWriterOptions {
  cols: number;
  rows: number;
  sink: RecordingSink;
  logger: Logger;
  limits: RecorderLimits;
  counters?: RecordingCounters | undefined;
}

export class ChunkWriter {
  private seq = 0;
  private bytes = 0;
  private storedBytes = 0;
  private readonly queue: Operation[] = [{ kind: 'create' }];
  private queuedBytes = 0;
  private draining: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private keyframes: KeyframeBuilder | null;
  private readonly outage: OutageLog;
  readonly stats = { chunksWritten: 0, failedWrites: 0, droppedChunks: 0 };

  constructor(private readonly o: ChunkWriterOptions) {
    this.keyframes = new KeyframeBuilder({ cols: o.cols, rows: o.rows, everyMs: o.limits.keyframeMs, everyChars: o.limits.keyframeChars });
    this.outage = new OutageLog(o.logger, 'recording writes');
  }

  async write(batch: Batch): Promise<void> {
    for (const group of chunkGroups(batch.events, this.o.limits.chunkBytes)) await this.pack(group.events, group.bytes);
    if (batch.truncated) this.queue.push({ kind: 'truncated', ...batch.truncated });
    if (batch.end) {
      this.queue.push({ kind: 'end', ...batch.end });
      this.keyframes?.dispose();
      this.keyframes = null;
    }
    if (batch.write || batch.truncated || batch.end) await this.drain();
  }

  /** After the end: retries what is left a few times, then gives it up (logged). */
  async finished(): Promise<void> {
    for (let attempt = 0; this.queue.length > 0 && attempt < this.o.limits.endRetries; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, this.o.limits.retryMs * 2 ** attempt).unref());
      await this.drain();
    }
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.queue.length > 0) {
      this.o.logger.error({ unwritten: this.queue.map((op) => op.kind), stats: this.stats }, 'recording could not be written completely; giving up');
      this.queue.length = 0;
    }
  }

  private async pack(events: RecordingEvent[], bytes: number): Promise<void> {
    // The keyframe started after the previous chunk is this chunk's starting screen.
    const keyframe = this.seq === 0 ? null : await this.keyframes?.take();
    const [data, packedKeyframe] = await Promise.all([packEvents(events, bytes), keyframe ? packKeyframe(keyframe) : null]);
    await this.keyframes?.feed(events);
    const chunk: PackedChunk = { seq: this.seq, firstMs: events[0]![0], lastMs: events.at(-1)![0], bytes, data, keyframe: packedKeyframe };
    this.seq += 1;
    this.bytes += bytes;
    this.storedBytes += data.length + (packedKeyframe?.length ?? 0);
    this.queue.push({ kind: 'chunk', chunk, progress: { bytes: this.bytes, storedBytes: this.storedBytes, durationMs: chunk.lastMs, chunks: this.seq } });
    this.queuedBytes += data.length;
    this.dropOldestPastBound();
  }

  private dropOldestPastBound(): void {
    while (this.queuedBytes > this.o.limits.backlogBytes) {
      const index = this.queue.findIndex((op) => op.kind === 'chunk');
      if (index === -1) return;
      const [dropped] = this.queue.splice(index, 1) as [Extract<Operation, { kind: 'chunk' }>];
      this.queuedBytes -= dropped.chunk.data.length;
      this.count('droppedChunks', 1);
      if (this.stats.droppedChunks === 1) this.o.logger.warn({ backlogBytes: this.o.limits.backlogBytes }, 'recording backlog full while the store is down: dropping the oldest chunks');
    }
  }

  private count(stat: keyof ChunkWriter['stats'], by: number): void {
    this.stats[stat] += by;
    this.o.counters?.[stat]?.inc(by);
  }

  /** Writes the queue in order until it is empty or a write fails (then a retry is scheduled). */
  private drain(): Promise<void> {
    this.draining ??= this.drainQueue().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const ops = this.nextWrite();
      try {
        await this.perform(ops);
        this.outage.ok();
      } catch (err) {
        this.count('failedWrites', 1);
        this.outage.failed(err);
        this.scheduleRetry();
        return;
      }
      this.queue.splice(0, ops.length);
      for (const op of ops) {
        if (op.kind !== 'chunk') continue;
        this.queuedBytes -= op.chunk.data.length;
        this.count('chunksWritten', 1);
      }
    }
  }

  /** The operation at the head of the queue, or the run of chunks there (one transaction). */
  private nextWrite(): Operation[] {
    if (this.queue[0]!.kind !== 'chunk') return [this.queue[0]!];
    const end = this.queue.findIndex((op, i) => op.kind !== 'chunk' || i >= chunksPerWrite);
    return this.queue.slice(0, end === -1 ? this.queue.length : end);
  }

  private perform(ops: Operation[]): Promise<void> {
    const { sink } = this.o;
    const op = ops[0]!;
    switch (op.kind) {
      case 'create':
        return sink.create();
      case 'chunk': {
        const chunks = ops as Array<Extract<Operation, { kind: 'chunk' }>>;
        return sink.writeChunks(chunks.map((c) => c.chunk), chunks.at(-1)!.progress);
      }
      case 'truncated':
        return sink.truncated(op.bytes, op.maxBytes);
      case 'end':
        return sink.end(op.endedAt, op.durationMs);
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.drain();
    }, this.o.limits.retryMs);
    this.retryTimer.unref();
  }
}

/**
 * Events in groups of at most `maxBytes` of output; one output bigger than that is split (in
 * pieces of maxBytes/3 characters, within the bound in UTF-8) across groups.
 */
function chunkGroups(events: readonly RecordingEvent[], maxBytes: number): Array<{ events: RecordingEvent[]; bytes: number }> {
  const groups: Array<{ events: RecordingEvent[]; bytes: number }> = [];
  let current: { events: RecordingEvent[]; bytes: number } = { events: [], bytes: 0 };
  const add = (event: RecordingEvent, size: number) => {
    if (current.events.length > 0 && current.bytes + size > maxBytes) {
      groups.push(current);
      current = { events: [], bytes: 0 };
    }
    current.events.push(event);
    current.bytes += size;
  };
  for (const event of events) {
    const [ms, type, data] = event;
    const size = type === 'o' ? Buffer.byteLength(data, 'utf8') : 0;
    if (size <= maxBytes) add(event, size);
    else for (const piece of splitText(data, Math.floor(maxBytes / 3))) add([ms, 'o', piece], Buffer.byteLength(piece, 'utf8'));
  }
  if (current.events.length > 0) groups.push(current);
  return groups;
}
