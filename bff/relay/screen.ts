/**
 * The current screen of a session, kept by the session's host (DESIGN.md §12): a headless xterm fed
 * with the same output the viewers get, serialised on demand into ANSI that repaints it, so a
 * late-joining viewer starts from what everybody else sees instead of a blank terminal. With some
 * scrollback the same class serves the owner's reconnect repaint.
 */
// Both packages ship CommonJS bundles; Node's ESM loader finds no named exports in the headless
// one, so it is imported whole (this form also survives esbuild with external packages).
import headless from '@xterm/headless';
import type { IBufferCell, IBufferLine, Terminal } from '@xterm/headless';
import serialize from '@xterm/addon-serialize';

export interface TerminalScreenOptions {
  cols: number;
  rows: number;
  /** Lines kept above the screen and included in the snapshot: 0 for viewers. */
  scrollback: number;
  /** The last output seq already folded in when the screen starts (default 0: none yet). */
  seq?: number;
}

export interface ScreenSnapshot {
  /** Starts with RIS (ESC c), so it may be written into a terminal that already shows something. */
  readonly data: string;
  readonly cols: number;
  readonly rows: number;
  /** The last output seq folded in: live output continues at `seq + 1`. */
  readonly seq: number;
}

/** RIS: clears screen, scrollback, modes, colours and charsets of the terminal it is written to. */
const resetTerminal = '\x1bc';

/**
 * The addon enters the alternate screen still in the colours it ended the normal one with (the
 * current ones), yet paints the alternate screen as if starting from the defaults: text the program
 * wrote in default colours came out in those. Resetting first also makes the colours saved by
 * ESC[?1049h the defaults, as a shell prompt usually has them when the program starts, so leaving
 * the program restores them. Cells hold no ESC, so the addon's own sequence is the only match.
 */
const enterAlternateScreen = '\x1b[?1049h\x1b[H';
const defaultColoursThenAlternateScreen = `\x1b[0m${enterAlternateScreen}`;

/**
 * Above a wrapped line whose first row was erased, the addon moves 0 columns to re-erase that row,
 * but CSI 0 C moves one, which left a stray '-' of its wrap trick behind. A move of 0 is meant as
 * none, and the addon's other moves are never 0.
 */
const zeroColumnsRight = '\x1b[0C';
const zeroColumnsLeft = '\x1b[0D';

/**
 * Display state the serialize addon leaves out. It is read from xterm internals (the addon does the
 * same for the current colours); if a future xterm renames them, the fields read as undefined and
 * the snapshot merely loses that state.
 */
interface XtermInternals {
  _core?: {
    coreService?: { isCursorHidden?: boolean };
    buffer?: { scrollTop?: number; scrollBottom?: number };
    _charsetService?: { glevel?: number; charset?: Record<string, string> };
    /** The colours and attributes the next character is printed in; the parser's state (0: ground). */
    _inputHandler?: { _curAttrData?: CellStyle; _parser?: { currentState?: number } };
  };
}

/** What both a buffer cell and xterm's current attributes answer about their style. */
interface CellStyle {
  isBold(): number; isDim(): number; isItalic(): number; isUnderline(): number; isBlink(): number;
  isInverse(): number; isInvisible(): number; isStrikethrough(): number; isOverline(): number;
  getFgColorMode(): number; getFgColor(): number; getBgColorMode(): number; getBgColor(): number;
}

export class TerminalScreen {
  private readonly terminal: Terminal;
  private readonly serializer = new serialize.SerializeAddon();
  private lastSeq: number;
  /** The snapshot of the current state, or one being produced; dropped by every write and resize. */
  private cached: Promise<ScreenSnapshot> | undefined;
  private readonly rejectOnDispose = new Set<(error: Error) => void>();
  private disposed = false;
  private fellBehind = false;

  constructor({ cols, rows, scrollback, seq = 0 }: TerminalScreenOptions) {
    // allowProposedApi: the serialize addon reads buffer APIs that are still marked proposed.
    this.terminal = new headless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
    this.terminal.loadAddon(this.serializer);
    this.lastSeq = seq;
  }

