/**
 * Keyframes for seeking (DESIGN.md §14, the web player): a headless terminal (relay/screen.ts) is
 * fed each chunk's events as the chunk is written, off the output path and in one write per
 * chunk, and every `everyMs` of session time with output (or `everyChars` of it) its screen is
 * serialised. That screen is the one just before the next chunk's first event, so a player
 * seeking anywhere paints the latest keyframe and replays at most one interval of output.
 * Measured (README "Recordings"): ~50 MB/s of router output parsed per core, ~1.4 ms a snapshot.
 */
import type { RecordingEvent, RecordingKeyframe } from '../../protocol/index.js';
import { TerminalScreen } from '../relay/screen.js';

export interface KeyframeOptions {
  cols: number;
  rows: number;
  everyMs: number;
  everyChars: number;
}

export class KeyframeBuilder {
  private readonly screen: TerminalScreen;
  private lastKeyframeMs = 0;
  private charsSince = 0;
  private next: Promise<RecordingKeyframe | null> | null = null;
  private broken = false;

  constructor(private readonly o: KeyframeOptions) {
    this.screen = new TerminalScreen({ cols: o.cols, rows: o.rows, scrollback: 0 });
  }

  /** Feeds the events of the chunk just written; then, when one is due, starts a keyframe of the screen after them. */
  feed(events: readonly RecordingEvent[]): void {
    if (this.broken || events.length === 0) return;
    let text = '';
    try {
      for (const [, type, data] of events) {
        if (type === 'o') {
          text += data;
          continue;
        }
        if (text) this.screen.write(text, 0);
        text = '';
        const [cols, rows] = data.split('x').map(Number);
        this.screen.resize(cols!, rows!);
      }
      if (text) this.screen.write(text, 0);
    } catch {
      // A size the terminal refuses: keyframes stop (playback replays from earlier ones), recording goes on.
      this.broken = true;
      return;
    }
    this.charsSince += events.reduce((sum, [, type, data]) => sum + (type === 'o' ? data.length : 0), 0);
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

  /** The keyframe started for the next chunk, if any (null when none is due or it failed). */
  take(): Promise<RecordingKeyframe | null> {
    const next = this.next ?? Promise.resolve(null);
    this.next = null;
    return next;
  }

  dispose(): void {
    this.screen.dispose();
  }
}
