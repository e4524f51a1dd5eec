import type { IDisposable, Terminal } from '@xterm/xterm';

/**
 * How the viewer shows an owner's terminal (cols × rows fixed by the owner) that is larger than
 * the viewer's window: `fit` scales the font, but never below MIN_READABLE_FONT_SIZE (past that
 * the rest scrolls); `actual` keeps the owner's font size and scrolls.
 */
export type ViewerSizing = 'fit' | 'actual';

/** Below this text stops being readable on a laptop screen (issue 11: "about 11 px"). */
export const MIN_READABLE_FONT_SIZE = 11;
/** Fit also scales a small owner terminal up (a NOC wall screen), but not without limit. */
export const MAX_FIT_FONT_SIZE = 28;
/** Font sizes step in half pixels: finer steps change the cell width by less than a pixel. */
const FONT_STEP = 0.5;
/** Cell widths round to device pixels, so an estimate may overshoot; a few passes correct it. */
const MAX_CORRECTIONS = 4;

export interface Size {
  width: number;
  height: number;
}

/** What the viewer sees of the owner's terminal after sizing, for the banner. */
export interface ViewerLayout {
  sizing: ViewerSizing;
  fontSize: number;
  cols: number;
  rows: number;
  /** Columns the window shows without scrolling sideways, at the current font size. */
  visibleCols: number;
  /** Columns the window would show at the owner's font size ("actual size"). */
  visibleColsAtActualSize: number;
}

/**
 * The font size for `sizing`, from the screen's measured size at `fontSize`. Pure, so the rule
 * is tested without a browser: text size is close to proportional to the font size.
 */
export function chooseFontSize(sizing: ViewerSizing, available: Size, screen: Size, fontSize: number, actualFontSize: number): number {
  if (sizing === 'actual') return actualFontSize;
  if (screen.width <= 0 || screen.height <= 0) return fontSize;
  const ratio = Math.min(available.width / screen.width, available.height / screen.height);
  const wanted = Math.floor((fontSize * ratio) / FONT_STEP) * FONT_STEP;
  return clamp(wanted, MIN_READABLE_FONT_SIZE, MAX_FIT_FONT_SIZE);
}

/** Columns of `cols` that fit `availableWidth` when the screen is `screenWidth` px wide. */
export function visibleColumns(cols: number, availableWidth: number, screenWidth: number): number {
  if (screenWidth <= 0 || cols <= 0) return cols;
  return Math.min(cols, Math.floor(availableWidth / (screenWidth / cols)));
}

function measure(terminal: Terminal): Size | null {
  const screen = terminal.element?.querySelector<HTMLElement>('.xterm-screen');
  if (!screen || screen.offsetWidth === 0 || screen.offsetHeight === 0) return null;
  return { width: screen.offsetWidth, height: screen.offsetHeight };
}

function available(container: HTMLElement): Size {
  return { width: container.clientWidth, height: container.clientHeight };
}

/**
 * Sizes a terminal of fixed cols/rows (the owner's) for its container by its font size only: no
 * CSS transform, so text is never drawn smaller than the floor. What does not fit scrolls inside
 * the container (it must have `overflow: auto`). Calls `onLayout` once the renderer has settled.
 * Returns a function that cancels passes still pending.
 */
export function scaleTerminalToFit(
  terminal: Terminal,
  container: HTMLElement,
  sizing: ViewerSizing,
  actualFontSize: number,
  onLayout: (layout: ViewerLayout) => void,
): () => void {
  let frame: number | null = null;
  const report = (screen: Size) => {
    const fontSize = terminal.options.fontSize ?? actualFontSize;
    const width = available(container).width;
    onLayout({
      sizing,
      fontSize,
      cols: terminal.cols,
      rows: terminal.rows,
      visibleCols: visibleColumns(terminal.cols, width, screen.width),
      visibleColsAtActualSize: visibleColumns(terminal.cols, width, (screen.width * actualFontSize) / fontSize),
    });
  };
  // The renderer re-measures its cells on the next frame after a font change; check it then.
  const pass = (corrections: number) => {
    frame = null;
    const screen = measure(terminal);
    if (!screen || !container.isConnected) return;
    const current = terminal.options.fontSize ?? actualFontSize;
    let wanted = chooseFontSize(sizing, available(container), screen, current, actualFontSize);
    // After the first estimate only shrink, so rounding cannot make two sizes take turns.
    if (corrections > 0) wanted = Math.min(wanted, current);
    if (wanted !== current && corrections < MAX_CORRECTIONS) {
      terminal.options.fontSize = wanted;
      frame = requestAnimationFrame(() => pass(corrections + 1));
      return;
    }
    report(screen);
  };
  pass(0);
  return () => {
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
  };
}

/**
 * When the owner's screen is taller than the window, keeps the cursor's row (where new output
 * appears) in view as output arrives, the way a terminal does, until the viewer scrolls away from
 * it; scrolling back to it follows again. Vertical only: following the cursor sideways would
 * yank a viewer reading the right half of a wide table back to column 0 on every line.
 */
export function followCursor(terminal: Terminal, container: HTMLElement): IDisposable & { reveal: () => void } {
  let frame: number | null = null;
  let following = true;
  const cursorRow = (): { top: number; height: number } | null => {
    const screen = measure(terminal);
    if (!screen || terminal.rows === 0) return null;
    const height = screen.height / terminal.rows;
    return { top: terminal.buffer.active.cursorY * height, height };
  };
  const cursorVisible = () => {
    const row = cursorRow();
    return !row || (row.top >= container.scrollTop - 1 && row.top + row.height <= container.scrollTop + container.clientHeight + 1);
  };
  const reveal = () => {
    frame = null;
    const row = cursorRow();
    if (!following || !row || !container.isConnected) return;
    if (row.top + row.height > container.scrollTop + container.clientHeight) container.scrollTop = row.top + row.height - container.clientHeight;
    else if (row.top < container.scrollTop) container.scrollTop = row.top;
  };
  // Our own scrolling leaves the cursor visible, so only the viewer's scrolling stops the follow.
  const onScroll = () => {
    following = cursorVisible();
  };
  container.addEventListener('scroll', onScroll, { passive: true });
  const written = terminal.onWriteParsed(() => {
    frame ??= requestAnimationFrame(reveal);
  });
  return {
    reveal: () => {
      frame ??= requestAnimationFrame(reveal);
    },
    dispose: () => {
      written.dispose();
      container.removeEventListener('scroll', onScroll);
      if (frame !== null) cancelAnimationFrame(frame);
    },
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
