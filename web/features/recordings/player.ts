/**
 * Plays a recording into a terminal (DESIGN.md §14). Knows no React and no DOM: the page gives
 * it a sink (the xterm terminal), a chunk loader (TanStack Query's cache) and a clock.
 * Seeking paints the latest keyframe at or before the target (the server keeps one about every
 * 10 s of output) and replays only the events after it, so a seek costs one interval of output
 * wherever it lands, not everything since the start.
 */
import type { RecordingChunk, RecordingChunkInfo, RecordingEvent, RecordingTimeline } from '../../../protocol/rest.js';

export interface PlayerSink {
  /** Starts over from a screen: `data` repaints it (a keyframe, or '' for a blank one) at the size. */
  reset(cols: number, rows: number, data: string): void;
  write(data: string): void;
  /** Resizes once everything written before is on the screen. */
  resize(cols: number, rows: number): void;
  /** Calls back once everything written so far is parsed. */
  flushed(callback: () => void): void;
}

export interface PlayerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const playbackSpeeds = [1, 2, 8] as const;
export type PlaybackSpeed = (typeof playbackSpeeds)[number];

/** "Skip idle time": a pause in the recording lasts at most this long (of recording time). */
export const idleCapMs = 2_000;
/** How often the playback clock advances while playing. */
export const tickMs = 33;

export interface PlayerState {
  positionMs: number;
  durationMs: number;
  playing: boolean;
  speed: PlaybackSpeed;
  skipIdle: boolean;
  /** Waiting for a chunk. */
  loading: boolean;
  /** The position is past the last event. */
  atEnd: boolean;
  /** How long the last seek took from the call to the screen being painted (ms). */
  lastSeekMs: number | null;
  error: string | null;
}

export interface PlayerOptions {
  timeline: RecordingTimeline;
  loadChunk: (seq: number) => Promise<RecordingChunk>;
  sink: PlayerSink;
  onChange: (state: PlayerState) => void;
  clock?: PlayerClock;
}

interface Cursor {
  /** Index into the timeline's chunks of the next event to play, and into that chunk's events. */
  chunk: number;
  event: number;
}

