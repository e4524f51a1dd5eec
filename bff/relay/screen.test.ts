/** The host's screen for late joiners (§12): a snapshot replayed into a fresh terminal is the same screen. */
import headless from '@xterm/headless';
import type { Terminal } from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TerminalScreen, type ScreenSnapshot } from './screen.js';

const terminals: Terminal[] = [];
const screens: TerminalScreen[] = [];

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.dispose();
  for (const screen of screens.splice(0)) screen.dispose();
  vi.restoreAllMocks();
});

function screen(cols: number, rows: number, scrollback = 0): TerminalScreen {
  const created = new TerminalScreen({ cols, rows, scrollback });
  screens.push(created);
  return created;
}

function terminal(cols: number, rows: number, scrollback = 0): Terminal {
  const created = new headless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
  terminals.push(created);
  return created;
}

const written = (target: Terminal, data: string) => new Promise<void>((resolve) => target.write(data, resolve));

/** Feeds the same output to a screen and to a reference terminal that stands for what viewers show. */
async function feed(target: { screen: TerminalScreen; reference: Terminal }, chunks: string[], firstSeq = 1): Promise<void> {
  chunks.forEach((chunk, index) => target.screen.write(chunk, firstSeq + index));
  for (const chunk of chunks) await written(target.reference, chunk);
}

function pair(cols: number, rows: number, scrollback = 0) {
  return { screen: screen(cols, rows, scrollback), reference: terminal(cols, rows, scrollback) };
}

async function replayed(snapshot: ScreenSnapshot, scrollback = 0, into?: Terminal): Promise<Terminal> {
  const target = into ?? terminal(snapshot.cols, snapshot.rows, scrollback);
  await written(target, snapshot.data);
  return target;
}

/** Every cell of every line of the active buffer (scrollback included), with its colours and attributes. */
function cells(source: Terminal) {
  const buffer = source.buffer.active;
  const lines = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    const row = [];
    for (let x = 0; x < source.cols; x++) {
      const cell = line.getCell(x)!;
      // The attribute getters answer bits (underline: 1 or the flag bit), so compare them as booleans.
      const style = [
        cell.getFgColorMode(), cell.getFgColor(), cell.getBgColorMode(), cell.getBgColor(),
        ...[cell.isBold(), cell.isItalic(), cell.isDim(), cell.isUnderline(), cell.isBlink(),
          cell.isInverse(), cell.isInvisible(), cell.isStrikethrough(), cell.isOverline()].map((flag) => (flag ? 1 : 0)),
      ];
      // A blank cell keeps only its background through the addon; its foreground and attributes,
      // left over from a wide character overwritten in half, show nowhere but under inverse.
      const shown = cell.getChars() || cell.getWidth() !== 1 ? style : style.slice(2, 4);
      row.push(`${JSON.stringify(cell.getChars())} w${cell.getWidth()} ${shown.join(',')}`);
    }
    // The first line's wrap flag points at a line no longer kept; nothing shows it.
    lines.push({ y, wrapped: y > 0 && line.isWrapped, row });
  }
  return lines;
}

function cursorHidden(source: Terminal): boolean {
  return (source as any)._core.coreService.isCursorHidden;
}

function state(source: Terminal) {
  const buffer = source.buffer.active;
  return {
    type: buffer.type, cursorX: buffer.cursorX, cursorY: buffer.cursorY, baseY: buffer.baseY,
    hidden: cursorHidden(source), cells: cells(source),
  };
}

/**
 * A cursor left past the right margin (pending wrap) over a blank cell, e.g. by erasing after a
 * full line, cannot be recreated by any sequence: it lands on the last column instead.
 */
function pendingWrapOverBlank(source: Terminal): boolean {
  const buffer = source.buffer.active;
  return buffer.cursorX === source.cols && buffer.getLine(buffer.baseY + buffer.cursorY)!.getCell(source.cols - 1)!.getChars() === '';
}

/**
 * The addon joins a wrapped row to the one above by letting the text wrap on its own, which needs
 * a character in the row's first cell; a blank there (the right half of a wide character written
 * over) shifts the row. Known and left alone: no prompt or full-screen program produces it.
 */
function wrappedRowStartingBlank(source: Terminal): boolean {
  const buffer = source.buffer.active;
  for (let y = 1; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    if (line.isWrapped && !line.getCell(0)!.getChars()) return true;
  }
  return false;
}

/** The snapshot replayed into a fresh terminal, then the same continuation written to both. */
async function expectSameScreen(target: { screen: TerminalScreen; reference: Terminal }, scrollback = 0, continuation = ''): Promise<Terminal> {
  const copy = await replayed(await target.screen.snapshot(), scrollback);
  if (pendingWrapOverBlank(target.reference)) {
    expect({ ...state(copy), cursorX: target.reference.cols }).toEqual(state(target.reference));
    return copy;
  }
  expect(state(copy)).toEqual(state(target.reference));
  if (continuation) {
    await written(copy, continuation);
    await written(target.reference, continuation);
    expect(state(copy)).toEqual(state(target.reference));
  }
  return copy;
}

