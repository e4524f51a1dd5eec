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
 * Parsing is most of a recording's cost (20–25 ms per MB of debug output, against 5 for the
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

/** Anything but printable characters, TAB, CR and LF (C0 and C1 controls, ESC, DEL). */
const notPlain = /[^\t\n\r\x20-\x7e\xa0-\uffff]/g;
/** The backward scan for the last control looks at this much text per regex pass. */
const scanBlockChars = 16 * 1024;

/**
 * Consecutive output pieces read as one text without joining them: a chunk's output is about a
 * megabyte, and joining (or flattening) it for scans that look at a few kilobytes cost more than
 * the scans. Positions are offsets into the whole text.
 */
export class OutputRun {
  private readonly starts: number[] = [];
  readonly length: number;

  constructor(readonly pieces: readonly string[]) {
    let at = 0;
    for (const piece of pieces) {
      this.starts.push(at);
      at += piece.length;
    }
    this.length = at;
  }

  /** The last `char` at or before `from`, or -1. */
  lastIndexOf(char: string, from: number): number {
    for (let i = this.pieceAt(from); i >= 0; i--) {
      const found = this.pieces[i]!.lastIndexOf(char, from - this.starts[i]!);
      if (found >= 0) return this.starts[i]! + found;
    }
    return -1;
  }

  /** The first `char` at or after `from`, or -1. */
  indexOf(char: string, from: number): number {
    for (let i = Math.max(0, this.pieceAt(from)); i < this.pieces.length; i++) {
      const found = this.pieces[i]!.indexOf(char, Math.max(0, from - this.starts[i]!));
      if (found >= 0) return this.starts[i]! + found;
    }
    return -1;
  }

  /** Where the plain tail starts: just after the last control character (0 if there is none). */
  plainTailStart(): number {
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      const piece = this.pieces[i]!;
      for (let end = piece.length; end > 0; end -= scanBlockChars) {
        const start = Math.max(0, end - scanBlockChars);
        const block = start === 0 && end === piece.length ? piece : piece.slice(start, end);
        let last = -1;
        notPlain.lastIndex = 0;
        for (let match = notPlain.exec(block); match !== null; match = notPlain.exec(block)) last = match.index;
        if (last >= 0) return this.starts[i]! + start + last + 1;
      }
    }
    return 0;
  }

  /** The text from `from` to `to`, as pieces (sliced, never joined). */
  slice(from: number, to = this.length): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, this.pieceAt(from)); i < this.pieces.length && this.starts[i]! < to; i++) {
      const piece = this.pieces[i]!;
      const a = Math.max(0, from - this.starts[i]!);
      const b = Math.min(piece.length, to - this.starts[i]!);
      if (b > a) out.push(a === 0 && b === piece.length ? piece : piece.slice(a, b));
    }
    return out;
  }

  /** The index of the piece holding position `at` (-1 before the start). */
  private pieceAt(at: number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    if (hi < 0 || at < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * The span of `run` a screen of `rows` rows may leave unparsed without changing its state after
 * `run`, or null. It lies in the plain tail of `run` (printable characters, TAB, CR and LF up to
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
export function skippablePlainSpan(run: OutputRun, rows: number): { from: number; to: number } | null {
  if (run.length < minSkipChars) return null;
  let feed = run.length;
  for (let n = 0; n < 2 * rows + 2; n++) {
    feed = feed > 0 ? run.lastIndexOf('\n', feed - 1) : -1;
    if (feed < 0) return null;
  }
  const to = run.lastIndexOf('\r', feed) + 1;
  if (to < minSkipChars) return null;
  const from = run.indexOf('\r', run.plainTailStart()) + 1;
  return from > 0 && to - from >= minSkipChars ? { from, to } : null;
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
      let run: string[] = [];
      for (const [, type, data] of events) {
        if (type === 'o') {
          run.push(data);
          continue;
        }
        await this.write(new OutputRun(run));
        run = [];
        const [cols, rows] = data.split('x').map(Number);
        this.screen.resize(cols!, rows!);
        this.rows = rows!;
      }
      await this.write(new OutputRun(run));
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
  private async write(run: OutputRun): Promise<void> {
    this.charsSince += run.length;
    const skip = skippablePlainSpan(run, this.rows);
    if (!skip) return this.writeSlices(run.pieces);
    await this.writeSlices(run.slice(0, skip.from));
    const skippable = await this.screen.plainTextSkippable();
    if (skippable) this.skippedChars += skip.to - skip.from;
    await this.writeSlices(run.slice(skippable ? skip.to : skip.from));
  }

  /** Hands the pieces to the terminal, about `sliceChars` per event-loop turn. */
  private async writeSlices(pieces: readonly string[]): Promise<void> {
    let inTurn = 0;
    for (const text of pieces) {
      for (let start = 0; start < text.length && !this.disposed; ) {
        const end = Math.min(text.length, start + sliceChars - inTurn);
        this.screen.write(start === 0 && end === text.length ? text : text.slice(start, end), 0);
        inTurn += end - start;
        start = end;
        if (inTurn >= sliceChars) {
          inTurn = 0;
          await nextTurn();
        }
      }
    }
    if (inTurn > 0) await nextTurn();
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