const browserClock: PlayerClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RecordingPlayer {
  private readonly chunks: RecordingChunkInfo[];
  private readonly loaded = new Map<number, RecordingChunk>();
  private readonly loading = new Map<number, Promise<RecordingChunk>>();
  private readonly clock: PlayerClock;
  private cursor: Cursor = { chunk: 0, event: 0 };
  private timer: unknown = null;
  private lastTick = 0;
  /** Bumped by every seek, so a slower earlier one never paints over a later one. */
  private generation = 0;
  /** The playback clock stands still while a seek loads and paints. */
  private seeking = false;
  private disposed = false;
  private state: PlayerState;

  constructor(private readonly o: PlayerOptions) {
    this.clock = o.clock ?? browserClock;
    this.chunks = [...o.timeline.chunks].sort((a, b) => a.seq - b.seq);
    const durationMs = Math.max(o.timeline.recording.duration_ms, this.chunks.at(-1)?.end_ms ?? 0);
    this.state = { positionMs: 0, durationMs, playing: false, speed: 1, skipIdle: false, loading: false, atEnd: this.chunks.length === 0, lastSeekMs: null, error: null };
  }

  get current(): PlayerState {
    return this.state;
  }

  /** Paints the start; call once the sink is ready. */
  start(): Promise<void> {
    return this.seek(0);
  }

  play(): void {
    if (this.disposed || this.state.playing) return;
    if (this.state.atEnd) {
      void this.seek(0).then(() => this.play());
      return;
    }
    this.update({ playing: true });
    this.lastTick = this.clock.now();
    if (!this.seeking) this.schedule();
  }

  pause(): void {
    this.stopTimer();
    this.update({ playing: false });
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: PlaybackSpeed): void {
    this.update({ speed });
  }

  setSkipIdle(skipIdle: boolean): void {
    this.update({ skipIdle });
  }

  /** Shows the screen as it was at `targetMs`: the latest keyframe at or before it, then the events up to it. */
  async seek(targetMs: number): Promise<void> {
    const generation = ++this.generation;
    const started = this.clock.now();
    this.stopTimer();
    this.seeking = true;
    const target = Math.min(Math.max(0, targetMs), this.state.durationMs);
    const base = this.baseFor(target);
    const last = Math.max(base, this.lastChunkStartingBy(target));
    this.update({ positionMs: target, loading: true });
    let chunks: RecordingChunk[];
    try {
      chunks = await Promise.all(this.chunks.slice(base, last + 1).map((_, i) => this.load(base + i)));
    } catch (error) {
      if (generation === this.generation) {
        this.seeking = false;
        this.update({ loading: false, error: (error as Error).message, playing: false });
      }
      return;
    }
    if (generation !== this.generation || this.disposed) return;
    this.seeking = false;
    const keyframe = chunks[0]?.keyframe;
    const { cols, rows } = keyframe ?? this.o.timeline.recording;
    this.o.sink.reset(cols ?? 80, rows ?? 24, keyframe?.data ?? '');
    this.cursor = { chunk: base, event: 0 };
    this.emitUntil(target);
    this.lastTick = this.clock.now();
    const atEnd = this.isAtEnd(target);
    this.update({ loading: false, atEnd, playing: this.state.playing && !atEnd, error: null });
    if (this.state.playing) this.schedule();
    this.o.sink.flushed(() => {
      if (generation === this.generation) this.update({ lastSeekMs: Math.round(this.clock.now() - started) });
    });
  }

  seekBy(deltaMs: number): Promise<void> {
    return this.seek(this.state.positionMs + deltaMs);
  }

  /** Jumps to the next output after the position, and shows it. */
  async nextOutput(): Promise<void> {
    for (let { chunk, event } = this.cursor; chunk < this.chunks.length; chunk++, event = 0) {
      const events = (await this.load(chunk)).events;
      const next = events.slice(event).find(([, type]) => type === 'o');
      if (next) return this.seek(Math.max(next[0], this.state.positionMs));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.generation += 1;
    this.stopTimer();
  }

  /** The chunk to start from: the last one at or before the target with a keyframe, else the first. */
  private baseFor(target: number): number {
    for (let i = this.chunks.length - 1; i > 0; i--) if (this.chunks[i]!.keyframe && this.chunks[i]!.start_ms <= target) return i;
    return 0;
  }

  private lastChunkStartingBy(target: number): number {
    let index = 0;
    for (let i = 0; i < this.chunks.length; i++) if (this.chunks[i]!.start_ms <= target) index = i;
    return index;
  }

  private load(index: number): Promise<RecordingChunk> {
    const seq = this.chunks[index]!.seq;
    const done = this.loaded.get(seq);
    if (done) return Promise.resolve(done);
    let pending = this.loading.get(seq);
    if (!pending) {
      pending = this.o.loadChunk(seq).then((chunk) => {
        this.loaded.set(seq, chunk);
        return chunk;
      });
      pending.finally(() => this.loading.delete(seq)).catch(() => {});
      this.loading.set(seq, pending);
    }
    return pending;
  }

  /** Writes every event up to `target` from the cursor on, batching output between resizes. */
  private emitUntil(target: number): boolean {
    let text = '';
    for (;;) {
      const info = this.chunks[this.cursor.chunk];
      if (!info) break;
      const chunk = this.loaded.get(info.seq);
      if (!chunk) {
        void this.load(this.cursor.chunk);
        if (text) this.o.sink.write(text);
        return false;
      }
      const event: RecordingEvent | undefined = chunk.events[this.cursor.event];
      if (!event) {
        this.cursor = { chunk: this.cursor.chunk + 1, event: 0 };
        // The next chunk is fetched while this one plays.
        if (this.chunks[this.cursor.chunk + 1]) void this.load(this.cursor.chunk + 1).catch(() => {});
        continue;
      }
      if (event[0] > target) break;
      this.cursor.event += 1;
      if (event[1] === 'o') text += event[2];
      else {
        if (text) this.o.sink.write(text);
        text = '';
        const [cols, rows] = event[2].split('x').map(Number);
        if (cols && rows) this.o.sink.resize(cols, rows);
      }
    }
    if (text) this.o.sink.write(text);
    return true;
  }

  private nextEventMs(): number | null {
    for (let { chunk, event } = this.cursor; chunk < this.chunks.length; chunk++, event = 0) {
      const loaded = this.loaded.get(this.chunks[chunk]!.seq);
      if (!loaded) return this.chunks[chunk]!.start_ms;
      if (event < loaded.events.length) return loaded.events[event]![0];
    }
    return null;
  }

  private isAtEnd(position: number): boolean {
    return this.nextEventMs() === null && position >= this.state.durationMs;
  }

  private tick(): void {
    this.timer = null;
    if (!this.state.playing || this.disposed || this.seeking) return;
    const now = this.clock.now();
    let position = this.state.positionMs + (now - this.lastTick) * this.state.speed;
    this.lastTick = now;
    const next = this.nextEventMs();
    if (this.state.skipIdle && next !== null && next - position > idleCapMs) position = next - idleCapMs;
    position = Math.min(position, this.state.durationMs);
    const complete = this.emitUntil(position);
    // A chunk still loading holds the clock where it is: playback waits instead of skipping it.
    if (!complete) return this.waitForChunk();
    const atEnd = this.isAtEnd(position);
    this.update({ positionMs: position, atEnd, playing: !atEnd, loading: false });
    if (!atEnd) this.schedule();
  }

  private waitForChunk(): void {
    this.update({ loading: true });
    const index = this.cursor.chunk;
    this.load(index).then(
      () => {
        this.lastTick = this.clock.now();
        if (this.state.playing && !this.seeking) this.schedule();
      },
      (error: Error) => this.update({ loading: false, playing: false, error: error.message }),
    );
  }

  private schedule(): void {
    this.stopTimer();
    this.timer = this.clock.setTimeout(() => this.tick(), tickMs);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private update(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    if (!this.disposed) this.o.onChange(this.state);
  }
}