const colourfulPrompt = '\x1b[1;32muser@router\x1b[0m:\x1b[38;5;33m~\x1b[0m$ \x1b[3;4;38;2;255;128;0;48;5;236mshow run\x1b[0m\r\n';

describe('§12 the current screen on join', () => {
  it('the serialized snapshot of a screen with colours, the alternate screen and a moved cursor, replayed into a fresh terminal, renders the same cells', async () => {
    const target = pair(40, 10);
    await feed(target, [
      colourfulPrompt, 'interface Gi0/0\r\n \x1b[7mshutdown\x1b[27m\r\n',
      // A pager: switches to the alternate screen, paints a status line, leaves the cursor mid-screen.
      '\x1b[?1049h\x1b[H\x1b[2J\x1b[44;97m top - 10:00:00 up 1 day \x1b[K\x1b[0m\r\n  PID USER\r\n\x1b[9;1H\x1b[7m--More--\x1b[0m\x1b[5;13H',
    ]);
    const copy = await expectSameScreen(target);
    expect(copy.buffer.active.type).toBe('alternate');
    expect([copy.buffer.active.cursorX, copy.buffer.active.cursorY]).toEqual([12, 4]);
  });

  it('restores the normal screen and its cursor when the program leaves the alternate screen later', async () => {
    const target = pair(30, 6);
    await feed(target, [colourfulPrompt, 'before\x1b[3;7H', '\x1b[?1049h\x1b[31malt text']);
    await expectSameScreen(target, 0, '\x1b[?1049lafter');
  });

  it('keeps the cursor visibility, scroll region, origin mode and line-drawing charset for the output that follows', async () => {
    const target = pair(20, 8);
    await feed(target, ['\x1b[?25l\x1b[2;6r\x1b[?6h\x1b[3;4Hin region\x1b(0lqqk']);
    await expectSameScreen(target, 0, 'qq\r\n\n\n\n\n\nscrolled x\x1b(B q');
  });

  it('keeps the pending wrap of a full line, wrapped lines and wrap-around off', async () => {
    const full = pair(10, 4);
    await feed(full, ['0123456789']);
    await expectSameScreen(full, 0, 'next');
    const wrapped = pair(10, 4);
    await feed(wrapped, ['a long line that wraps twice', '\r\n\x1b[?7lno wrap here at all']);
    await expectSameScreen(wrapped, 0, 'more');
  });

  it('keeps a screen cleared in a background colour, as dialog-like programs paint it', async () => {
    const target = pair(20, 6);
    await feed(target, ['\x1b[44m\x1b[2J\x1b[2;3H\x1b[47;30m Menu \x1b[44m\x1b[4;1H']);
    await expectSameScreen(target, 0, 'typed');
  });

  it('renders wide and combining Unicode characters in the same cells', async () => {
    const target = pair(12, 4);
    await feed(target, ['日本語テキスト\r\n', '😀 e\u0301 ü\r\n', 'abcdefghijk世界']);
    const copy = await expectSameScreen(target, 0, '!');
    expect(copy.buffer.active.getLine(0)!.getCell(0)!.getWidth()).toBe(2);
  });

  it('repaints over a viewer terminal that already shows something', async () => {
    const target = pair(30, 6);
    await feed(target, [colourfulPrompt, 'ok']);
    const viewer = terminal(30, 6);
    await written(viewer, 'old output\x1b[?1049h\x1b[41mstale\x1b[?25l\x1b[2;4r\x1b[?7l\x1b(0');
    await replayed(await target.screen.snapshot(), 0, viewer);
    expect(state(viewer)).toEqual(state(target.reference));
    await written(viewer, ' qq and more text past the edge');
    await written(target.reference, ' qq and more text past the edge');
    expect(state(viewer)).toEqual(state(target.reference));
  });

  it.each([0, 20])('matches a reference terminal for arbitrary output (scrollback %i)', async (scrollback) => {
    // Wrap-around off stays out: xterm.js then leaves wide characters in the last column that no
    // sequence recreates; the test above covers the mode itself.
    const piece = fc.constantFrom(
      'text ', 'wide 漢字 ', '😀', '\r\n', '\n', '\r', '\b', '\t', '\x1b[31m', '\x1b[1;4;7m', '\x1b[38;2;1;2;3m', '\x1b[48;5;200m',
      '\x1b[0m', '\x1b[K', '\x1b[2J', '\x1b[3;5H', '\x1b[A', '\x1b[10C', '\x1b[?1049h', '\x1b[?1049l', '\x1b[?25l', '\x1b[?25h',
      '\x1b[2;4r', '\x1b[r', '\x1b[?6h', '\x1b[?6l', '\x1b[4h', '\x1b[4l', '\x1b(0', '\x1b(B', '\x1b7', '\x1b8', '\x1bM', '\x1b[2L', '\x1b[3P', 'x'.repeat(17),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 8 }), async (chunks) => {
        const target = pair(16, 5, scrollback);
        await feed(target, chunks);
        fc.pre(!wrappedRowStartingBlank(target.reference));
        await expectSameScreen(target, scrollback, 'after x\r\nnext');
        for (const made of [target.screen, target.reference]) made.dispose();
      }),
      { numRuns: 100 },
    );
  });
});

