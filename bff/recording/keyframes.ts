/**
 * Keyframes for seeking (DESIGN.md §14, the web player): a headless terminal (relay/screen.ts) is
 * fed each chunk's events as the chunk is written, off the output path, and every `everyMs` of
 * session time with output (or `everyChars` of it) its screen is serialised. That screen is the
 * one just before the next chunk's first event, so a player seeking anywhere paints the latest
 * keyframe and replays at most one interval of output.
 * The terminal parses on the event loop the sessions share, so it is fed `sliceChars` at a time,
 * each slice in a turn of its own: it never holds the loop for more than about half a
 * millisecond, even in a burst. Measured (README "Recordings"): ~50 MB/s of router output parsed
 * per core, ~1.4 ms a snapshot.
 */
import type { RecordingEvent, RecordingKeyframe } from '../../protocol/index.js';
import { TerminalScreen } from '../relay/screen.js';

export interface KeyframeOptions {
  cols: number;
  rows: number;
  everyMs: number;
  everyChars: number;
}

/** Characters parsed per event-loop turn (xterm parses ~50 MB/s: about 0.3 ms of work). */
const sliceChars = 16 * 1024;

/** A turn of the event loop after xterm's own parse timer (it runs queued writes on a setTimeout). */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class KeyframeBuilder {
  private readonly screen: TerminalScreen;
  private lastKeyframeMs = 0;
  private charsSince = 0;
  private next: Promise<RecordingKeyframe | null> | null = null;
  private broken = false;
  private disposed = false;

  constructor(private readonly o: KeyframeOptions) {
    this.screen = new TerminalScreen({ cols: o.cols, rows: o.rows, scrollback: 0 });
  }

  /**
   * Feeds the events of the chunk just packed, a slice per turn; then, when one is due, starts a
   * keyframe of the screen after them. Resolves once they are all handed to the terminal.
   */
  async feed(events: readonly RecordingEvent[]): Promise<void> {
    if (this.broken || events.length === 0) return;
    try {
      let text = '';
      for (const [, type, data] of events) {
        if (type === 'o') {
          text += data;
          continue;
        }
        await this.write(text);
        text = '';
        const [cols, rows] = data.split('x').map(Number);
        this.screen.resize(cols!, rows!);
      }
      await this.write(text);
    } catch {
      // A size the terminal refuses: keyframes stop (playback replays from earlier ones), recording goes on.
      this.broken = true;
      return;
    }
    if (this.disposed) return;
    const lastMs = events.at(-1)![0];
    if (this.charsSince === 0 || (lastMs - this.lastKeyframeMs < this.o.everyMs && this.charsSince < this.o.everyChars)) return;
    this.lastKeyframeMs = lastMs;
    this.charsSince = 0;
    // Asked for now, before any later write: the snapshot is exactly the screen after these events.
    this.next = this.screen.snapshot().then(
      (shot) => ({ data: shot.data, cols: shot.cols, rows: shot.rows }),
      () => null,
    );
  }

  /** Output of consecutive events, `sliceChars` per turn. */
  private async write(text: string): Promise<void> {
    for (let start = 0; start < text.length && !this.disposed; start += sliceChars) {
      this.screen.write(text.slice(start, start + sliceChars), 0);
      await nextTurn();
    }
    this.charsSince += text.length;
  }

  /** The keyframe started for the next chunk, if any (null when none is due or it failed). */
  take(): Promise<RecordingKeyframe | null> {
    const next = this.next ?? Promise.resolve(null);
    this.next = null;
    return next;
  }

  dispose(): void {
    this.disposed = true;
    this.screen.dispose();
  }
}