  /**
   * The hot path: xterm queues and parses in slices of its own, so this only enqueues. Output
   * arriving after dispose (a frame racing the session's end) is dropped.
   */
  write(data: string, seq: number): void {
    if (this.disposed) return;
    this.cached = undefined;
    this.lastSeq = seq;
    try {
      this.terminal.write(data);
    } catch {
      // xterm throws once 50 MB wait unparsed (an event loop starved for long). The screen has lost
      // output for good, and that must not break the session's output path: no more snapshots.
      this.fellBehind = true;
    }
  }

  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    // Checked here: inside the write callback below a throw would break xterm's write loop.
    if (!isTerminalSize(cols) || !isTerminalSize(rows)) throw new RangeError(`invalid terminal size ${cols}x${rows}`);
    this.cached = undefined;
    // Resizing at once would reflow output that is still queued at the new size; behind the queue,
    // every byte is parsed at the size it was written for.
    this.terminal.write('', () => this.terminal.resize(cols, rows));
  }

  /**
   * Whether plain text (printable characters, TAB, CR and LF) written next may be partly left out
   * (recording/keyframes.ts): true once every earlier write is parsed back to the parser's ground
   * state (no escape sequence or string left open, which plain text would continue) and the scroll
   * region is the whole screen (so a line feed on the bottom row scrolls every row). False when
   * xterm's internals read as something else: nothing is ever skipped on a guess.
   */
  plainTextSkippable(): Promise<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onDispose = () => resolve(false);
      this.rejectOnDispose.add(onDispose);
      this.terminal.write('', () => {
        this.rejectOnDispose.delete(onDispose);
        if (this.disposed) return;
        const core = (this.terminal as unknown as XtermInternals)._core;
        const ground = core?._inputHandler?._parser?.currentState === 0;
        resolve(ground && core?.buffer?.scrollTop === 0 && core.buffer.scrollBottom === this.terminal.rows - 1);
      });
    });
  }

  /** The screen after every write so far; one serialisation per state, shared by all callers. */
  snapshot(): Promise<ScreenSnapshot> {
    if (this.disposed) return Promise.reject(new Error('terminal screen disposed'));
    if (this.fellBehind) return Promise.reject(new Error('terminal screen lost output it could not parse in time'));
    this.cached ??= this.produceSnapshot();
    return this.cached;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cached = undefined;
    // A pending write callback never fires once the terminal is gone: fail its waiters instead.
    for (const reject of this.rejectOnDispose) reject(new Error('terminal screen disposed'));
    this.rejectOnDispose.clear();
    this.terminal.dispose();
  }

  private produceSnapshot(): Promise<ScreenSnapshot> {
    const seq = this.lastSeq;
    const produced = new Promise<ScreenSnapshot>((resolve, reject) => {
      this.rejectOnDispose.add(reject);
      // An empty write's callback runs once every earlier write is parsed and before any later
      // one is, so the screen serialised in it is exactly the one at `seq`.
      this.terminal.write('', () => {
        if (this.disposed) return;
        this.rejectOnDispose.delete(reject);
        try {
          const { cols, rows } = this.terminal;
          resolve(Object.freeze({ data: this.serialize(), cols, rows, seq }));
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    // A failed snapshot is not cached: the next caller tries again.
    produced.catch(() => {
      if (this.cached === produced) this.cached = undefined;
    });
    return produced;
  }

  private serialize(): string {
    // The addon writes the normal buffer (with all its scrollback), then the alternate one behind
    // ESC[?1049h when active, the current colours and the input/wrap modes.
    const screens = this.serializer.serialize()
      .replace(enterAlternateScreen, defaultColoursThenAlternateScreen)
      .replaceAll(zeroColumnsRight, '')
      .replaceAll(zeroColumnsLeft, '');
    return resetTerminal + screens + this.displayStateLeftOut();
  }

  /** Scroll region, cursor, its visibility and line-drawing charset: they shape the output to come. */
  private displayStateLeftOut(): string {
    const core = (this.terminal as unknown as XtermInternals)._core;
    const { rows, modes } = this.terminal;
    const top = core?.buffer?.scrollTop ?? 0;
    const bottom = core?.buffer?.scrollBottom ?? rows - 1;
    const hasRegion = top !== 0 || bottom !== rows - 1;
    const currentStyle = core?._inputHandler?._curAttrData;
    const background = this.trailingBackgroundRows(currentStyle);
    const region = hasRegion ? `\x1b[${top + 1};${bottom + 1}r` : '';
    const cursor = this.cursorPlacement(modes.originMode ? top : 0, currentStyle);
    // Visibility is set both ways: RIS leaves a cursor hidden by earlier output hidden in xterm.js.
    const visibility = core?.coreService?.isCursorHidden ? '\x1b[?25l' : '\x1b[?25h';
    return background + region + cursor + visibility + lineDrawingCharset(core?._charsetService);
  }

  /**
   * The addon stops after the last row with text or a colour change, so blank rows below it that
   * keep the last background colour are lost: the coloured full-screen clear of dialog-like programs
   * (ESC[44m ESC[2J) came out as one coloured row. They are erased again in their colours.
   */
  private trailingBackgroundRows(currentStyle: CellStyle | undefined): string {
    const { buffer, rows, cols, modes } = this.terminal;
    let painted = '';
    for (let y = rows - 1; y >= 0; y--) {
      const line = buffer.active.getLine(buffer.active.baseY + y);
      if (!line || !isBlank(line, cols)) break;
      painted = backgroundSegments(line, y, cols) + painted;
    }
    if (!painted) return '';
    // Rows are addressed from the top of the screen, not of the scroll region.
    const [originOff, originOn] = modes.originMode ? ['\x1b[?6l', '\x1b[?6h'] : ['', ''];
    return originOff + painted + (currentStyle ? sgrOf(currentStyle) : '\x1b[0m') + originOn;
  }

  /**
   * Placed absolutely: the addon's relative moves start one column short from a full line, and
   * DECSTBM, the origin-mode switch and the repainted rows above all move the cursor after them.
   */
  private cursorPlacement(originTop: number, currentStyle: CellStyle | undefined): string {
    const { cursorX, cursorY } = this.terminal.buffer.active;
    const row = cursorY + 1 - originTop;
    if (cursorX >= this.terminal.cols) return this.pendingWrap(row, currentStyle);
    return `\x1b[${row};${cursorX + 1}H`;
  }

  /**
   * A cursor past the right margin (the next character wraps) is only reached by printing into the
   * last column, and the addon gets there only when that cell is its last output. So the last
   * character is printed again, in its own style, over itself.
   */
  private pendingWrap(row: number, currentStyle: CellStyle | undefined): string {
    const { buffer, cols, modes } = this.terminal;
    const line = buffer.active.getLine(buffer.active.baseY + buffer.active.cursorY);
    let column = cols - 1;
    // The last column of a wide character is a placeholder: the character starts one to the left.
    if (line?.getCell(column)?.getWidth() === 0) column -= 1;
    const cell = line?.getCell(column);
    // After an erase the margin is blank, and no sequence puts a cursor past it: the last column it is.
    if (!cell?.getChars()) return `\x1b[${row};${cols}H`;
    // Insert mode (already restored by the addon) would shift the line instead of overwriting.
    const [insertOff, insertOn] = modes.insertMode ? ['\x1b[4l', '\x1b[4h'] : ['', ''];
    const restoreStyle = currentStyle ? sgrOf(currentStyle) : '\x1b[0m';
    return `\x1b[${row};${column + 1}H${insertOff}${sgrOf(cell)}${cell.getChars()}${restoreStyle}${insertOn}`;
  }
}

function isBlank(line: IBufferLine, cols: number): boolean {
  for (let x = 0; x < cols; x++) if (line.getCell(x)?.getChars()) return false;
  return true;
}

/** Erases (ECH, which paints the current background) each run of cells sharing a non-default one. */
function backgroundSegments(line: IBufferLine, y: number, cols: number): string {
  let painted = '';
  for (let start = 0; start < cols; ) {
    const first = line.getCell(start)!;
    let end = start + 1;
    while (end < cols && sameBackground(first, line.getCell(end)!)) end++;
    if (!first.isBgDefault()) painted += `\x1b[${y + 1};${start + 1}H${sgrOf(first)}\x1b[${end - start}X`;
    start = end;
  }
  return painted;
}

function sameBackground(a: IBufferCell, b: IBufferCell): boolean {
  return a.getBgColorMode() === b.getBgColorMode() && a.getBgColor() === b.getBgColor();
}

function isTerminalSize(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

/** DEC special graphics (box drawing) mid-draw: without it the next `qqq` would not be `───`. */
function lineDrawingCharset(charsets: { glevel?: number; charset?: Record<string, string> } | undefined): string {
  if (charsets?.charset?.['q'] !== '─') return '';
  // Designated where the program had it (G0, or G1 shifted in by SO), so its later SI/SO still work.
  return charsets.glevel === 1 ? '\x1b)0\x0e' : '\x1b(0';
}

const styleFlags: [keyof CellStyle, number][] = [
  ['isBold', 1], ['isDim', 2], ['isItalic', 3], ['isUnderline', 4], ['isBlink', 5],
  ['isInverse', 7], ['isInvisible', 8], ['isStrikethrough', 9], ['isOverline', 53],
];

/** xterm's colour modes, as getFgColorMode()/getBgColorMode() report them. */
const colourMode = { palette16: 0x1000000, palette256: 0x2000000, rgb: 0x3000000 } as const;

/** One SGR that sets a style from scratch (the addon's own diffing is private to it). */
function sgrOf(style: CellStyle): string {
  const codes = [0, ...styleFlags.filter(([flag]) => style[flag]()).map(([, code]) => code)];
  codes.push(...colourCodes(30, style.getFgColorMode(), style.getFgColor()));
  codes.push(...colourCodes(40, style.getBgColorMode(), style.getBgColor()));
  return `\x1b[${codes.join(';')}m`;
}

/** `base` is 30 for the foreground, 40 for the background; each colour in the mode it was set in. */
function colourCodes(base: 30 | 40, mode: number, colour: number): number[] {
  switch (mode) {
    case colourMode.palette16:
      return [colour < 8 ? base + colour : base + 60 + colour - 8];
    case colourMode.palette256:
      return [base + 8, 5, colour];
    case colourMode.rgb:
      return [base + 8, 2, (colour >>> 16) & 0xff, (colour >>> 8) & 0xff, colour & 0xff];
    default:
      return [];
  }
}
