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
 *
 * Parsing is most of a recording's cost (about 25 ms per MB of debug output, against 5 for the
 * JSON and 4 for gzip), and most of a fast stream is plain lines that scroll off before the next
 * keyframe. Those the terminal is not given: see `skippablePlainSpan`.
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

/** The least worth skipping: below it, parsing costs less than a ground-state check's extra turn. */
const minSkipChars = 16 * 1024;

const isPlain = (c: number) => c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0x7e) || c >= 0xa0;

/**
 * The span of `text` a screen of `rows` rows may leave unparsed without changing its state after
 * `text`, or null. It lies in the plain tail of `text` (printable characters, TAB, CR and LF up to
 * the end; no control that moves the cursor elsewhere, no escape sequence): from just after the
 * tail's first CR to just after the last CR that still has 2 × rows + 2 line feeds after it.
 *
 * Why the screen ends the same: both starts are just after a CR, so the cursor is in column 0
 * either way, with the pending wrap cleared; plain text changes no mode, colour, charset or tab
 * stop. Only the cursor's row and the rows' contents can differ, and with a full-screen scroll
 * region (checked by the caller, with the parser's ground state: TerminalScreen.plainTextSkippable)
 * at most rows − 1 of the line feeds that follow move the cursor down to the bottom row; the rest
 * (≥ rows) each scroll, so every row on screen at the end was scrolled in blank, in the same
 * colours, and written by the same text. Tested against a terminal fed everything.
 */
export function skippablePlainSpan(text: string, rows: number): { from: number; to: number } | null {
  if (text.length < minSkipChars) return null;
  const feedsNeeded = 2 * rows + 2;
  let feeds = 0;
  let to = -1;
  let i = text.length - 1;
  for (; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (!isPlain(c)) break;
    if (c === 10) feeds += 1;
    else if (c === 13 && to === -1 && feeds >= feedsNeeded) to = i + 1;
  }
  const from = text.indexOf('\r', i + 1) + 1;
  return to !== -1 && from > 0 && to - from >= minSkipChars ? { from, to } : null;
}

/** A turn of the event loop after xterm's own parse timer (it runs queued writes on a setTimeout). */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class KeyframeBuilder {
  private readonly screen: TerminalScreen;
  /** The rows the terminal has after the resizes written so far (its own answer lags behind the queue). */
  private rows: number;
  private lastKeyframeMs = 0;
  private charsSince = 0;
  private next: Promise<RecordingKeyframe | null> | null = null;
  private broken = false;
  private disposed = false;
  /** Output left unparsed as `skippablePlainSpan` allows (tests, stats). */
  skippedChars = 0;

  constructor(private readonly o: KeyframeOptions) {
    this.screen = new TerminalScreen({ cols: o.cols, rows: o.rows, scrollback: 0 });
    this.rows = o.rows;
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
        this.rows = rows!;
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

  /** Output of consecutive events, less what may be skipped, `sliceChars` per turn. */
  private async write(text: string): Promise<void> {
    this.charsSince += text.length;
    const skip = skippablePlainSpan(text, this.rows);
    if (skip) {
      await this.writeSlices(text.slice(0, skip.from));
      const skippable = await this.screen.plainTextSkippable();
      text = text.slice(skippable ? skip.to : skip.from);
      if (skippable) this.skippedChars += skip.to - skip.from;
    }
    await this.writeSlices(text);
  }

  private async writeSlices(text: string): Promise<void> {
    for (let start = 0; start < text.length && !this.disposed; start += sliceChars) {
      this.screen.write(text.slice(start, start + sliceChars), 0);
      await nextTurn();
    }
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