describe('§12 snapshot seq and cache', () => {
  it('reports the seq of the last write folded into the snapshot', async () => {
    const target = screen(20, 4);
    expect((await target.snapshot()).seq).toBe(0);
    target.write('one', 41);
    target.write('two', 42);
    const snapshot = await target.snapshot();
    expect(snapshot.seq).toBe(42);
    expect(cells(await replayed(snapshot))[0]!.row.slice(0, 6).map((cell) => JSON.parse(cell.split(' ')[0]!)).join('')).toBe('onetwo');
  });

  it('folds into a snapshot only the writes made before it was asked for', async () => {
    const target = screen(20, 4);
    target.write('early', 1);
    const pending = target.snapshot();
    target.write(' late', 2);
    const [first, second] = await Promise.all([pending, target.snapshot()]);
    expect(first.seq).toBe(1);
    expect(state(await replayed(first)).cells[0]!.row[5]).toMatch(/^"" /);
    expect(second.seq).toBe(2);
    expect(state(await replayed(second)).cells[0]!.row[6]).toMatch(/^"l" /);
  });

  it('serialises once per state: a join storm shares one promise and gets the identical string', async () => {
    const serializeSpy = vi.spyOn(serialize.SerializeAddon.prototype, 'serialize');
    const target = screen(80, 24);
    target.write(colourfulPrompt, 1);
    const storm = Array.from({ length: 1_000 }, () => target.snapshot());
    expect(new Set(storm).size).toBe(1);
    const results = await Promise.all(storm);
    const later = await target.snapshot();
    expect(later.data).toBe(results[0]!.data);
    expect(later).toBe(results[0]);
    expect(serializeSpy).toHaveBeenCalledTimes(1);
    target.write('x', 2);
    expect((await target.snapshot()).data).not.toBe(later.data);
    expect(serializeSpy).toHaveBeenCalledTimes(2);
  });
});

describe('§12 scrollback and size', () => {
  const numbered = Array.from({ length: 30 }, (_, line) => `line ${line}\r\n`);

  it('includes the lines scrolled off the screen for the owner repaint (scrollback > 0)', async () => {
    const target = pair(20, 5, 1_000);
    await feed(target, numbered);
    const copy = await expectSameScreen(target, 1_000);
    expect(copy.buffer.active.getLine(0)!.translateToString(true)).toBe('line 0');
    expect(copy.buffer.active.length).toBe(31);
  });

  it('includes only the visible screen for viewers (scrollback 0)', async () => {
    const target = pair(20, 5, 0);
    await feed(target, numbered);
    const snapshot = await target.screen.snapshot();
    expect(snapshot.data).not.toContain('line 25');
    expect(snapshot.data).toContain('line 26');
    const copy = await replayed(snapshot, 1_000);
    expect(copy.buffer.active.length).toBe(5);
    expect(copy.buffer.active.getLine(0)!.translateToString(true)).toBe('line 26');
  });

  it('resizes after the output written before it and reports the new size', async () => {
    const target = pair(20, 5);
    await feed(target, ['a line longer than ten', '\r\nshort']);
    target.screen.resize(10, 3);
    target.reference.resize(10, 3);
    target.screen.write('\r\nafter resize', 3);
    await written(target.reference, '\r\nafter resize');
    const snapshot = await target.screen.snapshot();
    expect([snapshot.cols, snapshot.rows, snapshot.seq]).toEqual([10, 3, 3]);
    await expectSameScreen(target);
  });

  it('stops offering snapshots, without throwing at the writer, once xterm drops output', async () => {
    const target = screen(20, 5);
    target.write('kept', 1);
    vi.spyOn(headless.Terminal.prototype, 'write').mockImplementationOnce(() => {
      throw new Error('write data discarded, use flow control to avoid losing data');
    });
    expect(() => target.write('lost', 2)).not.toThrow();
    await expect(target.snapshot()).rejects.toThrow('lost output');
  });

  it('rejects an invalid size and fails snapshots once disposed', async () => {
    const target = screen(20, 5);
    expect(() => target.resize(0, 5)).toThrow(RangeError);
    target.write('x', 1);
    const pending = target.snapshot();
    target.dispose();
    await expect(pending).rejects.toThrow('disposed');
    await expect(target.snapshot()).rejects.toThrow('disposed');
  });
});
